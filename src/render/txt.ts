/**
 * Plain text in reading order, as the seeds in shared/seeds/ are: the header block, the title
 * area, the paragraphs with their numbers and letters, annotations as `[COL: contained set
 * out]`, footnote marks as printed (`1/`) and the footnotes at the end. One paragraph a line.
 */
import { footnoteMark, footnotePrefix, frame, numberLabel } from '../layout/compose.js'
import { runs } from '../model/runs.js'
import type { Block, Inline } from '../model/types.js'
import { textTable } from './text-table.js'
import type { Render, RenderInput } from './types.js'

/** Width of the page in characters, for centring and the header block's right column. */
const WIDTH = 80
const INDENT = '    '

export const render: Render = async (input) => new TextEncoder().encode(renderText(input))

export function renderText({ doc, layout, registry }: RenderInput): string {
  const f = frame(doc, layout, registry)
  const out: string[] = []
  if (f.organ) out.push(centre(f.organ))
  const rows = Math.max(f.left.length, f.right.length)
  const leftWidth = Math.max(0, ...f.left.map((l) => l.length)) + 4
  const rightColumn = Math.max(leftWidth, WIDTH - 28)
  for (let i = 0; i < rows; i++) out.push(((f.left[i] ?? '').padEnd(rightColumn) + (f.right[i] ?? '')).trimEnd())
  if (out.length > 0) out.push('')
  for (const line of f.title) out.push(centre(line.text), '')
  out.push(bodyText({ doc, layout }))
  return out.join('\n') + '\n'
}

/** The body (paragraphs, then footnotes) as plain text, without the header and title. */
export function bodyText({ doc, layout }: Pick<RenderInput, 'doc' | 'layout'>): string {
  const text = (inlines: Inline[]) => inlineText(inlines, (n) => footnoteMark(layout, n))
  const out: string[] = []
  for (const block of doc.blocks) out.push(blockText(block, text, layout), '')
  if (doc.footnotes.length > 0) {
    out.push('_'.repeat(20), '')
    for (const note of doc.footnotes) {
      const [first = [], ...rest] = note.paragraphs
      out.push(footnotePrefix(layout, note.number) + text(first), ...rest.map((p) => INDENT + text(p)), '')
    }
  }
  while (out[out.length - 1] === '') out.pop()
  return out.join('\n')
}

function blockText(block: Block, text: (inlines: Inline[]) => string, layout: RenderInput['layout']): string {
  switch (block.type) {
    case 'paragraph':
      return (block.role === 'quote' ? INDENT : '') + text(block.content)
    case 'heading':
      return text(block.content)
    case 'numbered':
      return INDENT.repeat(block.level - 1) + numberLabel(layout, block.level, block.number) + ' ' + text(block.content)
    case 'bullet':
      return INDENT.repeat(block.level - 1) + '- ' + text(block.content)
    case 'continuation':
      return INDENT.repeat(block.level) + text(block.content)
    case 'rule':
      return centre('* * *')
    case 'table':
      return textTable(block, text, WIDTH)
  }
}

/** Inlines as plain text: brackets and sponsor tags as written, marks dropped. */
export function inlineText(inlines: Inline[], mark: (n: number) => string): string {
  return runs(inlines)
    .map((run) => {
      switch (run.type) {
        case 'text':
        case 'open':
        case 'close':
          return run.text
        case 'footnote':
          return mark(run.number)
        case 'break':
          return '\n'
      }
    })
    .join('')
}

function centre(line: string): string {
  return ' '.repeat(Math.max(0, Math.floor((WIDTH - line.length) / 2))) + line
}
