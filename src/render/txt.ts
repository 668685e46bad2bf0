/**
 * Plain text in reading order, as the seeds in shared/seeds/ are: the header block, the title
 * area, the paragraphs with their numbers and letters, annotations as `[COL: contained set
 * out]`, footnote marks as printed (`1/`) and the footnotes at the end. One paragraph a line.
 */
import stringWidth from 'string-width'
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
  if (f.organ) out.push(...centred(f.organ))
  out.push(...headerBlock(f.left, f.right))
  if (out.length > 0) out.push('')
  for (const line of f.title) out.push(...centred(line.text), '')
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
  return ' '.repeat(Math.max(0, Math.floor((WIDTH - stringWidth(line)) / 2))) + line
}

/** Columns between the header block's left column and its right one, at the least. */
const GAP = 4
/** Where the header block's right column starts when both columns fit beside it. */
const RIGHT_COLUMN = WIDTH - 28

/**
 * The header block's two columns (meeting lines; series, symbol, date, original) within the
 * page's 80 columns. The right column starts at column 52 as it always has, further right when
 * the left column's lines are wider, and never so far right that its lines pass the page: a left
 * line that no longer fits beside it is wrapped as a long line of the title area is (at spaces,
 * fewest lines, as even as they can be; a word wider than its column stands alone), flush left.
 * A right column wider than half the page is wrapped at half the page. The two columns are read
 * as the two cells of the printed header's table: each column's lines stay in their order, row by
 * row, and a row whose left line is too wide to share leaves its right cell to the next row.
 */
export function headerBlock(left: readonly string[], right: readonly string[]): string[] {
  if (right.length === 0) return left.flatMap((line) => wrapped(line, WIDTH))
  const rightWidth = Math.min(WIDTH / 2, Math.max(...right.map((l) => stringWidth(l))))
  const rightLines = right.flatMap((line) => wrapped(line, rightWidth))
  const leftLines = left.flatMap((line) => wrapped(line, WIDTH - rightWidth - GAP))
  const leftWidth = Math.max(0, ...leftLines.map((l) => stringWidth(l)))
  const column = Math.min(Math.max(leftWidth + GAP, RIGHT_COLUMN), WIDTH - rightWidth)
  const out: string[] = []
  let r = 0
  for (const line of leftLines) {
    const width = stringWidth(line)
    const beside = width + GAP <= column && r < rightLines.length ? rightLines[r++]! : ''
    out.push((line + ' '.repeat(Math.max(0, column - width)) + beside).trimEnd())
  }
  for (; r < rightLines.length; r++) out.push(' '.repeat(column) + rightLines[r])
  return out
}

/**
 * A centred line of the organ or the title area (symbol, title, note, the delegation's or the
 * scenario's line), wrapped to the page as {@link wrapped} says, each line centred.
 */
function centred(text: string): string[] {
  return wrapped(text, WIDTH).map(centre)
}

/**
 * A line no wider than `width`, as it is; a wider one wrapped at spaces, words never cut (as a
 * table's cells are), into as few lines as fit the width, made as even as they can be (a title of
 * 94 characters: 47 and 46, not 72 and 22); a word wider than the width stands alone.
 */
function wrapped(text: string, width: number): string[] {
  if (stringWidth(text) <= width) return [text]
  const words = text.split(/ +/).filter((w) => w !== '')
  const widths = words.map((w) => stringWidth(w))
  /** Words filled into lines at most `most` wide, each line taking as many as fit. */
  const fill = (most: number): string[] => {
    const lines: string[] = []
    let line = ''
    let used = 0
    words.forEach((word, i) => {
      if (line !== '' && used + 1 + widths[i]! > most) {
        lines.push(line)
        line = ''
      }
      used = line === '' ? widths[i]! : used + 1 + widths[i]!
      line = line === '' ? word : `${line} ${word}`
    })
    return [...lines, line]
  }
  // The narrowest width that needs no more lines than the given one: fewer lines never come from a narrower one.
  const count = fill(width).length
  let low = Math.min(width, Math.max(...widths))
  let high = width
  while (low < high) {
    const mid = Math.floor((low + high) / 2)
    if (fill(mid).length <= count) high = mid
    else low = mid + 1
  }
  return fill(low)
}
