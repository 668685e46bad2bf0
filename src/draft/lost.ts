/**
 * Text that Markdown would take away without a word: an HTML comment never closed (every line
 * after it, to the end of the draft, is part of the comment), raw HTML holding the draft's text
 * (raw HTML prints nothing, and an HTML block runs on to the next blank line: `<br>` on a line
 * of its own swallows the `RESOLVES:` under it), a code fence never closed (everything after it
 * printed as verbatim code, proposals and numbers included), and a link definition nothing refers
 * to (`[Note]: pending` on a line of its own is one, and prints nothing). Each is a positioned
 * message; the draft's text never disappears unannounced.
 */
import type { Code, Definition, Html, Nodes, Root } from 'mdast'
import type { Diagnostics } from '../diagnostics.js'

/**
 * The CommonMark HTML block kinds that end on a marker (1–5), with what closes them; kinds 6
 * and 7 (block tags, any tag alone on its line) end at a blank line.
 */
const ENDS: Array<{ start: RegExp; what: string; close: (value: string) => string }> = [
  { start: /^<(script|pre|style|textarea)(?:[\s>]|$)/i, what: 'HTML element', close: (value) => `</${/^<(\w+)/.exec(value)![1]!.toLowerCase()}>` },
  { start: /^<!--/, what: 'HTML comment', close: () => '-->' },
  { start: /^<\?/, what: 'HTML processing instruction', close: () => '?>' },
  { start: /^<![A-Za-z]/, what: 'HTML declaration', close: () => '>' },
  { start: /^<!\[CDATA\[/, what: 'CDATA section', close: () => ']]>' },
]
const COMMENT = ENDS[1]

/** Markup that holds no text of the draft: comments, tags, instructions, declarations, CDATA. */
const MARKUP = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[[\s\S]*?\]\]>|<\/?[A-Za-z][^>]*>/g

const quoted = (text: string) => {
  const words = text.replace(/\s+/g, ' ').trim()
  return words.length > 40 ? `${words.slice(0, 40)}…` : words
}

export function checkLostText(tree: Root, source: string, diagnostics: Diagnostics): void {
  const definitions: Definition[] = []
  const referenced = new Set<string>()
  const stack: Array<{ node: Nodes; parent: Nodes | undefined }> = [{ node: tree, parent: undefined }]
  while (stack.length > 0) {
    const { node, parent } = stack.pop()!
    // Inline HTML (in a paragraph) ends on its own marker, or is not HTML at all: only blocks run on.
    if (node.type === 'html' && parent !== undefined && !PHRASING_PARENTS.has(parent.type)) checkHtml(node, source, diagnostics)
    else if (node.type === 'code') checkFence(node, source, diagnostics)
    else if (node.type === 'definition') definitions.push(node)
    else if (node.type === 'linkReference' || node.type === 'imageReference') referenced.add(node.identifier)
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, parent: node })
  }
  for (const definition of definitions) {
    if (referenced.has(definition.identifier)) continue
    const start = definition.position?.start
    diagnostics.warning(
      'definition-unused',
      `This is a link definition (\`[${definition.label ?? definition.identifier}]: …\`) that no link refers to, and prints nothing: write \`\\[${definition.label ?? definition.identifier}]\` if it is text of the draft`,
      start && { line: start.line, column: start.column },
    )
  }
}

/** What holds phrasing content: HTML in it is inline. */
const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'annotation', 'tableCell'])

/** How many lines of the draft follow `node`'s first line, blank lines at the end aside. */
const linesAfter = (node: Nodes, source: string) => source.slice(node.position?.start.offset ?? 0).replace(/\s+$/, '').split('\n').length - 1

function checkHtml(node: Html, source: string, diagnostics: Diagnostics): void {
  const start = node.position?.start
  const place = start && { line: start.line, column: start.column }
  const kind = ENDS.find(({ start: opening }) => opening.test(node.value))
  // A comment's `-->` may follow its `<!` directly (`<!-->` is a whole, empty comment).
  if (kind && !node.value.slice(2).includes(kind.close(node.value))) {
    const lines = node.value.replace(/\s+$/, '').split('\n').length - 1
    const lost =
      lines === 0
        ? 'the rest of its line prints nothing'
        : lines >= linesAfter(node, source)
          ? `every line after it to the end of the draft (${lines === 1 ? 'one line' : `${lines} lines`}) would print nothing`
          : `the ${lines === 1 ? 'line' : `${lines} lines`} after it, to the end of its list item or quotation, would print nothing`
    diagnostics.error(
      kind === COMMENT ? 'html-comment-unclosed' : 'html-block-text',
      `This ${kind.what} is never closed with \`${kind.close(node.value)}\`: ${lost}. Close it, or write \`\\<\` if it is text`,
      place,
    )
    return
  }
  const text = node.value.replace(MARKUP, ' ').replace(/&[A-Za-z]+;|&#x?[\dA-Fa-f]+;/g, ' ')
  if (!/[\p{L}\p{N}]/u.test(text)) return
  diagnostics.error(
    'html-block-text',
    `This raw HTML holds text of the draft (“${quoted(text)}”), which would print nothing: raw HTML prints nothing, and a block of it runs on to the next blank line. Leave a blank line after the HTML, or write \`\\<\` if it is text`,
    place,
  )
}

function checkFence(node: Code, source: string, diagnostics: Diagnostics): void {
  const { start, end } = node.position ?? {}
  if (start?.offset === undefined || end?.offset === undefined) return
  const lines = source.slice(start.offset, end.offset).split('\n')
  const opening = /^[ \t>]*(`{3,}|~{3,})/.exec(lines[0]!)?.[1]
  if (opening === undefined) return // an indented code block: it ends where the indentation does
  const closing = lines.length > 1 ? /^[ \t>]*(`{3,}|~{3,})[ \t]*$/.exec(lines[lines.length - 1]!)?.[1] : undefined
  if (closing !== undefined && closing[0] === opening[0] && closing.length >= opening.length) return
  const whole = lines.length - 1 >= linesAfter(node, source)
  diagnostics.error(
    'code-fence-unclosed',
    `This code fence, ${opening}, is never closed: ${whole ? 'everything after it to the end of the draft' : 'the rest of its list item or quotation'} would print as verbatim code, proposals and numbers included. Close it with a line ${opening}`,
    { line: start.line, column: start.column },
  )
}
