/**
 * Flattens a block's inlines into runs: the shape renderers that write runs (docx, pdf, txt)
 * walk. Each run knows its drafter marks, the proposals it sits in (outermost first), and
 * whether it is a bracket or sponsor tag of a shown proposal.
 */
import type { Inline, Link, Mark, Text } from './types.js'

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
      /**
       * White space at the start or end of its proposal part's text (see `markEdges`): proposed
       * (a revision holds it) but drawn without the part's mark.
       */
      edge?: true
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

/** How many characters at the start and at the end of a text are white space at an edge of its part's text. */
export interface Edges {
  lead: number
  trail: number
}

/** The white space a mark leaves out (a regex test per character costs more). */
const isSpace = (ch: string): boolean => ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r'

/**
 * The white space at the edges of each stretch of proposed or deleted text, which no format
 * underlines or strikes: a mark begins and ends with a letter (docs/decisions.md, "Marks of shown
 * proposals"). A stretch is the text of one insertion or deletion between the things that take
 * no mark (a nested proposal's tag and bracket, a footnote mark, a line break), a link's text
 * included: in `[US: ~~old~~ new [COL: x] more[^1] words]`, the spaces before `new`, after it,
 * before `more` and before `words`. Texts with no such space are not in the map.
 */
export function markEdges(inlines: Inline[]): Map<Text, Edges> {
  const out = new Map<Text, Edges>()
  let stretch: Text[] = []
  const end = () => {
    // From the start: texts all of white space, then the white space that opens the first other.
    let first = 0
    for (; first < stretch.length; first++) {
      const text = stretch[first]!
      const n = leadingSpace(text.value)
      if (n > 0) out.set(text, { lead: n, trail: 0 })
      if (n < text.value.length) break
    }
    // From the end, back to that text (none when the stretch is all white space).
    for (let i = stretch.length - 1; i >= first; i--) {
      const text = stretch[i]!
      const n = text.value.length - trailingEnd(text.value)
      if (n > 0) out.set(text, { lead: out.get(text)?.lead ?? 0, trail: n })
      if (n < text.value.length) break
    }
    stretch = []
  }
  const walk = (list: Inline[], inPart: boolean) => {
    for (const inline of list) {
      switch (inline.type) {
        case 'text':
          if (inPart) stretch.push(inline)
          break
        case 'link':
          walk(inline.children, inPart)
          break
        case 'insertion':
        case 'deletion':
          end()
          walk(inline.children, true)
          end()
          break
        case 'proposal':
          end()
          walk(inline.children, inPart)
          end()
          break
        case 'footnoteRef':
        case 'break':
          end()
          break
      }
    }
  }
  walk(inlines, false)
  end()
  return out
}

function leadingSpace(text: string): number {
  let i = 0
  while (i < text.length && isSpace(text[i]!)) i++
  return i
}

/** Where the white space at the end of `text` starts. */
function trailingEnd(text: string): number {
  let i = text.length
  while (i > 0 && isSpace(text[i - 1]!)) i--
  return i
}

export function runs(inlines: Inline[]): Run[] {
  const out: Run[] = []
  const edges = markEdges(inlines)
  const walk = (list: Inline[], parts: ProposalPart[], link: Link | undefined, authors: string[], context: boolean) => {
    for (const inline of list) {
      switch (inline.type) {
        case 'text': {
          const edge = edges.get(inline)
          const text = (value: string, isEdge: boolean): Run => ({
            type: 'text',
            text: value,
            marks: inline.marks,
            parts,
            ...(link !== undefined ? { link } : {}),
            ...(isEdge ? { edge: true as const } : {}),
          })
          if (edge === undefined) {
            out.push(text(inline.value, false))
            break
          }
          const value = inline.value
          const core = value.slice(edge.lead, value.length - edge.trail)
          if (edge.lead > 0) out.push(text(value.slice(0, edge.lead), true))
          if (core !== '') out.push(text(core, false))
          if (edge.trail > 0) out.push(text(value.slice(value.length - edge.trail), true))
          break
        }
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
