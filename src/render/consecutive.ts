/** Items in order, cut wherever `key` changes: each stretch with the key its items share. */
export function consecutive<T, K>(items: readonly T[], key: (item: T) => K): Array<{ key: K; items: T[] }> {
  const out: Array<{ key: K; items: T[] }> = []
  for (const item of items) {
    const k = key(item)
    const last = out[out.length - 1]
    if (last !== undefined && last.key === k) last.items.push(item)
    else out.push({ key: k, items: [item] })
  }
  return out
}
