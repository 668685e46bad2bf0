/** Wording shared by messages: counts and "did you mean" suggestions. */
import { closest, distance } from 'fastest-levenshtein'

/** `1 file`, `2 files`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** The candidate within `near` edits of `word` (or equal to it but for case), if any. */
export function nearest(word: string, candidates: readonly string[], near: number): string | undefined {
  if (candidates.length === 0) return undefined
  const guess = closest(word, candidates as string[])
  return distance(word, guess) <= near || word.toUpperCase() === guess.toUpperCase() ? guess : undefined
}

/** `; did you mean \`symbol\`?` for a near candidate, else ''. */
export function suggestion(word: string, candidates: readonly string[], near: number): string {
  const guess = nearest(word, candidates, near)
  return guess === undefined ? '' : `; did you mean \`${guess}\`?`
}
