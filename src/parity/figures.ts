/**
 * The figures of a paragraph that carry meaning whatever the language: years, document symbols
 * (`CP/CSH-1953/20 rev. 1`, `A/65/201`) and the numbers of paragraphs cited in the text
 * (`paragraphs 1 and 2`, `los párrafos 1 y 2`). Each with the place it is written, so that a
 * figure that differs between language versions is reported where it stands.
 *
 * No language processing: symbols and years are shapes of characters; a cited paragraph is a
 * number after one of the locale's `citations` words.
 */
import type { Nodes, Parent } from 'mdast'
import type { Place } from '../diagnostics.js'

export type FigureKind = 'year' | 'symbol' | 'paragraph'

export interface Figure {
  kind: FigureKind
  /** What is compared: `2021`, the symbol without spaces, case or accents, `2b`. */
  key: string
  /** As written: `2021`, `CP/CSH-1953/20 rev. 1`, `2 b)`. */
  text: string
  place: Place | undefined
}

/** Text with, for each stretch of it, where it is in the draft. */
interface Located {
  text: string
  /** Stretches in order: where each starts in `text`, its offset in the draft, and whether each character maps one to one. */
  spans: Array<{ at: number; offset: number; exact: boolean }>
}

/**
 * `AG/RES. 2959 (L-O/20)`, `CP/CSH-1953/20 rev. 1`, `A/65/201`, `OEA/Ser.L/X.2.17`: capitals,
 * then one or more `/parts`, then numbers, a parenthesis or a suffix (`rev. 1`) after spaces.
 */
const SYMBOL = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}.]*(?:\/[^\s,;:()[\]]+)+(?:\s+(?:\d[^\s,;:()[\]]*|\([^()\s]+\)|(?:[Rr]ev|[Aa]dd|[Cc]orr|[Rr]év)\.\s*\d+))*/gu
/** A year from 1800 to 2099 standing alone: not inside a longer number, a decimal or a date written 1/2/2021. */
const YEAR = /(?<![\p{L}\p{N}/.,-])(?:1[89]|20)\d\d(?![\p{L}\p{N}/]|[.,]\d)/gu
/** A cited paragraph's number: `2`, `2 b)`, `2(b)`, `2.b`. */
const NUMBER = String.raw`\d{1,3}(?:\s?\(?[a-z]\)|\.[a-z](?!\p{L}))?`
/** Between two cited numbers: `,`, and, or, to, `–` in the four languages. */
const JOIN = String.raw`\s*(?:,|and|or|to|y|o|a|al|e|et|ou|à|–|-)\s*`

/** The figures of a paragraph whose text is in `texts`, with `citations` the words that cite a paragraph. */
export function figuresOf(texts: readonly Parent[], citations: readonly string[], toPlace: (offset: number) => Place | undefined): Figure[] {
  const located: Located = { text: '', spans: [] }
  // Paragraphs, headings and table cells apart: a figure never runs from one into the next.
  for (const node of texts) {
    collect(node as Nodes, located)
    located.text += ' '
  }
  return figuresOfText(located.text, citations, (index) => {
    const span = spanAt(located, index)
    return span && toPlace(span.exact ? span.offset + (index - span.at) : span.offset)
  })
}

/** The figures of a plain string (front matter values), each placed by `placeOf(index)`. */
export function figuresOfText(text: string, citations: readonly string[], placeOf: (index: number) => Place | undefined): Figure[] {
  const figures: Array<Figure & { index: number }> = []
  const taken: Array<[number, number]> = []
  for (const match of text.matchAll(SYMBOL)) {
    const written = match[0].replace(/[.,;:]+$/, '')
    if (!/\d/.test(written)) continue
    taken.push([match.index, match.index + written.length])
    figures.push({ kind: 'symbol', key: symbolKey(written), text: written.replace(/\s+/g, ' '), place: placeOf(match.index), index: match.index })
  }
  const free = (index: number) => !taken.some(([from, to]) => index >= from && index < to)
  for (const match of text.matchAll(YEAR)) {
    if (free(match.index)) figures.push({ kind: 'year', key: match[0], text: match[0], place: placeOf(match.index), index: match.index })
  }
  if (citations.length > 0) {
    for (const match of text.matchAll(citing(citations))) {
      const numbers = match[1]!
      const start = match.index + match[0].length - numbers.length
      for (const one of numbers.matchAll(new RegExp(NUMBER, 'gu'))) {
        const index = start + one.index
        if (!free(index)) continue
        figures.push({ kind: 'paragraph', key: one[0].replace(/[^\da-z]/g, ''), text: one[0], place: placeOf(index), index })
      }
    }
  }
  return figures.sort((a, b) => a.index - b.index).map(({ index: _, ...figure }) => figure)
}

const citingCache = new Map<string, RegExp>()
/** `paragraphs 1 and 2`, `párrafo resolutivo 3`: a citation word, at most one more word, the numbers. */
function citing(citations: readonly string[]): RegExp {
  const key = citations.join('\0')
  let pattern = citingCache.get(key)
  if (!pattern) {
    const words = [...citations].sort((a, b) => b.length - a.length).map(escape).join('|')
    pattern = new RegExp(String.raw`(?<!\p{L})(?:${words})(?:\s+\p{L}{5,})?\s+(${NUMBER}(?:${JOIN}${NUMBER})*)`, 'giu')
    citingCache.set(key, pattern)
  }
  return pattern
}

/** A symbol as compared: no spaces, lower case, no accents (`rev.` and `rév.` are one). */
function symbolKey(symbol: string): string {
  return symbol.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, '').toLowerCase()
}

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Collects the words of `node` a reader sees or that a proposal would add: text, inline code,
 * link text, inside proposals and their deletions alike. A proposal's edges and a footnote mark
 * part the words around them.
 */
function collect(node: Nodes, into: Located): void {
  switch (node.type) {
    case 'text':
    case 'inlineCode': {
      const start = node.position?.start.offset
      const end = node.position?.end.offset
      if (start !== undefined) into.spans.push({ at: into.text.length, offset: start, exact: end !== undefined && end - start === node.value.length })
      into.text += node.value
      return
    }
    case 'break':
    case 'footnoteReference':
      into.text += ' '
      return
    case 'annotation':
    case 'delete':
      into.text += ' '
      for (const child of node.children) collect(child as Nodes, into)
      into.text += ' '
      return
    default:
      if ('children' in node) for (const child of node.children) collect(child as Nodes, into)
  }
}

function spanAt(located: Located, index: number): Located['spans'][number] | undefined {
  let found: Located['spans'][number] | undefined
  for (const span of located.spans) {
    if (span.at > index) break
    found = span
  }
  return found
}
