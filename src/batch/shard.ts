/** `--shard K/N`: the K-th of N deterministic parts of the drafts, for a CI matrix. */
import { UsageError } from '../build.js'
import { byPath } from '../paths.js'

export interface Shard {
  index: number // 1-based
  count: number
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard takes K/N with 1 ≤ K ≤ N (e.g. 2/4), not \`${text}\``)
  }
  return { index, count }
}

/**
 * The drafts of shard K of N: every N-th draft of the sorted list, starting at the K-th. The
 * list is sorted by path first, so every job of a matrix agrees on it whatever the file system's
 * order, and the shards are even in count.
 */
export function selectShard<T extends { path: string }>(items: T[], shard: Shard | undefined): T[] {
  if (!shard) return items
  return [...items].sort(byPath).filter((_, i) => i % shard.count === shard.index - 1)
}
