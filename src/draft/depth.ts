/**
 * How deep a draft nests, checked before anything walks it: every later stage (the annotation
 * transform, view resolution, each renderer, and the libraries under them) walks the tree by
 * recursion, and a stack that overflows depends on the thread (a worker has a bigger one).
 * So the limit is a number, the same everywhere, and going past it is a positioned error
 * (`nesting-too-deep`), never a stack overflow.
 *
 * A level is a bracket, an emphasis, a strikethrough, a link, a list item, a quotation or a
 * paragraph around the text: a sub-paragraph's text inside three nested proposals is at
 * level 3 (list, item, paragraph) + 2 (sub-list, item) + 3 (brackets). The front matter has a
 * limit of its own, on its lists and maps.
 */
import type { Nodes, Root } from 'mdast'
import type { Diagnostics, Place } from '../diagnostics.js'
import { placer } from './annotation/transform.js'

/**
 * The deepest nesting a draft may have. Drafts nest proposals three or four deep; every stage
 * handles ten times this limit in a main thread, whose stack is the smallest (a test holds it).
 */
export const MAX_DEPTH = 100

const tooDeep = `This is nested more than ${MAX_DEPTH} levels deep (brackets, emphasis, links, list items and quotations counted together): oasgen reads at most ${MAX_DEPTH}. Close brackets and emphasis sooner, or write \`\\[\` for a literal bracket`

/** How far past the limit the estimate on the raw text must go before the parser is spared. */
const FAR = 4 * MAX_DEPTH

/**
 * An estimate of how deep the text nests inline, on the raw text, before the Markdown parser
 * runs: micromark reads nested brackets and emphasis in time that grows with the square (or
 * more) of the depth, so 10,000 nested emphases would take minutes only to be refused
 * afterwards. Within each run of lines between blank lines, a `[` opens a level and a `]`
 * closes one (escaped brackets excepted), and so do runs of `*`, `_` or `~` that can only open
 * (or only close) emphasis. Returns the place where the estimate first passed the limit, when
 * it went on past four times the limit: then the draft nests too deep whatever the parser
 * makes of it (a bracket in code is the only thing the estimate counts wrongly, and no draft
 * holds hundreds of them unclosed). Short of that, the exact check on the tree decides.
 */
export function deepInline(text: string): Place | undefined {
  // Each level the estimate opens is a `[` or a run of `*`, `_` or `~`: a text with no more
  // than FAR of those characters in all never goes past FAR (what nearly every draft is).
  if (!moreThan(text, OPENERS, FAR)) return undefined
  let depth = 0
  let line = 1
  let lineStart = 0
  let blank = true
  let first: Place | undefined
  // The front matter is YAML, with a check of its own (deepYaml): start after its closing fence.
  const fence = /^---[ \t]*\r?\n(?:.*\r?\n)*?---[ \t]*\r?$/my
  if (fence.test(text)) {
    lineStart = fence.lastIndex
    line = text.slice(0, lineStart).split('\n').length
  }
  const open = (i: number): boolean => {
    depth++
    if (depth > MAX_DEPTH && first === undefined) first = { line, column: i - lineStart + 1 }
    return depth > FAR
  }
  for (let i = lineStart; i < text.length; i++) {
    const c = text[i]!
    if (c === '\n') {
      if (blank) {
        depth = 0
        first = undefined
      }
      line++
      lineStart = i + 1
      blank = true
      continue
    }
    if (c !== ' ' && c !== '\t' && c !== '\r') blank = false
    if (c === '\\') i++ // an escaped character: a bracket or a star among others
    else if (c === '[') {
      if (open(i)) return first
    } else if (c === ']') {
      if (depth > 0) depth--
    } else if (c === '*' || c === '_' || c === '~') {
      let end = i
      while (text[end + 1] === c) end++
      const before = text[i - 1] ?? ' '
      const after = text[end + 1] ?? ' '
      const opens = !/\s/.test(after) && (!PUNCTUATION.test(after) || /[\s\p{P}\p{S}]/u.test(before))
      const closes = !/\s/.test(before) && (!PUNCTUATION.test(before) || /[\s\p{P}\p{S}]/u.test(after))
      if (opens && !closes && open(i)) return first
      if (closes && !opens && depth > 0) depth--
      i = end
    }
  }
  return undefined
}

const PUNCTUATION = /[\p{P}\p{S}]/u
const OPENERS = /[[*_~]/g

/** True when `pattern` (global) matches `text` more than `count` times. */
function moreThan(text: string, pattern: RegExp, count: number): boolean {
  pattern.lastIndex = 0
  let seen = 0
  while (pattern.test(text)) if (++seen > count) return true
  return false
}

/** Reports a draft whose raw text nests far too deep to be parsed; true when it does not. */
export function checkInlineDepth(text: string, diagnostics: Diagnostics): boolean {
  const place = deepInline(text)
  if (place) diagnostics.error('nesting-too-deep', tooDeep, place)
  return place === undefined
}

/** Nodes that hold text without being a level of their own: the block, a list (its items count). */
const NOT_A_LEVEL = new Set(['root', 'paragraph', 'heading', 'list', 'text', 'tableCell'])

/**
 * Walks the parsed tree without recursion and reports the first text that sits more than
 * MAX_DEPTH levels deep (the items, quotations, emphases and links around it, and the brackets
 * open before it in its block); true when there is none.
 */
export function checkTreeDepth(tree: Root, source: string, diagnostics: Diagnostics): boolean {
  // Depth-first, in reading order: each entry is a node and the levels around it (two stacks
  // side by side, no object an entry).
  const nodes: Nodes[] = [tree]
  const depths: number[] = [0]
  let brackets = 0
  while (nodes.length > 0) {
    const node = nodes.pop()!
    const around = depths.pop()!
    if (node.type === 'paragraph' || node.type === 'heading') brackets = 0
    const depth = around + (NOT_A_LEVEL.has(node.type) ? 0 : 1)
    if (depth + brackets > MAX_DEPTH) {
      const start = node.position?.start
      diagnostics.error('nesting-too-deep', tooDeep, start && { line: start.line, column: start.column })
      return false
    }
    if (node.type === 'text') {
      // The brackets open in the block so far, and this text's own.
      const value = node.value
      for (let i = value.indexOf('['), j = value.indexOf(']'); i >= 0 || j >= 0; ) {
        if (j >= 0 && (i < 0 || j < i)) {
          if (brackets > 0) brackets--
          j = value.indexOf(']', j + 1)
          continue
        }
        if (depth + ++brackets > MAX_DEPTH) {
          diagnostics.error('nesting-too-deep', tooDeep, placer(source)(node, i))
          return false
        }
        i = value.indexOf('[', i + 1)
      }
    }
    if ('children' in node) {
      for (let i = node.children.length - 1; i >= 0; i--) {
        nodes.push(node.children[i]!)
        depths.push(depth)
      }
    }
  }
  return true
}

/**
 * The place in a front matter's YAML of the first list or map nested more than MAX_DEPTH
 * levels deep (by indentation, `- ` items, and `[` `{` flow collections), undefined when there
 * is none: both YAML readers recurse into nested collections, so a deep one would overflow the
 * stack, at a depth that depends on the thread. Quoted scalars and comments are skipped; a `[`
 * or `{` counts where a value can start (a title written `a [b] c` is a string).
 */
export function deepYaml(yaml: string): Place | undefined {
  const indents: number[] = []
  let flow = 0
  let quote: '"' | "'" | undefined
  const lines = yaml.split('\n')
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!
    let i = 0
    let items = 0
    if (quote === undefined && flow === 0) {
      while (line[i] === ' ') i++
      if (i === line.trimEnd().length || line[i] === '#') continue
      while (indents.length > 0 && indents[indents.length - 1]! >= i) indents.pop()
      indents.push(i)
      // Compact nested items on one line: `- - - a`.
      while ((line[i] === '-' || line[i] === '?') && (line[i + 1] === ' ' || line[i + 1] === undefined)) {
        items++
        i += 2
        while (line[i] === ' ') i++
      }
    }
    let valueStart = true
    for (; i < line.length; i++) {
      const c = line[i]!
      if (quote !== undefined) {
        if (quote === '"' && c === '\\') i++
        else if (c === quote && quote === "'" && line[i + 1] === "'") i++
        else if (c === quote) quote = undefined
        continue
      }
      if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) break
      if ((c === '"' || c === "'") && valueStart) quote = c
      else if ((c === '[' || c === '{') && (valueStart || flow > 0)) {
        flow++
        if (indents.length + items + flow > MAX_DEPTH) return { line: n + 1, column: i + 1 }
      } else if ((c === ']' || c === '}') && flow > 0) flow--
      if (c !== ' ' && c !== '\t') valueStart = flow > 0 ? c === '[' || c === '{' || c === ',' || c === ':' : c === ':' || c === '-' || c === '?'
    }
    if (quote === undefined && flow === 0 && indents.length + items > MAX_DEPTH) return { line: n + 1, column: (indents[indents.length - 1] ?? 0) + 1 }
  }
  return undefined
}

/** Reports front matter that nests too deep to be read; true when it does not. `line` is the YAML's first line in the draft. */
export function checkYamlDepth(yaml: string, line: number, diagnostics: Diagnostics): boolean {
  const place = deepYaml(yaml)
  if (place) {
    diagnostics.error(
      'nesting-too-deep',
      `The front matter nests lists and maps more than ${MAX_DEPTH} levels deep: oasgen reads at most ${MAX_DEPTH} (its fields need two)`,
      { line: line + place.line - 1, column: place.column },
    )
  }
  return place === undefined
}
