/**
 * Every proposal of a parsed draft, with its reference and its facts (spec section 4.1): the
 * one place that numbers proposals, for the scenarios, `agree`/`withdraw`, the status table,
 * `compare`, parity and import alike.
 *
 * ```ts
 * const { paragraphs, proposals } = proposalsOf(draft.tree)
 * proposals[0] // { ref: 'OP4.1', paragraph: 'OP4', sponsors: ['US'], kind: 'insertion', state: 'pending', … }
 * ```
 *
 * `proposalsOf(tree)` returns plain data (JSON-serialisable, no tree nodes), in reading order
 * (a proposal before those nested in it):
 *
 * - `paragraphs`: every paragraph that holds a word or a proposal, as the draft numbers it:
 *   `ref` (`PP3`, `OP2.a`, `P12`, `FN1`), `kind`, `numbers` (`[2, 1]` for `OP2.a`), the `line`
 *   it starts on, the `proposals` in it (references, nested ones included), the footnotes it
 *   refers to (`notes`: `['FN1']`), `keyword: true` on the operative keyword (a `P`), and its
 *   `text`: the pieces of its text in reading order, each with the proposals it sits in (so
 *   that any decision on the proposals gives the paragraph's text: `textOf`); a footnote has
 *   its `label`.
 * - `proposals`: for each annotation (bare brackets too),
 *   - `ref`: `OP4.1` (first top-level proposal of operative paragraph 4), `OP4.1.2` (second
 *     proposal nested in that one), `OP2.a.1`, `OP2.a.i.1`, `PP3.1`, `P12.1`, `FN1.1`;
 *   - `paragraph`: the paragraph's reference (`OP4`);
 *   - `sponsors` (as written, `[]` for a bare bracket), `tag` (as written, `CAN/US`), and
 *     `owners`: whose proposal it is (its sponsors; for a bare bracket, those of the pending
 *     proposal around it, or none);
 *   - `kind`: `insertion`, `deletion` (it only deletes) or `replacement` (both);
 *   - `state`: `pending`, `agreed`, `withdrawn`, as its tag says; and `moot`: its text is gone
 *     in every view whatever is decided of it (it sits in the text of a withdrawn proposal, in
 *     text an agreed proposal deletes, or in a moot proposal);
 *   - `inserted` and `deleted`: the plain text the proposal inserts and deletes, and its number
 *     of words (a nested proposal's insertions are its own, but the text it deletes is this
 *     one's, and a bare bracket nested in it is part of it);
 *   - `parent`: the reference of the proposal it amends, and `within`: whether it sits in that
 *     proposal's `insertion` or in text it proposes for `deletion`;
 *   - `position`: where it is in the draft (`start` at its `[`, `end` after its `]`; line,
 *     column, offset into the draft's text).
 *
 * How paragraphs are numbered (docs/decisions.md, "References"): as the bracketed view numbers
 * them with every proposal shown, whatever its state. `PP` counts the paragraphs before the
 * operative list (the opening line first, the operative keyword not), `OP` the operative list's
 * items and, one level down each, their sub-items (`a`, `b` … then `i`, `ii` …); anything else
 * in an operative item (further paragraphs, bullets) is part of it. `P` is any other paragraph,
 * heading or list item, numbered by its position among all of these in the document. `FN` is a
 * footnote, numbered by first reference in the draft. So agreeing or withdrawing a proposal never
 * changes a reference; adding or removing a paragraph or a proposal does.
 */
import type { FootnoteDefinition, List, ListItem, Nodes, Parent, Root, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import type { Annotation, ProposalState } from '../draft/annotation/types.js'
import { formatNumber } from '../layout/numbers.js'

export type ParagraphKind = 'PP' | 'OP' | 'P' | 'FN'

export interface ParagraphFacts {
  /** `PP3`, `OP2.a`, `OP2.a.i`, `P12`, `FN1`. */
  ref: string
  kind: ParagraphKind
  /** Its number, and for a sub-paragraph the numbers of the paragraphs above it: `[2, 1]` for `OP2.a`. */
  numbers: number[]
  /** The line of the draft it starts on. */
  line: number
  /** The references of the proposals in it, in reading order, nested ones included. */
  proposals: string[]
  /** The footnotes its text refers to (`FN1`), in reading order, a note referred to twice twice. */
  notes: string[]
  /** Set on the operative keyword (`RESOLVES:`), which is numbered as a `P`. */
  keyword?: true
  /** Its text in pieces, in reading order: see `TextPiece`. */
  text: TextPiece[]
  /** A footnote's label as the draft writes it (`us` for `[^us]`). */
  label?: string
}

/**
 * A piece of a paragraph's text and where it sits: `in` lists the proposals around it, the
 * outermost first, each with the side of it the piece is on (`[US: a [COL: ~~b~~ c]]`: `b` is
 * in US's insertion and in COL's deletion). A piece outside every proposal is base text.
 */
export interface TextPiece {
  text: string
  in: Array<{ ref: string; within: 'insertion' | 'deletion' }>
  /** Where the node it is read from starts in the draft (an offset), to place a word of it; none for the space between an item's paragraphs. */
  offset?: number | undefined
}

export type ProposalKind = 'insertion' | 'deletion' | 'replacement'

export interface Point {
  line: number
  column: number
  offset: number
}

export interface ProposalFacts {
  ref: string
  /** The reference of its paragraph: `OP4`. */
  paragraph: string
  sponsors: string[]
  tag: string
  owners: string[]
  kind: ProposalKind
  state: ProposalState
  moot: boolean
  inserted: { text: string; words: number }
  deleted: { text: string; words: number }
  parent?: string
  within?: 'insertion' | 'deletion'
  position: { start: Point; end: Point }
}

export interface DraftProposals {
  paragraphs: ParagraphFacts[]
  proposals: ProposalFacts[]
}

/** Every paragraph and proposal of a parsed draft's tree, numbered as the module header says. */
export function proposalsOf(tree: Root): DraftProposals {
  const { units, byNode } = survey(tree)
  return { paragraphs: units.map((u) => u.facts), proposals: [...byNode.values()] }
}

/** A paragraph's facts and the blocks of the tree whose phrasing content is its text. */
export interface ParagraphText {
  facts: ParagraphFacts
  texts: Parent[]
}

/**
 * The same paragraphs and proposals, each paragraph with the blocks that hold its text (tree
 * nodes, not plain data): for stages that read the words too (parity compares the figures).
 */
export function paragraphsOf(tree: Root): { paragraphs: ParagraphText[]; proposals: ProposalFacts[] } {
  const { units, byNode } = survey(tree)
  return { paragraphs: units, proposals: [...byNode.values()] }
}

/**
 * The same facts, keyed by the annotation nodes of `tree`: for stages that walk the tree and
 * need each node's reference (scenario resolution, `agree`). Reading order, like `proposalsOf`.
 */
export function proposalsByNode(tree: Root): Map<Annotation, ProposalFacts> {
  return survey(tree).byNode
}

/** The operative keyword: only capitals (and spaces) and a colon, e.g. `RESOLVES:`, `DÉCIDE :`. */
export const KEYWORD = /^[\p{Lu}][\p{Lu}\s]*\s?:$/u

/**
 * The sponsors a bare bracket in `part` of `node` belongs to: `node`'s own, while it is a
 * proposal not agreed. An agreed proposal is base text, so it passes on what it inherited: a
 * bracket left inside agreed text is pending for whoever owned the text around it (nobody, at
 * the top). So do the words a withdrawn proposal deletes: they are all it leaves in any view,
 * base text that was never its sponsors' (what it inserts stays theirs, for the record).
 */
export function ownersInside(node: Annotation, part: Nodes, inherited: readonly string[]): readonly string[] {
  const base = node.state === 'agreed' || (node.state === 'withdrawn' && part.type === 'delete')
  return base || node.sponsors.length === 0 ? inherited : node.sponsors
}

/** A paragraph being numbered: its reference and the blocks whose phrasing content is its text. */
type Unit = ParagraphText

/** The proposal a visit is inside: its facts, its node, whether it is moot, how many proposals it holds so far, the proposals around it. */
interface Enclosing {
  facts: ProposalFacts
  node: Annotation
  moot: boolean
  nested: number
  path: TextPiece['in']
}

function survey(tree: Root): { units: Unit[]; byNode: Map<Annotation, ProposalFacts> } {
  const units = numberParagraphs(tree)
  const byNode = new Map<Annotation, ProposalFacts>()
  for (const { facts, texts } of units) {
    let order = 0
    const visit = (node: Nodes, parent: Enclosing | undefined, inherited: readonly string[], within: 'insertion' | 'deletion') => {
      if (node.type !== 'annotation') {
        const inside = parent && node.type === 'delete' ? 'deletion' : within
        if ('children' in node) for (const child of node.children) visit(child as Nodes, parent, inherited, inside)
        else if (node.type !== 'footnoteReference') piece(baseText(node), parent ? [...parent.path, { ref: parent.facts.ref, within }] : [], node.position?.start.offset)
        return
      }
      const ref = parent ? `${parent.facts.ref}.${++parent.nested}` : `${facts.ref}.${++order}`
      // Gone in every view: in a moot proposal, in what a withdrawn one inserts, in what an agreed one deletes.
      const moot =
        parent !== undefined &&
        (parent.moot || (parent.node.state === 'withdrawn' && within === 'insertion') || (parent.node.state === 'agreed' && within === 'deletion'))
      const proposal = describe(node, ref, facts.ref, inherited, moot, parent && { ref: parent.facts.ref, within })
      byNode.set(node, proposal)
      facts.proposals.push(ref)
      const enclosing: Enclosing = { facts: proposal, node, moot, nested: 0, path: parent ? [...parent.path, { ref: parent.facts.ref, within }] : [] }
      for (const child of node.children) visit(child, enclosing, ownersInside(node, child, inherited), child.type === 'delete' ? 'deletion' : 'insertion')
    }
    const piece = (text: string, path: TextPiece['in'], offset?: number) => {
      if (text !== '') facts.text.push({ text, in: path, offset })
    }
    texts.forEach((text, i) => {
      if (i > 0) piece(' ', []) // an item's further paragraphs and bullets follow on
      for (const child of text.children) visit(child as Nodes, undefined, [], 'insertion')
    })
  }
  return { units, byNode }
}

function describe(
  node: Annotation,
  ref: string,
  paragraph: string,
  inherited: readonly string[],
  moot: boolean,
  parent: { ref: string; within: 'insertion' | 'deletion' } | undefined,
): ProposalFacts {
  const inserted = collapse(node.children.filter((c) => c.type !== 'delete').map(baseText).join(''))
  const deletes = node.children.filter((c) => c.type === 'delete')
  const deleted = collapse(deletes.map(baseText).join(' '))
  const kind: ProposalKind = deletes.length === 0 ? 'insertion' : inserted === '' ? 'deletion' : 'replacement'
  const start = node.position?.start
  const end = node.position?.end
  return {
    ref,
    paragraph,
    sponsors: [...node.sponsors],
    tag: node.tag,
    owners: [...(node.sponsors.length > 0 ? node.sponsors : inherited)],
    kind,
    state: node.state,
    moot,
    inserted: { text: inserted, words: wordCount(inserted) },
    deleted: { text: deleted, words: wordCount(deleted) },
    ...(parent ? { parent: parent.ref, within: parent.within } : {}),
    position: { start: point(start), end: point(end) },
  }
}

/**
 * A paragraph's text when each proposal is applied or rejected as `applied` says (by reference),
 * spaces collapsed: a piece is in it when every proposal around it keeps it (an applied one its
 * insertion, a rejected one its deletion). `textOf(p, () => false)` is the text before any proposal.
 */
export function textOf(paragraph: Pick<ParagraphFacts, 'text'>, applied: (ref: string) => boolean): string {
  return collapse(
    keptPieces(paragraph, applied)
      .map((piece) => piece.text)
      .join(''),
  )
}

/** The pieces of a paragraph's text kept when each proposal is applied or rejected as `applied` says: `textOf`'s, uncollapsed. */
export function keptPieces(paragraph: Pick<ParagraphFacts, 'text'>, applied: (ref: string) => boolean): TextPiece[] {
  return paragraph.text.filter((piece) => piece.in.every((step) => applied(step.ref) === (step.within === 'insertion')))
}

const point = (p: { line: number; column: number; offset?: number | undefined } | undefined): Point => ({ line: p?.line ?? 0, column: p?.column ?? 0, offset: p?.offset ?? 0 })

/**
 * The text of `node` as the proposal that holds it writes it: a nested proposal's deletions are
 * this proposal's text (kept), its insertions are its own (left out); a bare bracket nested in it
 * is part of it (spec section 3), so all of its text is.
 */
function baseText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value
    case 'break':
      return ' '
    case 'image':
    case 'imageReference':
      return node.alt ?? ''
    case 'annotation': {
      const mine = node.sponsors.length === 0 ? node.children : node.children.filter((c) => c.type === 'delete')
      return mine.map((c) => (c.type === 'delete' ? ` ${baseText(c)} ` : baseText(c))).join('')
    }
    default:
      return 'children' in node ? node.children.map((c) => baseText(c as Nodes)).join('') : ''
  }
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim()

/** Words: runs between spaces with a letter or digit in them (`2021`, `“CBMs”`; not `–`). */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
}

/** Does a node hold anything a view prints: a letter or digit, a proposal, code? */
function holds(node: Nodes): boolean {
  switch (node.type) {
    case 'annotation':
    case 'code':
    case 'thematicBreak':
      return true
    case 'text':
    case 'inlineCode':
      return /[\p{L}\p{N}]/u.test(node.value)
    case 'image':
    case 'imageReference':
      return /[\p{L}\p{N}]/u.test(node.alt ?? '')
    case 'footnoteDefinition':
    case 'definition':
    case 'html':
      return false
    default:
      return 'children' in node && node.children.some((c) => holds(c as Nodes))
  }
}

const LEVEL_FORMATS = ['decimal', 'lowerLetter', 'lowerRoman'] as const
/** `OP2.a.i`: decimal, then letters, then roman numerals; deeper levels decimal again. */
function operativeRef(numbers: number[]): string {
  return 'OP' + numbers.map((n, i) => formatNumber(n, LEVEL_FORMATS[i] ?? 'decimal')).join('.')
}

function numberParagraphs(tree: Root): Unit[] {
  const units: Unit[] = []
  let position = 0
  const add = (kind: ParagraphKind, numbers: number[], ref: string, first: Nodes, texts: Parent[]) => {
    const label = first.type === 'footnoteDefinition' ? { label: first.label ?? first.identifier } : {}
    units.push({ facts: { ref, kind, numbers, line: first.position?.start.line ?? 0, proposals: [], notes: [], text: [], ...label }, texts })
  }
  /** A paragraph, heading or list item outside both parts: `P` and its position. */
  const other = (node: RootContent): void => {
    if (node.type === 'paragraph' || node.type === 'heading') {
      if (!holds(node)) return
      position++
      add('P', [position], `P${position}`, node, [node])
    } else if (node.type === 'list') {
      for (const item of node.children) {
        if (!holds(item)) continue
        position++
        add('P', [position], `P${position}`, item, ownTexts(item, (child) => child.type !== 'list'))
        for (const child of item.children) if (child.type === 'list') other(child)
      }
    } else if (node.type === 'blockquote') {
      node.children.forEach(other)
    } else if (node.type === 'table') {
      // A table is one paragraph outside both parts, its cells its text, row by row.
      if (!holds(node)) return
      position++
      add('P', [position], `P${position}`, node, node.children.flatMap((row) => row.children))
    }
  }
  const operativeItems = (list: List, above: number[]): void => {
    let n = 0
    for (const item of list.children) {
      if (!holds(item)) continue
      const numbers = [...above, ++n]
      position++
      add('OP', numbers, operativeRef(numbers), item, ownTexts(item, (child) => child.type !== 'list' || child.ordered !== true))
      for (const child of item.children) if (child.type === 'list' && child.ordered === true) operativeItems(child, numbers)
    }
  }

  const body = tree.children
  const operative = body.find((n): n is List => n.type === 'list' && n.ordered === true)
  const before = operative ? body.slice(0, body.indexOf(operative)) : body
  // The keyword: the last paragraph that prints before the operative list, when only capitals and a colon.
  const printed = before.filter((n) => n.type !== 'footnoteDefinition' && n.type !== 'definition' && holds(n))
  const last = printed[printed.length - 1]
  const keyword = operative && last?.type === 'paragraph' && KEYWORD.test(toString(last).trim()) ? last : undefined
  let pp = 0
  for (const node of body) {
    if (node === operative) operativeItems(node, [])
    else if (node.type === 'paragraph' && node !== keyword && before.includes(node) && holds(node)) {
      position++
      add('PP', [++pp], `PP${pp}`, node, [node])
    } else {
      other(node)
      if (node === keyword) units[units.length - 1]!.facts.keyword = true
    }
  }
  const notes = footnotes(tree)
  notes.forEach((definition, i) => add('FN', [i + 1], `FN${i + 1}`, definition, definition.children.flatMap(textsOf)))
  referNotes(units, notes)
  return units
}

/** Fills each paragraph's `notes`: the footnotes its text refers to, by their `FN` reference. */
function referNotes(units: Unit[], notes: FootnoteDefinition[]): void {
  const refOf = new Map<string, string>()
  // A note defined twice is referred to as its first definition (the later one is `FN` too, unreferred).
  notes.forEach((definition, i) => refOf.has(definition.identifier) || refOf.set(definition.identifier, `FN${i + 1}`))
  const visit = (node: Nodes, into: string[]): void => {
    if (node.type === 'footnoteReference') {
      const ref = refOf.get(node.identifier)
      if (ref) into.push(ref)
    } else if ('children' in node && node.type !== 'footnoteDefinition') for (const child of node.children) visit(child as Nodes, into)
  }
  for (const { facts, texts } of units) for (const text of texts) visit(text as Nodes, facts.notes)
}

/** The paragraphs and headings of the children of an item that `mine` accepts as its own text. */
function ownTexts(item: ListItem, mine: (child: ListItem['children'][number]) => boolean): Parent[] {
  return item.children.filter(mine).flatMap(textsOf)
}

/** Every paragraph and heading at or below `node`, in reading order. */
function textsOf(node: Nodes): Parent[] {
  if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') return [node]
  // A footnote is numbered on its own, wherever it is defined.
  return 'children' in node && node.type !== 'footnoteDefinition' ? node.children.flatMap((c) => textsOf(c as Nodes)) : []
}

/** Footnote definitions in order of first reference in the draft; those never referred to after, as defined. */
function footnotes(tree: Root): FootnoteDefinition[] {
  const definitions: FootnoteDefinition[] = []
  const collect = (node: Nodes): void => {
    if (node.type === 'footnoteDefinition') definitions.push(node)
    if ('children' in node) for (const child of node.children) collect(child as Nodes)
  }
  collect(tree)
  const order: FootnoteDefinition[] = []
  const seen = new Set<string>()
  const first = new Map<string, FootnoteDefinition>()
  for (const d of definitions) if (!first.has(d.identifier)) first.set(d.identifier, d)
  const visit = (node: Nodes): void => {
    if (node.type === 'footnoteReference' && !seen.has(node.identifier)) {
      seen.add(node.identifier)
      const definition = first.get(node.identifier)
      if (definition) {
        order.push(definition)
        definition.children.forEach(visit) // a note may refer to another
      }
    }
    if ('children' in node && node.type !== 'footnoteDefinition') for (const child of node.children) visit(child as Nodes)
  }
  tree.children.forEach(visit)
  for (const d of definitions) if (!order.includes(d) && d.children.some(holds)) order.push(d)
  return order
}
