/**
 * Inlines → the children of a Word paragraph.
 *
 * Shown proposals are printed one of two ways:
 * - marks (default): the bracket and sponsor tag in the sponsor character style, text proposed
 *   for deletion in the deletion style (struck), proposed text in the insertion style
 *   (underlined); a run takes the style of the innermost proposal part it sits in.
 * - track changes: proposed text becomes a `w:ins`, text proposed for deletion a `w:del`,
 *   authored by the sponsors of the innermost part ("CAN/US"). Text that one sponsor proposes to
 *   delete inside another's proposed text is a `w:del` inside the outer `w:ins`, as Word writes a
 *   deletion of someone else's insertion. A sponsored proposal's tag and bracket become a hidden
 *   bookmark around it (`_oasP1`), so its exact extent can be read back; a bare bracket keeps
 *   its brackets as text, inside the revision of the text around it, since the text in it is
 *   still pending whatever Word accepts (see docs/decisions.md, "Track changes").
 *
 * Footnote references are marked as the layout says (`1/`): Word's own numbered
 * `w:footnoteReference` where the number is, the rest of the mark (`/`) as text after it, all in
 * the footnote mark style.
 */
import {
  BaseXmlComponent,
  BuilderElement,
  DeletedTextRun,
  ExternalHyperlink,
  TextRun,
  type IContext,
  type IRunOptions,
  type IXmlableObject,
  type ParagraphChild,
  type XmlComponent,
} from 'docx'
import { aroundNumber, footnoteMark } from '../../layout/compose.js'
import type { Layout } from '../../layout/load.js'
import { runs as flatten, type ProposalPart, type Run } from '../../model/runs.js'
import { consecutive } from '../consecutive.js'
import { asciiUrl } from '../url.js'
import type { Inline, Mark } from '../../model/types.js'
import { CHAR, monoFont } from './styles.js'
import { w3cdtf } from './units.js'
import { element } from './xmlable.js'

/** What rendering runs needs to know about the document being written. */
export interface RunContext {
  layout: Layout
  trackChanges: boolean
  /** The revisions' date (W3CDTF). */
  date: string
  /** The next revision id: unique in the document, in writing order. */
  revisionId: () => number
  /** Footnotes referred to so far: Word gives a footnote one reference, so a later one is its mark alone. */
  referenced: Set<number>
  /** The next bookmark name's number: unique in the document (body and notes), in writing order. */
  bookmarkId: () => number
}

/** A fresh context for a document: ids from 1, no footnote referred to yet. */
export function runContext(layout: Layout, trackChanges: boolean, time: Date): RunContext {
  let revision = 0
  let bookmark = 0
  return { layout, trackChanges, date: w3cdtf(time), revisionId: () => ++revision, bookmarkId: () => ++bookmark, referenced: new Set() }
}

/** A paragraph's children, and who inserted the whole paragraph (track changes), if anyone. */
export interface RenderedRuns {
  children: ParagraphChild[]
  /** Set when every run of the paragraph sits in a proposal of these sponsors: its mark is theirs too. */
  insertedBy?: string
}

/** One Word run (or a bookmark's start or end), with what wraps it. */
interface Item {
  link?: string
  /** Track changes: the author of the `w:ins` around the run. */
  insertedBy?: string
  run: BaseXmlComponent
  /** A bookmark's start or end: it takes the link of the runs on both sides of it. */
  bookmark?: true
}

const author = (part: ProposalPart): string => part.authors.join('/')

/** The revision a run takes from its parts: the innermost with an author decides. */
export function revisionOf(parts: ProposalPart[]): { deletedBy?: string; insertedBy?: string } {
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!
    if (part.authors.length === 0) continue
    if (part.kind === 'insertion') return { insertedBy: author(part) }
    const outer = parts.slice(0, i).reverse().find((p) => p.kind === 'insertion' && p.authors.length > 0)
    return outer ? { deletedBy: author(part), insertedBy: author(outer) } : { deletedBy: author(part) }
  }
  return {}
}

/** The run options a plain run may have: a character style and the marks. */
export type PlainOptions = Pick<IRunOptions, 'style' | 'bold' | 'italics' | 'strike' | 'font'>

/** The combination of options a run's properties are written from: each mark unset, on or off (docx writes `w:val="false"` for off), the style and font as given. */
function propertiesKey(options: PlainOptions): string {
  const mark = (on: boolean | undefined) => (on === undefined ? '-' : on ? '1' : '0')
  const font = typeof options.font === 'string' || options.font === undefined ? (options.font ?? '') : JSON.stringify(options.font)
  return `${mark(options.bold)}${mark(options.italics)}${mark(options.strike)}|${options.style ?? ''}|${font}`
}

/** `w:rPr` as docx writes it, per combination of options: asked of docx once each; and as XML text. */
const runPropertiesOf = new Map<string, { properties: IXmlableObject | undefined; xml: string }>()

function runPropertiesOnce(options: PlainOptions): { properties: IXmlableObject | undefined; xml: string } {
  const key = propertiesKey(options)
  let known = runPropertiesOf.get(key)
  if (!known) {
    // A run without properties nor text is `{ 'w:r': {} }`.
    const run = new TextRun(options).prepForXml({ stack: [] } as unknown as IContext) as { 'w:r': IXmlableObject[] | object } | undefined
    const children = run?.['w:r']
    const properties = Array.isArray(children) ? children.find((child) => 'w:rPr' in child) : undefined
    runPropertiesOf.set(key, (known = { properties, xml: properties === undefined ? '' : element(properties as Record<string, unknown>) }))
  }
  return known
}

const runProperties = (options: PlainOptions): IXmlableObject | undefined => runPropertiesOnce(options).properties

/** `<w:rPr>…</w:rPr>` as docx writes it for these options ('' for none). */
export const runPropertiesXml = (options: PlainOptions): string => runPropertiesOnce(options).xml

/**
 * A run of text (the most of a document: thousands a draft) as docx writes a `TextRun` with the
 * same options, at a fraction of the cost: the properties come from docx once per combination
 * (`runProperties`), and the run is an object docx serialises as it is (docx's documented
 * `BaseXmlComponent`), not a tree of components built and walked for every run. The test
 * "a plain run is what docx writes for a TextRun" holds the two to the same output.
 */
export class PlainRun extends BaseXmlComponent {
  private readonly properties: IXmlableObject | undefined

  constructor(
    private readonly text: string,
    options: PlainOptions = {},
  ) {
    super('w:r')
    this.properties = runProperties(options)
  }

  override prepForXml(): IXmlableObject {
    const text = { 'w:t': [{ _attr: { 'xml:space': 'preserve' } }, this.text] }
    return { 'w:r': this.properties ? [this.properties, text] : [text] }
  }
}

export function markProps(marks: Mark[], layout: Layout): IRunOptions {
  return {
    ...(marks.includes('bold') ? { bold: true } : {}),
    ...(marks.includes('italic') ? { italics: true } : {}),
    ...(marks.includes('strike') ? { strike: true } : {}),
    ...(marks.includes('code') ? { font: monoFont(layout) } : {}),
  }
}

const PLAIN_KEYS = new Set(['text', 'style', 'bold', 'italics', 'strike', 'font'])

/** Options a PlainRun writes as docx would: text, and nothing but a style and marks. */
function isPlain(props: IRunOptions): props is PlainOptions & { text: string } {
  return typeof props.text === 'string' && Object.keys(props).every((key) => PLAIN_KEYS.has(key))
}

/** The character style of a run in the marks rendering: its innermost part's. */
export function partStyle(parts: ProposalPart[]): string | undefined {
  const inner = parts[parts.length - 1]
  return inner === undefined ? undefined : inner.kind === 'insertion' ? CHAR.insertion : CHAR.deletion
}

/**
 * `<w:footnoteReference w:id="n"/>`, numbered by Word (and LibreOffice) as the model numbers it;
 * with `custom`, `w:customMarkFollows="1"`: the mark is the run's text.
 */
function footnoteReference(n: number, custom = false): XmlComponent {
  return new BuilderElement<{ customMarkFollows?: string; id: number }>({
    name: 'w:footnoteReference',
    attributes: { ...(custom ? { customMarkFollows: { key: 'w:customMarkFollows', value: '1' } } : {}), id: { key: 'w:id', value: n } },
  })
}

/** `<w:bookmarkStart w:id="n" w:name="_oasP1"/>`: a hidden bookmark (its name starts with `_`). */
function bookmarkStart(id: number, name: string): XmlComponent {
  return new BuilderElement<{ id: number; name: string }>({
    name: 'w:bookmarkStart',
    attributes: { id: { key: 'w:id', value: id }, name: { key: 'w:name', value: name } },
  })
}

function bookmarkEnd(n: number): XmlComponent {
  return new BuilderElement<{ id: number }>({ name: 'w:bookmarkEnd', attributes: { id: { key: 'w:id', value: n } } })
}

/** The name of the bookmark around each sponsored proposal, with track changes: `_oasP` and its number. */
export const BOOKMARK_PREFIX = '_oasP'

/**
 * Track changes: the indexes (in `list`) of the open and close runs of sponsored proposals that
 * hold something of their own (text, a note, a break or a bare bracket outside the sponsored
 * proposals nested in them). Their revisions say who they are, so their tag and bracket become
 * a bookmark; any other (`[US: ]`, or `[A: [B: x]]` for A) keeps them as text.
 */
export function proposalsWithText(list: Run[]): Set<number> {
  const out = new Set<number>()
  // The open run of each sponsored proposal we are in, and whether something of its own was seen.
  const stack: Array<{ at: number; own: boolean; sponsored: boolean }> = []
  const innermostSponsored = () => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.sponsored) return stack[i]
    return undefined
  }
  list.forEach((run, i) => {
    if (run.type === 'open') {
      const sponsored = run.tag !== ''
      if (!sponsored) {
        const owner = innermostSponsored()
        if (owner) owner.own = true
      }
      stack.push({ at: i, own: false, sponsored })
    } else if (run.type === 'close') {
      const entry = stack.pop()
      if (entry?.sponsored && entry.own) out.add(entry.at).add(i)
    } else {
      const owner = innermostSponsored()
      if (owner) owner.own = true
    }
  })
  return out
}

/** `<w:ins>` or `<w:del>` around runs. */
export function revision(kind: 'w:ins' | 'w:del', id: number, by: string, date: string, children: BaseXmlComponent[]): XmlComponent {
  return new BuilderElement<{ id: number; author: string; date: string }>({
    name: kind,
    attributes: { id: { key: 'w:id', value: id }, author: { key: 'w:author', value: by }, date: { key: 'w:date', value: date } },
    children: children as XmlComponent[],
  })
}

/** Text with its newlines: spaces, or line breaks in code. */
export function pieces(text: string, keepLines: boolean): Array<string | null> {
  if (!keepLines) return [text.replace(/[ \t]*\r?\n[ \t]*/g, ' ')]
  return text.split(/\r?\n/).flatMap((line, i) => (i === 0 ? [line] : [null, line])).filter((p) => p !== '')
}

export function renderRuns(inlines: Inline[], ctx: RunContext, options: { keepLines?: boolean } = {}): RenderedRuns {
  const { layout, trackChanges } = ctx
  const list = flatten(inlines)
  const items: Item[] = []

  const push = (run: Run, props: IRunOptions, link?: string) => {
    const { deletedBy, insertedBy } = trackChanges ? revisionOf(run.parts) : {}
    const leaf = deletedBy !== undefined
      ? new DeletedTextRun({ ...props, id: ctx.revisionId(), author: deletedBy, date: ctx.date })
      : isPlain(props)
        ? new PlainRun(props.text, props)
        : new TextRun(props)
    items.push({ ...(link !== undefined ? { link } : {}), ...(insertedBy !== undefined ? { insertedBy } : {}), run: leaf })
  }

  const bookmarked = trackChanges ? proposalsWithText(list) : new Set<number>()
  const open: number[] = []

  list.forEach((run, index) => {
    switch (run.type) {
      case 'open':
      case 'close':
        if (bookmarked.has(index)) {
          // The revisions say who proposes what; the bookmark says where the proposal starts and ends.
          if (run.type === 'open') {
            const mark = { id: ctx.revisionId(), name: `${BOOKMARK_PREFIX}${ctx.bookmarkId()}` }
            open.push(mark.id)
            items.push({ bookmark: true, run: bookmarkStart(mark.id, mark.name) })
          } else items.push({ bookmark: true, run: bookmarkEnd(open.pop()!) })
        } else if (trackChanges) {
          // A bare bracket stays pending whatever Word accepts: its brackets are text of the revision around it.
          push(run, { text: run.text, style: CHAR.sponsor })
        } else {
          items.push({ run: new PlainRun(run.text, { style: CHAR.sponsor }) })
        }
        break
      case 'text': {
        // A run that becomes a revision needs no mark: Word shows the revision.
        const revised = trackChanges && Object.keys(revisionOf(run.parts)).length > 0
        const style = revised || run.edge ? undefined : partStyle(run.parts)
        const link = run.link && asciiUrl(run.link.url)
        const base: IRunOptions = { ...markProps(run.marks, layout), ...(style !== undefined ? { style } : link !== undefined ? { style: 'Hyperlink' } : {}) }
        for (const piece of pieces(run.text, options.keepLines ?? false)) {
          push(run, piece === null ? { ...base, break: 1 } : { ...base, text: piece }, link)
        }
        break
      }
      case 'footnote': {
        const mark = footnoteMark(layout, run.number)
        if (ctx.referenced.has(run.number)) {
          // Word gives a note one reference: a later one is its mark, as text.
          push(run, { style: CHAR.footnoteMark, text: mark })
          break
        }
        ctx.referenced.add(run.number)
        // The number as Word's own (auto-numbered) reference, the rest of the mark as text around it:
        // a custom mark of more than one character is printed twice by LibreOffice.
        const around = aroundNumber(mark, run.number)
        if (around === undefined) {
          push(run, { style: CHAR.footnoteMark, children: [footnoteReference(run.number, true), mark] })
          break
        }
        const [before, after] = around
        if (before !== '') push(run, { style: CHAR.footnoteMark, text: before })
        push(run, { style: CHAR.footnoteMark, children: [footnoteReference(run.number)] })
        if (after !== '') push(run, { style: CHAR.footnoteMark, text: after })
        break
      }
      case 'break':
        push(run, { break: 1 })
        break
    }
  })

  const children = group(placeBookmarks(items), ctx)
  const insertedBy = trackChanges ? wholeInsertion(list, bookmarked) : undefined
  return insertedBy !== undefined ? { children, insertedBy } : { children }
}

/** What `placeBookmarks` reads of a run or bookmark, and moves onto a bookmark. */
export interface Placed {
  link?: string
  insertedBy?: string
  bookmark?: true
}

/**
 * A bookmark is a position: it joins the hyperlink and the insertion of the run before it (of the
 * run after it, first in a paragraph), so that it never splits a link or a revision in two, nor
 * stands alone in one.
 */
export function placeBookmarks<T extends Placed>(items: T[]): T[] {
  if (!items.some((item) => item.bookmark)) return items
  const runs = items.filter((item) => !item.bookmark)
  let before: T | undefined
  return items.map((item) => {
    if (!item.bookmark) {
      before = item
      return item
    }
    const { link, insertedBy } = before ?? runs[0] ?? {}
    const placed = { ...item }
    delete placed.link
    delete placed.insertedBy
    if (link !== undefined) placed.link = link
    if (insertedBy !== undefined) placed.insertedBy = insertedBy
    return placed
  })
}

/** Consecutive runs of one link go in one hyperlink; consecutive runs of one insertion in one `w:ins`. */
function group(items: Item[], ctx: RunContext): ParagraphChild[] {
  return consecutive(items, (item) => item.link).flatMap(({ key: link, items: linked }) => {
    const inner = groupInsertions(linked, ctx)
    return link === undefined ? inner : [new ExternalHyperlink({ link, children: inner })]
  })
}

function groupInsertions(items: Item[], ctx: RunContext): ParagraphChild[] {
  return consecutive(items, (item) => item.insertedBy).flatMap(({ key: by, items: inserted }) => {
    const runs = inserted.map((item) => item.run)
    return by === undefined ? (runs as ParagraphChild[]) : [revision('w:ins', ctx.revisionId(), by, ctx.date, runs) as unknown as ParagraphChild]
  })
}

/**
 * The sponsors who propose the whole paragraph, when every run sits in their proposed text; a
 * bracket printed as text outside every proposal (`bookmarked` has the others) is not theirs.
 */
export function wholeInsertion(list: Run[], bookmarked: Set<number>): string | undefined {
  let by: string | undefined
  let any = false
  for (const [index, run] of list.entries()) {
    if (run.type === 'open' || run.type === 'close') {
      if (run.authors.length === 0 || (run.parts.length === 0 && !bookmarked.has(index))) return undefined
      continue
    }
    const outer = run.parts[0]
    if (outer === undefined || outer.kind !== 'insertion' || outer.authors.length === 0) return undefined
    const who = author(outer)
    if (by !== undefined && by !== who) return undefined
    by = who
    any = true
  }
  return any ? by : undefined
}
