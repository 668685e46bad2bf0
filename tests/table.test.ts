/**
 * The table block of the document model (src/model/types.ts), rendered by every renderer:
 * column widths shared by all formats (src/layout/table.ts), the header row repeated on each
 * page, rules and padding from the layout, and a heading that starts a page (an annex).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { cellText, columnShares, columnWidths } from '../src/layout/table.js'
import type { Block, DocumentModel, Inline, Table } from '../src/model/types.js'
import { renderer } from '../src/render/index.js'
import type { Format } from '../src/render/types.js'
import { templates } from './helpers.js'

const tx = (value: string): Inline[] => [{ type: 'text', value, marks: [] }]
const mex: Inline = {
  type: 'proposal',
  sponsors: ['MEX'],
  tag: 'MEX',
  authors: ['MEX'],
  context: false,
  children: [
    { type: 'deletion', children: tx('the GGE') },
    { type: 'insertion', children: tx(' GEG') },
  ],
}

/** A table of `rows` rows; every fourth row's last cell is long enough to wrap. */
function table(rows: number): Table {
  return {
    type: 'table',
    header: [tx('Reference'), tx('Sponsors'), tx('Words inserted'), tx('Text')],
    align: ['left', 'left', 'right', 'left'],
    rows: Array.from({ length: rows }, (_, i) => [
      tx(`OP${i + 1}.1`),
      tx(i % 3 ? 'COL' : 'CAN/US'),
      tx(String(i * 7)),
      [...tx('Reports of '), mex, ...(i % 4 ? [] : tx(' and a much longer text that wraps over lines in its cell, as draft tables do'))],
    ]),
  }
}

function doc(blocks: Block[]): DocumentModel {
  return { meta: { title: 'Tables', lang: 'en', template: 'resolution', meeting: [], draft: false } as unknown as DocumentModel['meta'], blocks, footnotes: [] }
}

async function render(format: Format, model: DocumentModel): Promise<Uint8Array> {
  const render = await renderer(format)
  return render({ doc: model, layout: templates.layout('resolution', 'en'), registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn: () => {} } })
}
const text = async (format: Format, model: DocumentModel) => new TextDecoder().decode(await render(format, model))

const annexed = (rows: number) =>
  doc([{ type: 'paragraph', role: 'body', content: tx('Before the annex.') }, { type: 'heading', depth: 1, content: tx('ANNEX'), pageBreakBefore: true }, table(rows), { type: 'paragraph', role: 'body', content: tx('After the table.') }])

/** Each page's text, as pdftotext reads it. */
function pdfPages(bytes: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'oasgen-table-'))
  writeFileSync(join(dir, 't.pdf'), bytes)
  return execFileSync('pdftotext', ['-layout', join(dir, 't.pdf'), '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '')
}

describe('column widths', () => {
  test('each column gets at least its longest word and at most its longest cell; the rest is shared', () => {
    const t = { header: [tx('Ref'), tx('Text')], rows: [[tx('OP1.1'), tx('a few words of text')]] }
    expect(columnWidths(t, 40)).toEqual([8, 32]) // both fit whole: in proportion to their longest cells (5 : 19)
    expect(columnWidths(t, 12)).toEqual([5, 7]) // 5 + 19 do not fit; the words (5, 5) do: the rest goes by what each lacks
    expect(columnWidths(t, 8)).toEqual([4, 4]) // not even the words fit: in proportion to them
  })

  test('the model\'s widths win over the content', () => {
    expect(columnWidths({ header: [tx('a'), tx('b')], rows: [], widths: [1, 3] }, 40)).toEqual([10, 30])
  })

  test('a cell\'s text is what it prints: brackets and tags included', () => {
    expect(cellText([...tx('Reports of '), mex])).toBe('Reports of [MEX: the GGE GEG]')
  })

  test('shares sum to one, with room for each column\'s padding', () => {
    const shares = columnShares(table(3), templates.layout('resolution', 'en'))
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9)
    expect(shares[3]).toBeGreaterThan(shares[0]!)
  })
})

describe('every format renders a table', () => {
  test('txt: ruled, wrapped within the page width, numbers to the right', async () => {
    const out = await text('txt', annexed(3))
    const lines = out.split('\n')
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80)
    expect(out).toMatch(/│ Reference │ Sponsors │ +Words │ Text +│/)
    expect(out).toMatch(/│ OP2\.1 +│ COL +│ +7 │ Reports of \[MEX: the GGE GEG\] +│/)
    expect(out).toContain('│ OP1.1     │ CAN/US   │          0 │ Reports of [MEX: the GGE GEG] and a much')
  })

  test('md: a pipe table, the proposal in the draft syntax', async () => {
    const out = await text('md', annexed(2))
    expect(out).toMatch(/\| Reference +\| Sponsors +\| Words inserted \| Text +\|\n\| :-+ \| :-+ \| -+: \| :-+ \|/)
    expect(out).toContain('| OP2.1     | COL      |              7 | Reports of [MEX: ~~the GGE~~ GEG]')
  })

  test('html: header cells, cells with their marks, widths from the layout, rules and padding from the layout', async () => {
    const out = await text('html', annexed(2))
    expect(out).toContain('<thead><tr><th scope="col">Reference</th><th scope="col">Sponsors</th><th scope="col" style="text-align: right">Words inserted</th><th scope="col">Text</th></tr></thead>')
    expect(out).toContain('<td>Reports of <span class="proposal" data-sponsor="MEX" data-context="false"><span class="sponsor">[MEX: </span><del data-sponsor="MEX">the GGE</del> <ins data-sponsor="MEX">GEG</ins><span class="sponsor">]</span></span></td>')
    const widths = [...out.matchAll(/<col style="width: ([\d.]+)%">/g)].map((m) => Number(m[1]))
    expect(widths).toHaveLength(4)
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0)
    expect(out).toContain('.s-table th, .s-table td { border: 0.5pt solid currentColor; padding: 3pt;')
    expect(out).toContain('<h2 class="s-heading new-page">ANNEX</h2>')
  })

  test('docx: a fixed table as wide as the text, its header row repeated, no row split, cells in the table styles', async () => {
    const files = unzipSync(await render('docx', annexed(2)))
    const xml = strFromU8(files['word/document.xml']!)
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml)
    const body = parsed['w:document']['w:body']
    const tbl = [body['w:tbl']].flat().at(-1) // after the header block's
    const grid = [tbl['w:tblGrid']['w:gridCol']].flat().map((c: { 'w:w': string }) => Number(c['w:w']))
    expect(grid.reduce((a, b) => a + b, 0)).toBeCloseTo((612 - 144) * 20, -1)
    expect(tbl['w:tblPr']['w:tblLayout']['w:type']).toBe('fixed')
    const rows = tbl['w:tr']
    expect(rows).toHaveLength(3)
    expect(rows[0]['w:trPr']).toHaveProperty('w:tblHeader')
    expect(rows[1]['w:trPr']).toHaveProperty('w:cantSplit')
    expect(xml).toMatch(/<w:pStyle w:val="OASTableHeader"\/>(?:(?!<\/w:p>).)*Reference/)
    expect(xml).toMatch(/<w:pStyle w:val="OASTableCell"\/><w:jc w:val="right"\/>(?:(?!<\/w:p>).)*>7</)
    expect(xml).toContain('<w:pageBreakBefore/>')
    // A paragraph follows the table: a document must not end with one.
    expect(xml.indexOf('After the table.')).toBeGreaterThan(xml.indexOf('</w:tbl>'))
    const styles = strFromU8(files['word/styles.xml']!)
    expect(styles).toContain('<w:name w:val="OAS Table Header"/>')
    expect(styles).toContain('<w:name w:val="OAS Table Cell"/>')
  })

  test('pdf: the annex starts a page; the header row heads every page the table runs on to; every row once', async () => {
    const rows = 70
    const pages = pdfPages(await render('pdf', annexed(rows)))
    expect(pages.length).toBeGreaterThanOrEqual(4)
    expect(pages[0]).toContain('Before the annex.')
    expect(pages[0]).not.toContain('ANNEX')
    expect(pages[1]).toMatch(/^\s*-2-\s+ANNEX\s+Reference +Sponsors +Words inserted +Text/)
    for (const page of pages.slice(1)) expect(page).toMatch(/^\s*-\d-\s+(?:ANNEX\s+)?Reference +Sponsors +Words inserted +Text/)
    for (let i = 1; i <= rows; i++) expect(pages.join('\n').match(new RegExp(`\\bOP${i}\\.1\\b`, 'g'))).toHaveLength(1)
    expect(pages.at(-1)).toContain('After the table.')
  })

  test('pdf: rules at every column edge and above and below each row, as thick as the layout says', async () => {
    const { typeset } = await import('../src/render/pdf/typeset.js')
    const { built } = typeset(annexed(1), templates.layout('resolution', 'en'), templates.registry(), () => {})
    const rowLines = built.body.flatMap((p) => p.lines).filter((l) => l.cells)
    // The header's line; the row's two lines (its last cell wraps), ruled above the first and below the last.
    expect(rowLines.map((l) => [l.cells!.top, l.cells!.bottom])).toEqual([
      [true, true],
      [true, false],
      [false, true],
    ])
    expect(rowLines[0]!.cells!.thickness).toBe(0.5)
    expect(rowLines[0]!.cells!.edges).toHaveLength(5)
    expect(rowLines[0]!.cells!.edges[0]).toBe(72)
    expect(rowLines[0]!.cells!.edges[4]).toBe(612 - 72)
    // Padding: 3 points above the first line's text and below the last.
    expect(rowLines[1]!.height).toBeCloseTo(rowLines[2]!.height, 6)
    expect(rowLines[0]!.height - rowLines[1]!.height).toBeCloseTo(3, 6)
    expect(rowLines[1]!.baseline - rowLines[2]!.baseline).toBeCloseTo(3, 6)
  })

  test('the same table gives the same bytes in every format', async () => {
    for (const format of ['txt', 'md', 'html', 'docx', 'pdf'] as const) {
      expect(Buffer.from(await render(format, annexed(5))).equals(Buffer.from(await render(format, annexed(5))))).toBe(true)
    }
  })
})
