// Bundles the command line and the build worker into dist/ (over tsc's per-file output of the
// same two entry points), so that `oasgen` starts by loading a few files instead of hundreds of
// modules: start-up is most of what `oasgen check` costs. The renderers stay lazily loaded
// chunks. Packages that find their own files next to themselves (piscina's worker) or are large
// and loaded late (docx) stay external.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { build } from 'esbuild'
import { BLOBS, writeLauncher } from './launcher.mjs'

/**
 * yargs renders the help text of the command being run on every run (to show it should the
 * handler fail), through cliui and wrap-ansi, which measure every cell and, when wrapping, every
 * character. They would do it with string-width 7 (an `Intl.Segmenter` pass and a fresh emoji
 * regular expression each time), and yargs with string-width 8, which also builds an
 * `Intl.Segmenter` as it loads (ICU's break iterator: a twentieth of what `check` costs).
 * Every copy of string-width is given one stand-in: printable ASCII, all our help is, measures
 * its length, as string-width 8 says itself; anything else goes to string-width 8, loaded on
 * first use.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(build) {
    const real = createRequire(createRequire(import.meta.url).resolve('yargs')).resolve('string-width')
    build.onResolve({ filter: /^string-width$/ }, ({ importer }) =>
      /[\\/]node_modules[\\/](yargs|cliui|wrap-ansi)[\\/]/.test(importer) ? { path: 'string-width', namespace: 'lazy-string-width' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, () => ({
      resolveDir: dirname(real),
      contents: [
        'let real',
        'export default function stringWidth(string, options) {',
        '  if (typeof string === "string" && /^[\\u0020-\\u007E]*$/.test(string)) return string.length',
        `  real ??= require(${JSON.stringify(real)}).default`,
        '  return real(string, options)',
        '}',
      ].join('\n'),
    }))
  },
}

/**
 * pdfkit and fontkit are bundled into the PDF renderer's chunk, so that two of their
 * dependencies that oasgen never runs are not loaded with them:
 * - brotli, which fontkit imports to read WOFF2 fonts (oasgen reads TrueType files only), and
 *   which, as it loads, decompresses its own 120 KB dictionary in JavaScript: about 0.3 G
 *   instructions, a quarter of what loading the PDF renderer cost;
 * - linebreak, pdfkit's own line breaking for its text() (oasgen sets its lines itself and
 *   draws glyphs), which inflates a Unicode trie as it loads;
 * - @noble/ciphers' AES, pdfkit's encryption (oasgen never encrypts: PDF/A forbids it), which
 *   fills its lookup tables (two of 65,536 entries) in JavaScript as it loads.
 * Each is replaced by a stand-in that throws, saying so, should it ever be called. pdfkit finds
 * its data files (the sRGB profile PDF/A needs, the standard fonts) next to its own module
 * through `import.meta.url`, which is pointed back at pdfkit's folder in node_modules.
 */
const PDFKIT_FILE = /[\\/]node_modules[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/
const unusedByOasgen = {
  name: 'unused-by-oasgen',
  setup(build) {
    const stub = (what) => `export default function unused() { throw new Error(${JSON.stringify(`${what} is not part of oasgen's bundle (scripts/bundle.mjs)`)}) }`
    build.onResolve({ filter: /^brotli\/decompress\.js$/ }, () => ({ path: 'brotli', namespace: 'unused-by-oasgen' }))
    build.onResolve({ filter: /^linebreak$/ }, ({ importer }) => (PDFKIT_FILE.test(importer) ? { path: 'linebreak', namespace: 'unused-by-oasgen' } : undefined))
    build.onLoad({ filter: /^brotli$/, namespace: 'unused-by-oasgen' }, () => ({ contents: stub('WOFF2 (brotli) decompression') }))
    build.onLoad({ filter: /^linebreak$/, namespace: 'unused-by-oasgen' }, () => ({ contents: stub("pdfkit's line breaking") }))
    build.onResolve({ filter: /^@noble\/ciphers\/aes$/ }, ({ importer }) => (PDFKIT_FILE.test(importer) ? { path: 'aes', namespace: 'unused-by-oasgen' } : undefined))
    build.onLoad({ filter: /^aes$/, namespace: 'unused-by-oasgen' }, () => ({
      contents: ['cbc', 'ecb'].map((name) => stub(`PDF encryption (AES ${name})`).replace('export default function unused', `export function ${name}`)).join('\n'),
    }))
    build.onLoad({ filter: PDFKIT_FILE }, ({ path }) => {
      const source = readFileSync(path, 'utf8')
      const uses = source.split('import.meta.url').length - 1
      if (uses !== 2) throw new Error(`pdfkit uses import.meta.url ${uses} times, not the 2 scripts/bundle.mjs knows: check where it finds its files`)
      const own = [
        "import { createRequire as __pdfkitRequire } from 'node:module';",
        "import { pathToFileURL as __pdfkitFileUrl } from 'node:url';",
        // pdfkit's main file (js/pdfkit.js) sits beside this one, in the folder of its data.
        "const __pdfkitUrl = __pdfkitFileUrl(__pdfkitRequire(import.meta.url).resolve('pdfkit')).href;",
      ].join(' ')
      return { contents: `${own}\n${source.replaceAll('import.meta.url', '__pdfkitUrl')}`, loader: 'js', resolveDir: dirname(path) }
    })
  },
}

/**
 * fontkit and unicode-properties build four Unicode tries as they load (unicode-properties'
 * script and category data; the Arabic, Indic and Universal shapers' classes), each inflated in
 * JavaScript: a twentieth of a one-draft PDF build, for data that fontkit reads only when it
 * shapes a word itself, which most documents never ask of it (the renderer shapes words of
 * simple characters from its own table: src/render/pdf/fonts.ts). Each trie is built on its
 * first `get` instead (the only method those modules call on them); the build fails when the
 * constructions are not the four it knows.
 */
const TRIE_FILES = /[\\/]node_modules[\\/](fontkit|unicode-properties)[\\/]dist[\\/]module\.mjs$/
const TRIE = /new \(0, (\$\w+\$unicodetrie)\)\((\(0, [$\w]+\)(?:\.toByteArray)?\("[A-Za-z0-9+/=]*"\))\)/g
const TRIES = { fontkit: 3, 'unicode-properties': 1 }
const lazyTries = {
  name: 'lazy-tries',
  setup(build) {
    build.onLoad({ filter: TRIE_FILES }, ({ path }) => {
      const pkg = TRIE_FILES.exec(path)[1]
      const source = readFileSync(path, 'utf8')
      let count = 0
      const contents = source.replace(TRIE, (_, trie, data) => {
        count++
        return `__oasgenLazyTrie(() => new (0, ${trie})(${data}))`
      })
      if (count !== TRIES[pkg]) throw new Error(`${pkg} builds ${count} Unicode tries as it loads, not the ${TRIES[pkg]} scripts/bundle.mjs knows`)
      // A function declaration: defined before the module's first statement runs.
      const lazy = 'function __oasgenLazyTrie(make) { let trie; return { get: (codePoint) => (trie ??= make()).get(codePoint) } }'
      return { contents: `${lazy}\n${contents}`, loader: 'js', resolveDir: dirname(path) }
    })
  },
}

rmSync('dist/chunks', { recursive: true, force: true })

await build({
  entryPoints: { 'cli/main': 'src/cli/main.ts', 'cli/process': 'src/cli/process.ts', 'batch/worker': 'src/batch/worker.ts', 'batch/parse-ahead-worker': 'src/batch/parse-ahead-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['docx', 'piscina', 'chokidar', '@expo-google-fonts/tinos'],
  // Bundled CommonJS code may call require or read __filename and __dirname, which ES modules
  // lack: every chunk gets its own, and free uses of the two names are pointed at them.
  banner: {
    js: [
      "import { createRequire as __oasgenRequire } from 'node:module';",
      "import { fileURLToPath as __oasgenPath } from 'node:url';",
      "import { dirname as __oasgenDir } from 'node:path';",
      'const require = __oasgenRequire(import.meta.url);',
      'const __oasgenFilename = __oasgenPath(import.meta.url);',
      'const __oasgenDirname = __oasgenDir(__oasgenFilename);',
    ].join(' '),
  },
  define: { __filename: '__oasgenFilename', __dirname: '__oasgenDirname' },
  plugins: [lazyStringWidth, unusedByOasgen, lazyTries],
  logLevel: 'warning',
  legalComments: 'none',
})

/**
 * What piscina's worker threads load (src/batch/run.ts): a CommonJS file that imports the bundled
 * worker. piscina loads its file with require() first, and Node 20's require() of an ES module
 * races with an import() under way in the same thread (a worker takes two drafts at once, and
 * each imports its renderer's chunks): now and then the process aborted with "FATAL ERROR:
 * v8::Module::IsGraphAsync must be used on an instantiated module" (1 in ~440 builds with
 * --jobs 2). import() of one module from two tasks at once is safe.
 */
writeFileSync(
  'dist/batch/worker.cjs',
  [
    '// Written by scripts/bundle.mjs: the worker threads load the bundled worker with import(), never require().',
    "'use strict'",
    'let build',
    "module.exports = async (task) => (build ??= (await import('./worker.js')).default)(task)",
    '',
  ].join('\n'),
)

// The shipped templates' YAML, read now rather than by every process that loads a template
// (src/layout/ahead.ts), from tsc's output of the same code.
const { shippedReadAhead } = await import(new URL('../dist/layout/load.js', import.meta.url).href)
const { READ_AHEAD_FILE } = await import(new URL('../dist/layout/ahead.js', import.meta.url).href)
writeFileSync(READ_AHEAD_FILE, JSON.stringify(shippedReadAhead()))

/**
 * The start-up snapshot (docs/decisions.md, "Start-up snapshot"): the whole command line as one
 * CommonJS file, run by `node --build-snapshot` once for each blob (dist/snapshot/start.blob and
 * build.blob: src/cli/snapshot.ts says what each holds), which a later start deserialises
 * instead of loading and initialising the modules (bin/oasgen.js, written last by
 * scripts/launcher.mjs, says when). What a snapshot cannot hold is loaded at run time: piscina (its worker
 * threads) and chokidar (`--watch`), required from node_modules when first used. Beside the
 * blob, two links say what it was made for: `node` (the node binary that made it) and `root`
 * (this copy of oasgen, whose paths are in it). Windows has no blob: bin/oasgen.js starts as
 * ES modules there.
 */
const SNAPSHOT = 'dist/snapshot'
const atRunTime = {
  name: 'at-run-time',
  setup(build) {
    build.onResolve({ filter: /^(piscina|chokidar)$/ }, ({ path }) => ({ path, namespace: 'at-run-time' }))
    build.onLoad({ filter: /^(piscina|chokidar)$/, namespace: 'at-run-time' }, ({ path }) => ({
      contents: `module.exports = require('node:module').createRequire(__filename)(${JSON.stringify(path)})`,
      loader: 'js',
    }))
    // Node's worker threads share a counter with the main thread that a snapshot cannot carry
    // (a worker started from a blob that had loaded them fails in process.cwd()): oasgen's own
    // use of the module (a thread's number) loads it when first asked at run time. While the
    // blob is made, the one thread is the main thread, number 0.
    build.onResolve({ filter: /^node:worker_threads$/ }, ({ path }) => ({ path, namespace: 'at-run-time' }))
    build.onLoad({ filter: /^node:worker_threads$/, namespace: 'at-run-time' }, async () => {
      const names = Object.keys(await import('node:worker_threads'))
      const main = { isMainThread: true, threadId: 0 }
      const getter = (name) =>
        `get ${name}() { return ${name in main ? `require('node:v8').startupSnapshot.isBuildingSnapshot() ? ${main[name]} : ` : ''}require('worker_threads').${name} }`
      return { contents: `module.exports = { ${names.map(getter).join(', ')} }`, loader: 'js' }
    })
    // fflate loads Node's worker threads as it loads, for its asynchronous functions, which
    // oasgen does not use (it zips and unzips synchronously): in the snapshot it goes without.
    const FFLATE_WORKERS = "(_a = require('worker_threads'), Worker = _a.Worker, isMarkedAsUntransferable = _a.isMarkedAsUntransferable);"
    build.onLoad({ filter: /[\\/]node_modules[\\/]fflate[\\/]esm[\\/]index\.mjs$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8')
      if (source.split(FFLATE_WORKERS).length !== 2) throw new Error("fflate no longer loads worker_threads the way scripts/bundle.mjs knows: check how it does")
      return { contents: source.replace(FFLATE_WORKERS, ''), loader: 'js', resolveDir: dirname(path) }
    })
  },
}

rmSync(SNAPSHOT, { recursive: true, force: true })
if (process.platform !== 'win32') {
  mkdirSync(SNAPSHOT, { recursive: true })
  await build({
    entryPoints: { entry: 'src/cli/snapshot.ts' },
    outdir: SNAPSHOT,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // The bundle's own place stands for each module's: paths.ts finds the package root above it.
    define: { 'import.meta.url': '__oasgenUrl' },
    banner: { js: "const __oasgenUrl = require('node:url').pathToFileURL(__filename).href;" },
    inject: ['scripts/snapshot-shims.mjs'],
    plugins: [lazyStringWidth, unusedByOasgen, lazyTries, atRunTime],
    // Less source to keep in the blob and to scan when a function is first compiled (names are
    // kept: messages and stack traces read as in the ES modules).
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    legalComments: 'none',
  })
  for (const blob of BLOBS) {
    const made = spawnSync(process.execPath, ['--snapshot-blob', `${SNAPSHOT}/${blob}.blob`, '--build-snapshot', `${SNAPSHOT}/entry.cjs`, blob], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' })
    // Node warns that it has not verified some of its modules in snapshots (module, readline):
    // the tests run the command line from the blobs; anything else it says is shown.
    const said = made.stderr.replace(/^\(node:\d+\) Warning: It's not yet fully verified whether built-in module "[^"]+" works in user snapshot builder scripts\.\n(?:(?:It may still|To request|\(Use `node).*\n)*/gm, '')
    process.stderr.write(said)
    if (made.status !== 0) throw new Error(`the start-up snapshot ${blob}.blob could not be made (node --build-snapshot exited with ${made.status ?? made.signal})`)
  }
  symlinkSync(process.execPath, `${SNAPSHOT}/node`)
  symlinkSync(resolve('.'), `${SNAPSHOT}/root`)
}

// bin/oasgen.js, which starts from the snapshot only where this machine can (scripts/launcher.mjs).
writeLauncher()
