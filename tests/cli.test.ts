// The command line, in-process: commands, options, output names, exit codes, messages.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ROOT, cli, draftText, files, folderWith, input, tempDir } from './helpers.js'




const CSH = join(ROOT, 'inputs', 'csh-omnibus-cyber-2021.md')

describe('oasgen build', () => {
  test('every view by default, one delegation view per sponsor, named <input>.<view>.<format>', async () => {
    const out = tempDir()
    const result = await cli(['build', CSH, '--format', 'txt', '--out', out])
    expect(result.code).toBe(0)
    expect(files(out)).toEqual([
      'csh-omnibus-cyber-2021.bracketed.txt',
      'csh-omnibus-cyber-2021.clean.txt',
      'csh-omnibus-cyber-2021.delegation-COL.txt',
      'csh-omnibus-cyber-2021.delegation-MEX.txt',
      'csh-omnibus-cyber-2021.delegation-US.txt',
    ])
    expect(result.stdout).toContain('1 draft, 5 files written')
    expect(result.stderr).toContain('The clean view rejected 2 proposals')
  })

  test('views and formats are repeatable, comma lists work, aliases are accepted', async () => {
    const out = tempDir()
    const result = await cli(['build', CSH, '--view', 'full', '--view', 'clean', '--format', 'md,txt', '--out', out])
    expect(result.code).toBe(0)
    expect(files(out)).toEqual([
      'csh-omnibus-cyber-2021.bracketed.md',
      'csh-omnibus-cyber-2021.bracketed.txt',
      'csh-omnibus-cyber-2021.clean.md',
      'csh-omnibus-cyber-2021.clean.txt',
    ])
  })

  test('--delegation chooses the sponsor and implies the delegation view', async () => {
    const out = tempDir()
    const result = await cli(['build', CSH, '--delegation', 'MEX', '--format', 'txt', '--out', out])
    expect(result.code).toBe(0)
    expect(files(out)).toEqual(['csh-omnibus-cyber-2021.delegation-MEX.txt'])
    expect(readFileSync(join(out, 'csh-omnibus-cyber-2021.delegation-MEX.txt'), 'utf8')).toContain('[MEX: the GGE GEG]')
  })

  test('folders are searched, and their sub-folders kept in the output', async () => {
    const src = tempDir()
    const out = tempDir()
    mkdirSync(join(src, 'cicte', '2017'), { recursive: true })
    writeFileSync(join(src, 'cicte', '2017', 'res1.md'), input('cicte-res-1-17.md'))
    writeFileSync(join(src, 'top.md'), draftText('1. One.'))
    writeFileSync(join(src, 'README.md'), '# not a draft')
    const result = await cli(['build', src, '--view', 'clean', '--format', 'txt', '--out', out])
    expect(result.code).toBe(0)
    expect(files(out)).toEqual(['cicte/2017/res1.clean.txt', 'top.clean.txt'])
  })

  test('a draft with errors writes nothing, the others still build, exit 1, file:line:col, no stack trace', async () => {
    const src = tempDir()
    const out = tempDir()
    writeFileSync(join(src, 'a-good.md'), draftText('1. Fine [US: text].'))
    writeFileSync(join(src, 'b-bad.md'), draftText('1. Broken [US: text.\n2. Also ] broken.'))
    writeFileSync(join(src, 'c-good.md'), draftText('1. Also fine.'))
    const result = await cli(['build', src, '--format', 'md', '--out', out])
    expect(result.code).toBe(1)
    expect(files(out)).toEqual(['a-good.bracketed.md', 'a-good.clean.md', 'a-good.delegation-US.md', 'c-good.bracketed.md', 'c-good.clean.md'])
    expect(result.stderr).toContain(`${join(src, 'b-bad.md')}:5:11  error  This \`[\` is not closed`)
    expect(result.stderr).toContain(`${join(src, 'b-bad.md')}:6:9  error  This \`]\` closes no \`[\``)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(result.stdout).toContain('✗')
    expect(result.stdout).toContain('not built: it has errors')
  })

  test('--strict: an unknown sponsor is an error', async () => {
    const src = folderWith({ 'd.md': draftText('1. [XYZ: text].') })
    const loose = await cli(['build', src, '--format', 'md', '--view', 'bracketed', '--out', tempDir()])
    expect(loose.code).toBe(0)
    expect(loose.stderr).toContain('warning  Unknown sponsor `XYZ`')
    const strict = await cli(['build', src, '--format', 'md', '--view', 'bracketed', '--strict', '--out', tempDir()])
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain(':5:5  error  Unknown sponsor `XYZ`')
  })

  test('--strict clean view: any annotation not agreed is an error with its place', async () => {
    const out = tempDir()
    const result = await cli(['build', CSH, '--view', 'clean', '--format', 'txt', '--strict', '--out', out])
    expect(result.code).toBe(1)
    expect(files(out)).toEqual([])
    expect(result.stderr).toMatch(/csh-omnibus-cyber-2021\.md:17:4 {2}error {2}The clean view is for plenary: OP3.1, a proposal by COL, is not agreed {2}clean-unagreed/)
    expect(result.stderr.match(/clean-unagreed/g)).toHaveLength(5)
  })

  test('--strict clean view of an agreed text passes', async () => {
    const src = folderWith({ 'ok.md': draftText('1. Text [COL agreed: ~~old~~ new].') })
    const result = await cli(['build', src, '--view', 'clean', '--format', 'txt', '--strict', '--out', tempDir()])
    expect(result.code).toBe(0)
  })

  test.each([
    [['build', '--view', 'nope'], 'Unknown view `nope`'],
    [['build', '--format', 'odt'], 'Unknown format `odt`'],
    [['build', '--bogus'], 'Unknown argument: bogus'],
    [['build', 'no/such/file.md'], 'No such file or folder: no/such/file.md'],
    [[], 'Name a command'],
    [['frobnicate'], 'Unknown argument: frobnicate'],
  ])('usage error %j exits 2', async (argv, message) => {
    const result = await cli(argv)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  test('--help shows the commands and examples', async () => {
    const result = await cli(['build', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('--delegation')
    expect(result.stdout).toContain('Examples:')
  })

  test('a broken templates folder is a plain message, exit 1', async () => {
    const result = await cli(['build', CSH, '--templates', tempDir()])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/is not a templates folder/)
  })
})

/** A draft with a warning (a misspelt front matter key, line 3) and an error (an unclosed bracket, line 6). */
const MISTYPED_AND_UNCLOSED = '---\ntitle: T\nsymbl: X\n---\n\nText [COL: open\n'

describe('oasgen check', () => {
  test('reports problems and writes nothing', async () => {
    const src = folderWith({ 'x.md': MISTYPED_AND_UNCLOSED })
    const result = await cli(['check', src])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('x.md:3:1  warning  Unknown front matter key `symbl`; did you mean `symbol`?  front-matter-unknown-key')
    expect(result.stderr).toContain('x.md:6:6  error')
    expect(result.stdout).toContain('1 draft checked: 1 error, 1 warning')
    expect(files(src)).toEqual(['x.md'])
  })

  test('--reporter github: the problems as annotations on a pull request', async () => {
    const src = folderWith({ 'x.md': MISTYPED_AND_UNCLOSED })
    const result = await cli(['check', src, '--reporter', 'github'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    const lines = result.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^::warning file=.*x\.md,line=3,col=1,title=front-matter-unknown-key::Unknown front matter key `symbl`/)
    expect(lines[1]).toMatch(/^::error file=.*x\.md,line=6,col=6,title=annotation-unclosed::/)
    expect(lines[2]).toBe('1 draft checked: 1 error, 1 warning')
  })

  test('--reporter json: one object on stdout, nothing else', async () => {
    const src = folderWith({ 'x.md': '---\ntitle: T\n---\n\nText [COL: open\n', 'y.md': '---\ntitle: T\n---\n\nText.\n' })
    const result = await cli(['check', src, '--reporter', 'json'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    const report = JSON.parse(result.stdout) as { summary: unknown; drafts: Array<{ path: string; failed: boolean; messages: Array<{ line: number; ruleId: string }> }> }
    expect(report.summary).toEqual({ drafts: 2, failed: 1, errors: 1, warnings: 0 })
    expect(report.drafts.map((d) => [d.path.endsWith('x.md'), d.failed, d.messages.map((m) => `${m.line} ${m.ruleId}`)])).toEqual([
      [true, true, ['5 annotation-unclosed']],
      [false, false, []],
    ])
  })

  test('an unknown reporter is a usage error', async () => {
    const result = await cli(['check', 'inputs', '--reporter', 'xml'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Unknown reporter `xml`; the reporters are human, json, github')
  })

  test('the shipped drafts check clean', async () => {
    const result = await cli(['check', 'inputs'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('2 drafts checked: 0 errors, 0 warnings')
  })
})

describe('oasgen check --strict', () => {
  test('is about sponsors only: a bracketed working text with known sponsors passes', async () => {
    const result = await cli(['check', '--strict', join(ROOT, 'inputs', 'csh-omnibus-cyber-2021.md')])
    expect(result.code).toBe(0)
  })

  test('an unknown sponsor fails it', async () => {
    const src = folderWith({ 'x.md': draftText('1. [ZZZ: text].') })
    const result = await cli(['check', '--strict', src])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(':5:5  error  Unknown sponsor `ZZZ`')
  })
})

describe('small things an editor meets', () => {
  test('an unknown view or format names the ones there are', async () => {
    expect((await cli(['build', '--view', 'nope'])).stderr).toContain('the views are: clean, bracketed, full, full-bracketed, delegation')
    expect((await cli(['build', '--format', 'odt'])).stderr).toContain('the formats are: docx, pdf, md, txt, html')
  })

  test('a draft with nothing after its front matter is a warning', async () => {
    const src = folderWith({ 'empty.md': '---\ntitle: T\n---\n' })
    const result = await cli(['check', src])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('empty.md:4:1  warning  The draft has no text after its front matter')
  })

  test('messages come in the order of the draft', async () => {
    const src = folderWith({ 'x.md': '---\ntitle: T\nsymbl: 1\n---\n\n[US: open\n\nand [ZZZ: a]\n' })
    const lines = (await cli(['check', src])).stderr.trim().split('\n')
    expect(lines.map((l) => l.split('  ')[0]!.split(':').slice(-2).join(':'))).toEqual(['3:1', '6:1', '8:6'])
  })

  test('a sponsor whose proposals are all agreed has no delegation document of its own (its view would be the clean text)', async () => {
    const src = tempDir()
    const out = tempDir()
    writeFileSync(join(src, 'd.md'), draftText('1. A [COL agreed: b] [US: c].'))
    expect((await cli(['build', src, '--view', 'delegation', '--format', 'md', '--out', out])).code).toBe(0)
    expect(files(out)).toEqual(['d.delegation-US.md'])
  })
})

test('a usage error does nothing: no build, no new draft', async () => {
  const dir = tempDir()
  mkdirSync(join(dir, 'inputs'))
  writeFileSync(join(dir, 'inputs', 'a.md'), draftText('1. Text.'))
  expect((await cli(['build', '--bogus', '--format', 'md'], dir)).code).toBe(2)
  expect((await cli(['new', 'b.md', '--bogus'], dir)).code).toBe(2)
  expect(files(dir)).toEqual(['inputs/a.md'])
})
