/**
 * `compare`: what changed between revisions of a draft, paragraph by paragraph and proposal by
 * proposal, as plain data (`CompareReport`, the JSON `oasgen compare --format json` prints).
 *
 * ```ts
 * const report = compareRevisions([{ path: 'rev1.md', meta, tree }, { path: 'rev2.md', meta: meta2, tree: tree2 }])
 * report.comparisons[0].paragraphs // [{ change: 'kept', old: 'OP4', new: 'OP3', similarity: 1 }, …]
 * ```
 *
 * Everything is read from `proposalsOf` (references, sponsors, states, the paragraphs' texts);
 * the paragraphs are aligned in `paragraphs.ts`, the proposals matched in `proposals.ts`.
 */
import { basename } from 'node:path'
import { diffArrays } from 'diff'
import type { Root } from 'mdast'
import type { DraftMeta } from '../draft/frontmatter.js'
import { keptPieces, proposalsOf, wordCount, type DraftProposals } from '../proposals/proposals.js'
import { concordance, parasOf, type Concordance, type Group, type Para } from './paragraphs.js'
import { matchProposals } from './proposals.js'
import { PARAGRAPH_CHANGES, PROPOSAL_CHANGES, type BaseEdit, type CompareReport, type Comparison, type ProposalChange, type ProposalChangeKind, type RevisionFigures } from './schema.js'
import { lineColumn, placedWords, type PlacedWords } from './text.js'

export interface Revision {
  /** The path as given (for labels and the report). */
  path: string
  meta: DraftMeta
  tree: Root
  /** The draft's text, as read: with it, each base-text edit says its line and column. */
  text?: string
}

/** Each revision against the one before it, and every revision's figures. */
export function compareRevisions(revisions: Revision[]): CompareReport {
  if (revisions.length < 2) throw new Error(`compareRevisions needs two revisions or more, not ${revisions.length}`)
  const facts = revisions.map((r) => proposalsOf(r.tree))
  const labels = labelsOf(revisions)
  const comparisons: Comparison[] = []
  for (let k = 1; k < revisions.length; k++) comparisons.push({ old: k - 1, new: k, ...comparePair(facts[k - 1]!, facts[k]!, [revisions[k - 1]!.text, revisions[k]!.text]) })
  return { version: 1, revisions: revisions.map((r, k) => figures(r.path, labels[k]!, facts[k]!)), comparisons }
}

/** Symbols when the revisions all have one and no two are the same (`CP/CSH-1953/20 rev. 1`), else file names. */
function labelsOf(revisions: Revision[]): string[] {
  const symbols = revisions.map((r) => r.meta.symbol)
  if (symbols.every((s) => s !== undefined) && new Set(symbols).size === symbols.length) return symbols as string[]
  const names = revisions.map((r) => basename(r.path))
  return new Set(names).size === names.length ? names : revisions.map((r) => r.path)
}

/** `sources`: the two drafts' texts, when known, to place the base-text edits. */
export function comparePair(old: DraftProposals, next: DraftProposals, sources: [string | undefined, string | undefined] = [undefined, undefined]): Omit<Comparison, 'old' | 'new'> {
  const a = parasOf(old.paragraphs, old.proposals)
  const b = parasOf(next.paragraphs, next.proposals)
  const conc = concordance(a, b)
  const { entries, folded } = matchProposals({ paras: a, proposals: old.proposals }, { paras: b, proposals: next.proposals }, conc)
  let marker = 0
  for (const entry of entries) if (!entry.changes.includes('unchanged')) entry.marker = ++marker
  const baseEdits = baseEditsOf(a, b, conc, folded, sources)
  return { paragraphs: conc.changes, proposals: entries, baseEdits, summary: summaryOf(conc, entries, baseEdits) }
}

/**
 * Changes to the text outside every proposal, paragraph by paragraph, that no proposal agreed
 * into the text explains: the old paragraph with those proposals applied against the new one,
 * every other proposal rejected on both sides. A new paragraph's base text is all added; a
 * deleted paragraph's all removed. A paragraph split or merged is one text on each side, its
 * paragraphs joined: what changed is only what the cut or the join changed (a full stop, a
 * capital); each edit names the paragraphs it is in and, with the drafts' texts, where it is:
 * its first word added, or for words only removed the word after them (the end of the text past
 * its last word), in the new revision; in the old one when nothing of it is left in the new.
 */
function baseEditsOf(old: Para[], next: Para[], conc: Concordance, folded: Set<string>, [oldSource, newSource]: [string | undefined, string | undefined]): BaseEdit[] {
  const placed = (paras: Para[], source: string | undefined, applied: (ref: string) => boolean = () => false) => paras.map((p) => placedWords(keptPieces(p.facts, applied), source))
  const out: BaseEdit[] = []
  const oldByRef = new Map(old.map((p) => [p.facts.ref, p]))
  const newByRef = new Map(next.map((p) => [p.facts.ref, p]))
  const groupOf = new Map(conc.groups.flatMap((g) => g.new.map((n) => [next[n]!.facts.ref, g] as const)))
  const done = new Set<Group>()
  for (const change of conc.changes) {
    if (change.change === 'uncertain') continue
    const group = change.change === 'split' || change.change === 'merged' ? groupOf.get(change.new!)! : undefined
    if (group && done.has(group)) continue
    if (group) done.add(group)
    const a = group ? group.old.map((k) => old[k]!) : change.old === undefined ? [] : [oldByRef.get(change.old)!]
    const b = group ? group.new.map((k) => next[k]!) : change.new === undefined ? [] : [newByRef.get(change.new)!]
    const placedBefore = placed(a, oldSource, (ref) => folded.has(ref))
    const placedAfter = placed(b, newSource)
    const before = placedBefore.map((p) => p.words)
    const after = placedAfter.map((p) => p.words)
    /** Where word `k` of the texts joined is in `source` (past the last word: its end), or nothing. */
    const where = (side: PlacedWords[], source: string | undefined, k: number) => {
      const starts = side.flatMap((p) => p.starts)
      const offset = k < starts.length ? starts[k]! : (side.flatMap((p) => p.ends).at(-1) ?? -1)
      return source === undefined || offset < 0 ? {} : lineColumn(source, offset)
    }
    // The paragraph a word position is in (the last one, past the end).
    const at = (paras: Para[], lengths: number[]) => (k: number) => {
      for (let x = 0; x < paras.length; x++) if ((k -= lengths[x]!) < 0) return paras[x]!.facts.ref
      return paras[paras.length - 1]?.facts.ref
    }
    const oldAt = at(a, before.map((w) => w.length))
    const newAt = at(b, after.map((w) => w.length))
    let removed: string[] = []
    let added: string[] = []
    let context: string[] = []
    let i = 0
    let j = 0
    let from = { i, j }
    const flush = () => {
      if (removed.length > 0 || added.length > 0) {
        const o = oldAt(from.i)
        const n = newAt(from.j)
        const place = n !== undefined ? where(placedAfter, newSource, from.j) : where(placedBefore, oldSource, from.i)
        out.push({ ...(o !== undefined ? { old: o } : {}), ...(n !== undefined ? { new: n } : {}), removed: removed.join(' '), added: added.join(' '), context: context.slice(-5).join(' '), ...place })
      }
      removed = []
      added = []
    }
    for (const part of diffArrays(before.flat(), after.flat())) {
      if (removed.length === 0 && added.length === 0) from = { i, j }
      if (part.removed) {
        removed.push(...part.value)
        i += part.count
      } else if (part.added) {
        added.push(...part.value)
        j += part.count
      } else {
        flush()
        context = [...context, ...part.value].slice(-5)
        i += part.count
        j += part.count
      }
    }
    flush()
  }
  return out
}

function summaryOf(conc: Concordance, entries: ProposalChange[], baseEdits: BaseEdit[]): Comparison['summary'] {
  const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
  const paragraphs = zero(PARAGRAPH_CHANGES)
  for (const c of conc.changes) paragraphs[c.change]++
  const proposals = zero(PROPOSAL_CHANGES)
  const byDelegation: Record<string, Record<ProposalChangeKind, number>> = {}
  for (const entry of entries) {
    const sponsors = new Set([...(entry.old?.sponsors ?? []), ...(entry.new?.sponsors ?? []), ...(entry.merged?.flatMap((m) => m.sponsors) ?? [])])
    if (sponsors.size === 0) sponsors.add('—')
    for (const kind of entry.changes) {
      proposals[kind]++
      for (const code of sponsors) (byDelegation[code] ??= zero(PROPOSAL_CHANGES))[kind]++
    }
  }
  const sorted = Object.fromEntries(Object.entries(byDelegation).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return { paragraphs, proposals, byDelegation: sorted, baseEdits: baseEdits.length }
}

/** A revision's figures: pending proposals, words in brackets, paragraphs free of brackets. */
function figures(path: string, label: string, facts: DraftProposals): RevisionFigures {
  const state = new Map(facts.proposals.map((p) => [p.ref, p]))
  const pending = facts.proposals.filter((p) => p.state === 'pending' && !p.moot)
  const byDelegation: Record<string, number> = {}
  for (const p of pending) for (const code of p.sponsors.length > 0 ? p.sponsors : ['—']) byDelegation[code] = (byDelegation[code] ?? 0) + 1
  const paragraphs = facts.paragraphs.filter((p) => p.kind !== 'FN')
  let bracketedWords = 0
  for (const paragraph of facts.paragraphs) {
    for (const piece of paragraph.text) {
      // Printed by the bracketed view (agreed: insertions only; withdrawn: deletions only), inside a pending proposal.
      const printed = piece.in.every((step) => {
        const s = state.get(step.ref)!.state
        return s === 'pending' || (s === 'agreed') === (step.within === 'insertion')
      })
      if (printed && piece.in.some((step) => state.get(step.ref)!.state === 'pending')) bracketedWords += wordCount(piece.text)
    }
  }
  const pendingRefs = new Set(pending.map((p) => p.ref))
  const free = paragraphs.filter((p) => !p.proposals.some((ref) => pendingRefs.has(ref))).length
  const sorted = Object.fromEntries(Object.entries(byDelegation).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return { label, path, pending: pending.length, bracketedWords, paragraphs: paragraphs.length, free, byDelegation: sorted }
}
