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
 *    least `ALIKE`), each with its candidates (`candidates.ts`: all of them in a short draft,
 *    those sharing its rarest trigrams and its neighbours in a long one), most alike first,
 *    nearer in the list first. A paragraph with a second
 *    candidate within `MARGIN` of the best is *uncertain*: it is reported with its candidates,
 *    and none is chosen.
 * 3. Of the pairs, the longest run in the same order (jsdiff again, on the pairs) is *kept*; the
 *    others are *moved*. Paragraphs left alone are *new* or *deleted*.
 */
import { diffArrays } from 'diff'
import { textOf, type ParagraphFacts, type ProposalFacts } from '../proposals/proposals.js'
import type { ParagraphChange } from './schema.js'
import { candidatePairs, type Candidate } from './candidates.js'
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
  // 2. What is left, by similarity: each paragraph against its candidates (candidates.ts), most alike first.
  const back = new Map([...pairs].map(([o, n]) => [n, o]))
  const leftOld = old.filter((p) => !pairs.has(p.index))
  const leftNew = next.filter((p) => !back.has(p.index))
  const place = (list: Para[]) => (p: Para): Candidate => ({ text: p.full, at: p.index / Math.max(1, list.length) })
  const candidates: Scored[] = []
  for (const [i, j] of candidatePairs(leftOld.map(place(old)), leftNew.map(place(next)))) {
    const score = likeness(leftOld[i]!, leftNew[j]!)
    if (score >= ALIKE) candidates.push({ o: leftOld[i]!.index, n: leftNew[j]!.index, score })
  }
  const distanceOf = (c: { o: number; n: number }) => Math.abs(c.o / Math.max(1, old.length) - c.n / Math.max(1, next.length))
  candidates.sort((a, b) => b.score - a.score || distanceOf(a) - distanceOf(b) || a.o - b.o || a.n - b.n)
  const uncertainOld = new Map<number, number[]>()
  const uncertainNew = new Map<number, number[]>()
  const free = (c: { o: number; n: number }) => !pairs.has(c.o) && !back.has(c.n) && !uncertainOld.has(c.o) && !uncertainNew.has(c.n)
  const candidatesOf = { old: groupBy(candidates, (c) => c.o), new: groupBy(candidates, (c) => c.n) }
  for (const c of candidates) {
    if (!free(c)) continue
    // Once c is settled, both its paragraphs are taken: each list is looked through once.
    const close = (d: Scored) => d !== c && free(d) && d.score >= c.score - MARGIN
    const rivals = [...candidatesOf.old.get(c.o)!.filter(close), ...candidatesOf.new.get(c.n)!.filter(close)]
    if (rivals.length > 0) {
      const group = [c, ...rivals]
      for (const [o, ns] of groupBy(group, (d) => d.o)) uncertainOld.set(o, [...new Set(ns.map((d) => d.n))].sort((x, y) => x - y))
      for (const [n, os] of groupBy(group, (d) => d.n)) uncertainNew.set(n, [...new Set(os.map((d) => d.o))].sort((x, y) => x - y))
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

interface Scored {
  o: number
  n: number
  score: number
}

/** The items of a list by a key, in their order. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return out
}

const round = (x: number) => Math.round(x * 100) / 100
