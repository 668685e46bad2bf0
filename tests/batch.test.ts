// Batch builds (issue 6): shards, incremental builds, the manifest, parallel workers, reporters,
// the config file, watch mode, interruption, and reproducible bytes in any time zone.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parseShard, selectShard } from '../src/batch/shard.js'
import { DEFAULT_TEMPLATES } from '../src/layout/load.js'
import { ROOT, cli, draftText, files, input, tempDir, tree } from './helpers.js'



/** A project folder with the two shipped drafts and a few generated ones in inputs/. */
function project(extra = 0): string {
  const dir = tempDir('oasgen-batch-')
  mkdirSync(join(dir, 'inputs', 'cicte'), { recursive: true })
  writeFileSync(join(dir, 'inputs', 'csh.md'), input('csh-omnibus-cyber-2021.md'))
  writeFileSync(join(dir, 'inputs', 'cicte', 'res1.md'), input('cicte-res-1-17.md'))
  for (let i = 0; i < extra; i++) writeFileSync(join(dir, 'inputs', `d${i}.md`), draftText(`THE COUNCIL,\n\nRESOLVES:\n\n1. Text ${i} [US: insert ${i}] [COL: ~~old~~ new].`))
  return dir
}


const manifestOf = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { oasgen: string; outputs: Array<Record<string, unknown>> }

describe('--shard K/N', () => {
  test('parses K/N and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 })
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0', '-1/2']) expect(() => parseShard(bad)).toThrow(/--shard takes K\/N/)
  })

  test('the shards of a list are disjoint, cover it, and do not depend on its order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (names, count) => {
        const items = names.map((path) => ({ path }))
        const shards = Array.from({ length: count }, (_, i) => selectShard(items, { index: i + 1, count }).map((x) => x.path))
        expect(shards.flat().sort()).toEqual([...names].sort())
        const reversed = Array.from({ length: count }, (_, i) => selectShard([...items].reverse(), { index: i + 1, count }).map((x) => x.path))
        expect(reversed).toEqual(shards)
        for (const shard of shards) expect(shard.length).toBeLessThanOrEqual(Math.ceil(names.length / count))
      }),
    )
  })

  test('two shard builds together give exactly the outputs of one full build', async () => {
    const dir = project(4)
    const args = ['build', '--format', 'md', '--view', 'bracketed']
    expect((await cli([...args, '--out', 'all'], dir)).code).toBe(0)
    expect((await cli([...args, '--out', 's1', '--shard', '1/2'], dir)).code).toBe(0)
    expect((await cli([...args, '--out', 's2', '--shard', '2/2'], dir)).code).toBe(0)
    const all = Object.keys(tree(join(dir, 'all'))).filter((f) => f !== 'manifest.json')
    const s1 = Object.keys(tree(join(dir, 's1'))).filter((f) => f !== 'manifest.json')
    const s2 = Object.keys(tree(join(dir, 's2'))).filter((f) => f !== 'manifest.json')
    expect(s1.length).toBeGreaterThan(0)
    expect(s2.length).toBeGreaterThan(0)
    expect(s1.filter((f) => s2.includes(f))).toEqual([])
    expect([...s1, ...s2].sort()).toEqual(all.sort())
  })
})

describe('the manifest', () => {
  test('lists every output with its input, view, delegation, format, size, sha256 and warnings, sorted by path', async () => {
    const dir = project()
    writeFileSync(join(dir, 'inputs', 'warn.md'), draftText('1. Text [XYZ: q].', 'title: T\nsymbl: 1'))
    const result = await cli(['build', '--format', 'md,txt', '--out', 'out'], dir)
    expect(result.code).toBe(0)
    const manifest = manifestOf(join(dir, 'out'))
    expect(manifest.oasgen).toMatch(/^\d+\.\d+\.\d+$/)
    const paths = manifest.outputs.map((o) => o.path as string)
    expect(paths).toEqual([...paths].sort())
    const files = Object.keys(tree(join(dir, 'out'))).filter((f) => f !== 'manifest.json')
    expect([...paths].sort()).toEqual(files.sort())
    for (const output of manifest.outputs) {
      const data = readFileSync(join(dir, 'out', output.path as string))
      expect(output.bytes).toBe(data.byteLength)
      expect(output.sha256).toBe(createHash('sha256').update(data).digest('hex'))
    }
    expect(manifest.outputs.find((o) => o.path === 'cicte/res1.clean.md')).toMatchObject({ input: 'inputs/cicte/res1.md', view: 'clean', format: 'md', warnings: [] })
    expect(manifest.outputs.find((o) => o.path === 'csh.delegation-MEX.txt')).toMatchObject({ view: 'delegation', delegation: 'MEX', format: 'txt' })
    const warned = manifest.outputs.find((o) => o.path === 'warn.bracketed.md')!
    expect(warned.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^3:1 front-matter-unknown-key: /), expect.stringMatching(/^6:10 sponsor-unknown: /)]))
  })

  test('two builds of the same inputs write the same bytes, manifest included, with one or two workers', async () => {
    const dir = project(3)
    expect((await cli(['build', '--format', 'docx,md', '--out', 'a', '--jobs', '1'], dir)).code).toBe(0)
    expect((await cli(['build', '--format', 'docx,md', '--out', 'b', '--jobs', '2'], dir)).code).toBe(0)
    expect(tree(join(dir, 'b'))).toEqual(tree(join(dir, 'a')))
  })
})

describe('incremental builds', () => {
  const args = ['build', '--format', 'md,docx', '--out', 'out']

  test('an output whose inputs did not change is not built again', async () => {
    const dir = project()
    const first = await cli(args, dir)
    expect(first.stdout).toMatch(/ 14 files written to out, /)
    const before = tree(join(dir, 'out'))
    const second = await cli(args, dir)
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('0 files written to out (14 up to date)')
    expect(second.stdout).toContain('inputs/csh.md → up to date (10 files)')
    expect(tree(join(dir, 'out'))).toEqual(before)
  })

  test('a changed draft rebuilds that draft only', async () => {
    const dir = project()
    await cli(args, dir)
    writeFileSync(join(dir, 'inputs', 'cicte', 'res1.md'), input('cicte-res-1-17.md').replace('open to all', 'open to every'))
    const result = await cli(args, dir)
    expect(result.stdout).toContain('4 files written to out (10 up to date)')
    expect(readFileSync(join(dir, 'out', 'cicte', 'res1.clean.md'), 'utf8')).toContain('open to every')
  })

  test('a changed layout file, an option, or --force rebuilds', async () => {
    const dir = project()
    const templates = join(dir, 'my-templates')
    cpSync(DEFAULT_TEMPLATES, templates, { recursive: true })
    const withTemplates = [...args, '--templates', 'my-templates']
    await cli(withTemplates, dir)
    const wp = join(templates, 'layouts', 'working-paper', 'layout.yaml')
    writeFileSync(wp, readFileSync(wp, 'utf8') + '\n# a comment counts: the file changed\n')
    expect((await cli(withTemplates, dir)).stdout).toContain('10 files written to out (4 up to date)')
    expect((await cli([...withTemplates, '--track-changes'], dir)).stdout).toContain('7 files written to out (7 up to date)')
    expect((await cli([...withTemplates, '--track-changes', '--force'], dir)).stdout).toContain('14 files written to out,')
  })

  test('an output changed or deleted by hand is built again', async () => {
    const dir = project()
    await cli(args, dir)
    writeFileSync(join(dir, 'out', 'csh.clean.md'), 'edited by hand')
    rmSync(join(dir, 'out', 'csh.bracketed.docx'))
    expect((await cli(args, dir)).stdout).toContain('2 files written to out (12 up to date)')
    expect(readFileSync(join(dir, 'out', 'csh.clean.md'), 'utf8')).toContain('To convene the Fourth Meeting')
  })

  test('a delegation whose proposals are gone loses its outputs', async () => {
    const dir = project()
    await cli(args, dir)
    expect(existsSync(join(dir, 'out', 'csh.delegation-MEX.md'))).toBe(true)
    writeFileSync(join(dir, 'inputs', 'csh.md'), input('csh-omnibus-cyber-2021.md').replace('[MEX: ~~the GGE~~ GEG]', 'the GGE'))
    const result = await cli(args, dir)
    expect(result.stdout).toContain('2 stale removed')
    expect(existsSync(join(dir, 'out', 'csh.delegation-MEX.md'))).toBe(false)
    expect(existsSync(join(dir, 'out', 'csh.delegation-MEX.docx'))).toBe(false)
    expect(manifestOf(join(dir, 'out')).outputs.map((o) => o.path)).not.toContain('csh.delegation-MEX.md')
  })
})

describe('parallel builds', () => {
  test('a bad draft among many: the others are built by the workers, exit 1', async () => {
    const dir = project(6)
    writeFileSync(join(dir, 'inputs', 'd3.md'), draftText('1. Broken [US: never closed.'))
    const result = await cli(['build', '--format', 'md', '--view', 'clean', '--jobs', '2', '--out', 'out'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('inputs/d3.md:5:11  error  This `[` is not closed')
    const files = Object.keys(tree(join(dir, 'out')))
    expect(files).toContain('d5.clean.md')
    expect(files).toContain('cicte/res1.clean.md')
    expect(files.filter((f) => f.startsWith('d3.'))).toEqual([])
    expect(result.stdout).toContain('8 drafts, 7 files written')
  })
})

describe('reporters', () => {
  test('json: one object on stdout, nothing else', async () => {
    const dir = project()
    writeFileSync(join(dir, 'inputs', 'bad.md'), draftText('1. [US: open'))
    const result = await cli(['build', '--format', 'md', '--reporter', 'json', '--out', 'out'], dir)
    expect(result.code).toBe(1)
    const data = JSON.parse(result.stdout) as { summary: Record<string, unknown>; drafts: Array<{ source: { path: string }; messages: unknown[]; failed: boolean }> }
    expect(data.summary).toMatchObject({ drafts: 3, failed: 1, written: 7, errors: 1, warnings: 0, interrupted: false })
    expect(data.drafts.find((d) => d.source.path.endsWith('bad.md'))).toMatchObject({ failed: true, messages: [{ line: 5, column: 4, severity: 'error', ruleId: 'annotation-unclosed' }] })
  })

  test('github: workflow commands with file, line and column', async () => {
    const dir = project()
    writeFileSync(join(dir, 'inputs', 'bad.md'), draftText('1. [US: open, and: more'))
    writeFileSync(join(dir, 'inputs', 'warn.md'), draftText('1. [XYZ: q]'))
    const result = await cli(['build', '--format', 'md', '--reporter', 'github', '--out', 'out'], dir)
    expect(result.stdout).toContain('::error file=inputs/bad.md,line=5,col=4,title=annotation-unclosed::This `[` is not closed')
    expect(result.stdout).toContain('::warning file=inputs/warn.md,line=5,col=5,title=sponsor-unknown::Unknown sponsor `XYZ`')
    expect(result.stdout).toContain('::notice file=inputs/csh.md,title=clean-rejected::The clean view rejected 2 proposals')
  })

  test('an unknown reporter is a usage error', async () => {
    expect((await cli(['build', '--reporter', 'xml'], project())).code).toBe(2)
  })
})

describe('oasgen.config.json', () => {
  test('gives the options; the command line overrides them', async () => {
    const dir = project()
    writeFileSync(join(dir, 'oasgen.config.json'), JSON.stringify({ format: ['txt'], view: 'clean', out: 'from-config' }))
    expect((await cli(['build'], dir)).code).toBe(0)
    expect(Object.keys(tree(join(dir, 'from-config'))).sort()).toEqual(['cicte/res1.clean.txt', 'csh.clean.txt', 'manifest.json'])
    expect((await cli(['build', '--format', 'md'], dir)).code).toBe(0)
    expect(existsSync(join(dir, 'from-config', 'csh.clean.md'))).toBe(true)
  })

  test('YAML works too', async () => {
    const dir = project()
    writeFileSync(join(dir, 'oasgen.config.yaml'), 'format: md\nview: [bracketed]\ntrackChanges: false\n')
    expect((await cli(['build', '--out', 'o'], dir)).code).toBe(0)
    expect(existsSync(join(dir, 'o', 'csh.bracketed.md'))).toBe(true)
  })

  test('an unknown option in it is a usage error naming the closest', async () => {
    const dir = project()
    writeFileSync(join(dir, 'oasgen.config.json'), JSON.stringify({ formats: ['txt'] }))
    const result = await cli(['build'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown option `formats` (did you mean `format`?)')
  })
})

describe('--watch', () => {
  test('builds, then builds again when a draft is saved, until stopped', async () => {
    const dir = project()
    const controller = new AbortController()
    let seen = ''
    const changed = new Promise<void>((resolveChanged) => {
      const done = cli(['build', '--watch', '--format', 'txt', '--view', 'clean', '--out', 'out'], dir, controller.signal, (text) => {
        seen += text
        if (text.startsWith('watching')) writeFileSync(join(dir, 'inputs', 'cicte', 'res1.md'), input('cicte-res-1-17.md').replace('open to all', 'open to every'))
        if (seen.includes('change seen') && / written to /.test(text)) resolveChanged()
      })
      void done.then((r) => (seen += `\nexit ${r.code}`))
    })
    await changed
    controller.abort()
    await new Promise((r) => setTimeout(r, 100))
    expect(readFileSync(join(dir, 'out', 'cicte', 'res1.clean.txt'), 'utf8')).toContain('open to every')
    // Only the saved draft: the other is not even looked at.
    expect(seen).toContain('1 draft, 1 file written to out,')
  })
})

describe('interruption', () => {
  test('a stopped build writes the drafts under way, then a manifest of exactly what was written', async () => {
    const dir = project(6)
    const controller = new AbortController()
    const result = await cli(['build', '--format', 'md', '--jobs', '1', '--out', 'out'], dir, controller.signal, (text) => {
      if (text.startsWith('✓')) controller.abort()
    })
    expect(result.code).toBe(130)
    // The draft that finished, and the one under way in this thread's other lane: no more.
    expect(result.stdout).toMatch(/interrupted: [12] drafts?, /)
    const files = Object.keys(tree(join(dir, 'out'))).filter((f) => f !== 'manifest.json')
    expect(files.length).toBeGreaterThan(0)
    expect(manifestOf(join(dir, 'out')).outputs.map((o) => o.path).sort()).toEqual(files.sort())
  })

  test('a killed build leaves no partial file and a manifest that lists only files that exist', () => {
    // Enough drafts that the build cannot finish while the loop below, on a loaded machine,
    // waits to see its first file (with 30 it sometimes had: exit 0, not 130).
    const dir = project(300)
    // Stop it as soon as its first file is there.
    const script = `node ${join(ROOT, 'bin', 'oasgen.js')} build --format docx,md --jobs 2 --out out & pid=$!
      until ls out/*.docx >/dev/null 2>&1; do sleep 0.02; done; kill -INT $pid; wait $pid; echo "exit $?"`
    const child = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 60_000 })
    expect(child.stdout).toContain('exit 130')
    expect(child.stderr).toContain('stopping after the drafts under way')
    const files = Object.keys(tree(join(dir, 'out')))
    expect(files.filter((f) => !/\.(docx|md|json)$/.test(f))).toEqual([])
    const listed = manifestOf(join(dir, 'out')).outputs.map((o) => o.path as string)
    expect(listed.sort()).toEqual(files.filter((f) => f !== 'manifest.json').sort())
    expect(listed.length).toBeLessThan(302 * 6)
  })
})

describe('reproducible in any time zone', () => {
  test('the same bytes, manifest included, under three time zones', () => {
    const dir = project()
    const hashes = ['Pacific/Kiritimati', 'America/St_Johns', 'Asia/Kathmandu'].map((tz) => {
      const out = `out-${tz.replace('/', '-')}`
      const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'oasgen.js'), 'build', '--format', 'docx,md,txt', '--out', out], { cwd: dir, encoding: 'utf8', env: { ...process.env, TZ: tz } })
      expect(result.status).toBe(0)
      return tree(join(dir, out))
    })
    expect(hashes[1]).toEqual(hashes[0])
    expect(hashes[2]).toEqual(hashes[0])
  })
})

describe('what a build must never do', () => {
  const args = ['build', '--format', 'md', '--out', 'out']

  test('--delegation builds that delegation and leaves the others’ documents alone', async () => {
    const dir = project()
    await cli(args, dir)
    const result = await cli([...args, '--delegation', 'COL'], dir)
    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain('stale removed')
    for (const code of ['COL', 'MEX', 'US']) expect(existsSync(join(dir, 'out', `csh.delegation-${code}.md`))).toBe(true)
    expect(result.stdout).toContain('up to date')
  })

  test('--delegation for a sponsor with no proposal warns', async () => {
    const dir = project()
    const result = await cli([...args, '--delegation', 'PER'], dir)
    expect(result.stderr).toContain('inputs/csh.md  warning  `PER` sponsors nothing in this draft (its sponsors: COL, US, MEX)')
  })

  test('the output folder inside an input folder is not read as drafts', async () => {
    const dir = project()
    for (let i = 0; i < 2; i++) expect((await cli(['build', '.', '--format', 'md', '--view', 'clean'], dir)).code).toBe(0)
    expect(Object.keys(tree(join(dir, 'outputs'))).sort()).toEqual(['inputs/cicte/res1.clean.md', 'inputs/csh.clean.md', 'manifest.json'])
  })

  test('a draft named twice is built once', async () => {
    const dir = project()
    const result = await cli(['build', 'inputs', 'inputs/csh.md', '--format', 'md', '--view', 'clean', '--out', 'out'], dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('2 drafts, 2 files written')
  })

  test('two drafts that would write the same files are a usage error', async () => {
    const dir = project()
    mkdirSync(join(dir, 'a'))
    mkdirSync(join(dir, 'b'))
    writeFileSync(join(dir, 'a', 'x.md'), draftText('1. A.'))
    writeFileSync(join(dir, 'b', 'x.md'), draftText('1. B.'))
    const result = await cli(['build', 'a/x.md', 'b/x.md', '--format', 'md'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('a/x.md and b/x.md would both be written as x.<view>.<format>')
  })

  test('a draft that is not UTF-8 is an error at its first bad character', async () => {
    const dir = project()
    writeFileSync(join(dir, 'inputs', 'latin1.md'), Buffer.concat([Buffer.from('---\ntitle: T\n---\n\n1. Caf'), Buffer.from([0xe9]), Buffer.from(' noir.\n')]))
    const result = await cli(args, dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('inputs/latin1.md:5:7  error  The draft is not UTF-8 text')
    expect(result.stdout).toContain('✓ inputs/csh.md')
  })

  test('a byte order mark is not part of the draft', async () => {
    const dir = project()
    writeFileSync(join(dir, 'inputs', 'bom.md'), '\uFEFF' + draftText('1. Text.'))
    const result = await cli([...args, '--view', 'clean'], dir)
    expect(result.code).toBe(0)
    expect(readFileSync(join(dir, 'out', 'bom.clean.md'), 'utf8')).toMatch(/^---\n/)
  })

  test('a config file gives the build its defaults and leaves the other commands alone', async () => {
    const dir = project()
    writeFileSync(join(dir, 'oasgen.config.json'), JSON.stringify({ format: ['txt'], view: 'clean', out: 'o' }))
    expect((await cli(['check'], dir)).code).toBe(0)
    expect((await cli(['layouts'], dir)).code).toBe(0)
  })

  test('warnings from rendering are said again, and kept in the manifest, when an output is up to date', async () => {
    const dir = project()
    writeFileSync(join(dir, 'inputs', 'snow.md'), draftText('1. A snowman ☃ here.'))
    const pdf = ['build', 'inputs/snow.md', '--format', 'pdf', '--view', 'clean', '--out', 'out']
    const first = await cli(pdf, dir)
    expect(first.stderr).toContain('font-missing-glyph')
    const second = await cli(pdf, dir)
    expect(second.stdout).toContain('(1 up to date)')
    expect(second.stderr).toContain('font-missing-glyph')
    expect(manifestOf(join(dir, 'out')).outputs[0]!.warnings).toEqual([expect.stringMatching(/^font-missing-glyph: .*☃/)])
  })
})

describe('--watch and templates', () => {
  test('a saved layout is read afresh by the next build', async () => {
    const dir = project()
    cpSync(DEFAULT_TEMPLATES, join(dir, 'tpl'), { recursive: true })
    const locale = join(dir, 'tpl', 'locales', 'en.yaml')
    const controller = new AbortController()
    let seen = ''
    await new Promise<void>((resolveChanged) => {
      void cli(['build', '--watch', '--format', 'txt', '--view', 'clean', '--templates', 'tpl', '--out', 'out'], dir, controller.signal, (text) => {
        seen += text
        if (text.startsWith('watching')) writeFileSync(locale, readFileSync(locale, 'utf8').replace('original: "Original:"', 'original: "Language of the original:"'))
        if (seen.includes('change seen') && / written to /.test(text)) resolveChanged()
      })
    })
    controller.abort()
    expect(readFileSync(join(dir, 'out', 'cicte', 'res1.clean.txt'), 'utf8')).toContain('Language of the original: English')
    expect(seen).toContain('2 files written to out')
  })
})

describe('a broken templates folder', () => {
  /** A project of 22 good drafts and one whose layout's file is broken, named `name`. */
  function broken(name: string): string {
    const dir = project(20)
    cpSync(DEFAULT_TEMPLATES, join(dir, 'tpl'), { recursive: true })
    writeFileSync(join(dir, 'tpl', 'layouts', 'committee', 'layout.yaml'), 'extends: resolution\n  : : [broken\n')
    writeFileSync(join(dir, 'inputs', name), draftText('1. Text.', 'title: T\ntemplate: committee'))
    return dir
  }
  const build = (jobs: string) => ['build', '--templates', 'tpl', '--format', 'txt', '--view', 'clean', '--jobs', jobs, '--out', 'out']

  test.each([['1'], ['3']])('stops the build at once (--jobs %s): met first, no other draft is started', async (jobs) => {
    const dir = broken('aaa.md')
    const result = await cli(build(jobs), dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('oasgen: ')
    expect(result.stderr).toContain('committee/layout.yaml')
    // At most the drafts already under way in the other lanes were written (and the manifest):
    // --jobs 1 is one lane; otherwise this thread has two, and each worker holds two drafts.
    const lanes = jobs === '1' ? 1 : 2 + 2 * (Number(jobs) - 1)
    expect(files(join(dir, 'out')).length).toBeLessThanOrEqual(lanes)
  })

  test('met last, it leaves a manifest that lists exactly what was written', async () => {
    const dir = broken('zzz.md')
    const result = await cli(build('1'), dir)
    expect(result.code).toBe(1)
    const written = files(join(dir, 'out'))
    expect(written).toHaveLength(22)
    expect(manifestOf(join(dir, 'out')).outputs.map((o) => o.path).sort()).toEqual(written)
  })
})

test('the json reporter lists drafts in their order, whatever order they finish in', async () => {
  const dir = project(3)
  const result = await cli(['build', '--format', 'md', '--view', 'clean', '--reporter', 'json', '--out', 'out'], dir)
  const paths = (JSON.parse(result.stdout) as { drafts: Array<{ source: { path: string } }> }).drafts.map((d) => d.source.path)
  expect(paths).toEqual([...paths].sort())
})
