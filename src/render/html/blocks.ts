/**
 * Body blocks → HTML, one element per block, in the class of its layout style (`s-operative`).
 * Numbered paragraphs and bullets carry their label as text (`<span class="label">1. </span>`),
 * not as a CSS counter, so that what is copied, searched or tested is what is printed.
 */
import { bulletGlyph, numberedStyle, numberLabel } from '../../layout/compose.js'
import { columnShares } from '../../layout/table.js'
import type { Block, Cell, Inline, Table } from '../../model/types.js'
import { escape } from './escape.js'
import { inlines, type InlineContext } from './inlines.js'


/** The deepest level the stylesheet has a rule for; deeper items are indented as this one. */
export const MAX_LEVEL = 9
const levelClass = (level: number): string => `l${Math.min(Math.max(level, 1), MAX_LEVEL)}`

/**
 * The label and the space after it, in one inline block: the space cannot stretch in justified
 * text, and the block's width puts the text where the layout's tab stop or hanging indent does.
 */
const label = (text: string): string => `<span class="label">${escape(text)} </span>`

export function block(node: Block, ctx: InlineContext): string {
  const content = (list: Inline[]) => inlines(list, ctx)
  switch (node.type) {
    case 'paragraph':
      switch (node.role) {
        case 'quote':
          return `<blockquote class="s-quote">${content(node.content)}</blockquote>`
        case 'code':
          // The parser drops one newline right after <pre>: this one, never the code's own.
          return `<pre class="s-code">\n${content(node.content)}</pre>`
        default:
          return `<p class="s-${node.role}">${content(node.content)}</p>`
      }
    case 'numbered':
      return (
        `<p class="s-${numberedStyle(node.level)}" data-level="${node.level}">` +
        `${label(numberLabel(ctx.layout, node.level, node.number))}${content(node.content)}</p>`
      )
    case 'bullet':
      return `<p class="s-bullet ${levelClass(node.level)}">${label(bulletGlyph(node.level))}${content(node.content)}</p>`
    case 'continuation':
      return `<p class="s-continuation ${levelClass(node.level)}">${content(node.content)}</p>`
    case 'heading': {
      // The title is the page's h1; section titles start at h2.
      const h = `h${Math.min(Math.max(node.depth, 1) + 1, 6)}`
      return `<${h} class="s-heading${node.pageBreakBefore ? ' new-page' : ''}">${content(node.content)}</${h}>`
    }
    case 'rule':
      return '<hr class="rule">'
    case 'table':
      return table(node, ctx)
  }
}

/** A table with its column widths as the layout shares them; the header row repeats on each printed page. */
function table(node: Table, ctx: InlineContext): string {
  const shares = columnShares(node, ctx.layout)
  const align = (c: number) => (node.align?.[c] ?? 'left') === 'left' ? '' : ` style="text-align: ${node.align![c]}"`
  const row = (cells: Cell[], tag: 'th' | 'td') => `<tr>${cells.map((cell, c) => `<${tag}${tag === 'th' ? ' scope="col"' : ''}${align(c)}>${inlines(cell, ctx)}</${tag}>`).join('')}</tr>`
  return [
    '<table class="s-table">',
    `<colgroup>${shares.map((share) => `<col style="width: ${Math.round(share * 10000) / 100}%">`).join('')}</colgroup>`,
    `<thead>${row(node.header, 'th')}</thead>`,
    `<tbody>${node.rows.map((cells) => row(cells, 'td')).join('')}</tbody>`,
    '</table>',
  ].join('\n')
}
