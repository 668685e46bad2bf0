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
 * 3. A paragraph split in two or more, or two or more merged into one: an old paragraph (paired
 *    or not) against a run of consecutive new ones that are left alone (and the one it is paired
 *    with, if any), joined, at least `GROUP_ALIKE` alike (either text) and more alike than its pair
 *    alone by every word (the text a cut or a join keeps whole, proposals and all: the clean text
 *    of a paragraph whose words are all in a proposal is next to nothing); the same the other
 *    way round. Each paragraph of the group, on either side, must have `GROUP_WORDS` of its
 *    words among the other side's: similarity alone can join a short paragraph deleted beside
 *    one that gained a proposal, by characters they share, none of its words. Such a group is
 *    *split* or *merged*: one line per new paragraph of a split, per old paragraph of a merge.
 *    A paragraph left uncertain in step 2 between paragraphs that doubt only it is tried too,
 *    with a run that holds them all: the parts of a split can each be as like the whole as the
 *    other (one by its proposals, one by its base words), and the group settles the doubt.
 * 4. Of the pairs, the longest run in the same order (jsdiff again, on the pairs) is *kept*; the
 *    others are *moved*. Paragraphs left alone are *new* or *deleted*.
 */
import { diffArrays } from 'diff'
import { textOf, type ParagraphFacts, type ProposalFacts } from '../proposals/proposals.js'
import type { ParagraphChange } from './schema.js'
import { candidatePairs, type Candidate } from './candidates.js'
import { bagOfAll, similarity, wordBag, wordShare } from './text.js'

/** Two paragraphs this alike (either text) may be one paragraph rewritten. */
export const ALIKE = 0.6
/** Two candidates within this of each other cannot be told apart. */
export const MARGIN = 0.05
/** A paragraph and the paragraphs it was split into (or merged from), joined, this alike: one text, cut or joined. */
export const GROUP_ALIKE = 0.8
/**
 * Each paragraph of a split or a merge, on either side, has at least this share of its words (by
 * every word, repeats counted, case and punctuation aside) among the other side's: its text went
 * into the group, not beside it. A share, not all: a word or two edited as it was cut or joined.
 */
export const GROUP_WORDS = 0.8
/** A paragraph is split into (or merged from) at most this many. */
export const GROUP_MOST = 5

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
  /** Paragraphs split (one old, several new) or merged (several old, one new), consecutive on each side. */
  groups: Group[]
  /** Where an old paragraph's text went: the new paragraph it is paired with, or the first of its group's. */
  placeOld(o: number): number | undefined
  /** The same for a new paragraph: itself, or the first new paragraph of its group. */
  placeNew(n: number): number
  /** The new paragraphs holding an old one's text: its pair, or its group's new paragraphs. */
  targetsOf(o: number): number[]
  changes: ParagraphChange[]
}

export interface Group {
  old: number[]
  new: number[]
  similarity: number
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
  // 3. Split and merged.
  const groups = groupsOf(old, next, pairs, back, uncertainOld, uncertainNew)
  // 4. Kept in order, or moved.
  const byOld = [...pairs.keys()].sort((a, b) => a - b)
  const byNew = [...pairs.keys()].sort((a, b) => pairs.get(a)! - pairs.get(b)!)
  const moved = new Set<number>()
  for (const part of diffArrays(byOld, byNew)) if (part.removed) for (const o of part.value) moved.add(o)
  const groupOfOld = new Map(groups.flatMap((g) => g.old.map((o) => [o, g] as const)))
  const groupOfNew = new Map(groups.flatMap((g) => g.new.map((n) => [n, g] as const)))
  const c = {
    pairs,
    back,
    moved,
    uncertainOld,
    uncertainNew,
    groups,
    placeOld: (o: number) => (groupOfOld.has(o) ? groupOfOld.get(o)!.new[0] : pairs.get(o)),
    placeNew: (n: number) => groupOfNew.get(n)?.new[0] ?? n,
    targetsOf: (o: number) => groupOfOld.get(o)?.new ?? (pairs.has(o) ? [pairs.get(o)!] : []),
  }
  return { ...c, changes: changesOf(old, next, c, groupOfOld, groupOfNew) }
}

/** A paragraph standing for several joined, for `likeness`. */
function joined(paras: Para[]): Para {
  const join = (key: 'clean' | 'full' | 'accepted') => paras.map((p) => p[key]).filter(Boolean).join(' ')
  return { facts: paras[0]!.facts, index: -1, clean: join('clean'), full: join('full'), accepted: join('accepted') }
}

/**
 * Paragraphs split or merged (step 3): each old paragraph against runs of consecutive new
 * paragraphs left alone around where it went (the one it is paired with among them), then each
 * new paragraph against runs of old ones. Pairs that a group takes in are undone.
 */
function groupsOf(old: Para[], next: Para[], pairs: Map<number, number>, back: Map<number, number>, uncertainOld: Map<number, number[]>, uncertainNew: Map<number, number[]>): Group[] {
  const groups: Group[] = []
  const inGroup = { old: new Set<number>(), new: new Set<number>() }
  type Side = { paras: Para[]; to: Map<number, number>; uncertain: Map<number, number[]>; grouped: Set<number> }
  const sides: Record<'old' | 'new', Side> = {
    old: { paras: old, to: pairs, uncertain: uncertainOld, grouped: inGroup.old },
    new: { paras: next, to: back, uncertain: uncertainNew, grouped: inGroup.new },
  }
  const bags = new Map<Para, Map<string, number>>()
  const bagOf = (p: Para) => bags.get(p) ?? bags.set(p, wordBag(p.full)).get(p)!
  const find = (from: 'old' | 'new') => {
    const one = sides[from]
    const many = sides[from === 'old' ? 'new' : 'old']
    // A paragraph of `many` is free to join a group when it is alone (not paired, not uncertain, in no group).
    const free = (k: number) => !many.to.has(k) && !many.uncertain.has(k) && !many.grouped.has(k)
    for (const a of one.paras) {
      if (one.grouped.has(a.index)) continue
      const partner = one.to.get(a.index)
      // Uncertain between paragraphs that doubt only it (each part of a split, or each paragraph
      // merged, as alike to the whole as another: by its proposals one, by its base words the
      // other): a group, if the run holds all of them, settles the doubt.
      const doubts = one.uncertain.get(a.index)
      const doubtsOnlyIt = (k: number) => {
        const theirs = many.uncertain.get(k)
        return theirs?.length === 1 && theirs[0] === a.index
      }
      if (doubts && !doubts.every(doubtsOnlyIt)) continue
      // The paragraphs the run must hold: its partner, or those it is uncertain between.
      const anchors = partner !== undefined ? [partner] : (doubts ?? [])
      // Where to look: around them; for one alone, after where the paragraph before it went, and before where the one after it went.
      const windows: Array<[number, number]> = []
      if (anchors.length > 0) {
        if (anchors.some((k) => many.grouped.has(k))) continue
        let lo = Math.min(...anchors)
        let hi = Math.max(...anchors)
        if (hi - lo >= GROUP_MOST) continue
        while (lo > 0 && hi - lo < GROUP_MOST - 1 && free(lo - 1)) lo--
        while (hi + 1 < many.paras.length && hi - lo < 2 * (GROUP_MOST - 1) && free(hi + 1)) hi++
        if (lo < hi) windows.push([lo, hi])
      } else {
        let before = -1
        for (let k = a.index - 1; k >= 0 && before < 0; k--) before = one.to.get(k) ?? -1
        let after = many.paras.length
        for (let k = a.index + 1; k < one.paras.length && after === many.paras.length; k++) after = one.to.get(k) ?? many.paras.length
        windows.push([before + 1, Math.min(many.paras.length - 1, before + GROUP_MOST)], [Math.max(0, after - GROUP_MOST), after - 1])
      }
      // The best run by every word (the text that a cut or a join keeps whole, proposals and all),
      // of those whose paragraphs each have their words in the other side's (GROUP_WORDS).
      const itsWords = bagOf(a)
      const into = (p: Para) => wordShare(bagOf(p), itsWords) >= GROUP_WORDS
      let best: { run: [number, number]; full: number; joined: Para } | undefined
      for (const [lo, hi] of windows) for (let i = lo; i <= hi; i++) {
        for (let j = i + 1; j <= hi && j - i < GROUP_MOST; j++) {
          const run = many.paras.slice(i, j + 1)
          if (run.some((p) => (!anchors.includes(p.index) && !free(p.index)) || !into(p))) break
          if (anchors.some((k) => k < i || k > j)) continue
          if (wordShare(itsWords, bagOfAll(run.map(bagOf))) < GROUP_WORDS) continue
          const together = joined(run)
          const full = similarity(a.full, together.full)
          if (!best || full > best.full + 1e-9) best = { run: [i, j], full, joined: together }
        }
      }
      if (!best) continue
      const score = likeness(a, best.joined)
      // More alike than each of them alone.
      const alone = Math.max(0, ...anchors.map((k) => similarity(a.full, many.paras[k]!.full)))
      if (score < GROUP_ALIKE || best.full < alone + MARGIN) continue
      if (partner !== undefined) {
        one.to.delete(a.index)
        many.to.delete(partner)
      }
      if (doubts) {
        one.uncertain.delete(a.index)
        for (const k of doubts) many.uncertain.delete(k)
      }
      const members = Array.from({ length: best.run[1] - best.run[0] + 1 }, (_, k) => best.run[0] + k)
      one.grouped.add(a.index)
      for (const k of members) many.grouped.add(k)
      groups.push(from === 'old' ? { old: [a.index], new: members, similarity: score } : { old: members, new: [a.index], similarity: score })
    }
  }
  find('old')
  find('new')
  return groups.sort((x, y) => x.new[0]! - y.new[0]!)
}

/** The concordance's lines: the new revision's paragraphs in order, each old one left alone after the paragraph that follows what preceded it. */
function changesOf(old: Para[], next: Para[], c: Omit<Concordance, 'changes'>, groupOfOld: Map<number, Group>, groupOfNew: Map<number, Group>): ParagraphChange[] {
  const lines: Array<{ at: number; change: ParagraphChange }> = []
  for (const b of next) {
    const group = groupOfNew.get(b.index)
    if (group) {
      const change = group.old.length > 1 ? 'merged' : 'split'
      for (const o of group.old) lines.push({ at: b.index, change: { change, old: old[o]!.facts.ref, new: b.facts.ref, similarity: round(group.similarity) } })
      continue
    }
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
    const group = groupOfOld.get(a.index)
    if (group) {
      after = group.new[group.new.length - 1]!
      continue
    }
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
