/**
 * From the document model and the layout to paragraphs of set lines, ready to be paginated:
 * the header block, the title area, the body and the footnotes. Nothing here knows of pages
 * or of pdfkit.
 */
import { bulletGlyph, bulletStep, footnoteMark, footnotePrefix, frame, numberedStyle, numberLabel, type Frame } from '../../layout/compose.js'
import type { CharacterStyle, Layout, ParagraphStyle, Registry, StyleName } from '../../layout/load.js'
import { runs, type ProposalPart } from '../../model/runs.js'
import { columnShares, tableIndent } from '../../layout/table.js'
import type { Block, Cell, DocumentModel, Inline, Link, Mark, Table as TableBlock } from '../../model/types.js'
import type { DraftMeta } from '../../draft/frontmatter.js'
import { faceData, lineHeight, onShapingChange } from './fonts.js'
import { itemize, makeFrag, styleId, textStyle, type Item, type LinkTarget, type Piece, type TextStyle } from './items.js'
import { breakLines } from './linebreak.js'
import { setLine, type SetLine } from './set.js'
import { asciiUrl } from '../url.js'
import { caching } from '../cache.js'

/** A set line with its vertical metrics; x positions are from the page's left edge. */
export interface Line extends SetLine {
  height: number
  /** From the line's top to its baseline. */
  baseline: number
  /** A horizontal rule across the line instead of text (a `---` in the draft). */
  rule?: { x0: number; x1: number }
  /** The line is (part of) a table row: the rules at the columns' edges, above and below it. */
  cells?: { edges: number[]; top: boolean; bottom: boolean; thickness: number }
}

/** How a paragraph is tagged in the PDF's structure tree. */
export type Tag = 'P' | 'H1' | 'H2' | 'H3' | 'Note'

/**
 * Where a paragraph sits in a list, for the structure tree: an item (`L`/`LI`, its label `Lbl`,
 * its text `LBody`) of the list `key` at `level`, or a further paragraph of the item at `level`.
 */
export type ListRole = { kind: 'item'; level: number; key: string } | { kind: 'continuation'; level: number }

/**
 * A table row, for the structure tree: a `TR` of the table `key` (its `TH` cells in the header
 * row, else `TD`); the table is in the `LBody` of the list item at `level` when it is part of one.
 */
export interface RowRole {
  key: number
  header: boolean
  level?: number
}

export interface FlowPara {
  /** Set for list items and their further paragraphs. */
  list?: ListRole
  /** Set for the rows of a table. */
  row?: RowRole
  lines: Line[]
  spaceBefore: number
  spaceAfter: number
  keepWithNext: boolean
  tag: Tag
  /** Starts a new page (an annex). */
  breakBefore?: boolean
  /** Placed first on any page this paragraph starts or runs on to: a table's header row. */
  repeat?: FlowPara
}

/** The header block of the first page: lines at fixed places from the top margin. */
export interface HeaderBlock {
  /** `group` numbers the header's own lines (organ, each meeting line, each classification line). */
  lines: Array<{ line: Line; y: number; group: number }>
  height: number
}

export interface Built {
  frame: Frame
  header: HeaderBlock
  body: FlowPara[]
  /** Each footnote's lines, by number. */
  notes: Map<number, Line[]>
}

/** The proportion of a superscript mark's size to the text's, and its rise. */
const SUPERSCRIPT_SIZE = 0.65
const SUPERSCRIPT_RISE = 0.35
/** The least gap between the header block's columns. */
const COLUMN_GAP = 6

/** A paragraph set once, and the characters no face could draw in it (reported again on reuse). */
interface SetParagraph {
  para: FlowPara
  missing: string[]
}

/**
 * Paragraphs already set, by everything that decides how they are set, for each of the last few
 * drafts rendered (known by their meta, which every view of a draft shares) in its layout: the
 * views of one draft share most of their paragraphs, which need not be broken into lines again.
 * Set lines are never changed once made. Other drafts share few (their header lines, cheap to
 * set), and keeping theirs kept tens of megabytes alive in a batch for the collector to mark.
 * A draft's are dropped whole past SET_LIMIT.
 */
const SET_LIMIT = 2_000
/** Drafts whose paragraphs are kept: a batch renders a few at once (its lanes). */
const SET_DRAFTS = 4
const setParagraphs = new Map<DraftMeta, { layout: Layout; kept: Map<string, SetParagraph> }>()
onShapingChange(() => setParagraphs.clear())

function keptFor(meta: DraftMeta, layout: Layout): Map<string, SetParagraph> {
  let entry = setParagraphs.get(meta)
  setParagraphs.delete(meta)
  if (entry?.layout !== layout) entry = { layout, kept: new Map() }
  // The most recent last: the first is the draft rendered longest ago.
  setParagraphs.set(meta, entry)
  if (setParagraphs.size > SET_DRAFTS) setParagraphs.delete(setParagraphs.keys().next().value!)
  return entry.kept
}

export class Builder {
  readonly left: number
  readonly textWidth: number

  constructor(
    readonly layout: Layout,
    readonly missing: (ch: string) => void,
  ) {
    this.left = layout.page.margins.left
    this.textWidth = layout.page.size[0] - layout.page.margins.left - layout.page.margins.right
  }

  style(name: StyleName): ParagraphStyle {
    return this.layout.styles[name]
  }

  private readonly links = new Map<Link, LinkTarget | null>()
  /** Tables set so far: each one's key in the structure tree. */
  private tables = 0

  /** The document's link as the PDF makes it, the same object for all its text; undefined when not safe to link to. */
  private linkTarget(node: Link): LinkTarget | undefined {
    let target = this.links.get(node)
    if (target === undefined) {
      const url = asciiUrl(node.url)
      target = url === undefined ? null : { url }
      this.links.set(node, target)
    }
    return target ?? undefined
  }

  sizeOf(name: StyleName): number {
    const style = this.style(name)
    return style.size ?? (name === 'footnote' ? this.layout.font.footnoteSize : this.layout.font.size)
  }

  lineMetrics(size: number): { height: number; baseline: number } {
    const natural = lineHeight(size)
    const height = natural * this.layout.font.lineHeight
    return { height, baseline: height - natural + (faceData('regular').ascent * size) / 1000 }
  }

  /** The paragraphs set for this document's draft so far (in any view). */
  private kept: Map<string, SetParagraph> | undefined

  build(doc: DocumentModel, registry: Registry): Built {
    this.kept = keptFor(doc.meta, this.layout)
    const f = frame(doc, this.layout, registry)
    const body: FlowPara[] = []
    for (const line of f.title) body.push(this.plain(line.style, line.text, line.style === 'title' ? 'H1' : 'P'))
    // After a header block, the title area's first line keeps at least the layout's space.
    if (body[0] && (f.left.length > 0 || f.right.length > 0)) body[0].spaceBefore = Math.max(body[0].spaceBefore, this.layout.header.spaceAfter)
    for (const block of doc.blocks) body.push(...(block.type === 'table' ? this.table(block) : [this.block(block)]))
    const notes = new Map<number, Line[]>()
    for (const note of doc.footnotes) {
      const lines: Line[] = []
      note.paragraphs.forEach((inlines, i) => {
        const lead: Piece[] = i === 0 ? [{ text: footnotePrefix(this.layout, note.number), style: this.baseStyle('footnote') }] : []
        const para = this.paragraph('footnote', [...lead, ...this.pieces(inlines, 'footnote')], undefined, 'Note')
        lines.push(...para.lines)
      })
      notes.set(note.number, lines)
    }
    return { frame: f, header: this.header(f), body, notes }
  }

  private baseStyle(name: StyleName): TextStyle {
    const s = this.style(name)
    return textStyle(s.bold === true, s.italic === true, this.sizeOf(name))
  }

  /** A paragraph of plain text in one style (organ, title lines, header lines). */
  plain(name: StyleName, text: string, tag: Tag = 'P', width?: number, x?: number): FlowPara {
    return this.paragraph(name, [{ text, style: this.baseStyle(name) }], undefined, tag, width, x)
  }

  private block(block: Exclude<Block, TableBlock>): FlowPara {
    switch (block.type) {
      case 'paragraph': {
        let pieces = this.pieces(block.content, block.role)
        // Code is printed as written: its spaces neither stretch nor break the line.
        if (block.role === 'code') pieces = pieces.map((p) => ({ ...p, text: p.text.replace(/ /g, '\u00a0') }))
        return this.paragraph(block.role, pieces, undefined, 'P')
      }
      case 'heading': {
        const para = this.paragraph('heading', this.pieces(block.content, 'heading'), undefined, block.depth === 1 ? 'H2' : 'H3')
        return block.pageBreakBefore ? { ...para, breakBefore: true } : para
      }
      case 'numbered': {
        const name = numberedStyle(block.level)
        const para = this.paragraph(name, this.pieces(block.content, name), numberLabel(this.layout, block.level, block.number), 'P')
        return { ...para, list: { kind: 'item', level: block.level, key: `list-${block.listIndex}` } }
      }
      case 'bullet': {
        const para = this.paragraph('bullet', this.pieces(block.content, 'bullet'), bulletGlyph(block.level), 'P', undefined, undefined, bulletStep(block.level))
        return { ...para, list: { kind: 'item', level: block.level, key: 'bullets' } }
      }
      case 'continuation': {
        const para = this.paragraph('continuation', this.pieces(block.content, 'continuation'), undefined, 'P', undefined, undefined, this.style(numberedStyle(block.level)).indent ?? 0)
        return { ...para, list: { kind: 'continuation', level: block.level } }
      }
      case 'rule': {
        const size = this.sizeOf('body')
        const { height, baseline } = this.lineMetrics(size)
        const x0 = this.left + this.textWidth / 3
        return {
          lines: [{ placed: [], decorations: [], notes: [], links: [], height, baseline, rule: { x0, x1: x0 + this.textWidth / 3 } }],
          spaceBefore: 0,
          spaceAfter: this.style('body').spaceAfter ?? 0,
          keepWithNext: false,
          tag: 'P',
        }
      }
    }
  }

  /**
   * A table as one paragraph per row, as wide as the text (in a list item, from where the item's
   * text starts: `tableIndent`), its columns as the layout shares
   * them: each line of a row holds that line of every cell, between the layout's rules; the
   * header row keeps with the first row and is repeated at the head of each page the table
   * runs on to.
   */
  private table(node: TableBlock): FlowPara[] {
    const { padding, rule, spaceAfter } = this.layout.table
    const indent = tableIndent(this.layout, node.level)
    const edges = [this.left + indent]
    for (const share of columnShares(node, this.layout)) edges.push(edges[edges.length - 1]! + share * (this.textWidth - indent))
    edges[edges.length - 1] = this.left + this.textWidth
    const key = this.tables++
    const row = (cells: Cell[], name: 'table-header' | 'table-cell'): FlowPara => {
      const set = cells.map((cell, c) => {
        const x = edges[c]! + padding
        const width = Math.max(1, edges[c + 1]! - edges[c]! - 2 * padding)
        return this.paragraph(name, this.pieces(cell, name), undefined, 'P', width, x, 0, node.align?.[c]).lines
      })
      const count = Math.max(1, ...set.map((lines) => lines.length))
      const { height, baseline } = this.lineMetrics(this.sizeOf(name))
      const lines: Line[] = Array.from({ length: count }, (_, k) => {
        const parts = set.map((lines) => lines[k]).filter((line): line is Line => line !== undefined)
        const top = k === 0 ? padding : 0
        const bottom = k === count - 1 ? padding : 0
        return {
          placed: set.flatMap((lines, cell) => (lines[k]?.placed ?? []).map((p) => ({ ...p, cell }))),
          decorations: parts.flatMap((p) => p.decorations),
          notes: parts.flatMap((p) => p.notes),
          links: parts.flatMap((p) => p.links),
          height: height + top + bottom,
          baseline: baseline + top,
          cells: { edges, top: k === 0, bottom: k === count - 1, thickness: rule },
        }
      })
      return { lines, spaceBefore: 0, spaceAfter: 0, keepWithNext: name === 'table-header', tag: 'P', row: { key, header: name === 'table-header', ...(node.level === undefined ? {} : { level: node.level }) } }
    }
    const header = row(node.header, 'table-header')
    const rows = node.rows.map((cells) => ({ ...row(cells, 'table-cell'), repeat: header }))
    const all = [header, ...rows]
    all[all.length - 1]!.spaceAfter = spaceAfter
    return all
  }

  /** The pieces of a block's inlines, with the layout's marks for shown proposals. */
  pieces(inlines: Inline[], name: StyleName): Piece[] {
    const base = this.style(name)
    const size = this.sizeOf(name)
    const { marks, footnotes } = this.layout
    const out: Piece[] = []
    // Text takes the mark of the innermost proposal part it sits in, as in the DOCX and the HTML:
    // a nested proposal's deletion inside another's insertion is struck, not underlined too.
    // Tags, brackets and footnote marks take none (official-format.md, "Bracketed working texts").
    const partMark = (parts: ProposalPart[]): CharacterStyle[] => {
      const inner = parts[parts.length - 1]
      return inner === undefined ? [] : [inner.kind === 'insertion' ? marks.insertion : marks.deletion]
    }
    const styled = (extra: CharacterStyle[], textMarks: Mark[], rise = 0, scale = 1): TextStyle => {
      let bold = base.bold === true || textMarks.includes('bold')
      let italic = base.italic === true || textMarks.includes('italic')
      let underline = false
      let strike = textMarks.includes('strike')
      for (const cs of extra) {
        bold ||= cs.bold === true
        italic ||= cs.italic === true
        underline ||= cs.underline === true
        strike ||= cs.strike === true
      }
      return textStyle(bold, italic, size * scale, underline, strike, rise)
    }
    for (const run of runs(inlines)) {
      switch (run.type) {
        case 'text': {
          const link = run.link && this.linkTarget(run.link)
          const style = styled(run.edge ? [] : partMark(run.parts), run.marks)
          out.push(link === undefined ? { text: run.text, style } : { text: run.text, style, link })
          break
        }
        case 'open':
        case 'close':
          out.push({ text: run.text, style: styled([marks.sponsor], []) })
          break
        case 'footnote': {
          const sup = footnotes.markSuperscript
          out.push({
            text: footnoteMark(this.layout, run.number),
            style: styled([], [], sup ? size * SUPERSCRIPT_RISE : 0, sup ? SUPERSCRIPT_SIZE : 1),
            note: run.number,
          })
          break
        }
        case 'break':
          out.push({ text: '\n', style: styled([], []) })
          break
      }
    }
    return out
  }

  /**
   * Breaks and sets a paragraph in a style. `label` is its number or bullet, set at the first
   * line's indent; `width`/`x` narrow it (the header block's columns, a table's cells);
   * `extraIndent` moves it right (nested bullets, continuations); `align` overrides the style's.
   */
  paragraph(name: StyleName, pieces: Piece[], label: string | undefined, tag: Tag, width = this.textWidth, x = this.left, extraIndent = 0, align?: ParagraphStyle['align']): FlowPara {
    // A link is the document's own object (the PDF makes one annotation of each): not shared.
    const kept = this.kept
    if (kept === undefined || !caching() || pieces.some((p) => p.link !== undefined)) return this.setParagraph(name, pieces, label, tag, width, x, extraIndent, align, this.missing)
    // The pieces by their text (its length first: no two lists of pieces give one key), style (one object for its attributes) and note.
    let key = JSON.stringify([name, label ?? null, tag, width, x, extraIndent, align ?? null])
    for (const p of pieces) key += `\n${styleId(p.style)} ${p.note ?? ''} ${p.text.length} ${p.text}`
    let set = kept.get(key)
    if (set) {
      for (const ch of set.missing) this.missing(ch)
    } else {
      const missing: string[] = []
      const para = this.setParagraph(name, pieces, label, tag, width, x, extraIndent, align, (ch) => {
        if (!missing.includes(ch)) missing.push(ch)
        this.missing(ch)
      })
      if (kept.size >= SET_LIMIT) kept.clear()
      kept.set(key, (set = { para, missing }))
    }
    // Callers may change a paragraph's own fields (its space before); its lines are shared.
    return { ...set.para }
  }

  private setParagraph(
    name: StyleName,
    pieces: Piece[],
    label: string | undefined,
    tag: Tag,
    width: number,
    x: number,
    extraIndent: number,
    align: ParagraphStyle['align'] | undefined,
    missing: (ch: string) => void,
  ): FlowPara {
    const style = align === undefined ? this.style(name) : { ...this.style(name), align }
    const size = this.sizeOf(name)
    const justify = style.align === 'justify'
    const indent = (style.indent ?? 0) + extraIndent
    const firstStart = indent + (style.firstLine ?? 0) - (style.hanging ?? 0)
    let firstText = firstStart
    let labelLine: SetLine | undefined
    if (label !== undefined) {
      const labelFrag = makeFrag(label, this.baseStyle(name))
      const space = makeFrag(' ', labelFrag.style).width
      const room = style.numberWidth ?? style.hanging ?? 0
      firstText = Math.max(firstStart + room, firstStart + labelFrag.width + space)
      // The label and a space as wide as the gap to the text, so that the text reads "1. To".
      const gap = makeFrag(' ', labelFrag.style)
      labelLine = {
        placed: [
          { x: x + firstStart, frag: labelFrag, advance: labelFrag.width, space: false, label: true },
          { x: x + firstStart + labelFrag.width, frag: gap, advance: firstText - firstStart - labelFrag.width, space: true, label: true },
        ],
        decorations: [],
        notes: [],
        links: [],
      }
    }
    const items: Item[] = itemize(pieces, { justify, missing })
    const lineWidth = (n: number) => Math.max(size, width - (n === 0 ? firstText : indent))
    const breaks = breakLines(items, { width: lineWidth, justify })
    const { height, baseline } = this.lineMetrics(size)
    const lines: Line[] = breaks.map((b, n) => {
      const { placed, decorations, notes, links } = setLine(items, b, x + (n === 0 ? firstText : indent), lineWidth(n), style.align)
      if (n === 0 && labelLine) placed.unshift(...labelLine.placed)
      return { placed, decorations, notes, links, height, baseline }
    })
    return {
      lines,
      spaceBefore: style.spaceBefore ?? 0,
      spaceAfter: style.spaceAfter ?? 0,
      keepWithNext: style.keepWithNext === true || name === 'keyword',
      tag,
    }
  }

  /**
   * The organ line and the two-column header block. The right column (classification) starts
   * at the layout's `header.rightAt` from the left margin, or further left when one of its
   * lines needs it; the left column (meeting lines) wraps in what is left.
   */
  private header(f: Frame): HeaderBlock {
    const lines: HeaderBlock['lines'] = []
    let group = 0
    let y = 0
    if (f.organ) {
      const organ = this.plain('organ', f.organ)
      for (const line of organ.lines) {
        lines.push({ line, y, group })
        y += line.height
      }
      group++
      y += organ.spaceAfter
    }
    if (f.left.length > 0 || f.right.length > 0) {
      const style = this.baseStyle('header')
      const rightWidth = Math.max(this.textWidth - Math.min(this.layout.header.rightAt, this.textWidth), ...f.right.map((t) => makeFrag(t, style).width))
      const rightX = this.left + this.textWidth - Math.min(rightWidth, this.textWidth)
      const leftWidth = f.right.length > 0 ? rightX - this.left - COLUMN_GAP : this.textWidth
      let yl = y
      for (const text of f.left) {
        for (const line of this.plain('header', text, 'P', leftWidth).lines) {
          lines.push({ line, y: yl, group })
          yl += line.height
        }
        group++
      }
      let yr = y
      for (const text of f.right) {
        for (const line of this.plain('header', text, 'P', this.left + this.textWidth - rightX, rightX).lines) {
          lines.push({ line, y: yr, group })
          yr += line.height
        }
        group++
      }
      y = Math.max(yl, yr)
    }
    return { lines, height: y }
  }
}
