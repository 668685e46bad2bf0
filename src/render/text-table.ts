/**
 * A table as monospaced text, ruled with box-drawing characters, its cells wrapped at word
 * boundaries to fit `width` characters (cli-table3 draws it; the column widths are the
 * layout's, `src/layout/table.ts`). For the txt format and the terminal.
 */
import Table from 'cli-table3'
import stringWidth from 'string-width'
import { columnWidths } from '../layout/table.js'
import type { Cell, Table as TableBlock } from '../model/types.js'

/**
 * `table` in at most `width` characters (its natural width when it fits), each cell's text given
 * by `text`. Rows are ruled apart only when a cell wraps over lines. A table that cannot fit
 * without cutting a word is printed a record at a time.
 */
export function textTable(table: TableBlock, text: (cell: Cell) => string, width: number): string {
  const columns = table.header.length
  // Narrower than its longest words, a table would cut them: a record at a time instead.
  if (columns > 1 && longestWords(table, text) + 3 * columns + 1 > width) return records(table, text)
  // Each column has a space either side of its text and a rule on its left; the last a rule on its right too.
  const widths = columnWidths(table, Math.max(columns, width - 3 * columns - 1), 1, false)
  const rows = table.rows.map((row) => row.map(text))
  const wraps = rows.some((row) => row.some((cell, c) => stringWidth(cell) > widths[c]!))
  const out = new Table({
    head: table.header.map(text),
    colWidths: widths.map((w) => w + 2),
    colAligns: table.align ?? [],
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [], compact: !wraps },
  })
  for (const row of rows) out.push(row)
  return out.toString()
}

/** The sum of each column's longest word: the least width a table needs not to cut a word. */
function longestWords(table: TableBlock, text: (cell: Cell) => string): number {
  return table.header.reduce((sum, _, c) => {
    const cells = [table.header[c]!, ...table.rows.map((row) => row[c] ?? [])].map(text)
    return sum + Math.max(1, ...cells.flatMap((t) => t.split(/\s+/)).map((w) => stringWidth(w)))
  }, 0)
}

/**
 * The table a row at a time, as `psql` prints records: the first cell as a heading, then each
 * other column's title and value on a line.
 */
function records(table: TableBlock, text: (cell: Cell) => string): string {
  const titles = table.header.map(text)
  const pad = Math.max(...titles.slice(1).map((t) => stringWidth(t))) + 2
  return table.rows
    .map((row) => {
      const cells = row.map(text)
      const lines = titles.slice(1).map((title, c) => `${title}${' '.repeat(pad - stringWidth(title))}${cells[c + 1] ?? ''}`.trimEnd())
      return [`── ${cells[0] ?? ''} ──`, ...lines].join('\n')
    })
    .join('\n\n')
}
