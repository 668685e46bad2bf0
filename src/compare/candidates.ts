/**
 * Which items of two lists are worth comparing, without comparing each with every other: what
 * keeps compare linear on long drafts (two revisions of 1,000 paragraphs and 2,000 proposals).
 *
 * Each item is compared with every item of the other list when that list has at most
 * `EXHAUSTIVE` items (so a short draft is compared exhaustively). Otherwise with the `BUDGET`
 * items that share the most of its rare character trigrams (each counting the more, the fewer items
 * hold it; a trigram in more than `RARE` items of the other list says nothing), and with the `NEAREST` items nearest to it in the document.
 * Both lists are searched both ways, so the pairs do not depend on which list is old: compare
 * stays symmetric.
 *
 * Two texts alike enough to be one text edited (a similarity of 0.5 or more) share trigrams,
 * among them ones rare in the draft: the words their edit left alone.
 */

/** An item to pair: its text, and where it is in its document (0 at the start, 1 at the end). */
export interface Candidate {
  text: string
  at: number
}

/** Up to this many items on the other side, an item is compared with each of them. */
export const EXHAUSTIVE = 32
/** Beyond, with this many of them by shared rare trigrams (plus `NEAREST`). */
export const BUDGET = 12
/** A trigram in more items than this on the other side is common: it does not count. */
export const RARE = 64
/** The items nearest in the document that are compared whatever their text. */
export const NEAREST = 6

/** Pairs [left index, right index] worth comparing, each once, sorted. */
export function candidatePairs(left: readonly Candidate[], right: readonly Candidate[]): Array<[number, number]> {
  const seen = new Set<number>()
  const out: Array<[number, number]> = []
  const add = (i: number, j: number) => {
    const key = i * right.length + j
    if (seen.has(key)) return
    seen.add(key)
    out.push([i, j])
  }
  for (const [i, js] of oneWay(left, right)) for (const j of js) add(i, j)
  for (const [j, is] of oneWay(right, left)) for (const i of is) add(i, j)
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1])
}

/** For each item of `from`, the items of `to` worth comparing it with. */
function* oneWay(from: readonly Candidate[], to: readonly Candidate[]): Generator<[number, number[]]> {
  if (to.length <= EXHAUSTIVE) {
    const all = to.map((_, j) => j)
    for (let i = 0; i < from.length; i++) yield [i, all]
    return
  }
  const postings = new Map<string, number[]>()
  to.forEach((item, j) => {
    for (const gram of trigrams(item.text)) {
      const list = postings.get(gram)
      if (list) list.push(j)
      else postings.set(gram, [j])
    }
  })
  const byPlace = to.map((item, j) => ({ at: item.at, j })).sort((a, b) => a.at - b.at || a.j - b.j)
  for (let i = 0; i < from.length; i++) {
    // Each trigram shared counts the rarer it is (1 / the items holding it).
    const shared = new Map<number, number>()
    for (const gram of trigrams(from[i]!.text)) {
      const list = postings.get(gram)
      if (list !== undefined && list.length <= RARE) for (const j of list) shared.set(j, (shared.get(j) ?? 0) + 1 / list.length)
    }
    const best = [...shared].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, BUDGET).map(([j]) => j)
    yield [i, [...new Set([...best, ...nearest(byPlace, from[i]!.at)])]]
  }
}

/** The `NEAREST` items (indices) whose place is nearest `at`, from a list sorted by place. */
function nearest(byPlace: ReadonlyArray<{ at: number; j: number }>, at: number): number[] {
  let lo = 0
  let hi = byPlace.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (byPlace[mid]!.at < at) lo = mid + 1
    else hi = mid
  }
  let a = lo - 1
  let b = lo
  const out: number[] = []
  while (out.length < NEAREST && (a >= 0 || b < byPlace.length)) {
    const before = a >= 0 ? at - byPlace[a]!.at : Infinity
    const after = b < byPlace.length ? byPlace[b]!.at - at : Infinity
    out.push(before <= after ? byPlace[a--]!.j : byPlace[b++]!.j)
  }
  return out
}

/** The distinct trigrams of a text, case and runs of spaces aside. */
function trigrams(text: string): Set<string> {
  const t = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `
  const grams = new Set<string>()
  for (let k = 0; k + 3 <= t.length; k++) grams.add(t.slice(k, k + 3))
  return grams
}
