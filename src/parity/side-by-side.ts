/**
 * Two language versions of a draft side by side, as one document model: a two-column table,
 * one row per paragraph (the reference's on the left, the other's on the right), each column
 * numbered with its own language's labels (`a.` beside `a)`), which every renderer prints as it
 * prints any table. Delegations negotiate across languages on it.
 *
 * It is made from the two versions' resolved models (the same view of each), never from their
 * drafts again, and it holds nothing a renderer would not know: a renderer never knows what
 * parity is.
 */
import type { Layout } from '../layout/load.js'
import { numberLabel } from '../layout/compose.js'
import type { Block, Cell, DocumentModel, Footnote, Inline } from '../model/types.js'
import { align } from './align.js'

/** One column: a version's resolved model and the layout of its language. */
export interface Column {
  doc: DocumentModel
  layout: Layout
}

/**
 * The side-by-side model of `left` (the reference) and `right`. The page around the table is
 * the left version's (header block, title area: its layout and labels); the title and note are
 * both versions', joined by ` / `. Blocks pair by position when both have as many, else where
 * a diff of their kind and number places the extra ones (a row with one cell empty).
 */
export function sideBySide(left: Column, right: Column): DocumentModel {
  const rows = align(left.doc.blocks, right.doc.blocks, blockSignature).map((pair) => [
    pair.a ? cellOf(pair.a, left.layout) : [],
    pair.b ? cellOf(pair.b, right.layout) : [],
  ])
  const meta = { ...left.doc.meta, title: joined(left.doc.meta.title, right.doc.meta.title)! }
  const note = joined(left.doc.meta.note, right.doc.meta.note)
  if (note === undefined) delete meta.note
  else meta.note = note
  return {
    meta,
    ...(left.doc.delegation ? { delegation: left.doc.delegation } : {}),
    blocks: [{ type: 'table', header: [heading(left.layout), heading(right.layout)], rows, widths: [1, 1] }],
    footnotes: footnotes(left.doc.footnotes, right.doc.footnotes),
  }
}

/** The column's title: the language's name in itself (`English`, `Español`). */
function heading(layout: Layout): Cell {
  const name = layout.locale.languages[layout.lang] ?? layout.lang
  return [{ type: 'text', value: name.charAt(0).toLocaleUpperCase(layout.lang) + name.slice(1), marks: [] }]
}

const joined = (a: string | undefined, b: string | undefined): string | undefined => (a && b && a !== b ? `${a} / ${b}` : (a ?? b))

/**
 * What can pair two blocks without reading their words: their kind, role or level, and how many
 * proposals and footnote marks they hold (not their number: a paragraph one version adds
 * renumbers the ones after it).
 */
function blockSignature(block: Block): string {
  const kind =
    block.type === 'paragraph' ? `p:${block.role}` : block.type === 'numbered' ? `n:${block.list}:${block.level}` : block.type === 'heading' ? `h:${block.depth}` : 'level' in block ? `${block.type}:${block.level}` : block.type
  const marks = { proposal: 0, footnoteRef: 0 }
  const count = (inlines: readonly Inline[]): void => {
    for (const inline of inlines) {
      if (inline.type === 'proposal' || inline.type === 'footnoteRef') marks[inline.type]++
      if ('children' in inline) count(inline.children)
    }
  }
  if ('content' in block) count(block.content)
  return `${kind}:${marks.proposal}:${marks.footnoteRef}`
}

/** A block as one cell: a numbered paragraph with its label in the column's language, a heading in bold. */
function cellOf(block: Block, layout: Layout): Cell {
  const text = (value: string): Inline => ({ type: 'text', value, marks: [] })
  switch (block.type) {
    case 'paragraph':
    case 'continuation':
      return block.content
    case 'numbered':
      // The label tells the level (`1.`, `a)`, `i)`): a cell has no indents.
      return [text(`${numberLabel(layout, block.level, block.number)} `), ...block.content]
    case 'bullet':
      return [text('• '), ...block.content]
    case 'heading':
      return block.content.map(bold)
    case 'rule':
      return [text('—')]
    case 'table':
      // A table cannot sit in a cell: its header and rows as lines of text, cells parted by `|`.
      return [block.header, ...block.rows].flatMap((row, i) => [...(i > 0 ? [{ type: 'break' } as const] : []), ...row.flatMap((cell, c) => [...(c > 0 ? [text(' | ')] : []), ...cell])])
  }
}

function bold(inline: Inline): Inline {
  if (inline.type === 'text') return inline.marks.includes('bold') ? inline : { ...inline, marks: [...inline.marks, 'bold'] }
  if ('children' in inline) return { ...inline, children: inline.children.map(bold) } as Inline
  return inline
}

/**
 * One footnote per number: the left version's note, then the right version's, so that the mark
 * `1/` in either column leads to the note in both languages.
 */
function footnotes(left: readonly Footnote[], right: readonly Footnote[]): Footnote[] {
  const count = Math.max(left.length, right.length)
  return Array.from({ length: count }, (_, i) => {
    const [a, b] = [left[i], right[i]]
    return { number: i + 1, label: a?.label ?? b!.label, paragraphs: [...(a?.paragraphs ?? []), ...(b?.paragraphs ?? [])] }
  })
}
