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
  const spaceBefore = `(?<=\\S) +(?=${punct})`
  const spaceAfter = `(?<=[${escape(after)}]) +`
  return {
    /** The punctuation that takes no space before it when a space or the end follows, and what takes none after it. */
    before,
    after,
    /** Spaces before such punctuation (the end is the end of the stretch of text: a bracket or a note mark follows). */
    spaceBefore: new RegExp(spaceBefore, 'g'),
    /** Spaces after an opening bracket or quote. */
    spaceAfter: new RegExp(spaceAfter, 'g'),
    /** The same two, to ask whether there is any. */
    anyBefore: new RegExp(spaceBefore),
    anyAfter: new RegExp(spaceAfter),
    /**
     * What makes a stretch untidy, in one expression whose every branch starts at a space or
     * white space (or an opening bracket or quote), which the engine finds fast: white space
     * other than one plain space; a space an opening bracket or quote takes away; a space
     * punctuation takes away (`anyBefore` but for its look behind: a match at the text's first
     * unit is not one, see `isTidy`).
     */
    untidy: new RegExp(`[^\\S ]| {2}|[${escape(after)}] | (?:[${CLOSING}]|[${escape(before)}](?=\\s|$))`, 'g'),
  }
}
export type Rules = ReturnType<typeof rules>
const RULES = new Map<Language, Rules>()

/** The spacing rules of a language. */
export function rulesOf(lang: Language): Rules {
  let r = RULES.get(lang)
  if (!r) RULES.set(lang, (r = rules(lang)))
  return r
}

/**
 * A stretch of text read as one, whatever runs (marks, links) it is written in: tidying the runs
 * one by one would tidy `a :` and `a` + ` :` differently, and the md of a view, read again, would
 * not be the same (its runs merge). Stretches end where a reader sees something that is not text:
 * a shown proposal's bracket, a line break, a note mark, the block's edges.
 */
export interface Stretch {
  runs: Text[]
  /** A space at its start goes: the block's start, after a line break, after a sponsor tag. */
  trimStart: boolean
  /** A space at its end goes: the block's end, before a line break or a note mark, before a closing bracket. */
  trimEnd: boolean
}

/**
 * Tidies `inlines` in place, and returns them without what tidying emptied: the caller gives
 * inlines of its own, made for this block (their texts and the inlines holding them are changed).
 */
export function tidy(inlines: Inline[], lang: Language): Inline[] {
  const r = rulesOf(lang)
  const stretches: Stretch[] = []
  let current: Stretch = { runs: [], trimStart: true, trimEnd: false }
  const cut = (trimEnd: boolean, trimStart: boolean) => {
    current.trimEnd = trimEnd
    stretches.push(current)
    current = { runs: [], trimStart, trimEnd: false }
  }
  // The text runs, each in its stretch (tidied in place below).
  const walk = (list: Inline[]): void => {
    for (const inline of list) {
      switch (inline.type) {
        case 'text':
          current.runs.push(inline)
          break
        case 'proposal':
          // A bracket is printed here: no tidying across it. Inside, no space after a sponsor tag
          // (it brings its own) and none before the closing bracket. A bare bracket keeps its
          // text as written: `[ US: x]` must not become the proposal `[US: x]`.
          cut(false, inline.tag !== '')
          walk(inline.children)
          cut(true, false)
          break
        case 'break':
          cut(true, true)
          break
        case 'footnoteRef':
          // The mark follows its word: `States1/`, not `States 1/`.
          cut(true, false)
          break
        default:
          if ('children' in inline) walk(inline.children)
      }
    }
  }
  walk(inlines)
  cut(true, false)
  for (const stretch of stretches) tidyStretch(stretch, r)
  return withoutEdgeBreaks(prunedMerged(inlines))
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
function tidyStretch(stretch: Stretch, r: Rules): void {
  if (isTidy(stretch, r)) return
  if (stretch.runs.some((run) => run.marks.includes('code'))) tidyUnits(stretch, r)
  else tidyText(stretch, r)
}

/**
 * True when tidying would change nothing: no code, no white space but single plain spaces, none
 * at an edge that takes it away, none that punctuation takes away. Most stretches of most views
 * are so, and are only read once.
 */
export function isTidy(stretch: Stretch, r: Rules): boolean {
  // The answer of `/[^\S ]| {2}/` (white space other than one plain space), `anyBefore` and
  // `anyAfter` (a test holds them equal), by one expression that needs no look behind.
  const { runs } = stretch
  let text = ''
  for (const run of runs) {
    if (run.marks.includes('code')) return false
    text += run.value
  }
  if ((stretch.trimStart && text.startsWith(' ')) || (stretch.trimEnd && text.endsWith(' '))) return false
  const untidy = r.untidy
  untidy.lastIndex = 0
  for (let found = untidy.exec(text); found; found = untidy.exec(text)) {
    // A space first in the text before punctuation: nothing before it for punctuation to pull
    // to (`anyBefore` looks behind for a character). Look on from the next unit.
    if (found.index === 0 && found[0][0] === ' ' && found[0][1] !== ' ') {
      untidy.lastIndex = 1
      continue
    }
    return false
  }
  return true
}

const WHITE = /\s/

/** Tidies the stretch one UTF-16 unit at a time (each knowing its run), as `tidyStretch` says. */
export function tidyUnits(stretch: Stretch, r: Rules): void {
  const { runs } = stretch
  const code = runs.map((run) => run.marks.includes('code'))
  // The kept units, and the run each came from.
  let units: string[] = []
  let from: number[] = []
  // One space for a run of white space.
  // (White space is never a surrogate: the two units of a character outside the basic plane are kept.)
  runs.forEach((run, index) => {
    for (let u = 0; u < run.value.length; u++) {
      const c = run.value[u]!
      const last = units.length - 1
      if (!code[index] && WHITE.test(c)) {
        if (last >= 0 && !code[from[last]!] && WHITE.test(units[last]!)) {
          if (c === '\u00a0') units[last] = '\u00a0'
          continue
        }
        units.push(c === '\u00a0' ? c : ' ')
      } else {
        units.push(c)
      }
      from.push(index)
    }
  })
  // Then the spaces punctuation and the stretch's edges take away, until none is left to take.
  for (;;) {
    const drop = spacesToDrop(units.join(''), stretch, r, (i) => !code[from[i]!])
    if (drop === undefined) break
    units = units.filter((_, i) => drop[i] === 0)
    from = from.filter((_, i) => drop[i] === 0)
  }
  const values = runs.map(() => '')
  units.forEach((c, i) => (values[from[i]!] += c))
  runs.forEach((run, index) => (run.value = values[index]!))
}

/**
 * `tidyUnits` for a stretch without code, on whole strings: white space runs by a regular
 * expression, each run of the stretch rebuilt only where something goes. A test holds the two
 * equal.
 */
export function tidyText(stretch: Stretch, r: Rules): void {
  const { runs } = stretch
  // One space for a run of white space, across the runs' edges too: the first run's space stays,
  // a no-break space if any of the white space was one.
  const values = runs.map((run) => run.value)
  /** The run and index of the last character kept, when it is white space. */
  let white: { run: number; at: number } | undefined
  for (let k = 0; k < values.length; k++) {
    const value = values[k]!
    let out = ''
    let from = 0
    for (const match of value.matchAll(WHITE_RUN)) {
      if (match.index > from) white = undefined
      out += value.slice(from, match.index)
      from = match.index + match[0].length
      const noBreak = match[0].includes('\u00a0')
      if (white !== undefined) {
        // Only where this run starts: the white space before is in an earlier run.
        if (noBreak) values[white.run] = replaceAt(values[white.run]!, white.at, '\u00a0')
        continue
      }
      out += noBreak ? '\u00a0' : ' '
      white = { run: k, at: out.length - 1 }
    }
    if (from < value.length) white = undefined
    values[k] = out + value.slice(from)
  }
  // Then the spaces punctuation and the stretch's edges take away, until none is left to take.
  for (;;) {
    const drop = spacesToDrop(values.join(''), stretch, r, () => true)
    if (drop === undefined) break
    let start = 0
    for (let k = 0; k < values.length; k++) {
      const value = values[k]!
      if (drop.subarray(start, start + value.length).includes(1)) {
        let kept = ''
        for (let i = 0; i < value.length; i++) if (drop[start + i] === 0) kept += value[i]
        values[k] = kept
      }
      start += value.length
    }
  }
  runs.forEach((run, k) => (run.value = values[k]!))
}
const WHITE_RUN = /\s+/g

/**
 * The characters of `text` (a stretch's) that punctuation and the stretch's edges take away,
 * of those `droppable` lets go (1 in the mask); undefined when there is none.
 */
function spacesToDrop(text: string, stretch: Stretch, r: Rules, droppable: (i: number) => boolean): Uint8Array | undefined {
  const drop = new Uint8Array(text.length)
  let dropped = 0
  const take = (i: number) => {
    if (drop[i] === 0 && droppable(i)) {
      drop[i] = 1
      dropped++
    }
  }
  for (const pattern of [r.spaceBefore, r.spaceAfter]) {
    for (const match of text.matchAll(pattern)) for (let i = match.index; i < match.index + match[0].length; i++) take(i)
  }
  // A no-break space too: at an edge it holds nothing together (and a tag's own space swallows it when read).
  if (stretch.trimStart && /^[ \u00a0]/.test(text)) take(0)
  if (stretch.trimEnd && /[ \u00a0]$/.test(text)) take(text.length - 1)
  return dropped === 0 ? undefined : drop
}
const replaceAt = (text: string, at: number, c: string) => text.slice(0, at) + c + text.slice(at + 1)

/**
 * Without the text runs tidying emptied, nor links left with no text; adjacent runs with the
 * same marks made one. In place, as `tidy` is.
 */
function prunedMerged(inlines: Inline[]): Inline[] {
  const out: Inline[] = []
  for (const inline of inlines) {
    if (inline.type === 'text') {
      if (inline.value === '') continue
      const last = out[out.length - 1]
      if (last?.type === 'text' && sameMarks(last.marks, inline.marks)) last.value += inline.value
      else out.push(inline)
    } else if ('children' in inline) {
      const children = prunedMerged(inline.children)
      if (children.length === 0 && inline.type === 'link') continue
      ;(inline as { children: Inline[] }).children = children
      out.push(inline)
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
