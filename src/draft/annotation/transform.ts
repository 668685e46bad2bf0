/**
 * Turns the bracket marks left in the text into `annotation` nodes.
 *
 * Why a tree transform and not a micromark syntax extension: whether `[` starts a link, a
 * footnote reference or an annotation is only known once micromark has resolved labels against
 * every definition in the document. A syntax extension on `[` would have to redo that work.
 * After parsing, every `[` and `]` still in a text node is, by the spec, an annotation mark
 * (escaped brackets were set apart as `literalBracket` nodes by `from-markdown.ts`), and a `]`
 * inside a code span was never text. Annotations do not cross block boundaries, so the
 * transform pairs the marks within each paragraph or heading, where the text is whole.
 */
import type { Delete, Nodes, Parent, PhrasingContent, Root, Text } from 'mdast'
import { distance } from 'fastest-levenshtein'
import { location } from 'vfile-location'
import type { Diagnostics, Place } from '../../diagnostics.js'
import { STATE_WORDS, type Annotation, type ProposalState } from './types.js'

/** A sponsor code: an upper-case letter and 1–15 letters or digits. */
export const SPONSOR = /^[A-Z][A-Za-z0-9]{1,15}$/
const CODE = '[A-Z][A-Za-z0-9]{1,15}'
/** A word in any case: `agreed` → `[Aa][Gg][Rr][Ee][Ee][Dd]`. */
const anyCase = (word: string) => [...word].map((c) => `[${c.toUpperCase()}${c}]`).join('')
/**
 * `COL:`, `CAN, US:`, `CAN/US agreed:`, `COL WITHDRAWN:` — the colon follows the last sponsor
 * (or the state word) directly. Group 1 is the sponsor list, group 2 the state word.
 */
export const TAG = new RegExp(`^(${CODE}(?:\\s*[,/]\\s*${CODE})*)(?:\\s+(${STATE_WORDS.map(anyCase).join('|')}))?:`)
const STATE_AT_END = new RegExp(`\\s+(?:${STATE_WORDS.join('|')})\\s*$`, 'i')
const STATE_ALONE = new RegExp(`^\\s*(?:${STATE_WORDS.join('|')})\\s*$`, 'i')
/**
 * A sponsor list with an empty entry: `[: …]`, `[COL,: …]`, `[, US: …]`, `[agreed: …]`.
 * Read by splitting, not by one regular expression: nested optional parts make such patterns
 * take exponential time on long runs of commas.
 */
function hasEmptySponsor(text: string): boolean {
  const colon = text.indexOf(':')
  if (colon < 0 || colon > 400) return false
  const head = text.slice(0, colon).replace(STATE_AT_END, '').replace(STATE_ALONE, '')
  if (head.trim() === '') return true
  const parts = head.split(/[,/]/).map((part) => part.trim())
  return parts.length > 1 && parts.includes('') && parts.every((part) => part === '' || SPONSOR.test(part))
}

/**
 * Text that a drafter most likely meant as a sponsor tag but that is not one, so it would be
 * read as pending text with no sponsor: a code with letters outside A–Z (`MÉX:`), a space
 * before the colon (`COL :`), a state word misspelt (`COL agred:`, `COL withdrawm:`).
 */
function tagLike(text: string): string | undefined {
  const code = /^(\p{Lu}[\p{L}\p{N}]{1,15}(?:\s*[,/]\s*\p{Lu}[\p{L}\p{N}]{1,15})*)(\s+\p{L}+)?(\s*):/u.exec(text.slice(0, 200))
  if (!code) return undefined
  const [, list = '', word = '', space = ''] = code
  const codes = list.split(/\s*[,/]\s*/)
  const bad = codes.find((c) => !SPONSOR.test(c))
  if (bad) return `\`${bad}\` is not a sponsor code (an upper-case letter and 1–15 letters or digits, A–Z)`
  const typed = word.trim().toLowerCase()
  const meant = STATE_WORDS.find((state) => typed !== state && distance(typed, state) <= 2)
  if (typed.length >= 4 && meant) return `\`${word.trim()}\` is not \`${meant}\``
  if (word === '' && space !== '') return 'the colon must follow the sponsor directly'
  return undefined
}

/** Whether a bracket holding these reads as a footnote reference (`[^x]`; `[\^x]` is bracketed text). */
export function readsAsFootnote(children: readonly PhrasingContent[]): boolean {
  const [first] = children
  return children.length === 1 && first?.type === 'text' && /^\^[^\s\]]+$/.test(first.value)
}

/** Whether the start of a bracket's text reads as a sponsor tag, an empty sponsor list, or text meant as a tag. */
export function readsAsTag(text: string): boolean {
  return TAG.test(text) || hasEmptySponsor(text) || tagLike(text) !== undefined
}

interface Mark {
  char: '[' | ']'
  parent: Parent
  text: Text
  index: number
  ancestors: Parent[]
}

/** Adds annotation nodes to `tree`; reports malformed brackets on `diagnostics`. */
export function annotate(tree: Root, source: string, diagnostics: Diagnostics): void {
  const place = placer(source)
  const escaped = escapedIn(source, place)
  const failed = new Set<Nodes>()
  // An autolink's text is its address, written literally: `<https://x/[a]>` holds no bracket marks.
  const literal = (node: Nodes) => node.type === 'link' && source[node.position?.start.offset ?? -1] === '<'
  visitBlocks(tree, (block) => {
    describeImages(block)
    if (!annotateBlock(block, place, escaped, diagnostics, literal)) failed.add(block as Nodes)
  })
  checkDeletes(tree, source, place, diagnostics, failed)
}

type Placer = (text: Text, index: number) => Place & { offset: number }
type Escaped = (text: Text, index: number) => boolean

/** Whether character `index` of a text node is written escaped in the source (`\:`). */
function escapedIn(source: string, place: Placer): Escaped {
  return (text, index) => {
    let backslashes = 0
    for (let at = place(text, index).offset - 1; at >= 0 && source[at] === '\\'; at--) backslashes++
    return backslashes % 2 === 1
  }
}

/** Finds the line and column of character `index` of a text node's value in the source. */
export function placer(source: string): Placer {
  const where = location(source)
  const entity = /&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/y
  const entityAt = (offset: number): number => {
    entity.lastIndex = offset
    return entity.test(source) ? entity.lastIndex - offset : 0
  }
  // Where the last call on each text stopped: marks and slices ask for places along a text in
  // increasing order, so walking on from there keeps a long text with many marks linear. Only
  // while the text is as it was: a tag taken off its start changes its value and its start.
  const reached = new WeakMap<Text, { value: string; start: number | undefined; index: number; offset: number }>()
  // Whether a text is written as it reads: its value is the source from its start, with no `&`
  // or `\\` (then the walk below finds character `index` at `start + index`). Most texts are.
  const plain = new WeakMap<Text, { value: string; start: number; plain: boolean }>()
  const isPlain = (text: Text, start: number): boolean => {
    const value = text.value
    const known = plain.get(text)
    if (known !== undefined && known.value === value && known.start === start) return known.plain
    const yes = !value.includes('&') && !value.includes('\\') && source.startsWith(value, start)
    plain.set(text, { value, start, plain: yes })
    return yes
  }
  return (text, index) => {
    const start = text.position?.start.offset
    if (start !== undefined && index >= 0 && index < text.value.length && isPlain(text, start)) {
      const offset = start + index
      const point = where.toPoint(Math.min(offset, source.length - 1)) ?? { line: 1, column: 1 }
      return { line: point.line, column: point.column, offset }
    }
    // The value is the source less escapes' backslashes, with character references decoded and
    // continuation-line indentation dropped: walk both in step to find the character.
    const value = text.value
    let offset = text.position?.start.offset ?? 0
    let i = 0
    const last = reached.get(text)
    if (last !== undefined && last.value === value && last.start === text.position?.start.offset && last.index <= index) {
      ;({ index: i, offset } = last)
    }
    for (; i <= index && offset < source.length; i++) {
      const want = value[i]
      while (offset < source.length) {
        const got = source[offset]
        if (got === '&' && entityAt(offset) > 0) break
        if (got === want) break
        if (got === '\\' && source[offset + 1] === want) {
          offset++
          break
        }
        offset++
      }
      if (i < index) offset += source[offset] === '&' ? Math.max(1, entityAt(offset)) : 1
    }
    reached.set(text, { value, start: text.position?.start.offset, index, offset })
    const point = where.toPoint(Math.min(offset, source.length - 1)) ?? { line: 1, column: 1 }
    return { line: point.line, column: point.column, offset }
  }
}

// A table's cells hold text as a paragraph does; an annotation never crosses a cell.
const BLOCKS_WITH_TEXT = new Set(['paragraph', 'heading', 'tableCell'])

function visitBlocks(node: Nodes, fn: (block: Parent) => void): void {
  if (BLOCKS_WITH_TEXT.has(node.type)) {
    fn(node as Parent)
    return
  }
  if ('children' in node) for (const child of node.children) visitBlocks(child, fn)
}

/** Pairs and builds the annotations of one block; false when its brackets have errors. */
function annotateBlock(block: Parent, place: Placer, escaped: Escaped, diagnostics: Diagnostics, literal: (node: Nodes) => boolean): boolean {
  // 1. Collect every mark of the block in reading order, and pair them.
  const marks: Mark[] = []
  collectMarks(block, [], marks, literal)
  if (marks.length === 0) {
    mergeLiteralsDeep(block)
    return true
  }
  const pairs = new Map<Mark, Mark>()
  const stack: Mark[] = []
  let ok = true
  for (const mark of marks) {
    if (mark.char === '[') {
      stack.push(mark)
      continue
    }
    const open = stack.pop()
    if (!open) {
      diagnostics.error('annotation-stray-close', 'This `]` closes no `[`; write `\\]` for a literal bracket', place(mark.text, mark.index))
      ok = false
      continue
    }
    if (open.parent !== mark.parent) {
      ok = false
      const del = [...open.ancestors, open.parent, ...mark.ancestors, mark.parent].find((p) => p.type === 'delete') as Delete | undefined
      if (del) {
        const start = del.position?.start
        diagnostics.error(
          'annotation-deletion-unclosed',
          '`~~` does not close inside its annotation',
          start ? { line: start.line, column: start.column } : place(open.text, open.index),
        )
      } else {
        diagnostics.error(
          'annotation-crossing',
          `This annotation crosses the edge of the ${describe(open.parent !== block ? open.parent : mark.parent)}: an annotation must open and close inside the same formatting`,
          place(open.text, open.index),
        )
      }
      continue
    }
    pairs.set(open, mark)
    pairs.set(mark, open)
  }
  for (const open of stack) {
    ok = false
    diagnostics.error(
      'annotation-unclosed',
      'This `[` is not closed in its paragraph; close it with `]`, or write `\\[` for a literal bracket',
      place(open.text, open.index),
    )
  }
  if (!ok) {
    mergeLiteralsDeep(block)
    return false
  }
  // 2. Build the annotation nodes, level by level. Every mark is paired by now; each text's
  // marks, collected in reading order, are in order of their index.
  const byText = new Map<Text, Mark[]>()
  for (const mark of marks) {
    const list = byText.get(mark.text)
    if (list) list.push(mark)
    else byText.set(mark.text, [mark])
  }
  build(block, byText, place, escaped, diagnostics)
  return true
}

function describe(node: Parent): string {
  return node.type === 'emphasis' ? 'emphasis' : node.type === 'strong' ? 'strong emphasis' : node.type === 'delete' ? 'strikethrough' : node.type
}

/**
 * An image prints as its description (a resolution has no pictures): the image gives way to the
 * nodes its description is written with, so that a proposal in it is resolved like any other,
 * and the clean view never prints its brackets (`![chart [US: proposed] here](…)`).
 */
function describeImages(parent: Parent): void {
  if (!holdsImage(parent)) return
  parent.children = (parent.children as PhrasingContent[]).flatMap((child): PhrasingContent[] => {
    if (child.type === 'image' || child.type === 'imageReference') return child.data?.description ?? (child.alt ? [{ type: 'text', value: child.alt, ...(child.position ? { position: child.position } : {}) }] : [])
    if ('children' in child) describeImages(child as Parent)
    return [child]
  })
}

/** Whether an image is among `parent`'s children or below them (most blocks hold none). */
function holdsImage(parent: Parent): boolean {
  for (const child of parent.children as Nodes[]) {
    if (child.type === 'image' || child.type === 'imageReference' || ('children' in child && holdsImage(child))) return true
  }
  return false
}

const BRACKET = /[[\]]/g

function collectMarks(parent: Parent, ancestors: Parent[], out: Mark[], literal: (node: Nodes) => boolean): void {
  for (const child of parent.children as Nodes[]) {
    if (child.type === 'text') {
      BRACKET.lastIndex = 0
      for (let found = BRACKET.exec(child.value); found; found = BRACKET.exec(child.value)) {
        out.push({ char: found[0] as Mark['char'], parent, text: child, index: found.index, ancestors })
      }
    } else if ('children' in child && !literal(child)) {
      collectMarks(child, [...ancestors, parent], out, literal)
    }
  }
}

/** Replaces the marks in `parent` (and below) by annotation nodes; `byText` holds each text's marks, in order. */
function build(parent: Parent, byText: ReadonlyMap<Text, Mark[]>, place: Placer, escaped: Escaped, diagnostics: Diagnostics): void {
  const root: PhrasingContent[] = []
  const frames: Array<{ children: PhrasingContent[]; open: Mark; place: Place & { offset: number } }> = []
  const top = () => (frames.length > 0 ? frames[frames.length - 1]!.children : root)
  for (const child of parent.children as PhrasingContent[]) {
    if ('children' in child) build(child as Parent, byText, place, escaped, diagnostics)
    const own = child.type === 'text' ? byText.get(child) : undefined
    if (child.type !== 'text' || !own) {
      top().push(child)
      continue
    }
    let from = 0
    for (const mark of own) {
      if (mark.index > from) top().push(slice(child, from, mark.index, place))
      from = mark.index + 1
      if (mark.char === '[') {
        frames.push({ children: [], open: mark, place: place(child, mark.index) })
      } else {
        const frame = frames.pop()!
        const end = place(child, mark.index)
        top().push(makeAnnotation(frame.children, frame.place, end, place, escaped, diagnostics))
      }
    }
    if (from < child.value.length) top().push(slice(child, from, child.value.length, place))
  }
  parent.children = root
  mergeLiterals(parent)
}

function slice(text: Text, from: number, to: number, place: Placer): Text {
  const start = place(text, from)
  const end = place(text, to - 1)
  return {
    type: 'text',
    value: text.value.slice(from, to),
    position: {
      start: { line: start.line, column: start.column, offset: start.offset },
      end: { line: end.line, column: end.column + 1, offset: end.offset + 1 },
    },
  }
}

function makeAnnotation(
  children: PhrasingContent[],
  start: Place & { offset: number },
  end: Place & { offset: number },
  place: Placer,
  escaped: Escaped,
  diagnostics: Diagnostics,
): PhrasingContent {
  const position = {
    start: { line: start.line, column: start.column, offset: start.offset },
    end: { line: end.line, column: end.column + 1, offset: end.offset + 1 },
  }
  const node: Annotation = { type: 'annotation', sponsors: [], tag: '', state: 'pending', children, position }
  const first = children[0]
  // A colon written `\:` is never a tag's: `[US\: x]` is bracketed text, as the md writes a bare
  // annotation whose text would read as a tag.
  const colon = first?.type === 'text' ? first.value.indexOf(':') : -1
  if (first?.type === 'text' && !(colon >= 0 && escaped(first, colon))) {
    const tag = TAG.exec(first.value)
    const notATag = tag ? undefined : tagLike(first.value)
    if (tag) {
      node.tag = tag[1]!
      node.sponsors = tag[1]!.split(/\s*[,/]\s*/)
      node.state = (tag[2]?.toLowerCase() as ProposalState | undefined) ?? 'pending'
      const rest = first.value.slice(tag[0].length).replace(/^\s+/, '')
      if (rest === '') children.shift()
      else {
        // The text now starts after the tag, in the source too.
        if (first.position) {
          const at = place(first, first.value.length - rest.length)
          first.position = { start: { line: at.line, column: at.column, offset: at.offset }, end: first.position.end }
        }
        first.value = rest
      }
    } else if (hasEmptySponsor(first.value)) {
      diagnostics.error('annotation-empty-sponsor', 'This annotation has an empty sponsor in its sponsor list', start)
    } else if (notATag) {
      diagnostics.warning('annotation-tag-like', `This bracket reads as pending text with no sponsor: ${notATag}`, start)
    } else if (readsAsFootnote(children) && !escaped(first, 0)) {
      diagnostics.error('footnote-undefined', `Footnote \`[${first.value}]\` is referred to but never defined (\`[${first.value}]: …\`)`, start)
    }
  }
  if (children.every((child) => child.type === 'text' && child.value.trim() === '')) {
    diagnostics.warning(
      'annotation-empty',
      node.tag
        ? `This proposal by ${node.tag} proposes nothing: write the text it inserts, and \`~~…~~\` around the text it deletes`
        : 'These brackets hold nothing: write the pending text in them, or remove them',
      start,
    )
  }
  return node
}

function mergeLiteralsDeep(parent: Parent): void {
  for (const child of parent.children) if ('children' in child) mergeLiteralsDeep(child as Parent)
  mergeLiterals(parent)
}

/** Escaped brackets become ordinary text again, merged with the text around them. */
function mergeLiterals(parent: Parent): void {
  if (!hasLiteralOrTwoTexts(parent.children)) return
  const out: PhrasingContent[] = []
  for (const child of parent.children as PhrasingContent[]) {
    const node: PhrasingContent = child.type === 'literalBracket' ? { type: 'text', value: child.value, position: child.position } : child
    const last = out[out.length - 1]
    if (node.type === 'text' && last?.type === 'text') {
      last.value += node.value
      if (last.position && node.position) last.position.end = node.position.end
    } else {
      out.push(node)
    }
  }
  parent.children = out
}

/** Whether `mergeLiterals` has anything to do: an escaped bracket, or two texts side by side. */
function hasLiteralOrTwoTexts(children: readonly Nodes[]): boolean {
  let text = false
  for (const child of children) {
    if (child.type === 'literalBracket' || (text && child.type === 'text')) return true
    text = child.type === 'text'
  }
  return false
}

/**
 * Checks strikethrough: `~~…~~` outside annotations is a warning; a `~~` left unclosed
 * inside an annotation is an error.
 */
function checkDeletes(tree: Root, source: string, place: Placer, diagnostics: Diagnostics, failed: ReadonlySet<Nodes>): void {
  const walk = (node: Nodes, inAnnotation: boolean): void => {
    if (failed.has(node)) return // its brackets were reported already
    if (node.type === 'delete' && !inAnnotation) {
      const start = node.position?.start
      diagnostics.warning(
        'strike-outside-annotation',
        '`~~…~~` outside an annotation has no meaning in an official text; it is printed struck through as written',
        start && { line: start.line, column: start.column },
      )
    }
    if (node.type === 'text' && inAnnotation) {
      // A `~~` left as text did not close; an escaped one (`\~\~`, `&#126;`) is meant as text.
      for (let index = node.value.indexOf('~~'); index >= 0; index = node.value.indexOf('~~', index + 1)) {
        const at = place(node, index)
        if (source[at.offset] !== '~' || source[at.offset + 1] !== '~') continue
        diagnostics.error('annotation-deletion-unclosed', '`~~` does not close inside its annotation', at)
        break
      }
    }
    if ('children' in node) for (const child of node.children) walk(child, inAnnotation || node.type === 'annotation')
  }
  walk(tree, false)
}
