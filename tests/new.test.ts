// `oasgen new` and `oasgen layouts`: a skeleton for every layout and language that checks and
// builds cleanly at once, never overwriting a file unless asked; the list of what is available.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { LANGUAGES } from '../src/draft/frontmatter.js'
import { DEFAULT_TEMPLATES } from '../src/layout/load.js'
import { ROOT, cli, tempDir, templates } from './helpers.js'



describe('oasgen new', () => {
  const layouts = templates.layouts()

  test('the shipped layouts', () => {
    expect(layouts).toEqual(['committee', 'declaration', 'resolution', 'working-paper'])
  })

  describe.each(layouts)('%s', (layout) => {
    test.each(LANGUAGES)('in %s: new, then check and build: no error, no warning', async (lang) => {
      const dir = tempDir()
      const written = await cli(['new', 'draft.md', '--layout', layout, '--lang', lang], dir)
      expect(written.stderr).toBe('')
      expect(written.code).toBe(0)
      expect(written.stdout).toContain(`draft.md: a new ${layout} in ${templates.locale(lang).name}`)
      const text = readFileSync(join(dir, 'draft.md'), 'utf8')
      expect(text).toMatch(new RegExp(`^---\\ntemplate: ${layout}\\nlang: ${lang}\\n`))

      const checked = await cli(['check', 'draft.md'], dir)
      expect(checked.stderr).toBe('')
      expect(checked.stdout).toBe('1 draft checked: 0 errors, 0 warnings\n')
      expect(checked.code).toBe(0)

      const built = await cli(['build', 'draft.md', '--format', 'txt,md', '--out', 'out'], dir)
      expect(built.stderr).toBe('')
      expect(built.stdout).toContain('0 errors, 0 warnings')
      expect(built.code).toBe(0)
    })
  })

  test('the skeleton has the parts a draft has, the words of its language, and a fixed date', async () => {
    const dir = tempDir()
    await cli(['new', 'en.md', '--layout', 'resolution'], dir)
    expect(readFileSync(join(dir, 'en.md'), 'utf8')).toBe(
      [
        '---',
        'template: resolution',
        'lang: en',
        'organ: GENERAL ASSEMBLY',
        'meeting:',
        '  - NAME OF THE SESSION',
        '  - Dates of the session',
        '  - Place of the session',
        'series: OEA/Ser.P',
        'symbol: AG/RES. 1 (LVI-O/26)',
        'date: 2026-01-01',
        'original: en',
        'title: Title of the resolution',
        'note: Considered at the first meeting, held on January 1, 2026',
        'draft: true',
        'job: AG00001E01',
        '---',
        '',
        'THE GENERAL ASSEMBLY,',
        '',
        'HAVING SEEN the report of the General Secretariat on this subject,',
        '',
        'RESOLVES:',
        '',
        '1. To request the General Secretariat to:',
        '',
        '   1. support the member states in this field.',
        '',
        '2. To keep this matter under review.[^1]',
        '',
        '[^1]: The Delegation of … places on record its position on this paragraph.',
        '',
      ].join('\n'),
    )
  })

  test('the words come from the locale: a declaration in French', async () => {
    const dir = tempDir()
    await cli(['new', 'fr.md', '--layout', 'declaration', '--lang', 'fr'], dir)
    const text = readFileSync(join(dir, 'fr.md'), 'utf8')
    expect(text).toContain('symbol: AG/DEC. 1 (LVI-O/26)\n')
    expect(text).toContain("\nL'ASSEMBLÉE GÉNÉRALE,\n")
    expect(text).toContain('\nDÉCLARE :\n')
    expect(text).toContain('title: Titre de la déclaration\n')
  })

  test('the committee layout: council and committee names as the meeting lines', async () => {
    const dir = tempDir()
    await cli(['new', 'c.md', '--layout', 'committee', '--lang', 'es'], dir)
    const text = readFileSync(join(dir, 'c.md'), 'utf8')
    expect(text).toContain('meeting:\n  - CONSEJO PERMANENTE DE LA\n  - ORGANIZACIÓN DE LOS ESTADOS AMERICANOS\n  - COMISIÓN DE SEGURIDAD HEMISFÉRICA\n')
    expect(text).toContain('symbol: CP/CSH-1/26\n')
    expect(text).not.toContain('organ:')
  })

  test('the working paper has the CSH seed’s shape: no symbol, numbered paragraphs only', async () => {
    const dir = tempDir()
    await cli(['new', 'wp.md', '--layout', 'working-paper'], dir)
    const text = readFileSync(join(dir, 'wp.md'), 'utf8')
    expect(text).not.toContain('symbol:')
    expect(text.split('\n---\n\n')[1]).toMatch(/^1\. /)
  })

  test('the same command writes the same bytes, whatever the day', async () => {
    const a = tempDir()
    const b = tempDir()
    await cli(['new', 'x.md', '--layout', 'committee', '--lang', 'pt'], a)
    await cli(['new', 'x.md', '--layout', 'committee', '--lang', 'pt'], b)
    const text = readFileSync(join(a, 'x.md'), 'utf8')
    expect(readFileSync(join(b, 'x.md'), 'utf8')).toBe(text)
    expect(text).not.toContain(new Date().toISOString().slice(0, 10))
  })

  test('folders on the way are made', async () => {
    const dir = tempDir()
    expect((await cli(['new', 'drafts/2026/x.md'], dir)).code).toBe(0)
    expect(existsSync(join(dir, 'drafts', '2026', 'x.md'))).toBe(true)
  })

  test('an existing file is refused (exit 2) and left alone, unless --force', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'x.md'), 'mine')
    const refused = await cli(['new', 'x.md', '--lang', 'es'], dir)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('x.md exists; choose another name, or overwrite it with --force')
    expect(readFileSync(join(dir, 'x.md'), 'utf8')).toBe('mine')
    const forced = await cli(['new', 'x.md', '--lang', 'es', '--force'], dir)
    expect(forced.code).toBe(0)
    expect(readFileSync(join(dir, 'x.md'), 'utf8')).toContain('lang: es\n')
  })

  test('`force` in the config file (meant for builds) does not overwrite', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'oasgen.config.json'), JSON.stringify({ force: true }))
    writeFileSync(join(dir, 'x.md'), 'mine')
    expect((await cli(['new', 'x.md'], dir)).code).toBe(2)
    expect(readFileSync(join(dir, 'x.md'), 'utf8')).toBe('mine')
  })

  test.each([
    [['new', 'x.md', '--layout', 'minutes'], 'Unknown layout `minutes`; the layouts are: committee, declaration, resolution, working-paper'],
    [['new', 'x.md', '--lang', 'de'], 'Unknown language `de`; the languages are: en, es, fr, pt'],
    [['new'], 'Missing required argument: file'],
  ])('usage errors exit 2: %j', async (argv, message) => {
    const dir = tempDir()
    const result = await cli(argv, dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(readdirSync(dir)).toEqual([])
  })

  test('a skeleton that does not check cleanly is a template error (exit 1), and nothing is written', async () => {
    const dir = tempDir()
    const folder = join(dir, 'templates')
    cpSync(DEFAULT_TEMPLATES, folder, { recursive: true })
    const file = join(folder, 'layouts', 'declaration', 'layout.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('symbol: AG/DEC. 1 (LVI-O/26)', 'symbol: DECLARATION ONE'))
    const result = await cli(['new', 'x.md', '--layout', 'declaration', '--templates', folder], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('layouts/declaration/layout.yaml: the skeleton in en does not check cleanly')
    expect(result.stderr).toContain('symbol-unrecognised')
    expect(existsSync(join(dir, 'x.md'))).toBe(false)
  })

  test('a word missing from the locale is a template error naming the file', async () => {
    const dir = tempDir()
    const folder = join(dir, 'templates')
    cpSync(DEFAULT_TEMPLATES, folder, { recursive: true })
    const file = join(folder, 'locales', 'pt.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}preamble: .*\n/m, ''))
    const result = await cli(['new', 'x.md', '--lang', 'pt', '--templates', folder], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/layouts\/resolution\/layout\.yaml: skeleton\.body failed for pt \(templates\/locales\/pt\.yaml, `skeleton`\): .*preamble/)
  })

  test('through the real binary', () => {
    const dir = tempDir()
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'oasgen.js'), 'new', 'x.md', '--layout', 'declaration', '--lang', 'es'], { cwd: dir, encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(readFileSync(join(dir, 'x.md'), 'utf8')).toContain('\nDECLARA:\n')
  })
})

describe('oasgen layouts', () => {
  test('lists the layouts with their descriptions, and the languages with their names', async () => {
    const result = await cli(['layouts'], tempDir())
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      [
        'Layouts (--layout):',
        '  committee      Document of a Permanent Council committee, with council and committee names on the left of the header block',
        '  declaration    Declaration of a body, laid out as a resolution; labelled DRAFT DECLARATION',
        '  resolution     Resolution of a body (General Assembly, Permanent Council, CICTE …), with header block and symbol above the title',
        '  working-paper  Working paper of a committee or working group, with no symbol above the title',
        '',
        'Languages (--lang):',
        '  en  English',
        '  es  español',
        '  fr  français',
        '  pt  português',
        '',
      ].join('\n'),
    )
  })

  test('--templates lists another folder; a broken layout there is a template error', async () => {
    const dir = tempDir()
    cpSync(DEFAULT_TEMPLATES, dir, { recursive: true })
    writeFileSync(join(dir, 'layouts', 'working-paper', 'layout.yaml'), 'extends: resolution\npage: { size: [1] }\n')
    const result = await cli(['layouts', '--templates', dir], tempDir())
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('layouts/working-paper/layout.yaml is not valid')
  })
})
