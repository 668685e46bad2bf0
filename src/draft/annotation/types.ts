/**
 * The annotation nodes oasgen adds to mdast, declared by module augmentation so that a switch
 * over phrasing content stays exhaustive.
 */
import type { Literal, Parent, PhrasingContent } from 'mdast'

/**
 * Bracketed text that is not yet agreed: `[COL: ~~old~~ new]`, `[CAN/US: text]`, `[text]`.
 * Children: `delete` nodes are base text the sponsors propose to delete; everything else is text
 * they propose to insert. Further annotations nest to any depth.
 */
export interface Annotation extends Parent {
  type: 'annotation'
  /** Sponsor codes as written (`['CAN', 'US']`); empty for a bare bracket. */
  sponsors: string[]
  /** The sponsor tag as written, without `agreed` and the colon (`CAN/US`); '' for a bare bracket. */
  tag: string
  /** `[COL agreed: …]`: agreed, so part of the text in every view. */
  agreed: boolean
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
