/**
 * The paragraph concordance: which paragraph of the new revision each paragraph of the old one
 * became. Paragraphs are aligned on their texts three ways at once, so that what proposals do
 * inside them does not hide them: the clean text (agreed proposals applied, the rest rejected:
 * unchanged when a proposal is added, amended, co-sponsored or withdrawn), the full text (every
 * word of every proposal: unchanged when a proposal is marked, or an insertion agreed into the
 * text) and the accepted text (every proposal applied: unchanged when a proposal is agreed,
 * into the text or marked, deletions too).
 *
 * 1. jsdiff aligns the two lists in order on equal texts (either one): most paragraphs, cheaply.
 * 2. The paragraphs left on each side are paired by similarity (Levenshtein, either text, at
 *    least `ALIKE`), most alike first, nearer in the list first. A paragraph with a second
 *    candidate within `MARGIN` of the best is *uncertain*: it is reported with its candidates,
 *    and none is chosen.
 * 3. Of the pairs, the longest run in the same order (jsdiff again, on the pairs) is *kept*; the
 *    others are *moved*. Paragraphs left alone are *new* or *deleted*.
 */
import { diffArrays } from 'diff'
import { textOf, type ParagraphFacts, type ProposalFacts } from '../proposals/proposals.js'
import type { ParagraphChange } from './schema.js'
import { similarity } from './text.js'

/** Two paragraphs this alike (either text) may be one paragraph rewritten. */
export const ALIKE = 0.6
/** Two candidates within this of each other cannot be told apart. */
export const MARGIN = 0.05

/** A paragraph of a revision, with the texts it is aligned on. */
export interface Para {
  facts: ParagraphFacts
  index: number
  /** Agreed proposals applied, the rest rejected. */
  clean: string
  /** Every word, deletions and insertions of every proposal included. */
  full: string
  /** Every proposal applied. */
  accepted: string
}

export function parasOf(paragraphs: ParagraphFacts[], proposals: ProposalFacts[]): Para[] {
  const state = new Map(proposals.map((p) => [p.ref, p.state]))
  return paragraphs.map((facts, index) => ({
    facts,
    index,
    clean: textOf(facts, (ref) => state.get(ref) === 'agreed'),
    full: facts.text
      .map((piece) => piece.text)
      .join('')
      .replace(/\s+/g, ' ')
      .trim(),
    accepted: textOf(facts, () => true),
  }))
}

/** How alike two paragraphs are: the best of their three texts (the clean and accepted ones when both have words). */
export function likeness(a: Para, b: Para): number {
  let best = similarity(a.full, b.full)
  if (a.clean !== '' && b.clean !== '') best = Math.max(best, similarity(a.clean, b.clean))
  if (a.accepted !== '' && b.accepted !== '') best = Math.max(best, similarity(a.accepted, b.accepted))
  return best
}

const same = (a: Para, b: Para) => (a.clean !== '' && a.clean === b.clean) || a.full === b.full || (a.accepted !== '' && a.accepted === b.accepted)

export interface Concordance {
  /** Old paragraph index → new paragraph index. */
  pairs: Map<number, number>
  /** New paragraph index → old. */
  back: Map<number, number>
  /** Old indices of the pairs that moved out of order. */
  moved: Set<number>
  /** Old and new indices that could not be paired with confidence, with their candidates (indices on the other side). */
  uncertainOld: Map<number, number[]>
  uncertainNew: Map<number, number[]>
  changes: ParagraphChange[]
}

export function concordance(old: Para[], next: Para[]): Concordance {
  const pairs = new Map<number, number>()
  // 1. In order, on equal texts.
  let i = 0
  let j = 0
  for (const part of diffArrays(old, next, { comparator: same })) {
    if (part.removed) i += part.count
    else if (part.added) j += part.count
    else for (let k = 0; k < part.count; k++) pairs.set(i++, j++)
  }
  // 2. What is left, by similarity.
  const back = new Map([...pairs].map(([o, n]) => [n, o]))
  const leftOld = old.filter((p) => !pairs.has(p.index))
  const leftNew = next.filter((p) => !back.has(p.index))
  const candidates: Array<{ o: number; n: number; score: number }> = []
  for (const a of leftOld) for (const b of leftNew) {
    const score = likeness(a, b)
    if (score >= ALIKE) candidates.push({ o: a.index, n: b.index, score })
  }
  const distanceOf = (c: { o: number; n: number }) => Math.abs(c.o / Math.max(1, old.length) - c.n / Math.max(1, next.length))
  candidates.sort((a, b) => b.score - a.score || distanceOf(a) - distanceOf(b) || a.o - b.o || a.n - b.n)
  const uncertainOld = new Map<number, number[]>()
  const uncertainNew = new Map<number, number[]>()
  const free = (c: { o: number; n: number }) => !pairs.has(c.o) && !back.has(c.n) && !uncertainOld.has(c.o) && !uncertainNew.has(c.n)
  for (const c of candidates) {
    if (!free(c)) continue
    const rivals = candidates.filter((d) => d !== c && free(d) && (d.o === c.o || d.n === c.n) && d.score >= c.score - MARGIN)
    if (rivals.length > 0) {
      const group = [c, ...rivals]
      for (const d of group) {
        uncertainOld.set(d.o, [...new Set(group.filter((e) => e.o === d.o).map((e) => e.n))].sort((x, y) => x - y))
        uncertainNew.set(d.n, [...new Set(group.filter((e) => e.n === d.n).map((e) => e.o))].sort((x, y) => x - y))
      }
      continue
    }
    pairs.set(c.o, c.n)
    back.set(c.n, c.o)
  }
  // 3. Kept in order, or moved.
  const byOld = [...pairs.keys()].sort((a, b) => a - b)
  const byNew = [...pairs.keys()].sort((a, b) => pairs.get(a)! - pairs.get(b)!)
  const moved = new Set<number>()
  for (const part of diffArrays(byOld, byNew)) if (part.removed) for (const o of part.value) moved.add(o)
  return { pairs, back, moved, uncertainOld, uncertainNew, changes: changesOf(old, next, { pairs, back, moved, uncertainOld, uncertainNew }) }
}

/** The concordance's lines: the new revision's paragraphs in order, each old one left alone after the paragraph that follows what preceded it. */
function changesOf(old: Para[], next: Para[], c: Omit<Concordance, 'changes'>): ParagraphChange[] {
  const lines: Array<{ at: number; change: ParagraphChange }> = []
  for (const b of next) {
    const o = c.back.get(b.index)
    if (o !== undefined) {
      const a = old[o]!
      lines.push({ at: b.index, change: { change: c.moved.has(o) ? 'moved' : 'kept', old: a.facts.ref, new: b.facts.ref, similarity: round(likeness(a, b)) } })
    } else {
      const doubt = c.uncertainNew.get(b.index)
      lines.push({ at: b.index, change: doubt ? { change: 'uncertain', new: b.facts.ref, candidates: doubt.map((k) => old[k]!.facts.ref) } : { change: 'new', new: b.facts.ref } })
    }
  }
  // An old paragraph left alone goes after the new paragraph that the nearest paired paragraph before it became.
  let after = -1
  for (const a of old) {
    const n = c.pairs.get(a.index)
    if (n !== undefined) {
      if (!c.moved.has(a.index)) after = n
      continue
    }
    const doubt = c.uncertainOld.get(a.index)
    const change: ParagraphChange = doubt ? { change: 'uncertain', old: a.facts.ref, candidates: doubt.map((k) => next[k]!.facts.ref) } : { change: 'deleted', old: a.facts.ref }
    lines.push({ at: after + 0.5, change })
  }
  return lines.sort((x, y) => x.at - y.at).map((l) => l.change)
}

const round = (x: number) => Math.round(x * 100) / 100
