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
    /** Spaces before such punctuation (the end is the end of the stretch of text: a bracket or a note mark follows). */
    spaceBefore: new RegExp(`(?<=\\S) +(?=${punct})`, 'g'),
    /** Spaces after an opening bracket or quote. */
    spaceAfter: new RegExp(`(?<=[${escape(after)}]) +`, 'g'),
  }
}
const RULES = new Map<Language, ReturnType<typeof rules>>()

/**
 * A stretch of text read as one, whatever runs (marks, links) it is written in: tidying the runs
 * one by one would tidy `a :` and `a` + ` :` differently, and the md of a view, read again, would
 * not be the same (its runs merge). Stretches end where a reader sees something that is not text:
 * a shown proposal's bracket, a line break, a note mark, the block's edges.
 */
interface Stretch {
  runs: Text[]
  /** A space at its start goes: the block's start, after a line break, after a sponsor tag. */
  trimStart: boolean
  /** A space at its end goes: the block's end, before a line break or a note mark, before a closing bracket. */
  trimEnd: boolean
}

export function tidy(inlines: Inline[], lang: Language): Inline[] {
  let r = RULES.get(lang)
  if (!r) RULES.set(lang, (r = rules(lang)))
  const stretches: Stretch[] = []
  let current: Stretch = { runs: [], trimStart: true, trimEnd: false }
  const cut = (trimEnd: boolean, trimStart: boolean) => {
    current.trimEnd = trimEnd
    stretches.push(current)
    current = { runs: [], trimStart, trimEnd: false }
  }
  // A copy of the inlines whose text runs are the stretches' (tidied in place below).
  const walk = (list: Inline[]): Inline[] =>
    list.map((inline): Inline => {
      switch (inline.type) {
        case 'text': {
          const text: Text = { ...inline }
          current.runs.push(text)
          return text
        }
        case 'proposal': {
          // A bracket is printed here: no tidying across it. Inside, no space after a sponsor tag
          // (it brings its own) and none before the closing bracket. A bare bracket keeps its
          // text as written: `[ US: x]` must not become the proposal `[US: x]`.
          cut(false, inline.tag !== '')
          const children = walk(inline.children) as typeof inline.children
          cut(true, false)
          return { ...inline, children }
        }
        case 'break':
          cut(true, true)
          return inline
        case 'footnoteRef':
          // The mark follows its word: `States1/`, not `States 1/`.
          cut(true, false)
          return inline
        default:
          return 'children' in inline ? ({ ...inline, children: walk(inline.children) } as Inline) : inline
      }
    })
  const out = walk(inlines)
  cut(true, false)
  for (const stretch of stretches) tidyStretch(stretch, r)
  return mergeRuns(withoutEdgeBreaks(pruned(out)))
}

/**
 * Without line breaks at the block's start or end (those of text the view took out): a break
 * there breaks no line, and Markdown cannot write it (a trailing `\` reads as a backslash).
 */
function withoutEdgeBreaks(inlines: Inline[]): Inline[] {
  let from = 0
  let to = inlines.length
  while (from < to && inlines[from]!.type === 'break') from++
  while (to > from && inlines[to - 1]!.type === 'break') to--
  return from === 0 && to === inlines.length ? inlines : inlines.slice(from, to)
}

/**
 * Spaces in a stretch as a typesetter leaves them: one for any run of white space (a no-break
 * space if it holds one), none before `, . ; :` (and the rest of the language's list) when a
 * space or the stretch's end follows, nor before a closing bracket or quote, nor after an
 * opening one. Code is printed as written: its characters are never taken out.
 */
function tidyStretch(stretch: Stretch, r: ReturnType<typeof rules>): void {
  const chars: Array<{ c: string; run: number; code: boolean }> = []
  stretch.runs.forEach((run, index) => {
    const code = run.marks.includes('code')
    for (const c of run.value) chars.push({ c, run: index, code })
  })
  // One space for a run of white space.
  let kept: typeof chars = []
  for (const char of chars) {
    const last = kept[kept.length - 1]
    if (!char.code && /\s/.test(char.c)) {
      if (last && !last.code && /\s/.test(last.c)) {
        if (char.c === '\u00a0') last.c = '\u00a0'
        continue
      }
      kept.push({ ...char, c: char.c === '\u00a0' ? '\u00a0' : ' ' })
    } else {
      kept.push(char)
    }
  }
  // Then the spaces punctuation and the stretch's edges take away, until none is left to take.
  for (;;) {
    const text = kept.map((k) => k.c).join('')
    const drop = new Set<number>()
    for (const pattern of [r.spaceBefore, r.spaceAfter]) {
      pattern.lastIndex = 0
      for (const match of text.matchAll(pattern)) for (let i = match.index; i < match.index + match[0].length; i++) drop.add(i)
    }
    // A no-break space too: at an edge it holds nothing together (and a tag's own space swallows it when read).
    if (stretch.trimStart && /^[ \u00a0]/.test(text)) drop.add(0)
    if (stretch.trimEnd && /[ \u00a0]$/.test(text)) drop.add(text.length - 1)
    const next = kept.filter((k, i) => !drop.has(i) || k.code)
    if (next.length === kept.length) break
    kept = next
  }
  const values = stretch.runs.map(() => '')
  for (const k of kept) values[k.run] += k.c
  stretch.runs.forEach((run, index) => (run.value = values[index]!))
}

/** Without the text runs tidying emptied, nor links left with no text. */
function pruned(inlines: Inline[]): Inline[] {
  return inlines.flatMap((inline): Inline[] => {
    if (inline.type === 'text') return inline.value === '' ? [] : [inline]
    if (!('children' in inline)) return [inline]
    const children = pruned(inline.children)
    return children.length === 0 && inline.type === 'link' ? [] : [{ ...inline, children } as Inline]
  })
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
