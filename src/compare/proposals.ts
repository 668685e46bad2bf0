/**
 * Matching the proposals of two revisions by sponsors, place and text, and classifying each.
 *
 * The place of a proposal is its paragraph, through the concordance (a paragraph split or merged
 * and the paragraphs it became, or came from, are one place). Rules are tried in this
 * order, each on the proposals still unmatched, and a rule matches a pair only when neither has
 * another candidate as good (else both are *uncertain*, with their candidates):
 *
 * 1. same place, same sponsors, same text (in order, by jsdiff): unchanged, or its state changed;
 * 2. same sponsors and text in another paragraph: *moved*;
 * 3. same place and text, other sponsors: *co-sponsored*;
 * 4. one new proposal holding the text of two or more old ones of the same place, whose sponsors
 *    it has: *merged*;
 * 5. same place and sponsors, and text alike (`ALIKE_TEXT`) or the same spot in the base text
 *    (as many base words before it, the paragraph's base words aligned by jsdiff): *amended*;
 * 6. same place, sponsors in common, text alike: *amended* and *co-sponsored*;
 * 7. same sponsors, text nearly the same (`NEARLY`), another paragraph: *moved* and *amended*;
 * 8. an old proposal whose text now stands in the base text (applying it to the old paragraph
 *    brings it at least half way to the new one; for a paragraph deleted, applying it leaves
 *    nothing of it): *agreed*, in the text;
 * 9. an old and a new proposal of one place that share a sponsor or some text (`DOUBT`), or of
 *    the same sponsors anywhere with text alike (`DOUBT_ELSEWHERE`), that no rule matched:
 *    *uncertain*, never guessed;
 * 10. the rest: old ones *withdrawn* (gone), new ones *new*.
 *
 * A matched proposal whose state changed is also *agreed*, *withdrawn* (marked) or *reopened*
 * (pending again); one in a paragraph that moved is also *moved*.
 */
import { diffArrays } from 'diff'
import { textOf, type ProposalFacts } from '../proposals/proposals.js'
import type { Concordance, Para } from './paragraphs.js'
import { PROPOSAL_CHANGES, type ProposalChange, type ProposalChangeKind, type ProposalSide } from './schema.js'
import { candidatePairs } from './candidates.js'
import { groupBy } from './paragraphs.js'
import { changes, edits, similarity, wordCounter, wordDiff, words } from './text.js'

/** Two proposal texts this alike are one proposal amended. */
export const ALIKE_TEXT = 0.5
/** …and this alike, in another paragraph. */
export const NEARLY = 0.8
/** Below `ALIKE_TEXT`, texts this alike in one place are worth a doubt… */
export const DOUBT = 0.3
/** …and this alike by the same sponsors in another place. */
export const DOUBT_ELSEWHERE = 0.65
const MARGIN = 0.05

interface Prop {
  side: 'old' | 'new'
  facts: ProposalFacts
  /** Its index among the proposals of its revision. */
  index: number
  /** Its paragraph's index. */
  para: number
  /** Sponsors, sorted, as one string. */
  key: string
  text: string
  /** A top-level proposal with text: how many base words of its paragraph come before it. */
  anchor?: number
}

function propsOf(proposals: ProposalFacts[], paras: Para[], side: Prop['side']): Prop[] {
  const paraIndex = new Map(paras.map((p) => [p.facts.ref, p.index]))
  // How many base words come before each top-level proposal: one pass over each paragraph.
  const anchors = new Map<string, number>()
  for (const para of paras) {
    const counter = wordCounter()
    for (const piece of para.facts.text) {
      const top = piece.in[0]?.ref
      if (top === undefined) counter.add(piece.text)
      else if (!anchors.has(top)) anchors.set(top, counter.count)
    }
  }
  return proposals.map((facts, index) => {
    const para = paraIndex.get(facts.paragraph)!
    const prop: Prop = { side, facts, index, para, key: [...facts.sponsors].sort().join('+'), text: `${facts.inserted.text} ~ ${facts.deleted.text}` }
    const anchor = facts.parent === undefined ? anchors.get(facts.ref) : undefined
    if (anchor !== undefined) prop.anchor = anchor
    return prop
  })
}

/** Old base-word positions → new ones, for a pair of paragraphs: where each old gap between words is in the new text. */
function gapMap(old: Para, next: Para): (gap: number) => number | undefined {
  const base = (p: Para) => words(textOf(p.facts, () => false))
  const at = new Map<number, number>([[0, 0]])
  let i = 0
  let j = 0
  for (const part of diffArrays(base(old), base(next))) {
    if (part.removed) i += part.count
    else if (part.added) j += part.count
    else for (let k = 0; k < part.count; k++) at.set(++i, ++j)
  }
  return (gap) => at.get(gap)
}

interface Scored {
  o: Prop
  n: Prop
  s: number
}

interface Match {
  old?: Prop
  new?: Prop
  merged?: Prop[]
  changes: Set<ProposalChangeKind>
  how?: 'marked' | 'in the text' | 'gone'
  candidates?: string[]
}

export interface ProposalMatching {
  entries: ProposalChange[]
  /** Old references whose text now stands in the base text. */
  folded: Set<string>
}

export function matchProposals(
  old: { paras: Para[]; proposals: ProposalFacts[] },
  next: { paras: Para[]; proposals: ProposalFacts[] },
  conc: Concordance,
): ProposalMatching {
  const olds = propsOf(old.proposals, old.paras, 'old')
  const news = propsOf(next.proposals, next.paras, 'new')
  const toNew = new Map<Prop, Match>()
  const toOld = new Map<Prop, Match>()
  const matches: Match[] = []
  const doubted = new Set<Prop>()
  const free = (p: Prop) => !toNew.has(p) && !toOld.has(p) && !doubted.has(p)
  const samePlace = (o: Prop, n: Prop) => conc.placeOld(o.para) === conc.placeNew(n.para)
  const moved = (o: Prop, n: Prop) => !samePlace(o, n) || conc.moved.has(o.para)

  const pair = (o: Prop, n: Prop, kinds: ProposalChangeKind[]) => {
    const match: Match = { old: o, new: n, changes: new Set(kinds) }
    if (moved(o, n)) match.changes.add('moved')
    if (o.facts.state !== n.facts.state) {
      match.changes.add(n.facts.state === 'pending' ? 'reopened' : n.facts.state)
      if (n.facts.state !== 'pending') match.how = 'marked'
    }
    if (match.changes.size === 0) match.changes.add('unchanged')
    toNew.set(o, match)
    toOld.set(n, match)
    matches.push(match)
  }

  /**
   * One rule: `score` says how well an old and a new proposal of `pairs` fit it (undefined: not
   * at all). A pair is matched when each is the other's best and no other candidate of either is
   * within the margin; otherwise, when `doubt`, every candidate of the tie is uncertain.
   */
  const rule = (pairs: Iterable<[Prop, Prop]>, score: (o: Prop, n: Prop) => number | undefined, kinds: (o: Prop, n: Prop) => ProposalChangeKind[], doubt = true) => {
    const scored: Scored[] = []
    for (const [o, n] of pairs) {
      const s = score(o, n)
      if (s !== undefined) scored.push({ o, n, s })
    }
    scored.sort((a, b) => b.s - a.s || a.o.index - b.o.index || a.n.index - b.n.index)
    const byOld = groupBy(scored, (c) => c.o)
    const byNew = groupBy(scored, (c) => c.n)
    for (const c of scored) {
      if (!free(c.o) || !free(c.n)) continue
      // Once c is settled (matched or doubted), both are taken: each list is looked through once, or not at all without `doubt`.
      const close = (d: Scored) => d !== c && free(d.o) && free(d.n) && d.s >= c.s - MARGIN
      const rivals = [...byOld.get(c.o)!.filter(close), ...byNew.get(c.n)!.filter(close)]
      if (rivals.length === 0) pair(c.o, c.n, kinds(c.o, c.n))
      else if (doubt) doubt3([c, ...rivals])
    }
  }
  const doubt3 = (group: Array<{ o: Prop; n: Prop }>) => {
    for (const { o, n } of group) {
      doubted.add(o)
      doubted.add(n)
    }
    const uncertain = (p: Prop, others: Prop[]) =>
      matches.push({ [p.side]: p, changes: new Set(['uncertain']), candidates: [...new Set(others)].sort((x, y) => x.index - y.index).map((q) => q.facts.ref) })
    for (const [o, group_] of groupBy(group, (g) => g.o)) uncertain(o, group_.map((g) => g.n))
    for (const [n, group_] of groupBy(group, (g) => g.n)) uncertain(n, group_.map((g) => g.o))
  }

  // Where to look for pairs: the free proposals of one place (a paragraph and what it became),
  // of one group (same sponsors and text …), or of the same sponsors with texts alike.
  const placeOf = (p: Prop) => (p.side === 'new' ? conc.placeNew(p.para) : conc.placeOld(p.para))
  const oldsByPlace = groupBy(olds, placeOf)
  const newsByPlace = groupBy(news, placeOf)
  function* placePairs(): Generator<[Prop, Prop]> {
    for (const [place, ns] of newsByPlace) for (const o of oldsByPlace.get(place) ?? []) if (free(o)) for (const n of ns) if (free(n)) yield [o, n]
  }
  function* groupPairs(key: (p: Prop) => string): Generator<[Prop, Prop]> {
    const byKey = groupBy(news.filter(free), key)
    for (const o of olds) if (free(o)) for (const n of byKey.get(key(o)) ?? []) yield [o, n]
  }
  /** Same sponsors, texts alike, anywhere: the candidates of candidates.ts within each sponsors' proposals. */
  function* alikePairs(): Generator<[Prop, Prop]> {
    const newsByKey = groupBy(news.filter(free), (p) => p.key)
    for (const [key, os] of groupBy(olds.filter(free), (p) => p.key)) {
      const ns = newsByKey.get(key) ?? []
      const at = (p: Prop) => ({ text: p.text, at: p.index / Math.max(1, (p.side === 'old' ? olds : news).length) })
      for (const [i, j] of candidatePairs(os.map(at), ns.map(at))) yield [os[i]!, ns[j]!]
    }
  }

  const sameText = (o: Prop, n: Prop) => o.facts.inserted.text === n.facts.inserted.text && o.facts.deleted.text === n.facts.deleted.text
  const textAlike = (o: Prop, n: Prop) => similarity(o.text, n.text)
  const overlap = (o: Prop, n: Prop) => o.facts.sponsors.some((s) => n.facts.sponsors.includes(s))

  // 1. Same place, sponsors and text, in order.
  for (const [pn, b] of newsByPlace) {
    const a = oldsByPlace.get(pn) ?? []
    let i = 0
    let j = 0
    for (const part of diffArrays(a, b, { comparator: (o, n) => o.key === n.key && sameText(o, n) })) {
      if (part.removed) i += part.count
      else if (part.added) j += part.count
      else for (let k = 0; k < part.count; k++) pair(a[i++]!, b[j++]!, [])
    }
  }
  // 2. Same sponsors and text elsewhere.
  const textKey = (p: Prop) => `${p.facts.inserted.text}\u0000${p.facts.deleted.text}`
  rule(groupPairs((p) => `${p.key}\u0000${textKey(p)}`), (o, n) => (!samePlace(o, n) ? 1 : undefined), () => [])
  // 3. Same place and text, other sponsors.
  rule(groupPairs((p) => `${placeOf(p)}\u0000${textKey(p)}`), (o, n) => (samePlace(o, n) && o.key !== n.key ? 1 : undefined), () => ['co-sponsored'])
  // 4. Merged.
  for (const n of news) {
    if (!free(n)) continue
    const from = (oldsByPlace.get(placeOf(n)) ?? []).filter((o) => free(o) && o.facts.sponsors.every((s) => n.facts.sponsors.includes(s)) && holds(n, o))
    if (from.length < 2) continue
    const match: Match = { new: n, merged: from, changes: new Set(['merged']) }
    if (from.some((o) => moved(o, n))) match.changes.add('moved')
    for (const o of from) toNew.set(o, match)
    toOld.set(n, match)
    matches.push(match)
  }
  // 5. Same place and sponsors, text alike or the same spot.
  const gaps = new Map<string, (gap: number) => number | undefined>()
  const sameSpot = (o: Prop, n: Prop) => {
    if (o.anchor === undefined || n.anchor === undefined) return false
    const key = `${o.para} ${n.para}`
    let map = gaps.get(key)
    if (!map) gaps.set(key, (map = gapMap(old.paras[o.para]!, next.paras[n.para]!)))
    return map(o.anchor) === n.anchor
  }
  rule(placePairs(), (o, n) => {
    if (o.key !== n.key || sameText(o, n)) return undefined
    const s = textAlike(o, n) + (sameSpot(o, n) ? 1 : 0)
    return s >= ALIKE_TEXT ? s : undefined
  }, () => ['amended'])
  // 6. Same place, sponsors in common, text alike.
  rule(placePairs(), (o, n) => (o.key !== n.key && overlap(o, n) && textAlike(o, n) >= ALIKE_TEXT ? textAlike(o, n) : undefined), (o, n) =>
    sameText(o, n) ? ['co-sponsored'] : ['amended', 'co-sponsored'],
  )
  // 7. Moved and amended.
  rule(alikePairs(), (o, n) => (!samePlace(o, n) && textAlike(o, n) >= NEARLY ? textAlike(o, n) : undefined), () => ['amended'])
  // 8. Agreed: its text now in the base text.
  const folded = new Set<string>()
  const byRef = new Map(olds.map((o) => [o.facts.ref, o]))
  for (const o of olds) {
    if (!free(o) || o.facts.state === 'withdrawn') continue
    if (!inText(o, byRef, old.paras, next.paras, conc, folded, (ref) => toNew.get(byRef.get(ref)!)?.new?.facts.ref)) continue
    folded.add(o.facts.ref)
    const match: Match = { old: o, changes: new Set(['agreed']), how: 'in the text' }
    toNew.set(o, match)
    matches.push(match)
  }
  // 9. Doubts.
  const doubtful = new Map<string, { o: Prop; n: Prop }>()
  for (const [o, n] of placePairs()) if (overlap(o, n) || textAlike(o, n) >= DOUBT) doubtful.set(`${o.index} ${n.index}`, { o, n })
  for (const [o, n] of alikePairs()) if (textAlike(o, n) >= DOUBT_ELSEWHERE) doubtful.set(`${o.index} ${n.index}`, { o, n })
  if (doubtful.size > 0) doubt3([...doubtful.values()])
  // 10. Withdrawn and new.
  for (const o of olds) if (free(o)) matches.push({ old: o, changes: new Set(['withdrawn']), how: 'gone' })
  for (const n of news) if (free(n)) matches.push({ new: n, changes: new Set(['new']) })

  return { entries: order(matches, olds.length).map(entryOf), folded }
}

/** Does `n` hold the text of `o`: its insertion and its deletion, word for word, in order? */
function holds(n: Prop, o: Prop): boolean {
  const within = (part: string, whole: string) => part === '' || ` ${words(whole).join(' ')} `.includes(` ${words(part).join(' ')} `)
  return (o.facts.inserted.text !== '' || o.facts.deleted.text !== '') && within(o.facts.inserted.text, n.facts.inserted.text) && within(o.facts.deleted.text, n.facts.deleted.text)
}

/**
 * Is `o`'s text in the new revision's base text (or, nested, in the text of what its parent
 * became)? Applying it to its old paragraph must bring that paragraph at least half way to the
 * new one, counted in words added and removed.
 */
function inText(
  o: Prop,
  byRef: Map<string, Prop>,
  oldParas: Para[],
  newParas: Para[],
  conc: Concordance,
  folded: Set<string>,
  newRefOf: (oldRef: string) => string | undefined,
): boolean {
  const ancestors = new Set<string>()
  for (let p = o.facts.parent; p !== undefined; p = byRef.get(p)?.facts.parent) ancestors.add(p)
  // Its text stands only where the proposals around it still do (matched, or in the text themselves).
  if ([...ancestors].some((ref) => newRefOf(ref) === undefined && !folded.has(ref))) return false
  const paragraph = oldParas[o.para]!.facts
  const without = words(textOf(paragraph, (ref) => ancestors.has(ref)))
  const applied = words(textOf(paragraph, (ref) => ancestors.has(ref) || ref === o.facts.ref))
  const effect = edits(without, applied)
  if (effect === 0) return false
  const targets = conc.targetsOf(o.para)
  // A paragraph gone: only a proposal that deleted all of it explains that.
  if (targets.length === 0) return applied.length === 0 && ancestors.size === 0
  const context = new Set([...ancestors].map(newRefOf).filter((r): r is string => r !== undefined))
  // Split or merged: the text of all its new paragraphs.
  const now = targets.flatMap((t) => words(textOf(newParas[t]!.facts, (ref) => context.has(ref))))
  return edits(without, now) - edits(applied, now) >= effect / 2
}

/** The new revision's proposals in order; each old one left alone after the match of the old one before it. */
function order(matches: Match[], oldCount: number): Match[] {
  const at = (m: Match): number => (m.new ? m.new.index : -1)
  const lines: Array<{ at: number; sub: number; m: Match }> = []
  const seen = new Set<Match>()
  for (const m of matches) if (m.new) lines.push({ at: at(m), sub: 0, m })
  const byOld: Array<Match | undefined> = Array.from({ length: oldCount }, () => undefined)
  for (const m of matches) for (const o of [m.old, ...(m.merged ?? [])]) if (o) byOld[o.index] = m
  // Walking the old proposals in order, the new index of the last one matched so far.
  let before = -1
  for (const m of byOld) {
    if (m?.new) before = m.new.index
    else if (m?.old && byOld[m.old.index] === m) lines.push({ at: before + 0.5, sub: m.old.index, m })
  }
  return lines
    .sort((a, b) => a.at - b.at || a.sub - b.sub)
    .map((l) => l.m)
    .filter((m) => !seen.has(m) && seen.add(m))
}

function side(p: Prop): ProposalSide {
  const f = p.facts
  return { ref: f.ref, paragraph: f.paragraph, sponsors: f.sponsors, state: f.state, kind: f.kind, inserted: f.inserted.text, deleted: f.deleted.text }
}

function entryOf(m: Match): ProposalChange {
  const kinds = PROPOSAL_CHANGES.filter((k) => m.changes.has(k))
  const entry: ProposalChange = { changes: kinds }
  if (m.old) entry.old = side(m.old)
  if (m.new) entry.new = side(m.new)
  if (m.merged) entry.merged = m.merged.map(side)
  if (m.how) entry.how = m.how
  const before = m.old ? m.old.facts.sponsors : [...new Set(m.merged?.flatMap((o) => o.facts.sponsors) ?? [])]
  if (m.new && (m.changes.has('co-sponsored') || m.changes.has('merged'))) {
    const added = m.new.facts.sponsors.filter((s) => !before.includes(s))
    const removed = before.filter((s) => !m.new!.facts.sponsors.includes(s))
    if (added.length > 0 || removed.length > 0) entry.sponsors = { added, removed }
  }
  if (m.old && m.new && m.changes.has('amended')) {
    const inserted = wordDiff(m.old.facts.inserted.text, m.new.facts.inserted.text)
    const deleted = wordDiff(m.old.facts.deleted.text, m.new.facts.deleted.text)
    if (changes(inserted)) entry.inserted = inserted
    if (changes(deleted)) entry.deleted = deleted
  }
  if (m.candidates) entry.candidates = m.candidates
  return entry
}
