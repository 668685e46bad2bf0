/**
 * The compare report as text, for a terminal (`txt`) or a pull request comment (`md`): for each
 * pair of revisions, the paragraphs renumbered, moved, new or deleted; every proposal that
 * changed, with its marker, references, sponsors and what changed (word diffs as `[-old-]{+new+}`
 * in txt, ~~old~~ **new** in md); the base-text edits; the counts; then, for more than two
 * revisions, the figures of each. Unchanged proposals and paragraphs kept under their number
 * are counted, not listed: a revision compared with itself says "No changes".
 */
import type { Cell, Table } from '../model/types.js'
import { textTable } from '../render/text-table.js'
import type { BaseEdit, CompareReport, Comparison, ParagraphChange, ProposalChange, WordDiff } from './schema.js'
import { PROPOSAL_CHANGES } from './schema.js'

type Flavour = 'txt' | 'md'

export function reportText(report: CompareReport, flavour: Flavour): string {
  const out: string[] = []
  const md = flavour === 'md'
  for (const c of report.comparisons) {
    const from = report.revisions[c.old]!.label
    const to = report.revisions[c.new]!.label
    out.push(md ? `## ${escapeMd(from)} → ${escapeMd(to)}` : `${from} → ${to}`, '')
    out.push(...comparisonText(c, md), '')
  }
  if (report.revisions.length > 2) {
    out.push(md ? '## Revisions' : 'Revisions', '')
    const rows = report.revisions.map((r) => [r.label, String(r.pending), String(r.bracketedWords), `${r.free} of ${r.paragraphs}`])
    out.push(...table(['revision', 'pending proposals', 'bracketed words', 'paragraphs free of brackets'], rows, md), '')
  }
  while (out[out.length - 1] === '') out.pop()
  return out.join('\n') + '\n'
}

/** A change of paragraph or proposal as a reader says it: `OP5 (former OP4)`. */
export function refPair(old: string | undefined, next: string | undefined): string {
  if (old === undefined) return next ?? ''
  if (next === undefined) return `former ${old}`
  return old === next ? next : `${next} (former ${old})`
}

function comparisonText(c: Comparison, md: boolean): string[] {
  const out: string[] = []
  const bullet = md ? '- ' : '  '
  const listed = c.paragraphs.filter((p) => p.change !== 'kept' || p.old !== p.new)
  const changed = c.proposals.filter((p) => !p.changes.includes('unchanged'))
  if (listed.length === 0 && changed.length === 0 && c.baseEdits.length === 0) return ['No changes.']
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')
  out.push(`${md ? '**Paragraphs:**' : 'Paragraphs:'} ${counts(c.summary.paragraphs)}`)
  for (const [k, p] of listed.entries()) {
    // A split or a merge in one line: `former OP2: split into OP2, OP3`, `OP2: merged from former OP2, OP3`.
    if (p.change === 'split' || p.change === 'merged') {
      const split = p.change === 'split'
      const key = (q: ParagraphChange) => (split ? q.old : q.new)
      if (listed[k - 1]?.change === p.change && key(listed[k - 1]!) === key(p)) continue
      const parts: string[] = []
      for (let m = k; listed[m]?.change === p.change && key(listed[m]!) === key(p); m++) parts.push((split ? listed[m]!.new : listed[m]!.old)!)
      out.push(`${bullet}${split ? `former ${p.old}: split into ${parts.join(', ')}` : `${p.new}: merged from former ${parts.join(', ')}`}`)
      continue
    }
    out.push(`${bullet}${refPair(p.old, p.new)}: ${p.change}${p.candidates ? ` (could be ${p.candidates.join(' or ')})` : ''}`)
  }
  out.push('', `${md ? '**Proposals:**' : 'Proposals:'} ${counts(c.summary.proposals) || 'none'}`)
  for (const p of changed) out.push(`${bullet}${proposalLine(p, md)}`)
  out.push('', `${md ? '**Base text edits** (outside any proposal):' : 'Base text edits (outside any proposal):'} ${c.baseEdits.length === 0 ? 'none' : c.baseEdits.length}`)
  for (const e of c.baseEdits) out.push(`${bullet}${baseEditText(e, md)}`)
  const delegations = Object.entries(c.summary.byDelegation).filter(([, k]) => PROPOSAL_CHANGES.some((x) => x !== 'unchanged' && k[x]! > 0))
  if (delegations.length > 0) {
    out.push('', md ? '**By delegation:**' : 'By delegation:')
    const kinds = PROPOSAL_CHANGES.filter((k) => k !== 'unchanged' && delegations.some(([, d]) => d[k]! > 0))
    out.push(...table(['delegation', ...kinds], delegations.map(([code, d]) => [code, ...kinds.map((k) => String(d[k]))]), md))
  }
  return out
}

/** A base-text edit in words: `OP2: promote → foster after “To”`. */
export function baseEditText(e: BaseEdit, md = false): string {
  const what = e.removed && e.added ? `${quote(e.removed, md)} → ${quote(e.added, md)}` : e.added ? `added ${quote(e.added, md)}` : `removed ${quote(e.removed, md)}`
  return `${refPair(e.old, e.new)}: ${what}${e.context ? ` after “${e.context}”` : ''}`
}

function proposalLine(p: ProposalChange, md: boolean): string {
  const subject = p.new ?? p.old ?? p.merged![0]!
  const ref = p.merged ? `${p.new!.ref} (former ${p.merged.map((m) => m.ref).join(' + ')})` : refPair(p.old?.ref, p.new?.ref)
  const sponsors = subject.sponsors.length > 0 ? subject.sponsors.join(', ') : 'bracketed text'
  const details: string[] = []
  for (const kind of p.changes) {
    if (kind === 'agreed' || kind === 'withdrawn') details.push(`${kind}${p.how === 'in the text' ? ' (now in the base text)' : p.how === 'gone' ? ' (gone)' : ''}${p.old && p.old.state === kind ? `, already ${kind} before` : ''}`)
    else if (kind === 'co-sponsored' || kind === 'merged') details.push(`${kind}${p.sponsors ? sponsorChange(p.sponsors) : ''}`)
    else if (kind === 'uncertain') details.push(`cannot be matched with confidence (could be ${p.candidates?.join(' or ')})`)
    else details.push(kind)
  }
  const diffs = [p.inserted && `inserts ${diffText(p.inserted, md)}`, p.deleted && `deletes ${diffText(p.deleted, md)}`].filter(Boolean)
  const text = p.changes.includes('new') || p.changes.includes('withdrawn') ? `: ${quote(summaryOf(subject), md)}` : diffs.length > 0 ? `: ${diffs.join('; ')}` : ''
  return `${p.marker ? `‹${p.marker}› ` : ''}${ref} (${sponsors}) ${details.join(', ')}${text}`
}

function sponsorChange(s: { added: string[]; removed: string[] }): string {
  const parts = [...s.added.map((c) => `+${c}`), ...s.removed.map((c) => `−${c}`)]
  return parts.length > 0 ? ` (${parts.join(' ')})` : ''
}

/** A proposal in a few words: `~~old~~ new`, long texts cut in the middle. */
function summaryOf(side: { inserted: string; deleted: string }): string {
  const parts: string[] = []
  if (side.deleted) parts.push(`deletes “${shorten(side.deleted)}”`)
  if (side.inserted) parts.push(`inserts “${shorten(side.inserted)}”`)
  return parts.join(', ')
}

/** A word diff with long unchanged runs cut to their ends. */
export function diffText(diff: WordDiff, md: boolean): string {
  return diff
    .map((part, i) => {
      if (part.op === 'same') return ends(part.text, i === 0, i === diff.length - 1)
      if (md) return part.op === 'removed' ? `~~${escapeMd(part.text)}~~` : `**${escapeMd(part.text)}**`
      return part.op === 'removed' ? `[-${part.text}-]` : `{+${part.text}+}`
    })
    .join(' ')
}

/** Of an unchanged run, the words next to the changes: four at each inner end. */
export function ends(text: string, first: boolean, last: boolean): string {
  const ws = text.split(' ')
  const keep = 4
  if (first && ws.length > keep) return '… ' + ws.slice(-keep).join(' ')
  if (last && ws.length > keep) return ws.slice(0, keep).join(' ') + ' …'
  if (!first && !last && ws.length > 2 * keep) return [...ws.slice(0, keep), '…', ...ws.slice(-keep)].join(' ')
  return text
}

const shorten = (text: string) => {
  const ws = text.split(' ')
  return ws.length > 16 ? [...ws.slice(0, 8), '…', ...ws.slice(-6)].join(' ') : text
}
const quote = (text: string, md: boolean) => (md ? escapeMd(text) : text)
const escapeMd = (text: string) => text.replace(/([\\`*_[\]~|<>])/g, '\\$1')

/** A table of a name column and count columns: GFM in md, drawn by cli-table3 (as the txt format draws tables) in txt. */
function table(header: string[], rows: string[][], md: boolean): string[] {
  if (md) {
    const line = (cells: string[]) => `| ${cells.map(escapeMd).join(' | ')} |`
    return [line(header), `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map(line)]
  }
  const cell = (value: string): Cell => [{ type: 'text', value, marks: [] }]
  const block: Table = { type: 'table', header: header.map(cell), rows: rows.map((r) => r.map(cell)), align: header.map((_, i) => (i === 0 ? 'left' : 'right')) }
  return textTable(block, (c) => c.map((i) => (i.type === 'text' ? i.value : '')).join(''), WIDTH).split('\n')
}

/** The width the txt report's tables fit in, as the txt format's. */
const WIDTH = 80
