// Issue 15: `oasgen build --side-by-side es` — two language versions in two columns, through the
// document model's table block and the usual renderers (src/parity/side-by-side.ts, build.ts).
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { cellText } from '../src/layout/table.js'
import type { Table } from '../src/model/types.js'
import { sideBySide } from '../src/parity/side-by-side.js'
import { BRACKETED, CLEAN, ROOT, cli, files, folderWith, parse, resolve, templates, tempDir } from './helpers.js'

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'parity')
const HAS_PDFTOTEXT = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const fixture = (lang: string) => readFileSync(join(FIXTURES, `res-cyber.${lang}.md`), 'utf8')

function model(left: string, right: string, view = BRACKETED) {
  const column = (lang: string, text: string) => {
    const draft = parse(text, { path: `res-cyber.${lang}.md` })
    const { doc } = resolve(draft, view)
    return { doc, layout: templates.layout(doc.meta.template, doc.meta.lang) }
  }
  return sideBySide(column('en', left), column('es', right))
}

const rowsOf = (table: Table) => table.rows.map((row) => row.map(cellText))

describe('the side-by-side model', () => {
  test('one table: a header of the languages in themselves, a row per paragraph, each column labelled in its language', () => {
    const doc = model(fixture('en'), fixture('es'))
    expect(doc.blocks).toHaveLength(1)
    const table = doc.blocks[0] as Table
    expect(table.type).toBe('table')
    expect(table.header.map(cellText)).toEqual(['English', 'Español'])
    expect(table.widths).toEqual([1, 1])
    const rows = rowsOf(table)
    expect(rows.map(([a, b]) => [a!.slice(0, 12), b!.slice(0, 12)])).toEqual([
      ['THE MEMBER S', 'LOS ESTADOS '],
      ['TAKING INTO ', 'TENIENDO EN '],
      ['CONSIDERING ', 'CONSIDERANDO'],
      ['RECALLING re', 'RECORDANDO l'],
      ['RESOLVES:', 'RESUELVE:'],
      ['1. To urge m', '1. Instar a '],
      ['a. strengthe', 'a) el fortal'],
      ['b. promoting', 'b) la promoc'],
      ['2. To promot', '2. Promover '],
      ['3. [COL: [To', '3. [COL: [So'],
      ['4. [US: To e', '4. [EUA: Res'],
      ['5. To reques', '5. Solicitar'],
      ['6. To conven', '6. Convocar '],
    ])
  })

  test('the page around it is the reference version\'s; the titles and notes of both, joined', () => {
    const doc = model(fixture('en'), fixture('es'))
    expect(doc.meta.lang).toBe('en')
    expect(doc.meta.title).toBe('Cooperation and Confidence-Building Measures in Cyberspace / Cooperación y medidas de fomento de la confianza en el ciberespacio')
    expect(doc.meta.note).toBe('Considered at the third meeting of the Working Group on July 27, 2021 / Considerado en la tercera reunión del Grupo de Trabajo, celebrada el 27 de julio de 2021')
  })

  test('a footnote holds the note in both languages, so that 1/ in either column leads to both', () => {
    const doc = model(fixture('en'), fixture('es'))
    expect(doc.footnotes).toHaveLength(1)
    expect(doc.footnotes[0]!.paragraphs.map((p) => cellText(p).slice(0, 20))).toEqual(['The United States jo', 'Los Estados Unidos s'])
  })

  test('a paragraph one version lacks leaves its cell empty; the rows after it still pair', () => {
    const es = fixture('es').replace('   2. la promoción del Portal', '   2. el intercambio de buenas prácticas; y\n   3. la promoción del Portal')
    const rows = rowsOf(model(fixture('en'), es).blocks[0] as Table)
    // The added sub-paragraph is b) (it holds no proposal; c) holds the CAN/USA one, as b. does).
    expect(rows.map(([a, b]) => [a!.slice(0, 3), b!.slice(0, 3)]).slice(6, 10)).toEqual([
      ['a. ', 'a) '],
      ['', 'b) '],
      ['b. ', 'c) '],
      ['2. ', '2. '],
    ])
    expect(rows[8]![1]).toContain('[CAN, EUA:')
  })

  test('a table of the draft: its header and rows as lines of its cell', () => {
    const table = (year: string) => `\n| Year | Sponsor |\n| --- | --- |\n| ${year} | [US: x] |\n`
    const rows = rowsOf(model(fixture('en') + table('2021'), fixture('es') + table('2021')).blocks[0] as Table)
    expect(rows[rows.length - 1]).toEqual(['Year | Sponsor 2021 | [US: x]', 'Year | Sponsor 2021 | [US: x]'])
  })

  test('each view of both versions: the clean view drops the rejected paragraphs on both sides alike', () => {
    const rows = rowsOf(model(fixture('en'), fixture('es'), CLEAN).blocks[0] as Table)
    // Paragraphs 3 and 4 are proposals not agreed: gone from both columns; 5 and 6 are now 3 and 4.
    expect(rows.map(([a, b]) => [a!.slice(0, 12), b!.slice(0, 12)]).slice(-5)).toEqual([
      ['a. strengthe', 'a) el fortal'],
      ['b. promoting', 'b) la promoc'],
      ['2. To promot', '2. Promover '],
      ['3. To reques', '3. Solicitar'],
      ['4. To conven', '4. Convocar '],
    ])
  })
})

describe('oasgen build --side-by-side', () => {
  test('DOCX, PDF, HTML, TXT and MD of each set, named <name>.<view>.<ref>-<lang>.<format>, listed in the manifest', async () => {
    const out = tempDir()
    const result = await cli(['build', FIXTURES, '--side-by-side', 'es', '--format', 'docx,pdf,html,txt,md', '--out', out])
    expect(result.code).toBe(0)
    expect(files(out)).toEqual(['res-cyber.bracketed.en-es.docx', 'res-cyber.bracketed.en-es.html', 'res-cyber.bracketed.en-es.md', 'res-cyber.bracketed.en-es.pdf', 'res-cyber.bracketed.en-es.txt'])
    expect(result.stdout).toContain('res-cyber.es.md → 5 files')
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.outputs[0]).toMatchObject({ input: `${join(FIXTURES, 'res-cyber.en.md')} + ${join(FIXTURES, 'res-cyber.es.md')}`, view: 'bracketed', format: 'docx' })

    // DOCX: a Word table of two cells a row, English on the left, Spanish on the right, each with its labels.
    const xml = strFromU8(unzipSync(readFileSync(join(out, 'res-cyber.bracketed.en-es.docx')))['word/document.xml']!)
    const parsed = new XMLParser({ ignoreAttributes: true, trimValues: false, parseTagValue: false, isArray: (name) => ['w:tbl', 'w:tr', 'w:tc', 'w:p', 'w:r', 'w:t'].includes(name) }).parse(xml)
    type Node = Record<string, unknown>
    const texts = (node: unknown): string =>
      Array.isArray(node) ? node.map(texts).join('') : node && typeof node === 'object' ? Object.entries(node as Node).map(([k, v]) => (k === 'w:t' ? (v as unknown[]).map((t) => (typeof t === 'object' ? String((t as Node)['#text'] ?? '') : String(t))).join('') : texts(v))).join('') : ''
    const tables = (parsed['w:document']['w:body']['w:tbl'] as Node[]).map((tbl) => (tbl['w:tr'] as Node[]).map((tr) => (tr['w:tc'] as Node[]).map(texts)))
    const rows = tables.find((t) => t[0]?.[0] === 'English')!
    expect(rows[0]).toEqual(['English', 'Español'])
    expect(rows.every((row) => row.length === 2)).toBe(true)
    expect(rows).toContainEqual(['RESOLVES:', 'RESUELVE:'])
    expect(rows.find((row) => row[0]!.startsWith('b. '))?.[1]).toMatch(/^b\) la promoción del Portal de Puntos de Contacto \[CAN, EUA: y el intercambio/)

    // PDF: the rows side by side on the page (pdftotext keeps the layout; .ci/run installs it).
    if (HAS_PDFTOTEXT) {
      const pdf = execFileSync('pdftotext', ['-layout', join(out, 'res-cyber.bracketed.en-es.pdf'), '-'], { encoding: 'utf8' })
      expect(pdf.split('\n').find((line) => line.includes('RESOLVES:'))).toMatch(/RESOLVES:\s+RESUELVE:/)
      expect(pdf).toMatch(/a\. strengthening national capacities; and\s+a\) el fortalecimiento de las capacidades nacionales; y/)
      expect(pdf).toContain('English')
    } else {
      console.warn('pdftotext (poppler-utils) is missing: the side-by-side PDF text is not checked')
    }

    // HTML: a table with the two languages as its header.
    const html = readFileSync(join(out, 'res-cyber.bracketed.en-es.html'), 'utf8')
    expect(html).toMatch(/<th[^>]*>English<\/th>\s*<th[^>]*>Español<\/th>/)
    expect(html).toContain('data-sponsor="EUA"')
  })

  test('a build of the drafts into the same folder keeps the side-by-side; once a draft of the pair is gone, it goes', async () => {
    const dir = folderWith({ 'r.en.md': fixture('en'), 'r.es.md': fixture('es') })
    const out = tempDir()
    await cli(['build', dir, '--side-by-side', 'es', '--format', 'txt', '--out', out])
    expect((await cli(['build', dir, '--view', 'clean', '--format', 'txt', '--out', out])).code).toBe(0)
    expect(files(out)).toEqual(['r.bracketed.en-es.txt', 'r.en.clean.txt', 'r.es.clean.txt'])
    rmSync(join(dir, 'r.es.md'))
    expect((await cli(['build', dir, '--view', 'clean', '--format', 'txt', '--out', out])).code).toBe(0)
    expect(files(out)).toEqual(['r.en.clean.txt'])
  })

  test('the same inputs give the same bytes', async () => {
    const [a, b] = [tempDir(), tempDir()]
    for (const out of [a, b]) await cli(['build', FIXTURES, '--side-by-side', 'fr', '--format', 'docx,pdf', '--out', out])
    for (const name of ['res-cyber.bracketed.en-fr.docx', 'res-cyber.bracketed.en-fr.pdf']) expect(readFileSync(join(a, name)).equals(readFileSync(join(b, name)))).toBe(true)
  })

  test('versions that drift: a warning, and still built; --strict: an error, and nothing written', async () => {
    const dir = folderWith({ 'r.en.md': fixture('en'), 'r.pt.md': fixture('pt').replace('primeiro semestre de 2022', 'primeiro semestre de 2023') })
    const out = tempDir()
    const loose = await cli(['build', dir, '--side-by-side', 'pt', '--format', 'txt', '--out', out])
    expect(loose.code).toBe(0)
    expect(loose.stderr).toContain('r.pt.md:41:75  warning  operative paragraph 6: the English text has 2022 where the Portuguese text has 2023  parity-figures')
    expect(files(out)).toEqual(['r.bracketed.en-pt.txt'])
    const strictOut = tempDir()
    const strict = await cli(['build', dir, '--side-by-side', 'pt', '--format', 'txt', '--strict', '--out', strictOut])
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('r.pt.md:41:75  error')
    expect(files(strictOut)).toEqual([])
  })

  test('--view delegation: one document per sponsor with a pending proposal in the reference', async () => {
    const out = tempDir()
    const result = await cli(['build', FIXTURES, '--side-by-side', 'pt', '--view', 'delegation', '--format', 'txt', '--out', out])
    expect(result.code).toBe(0)
    expect(files(out)).toEqual(['CAN', 'COL', 'MEX', 'US', 'CHL'].map((c) => `res-cyber.delegation-${c}.en-pt.txt`).sort())
  })

  test('usage errors: an unknown language, a language no set has, the reference itself', async () => {
    const unknown = await cli(['build', FIXTURES, '--side-by-side', 'de', '--out', tempDir()])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Unknown language `de` for --side-by-side')
    const dir = folderWith({ 'r.en.md': fixture('en'), 'r.fr.md': fixture('fr') })
    const absent = await cli(['build', dir, '--side-by-side', 'es', '--out', tempDir()])
    expect(absent.code).toBe(2)
    expect(absent.stderr).toContain(`No set of language versions with a es version to put beside its reference among ${dir}: ${join(dir, 'r')}: no es version that could be read`)
    const itself = await cli(['build', dir, '--side-by-side', 'en', '--out', tempDir()])
    expect(itself.code).toBe(2)
    expect(itself.stderr).toContain('its reference is the en version itself')
  })

  test('nothing is written outside the output folder, and a draft with errors writes nothing', async () => {
    const dir = folderWith({ 'r.en.md': fixture('en'), 'r.es.md': fixture('es').replace('[CHL: ~~antes del~~ en el]', '[CHL: ~~antes del en el]') })
    writeFileSync(join(dir, 'README.md'), '# not a draft')
    const out = tempDir()
    const result = await cli(['build', dir, '--side-by-side', 'es', '--format', 'txt', '--out', out])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('annotation-deletion-unclosed')
    expect(files(out)).toEqual([])
    expect(files(dir)).toEqual(['README.md', 'r.en.md', 'r.es.md'])
  })
})
