/**
 * How wide a table's columns are, the same for every format: the model's `widths` when it
 * gives them, else from the content, as a browser's automatic table layout does. Each column
 * gets at least its longest word, at most its longest cell; what is left over (or missing) is
 * shared by how much more each column would take. Measured in characters, so that the
 * terminal, the txt, the PDF, the DOCX and the HTML break a table's cells alike.
 */
import { runs } from '../model/runs.js'
import type { Cell, Table } from '../model/types.js'
import { numberedStyle } from './compose.js'
import type { Layout } from './load.js'

/** A cell's text as printed, brackets and tags included. */
export function cellText(cell: Cell): string {
  return runs(cell)
    .map((run) => (run.type === 'footnote' ? '0/' : run.type === 'break' ? ' ' : run.text))
    .join('')
}

/**
 * Widths of the columns in characters, summing to `total` (at most `total` without `fill`: a
 * table that fits keeps its natural widths), each at least `least`.
 */
export function columnWidths(table: Pick<Table, 'header' | 'rows' | 'widths'>, total: number, least = 1, fill = true): number[] {
  const columns = table.header.length
  if (columns === 0) return []
  if (table.widths?.length === columns && table.widths.every((w) => w > 0)) {
    return distribute(table.widths, total, least)
  }
  const texts = (c: number) => [table.header[c] ?? [], ...table.rows.map((row) => row[c] ?? [])].map(cellText)
  const longestWord = (text: string) => Math.max(0, ...text.split(/\s+/).map((w) => [...w].length))
  const min = Array.from({ length: columns }, (_, c) => Math.max(least, ...texts(c).map(longestWord)))
  const max = Array.from({ length: columns }, (_, c) => Math.max(least, ...texts(c).map((t) => [...t.trim()].length)))
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  if (sum(max) <= total) return fill ? distribute(max, total, least) : max
  if (sum(min) >= total) return distribute(min, total, least)
  const spare = (total - sum(min)) / (sum(max) - sum(min))
  return distribute(
    min.map((m, c) => m + (max[c]! - m) * spare),
    total,
    least,
  )
}

/** Whole widths in proportion to `weights`, at least `least` each, summing to `total` where they can. */
function distribute(weights: number[], total: number, least: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => Math.max(least, (w / sum) * total))
  const out = exact.map(Math.floor)
  // The characters left by rounding down go to the columns that lost the most.
  let left = total - out.reduce((a, b) => a + b, 0)
  const order = exact.map((w, c) => ({ c, loss: w - Math.floor(w) })).sort((a, b) => b.loss - a.loss || a.c - b.c)
  for (let i = 0; left > 0 && order.length > 0; i = (i + 1) % order.length, left--) out[order[i]!.c]!++
  return out
}

/** About how many characters of the table's text fit across the layout's text width. */
export function tableCharacters(layout: Layout): number {
  const { size, margins } = layout.page
  const fontSize = layout.styles['table-cell'].size ?? layout.font.size
  // A character of Times New Roman, bold capitals and spaces included, is about 0.55 em on average.
  return Math.max(10, Math.floor((size[0] - margins.left - margins.right) / (fontSize * 0.55)))
}

/** The columns' shares of the text width, summing to 1, for a page laid out by `layout`. */
export function columnShares(table: Pick<Table, 'header' | 'rows' | 'widths'>, layout: Layout): number[] {
  // Each column keeps two characters' room for the padding on either side of its text.
  const columns = table.header.length
  const widths = columnWidths(table, Math.max(columns, tableCharacters(layout) - 2 * columns), 3).map((w) => w + 2)
  const sum = widths.reduce((a, b) => a + b, 0)
  return widths.map((w) => w / sum)
}

/**
 * How far in from the left margin a table starts, in points: a table in a list item (the model's
 * `level`) sits where that item's text starts after its number, as its paragraph's text does (an
 * operative paragraph's 72 pt: its first-line indent and the number's width; a subparagraph's
 * indent), and runs to the right margin; a table outside lists is as wide as the text.
 */
export function tableIndent(layout: Layout, level: number | undefined): number {
  if (level === undefined) return 0
  const style = layout.styles[numberedStyle(level)]
  return (style.indent ?? 0) + (style.firstLine ?? 0) - (style.hanging ?? 0) + (style.numberWidth ?? style.hanging ?? 0)
}
