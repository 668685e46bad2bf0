/**
 * A table as monospaced text, ruled with box-drawing characters, its cells wrapped at word
 * boundaries to fit `width` characters (cli-table3 draws it; the column widths are the
 * layout's, `src/layout/table.ts`). For the txt format and the terminal.
 */
import Table from 'cli-table3'
import { columnWidths } from '../layout/table.js'
import type { Cell, Table as TableBlock } from '../model/types.js'

/** `table` in `width` characters, each cell's text given by `text`. */
export function textTable(table: TableBlock, text: (cell: Cell) => string, width: number): string {
  const columns = table.header.length
  // Each column has a space either side of its text and a rule on its left; the last a rule on its right too.
  const widths = columnWidths(table, Math.max(columns, width - 3 * columns - 1))
  const out = new Table({
    head: table.header.map(text),
    colWidths: widths.map((w) => w + 2),
    colAligns: table.align ?? [],
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [], compact: false },
  })
  for (const row of table.rows) out.push(row.map(text))
  return out.toString()
}
