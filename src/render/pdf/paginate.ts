/**
 * Pagination: fills pages with the body's lines and the footnotes they refer to.
 *
 * - A footnote starts on the page of the line that refers to it, at the foot of the page under
 *   a short rule; what does not fit runs on to the foot of the next page, before that page's
 *   own footnotes.
 * - No single line of a paragraph is left alone at the foot (orphan) or head (widow) of a page.
 * - A paragraph that keeps with the next (title area, operative keyword) goes to the next page
 *   unless it and the first lines of the paragraph after it fit on this one.
 * - Space before a paragraph is dropped at the head of a page after the first.
 * - A paragraph that breaks before (an annex's heading) starts a page; a table's header row is
 *   placed again at the head of each page its rows run on to.
 */
import type { FlowPara, Line } from './build.js'

export interface PlacedLine {
  line: Line
  /** Top of the line, from the top of the page. */
  y: number
  /** Index of the paragraph in the body, or the footnote's number for a footnote line. */
  owner: number
}

export interface Page {
  body: PlacedLine[]
  notes: PlacedLine[]
  /** Top of the footnote area (the separator above it), when the page has footnotes. */
  separator?: number
}

export interface Geometry {
  /** Where the body starts on the first page (below the header block), and on the others. */
  firstTop: number
  top: number
  /** Where the body and footnotes end. */
  bottom: number
  /** Height of the separator between the body and the footnotes. */
  separator: number
}

/** The footnotes a line starts when it marks none (most lines). */
const NO_NOTES: readonly number[] = []

interface NoteLine {
  line: Line
  note: number
}

/** A page being filled. Cloned to try a placement without committing it. */
class PageState {
  body: PlacedLine[] = []
  notes: NoteLine[] = []
  noteHeight = 0
  /** Footnote lines that did not fit and go to the next page. */
  carry: NoteLine[] = []
  /** Footnotes already started (on this page or before). */
  started: Set<number>
  y: number
  pendingSpace = 0

  constructor(
    readonly top: number,
    readonly geometry: Geometry,
    started: Set<number>,
    /** The first page keeps space before its first paragraph (it follows the header block). */
    readonly keepSpace = false,
  ) {
    this.y = top
    this.started = started
  }

  clone(): PageState {
    const s = new PageState(this.top, this.geometry, new Set(this.started), this.keepSpace)
    s.body = [...this.body]
    s.notes = [...this.notes]
    s.noteHeight = this.noteHeight
    s.carry = [...this.carry]
    s.y = this.y
    s.pendingSpace = this.pendingSpace
    s.repeated = this.repeated
    return s
  }

  /** Lines placed again at the head of the page (a table's header row): the page is empty without them. */
  repeated = 0

  get empty(): boolean {
    return this.body.length === this.repeated
  }

  footArea(): number {
    return this.notes.length > 0 ? this.noteHeight + this.geometry.separator : 0
  }

  /**
   * Places line `j` of `para` (index `owner`) if it fits, with its footnotes: all of each but
   * the last, and at least the first line of the last (the rest carried to the next page).
   */
  place(para: FlowPara, j: number, owner: number, notes: Map<number, Line[]>): boolean {
    const line = para.lines[j]!
    const space = j === 0 && (!this.empty || this.keepSpace) ? this.pendingSpace + para.spaceBefore : 0
    const top = this.y + space
    const bottom = top + line.height
    const fresh = line.notes.length === 0 ? NO_NOTES : line.notes.filter((n) => !this.started.has(n) && notes.has(n))
    const limit = this.geometry.bottom - bottom
    if (fresh.length === 0) {
      if (limit < this.footArea() - 0.01) return false
    } else {
      if (this.carry.length > 0) return false
      let available = limit - this.footArea() - (this.notes.length === 0 ? this.geometry.separator : 0)
      const take: NoteLine[] = []
      const rest: NoteLine[] = []
      for (const [k, n] of fresh.entries()) {
        const lines = notes.get(n)!
        const height = lines.reduce((h, l) => h + l.height, 0)
        if (height <= available + 0.01) {
          for (const l of lines) take.push({ line: l, note: n })
          available -= height
        } else if (k === fresh.length - 1 && lines[0]!.height <= available + 0.01) {
          let i = 0
          while (i < lines.length && lines[i]!.height <= available + 0.01) {
            take.push({ line: lines[i]!, note: n })
            available -= lines[i]!.height
            i++
          }
          for (; i < lines.length; i++) rest.push({ line: lines[i]!, note: n })
        } else return false
      }
      for (const t of take) {
        this.notes.push(t)
        this.noteHeight += t.line.height
      }
      this.carry = rest
      for (const n of fresh) this.started.add(n)
    }
    this.body.push({ line, y: top, owner })
    this.y = bottom
    if (j === para.lines.length - 1) this.pendingSpace = para.spaceAfter
    return true
  }

  /** How many lines of `para` from line `from` fit, placed one after the other. */
  fit(para: FlowPara, from: number, owner: number, notes: Map<number, Line[]>, upTo = para.lines.length): number {
    const probe = this.clone()
    let j = from
    while (j < upTo && probe.place(para, j, owner, notes)) j++
    return j - from
  }

  /** The page as drawn: footnotes stacked up from the bottom. */
  finish(): Page {
    const page: Page = { body: this.body, notes: [] }
    if (this.notes.length > 0) {
      let y = this.geometry.bottom - this.noteHeight
      page.separator = y - this.geometry.separator
      for (const { line, note } of this.notes) {
        page.notes.push({ line, y, owner: note })
        y += line.height
      }
    }
    return page
  }
}

/** The least number of lines of a paragraph that may stand at the foot of a page. */
function firstChunk(para: FlowPara): number {
  return para.lines.length <= 3 ? para.lines.length : 2
}

export function paginate(body: FlowPara[], notes: Map<number, Line[]>, geometry: Geometry): Page[] {
  const pages: Page[] = []
  const started = new Set<number>()
  let state = new PageState(geometry.firstTop, geometry, started, true)

  /** Ends the page; the next starts with the header row of the table that `para` (if any) is a row of. */
  const newPage = (para?: FlowPara) => {
    pages.push(state.finish())
    const carry = state.carry
    state = new PageState(geometry.top, geometry, state.started)
    // Footnote lines run on from the page before, as many as leave room for two body lines.
    const room = geometry.bottom - geometry.top - geometry.separator - 2 * (body[0]?.lines[0]?.height ?? 14)
    let height = 0
    let i = 0
    while (i < carry.length && (height + carry[i]!.line.height <= room || i === 0)) {
      state.notes.push(carry[i]!)
      height += carry[i]!.line.height
      i++
    }
    state.noteHeight = height
    state.carry = carry.slice(i)
    // A repeated header row is no new content: owner -1, drawn as an artifact.
    const head = para?.repeat
    if (head) {
      for (let j = 0; j < head.lines.length; j++) if (!state.place(head, j, -1, notes)) forcePlace(state, head, j, -1, notes)
      state.repeated = state.body.length
    }
  }

  /** Whether paragraphs `i` … (a keep-with-next chain) and the next one's first lines fit. */
  const chainFits = (i: number): boolean => {
    const probe = state.clone()
    let k = i
    for (; k < body.length; k++) {
      const para = body[k]!
      if (!para.keepWithNext) break
      if (probe.fit(para, 0, k, notes) < para.lines.length) return false
      for (let j = 0; j < para.lines.length; j++) probe.place(para, j, k, notes)
    }
    const next = body[k]
    return !next || probe.fit(next, 0, k, notes, firstChunk(next)) >= firstChunk(next)
  }

  for (let i = 0; i < body.length; i++) {
    const para = body[i]!
    if (para.breakBefore && !state.empty) newPage()
    else if (para.keepWithNext && !state.empty && !chainFits(i)) newPage(para)
    const n = para.lines.length
    let j = 0
    while (j < n) {
      let k = state.fit(para, j, i, notes)
      const remaining = n - j
      if (k < remaining) {
        // Orphan: the first lines of a paragraph at the foot of a page are at least two (all of a
        // paragraph of two or three lines). Widow: at least two go to the next page.
        const least = j === 0 ? firstChunk(para) : 1
        if (remaining - k < 2) k = remaining - 2
        if (k < least) {
          if (!state.empty) {
            newPage(para)
            continue
          }
          k = Math.max(1, state.fit(para, j, i, notes))
        }
      }
      for (let m = 0; m < k; m++) {
        if (!state.place(para, j + m, i, notes)) forcePlace(state, para, j + m, i, notes)
      }
      j += k
      if (j < n) newPage(para)
    }
  }
  while (state.carry.length > 0) newPage()
  pages.push(state.finish())
  return pages
}

/** A line taller than an empty page (or with footnotes that cannot start on it): placed anyway. */
function forcePlace(state: PageState, para: FlowPara, j: number, owner: number, notes: Map<number, Line[]>): void {
  const line = para.lines[j]!
  for (const n of line.notes) {
    if (state.started.has(n) || !notes.has(n)) continue
    state.started.add(n)
    for (const l of notes.get(n)!) state.carry.push({ line: l, note: n })
  }
  state.body.push({ line, y: state.y, owner })
  state.y += line.height
}
