/**
 * Spacing after resolution: resolving annotations leaves double spaces and spaces before
 * punctuation where a proposal was cut out. Tidying works on the text runs in reading order,
 * across marks; the edges of a shown proposal (its brackets) are never tidied across.
 */
import type { Language } from '../draft/frontmatter.js'
import type { Inline, Text } from '../model/types.js'

/**
 * Punctuation that takes no space before it. French typography keeps a space before `:` and
 * `;` (as in `DÉCIDE :`), so in French only `,` and `.` pull the space away.
 */
const NO_SPACE_BEFORE: Record<Language, RegExp> = {
  en: /^[,.;:]/,
  es: /^[,.;:]/,
  pt: /^[,.;:]/,
  fr: /^[,.]/,
}

export function tidy(inlines: Inline[], lang: Language): Inline[] {
  const noSpaceBefore = NO_SPACE_BEFORE[lang]
  // The text run before the current one, and whether the last thing printed ends in a space.
  let previous: Text | undefined
  let space = true // at the start of the block, a leading space goes
  const walk = (list: Inline[]): Inline[] => {
    const out: Inline[] = []
    for (const inline of list) {
      if (inline.type === 'text') {
        let value = inline.value.replace(/\s+/g, (ws) => (ws.includes('\u00a0') ? '\u00a0' : ' '))
        if (space && value.startsWith(' ')) value = value.slice(1)
        if (noSpaceBefore.test(value) && previous?.value.endsWith(' ')) previous.value = previous.value.slice(0, -1)
        if (value === '') continue
        const text: Text = { type: 'text', value, marks: inline.marks }
        out.push(text)
        previous = text
        space = value.endsWith(' ')
      } else if (inline.type === 'proposal') {
        // A bracket is printed here: no tidying across it. Inside, no space after the opening
        // bracket (the sponsor tag brings its own) and none before the closing one.
        previous = undefined
        space = true
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

/** True when the inlines hold a letter or a digit (a block without one is dropped). */
export function hasWords(inlines: Inline[]): boolean {
  return inlines.some((inline) => {
    if (inline.type === 'text') return /[\p{L}\p{N}]/u.test(inline.value)
    return 'children' in inline && hasWords(inline.children)
  })
}
