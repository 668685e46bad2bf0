/**
 * mdast-util-from-markdown extension: keeps escaped brackets (`\[`, `\]`) and bracket character
 * references (`&#91;`, `&lsqb;` …) apart from the surrounding text, as `literalBracket` nodes,
 * so that the annotation transform never mistakes them for annotation marks; and keeps an
 * image's description as the nodes it is written with (`![chart [US: proposed] here](…)`), not
 * only as the plain `alt` string, so that proposals in it are proposals. Everything else is what
 * mdast-util-from-markdown does by default.
 */
import type { Extension, CompileContext, Token } from 'mdast-util-from-markdown'
import type { Image, ImageReference, Link, LinkReference, Nodes, Parent, PhrasingContent, Text } from 'mdast'

declare module 'mdast' {
  interface ImageData {
    /** The description as written, annotations and all (`alt` is its plain text). */
    description?: PhrasingContent[]
  }
  interface ImageReferenceData {
    description?: PhrasingContent[]
  }
}

const BRACKET_REFERENCES = /^&(?:#0*91|#[xX]0*5[bB]|#0*93|#[xX]0*5[dD]|lsqb|lbrack|rsqb|rbrack);$/

function isLiteralBracket(source: string): boolean {
  return source === '\\[' || source === '\\]' || BRACKET_REFERENCES.test(source)
}

function enterData(this: CompileContext, token: Token): undefined {
  const parent = this.stack[this.stack.length - 1] as Parent
  const siblings = parent.children as Nodes[]
  const point = { line: token.start.line, column: token.start.column, offset: token.start.offset }
  if (isLiteralBracket(this.sliceSerialize(token))) {
    // A node of its own: the data handlers that follow append its value and close it.
    const node = { type: 'literalBracket', value: '', position: { start: point, end: point } } as unknown as Text
    siblings.push(node)
    this.stack.push(node)
    return
  }
  let tail = siblings[siblings.length - 1]
  if (!tail || tail.type !== 'text') {
    tail = { type: 'text', value: '', position: { start: point, end: point } }
    siblings.push(tail)
  }
  this.stack.push(tail)
}

/**
 * The end of a link's or image's label: what mdast-util-from-markdown does (a link takes the
 * label's nodes as children, an image their text as `alt`), the image keeping the nodes too.
 */
function exitLabel(this: CompileContext): undefined {
  const fragment = this.stack[this.stack.length - 1] as Parent
  const value = this.resume()
  const node = this.stack[this.stack.length - 1] as Link | LinkReference | Image | ImageReference
  // A label is read as a reference until a resource follows it.
  this.data.inReference = true
  if (node.type === 'link' || node.type === 'linkReference') {
    node.children = fragment.children as PhrasingContent[]
  } else {
    node.alt = value
    node.data = { ...node.data, description: fragment.children as PhrasingContent[] }
  }
}

export const literalBracketFromMarkdown: Extension = {
  enter: { characterEscape: enterData, characterReference: enterData },
}

export const imageDescriptionFromMarkdown: Extension = {
  exit: { label: exitLabel },
}
