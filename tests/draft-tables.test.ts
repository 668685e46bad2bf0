// GFM tables in drafts (issue 17: they were flattened into one paragraph of pipes with no
// warning): read as tables, their cells resolved in each view as paragraphs are, and rendered
// through the model's table block in every format.
import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { strFromU8, unzipSync } from 'fflate'
import type { Nodes, Root } from 'mdast'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { extractText } from 'unpdf'
import { describe, expect, test } from 'vitest'
import { mayHoldTable, remarkDraft } from '../src/draft/annotation/plugin.js'
import type { Table } from '../src/model/types.js'
import { proposalsOf } from '../src/proposals/proposals.js'
import { renderer } from '../src/render/index.js'
import type { Format } from '../src/render/types.js'
import { BRACKETED, CLEAN, delegation, md, messages, model, parse, templates, txt } from './helpers.js'

const DRAFT = `---
title: Quotas
---

THE COUNCIL,

RESOLVES:

1. To adopt the quotas below.

| Member state | Quota [US: ~~(%)~~ (per cent)] |
| :--- | ---: |
| Colombia | 1.2 |
| Mexico | [MEX: 8.0] |
| [PER: Peru] | [PER: 0.5][^1] |

[^1]: Provisional.
`

const text = (cells: Table['header']) => cells.map((cell) => txtOf(cell))
const txtOf = (inlines: Table['header'][number]): string =>
  inlines.map((i) => ('value' in i ? i.value : 'children' in i ? txtOf(i.children) : i.type === 'footnoteRef' ? `^${i.number}` : '')).join('')
const tableOf = (view = BRACKETED) => model(DRAFT, view).blocks.find((b): b is Table => b.type === 'table')!

describe('a table in a draft', () => {
  test('is a table of the model: header, rows, alignment; proposals in its cells resolved by the view', () => {
    const bracketed = tableOf()
    expect(text(bracketed.header)).toEqual(['Member state', 'Quota (%) (per cent)'])
    expect(bracketed.rows.map(text)).toEqual([['Colombia', '1.2'], ['Mexico', '8.0'], ['Peru', '0.5^1']])
    expect(bracketed.align).toEqual(['left', 'right'])
    expect(bracketed.rows[1]![1]![0]).toMatchObject({ type: 'proposal', sponsors: ['MEX'] })
    // The clean view: MEX's quota rejected (an empty cell), PER's whole row gone, the note with it.
    const clean = model(DRAFT, CLEAN)
    const table = clean.blocks.find((b): b is Table => b.type === 'table')!
    expect(text(table.header)).toEqual(['Member state', 'Quota (%)'])
    expect(table.rows.map(text)).toEqual([['Colombia', '1.2'], ['Mexico', '']])
    expect(clean.footnotes).toEqual([])
    // A delegation's view shows its own proposals only.
    expect(tableOf(delegation('PER')).rows.map(text)).toEqual([['Colombia', '1.2'], ['Mexico', ''], ['Peru', '0.5^1']])
  })

  test('an annotation stays inside its cell: one that is not closed there is an error at its `[`', () => {
    const draft = parse(`---\ntitle: T\n---\n\n| a | b |\n| - | - |\n| [US: x | y] |\n`)
    expect(messages(draft)).toEqual(['7:3 error annotation-unclosed', '7:13 error annotation-stray-close'])
  })

  test('the md of each view is a table again, and building it again changes nothing', () => {
    for (const view of [CLEAN, BRACKETED, delegation('MEX'), delegation('PER'), delegation('US')]) {
      const once = md(model(DRAFT, view))
      expect(once).toMatch(/^\| Member state +\| +Quota/m)
      expect(md(model(once, view))).toBe(once)
    }
  })

  test('a table in an operative paragraph stays in it in the md: the list goes on after it, the numbers and references kept', () => {
    const draft = ['---', 'title: T', '---', '', 'RESOLVES:', '', '1. To adopt:', '', '   | Item | Amount |', '   | --- | --- |', '   | A | [CAN: ~~10~~ 20] |', '', '2. To end [MEX: now].', ''].join('\n')
    for (const view of [CLEAN, BRACKETED, delegation('CAN')]) {
      const doc = model(draft, view)
      expect(doc.blocks.find((b): b is Table => b.type === 'table')?.level).toBe(1)
      const once = md(doc)
      expect(once).toMatch(/^1\. To adopt:\n\n {3}\| Item \| Amount/m)
      expect(once).toMatch(/^2\. To end/m)
      expect(txt(model(once, view))).toBe(txt(doc))
      expect(md(model(once, view))).toBe(once)
    }
    expect(proposalsOf(parse(md(model(draft, BRACKETED))).tree).proposals.map((p) => p.ref)).toEqual(['OP1.1', 'OP2.1'])
  })

  test('every format prints it as a table, with the marks of the proposals in it', async () => {
    const doc = model(DRAFT)
    const render = async (format: Format) => {
      const bytes = await (await renderer(format))({ doc, layout: templates.layout('resolution', 'en'), registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn: () => {} } })
      return bytes
    }
    const docx = strFromU8(unzipSync(await render('docx'))['word/document.xml']!)
    const table = docx.slice(docx.lastIndexOf('<w:tbl>'))
    expect(table).toContain('Member state')
    expect(table.match(/<w:tr[ >]/g)).toHaveLength(4)
    expect(table).toMatch(/<w:t[^>]*>\[MEX: <\/w:t>/)
    const html = new TextDecoder().decode(await render('html'))
    expect(html).toMatch(/<table[^>]*>[\s\S]*<th[^>]*>Member state<\/th>[\s\S]*<del data-sponsor="US">\(%\)<\/del>[\s\S]*<\/table>/)
    const pdf = (await extractText(await render('pdf'), { mergePages: true })).text
    for (const word of ['Member state', 'Colombia', 'MEX:', '8.0', 'Provisional.']) expect(pdf).toContain(word)
    const plain = txt(doc)
    expect(plain).toMatch(/│ Mexico +│ +\[MEX: 8\.0\] │/)
    expect(plain).not.toContain('| Member state |')
  })
})

describe("a table in a list item sits where the item's text starts", () => {
  const NESTED = `---
title: Quotas
---

RESOLVES:

1. To adopt the quotas below, which the member states agreed at the regular session held in June:

   | Member state | Quota |
   | --- | ---: |
   | Colombia | 1.2 |

   1. to report on them:

      | Year | Note |
      | --- | --- |
      | 2024 | first |

2. To thank the Chair.

| Annex | Page |
| --- | --- |
| outside | lists |
`
  const layout = templates.layout('resolution', 'en')
  const render = async (format: Format) =>
    (await renderer(format))({ doc: model(NESTED), layout, registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn: () => {} } })
  const margin = layout.page.margins.left
  const textWidth = layout.page.size[0] - layout.page.margins.left - layout.page.margins.right
  // The operative paragraph's text starts after its first-line indent and its number's room; a subparagraph's at its indent.
  const operative = layout.styles.operative.firstLine! + layout.styles.operative.numberWidth!
  const subparagraph = layout.styles.subparagraph.indent!

  test('DOCX: an operative paragraph\'s and a subparagraph\'s table indented to their text, to the right margin; one outside lists as wide as the text', async () => {
    const xml = strFromU8(unzipSync(await render('docx'))['word/document.xml']!)
    const tables = [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/g)].map(([t]) => t).filter((t) => t.includes('w:sz="4"'))
    const indentOf = (t: string) => Number(/<w:tblInd w:type="dxa" w:w="(\d+)"\/>/.exec(t)?.[1] ?? 0)
    const widthOf = (t: string) => Number(/<w:tblW w:type="dxa" w:w="(\d+)"\/>/.exec(t)![1])
    expect(tables.map((t) => /Member state|Year|Annex/.exec(t)![0])).toEqual(['Member state', 'Year', 'Annex'])
    expect(tables.map(indentOf)).toEqual([operative * 20, subparagraph * 20, 0])
    for (const t of tables) expect(Math.abs(indentOf(t) + widthOf(t) - textWidth * 20)).toBeLessThanOrEqual(2)
  })

  test('PDF: the first cell\'s text starts at the item\'s text, inside the padding; outside lists at the margin', async () => {
    const bbox = execFileSync('pdftotext', ['-bbox', '-', '-'], { input: await render('pdf'), encoding: 'utf8' })
    const xOf = (word: string) => Number(new RegExp(`<word xMin="([\\d.]+)"[^>]*>${word}</word>`).exec(bbox)![1])
    const { padding } = layout.table
    expect(xOf('To') - margin).toBeCloseTo(operative, 0)
    expect(xOf('Member') - margin).toBeCloseTo(operative + padding, 0)
    expect(xOf('Year') - margin).toBeCloseTo(subparagraph + padding, 0)
    expect(xOf('Annex') - margin).toBeCloseTo(padding, 0)
  })
})

describe('a text that cannot hold a table is read without the table syntax (mayHoldTable)', () => {
  const withTables = unified().use(remarkParse).use(remarkDraft).freeze()
  const withoutTables = unified().use(remarkParse).use(remarkDraft, { tables: false }).freeze()
  const tree = (processor: typeof withTables, text: string) => processor.runSync(processor.parse(text), new VFile({ value: text })) as Root
  const hasTable = (node: Nodes): boolean => node.type === 'table' || ('children' in node && node.children.some(hasTable))
  // Blocks of lines made of what tables, quotations, lists and setext headings are written with,
  // the lines of a block in the same containers (a quotation, a list item) but at times.
  const prefix = fc.constantFrom('', '', '> ', '>', '  ', '   ', '> > ', '1. ', '- ', '\t', '    ', '[^1]: ')
  const row = fc.constantFrom('| a |', 'a | b', '| a | b |', 'a', '|a', 'b [US: c]', '| `|` |', 'a \\| b')
  const delimiter = fc.constantFrom('| - |', '-|-', ':-:', '|:--|--:|', '---', '- | -', ' -', '|-', '--', ':-', '| -- | -- |', '===')
  const piece = fc.constantFrom('|', '-', ':', ' ', '\t', 'a', '|-|', ':-:', '=')
  const content = fc.oneof(row, delimiter, fc.array(piece, { maxLength: 5 }).map((pieces) => pieces.join('')))
  const block = fc
    .tuple(prefix, fc.array(fc.tuple(content, fc.boolean(), prefix), { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n'))
    .map(([start, lines, end]) => lines.map(([line, same, other]) => (same ? start : other) + line).join(end))
  const text = fc.array(fc.tuple(block, fc.constantFrom('\n', '\n\n')), { minLength: 1, maxLength: 4 }).map((blocks) => blocks.map(([b, end]) => b + end).join(''))

  test('a text with a table is one mayHoldTable says may hold one; one it says cannot is read the same either way', () => {
    let tables = 0
    let without = 0
    fc.assert(
      fc.property(text, (text) => {
        const full = tree(withTables, text)
        if (hasTable(full)) tables++
        if (mayHoldTable(text)) return
        without++
        expect(hasTable(full)).toBe(false)
        expect(tree(withoutTables, text)).toEqual(full)
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150) * 10 },
    )
    // The generator makes both kinds of text.
    expect(tables).toBeGreaterThan(100)
    expect(without).toBeGreaterThan(100)
  })

  test('the draft above may hold a table; a draft of paragraphs and lists cannot', () => {
    expect(mayHoldTable(DRAFT)).toBe(true)
    expect(mayHoldTable('> | a |\n> | - |')).toBe(true)
    expect(mayHoldTable('a\n:-')).toBe(true)
    expect(mayHoldTable('THE COUNCIL,\n\nRESOLVES:\n\n1. To act [US: now] - or | later.\n\n---\n\n- a\n- b')).toBe(false)
  })
})
