// The real binary, as a user runs it: the same scenarios as in-process, through bin/oasgen.js.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, relative } from 'node:path'
import cmdShim from 'cmd-shim'
import { describe, expect, test } from 'vitest'
import { generateDraft } from '../bench/corpus.js'
import { hasSnapshot, PLAIN_LINE, runsWithSh, SNAPSHOT_LINE, writeLauncher } from '../scripts/launcher.mjs'
import { LAUNCHES, ROOT, cli, draftText, tree, type Launch } from './helpers.js'

function run(launch: Launch, args: string[], cwd = ROOT, env: Record<string, string> = {}) {
  const result = spawnSync(launch.command, [...launch.before, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...launch.env, ...env } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe.each(LAUNCHES)('bin/oasgen.js, started $name', (launch) => {
  const oasgen = (args: string[], cwd = ROOT) => run(launch, args, cwd)

  test('check the shipped drafts: exit 0', () => {
    const result = oasgen(['check'])
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('2 drafts checked: 0 errors, 0 warnings')
    expect(result.code).toBe(0)
  })

  test('a bad draft: exit 1, file:line:col, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oasgen-bin-'))
    writeFileSync(join(dir, 'bad.md'), draftText('1. Open [US: never closed.'))
    const result = oasgen(['build', 'bad.md', '--out', 'out'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('bad.md:5:9  error  This `[` is not closed')
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(readdirSync(dir)).toEqual(['bad.md'])
  })

  test('builds every format of the shipped drafts, as a user runs it after npm ci', () => {
    const out = mkdtempSync(join(tmpdir(), 'oasgen-bin-out-'))
    const result = oasgen(['build', 'inputs', '--format', 'docx,pdf,md,txt,html', '--out', out])
    expect(result.stderr).not.toMatch(/error/)
    expect(result.code).toBe(0)
    const files = readdirSync(out).sort()
    expect(files).toHaveLength(2 * 5 + 5 * 5 + 1)
    for (const format of ['docx', 'pdf', 'md', 'txt', 'html']) expect(files).toContain(`csh-omnibus-cyber-2021.delegation-MEX.${format}`)
    expect(readFileSync(join(out, 'cicte-res-1-17.clean.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
    expect(readFileSync(join(out, 'cicte-res-1-17.clean.docx')).subarray(0, 2).toString()).toBe('PK')
  })

  test('builds with worker threads', () => {
    const out = mkdtempSync(join(tmpdir(), 'oasgen-bin-jobs-'))
    const result = oasgen(['build', 'inputs', '--format', 'md', '--jobs', '2', '--out', out])
    expect(result.code).toBe(0)
    expect(readdirSync(out)).toContain('csh-omnibus-cyber-2021.delegation-COL.md')
  })

  test('a usage error: exit 2', () => {
    const result = oasgen(['build', '--view', 'everything'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Unknown view `everything`')
  })

  test('--version and --help', () => {
    expect(oasgen(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
    expect(oasgen(['--help']).stdout).toContain('oasgen build')
  })

  test("--version is oasgen's, run from a project with a package.json of its own", () => {
    const project = mkdtempSync(join(tmpdir(), 'oasgen-bin-project-'))
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'delegation-drafts', version: '9.9.9' }))
    const own = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
    expect(oasgen(['--version'], project).stdout.trim()).toBe(own)
  })


  test("the bundle's fontkit, whose Unicode tables are built on first use, shapes other scripts as fontkit loaded whole does", async () => {
    // Greek, Cyrillic, Hebrew, Arabic (no Tinos glyphs: fontkit's Arabic shaper still runs),
    // Devanagari (Indic shaper), Tibetan (the universal shaper), combining marks, a ligature candidate.
    const dir = mkdtempSync(join(tmpdir(), 'oasgen-bin-scripts-'))
    writeFileSync(join(dir, 'scripts.md'), draftText('1. Ἀθῆναι and Москва, שָׁלוֹם, مرحبا, नमस्ते, བོད་, cafe\u0301 ﬁnal and [US: naïve ǅ].'))
    const bundled = oasgen(['build', 'scripts.md', '--format', 'pdf', '--out', 'bundled'], dir)
    expect(bundled.code, bundled.stderr).toBe(0)
    // In process, from src/: fontkit and unicode-properties as they are in node_modules.
    const unbundled = await cli(['build', 'scripts.md', '--format', 'pdf', '--out', 'unbundled'], dir)
    expect(unbundled.code, unbundled.stderr).toBe(0)
    const pdfs = (out: string) => Object.fromEntries(Object.entries(tree(join(dir, out))).filter(([name]) => name.endsWith('.pdf')))
    expect(Object.keys(pdfs('bundled'))).toHaveLength(3)
    expect(pdfs('bundled')).toEqual(pdfs('unbundled'))
  })
})

describe('bin/oasgen.js, as ES modules', () => {
  test('a PDF build loads neither brotli nor linebreak (fontkit and pdfkit are bundled without them)', () => {
    // fontkit's WOFF2 reader decompresses brotli's dictionary as it loads; pdfkit's line breaker
    // inflates a Unicode trie: oasgen uses neither (scripts/bundle.mjs). CommonJS modules,
    // however imported, are listed in require.cache.
    const dir = mkdtempSync(join(tmpdir(), 'oasgen-bin-modules-'))
    const lister = join(dir, 'list.cjs')
    writeFileSync(lister, `process.on('exit', () => process.stderr.write('modules: ' + Object.keys(require.cache).join(',') + '\\n'))`)
    const out = join(dir, 'out')
    const result = spawnSync(process.execPath, ['--require', lister, join(ROOT, 'bin', 'oasgen.js'), 'build', 'inputs/cicte-res-1-17.md', '--view', 'clean', '--format', 'pdf', '--out', out], { cwd: ROOT, encoding: 'utf8' })
    expect(result.status).toBe(0)
    const modules = /modules: (.*)/.exec(result.stderr)?.[1]?.split(',') ?? []
    expect(modules.length).toBeGreaterThan(0)
    expect(modules.filter((m) => /[\\/]node_modules[\\/](brotli|linebreak)[\\/]/.test(m))).toEqual([])
    expect(readFileSync(join(out, 'cicte-res-1-17.clean.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
  })

  test('the help is measured without building an Intl.Segmenter (a twentieth of a check)', () => {
    // string-width 8 builds one as it loads; the bundle gives yargs a stand-in that measures
    // printable ASCII itself and loads string-width only for other text (scripts/bundle.mjs).
    const counter = join(mkdtempSync(join(tmpdir(), 'oasgen-bin-segmenter-')), 'count.cjs')
    writeFileSync(
      counter,
      `const Real = Intl.Segmenter; let n = 0
       Intl.Segmenter = function (...a) { n++; return new Real(...a) }
       process.on('exit', () => process.stderr.write('segmenters: ' + n + '\\n'))`,
    )
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--require', counter, join(ROOT, 'bin', 'oasgen.js'), ...args], { cwd: ROOT, encoding: 'utf8' })
    const checked = run(['check', 'inputs/cicte-res-1-17.md'])
    expect(checked.status).toBe(0)
    expect(checked.stderr).toContain('segmenters: 0')
    const help = run(['build', '--help'])
    expect(help.stderr).toContain('segmenters: 0')
    // The columns still line up: every option's description starts in one column (the examples,
    // after the options, wrap a long command onto lines of their own).
    const options = help.stdout.split('\nExamples:')[0]!
    expect(options.length).toBeLessThan(help.stdout.length)
    const starts = options
      .split('\n')
      .map((line) => /^(\s+(?:-\w, )?--[\w-]+\s+)\S/.exec(line)?.[1]?.length)
      .filter((start) => start !== undefined)
    expect(starts.length).toBeGreaterThan(10)
    expect(new Set(starts).size).toBe(1)
  })
})

/**
 * Another copy of oasgen in a folder of its own: `file` (and package.json) copied, node_modules,
 * templates, inputs and what dist/ holds linked, the blobs only `withBlobs`.
 */
function copyOfOasgen(prefix: string, file: string, withBlobs: boolean): string {
  const copy = mkdtempSync(join(tmpdir(), prefix))
  mkdirSync(join(copy, dirname(file)), { recursive: true })
  mkdirSync(join(copy, 'dist'))
  cpSync(join(ROOT, file), join(copy, file))
  cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'))
  for (const name of ['node_modules', 'templates', 'inputs']) symlinkSync(join(ROOT, name), join(copy, name))
  for (const name of readdirSync(join(ROOT, 'dist'))) if (name !== 'snapshot' || withBlobs) symlinkSync(join(ROOT, 'dist', name), join(copy, 'dist', name))
  return copy
}

describe('the start-up snapshot (docs/decisions.md)', () => {
  const [snapshot, refused, byNode] = LAUNCHES as [Launch, Launch, Launch]
  const debug = { OASGEN_DEBUG: '1' }
  const startedFrom = (stderr: string) => /^oasgen: started (.*)$/m.exec(stderr)?.[1]
  const unix = process.platform !== 'win32'

  test.runIf(unix)('a build starts from build.blob, any other command from start.blob; refused or by node, as ES modules', () => {
    expect(startedFrom(run(snapshot, ['check', 'inputs/cicte-res-1-17.md'], ROOT, debug).stderr)).toMatch(/^from the start-up snapshot .*[\\/]dist[\\/]snapshot[\\/]start\.blob$/)
    const out = mkdtempSync(join(tmpdir(), 'oasgen-bin-snapshot-'))
    const built = run(snapshot, ['build', 'inputs/cicte-res-1-17.md', '--format', 'md', '--out', out], ROOT, debug)
    expect(built.code).toBe(0)
    expect(startedFrom(built.stderr)).toMatch(/^from the start-up snapshot .*[\\/]dist[\\/]snapshot[\\/]build\.blob$/)
    expect(startedFrom(run(refused, ['--version'], ROOT, debug).stderr)).toBe('as ES modules')
    expect(startedFrom(run(byNode, ['--version'], ROOT, debug).stderr)).toBe('as ES modules')
  })

  test.runIf(unix)('extra CA certificates (NODE_EXTRA_CA_CERTS), which oasgen never uses, are not read by node started from the shell part', () => {
    // node warns at start when it cannot read them: the shell part's node does not try.
    const env = { ...debug, NODE_EXTRA_CA_CERTS: join(tmpdir(), 'oasgen-no-such-certificates.pem') }
    for (const launch of [snapshot, refused]) {
      const result = run(launch, ['--version'], ROOT, env)
      expect(result.code).toBe(0)
      expect(result.stderr).not.toContain('extra certs')
    }
    // node started on the file (Windows' shims) reads them as it starts, before any of oasgen's code.
    expect(run(byNode, ['--version'], ROOT, env).stderr).toContain('Ignoring extra certs')
  })

  test.runIf(unix)('V8 flags in NODE_OPTIONS (which node refuses a blob with): the same run, as ES modules', () => {
    const result = run(snapshot, ['--version'], ROOT, { ...debug, NODE_OPTIONS: '--max-old-space-size=2000' })
    expect(result.code).toBe(0)
    expect(startedFrom(result.stderr)).toBe('as ES modules')
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  test.runIf(unix)('another node first on the PATH than the one that made the blob: the same run, as ES modules', () => {
    // A node of its own (another file than dist/snapshot/node), which runs the real one.
    const bin = mkdtempSync(join(tmpdir(), 'oasgen-bin-node-'))
    writeFileSync(join(bin, 'node'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} "$@"\n`, { mode: 0o755 })
    const result = run(snapshot, ['check', 'inputs/cicte-res-1-17.md'], ROOT, { ...debug, PATH: `${bin}${delimiter}${process.env.PATH}` })
    expect(result.code).toBe(0)
    expect(startedFrom(result.stderr)).toBe('as ES modules')
    expect(result.stdout).toContain('1 draft checked: 0 errors, 0 warnings')
  })

  test.runIf(unix)('a copy of oasgen elsewhere, with the blobs or without them: the same run, as ES modules; through a link too', () => {
    // The blobs hold the paths of the copy that made them: another copy does not use them.
    for (const withBlobs of [true, false]) {
      const copy = copyOfOasgen('oasgen-bin-copy-', join('bin', 'oasgen.js'), withBlobs)
      const link = join(copy, 'oasgen')
      symlinkSync(join('bin', 'oasgen.js'), link)
      for (const command of [join(copy, 'bin', 'oasgen.js'), link]) {
        const result = spawnSync(command, ['check', 'inputs/cicte-res-1-17.md'], { cwd: copy, encoding: 'utf8', env: { ...process.env, ...debug } })
        expect(result.status, result.stderr).toBe(0)
        expect(startedFrom(result.stderr)).toBe('as ES modules')
      }
    }
  })

  test.runIf(unix)('through a link, as npm links it into node_modules/.bin: from the snapshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oasgen-bin-link-'))
    symlinkSync(relative(dir, join(ROOT, 'bin', 'oasgen.js')), join(dir, 'oasgen'))
    const result = spawnSync(join(dir, 'oasgen'), ['--version'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...debug } })
    expect(result.status).toBe(0)
    expect(startedFrom(result.stderr)).toMatch(/^from the start-up snapshot /)
  })

  test.runIf(unix)('every view of a bench draft and of the shipped drafts, in every format: the same bytes from the snapshot as from the modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oasgen-bin-same-'))
    mkdirSync(join(dir, 'drafts'))
    writeFileSync(join(dir, 'drafts', 'bench.md'), generateDraft('oasgen-bench-1', 1).text)
    for (const name of readdirSync(join(ROOT, 'inputs'))) cpSync(join(ROOT, 'inputs', name), join(dir, 'drafts', name))
    const outputs = [snapshot, refused].map((launch, i) => {
      const result = run(launch, ['build', 'drafts', '--format', 'docx,pdf,md,txt,html', '--jobs', '1', '--out', `out${i}`], dir)
      expect(result.code, result.stderr).toBe(0)
      const files = tree(join(dir, `out${i}`))
      delete files['manifest.json']
      return files
    })
    expect(Object.keys(outputs[0]!).length).toBeGreaterThan(40)
    expect(outputs[0]).toEqual(outputs[1])
  }, 120_000)

  test.runIf(unix)("bin/oasgen.js starts from the snapshot only where this machine's env runs the line that does it, else it is `#!/usr/bin/env node`", () => {
    // This checkout: the build wrote the line it could (CI's Debian has env -S and the blobs).
    const first = readFileSync(join(ROOT, 'bin', 'oasgen.js'), 'utf8').split('\n')[0]
    expect(first).toBe(hasSnapshot(ROOT) && runsWithSh(SNAPSHOT_LINE, join(ROOT, 'bin')) ? SNAPSHOT_LINE : PLAIN_LINE)
    expect(readFileSync(join(ROOT, 'bin', 'oasgen.js'), 'utf8').split('\n').slice(1)).toEqual(readFileSync(join(ROOT, 'scripts', 'bin-oasgen.js'), 'utf8').split('\n').slice(1))
    // Another copy, with envs of our own: one as busybox's (Alpine), which refuses -S, one that
    // passes everything to the real env.
    const copy = copyOfOasgen('oasgen-bin-launcher-', join('scripts', 'bin-oasgen.js'), false)
    const busybox = join(copy, 'busybox-env')
    writeFileSync(busybox, `#!/bin/sh\ncase "$1" in -S*) echo "env: invalid option -- 'S'" >&2; exit 1 ;; esac\nexec /usr/bin/env "$@"\n`, { mode: 0o755 })
    const gnu = join(copy, 'gnu-env')
    writeFileSync(gnu, '#!/bin/sh\nexec /usr/bin/env "$@"\n', { mode: 0o755 })
    const line = (env: string) => SNAPSHOT_LINE.replace('/usr/bin/env', env)
    const version = () => {
      const result = spawnSync(join(copy, 'bin', 'oasgen.js'), ['--version'], { cwd: copy, encoding: 'utf8', env: { ...process.env, ...debug } })
      expect(result.status, result.stderr).toBe(0)
      return startedFrom(result.stderr)
    }
    // No snapshot made: the plain line, whatever env can do.
    expect(writeLauncher({ root: copy, snapshotLine: line(gnu) })).toBe(PLAIN_LINE)
    expect(version()).toBe('as ES modules')
    // A snapshot made (the blobs' names are enough for the choice of line).
    mkdirSync(join(copy, 'dist', 'snapshot'))
    for (const name of ['start.blob', 'build.blob', 'node', 'root']) writeFileSync(join(copy, 'dist', 'snapshot', name), '')
    expect(writeLauncher({ root: copy, snapshotLine: line(busybox) })).toBe(PLAIN_LINE)
    expect(version()).toBe('as ES modules')
    expect(writeLauncher({ root: copy, snapshotLine: line(gnu) })).toBe(line(gnu))
    expect(readFileSync(join(copy, 'bin', 'oasgen.js'), 'utf8').split('\n')[0]).toBe(line(gnu))
    // The shell part ran (env set the variable, sh ran the file) and refused these blobs, which
    // were made for no node: the modules.
    expect(version()).toBe('as ES modules')
    // npm pack: the package has no blob and runs on any machine.
    expect(writeLauncher({ root: copy, plain: true, snapshotLine: line(gnu) })).toBe(PLAIN_LINE)
    expect(version()).toBe('as ES modules')
  })

  test("npm's Windows shims run node on bin/oasgen.js, with nothing before it (the module, not the shell script)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oasgen-bin-shim-'))
    await cmdShim(join(ROOT, 'bin', 'oasgen.js'), join(dir, 'oasgen'))
    const cmd = readFileSync(join(dir, 'oasgen.cmd'), 'utf8')
    expect(cmd).toContain('SET "_prog=node"')
    expect(cmd).toMatch(/"%_prog%"\s+"%dp0%\\[^"]*\\bin\\oasgen\.js" %\*/)
    const ps1 = readFileSync(join(dir, 'oasgen.ps1'), 'utf8')
    expect(ps1).toMatch(/& "node\$exe"\s+"\$basedir\/[^"]*\/bin\/oasgen\.js" \$args/)
  })
})
