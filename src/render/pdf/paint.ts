/**
 * Paints the paginated document: header block, job code and page numbers, body lines, footnote
 * rule and footnotes, each page's text in the structure tree (paragraphs, list items, notes in
 * reading order) and the rest (page numbers, rules, underlines) marked as artifacts.
 */
import type PDFDocument from 'pdfkit'
import { pageNumberText } from '../../layout/compose.js'
import type { Layout } from '../../layout/load.js'
import type { Builder, Built, FlowPara, Line, RowRole, Tag } from './build.js'
import { consecutive } from '../consecutive.js'
import { Canvas } from './draw.js'
import { createTags, type Node } from './tags.js'
import type { Page } from './paginate.js'
import type { LinkTarget } from './items.js'
import type { LinkSpan, Placed } from './set.js'

type Doc = InstanceType<typeof PDFDocument>
/**
 * A structure element and the tag its marked content is written under. It joins its parent
 * when its first text is painted (`attach`), so that the tree is in reading order: text, the
 * links and marks in it, the notes it refers to first, the items of a list nested in it.
 */
interface Element {
  node: Node
  tag: string
  /** The element it belongs to; none for the document's own. */
  parent?: Element
  attached: boolean
  /** A list item's label (`Lbl`), beside its text (`LBody`, this element). */
  label?: Element
  /** A table row's (`TR`) cells, `TH` or `TD`, by column. */
  cells?: Element[]
}

/** The short rule above the footnotes. */
const SEPARATOR_WIDTH = 144
const SEPARATOR_THICKNESS = 0.5

/** A note's element identifier (`/ID`, in the structure tree's `IDTree`). */
const noteId = (n: number): string => `fn${n}`

export function paint(doc: Doc, layout: Layout, builder: Builder, built: Built, pages: Page[]): void {
  const [width, height] = layout.page.size
  const canvas = new Canvas(doc, height)
  const { margins } = layout.page

  // The structure tree, in reading order: header, then each paragraph followed by its notes;
  // list items as L / LI / Lbl / LBody, a nested list in the LBody of the item it is under;
  // tables as Table / TR / TH (the header row's cells, column headers) or TD, a table that is
  // part of a list item in its LBody.
  const tags = createTags(doc, canvas)
  const document: Element = { node: tags.root, tag: 'Document', attached: true }
  const element = (tag: string, parent: Element = document): Element => ({ node: tags.element(tag), tag, parent, attached: false })
  const attach = (e: Element): void => {
    if (e.attached) return
    attach(e.parent!)
    tags.add(e.parent!.node, e.node)
    e.attached = true
  }
  const header = new Map<number, Element>()
  for (const { group } of built.header.lines) if (!header.has(group)) header.set(group, element('P'))
  const paras: Element[] = []
  /** The notes first referred to in each paragraph, and their elements (beside it, or in its list item). */
  const notesOf = new Map<Element, number[]>()
  const notes = new Map<number, Element>()
  /** The lists open at this point, outermost first, each with the LBody of its last item. */
  const lists: Array<{ level: number; key: string; list: Element; body?: Element }> = []
  const listItem = (level: number, key: string): Element => {
    while (lists.length > 0 && (lists.at(-1)!.level > level || (lists.at(-1)!.level === level && lists.at(-1)!.key !== key))) lists.pop()
    let open = lists.at(-1)
    if (open === undefined || open.level < level) {
      open = { level, key, list: element('L', open?.body ?? document) }
      lists.push(open)
    }
    const item = element('LI', open.list)
    const label = element('Lbl', item)
    const body = element('LBody', item)
    body.label = label
    open.body = body
    return body
  }
  const tables = new Map<number, Element>()
  /** A table row: its `TR` in the table's element, a cell element for each column it has text in. */
  const tableRow = (role: RowRole, para: FlowPara, host: Element): Element => {
    let table = tables.get(role.key)
    if (!table) tables.set(role.key, (table = element('Table', host)))
    const row = element('TR', table)
    const columns = new Set<number>()
    for (const line of para.lines) for (const p of line.placed) if (p.cell !== undefined) columns.add(p.cell)
    row.cells = []
    for (const column of [...columns].sort((a, b) => a - b)) {
      const cell = element(role.header ? 'TH' : 'TD', row)
      // A header cell heads its column (PDF/UA: a TH says what it heads).
      if (role.header) cell.node.data.A = { O: 'Table', Scope: 'Column' }
      row.cells[column] = cell
    }
    return row
  }
  built.body.forEach((para) => {
    const role = para.list
    let host = document
    let own: Element
    if (para.row) {
      // A table that is part of a list item is in its LBody, and the list goes on after it.
      const level = para.row.level
      if (level === undefined) lists.length = 0
      else while (lists.length > 0 && lists.at(-1)!.level > level) lists.pop()
      host = level === undefined ? document : (lists.at(-1)?.body ?? document)
      own = tableRow(para.row, para, host)
    } else if (role?.kind === 'item') {
      own = listItem(role.level, role.key)
      host = own
    } else if (role?.kind === 'continuation') {
      while (lists.length > 0 && lists.at(-1)!.level > role.level) lists.pop()
      host = lists.at(-1)?.body ?? document
      own = element(para.tag, host)
    } else {
      lists.length = 0
      own = element(para.tag)
    }
    paras.push(own)
    for (const line of para.lines) {
      for (const n of line.notes) {
        if (notes.has(n) || !built.notes.has(n)) continue
        notes.set(n, element('Note', host))
        notesOf.set(own, [...(notesOf.get(own) ?? []), n])
      }
    }
  })
  for (const n of built.notes.keys()) if (!notes.has(n)) notes.set(n, element('Note'))
  // Each note has an identifier, and each reference to it a Reference element that points to it.
  for (const [n, note] of notes) note.node.data.ID = new String(noteId(n))
  const ids = [...notes.keys()].sort((a, b) => (noteId(a) < noteId(b) ? -1 : noteId(a) > noteId(b) ? 1 : 0))
  if (ids.length > 0) {
    const treeRoot = (doc as unknown as { getStructTreeRoot(): { data: Record<string, unknown> } }).getStructTreeRoot()
    treeRoot.data.IDTree = { Names: ids.flatMap((n) => [new String(noteId(n)), notes.get(n)!.node.dictionary]) }
  }

  /**
   * The structure element each piece of a line's text belongs to: a list item's label, a
   * link's `Link` element, a footnote mark's `Reference`, or the paragraph's own.
   */
  const linkElements = new Map<LinkTarget, Element>()
  /** The element a piece's text is in before links and marks: its table cell, or the paragraph. */
  const baseOf = (para: Element, p: Placed): Element => (p.cell !== undefined ? (para.cells?.[p.cell] ?? para) : para)
  const ownerOf = (para: Element, p: Placed): Element => {
    if (p.label && para.label) return para.label
    const base = baseOf(para, p)
    const target = p.frag.link
    if (target !== undefined) {
      let link = linkElements.get(target)
      if (!link) {
        link = element('Link', base)
        linkElements.set(target, link)
      }
      return link
    }
    if (p.frag.note !== undefined && notes.has(p.frag.note)) {
      const reference = element('Reference', base)
      reference.node.data.Ref = [notes.get(p.frag.note)!.node.dictionary]
      return reference
    }
    return base
  }

  /** Draws lines as marked-content sequences of their structure elements, the rest as artifacts. */
  const tagged = (element: Element | undefined, lines: Array<{ line: Line; y: number }>) => {
    if (lines.length === 0) return
    if (element) {
      // Pieces of text in reading order, each with its element (a footnote mark is one fragment:
      // one Reference element each); consecutive pieces of one element are one sequence.
      const owners: Element[] = []
      const texts: string[] = []
      for (const { line, y } of lines) {
        const { placed } = line
        const ownerAt = new Array<Element>(placed.length)
        // A space belongs to what is on both sides of it (a link's words), else to the paragraph.
        for (let i = 0; i < placed.length; i++) {
          const p = placed[i]!
          if (!p.space || p.label) ownerAt[i] = ownerOf(element, p)
        }
        let before: Element | undefined
        for (let i = 0; i < placed.length; i++) {
          if (ownerAt[i] !== undefined) {
            before = ownerAt[i]
            continue
          }
          let next = i + 1
          while (next < placed.length && ownerAt[next] === undefined) next++
          const after = ownerAt[next]
          for (; i < next; i++) ownerAt[i] = before === after && before !== undefined ? before : baseOf(element, placed[i]!)
          i--
        }
        for (let from = 0; from < placed.length; ) {
          const owner = ownerAt[from]!
          let to = from + 1
          while (to < placed.length && ownerAt[to] === owner) to++
          const text = canvas.lineText(line, y, from, to)
          if (owners.length > 0 && owners[owners.length - 1] === owner) texts[texts.length - 1] += '\n' + text
          else {
            owners.push(owner)
            texts.push(text)
          }
          from = to
        }
      }
      for (let i = 0; i < owners.length; i++) {
        const owner = owners[i]!
        attach(owner)
        tags.content(owner.node, owner.tag, texts[i]!)
      }
      // The notes these lines are the first to refer to follow their text.
      const first = notesOf.get(element)
      if (first) for (const { line } of lines) for (const n of line.notes) if (first.includes(n)) attach(notes.get(n)!)
    } else {
      let text = ''
      for (const { line, y } of lines) {
        const ops = canvas.lineText(line, y)
        if (ops !== '') text += text === '' ? ops : '\n' + ops
      }
      artifact(text)
    }
    let decorations = ''
    for (const { line, y } of lines) {
      const ops = canvas.lineDecorations(line, y)
      if (ops !== '') decorations += decorations === '' ? ops : '\n' + ops
    }
    artifact(decorations)
    for (const { line, y } of lines) for (const span of line.links) link(element, span, y, line.height)
  }
  /**
   * A link's stretch of a line as a link annotation (printable, no border: PDF/A allows it),
   * in the structure tree in the `Link` element that holds its text: one element for the
   * stretches of a link that runs on over lines (and pages), one annotation for each stretch.
   */
  const link = (element: Element | undefined, span: LinkSpan, top: number, height: number) => {
    const { url } = span.link
    const options: Record<string, unknown> = { Contents: new String(url) }
    const struct = linkElements.get(span.link)
    if (element && struct) {
      attach(struct)
      options.structParent = tags.annotationParent(struct.node)
    }
    doc.link(span.x0, top, span.x1 - span.x0, height, url, options)
  }
  const artifact = (ops: string) => {
    if (ops !== '') tags.artifact(ops)
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
  canvas.flush()
  tags.end()
}
