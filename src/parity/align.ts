/**
 * Pairs the items of one list in two language versions (paragraphs of a part, sub-paragraphs of
 * a paragraph, proposals of a paragraph). Lists of the same length pair by position, as the
 * issue asks. When one version has more, a diff of the items' signatures (what can be compared
 * without reading the words: proposals, footnotes, figures) says where the extra ones are, so
 * that one paragraph added is one message, not a drift of every paragraph after it.
 */
import { diffArrays } from 'diff'

/** Two items that stand for each other, or one that has no counterpart. */
export type Pair<T> = { a: T; b: T } | { a: T; b?: undefined } | { a?: undefined; b: T }

export function align<T>(a: readonly T[], b: readonly T[], signature: (item: T) => string): Array<Pair<T>> {
  if (a.length === b.length) return a.map((item, i) => ({ a: item, b: b[i]! }))
  const pairs: Array<Pair<T>> = []
  let i = 0
  let j = 0
  let removed: T[] = []
  let added: T[] = []
  // Within one changed stretch, the first items of each side stand for each other; the rest have none.
  const flush = () => {
    const n = Math.min(removed.length, added.length)
    for (let k = 0; k < n; k++) pairs.push({ a: removed[k]!, b: added[k]! })
    for (const item of removed.slice(n)) pairs.push({ a: item })
    for (const item of added.slice(n)) pairs.push({ b: item })
    removed = []
    added = []
  }
  for (const change of diffArrays(a.map(signature), b.map(signature))) {
    const count = change.count ?? change.value.length
    if (change.removed) removed.push(...a.slice(i, (i += count)))
    else if (change.added) added.push(...b.slice(j, (j += count)))
    else {
      flush()
      for (let k = 0; k < count; k++) pairs.push({ a: a[i++]!, b: b[j++]! })
    }
  }
  flush()
  return pairs
}
