/**
 * Characters no document may hold: those XML 1.0 forbids (C0 controls but tab, line feed and
 * carriage return; U+FFFE, U+FFFF; lone surrogates), which make a DOCX part unreadable to every
 * XML reader, and the controls and noncharacters that HTML forbids too (U+007F–U+009F,
 * U+FDD0–U+FDEF, U+nFFFE and U+nFFFF of every plane). They are replaced where the draft is read,
 * in its body and in its front matter values, with a warning at each line that held one; so
 * every stage and format after it sees only characters it may write.
 */
import type { Nodes, Root } from 'mdast'
import type { Diagnostics, Place } from '../diagnostics.js'

/** With the `u` flag, a surrogate in the class matches only when it is alone (not half of a pair). */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Noncharacter_Code_Point}\uD800-\uDFFF]/gu

/** A line tab or form feed (Word's line and page breaks, pasted) reads as a space; anything else as U+FFFD. */
const replacement = (c: string) => (c === '\u000B' || c === '\u000C' ? ' ' : '\uFFFD')

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`

/** What a reader is told: the characters found, and what they became. */
function describe(found: string[]): string {
  const distinct = [...new Set(found)]
  const named = distinct.slice(0, 3).map(codePoint).join(', ') + (distinct.length > 3 ? ` and ${distinct.length - 3} more` : '')
  const became = [...new Set(distinct.map(replacement))].map((r) => (r === ' ' ? 'a space' : 'U+FFFD (�)')).join(' or ')
  return `${found.length === 1 ? 'a character' : `${found.length} characters`} that no DOCX or web page may hold (${named}): printed as ${became}`
}

/**
 * The UTF-16 units at least one of which every forbidden character holds (a noncharacter past
 * the basic plane, U+1FFFE …, is a surrogate pair): read a unit at a time, without the `u`
 * flag, which makes the engine read code points. A text with none of them is clean.
 */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF\uD800-\uDFFF]/

/** True when `text` holds a character no document may hold. */
export function hasForbidden(text: string): boolean {
  if (!SUSPECT.test(text)) return false
  FORBIDDEN.lastIndex = 0
  return FORBIDDEN.test(text)
}

/** `text` with every forbidden character replaced. */
export function withoutForbidden(text: string): string {
  return text.replace(FORBIDDEN, replacement)
}

/**
 * The draft's text with forbidden characters replaced, each line that held one reported at its
 * first (line and column as written: a replaced character takes one column, as before).
 */
export function replaceForbidden(text: string, diagnostics: Diagnostics): string {
  if (!hasForbidden(text)) return text
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    const found = line.match(FORBIDDEN)
    if (!found) continue
    const column = line.search(FORBIDDEN) + 1
    diagnostics.warning('character-forbidden', `This line holds ${describe(found)}`, { line: index + 1, column })
  }
  return withoutForbidden(text)
}

/**
 * Front matter values with forbidden characters replaced (YAML escapes, `"\uFFFF"`, write them in
 * a text that holds none), each value that held one reported at its place.
 */
export function cleanValues<T extends Record<string, unknown>>(meta: T, placeOf: (key: string) => Place | undefined, diagnostics: Diagnostics): T {
  let out = meta
  for (const [key, value] of Object.entries(meta)) {
    const strings = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
    const found = strings.flatMap((s) => s.match(FORBIDDEN) ?? [])
    if (found.length === 0) continue
    diagnostics.warning('character-forbidden', `The value of \`${key}\` holds ${describe(found)}`, placeOf(key))
    const clean = typeof value === 'string' ? withoutForbidden(value) : (value as unknown[]).map((v) => (typeof v === 'string' ? withoutForbidden(v) : v))
    out = { ...out, [key]: clean }
  }
  return out
}

/**
 * The text of the tree with forbidden characters replaced: the raw text holds none by now, but a
 * character reference may still write one (`&#12;`, a form feed, which CommonMark decodes).
 */
export function cleanTree(tree: Root, diagnostics: Diagnostics): void {
  const stack: Nodes[] = [tree]
  while (stack.length > 0) {
    const node = stack.pop()!
    if ('value' in node && typeof node.value === 'string' && hasForbidden(node.value)) {
      const start = node.position?.start
      diagnostics.warning('character-forbidden', `This text holds ${describe(node.value.match(FORBIDDEN) ?? [])}`, start && { line: start.line, column: start.column })
      node.value = withoutForbidden(node.value)
    }
    if ('children' in node) for (const child of node.children) stack.push(child)
  }
}
