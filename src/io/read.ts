/**
 * Reading a draft: only a regular file, only up to a size limit. A FIFO would block the build
 * for ever (opening it waits for a writer), a device such as `/dev/zero` never ends, and a
 * draft of hundreds of megabytes is a mistake, not a resolution: each is refused with a message
 * saying what the path is. The file is opened without blocking and checked on the open file
 * itself, so that it cannot be swapped for a FIFO between a look and the read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs'

/** The largest draft read unless told otherwise: 50 MB, some thousand times the longest resolution. */
export const MAX_DRAFT_BYTES = 50 * 1024 * 1024

export type Read = { bytes: Buffer } | { problem: string; rule: 'draft-unreadable' | 'draft-too-large' }

/** What a file that is not a regular file is. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder'
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isSocket()) return 'a socket'
  return 'not a regular file'
}

const CAUSES: Record<string, string> = {
  ENOENT: 'it does not exist (removed, or a symbolic link that leads nowhere)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'a loop of symbolic links',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'its path is too long',
  EIO: 'an input/output error of the device',
}

/** A megabyte count for messages. */
export const megabytes = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`

/** The bytes of the regular file `file`, at most `limit` of them; or why they cannot be read. */
export function readRegularFile(file: string, limit = MAX_DRAFT_BYTES): Read {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    return { problem: `The draft cannot be read: ${CAUSES[code] ?? (error as Error).message}`, rule: 'draft-unreadable' }
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) return { problem: `The draft is ${kindOf(stats)}, not a file: oasgen reads drafts only from regular files`, rule: 'draft-unreadable' }
    const tooLarge = { problem: `The draft is larger than ${megabytes(limit)} (the limit; --max-draft-size sets it): is it really a draft?`, rule: 'draft-too-large' } as const
    if (stats.size > limit) return tooLarge
    // Read to the end, whatever the size said (a file may grow, /proc files say 0), never past the limit.
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stats.size - total + 1, 1 << 16), limit - total + 1))
      const read = readSync(fd, chunk, 0, chunk.length, null)
      if (read === 0) break
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read))
      total += read
      if (total > limit) return tooLarge
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    return { problem: `The draft cannot be read: ${CAUSES[code] ?? (error as Error).message}`, rule: 'draft-unreadable' }
  } finally {
    closeSync(fd)
  }
}

/** `50MB`, `512KB`, `1GB` or a number of megabytes, as bytes; undefined when it is none of these. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB)?\s*$/i.exec(text)
  if (!match) return undefined
  const unit = { KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[(match[2] ?? 'MB').toUpperCase() as 'KB' | 'MB' | 'GB']
  const bytes = Math.floor(Number(match[1]) * unit)
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined
}
