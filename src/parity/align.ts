/**
 * Pairs the items of one list in two language versions (paragraphs of a part, sub-paragraphs of
 * a paragraph, proposals of a paragraph). Lists of the same length pair by position, as the
 * issue asks. When one version has more, the items' keys (what can be compared without reading
 * the words: proposals, footnotes, figures) say where the extra ones are, so that one paragraph
 * added is one message, not a drift of every paragraph after it.
 *
 * An item has keys from the coarsest to the finest (a proposal: its delegations, kind and state;
 * then the same of those nested in it). Items pair only when their coarsest keys agree; of the
 * pairings with the most pairs, the one whose pairs agree on the most finer keys is taken, so
 * that `[COL: a [b]] [COL: c]` against `[COL: a] [b] [COL: c]` pairs the first COL proposal with
 * the first and the second with the second (the bracket moved out), not the second with the
 * first (a longest common subsequence of the coarse keys alone cannot tell them apart, and one
 * of the fine keys alone misses the first pair). A weighted longest common subsequence: jsdiff
 * has no weights.
 */

/** Two items that stand for each other, or one that has no counterpart. */
export type Pair<T> = { a: T; b: T } | { a: T; b?: undefined } | { a?: undefined; b: T }

export function align<T>(a: readonly T[], b: readonly T[], keys: (item: T) => string | readonly string[]): Array<Pair<T>> {
  if (a.length === b.length) return a.map((item, i) => ({ a: item, b: b[i]! }))
  const list = (item: T) => {
    const k = keys(item)
    return typeof k === 'string' ? [k] : k
  }
  const [x, y] = [a.map(list), b.map(list)]
  const [n, m] = [a.length, b.length]
  const levels = Math.max(1, ...x.map((k) => k.length), ...y.map((k) => k.length))
  // A pair is worth more than any number of finer keys agreeing, so the most pairs come first.
  const unit = levels * (Math.min(n, m) + 1)
  /** What pairing x[i] with y[j] is worth: -1 when their coarsest keys differ. */
  const worth = (i: number, j: number): number => {
    const [p, q] = [x[i]!, y[j]!]
    if (p[0] !== q[0]) return -1
    let fine = 0
    while (fine + 1 < p.length && p[fine + 1] === q[fine + 1]) fine++
    return unit + fine
  }
  // best[i * (m + 1) + j]: the worth of the best pairing of a[i..] and b[j..].
  const best = new Float64Array((n + 1) * (m + 1))
  const at = (i: number, j: number) => best[i * (m + 1) + j]!
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const w = worth(i, j)
      best[i * (m + 1) + j] = Math.max(at(i + 1, j), at(i, j + 1), w < 0 ? -1 : w + at(i + 1, j + 1))
    }
  }

  const pairs: Array<Pair<T>> = []
  let removed: T[] = []
  let added: T[] = []
  // Within one stretch with no pair, the first items of each side stand for each other; the rest have none.
  const flush = () => {
    const count = Math.min(removed.length, added.length)
    for (let k = 0; k < count; k++) pairs.push({ a: removed[k]!, b: added[k]! })
    for (const item of removed.slice(count)) pairs.push({ a: item })
    for (const item of added.slice(count)) pairs.push({ b: item })
    removed = []
    added = []
  }
  let [i, j] = [0, 0]
  while (i < n || j < m) {
    const w = i < n && j < m ? worth(i, j) : -1
    if (w >= 0 && at(i, j) === w + at(i + 1, j + 1)) {
      flush()
      pairs.push({ a: a[i++]!, b: b[j++]! })
    } else if (i < n && (j === m || at(i, j) === at(i + 1, j))) removed.push(a[i++]!)
    else added.push(b[j++]!)
  }
  flush()
  return pairs
}
