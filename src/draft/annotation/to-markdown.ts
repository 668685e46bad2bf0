/**
 * mdast-util-to-markdown extension: writes annotation nodes back in the draft syntax,
 * `[COL: ~~old~~ new]`, so that a resolved draft reads as a draft again.
 */
import type { Options, State, Info } from 'mdast-util-to-markdown'
import type { Parents } from 'mdast'
import { readsAsFootnote, readsAsTag } from './transform.js'
import type { Annotation } from './types.js'

function annotation(node: Annotation, _parent: Parents | undefined, state: State, info: Info): string {
  const tracker = state.createTracker(info)
  const tag = node.tag === '' ? '' : `${node.tag}${node.state === 'pending' ? '' : ` ${node.state}`}: `
  let value = tracker.move('[' + tag)
  const exit = state.enter('phrasing')
  let inner = state.containerPhrasing(node, { before: value, after: ']', ...tracker.current() })
  exit()
  // Bracketed text that would read back as a sponsor tag, or as an empty sponsor list (`[: x]`,
  // left when a view resolves a proposal at its start), keeps its colon escaped: never a tag's.
  // So does a caret that would make it a footnote reference (`[^x]`, left when a view takes out
  // what followed it).
  const first = node.children[0]
  if (tag === '' && first?.type === 'text' && readsAsTag(first.value)) inner = inner.replace(':', '\\:')
  if (tag === '' && readsAsFootnote(node.children)) inner = inner.replace('^', '\\^')
  value += tracker.move(inner)
  value += tracker.move(']')
  return value
}

/**
 * What an annotation starts with, for the writer to know what follows the node before it,
 * without writing the annotation (and all it holds) a second time: writing it in full would
 * double the work at every level of nesting.
 */
annotation.peek = function peek(): string {
  return '['
}

export const annotationToMarkdown: Options = {
  handlers: { annotation } as unknown as Options['handlers'],
  // In the draft format a lone `]` in text closes an annotation: text brackets are escaped
  // (CommonMark escapes only `[`). The annotation handler writes its own brackets as they are.
  unsafe: [{ character: ']', inConstruct: 'phrasing' }],
}
