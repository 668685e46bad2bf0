/**
 * One language version as parity sees it: its parts (preamble, operative keyword, operative
 * paragraphs with their sub-paragraphs, other paragraphs, footnotes), each paragraph with its
 * proposals as a tree, the footnotes it refers to and its figures. Everything comes from
 * `src/proposals/` (numbering, proposals, footnote references); nothing is re-derived here.
 */
import type { Heading } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { location } from 'vfile-location'
import type { Place } from '../diagnostics.js'
import type { ParsedDraft } from '../draft/parse.js'
import type { DraftMeta, Language } from '../draft/frontmatter.js'
import type { Registry } from '../layout/load.js'
import { paragraphsOf, type ParagraphFacts, type ParagraphText, type ProposalFacts } from '../proposals/proposals.js'
import { figuresOf, figuresOfText, type Figure } from './figures.js'

/** A draft of a set, read without errors. */
export interface Version {
  lang: Language
  path: string
  draft: ParsedDraft & { meta: DraftMeta }
}

export interface ProposalNode {
  facts: ProposalFacts
  /** Its sponsors as delegations: registry codes (`US` and `USA` are `USA`), sorted. */
  delegations: string[]
  children: ProposalNode[]
  /** The figures written inside it (nested proposals' too), as compared: to tell two proposals alike otherwise apart. */
  figures: string[]
}

export interface Para {
  facts: ParagraphFacts
  /** A heading's depth (`#` is 1). */
  heading?: number
  /** Where its text starts. */
  place: Place | undefined
  /** Its text as written, brackets and all (for quoting a keyword). */
  text: string
  /** Its proposals, outermost first, each with those nested in it. */
  proposals: ProposalNode[]
  figures: Figure[]
  /** The figures of the footnotes it refers to, as compared: to tell two paragraphs alike otherwise apart. */
  noteFigures: string[]
  /** Its sub-paragraphs (operative paragraphs only). */
  children: Para[]
}

export interface Outline {
  version: Version
  preamble: Para[]
  keyword: Para | undefined
  operative: Para[]
  /** Paragraphs, headings and list items outside the preamble and the operative part. */
  other: Para[]
  footnotes: Para[]
  /** The figures of the front matter's words (title, note, organ, meeting lines). */
  frontFigures: Figure[]
}

/** The front matter values written in the document's language, whose figures must still agree. */
const WORDED = ['organ', 'meeting', 'title', 'note'] as const

export function outlineOf(version: Version, registry: Registry, citations: readonly string[]): Outline {
  const { draft } = version
  const lines = location(draft.file)
  const toPlace = (offset: number): Place | undefined => {
    const point = lines.toPoint(offset)
    return point && { line: point.line, column: point.column }
  }
  const { paragraphs, proposals } = paragraphsOf(draft.tree)
  const trees = proposalTrees(proposals, registry)
  const para = ({ facts, texts }: ParagraphText): Para => {
    const first = texts[0]
    const start = first?.position?.start
    const figures = figuresOf(texts, citations, toPlace)
    const proposals = trees.get(facts.ref) ?? []
    const within = (node: ProposalNode) => {
      node.figures = figures.filter((f) => inSpan(f.place, node.facts.position)).map((f) => f.key)
      node.children.forEach(within)
    }
    proposals.forEach(within)
    return {
      facts,
      ...(first?.type === 'heading' ? { heading: (first as Heading).depth } : {}),
      place: start ? { line: start.line, column: start.column } : { line: facts.line, column: 1 },
      text: texts.map((t) => toString(t)).join(' ').trim(),
      proposals,
      figures,
      noteFigures: [],
      children: [],
    }
  }
  const outline: Outline = { version, preamble: [], keyword: undefined, operative: [], other: [], footnotes: [], frontFigures: frontFigures(draft, citations) }
  const levels: Para[] = []
  const all: Para[] = []
  for (const unit of paragraphs) {
    const p = para(unit)
    all.push(p)
    const { kind, numbers, keyword } = unit.facts
    if (kind === 'PP') outline.preamble.push(p)
    else if (kind === 'FN') outline.footnotes.push(p)
    else if (kind === 'P' && keyword) outline.keyword = p
    else if (kind === 'P') outline.other.push(p)
    else {
      levels.length = numbers.length - 1
      const above = levels[numbers.length - 2]
      if (above) above.children.push(p)
      else outline.operative.push(p)
      levels[numbers.length - 1] = p
    }
  }
  const noteFigures = new Map(outline.footnotes.map((p) => [p.facts.ref, p.figures.map((f) => f.key)]))
  for (const p of all) p.noteFigures = p.facts.notes.flatMap((ref) => noteFigures.get(ref) ?? [])
  return outline
}

/** The proposals of each paragraph (by its reference) as trees: outermost first, nested ones inside. */
function proposalTrees(proposals: readonly ProposalFacts[], registry: Registry): Map<string, ProposalNode[]> {
  const byRef = new Map<string, ProposalNode>()
  const trees = new Map<string, ProposalNode[]>()
  for (const facts of proposals) {
    const delegations = [...new Set(facts.sponsors.map((code) => registry.get(code)?.code ?? code))].sort()
    const node: ProposalNode = { facts, delegations, children: [], figures: [] }
    byRef.set(facts.ref, node)
    const parent = facts.parent === undefined ? undefined : byRef.get(facts.parent)
    if (parent) parent.children.push(node)
    else trees.set(facts.paragraph, [...(trees.get(facts.paragraph) ?? []), node])
  }
  return trees
}

function frontFigures(draft: Version['draft'], citations: readonly string[]): Figure[] {
  return WORDED.flatMap((key) => {
    const value = draft.meta[key]
    const texts = value === undefined ? [] : Array.isArray(value) ? value : [value]
    const place = draft.placeOf(key)
    return texts.flatMap((text) => figuresOfText(text, citations, () => place))
  })
}

/** Is `place` between a proposal's `[` and the end of its `]`? */
export function inSpan(place: Place | undefined, span: { start: Place; end: Place }): boolean {
  if (!place) return false
  const before = (p: Place, q: Place) => p.line < q.line || (p.line === q.line && p.column < q.column)
  return !before(place, span.start) && before(place, span.end)
}
