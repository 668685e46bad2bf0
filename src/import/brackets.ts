/**
 * Brackets printed in a document's text are bracket annotations, as a bracketed text prints
 * them (oasgen's own DOCX keeps a bare bracket's `[` and `]` as text, and a proposal with no
 * text of its own its `[US: ` tag): each `[` … `]` pair among a node's children becomes an
 * annotation node, which the draft writer prints as `[…]` and the parser reads again. A bracket
 * with no partner stays text (the writer escapes it: `\[`).
 */
import type { PhrasingContent } from 'mdast'
import type { Annotation } from '../draft/annotation/types.js'

export function bracketed(nodes: PhrasingContent[]): PhrasingContent[] {
  // Split text at brackets, so that each bracket is a text node of its own.
  const pieces: PhrasingContent[] = []
  for (const node of nodes) {
    if (node.type === 'text') {
      for (const part of node.value.split(/([[\]])/)) if (part !== '') pieces.push({ type: 'text', value: part })
    } else {
      if ('children' in node) (node as { children: PhrasingContent[] }).children = bracketed((node as { children: PhrasingContent[] }).children)
      pieces.push(node)
    }
  }
  const isMark = (node: PhrasingContent, mark: string) => node.type === 'text' && node.value === mark
  // Pair them: a stack of the places of open brackets in `out`.
  const out: PhrasingContent[] = []
  const open: number[] = []
  for (const piece of pieces) {
    if (isMark(piece, '[')) {
      open.push(out.length)
      out.push(piece)
    } else if (isMark(piece, ']') && open.length > 0) {
      const at = open.pop()!
      const children = out.splice(at).slice(1)
      const node: Annotation = { type: 'annotation', sponsors: [], tag: '', state: 'pending', children }
      out.push(node)
    } else {
      out.push(piece)
    }
  }
  // Join the text pieces again.
  const joined: PhrasingContent[] = []
  for (const node of out) {
    const last = joined[joined.length - 1]
    if (node.type === 'text' && last?.type === 'text') last.value += node.value
    else joined.push(node)
  }
  return joined
}
