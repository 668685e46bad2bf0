/**
 * The annotation nodes oasgen adds to mdast, declared by module augmentation so that a switch
 * over phrasing content stays exhaustive.
 */
import type { Literal, Parent, PhrasingContent } from 'mdast'

/**
 * Where a proposal stands (spec section 4.1): `pending` unless its tag says `agreed` (applied
 * in every view) or `withdrawn` (kept for the record, rejected in every view, never shown).
 */
export type ProposalState = 'pending' | 'agreed' | 'withdrawn'

/** The state words a tag may carry after its last sponsor, read in any case. */
export const STATE_WORDS = ['agreed', 'withdrawn'] as const satisfies ReadonlyArray<Exclude<ProposalState, 'pending'>>

/**
 * Bracketed text that is not yet agreed: `[COL: ~~old~~ new]`, `[CAN/US: text]`, `[text]`.
 * Children: `delete` nodes are base text the sponsors propose to delete; everything else is text
 * they propose to insert. Further annotations nest to any depth.
 */
export interface Annotation extends Parent {
  type: 'annotation'
  /** Sponsor codes as written (`['CAN', 'US']`); empty for a bare bracket. */
  sponsors: string[]
  /** The sponsor tag as written, without the state word and the colon (`CAN/US`); '' for a bare bracket. */
  tag: string
  /** `[COL agreed: …]` is agreed, `[COL withdrawn: …]` withdrawn; any other (a bare bracket too) pending. */
  state: ProposalState
  children: PhrasingContent[]
}

/** A bracket the drafter escaped (`\[`, `&#91;`): literal text, never an annotation mark. */
export interface LiteralBracket extends Literal {
  type: 'literalBracket'
  value: string
}

declare module 'mdast' {
  interface PhrasingContentMap {
    annotation: Annotation
    literalBracket: LiteralBracket
  }
  interface RootContentMap {
    annotation: Annotation
    literalBracket: LiteralBracket
  }
}
