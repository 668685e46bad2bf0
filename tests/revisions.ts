/**
 * Revisions made to order, for compare's tests: a draft read into paragraphs of text and
 * proposals (`readDraft`), known edits applied to it (`applyEdits`: add, withdraw, agree, amend,
 * co-sponsor, merge, move, delete, add, split and join paragraphs, renumber), and written back (`writeDraft`),
 * with what `compare` must find (`Expected`).
 *
 * Every paragraph and proposal carries a word of its own (`pa3`, `qa7`), so that the tests can
 * tell which paragraph or proposal of a revision is which without asking `compare`.
 */
import fc from 'fast-check'
import type { PhrasingContent } from 'mdast'
import type { Annotation } from '../src/draft/annotation/types.js'
import { KEYWORD, proposalsOf } from '../src/proposals/proposals.js'
import { toString } from 'mdast-util-to-string'
import { parse } from './helpers.js'

export interface Prop {
  id: string
  sponsors: string[]
  joint: string
  state: 'pending' | 'agreed' | 'withdrawn'
  del: string | undefined
  ins: Piece[]
}
export type Piece = string | Prop
export interface Para {
  id: string
  pieces: Piece[]
  subs: Para[]
}
export interface Draft {
  front: string
  preamble: Para[]
  keyword: string | undefined
  operative: Para[]
  /** Operative paragraphs typed `1.`, `1.` … or `1.`, `2.` …: the same draft. */
  typed: 'ones' | 'sequence'
}

let counter = 0
const fresh = (prefix: 'pa' | 'qa') => `${prefix}${++counter}`

/** A draft's paragraphs and proposals, each with a word of its own; undefined for a draft of another shape (footnotes, deeper lists, proposals inside emphasis). */
export function readDraft(text: string): Draft | undefined {
  const draft = parse(text)
  if (draft.failed) return undefined
  const front = /^---\n[\s\S]*?\n---\n/.exec(text)?.[0] ?? ''
  let props = 0
  const region = (nodes: PhrasingContent[], start: number, end: number): Piece[] | undefined => {
    const out: Piece[] = []
    let at = start
    for (const node of nodes) {
      if (node.type !== 'annotation') continue
      const s = node.position!.start.offset!
      if (s > at) out.push(text.slice(at, s))
      const prop = propOf(node)
      if (!prop) return undefined
      out.push(prop)
      at = node.position!.end.offset!
    }
    if (end > at) out.push(text.slice(at, end))
    return out
  }
  const propOf = (node: Annotation): Prop | undefined => {
    props++
    const s = node.position!.start.offset!
    const e = node.position!.end.offset!
    const source = text.slice(s, e)
    let contentStart = node.sponsors.length > 0 ? s + source.indexOf(':') + 1 : s + 1
    const deletes = node.children.filter((c) => c.type === 'delete')
    let del: string | undefined
    if (deletes.length > 1 || (deletes[0] && node.children[0]?.type !== 'delete' && toString(node.children[0]!).trim() !== '')) return undefined
    if (deletes[0]) {
      if (deletes[0].children.some((c) => c.type !== 'text')) return undefined
      del = toString(deletes[0])
      contentStart = deletes[0].position!.end.offset!
    }
    const ins = region(
      node.children.filter((c) => c.type !== 'delete'),
      contentStart,
      e - 1,
    )
    if (!ins) return undefined
    if (node.sponsors.length > 0 && del === undefined) ins[0] = typeof ins[0] === 'string' ? ins[0].replace(/^\s*/, ' ') : ins[0]!
    const id = fresh('qa')
    return { id, sponsors: [...node.sponsors], joint: node.tag.includes('/') ? '/' : ', ', state: node.state, del, ins: [...ins, ` ${id}`] }
  }
  const paraOf = (node: { type: string; children?: unknown; position?: { start: { offset?: number }; end: { offset?: number } } }): Para | undefined => {
    if (node.type !== 'paragraph') return undefined
    const p = node as unknown as { children: PhrasingContent[]; position: { start: { offset: number }; end: { offset: number } } }
    const pieces = region(p.children, p.position.start.offset, p.position.end.offset)
    if (!pieces) return undefined
    const id = fresh('pa')
    return { id, pieces: [`${id} `, ...pieces], subs: [] }
  }
  const body = draft.tree.children
  const listIndex = body.findIndex((n) => n.type === 'list' && n.ordered === true)
  const before = listIndex >= 0 ? body.slice(0, listIndex) : body
  const out: Draft = { front, preamble: [], keyword: undefined, operative: [], typed: 'ones' }
  for (const [i, node] of before.entries()) {
    if (i === before.length - 1 && listIndex >= 0 && node.type === 'paragraph' && KEYWORD.test(toString(node).trim())) {
      out.keyword = toString(node).trim()
      continue
    }
    const para = paraOf(node)
    if (!para) return undefined
    out.preamble.push(para)
  }
  if (listIndex >= 0) {
    if (body.length > listIndex + 1) return undefined
    const list = body[listIndex]
    if (list?.type !== 'list') return undefined
    for (const item of list.children) {
      const [first, subList, ...rest] = item.children
      if (!first || rest.length > 0) return undefined
      const para = paraOf(first)
      if (!para) return undefined
      if (subList) {
        if (subList.type !== 'list' || subList.ordered !== true) return undefined
        for (const sub of subList.children) {
          if (sub.children.length !== 1) return undefined
          const subPara = paraOf(sub.children[0]!)
          if (!subPara) return undefined
          para.subs.push(subPara)
        }
      }
      out.operative.push(para)
    }
  }
  return props === proposalsOf(draft.tree).proposals.length ? out : undefined
}

export function writeDraft(draft: Draft): string {
  const pieces = (ps: Piece[]): string => ps.map((p) => (typeof p === 'string' ? p : prop(p))).join('')
  const prop = (p: Prop): string => {
    if (p.sponsors.length === 0) return `[${pieces(p.ins)}]`
    const tag = p.sponsors.join(p.joint) + (p.state === 'pending' ? '' : ` ${p.state}`)
    return `[${tag}:${p.del !== undefined ? ` ~~${p.del}~~` : ''}${pieces(p.ins)}]`
  }
  const items = draft.operative.map((para, i) => {
    const label = `${draft.typed === 'ones' ? 1 : i + 1}. `
    const indent = ' '.repeat(label.length)
    return [label + pieces(para.pieces), ...para.subs.map((s, k) => `${indent}${draft.typed === 'ones' ? 1 : k + 1}. ${pieces(s.pieces)}`)].join('\n')
  })
  const blocks = [...draft.preamble.map((p) => pieces(p.pieces)), ...(draft.keyword ? [draft.keyword] : []), ...items]
  return `${draft.front}\n${blocks.join('\n\n')}\n`
}

/** What compare must report, by the words of their own of paragraphs and proposals. */
export interface Expected {
  /** Old paragraphs that are not simply kept. */
  paragraphs: Map<string, 'moved' | 'deleted' | 'split' | 'merged'>
  newParagraphs: Set<string>
  /** Old proposals that are not unchanged: their changes. */
  proposals: Map<string, string>
  newProposals: Set<string>
  /** A new proposal → the old ones merged into it. */
  merged: Map<string, string[]>
  /** Paragraphs (old or new) whose base text changed. */
  baseEdits: Set<string>
  /** The edits made, for messages. */
  made: string[]
}

export const EDITS = ['add', 'withdraw-mark', 'withdraw-remove', 'agree-mark', 'agree-fold', 'amend', 'co-sponsor', 'merge', 'move', 'delete-paragraph', 'add-paragraph', 'split-paragraph', 'join-paragraphs', 'renumber'] as const
export type EditKind = (typeof EDITS)[number]
export const edit = fc.record({ kind: fc.constantFrom(...EDITS), pick: fc.nat(), pick2: fc.nat() })
export type Edit = { kind: EditKind; pick: number; pick2: number }

const SPONSORS = ['US', 'COL', 'MEX', 'CAN', 'CHL', 'PER']
const FRESH = ['harbour lantern', 'quorum mosaic', 'zephyr orchard', 'meridian tundra', 'saffron beacon', 'cobalt prairie']

interface Located {
  prop: Prop
  container: Piece[]
  para: Para
  top: boolean
}

function allParas(d: Draft): Para[] {
  return [...d.preamble, ...d.operative.flatMap((p) => [p, ...p.subs])]
}

function locate(d: Draft): Located[] {
  const out: Located[] = []
  const walk = (container: Piece[], para: Para, top: boolean) => {
    for (const piece of container) {
      if (typeof piece === 'string') continue
      out.push({ prop: piece, container, para, top })
      walk(piece.ins, para, false)
    }
  }
  for (const para of allParas(d)) walk(para.pieces, para, true)
  return out
}

const descendants = (p: Prop): Prop[] => p.ins.flatMap((x) => (typeof x === 'string' ? [] : [x, ...descendants(x)]))

/** Applies the edits that can be made (each to a paragraph no other edit touched), and says what compare must find. */
export function applyEdits(original: Draft, edits: Edit[]): { draft: Draft; expected: Expected } {
  const d = structuredClone(original)
  const expected: Expected = { paragraphs: new Map(), newParagraphs: new Set(), proposals: new Map(), newProposals: new Set(), merged: new Map(), baseEdits: new Set(), made: [] }
  const touched = new Set<string>()
  /** Paragraphs split or joined (both parts of a split). */
  const grouped = new Set<string>()
  /** Is position `at` of `ps` between the two parts of a split (where nothing may be put: its parts stay side by side)? */
  const between = (ps: Para[], at: number) => at > 0 && at < ps.length && grouped.has(ps[at - 1]!.id) && grouped.has(ps[at]!.id)
  // One move at most, made last: whether moving it is the fewest moves depends on the paragraphs
  // still there on both sides.
  const firstMove = edits.find((e) => e.kind === 'move')
  edits = [...edits.filter((e) => e.kind !== 'move'), ...(firstMove ? [firstMove] : [])]
  const pick = <T>(xs: T[], n: number): T | undefined => (xs.length === 0 ? undefined : xs[n % xs.length])
  const free = (para: Para) => !touched.has(para.id)
  for (const e of edits) {
    const props = locate(d).filter((l) => free(l.para) && l.prop.sponsors.length > 0)
    const pending = props.filter((l) => l.prop.state === 'pending')
    switch (e.kind) {
      case 'add': {
        const para = pick(allParas(d).filter(free), e.pick)
        if (!para) break
        const id = fresh('qa')
        para.pieces.push(' ', { id, sponsors: [SPONSORS[e.pick2 % SPONSORS.length]!], joint: ', ', state: 'pending', del: undefined, ins: [` ${FRESH[e.pick2 % FRESH.length]} ${id}`] })
        touched.add(para.id)
        expected.newProposals.add(id)
        expected.made.push(`add ${id} in ${para.id}`)
        break
      }
      case 'withdraw-mark':
      case 'agree-mark': {
        const l = pick(pending, e.pick)
        if (!l) break
        l.prop.state = e.kind === 'agree-mark' ? 'agreed' : 'withdrawn'
        touched.add(l.para.id)
        expected.proposals.set(l.prop.id, l.prop.state)
        expected.made.push(`${e.kind} ${l.prop.id}`)
        break
      }
      case 'withdraw-remove': {
        const l = pick(pending, e.pick)
        if (!l) break
        l.container.splice(l.container.indexOf(l.prop), 1, l.prop.del ?? '')
        touched.add(l.para.id)
        for (const p of [l.prop, ...descendants(l.prop)]) expected.proposals.set(p.id, 'withdrawn')
        expected.made.push(`withdraw-remove ${l.prop.id}`)
        break
      }
      case 'agree-fold': {
        const l = pick(
          pending.filter((x) => x.top),
          e.pick,
        )
        if (!l) break
        l.container.splice(l.container.indexOf(l.prop), 1, ...l.prop.ins)
        touched.add(l.para.id)
        expected.proposals.set(l.prop.id, 'agreed')
        expected.made.push(`agree-fold ${l.prop.id}`)
        break
      }
      case 'amend': {
        const l = pick(props, e.pick)
        if (!l) break
        l.prop.ins.push(' now')
        touched.add(l.para.id)
        expected.proposals.set(l.prop.id, 'amended')
        expected.made.push(`amend ${l.prop.id}`)
        break
      }
      case 'co-sponsor': {
        const l = pick(props, e.pick)
        if (!l) break
        const joining = SPONSORS.filter((s) => !l.prop.sponsors.includes(s))
        if (l.prop.sponsors.length > 1 && e.pick2 % 2 === 0) l.prop.sponsors.pop()
        else l.prop.sponsors.push(joining[e.pick2 % joining.length]!)
        touched.add(l.para.id)
        expected.proposals.set(l.prop.id, 'co-sponsored')
        expected.made.push(`co-sponsor ${l.prop.id}`)
        break
      }
      case 'merge': {
        // Two pending sponsored proposals side by side in a paragraph, only spaces between.
        const pairs: Array<[Located, Located]> = []
        for (const l of pending.filter((x) => x.top)) {
          const i = l.container.indexOf(l.prop)
          const between = l.container[i + 1]
          const next = typeof between === 'string' && /^\s+$/.test(between) ? l.container[i + 2] : undefined
          const other = pending.find((x) => x.prop === next)
          if (other) pairs.push([l, other])
        }
        const pair = pick(pairs, e.pick)
        if (!pair) break
        const [a, b] = pair
        const id = fresh('qa')
        const dels = [a.prop.del, b.prop.del].filter((x): x is string => x !== undefined)
        const merged: Prop = {
          id,
          sponsors: [...new Set([...a.prop.sponsors, ...b.prop.sponsors])],
          joint: ', ',
          state: 'pending',
          del: dels.length > 0 ? dels.join(' ') : undefined,
          ins: [...a.prop.ins, ' ', ...b.prop.ins, ` ${id}`],
        }
        const i = a.container.indexOf(a.prop)
        a.container.splice(i, 3, merged)
        touched.add(a.para.id)
        expected.merged.set(id, [a.prop.id, b.prop.id])
        expected.made.push(`merge ${a.prop.id}+${b.prop.id} → ${id}`)
        break
      }
      case 'move': {
        // A paragraph without sub-paragraphs, over at least two others (so that moving it, not them, is the fewest moves).
        const movable = d.operative.filter((p) => free(p) && p.subs.length === 0)
        const para = pick(movable, e.pick)
        if (!para) break
        const from = d.operative.indexOf(para)
        const rest = d.operative.filter((p) => p !== para)
        // Only paragraphs paired one to one count (not new ones, nor those split or joined).
        const sizes = (ps: Para[]) => ps.filter((p) => !expected.newParagraphs.has(p.id) && !grouped.has(p.id)).reduce((n, p) => n + 1 + p.subs.length, 0)
        const targets = [...Array(rest.length + 1).keys()].filter((to) => {
          const passed = to >= from ? rest.slice(from, to) : rest.slice(to, from)
          return sizes(passed) >= 2 && !between(rest, to)
        })
        const to = pick(targets, e.pick2)
        if (to === undefined) break
        rest.splice(to, 0, para)
        d.operative = rest
        touched.add(para.id)
        expected.paragraphs.set(para.id, 'moved')
        for (const l of locate(d).filter((x) => x.para === para)) expected.proposals.set(l.prop.id, 'moved')
        expected.made.push(`move ${para.id} from ${from} to ${to}`)
        break
      }
      case 'delete-paragraph': {
        const candidates = [...d.preamble, ...(d.operative.length > 1 ? d.operative : [])].filter((p) => free(p) && p.subs.every(free))
        const para = pick(candidates, e.pick)
        if (!para) break
        const gone = [para, ...para.subs]
        for (const p of gone) {
          touched.add(p.id)
          expected.paragraphs.set(p.id, 'deleted')
          expected.baseEdits.add(p.id)
        }
        for (const l of locate(d).filter((x) => gone.includes(x.para))) expected.proposals.set(l.prop.id, 'withdrawn')
        if (d.preamble.includes(para)) d.preamble.splice(d.preamble.indexOf(para), 1)
        else d.operative.splice(d.operative.indexOf(para), 1)
        expected.made.push(`delete-paragraph ${para.id}`)
        break
      }
      case 'add-paragraph': {
        const id = fresh('pa')
        const para: Para = { id, pieces: [`${id} ${FRESH[e.pick2 % FRESH.length]} and ${FRESH[(e.pick2 + 1) % FRESH.length]} alike.`], subs: [] }
        if (e.pick2 % 2 === 0) {
          const pid = fresh('qa')
          para.pieces.push(' ', { id: pid, sponsors: [SPONSORS[e.pick % SPONSORS.length]!], joint: ', ', state: 'pending', del: undefined, ins: [` tundra beacon ${pid}`] })
          expected.newProposals.add(pid)
        }
        let at = e.pick % (d.operative.length + 1)
        while (between(d.operative, at)) at++
        d.operative.splice(at, 0, para)
        touched.add(id)
        expected.newParagraphs.add(id)
        expected.baseEdits.add(id)
        expected.made.push(`add-paragraph ${id}`)
        break
      }
      case 'split-paragraph': {
        // An operative paragraph of plain words (no emphasis, link or code to cut through) cut in two at a space of its base text between two words, each part a good share of it.
        const plain = (p: Para) => p.pieces.every((piece) => typeof piece !== 'string' || /^[\p{L}\p{N}\s.,;:()'’"“”/-]*$/u.test(piece))
        const para = pick(d.operative.filter((p) => free(p) && p.subs.length === 0 && plain(p)), e.pick)
        if (!para) break
        const total = lengthOf(para.pieces)
        if (total < 120) break
        const spots: Array<[number, number]> = []
        let before = 0
        para.pieces.forEach((piece, k) => {
          if (typeof piece === 'string') for (const m of piece.matchAll(/(?<=[a-z]) (?=[a-z])/g)) if (before + m.index > total / 4 && before + m.index < (3 * total) / 4) spots.push([k, m.index])
          before += typeof piece === 'string' ? piece.length : lengthOf([piece])
        })
        const spot = pick(spots, e.pick2)
        if (!spot) break
        const [k, at] = spot
        const cut = para.pieces[k] as string
        const rest: Para = { id: fresh('pa'), pieces: [cut.slice(at + 1), ...para.pieces.slice(k + 1)], subs: [] }
        para.pieces = [...para.pieces.slice(0, k), cut.slice(0, at)]
        d.operative.splice(d.operative.indexOf(para) + 1, 0, rest)
        touched.add(para.id)
        touched.add(rest.id)
        grouped.add(para.id)
        grouped.add(rest.id)
        expected.paragraphs.set(para.id, 'split')
        expected.made.push(`split-paragraph ${para.id}`)
        break
      }
      case 'join-paragraphs': {
        // Two operative paragraphs side by side (in the original too: none deleted between), neither much shorter than the other, joined into the first.
        const at = (p: Para) => original.operative.findIndex((q) => q.id === p.id)
        const pairs = d.operative.slice(1).map((b, i) => [d.operative[i]!, b] as const).filter(([a, b]) => at(a) >= 0 && at(b) === at(a) + 1)
        // Each long enough to be told apart (a few words each can be as like the joined one as each other: uncertain, rightly).
        const fit = pairs.filter(([a, b]) => {
          const [x, y] = [lengthOf(a.pieces), lengthOf(b.pieces)]
          return free(a) && free(b) && a.subs.length === 0 && b.subs.length === 0 && Math.min(x, y) >= 60 && Math.min(x, y) * 3 > Math.max(x, y)
        })
        const pair = pick(fit, e.pick)
        if (!pair) break
        const [a, b] = pair
        a.pieces = [...a.pieces, ' ', ...b.pieces]
        d.operative.splice(d.operative.indexOf(b), 1)
        touched.add(a.id)
        touched.add(b.id)
        grouped.add(a.id)
        expected.paragraphs.set(a.id, 'merged')
        expected.paragraphs.set(b.id, 'merged')
        expected.made.push(`join-paragraphs ${a.id}+${b.id}`)
        break
      }
      case 'renumber':
        d.typed = d.typed === 'ones' ? 'sequence' : 'ones'
        expected.made.push('renumber')
        break
    }
  }
  return { draft: d, expected }
}

/** About how many characters pieces write. */
function lengthOf(pieces: Piece[]): number {
  return pieces.reduce((n, p) => n + (typeof p === 'string' ? p.length : 4 + p.sponsors.join(', ').length + (p.del?.length ?? 0) + lengthOf(p.ins)), 0)
}

/** The draft with a pending proposal put right after one of its top-level proposals (the `k`-th), so that two sit side by side, as merges need. */
export function withNeighbour(original: Draft, k: number): Draft {
  const d = structuredClone(original)
  const tops = locate(d).filter((l) => l.top && l.prop.sponsors.length > 0)
  const l = tops.length > 0 ? tops[k % tops.length]! : undefined
  if (!l) return d
  const id = fresh('qa')
  l.container.splice(l.container.indexOf(l.prop) + 1, 0, ' ', { id, sponsors: [SPONSORS[k % SPONSORS.length]!], joint: ', ', state: 'pending', del: undefined, ins: [` velvet quarry ${id}`] })
  return d
}
