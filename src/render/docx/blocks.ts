/**
 * Body blocks → Word paragraphs, each in the paragraph style of its role; numbered paragraphs in
 * the concrete numbering of their list; bullets in the bullet numbering.
 */
import { BorderStyle, LineRuleType, Paragraph, Table, TableCell, TableLayoutType, TableRow, WidthType, type IBorderOptions, type IParagraphOptions } from 'docx'
import type { Layout } from '../../layout/load.js'
import { columnShares, tableIndent } from '../../layout/table.js'
import type { Block, Cell, Table as TableBlock } from '../../model/types.js'
import { numberedStyle } from '../../layout/compose.js'
import { BULLETED, NUMBERED, wordLevel } from './numbering.js'
import { renderRuns, type RunContext } from './runs.js'
import { styleId } from './styles.js'
import { alignment, twips } from './units.js'

/** The options of a paragraph whose content is `inlines`, with its mark inserted when all its text is. */
function withContent(options: IParagraphOptions, content: Parameters<typeof renderRuns>[0], ctx: RunContext, keepLines = false): Paragraph {
  const { children, insertedBy } = renderRuns(content, ctx, { keepLines })
  const mark = insertedBy !== undefined ? { run: { insertion: { id: ctx.revisionId(), author: insertedBy, date: ctx.date } } } : {}
  return new Paragraph({ ...options, ...mark, children })
}

/** A continuation paragraph at a sub-paragraph level is indented with that level's text. */
function continuationIndent(layout: Layout, level: number): IParagraphOptions {
  if (level <= 1) return {}
  return { indent: { left: twips(layout.styles[numberedStyle(level)].indent ?? 0), firstLine: 0 } }
}

/**
 * `instance` is the Word list a numbered paragraph is in. Sub-paragraphs join the list of the
 * operative paragraph they sit under, so the document has one multi-level list per top-level list
 * (Word restarts `a.` after each `1.`, as the model numbers them); a numbered list under no
 * numbered paragraph has a list of its own.
 */
export function block(node: Block, ctx: RunContext, instance = node.type === 'numbered' ? node.listIndex : 0): Paragraph | Table {
  const { layout } = ctx
  switch (node.type) {
    case 'paragraph':
      return withContent({ style: styleId(node.role) }, node.content, ctx, node.role === 'code')
    case 'numbered':
      return withContent(
        {
          style: styleId(numberedStyle(node.level)),
          numbering: { reference: NUMBERED, level: wordLevel(node.level), instance, custom: true },
        },
        node.content,
        ctx,
      )
    case 'bullet':
      return withContent(
        { style: styleId('bullet'), numbering: { reference: BULLETED, level: wordLevel(node.level), custom: true } },
        node.content,
        ctx,
      )
    case 'continuation':
      return withContent({ style: styleId('continuation'), ...continuationIndent(layout, node.level) }, node.content, ctx)
    case 'heading':
      return withContent(
        { style: styleId('heading'), outlineLevel: Math.min(Math.max(node.depth, 1), 9) - 1, ...(node.pageBreakBefore ? { pageBreakBefore: true } : {}) },
        node.content,
        ctx,
      )
    case 'rule':
      return new Paragraph({ style: styleId('body'), thematicBreak: true })
    case 'table':
      return table(node, ctx)
  }
}

/**
 * A Word table as wide as the text, its columns as the layout shares them (fixed, so Word
 * keeps them), ruled with the layout's rules; the header row repeats on each page and no row
 * splits across pages. Each cell is a paragraph in the table-header or table-cell style.
 */
function table(node: TableBlock, ctx: RunContext): Table {
  const { layout } = ctx
  const indent = tableIndent(layout, node.level)
  const width = layout.page.size[0] - layout.page.margins.left - layout.page.margins.right - indent
  const columns = columnShares(node, layout).map((share) => twips(share * width))
  const line: IBorderOptions = { style: BorderStyle.SINGLE, size: Math.max(2, Math.round(layout.table.rule * 8)), color: '000000' }
  const padding = twips(layout.table.padding)
  const row = (cells: Cell[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map((cell, c) => {
        const style = header ? 'table-header' : 'table-cell'
        const align = node.align?.[c]
        return new TableCell({
          width: { size: columns[c]!, type: WidthType.DXA },
          children: [withContent({ style: styleId(style), ...(align ? { alignment: alignment(align) } : {}) }, cell, ctx)],
        })
      }),
    })
  return new Table({
    width: { size: columns.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: columns,
    ...(indent === 0 ? {} : { indent: { size: twips(indent), type: WidthType.DXA } }),
    layout: TableLayoutType.FIXED,
    margins: { top: padding, bottom: padding, left: padding, right: padding },
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: [row(node.header, true), ...node.rows.map((cells) => row(cells, false))],
  })
}

/**
 * Word puts a table against the paragraph after it, and a document must not end with one: an
 * empty paragraph after each, as high as the layout's space after a table.
 */
function afterTable(ctx: RunContext): Paragraph {
  return new Paragraph({ style: styleId('body'), spacing: { before: 0, after: 0, line: Math.max(20, twips(ctx.layout.table.spaceAfter)), lineRule: LineRuleType.EXACT } })
}

export function blocks(nodes: Block[], ctx: RunContext): Array<Paragraph | Table> {
  let top: number | undefined
  return nodes.flatMap((node) => {
    if (node.type === 'table') {
      top = undefined
      return [block(node, ctx), afterTable(ctx)]
    }
    if (node.type === 'numbered') {
      if (node.level <= 1) top = node.listIndex
      return block(node, ctx, node.level > 1 && top !== undefined ? top : node.listIndex)
    }
    // A list item's further paragraphs stay in its list; anything else ends it.
    if (node.type !== 'continuation') top = undefined
    return block(node, ctx)
  })
}
