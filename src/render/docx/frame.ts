/**
 * The lines around the body, from `frame()`: the organ line centred above a two-column,
 * borderless header block (meeting lines left; series, symbol, date, `Original:` right), the
 * title area, the first-page footer (job code) and the page-number header (`- 2 -`, a PAGE field)
 * on the pages after the first.
 */
import {
  BorderStyle,
  Footer,
  Header,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx'
import { pageNumberParts, type Frame } from '../../layout/compose.js'
import type { Layout } from '../../layout/load.js'
import { styleId } from './styles.js'
import { twips } from './units.js'

const none = { style: BorderStyle.NONE, size: 0, color: 'auto' } as const

/** Where the right column of the header block starts, in points from the left margin. */
function rightColumnAt(layout: Layout, textWidth: number): number {
  return Math.min(layout.header.rightAt, textWidth)
}

const lines = (texts: string[]): Paragraph[] =>
  texts.length === 0 ? [new Paragraph({ style: styleId('header') })] : texts.map((text) => new Paragraph({ style: styleId('header'), text }))

/** The organ line and the header block; nothing for a document with neither. */
export function headerBlock(frame: Frame, layout: Layout): FileChild[] {
  const out: FileChild[] = []
  if (frame.organ !== '') out.push(new Paragraph({ style: styleId('organ'), text: frame.organ }))
  if (frame.left.length === 0 && frame.right.length === 0) return out
  const { size, margins } = layout.page
  const textWidth = size[0] - margins.left - margins.right
  const at = rightColumnAt(layout, textWidth)
  const widths = [twips(at), twips(textWidth - at)]
  const cell = (texts: string[], width: number) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, margins: { top: 0, bottom: 0, left: 0, right: 0 }, children: lines(texts) })
  out.push(
    new Table({
      width: { size: twips(textWidth), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
      rows: [new TableRow({ cantSplit: true, children: [cell(frame.left, widths[0]!), cell(frame.right, widths[1]!)] })],
    }),
  )
  return out
}

/**
 * The title area: symbol, draft label, title, note, delegation, each in its style. After a
 * header block its first line keeps at least the layout's `header.spaceAfter`
 * above it, whichever line comes first (the working paper has no symbol line).
 */
export function titleArea(frame: Frame, layout: Layout): Paragraph[] {
  const hasBlock = frame.left.length > 0 || frame.right.length > 0
  const space = layout.header.spaceAfter
  return frame.title.map((line, i) => {
    const own = layout.styles[line.style].spaceBefore ?? 0
    const spacing = i === 0 && hasBlock && own < space ? { spacing: { before: twips(space) } } : {}
    return new Paragraph({ style: styleId(line.style), text: line.text, ...spacing })
  })
}

/** The page-number line with a PAGE field where the number goes, or undefined when the layout prints none. */
function pageNumberParagraph(layout: Layout): Paragraph | undefined {
  const parts = pageNumberParts(layout)
  if (!parts) return undefined
  const children: TextRun[] = []
  parts.forEach((part, i) => {
    if (i > 0) children.push(new TextRun({ children: [PageNumber.CURRENT] }))
    if (part !== '') children.push(new TextRun(part))
  })
  return new Paragraph({ style: styleId('page-number'), children })
}

export interface PageFurniture {
  headers: { default: Header; first: Header }
  footers: { default: Footer; first: Footer }
}

/**
 * The headers and footers: the first page has its own (no page number unless the layout numbers
 * page 1, the job code at its foot). A layout that starts numbering after page 2 is numbered
 * from page 2: Word has no "from page n" without fields in fields.
 */
export function pageFurniture(frame: Frame, layout: Layout): PageFurniture {
  const number = pageNumberParagraph(layout)
  const empty = () => [new Paragraph({})]
  const job = frame.firstPageFooter === '' ? empty() : [new Paragraph({ style: styleId('footer'), text: frame.firstPageFooter })]
  return {
    headers: {
      default: new Header({ children: number ? [number] : empty() }),
      first: new Header({ children: number && layout.pageNumber.from <= 1 ? [pageNumberParagraph(layout)!] : empty() }),
    },
    footers: { default: new Footer({ children: empty() }), first: new Footer({ children: job }) },
  }
}
