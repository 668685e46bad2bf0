/**
 * The document model: the one structure every renderer walks.
 *
 * It is produced by view resolution (`src/view/resolve.ts`) and holds no unresolved annotation:
 * every annotation has either been resolved into plain runs or kept as a shown `proposal`.
 * It knows nothing of pages, fonts or file formats; the layout (`src/layout/`) supplies those.
 */
import type { DraftMeta } from '../draft/frontmatter.js'

/** Character formatting written by the drafter. */
export type Mark = 'bold' | 'italic' | 'code' | 'strike'

/** A run of text with the marks that apply to all of it. */
export interface Text {
  type: 'text'
  value: string
  marks: Mark[]
}

/** A footnote reference; `number` is the footnote's number in order of first reference. */
export interface FootnoteRef {
  type: 'footnoteRef'
  number: number
  /** The label the draft used (`us` for `[^us]`). */
  label: string
}

/** A hard line break inside a paragraph. */
export interface Break {
  type: 'break'
}

export interface Link {
  type: 'link'
  url: string
  children: Inline[]
}

/**
 * A proposal that the view shows: printed in brackets with its sponsor tag (`[COL: …]`),
 * or, with track changes, as revisions authored by its sponsors.
 * Its children are `insertion` and `deletion` nodes (and, inside those, any inline).
 */
export interface Proposal {
  type: 'proposal'
  /** The sponsor codes, e.g. `['CAN', 'US']`; empty for a bare (pending) bracket. */
  sponsors: string[]
  /** The sponsor tag as the draft writes it (`CAN/US`), without the colon; '' for a bare bracket. */
  tag: string
  /** The sponsors a bare bracket inherits from the proposal around it (revision author). */
  authors: string[]
  /** True when the proposal is shown only because it encloses a shown one (delegation view). */
  context: boolean
  children: Array<Insertion | Deletion>
}

/** Text the proposal's sponsors propose to insert. Only found inside a `proposal`. */
export interface Insertion {
  type: 'insertion'
  children: Inline[]
}

/** Base text the proposal's sponsors propose to delete. Only found inside a `proposal`. */
export interface Deletion {
  type: 'deletion'
  children: Inline[]
}

export type Inline = Text | FootnoteRef | Break | Link | Proposal | Insertion | Deletion

/** The part of the document a paragraph belongs to. */
export type ParagraphRole =
  | 'opening' // the first preambular paragraph: "THE GENERAL ASSEMBLY,"
  | 'preamble' // the other preambular paragraphs
  | 'keyword' // the operative keyword: "RESOLVES:"
  | 'body' // any other paragraph (after the operative part, in annexes)
  | 'quote' // a block quote
  | 'code' // a code block, printed as written

/**
 * The containers the draft writes a block in, outermost first, when it is not at the top level:
 * `'quote'` a quotation, a number the last list item of that level of the list just before it in
 * the same container (a list item's own nesting is its `level`). `> 1. a` is a numbered block
 * `within: ['quote']`; a heading in operative paragraph 2 is `within: [1]`; a quotation in a
 * quoted item, `['quote', 1, 'quote']`. Renderers may ignore it; the md writes each block inside
 * its containers, so that it reads back the same (out of its item, a heading would end the list
 * and restart its numbering; unquoted, a numbered list may become the operative part).
 */
export type Within = ReadonlyArray<'quote' | number>

interface Nested {
  within?: Within
}

export interface Paragraph extends Nested {
  type: 'paragraph'
  role: ParagraphRole
  content: Inline[]
}

/**
 * A numbered paragraph. `level` 1 is an operative paragraph (or a top-level item of another
 * ordered list), 2 a sub-paragraph, 3 a sub-sub-paragraph. `number` is its position among its
 * siblings after the view is resolved, from 1; the label (`1.`, `a.`, `i)`) is the layout's.
 */
export interface Numbered extends Nested {
  type: 'numbered'
  /** `operative` for the first top-level ordered list of the document, `list` for others. */
  list: 'operative' | 'list'
  /** Counts the lists of the document from 0, so renderers can restart numbering per list. */
  listIndex: number
  level: number
  number: number
  content: Inline[]
}

/** A bulleted item; `level` counts from 1. */
export interface Bullet extends Nested {
  type: 'bullet'
  level: number
  content: Inline[]
}

/** A further paragraph inside a list item, indented at that item's `level`. */
export interface Continuation extends Nested {
  type: 'continuation'
  level: number
  content: Inline[]
}

/** A section title (`#` in the draft); `depth` 1–6. */
export interface Heading extends Nested {
  type: 'heading'
  depth: number
  content: Inline[]
  /** The section starts a new page (an annex); renderers without pages ignore it. */
  pageBreakBefore?: boolean
}

export interface Rule extends Nested {
  type: 'rule'
}

/** A table cell's text. */
export type Cell = Inline[]

/**
 * A table: a header row of column titles (printed in the layout's table-header style, repeated
 * at the head of each page the table runs on to) and rows of cells. Every row has as many cells
 * as the header. Column widths come from `widths` when given, else from the content
 * (`src/layout/table.ts`), the same in every format.
 */
export interface Table extends Nested {
  type: 'table'
  header: Cell[]
  rows: Cell[][]
  /** How each column's text is aligned; default `left` (counts read best `right`). */
  align?: Array<'left' | 'center' | 'right'>
  /** Relative widths of the columns (any positive numbers, one per column). */
  widths?: number[]
  /** The level of the list item the table is part of (1: an operative paragraph's); none outside lists. */
  level?: number
}

export type Block = Paragraph | Numbered | Bullet | Continuation | Heading | Rule | Table

export interface Footnote {
  /** 1, 2, … in order of first reference. */
  number: number
  /** The label the draft used (`us` for `[^us]`). */
  label: string
  /** Paragraphs of the footnote. */
  paragraphs: Inline[][]
}

export interface DocumentModel {
  /** The draft's validated front matter (defaults applied). */
  meta: DraftMeta
  /**
   * The sponsor this document is produced for (`COL`), when it is one delegation's view;
   * the layout may print the delegation's name under the title.
   */
  delegation?: string
  /**
   * What a scenario decided, when the document is one (not one of the three views): the
   * layout prints it under the title, in the document's language, so that a chair's text
   * says what it is.
   */
  scenario?: ScenarioNotice
  blocks: Block[]
  footnotes: Footnote[]
}

/**
 * A scenario's decisions as its document states them: each decision named on the command
 * line, in the order first given, with the sponsors (codes as given) and the proposals
 * (references) it was given for, and what became of the rest.
 */
export interface ScenarioNotice {
  decisions: Array<{ choice: 'accept' | 'reject' | 'show'; sponsors: string[]; refs: string[] }>
  rest: 'show' | 'reject'
  /** The words the line starts with (`Chair's text`), when not the locale's (`Scenario`). */
  label?: string
}
