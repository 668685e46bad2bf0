/**
 * Spacing after resolution: resolving annotations leaves double spaces and spaces before
 * punctuation where a proposal was cut out. Tidying works on the text runs in reading order,
 * across marks; the edges of a shown proposal (its brackets) are never tidied across.
 */
import type { Language } from '../draft/frontmatter.js'
import type { Inline, Text } from '../model/types.js'

/**
 * Punctuation that takes no space before it (`, . ; : ? !` when a space or the end follows, so
 * that `.5` keeps its space; closing brackets and quotes always), and what takes none after it
 * (opening brackets and quotes). French typography keeps a space before `: ; ? !` (as in
 * `DÉCIDE :`), and after `«`, so French pulls away less.
 */
interface Spacing {
  before: string
  after: string
}
const SPACING: Record<Language, Spacing> = {
  en: { before: ',.;:?!', after: '(“‘' },
  es: { before: ',.;:?!', after: '(“‘¿¡' },
  pt: { before: ',.;:?!', after: '(“‘' },
  fr: { before: ',.', after: '(“' },
}
const CLOSING = ')\\]”’'

const escape = (chars: string) => chars.replace(/[\\\]^-]/g, '\\$&')

function rules(lang: Language) {
  const { before, after } = SPACING[lang]
  const punct = `[${escape(before)}](?=\\s|$)|[${CLOSING}]`
  return {
    /** The text starts with what takes no space before it. */
    startsTight: new RegExp(`^(?:${punct})`),
    /** Spaces before such punctuation inside a run (a leading space is the join's business). */
    spaceBefore: new RegExp(`(?<=\\S) +(?=${punct})`, 'g'),
    /** The text ends with what takes no space after it. */
    endsOpen: new RegExp(`[${escape(after)}]$`),
    /** Spaces after an opening bracket or quote inside a run. */
    spaceAfter: new RegExp(`([${escape(after)}]) +`, 'g'),
  }
}
const RULES = new Map<Language, ReturnType<typeof rules>>()

export function tidy(inlines: Inline[], lang: Language): Inline[] {
  let r = RULES.get(lang)
  if (!r) RULES.set(lang, (r = rules(lang)))
  const { startsTight, spaceBefore, endsOpen, spaceAfter } = r
  // The text run before the current one, and whether the last thing printed ends in a space.
  let previous: Text | undefined
  let space = true // at the start of the block, a leading space goes
  const walk = (list: Inline[]): Inline[] => {
    const out: Inline[] = []
    for (const inline of list) {
      if (inline.type === 'text') {
        let value = inline.value
          .replace(/\s+/g, (ws) => (ws.includes('\u00a0') ? '\u00a0' : ' '))
          .replace(spaceBefore, '')
          .replace(spaceAfter, '$1')
        if ((space || (previous !== undefined && endsOpen.test(previous.value))) && value.startsWith(' ')) value = value.slice(1)
        if (startsTight.test(value) && previous?.value.endsWith(' ')) previous.value = previous.value.slice(0, -1)
        if (value === '') continue
        const text: Text = { type: 'text', value, marks: inline.marks }
        out.push(text)
        previous = text
        space = value.endsWith(' ')
      } else if (inline.type === 'proposal') {
        // A bracket is printed here: no tidying across it. Inside, no space after a sponsor tag
        // (it brings its own) and none before the closing bracket. A bare bracket keeps its
        // text as written: `[ US: x]` must not become the proposal `[US: x]`.
        previous = undefined
        space = inline.tag !== ''
        const children = walk(inline.children) as typeof inline.children
        const last = previous as Text | undefined // set by the walk just above
        if (last?.value.endsWith(' ')) last.value = last.value.slice(0, -1)
        previous = undefined
        space = false
        out.push({ ...inline, children })
      } else if ('children' in inline) {
        const children = walk(inline.children)
        if (children.length > 0 || inline.type !== 'link') out.push({ ...inline, children } as Inline)
      } else {
        if (inline.type === 'break') {
          if (previous?.value.endsWith(' ')) previous.value = previous.value.slice(0, -1)
          previous = undefined
          space = true
        } else if (inline.type === 'footnoteRef') {
          // The mark follows its word: `States1/`, not `States 1/`.
          if (previous?.value.endsWith(' ')) previous.value = previous.value.slice(0, -1)
          previous = undefined
          space = false
        } else {
          previous = undefined
          space = false
        }
        out.push(inline)
      }
    }
    return out
  }
  const out = walk(inlines)
  // No space at the end of the block.
  if (previous?.value.endsWith(' ')) previous.value = previous.value.slice(0, -1)
  return mergeRuns(out)
}

/** Adjacent runs with the same marks become one. */
function mergeRuns(inlines: Inline[]): Inline[] {
  const out: Inline[] = []
  for (const inline of inlines) {
    if (inline.type === 'text' && inline.value === '') continue
    const last = out[out.length - 1]
    if (inline.type === 'text' && last?.type === 'text' && sameMarks(last.marks, inline.marks)) {
      out[out.length - 1] = { ...last, value: last.value + inline.value }
    } else if ('children' in inline) {
      out.push({ ...inline, children: mergeRuns(inline.children) } as Inline)
    } else {
      out.push(inline)
    }
  }
  return out
}

function sameMarks(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((m) => b.includes(m))
}

/**
 * True when the inlines hold a letter or a digit, or a shown proposal (a block with neither is
 * dropped): `2. […]`, text still to be negotiated, prints its brackets in the bracketed view.
 */
export function hasWords(inlines: Inline[]): boolean {
  return inlines.some((inline) => {
    if (inline.type === 'text') return /[\p{L}\p{N}]/u.test(inline.value)
    if (inline.type === 'proposal') return true
    return 'children' in inline && hasWords(inline.children)
  })
}
