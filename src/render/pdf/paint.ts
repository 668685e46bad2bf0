/**
 * Paints the paginated document: header block, job code and page numbers, body lines, footnote
 * rule and footnotes, each page's text in the structure tree (paragraphs, list items, notes in
 * reading order) and the rest (page numbers, rules, underlines) marked as artifacts.
 */
import type PDFDocument from 'pdfkit'
import { pageNumberText } from '../../layout/compose.js'
import type { Layout } from '../../layout/load.js'
import type { Builder, Built, Line, Tag } from './build.js'
import { consecutive } from '../consecutive.js'
import { Canvas } from './draw.js'
import type { Page } from './paginate.js'
import type { LinkTarget } from './items.js'
import type { LinkSpan } from './set.js'

type Doc = InstanceType<typeof PDFDocument>
type Struct = ReturnType<Doc['struct']>
interface Element {
  struct: Struct
  tag: Tag
}

/** The short rule above the footnotes. */
const SEPARATOR_WIDTH = 144
const SEPARATOR_THICKNESS = 0.5

export function paint(doc: Doc, layout: Layout, builder: Builder, built: Built, pages: Page[]): void {
  const [width, height] = layout.page.size
  const canvas = new Canvas(doc, height)
  const { margins } = layout.page

  // The structure tree, in reading order: header, then each paragraph followed by its notes.
  const root = doc.struct('Document')
  doc.addStructure(root)
  const element = (tag: Tag): Element => {
    const struct = doc.struct(tag)
    root.add(struct)
    return { struct, tag }
  }
  const header = new Map<number, Element>()
  for (const { group } of built.header.lines) if (!header.has(group)) header.set(group, element('P'))
  const paras: Element[] = []
  const notes = new Map<number, Element>()
  built.body.forEach((para) => {
    paras.push(element(para.tag))
    for (const line of para.lines) {
      for (const n of line.notes) if (!notes.has(n) && built.notes.has(n)) notes.set(n, element('Note'))
    }
  })
  for (const n of built.notes.keys()) if (!notes.has(n)) notes.set(n, element('Note'))

  /** Draws lines as one marked-content sequence of a structure element. */
  const tagged = (element: Element | undefined, lines: Array<{ line: Line; y: number }>) => {
    if (lines.length === 0) return
    const text = lines.map(({ line, y }) => canvas.lineText(line, y)).filter((s) => s !== '')
    if (text.length > 0 && element) {
      const content = doc.markStructureContent(element.tag)
      canvas.write(text.join('\n'))
      doc.endMarkedContent()
      element.struct.add(content)
    } else if (text.length > 0) artifact(text.join('\n'))
    artifact(lines.map(({ line, y }) => canvas.lineDecorations(line, y)).filter((s) => s !== '').join('\n'))
    for (const { line, y } of lines) for (const span of line.links) link(element, span, y, line.height)
  }
  /**
   * A link's stretch of a line as a link annotation (printable, no border: PDF/A allows it),
   * in the structure tree under a Link element of the paragraph or note whose text it is: one
   * element for the stretches of a link that runs on over lines (and pages), one annotation
   * for each stretch.
   */
  const linkElements = new Map<LinkTarget, Struct>()
  const link = (element: Element | undefined, span: LinkSpan, top: number, height: number) => {
    const { url } = span.link
    const options: Record<string, unknown> = { Contents: new String(url) }
    if (element) {
      let struct = linkElements.get(span.link)
      if (!struct) {
        struct = doc.struct('Link')
        element.struct.add(struct)
        linkElements.set(span.link, struct)
      }
      options.structParent = struct
    }
    doc.link(span.x0, top, span.x1 - span.x0, height, url, options)
  }
  const artifact = (ops: string) => {
    if (ops === '') return
    doc.markContent('Artifact')
    canvas.write(ops)
    doc.endMarkedContent()
  }
  /** A single line of plain text in a style, as an artifact (page number, job code). */
  const small = (style: 'page-number' | 'footer', text: string, top: number) => {
    const line = builder.plain(style, text).lines[0]
    if (line) artifact(canvas.lineText(line, top))
  }

  pages.forEach((page, index) => {
    canvas.addPage([width, height])
    const number = index + 1
    if (index === 0) {
      for (const [group, e] of header) {
        tagged(e, built.header.lines.filter((l) => l.group === group).map(({ line, y }) => ({ line, y: margins.top + y })))
      }
      if (built.frame.firstPageFooter) {
        // The job code, small, in the bottom margin of the first page.
        const line = builder.plain('footer', built.frame.firstPageFooter).lines[0]
        if (line) small('footer', built.frame.firstPageFooter, height - margins.bottom / 2 - line.height / 2)
      }
    }
    const label = pageNumberText(layout, number)
    if (label !== '') {
      const line = builder.plain('page-number', label).lines[0]
      if (line) small('page-number', label, margins.top / 2 - line.height / 2)
    }
    // Consecutive lines of the same owner: one marked-content sequence.
    for (const { key, items } of consecutive(page.body, (p) => p.owner)) tagged(paras[key], items)
    if (page.separator !== undefined) {
      artifact(canvas.rect(margins.left, page.separator + (page.notes[0] ? page.notes[0].y - page.separator : 0) / 2, SEPARATOR_WIDTH, SEPARATOR_THICKNESS))
    }
    for (const { key, items } of consecutive(page.notes, (p) => p.owner)) tagged(notes.get(key), items)
  })
  root.end()
}
