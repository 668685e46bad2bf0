/**
 * mdast-util-from-markdown extension: keeps escaped brackets (`\[`, `\]`) and bracket character
 * references (`&#91;`, `&lsqb;` …) apart from the surrounding text, as `literalBracket` nodes,
 * so that the annotation transform never mistakes them for annotation marks. Everything else
 * is what mdast-util-from-markdown does by default.
 */
import type { Extension, CompileContext, Token } from 'mdast-util-from-markdown'
import type { Nodes, Parent, Text } from 'mdast'

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

export const literalBracketFromMarkdown: Extension = {
  enter: { characterEscape: enterData, characterReference: enterData },
}
