/**
 * What `oasgen compare --strict` refuses: the changes of a revision that no proposal accounts
 * for. A base-text edit (the editor changed text outside every proposal, agreed text among it,
 * and no proposal agreed into the text explains it) and a paragraph or proposal that cannot be
 * matched with confidence (the revision cannot be followed), each as a positioned message on the
 * revision where it stands: the new one, or the old one for what is gone.
 *
 * ```ts
 * unexplained(report, [{ path: 'rev0.md', facts }, { path: 'rev1.md', facts: facts1 }])
 * // [{ revision: 1, line: 12, column: 7, rule: 'compare-base-edit', reason: 'OP2: promote → foster after “To” …' }]
 * ```
 */
import type { DraftProposals } from '../proposals/proposals.js'
import { baseEditText } from './report.js'
import type { CompareReport } from './schema.js'

export interface Unexplained {
  /** The index of the revision it stands in. */
  revision: number
  line: number
  column: number
  rule: 'compare-base-edit' | 'compare-uncertain'
  reason: string
}

export interface RevisionText {
  path: string
  facts: DraftProposals
  /** The draft as read: where each paragraph's first word is. */
  text: string
}

export function unexplained(report: CompareReport, revisions: RevisionText[]): Unexplained[] {
  const places = revisions.map(placesOf)
  const out: Unexplained[] = []
  const at = (revision: number, ref: string) => places[revision]!.get(ref) ?? { line: 1, column: 1 }
  for (const c of report.comparisons) {
    const other = (k: number) => revisions[k === c.new ? c.old : c.new]!.path
    const on = (newRef: string | undefined, oldRef: string | undefined) => (newRef !== undefined ? { revision: c.new, ref: newRef } : { revision: c.old, ref: oldRef! })
    for (const e of c.baseEdits) {
      const { revision, ref } = on(e.new, e.old)
      const place = e.line !== undefined && e.column !== undefined ? { line: e.line, column: e.column } : at(revision, ref)
      out.push({ revision, ...place, rule: 'compare-base-edit', reason: `Text outside every proposal changed from ${revisions[c.old]!.path} to ${revisions[c.new]!.path}, and no agreed proposal explains it: ${baseEditText(e)}` })
    }
    for (const p of c.paragraphs) {
      if (p.change !== 'uncertain') continue
      const { revision, ref } = on(p.new, p.old)
      out.push({ revision, ...at(revision, ref), rule: 'compare-uncertain', reason: `${ref}: cannot be matched with confidence to a paragraph of ${other(revision)} (could be ${p.candidates?.join(' or ')})` })
    }
    for (const p of c.proposals) {
      if (!p.changes.includes('uncertain')) continue
      const side = (p.new ?? p.old)!
      const revision = p.new ? c.new : c.old
      const proposal = revisions[revision]!.facts.proposals.find((q) => q.ref === side.ref)
      const place = proposal ? { line: proposal.position.start.line, column: proposal.position.start.column } : at(revision, side.paragraph)
      const sponsors = side.sponsors.length > 0 ? side.sponsors.join(', ') : 'bracketed text'
      out.push({ revision, ...place, rule: 'compare-uncertain', reason: `${side.ref} (${sponsors}): cannot be matched with confidence to a proposal of ${other(revision)} (could be ${p.candidates?.join(' or ')})` })
    }
  }
  return out.sort((a, b) => a.revision - b.revision || a.line - b.line || a.column - b.column)
}

/** Each paragraph's place: its first line, at its first character that is not a space. */
function placesOf({ facts, text }: RevisionText): Map<string, { line: number; column: number }> {
  const lines = text.split(/\r?\n/)
  return new Map(
    facts.paragraphs.map((p) => {
      const line = Math.max(1, p.line)
      return [p.ref, { line, column: 1 + Math.max(0, (lines[line - 1] ?? '').search(/\S/)) }]
    }),
  )
}
