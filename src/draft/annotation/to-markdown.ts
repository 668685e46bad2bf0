/**
 * mdast-util-to-markdown extension: writes annotation nodes back in the draft syntax,
 * `[COL: ~~old~~ new]`, so that a resolved draft reads as a draft again.
 */
import type { Options, State, Info } from 'mdast-util-to-markdown'
import type { Parents } from 'mdast'
import type { Annotation } from './types.js'

function annotation(node: Annotation, _parent: Parents | undefined, state: State, info: Info): string {
  const tracker = state.createTracker(info)
  const tag = node.tag === '' ? '' : `${node.tag}${node.state === 'pending' ? '' : ` ${node.state}`}: `
  let value = tracker.move('[' + tag)
  const exit = state.enter('phrasing')
  value += tracker.move(state.containerPhrasing(node, { before: value, after: ']', ...tracker.current() }))
  exit()
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
