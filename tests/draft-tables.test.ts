// GFM tables in drafts (issue 17: they were flattened into one paragraph of pipes with no
// warning): read as tables, their cells resolved in each view as paragraphs are, and rendered
// through the model's table block in every format.
import { strFromU8, unzipSync } from 'fflate'
import { extractText } from 'unpdf'
import { describe, expect, test } from 'vitest'
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
