/**
 * Flattens a block's inlines into runs: the shape renderers that write runs (docx, pdf, txt)
 * walk. Each run knows its drafter marks, the proposals it sits in (outermost first), and
 * whether it is a bracket or sponsor tag of a shown proposal.
 */
import type { Inline, Link, Mark } from './types.js'

/** Where a run sits inside a shown proposal. */
export interface ProposalPart {
  /** insertion: proposed text; deletion: base text proposed for deletion. */
  kind: 'insertion' | 'deletion'
  /** Who proposes it: the proposal's sponsors, or for a bare bracket those it inherits. */
  authors: string[]
  /** True when the proposal is shown only for context. */
  context: boolean
}

export type Run =
  | {
      type: 'text'
      text: string
      marks: Mark[]
      /** The proposals this text sits in, outermost first; empty for agreed text. */
      parts: ProposalPart[]
      /** The link this text belongs to (one object per link of the document: two links to one target are two). */
      link?: Link
    }
  | {
      /** `[COL: ` or `[` (open) and `]` (close) of a shown proposal; printed with the sponsor style. */
      type: 'open' | 'close'
      text: string
      /** The proposal's sponsors and tag. */
      authors: string[]
      tag: string
      parts: ProposalPart[]
      context: boolean
    }
  | { type: 'footnote'; number: number; parts: ProposalPart[] }
  | { type: 'break'; parts: ProposalPart[] }

/** `[COL: ` for a sponsored proposal, `[` for a bare one. */
export function openText(tag: string): string {
  return tag === '' ? '[' : `[${tag}: `
}

export function runs(inlines: Inline[]): Run[] {
  const out: Run[] = []
  const walk = (list: Inline[], parts: ProposalPart[], link: Link | undefined, authors: string[], context: boolean) => {
    for (const inline of list) {
      switch (inline.type) {
        case 'text':
          out.push(link === undefined ? { type: 'text', text: inline.value, marks: inline.marks, parts } : { type: 'text', text: inline.value, marks: inline.marks, parts, link })
          break
        case 'footnoteRef':
          out.push({ type: 'footnote', number: inline.number, parts })
          break
        case 'break':
          out.push({ type: 'break', parts })
          break
        case 'link':
          walk(inline.children, parts, inline, authors, context)
          break
        case 'proposal': {
          const who = inline.authors
          out.push({ type: 'open', text: openText(inline.tag), authors: who, tag: inline.tag, parts, context: inline.context })
          walk(inline.children, parts, link, who, inline.context)
          out.push({ type: 'close', text: ']', authors: who, tag: inline.tag, parts, context: inline.context })
          break
        }
        case 'insertion':
        case 'deletion':
          walk(inline.children, [...parts, { kind: inline.type, authors, context }], link, authors, context)
          break
      }
    }
  }
  walk(inlines, [], undefined, [], false)
  return out
}
