// Bundles the command line and the build worker into dist/ (over tsc's per-file output of the
// same two entry points), so that `oasgen` starts by loading a few files instead of hundreds of
// modules: start-up is most of what `oasgen check` costs. The renderers stay lazily loaded
// chunks. Packages that find their own files next to themselves (pdfkit's font metrics,
// piscina's worker) or are large and loaded late stay external.
import { rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { build } from 'esbuild'

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

rmSync('dist/chunks', { recursive: true, force: true })

await build({
  entryPoints: { 'cli/main': 'src/cli/main.ts', 'batch/worker': 'src/batch/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['pdfkit', 'fontkit', 'docx', 'piscina', 'chokidar', '@expo-google-fonts/tinos'],
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
  plugins: [lazyStringWidth],
  logLevel: 'warning',
  legalComments: 'none',
})
