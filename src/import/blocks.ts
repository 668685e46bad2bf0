/**
 * The draft's side of an import: each block of the parsed draft (a paragraph or heading, in the
 * body or in a footnote) as the atoms a view prints of it, in order, each pointing back at the
 * syntax-tree node it comes from. A DOCX paragraph is matched to a block, and its characters
 * to these atoms, so that a revision lands on the nodes it changes.
 *
 * What a view prints is decided as `src/view/resolve.ts` decides it (its scenario's plan): an applied
 * proposal prints its insertions, a rejected one its deletions, a shown one both.
 */
import type { Break, FootnoteDefinition, FootnoteReference, Heading, InlineCode, Nodes, Paragraph, Parent, PhrasingContent, Root, Text } from 'mdast'
import type { Annotation } from '../draft/annotation/types.js'
import { decisionsIn, scenarioOf } from '../view/scenario.js'
import type { View } from '../view/views.js'

/** What an atom is made of in the tree. */
export type Leaf =
  | { node: Text | InlineCode; index: number }
  | { node: FootnoteReference | Break }
  /** The printed bracket of a shown proposal (`[COL: ` or `]`), when the document prints it. */
  | { node: Annotation; edge: 'open' | 'close' }

export interface DraftAtom {
  /** What it compares as: the character, `\u0001fn` for a footnote mark, `\n` for a line break. */
  key: string
  leaf: Leaf
}

export interface DraftBlock {
  node: Paragraph | Heading
  /** The footnote it belongs to (its label), for a paragraph of a footnote. */
  footnote?: string
  atoms: DraftAtom[]
}

export const FOOTNOTE_KEY = '\u0001fn'
export const BREAK_KEY = '\n'

export interface FlattenOptions {
  view: View
  /** Brackets of sponsored proposals are printed (not track changes). */
  brackets: boolean
}

/** Every block with text, in document order: the body's, then each footnote's. */
export function draftBlocks(tree: Root, options: FlattenOptions): DraftBlock[] {
  const out: DraftBlock[] = []
  const notes: DraftBlock[] = []
  const visit = (node: Nodes, footnote: string | undefined) => {
    if (node.type === 'paragraph' || node.type === 'heading') {
      const block: DraftBlock = { node, atoms: atomsOf(node, options) }
      if (footnote !== undefined) {
        block.footnote = footnote
        notes.push(block)
      } else {
        out.push(block)
      }
      return
    }
    if (node.type === 'footnoteDefinition') {
      for (const child of (node as FootnoteDefinition).children) visit(child, node.identifier)
      return
    }
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child, footnote)
  }
  visit(tree, undefined)
  return [...out, ...notes]
}

/**
 * The atoms a view prints of one block, walked as `resolve.ts` resolves inlines: `owner` is the
 * decision of the annotation whose text we are in (a rejected one prints only its deletions).
 */
export function atomsOf(block: Parent, options: FlattenOptions): DraftAtom[] {
  type Owner = 'applied' | 'rejected' | 'shown' | undefined
  const atoms: DraftAtom[] = []
  // Decided once for the block: asked again at each level, the work grows with the square of the depth.
  const decisions = decisionsIn(block as Nodes, scenarioOf(options.view))
  const chars = (node: Text | InlineCode) => {
    for (let index = 0; index < node.value.length; index++) atoms.push({ key: node.value[index]!, leaf: { node, index } })
  }
  const walk = (node: PhrasingContent, owner: Owner): void => {
    if (owner === 'rejected' && node.type !== 'delete') {
      if (node.type === 'text' && /^\s+$/.test(node.value)) atoms.push({ key: ' ', leaf: { node, index: 0 } })
      else if (node.type !== 'annotation' && 'children' in node) for (const child of node.children as PhrasingContent[]) walk(child, owner)
      return
    }
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        chars(node)
        return
      case 'footnoteReference':
        atoms.push({ key: FOOTNOTE_KEY, leaf: { node } })
        return
      case 'break':
        atoms.push({ key: BREAK_KEY, leaf: { node } })
        return
      case 'delete':
        if (owner !== 'applied') for (const child of node.children) walk(child, undefined)
        return
      case 'annotation': {
        const decision = decisions.get(node)!
        const printed = decision === 'shown' && (options.brackets || node.tag === '')
        if (printed) for (const char of node.tag === '' ? '[' : `[${node.tag}: `) atoms.push({ key: char, leaf: { node, edge: 'open' } })
        for (const child of node.children) walk(child, decision)
        if (printed) atoms.push({ key: ']', leaf: { node, edge: 'close' } })
        return
      }
      default:
        if ('children' in node) for (const child of node.children as PhrasingContent[]) walk(child, owner)
    }
  }
  for (const child of block.children as PhrasingContent[]) walk(child, undefined)
  return atoms
}
