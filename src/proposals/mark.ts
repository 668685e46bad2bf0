/**
 * Marking proposals agreed or withdrawn in the draft's own text, as an editor does in the room
 * (`oasgen agree`, `oasgen withdraw`): the state word is written after the last sponsor, before
 * the colon (`[COL: …]` → `[COL agreed: …]`), or replaces the one there; every other character
 * of the draft stays as it is. Marking a proposal already in that state changes nothing.
 *
 * A pure function of the draft's text and its parsed tree; the command writes the result.
 */
import type { Root } from 'mdast'
import { TAG } from '../draft/annotation/transform.js'
import type { ProposalState } from '../draft/annotation/types.js'
import { proposalsOf, type ProposalFacts } from './proposals.js'
import { nearestRefs, sameRef } from './references.js'

export type Mark = Exclude<ProposalState, 'pending'>

export interface Marked {
  /** The draft's new text (the same string when nothing changed). */
  text: string
  /** Each reference asked for, in the order asked, with what became of it. */
  results: Array<{ ref: string; tag: string; before: ProposalState; moot: boolean }>
}

/** A reference that cannot be marked: not in the draft, or a bare bracket (no sponsor to say it). */
export class MarkError extends Error {
  override name = 'MarkError'
}

/** `text` (parsed as `tree`) with the proposals `refs` marked `state`. Throws a `MarkError` naming every reference it cannot mark. */
export function markProposals(text: string, tree: Root, refs: readonly string[], state: Mark): Marked {
  const { proposals } = proposalsOf(tree)
  const problems: string[] = []
  const chosen: ProposalFacts[] = []
  for (const ref of refs) {
    const proposal = proposals.find((p) => sameRef(p.ref, ref))
    if (!proposal) problems.push(`No proposal of this draft is ${ref}${nearestRefs(ref, proposals.map((p) => p.ref))}`)
    else if (proposal.tag === '') problems.push(`${proposal.ref} is a bracket with no sponsor: it has no tag to mark ${state}; remove its brackets, or give it a sponsor`)
    else if (!chosen.includes(proposal)) chosen.push(proposal)
  }
  if (problems.length > 0) throw new MarkError(problems.join('\n'))
  // From the end of the text backwards, so that each edit leaves the offsets before it as they were.
  let out = text
  for (const proposal of [...chosen].sort((a, b) => b.position.start.offset - a.position.start.offset)) {
    out = markOne(out, proposal, state)
  }
  return { text: out, results: chosen.map((p) => ({ ref: p.ref, tag: p.tag, before: p.state, moot: p.moot })) }
}

/** The text with one proposal's tag carrying `state`. */
function markOne(text: string, proposal: ProposalFacts, state: Mark): string {
  const open = proposal.position.start.offset
  if (text[open] !== '[') throw new Error(`${proposal.ref} does not start with \`[\` at offset ${open} of the draft (found ${JSON.stringify(text[open])})`)
  const tag = TAG.exec(text.slice(open + 1, open + 1 + 2000))
  if (!tag) throw new Error(`${proposal.ref}: no sponsor tag after its \`[\` at offset ${open}`)
  const list = open + 1 + tag[1]!.length // just after the last sponsor
  const colon = open + tag[0].length // the colon
  if (tag[2]?.toLowerCase() === state) return text
  return text.slice(0, list) + ` ${state}` + text.slice(colon)
}
