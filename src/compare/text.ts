/**
 * How compare measures text: words (runs between spaces), word diffs and edit counts by jsdiff
 * (Myers' algorithm: the fewest words added and removed), and a similarity from the Levenshtein
 * distance (fastest-levenshtein, bit-parallel: a paragraph pair in microseconds).
 */
import { diffArrays } from 'diff'
import { distance } from 'fastest-levenshtein'
import type { TextPiece } from '../proposals/proposals.js'
import type { WordDiff } from './schema.js'

/**
 * The words of a text, punctuation kept with the word before it, as the views tidy it: taking
 * `[MEX: …]` out of `experts [MEX: …].` leaves `experts .`, the same words as `experts.`.
 */
export const words = (text: string): string[] =>
  text
    .replace(/\s+(?=[,.;:?!)\]”’])/g, '')
    .split(/\s+/)
    .filter(Boolean)

/** Words (as `words` cuts them) with where each starts and ends in the draft (offsets), when known. */
export interface PlacedWords {
  words: string[]
  /** Each word's first character's offset in the draft's text, or -1 when not known. */
  starts: number[]
  /** The offset after each word's last character, or -1. */
  ends: number[]
}

const PUNCTUATION_AFTER = /^[,.;:?!)\]”’]/

/**
 * The words of `pieces` joined, as `words(collapse(text))` gives them, each placed in `source`
 * (the draft's text): a piece's runs of characters are looked for in order from where its node
 * starts, up to where the next piece's does; a run not found there as written (an escape, an
 * entity inside it) is placed where the search stands.
 */
export function placedWords(pieces: readonly TextPiece[], source: string | undefined): PlacedWords {
  const out: PlacedWords = { words: [], starts: [], ends: [] }
  // Runs of non-space characters across the pieces (a word may go on into the next piece).
  let space = true
  // Where the next piece with a place starts: the end of the search in this one.
  const limits: number[] = []
  let next = source?.length ?? -1
  for (let k = pieces.length - 1; k >= 0; k--) {
    limits[k] = next
    next = pieces[k]!.offset ?? next
  }
  pieces.forEach((piece, k) => {
    let cursor = source === undefined || piece.offset === undefined ? -1 : piece.offset
    const limit = limits[k]!
    for (const run of piece.text.matchAll(/\s+|\S+/g)) {
      const [value] = run
      if (/^\s/.test(value)) {
        space = true
        continue
      }
      let start = -1
      if (cursor >= 0) {
        const found = source!.indexOf(value, cursor)
        start = found >= 0 && found + value.length <= limit ? found : cursor
        cursor = start === found ? found + value.length : cursor
      }
      const n = out.words.length
      const joins = !space || (n > 0 && PUNCTUATION_AFTER.test(value))
      if (joins && n > 0) {
        out.words[n - 1] += value
        if (start >= 0) out.ends[n - 1] = start + value.length
      } else {
        out.words.push(value)
        out.starts.push(start)
        out.ends.push(start >= 0 ? start + value.length : -1)
      }
      space = false
    }
  })
  return out
}

/** The line and column (from 1) of an offset of `source`. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 }
}

/**
 * `words(text).length` of a text given in pieces, as it grows: after each `add`, `count` is the
 * number of words of all the pieces so far (a word still growing counts once).
 */
export function wordCounter(): { add(piece: string): void; readonly count: number } {
  let count = 0
  let started = false
  let space = true
  return {
    add(piece: string) {
      for (const c of piece) {
        if (/\s/.test(c)) space = true
        else {
          // After spaces a word starts, unless the views tidy those spaces away (punctuation after a word).
          if (space && !(started && /[,.;:?!)\]”’]/.test(c))) count++
          space = false
          started = true
        }
      }
    },
    get count() {
      return count
    },
  }
}

/** 1 for the same text, towards 0 as the characters differ: 1 − distance / the longer length. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1
  const longer = Math.max(a.length, b.length)
  return 1 - distance(a, b) / longer
}

/**
 * The words of a text as a bag (each word → how many times), case and the punctuation around a
 * word aside: what cutting a paragraph in two or joining two leaves of their words (a full stop
 * added at the cut, a capital).
 */
export function wordBag(text: string): Map<string, number> {
  const bag = new Map<string, number>()
  for (const token of text.toLowerCase().split(/\s+/)) {
    const word = token.replace(/^\p{P}+|\p{P}+$/gu, '')
    if (word !== '') bag.set(word, (bag.get(word) ?? 0) + 1)
  }
  return bag
}

/** The bags of several texts as one. */
export function bagOfAll(bags: Iterable<Map<string, number>>): Map<string, number> {
  const all = new Map<string, number>()
  for (const bag of bags) for (const [word, n] of bag) all.set(word, (all.get(word) ?? 0) + n)
  return all
}

/** The share of bag `a`'s words (repeats counted) that are in bag `b`: 1 when every word of `a` is in `b` (or `a` has none). */
export function wordShare(a: Map<string, number>, b: Map<string, number>): number {
  let total = 0
  let found = 0
  for (const [word, n] of a) {
    total += n
    found += Math.min(n, b.get(word) ?? 0)
  }
  return total === 0 ? 1 : found / total
}

/** The fewest words to add and remove to turn `a` into `b`. */
export function edits(a: readonly string[], b: readonly string[]): number {
  let n = 0
  for (const part of diffArrays(a as string[], b as string[])) if (part.added || part.removed) n += part.count
  return n
}

/** Word diff of two texts: runs of words kept, removed and added (a removal before the addition beside it). */
export function wordDiff(a: string, b: string): WordDiff {
  return diffArrays(words(a), words(b)).map((part) => ({ op: part.added ? 'added' : part.removed ? 'removed' : 'same', text: part.value.join(' ') }))
}

/** A word diff that changes something. */
export const changes = (diff: WordDiff): boolean => diff.some((part) => part.op !== 'same')
