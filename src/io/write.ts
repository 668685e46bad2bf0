/**
 * Writing a file so that its final name holds either its old bytes or all its new bytes, never
 * part of them: the bytes go to a temporary file beside it, every write's count is checked, the
 * file is flushed to the device (fsync), and only then renamed over the final name. A full disk
 * (ENOSPC), which the kernel may report on any write or only on the flush, leaves the final
 * name untouched and no temporary file behind.
 *
 * write-file-atomic, used before, issues one write and does not check how many bytes it wrote:
 * on a full disk it renamed a truncated DOCX into place.
 *
 * A temporary file is named `.<name>.<pid>-<thread>-<n>.oasgen-tmp`; a build killed with
 * SIGKILL may leave some, and the next build into the folder removes them (it holds the
 * folder's lock, so no other build is writing them).
 */
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { EnvironmentError, asEnvironmentError } from './errors.js'

const TEMPORARY = /^\..+\.\d+-\d+-\d+\.oasgen-tmp$/
let counter = 0

/** The temporary file a write of `target` goes through. */
export function temporaryOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${threadId}-${++counter}.oasgen-tmp`)
}

/** True for the name of a temporary file of a write (of any build). */
export const isTemporary = (name: string): boolean => TEMPORARY.test(name)

/**
 * The system calls a write makes, for tests that inject faults (a short write, a failed flush);
 * a build uses the real ones.
 */
export interface WriteCalls {
  open: typeof open
  rename: typeof rename
}
const REAL: WriteCalls = { open, rename }

/**
 * Writes `data` to `target` whole or not at all (see above). Throws an `EnvironmentError` naming
 * `target` for a fault of the file system (full disk, permissions, a folder in the way).
 */
export async function writeWhole(target: string, data: Uint8Array, calls: WriteCalls = REAL): Promise<void> {
  await writeAllWhole([{ file: target, data }], calls)
}

/**
 * Writes several files, each whole or not at all, and all of them or none unless the process
 * dies between two renames: every file is written and flushed first (at once: the device
 * flushes them together), and renamed into place only when all are.
 */
export async function writeAllWhole(files: ReadonlyArray<{ file: string; data: Uint8Array }>, calls: WriteCalls = REAL): Promise<void> {
  const temporaries = files.map(({ file }) => temporaryOf(file))
  const removeAll = () => Promise.all(temporaries.map((t) => rm(t, { force: true }).catch(() => {})))
  const written = await Promise.allSettled(files.map(({ data }, i) => writeTemporary(temporaries[i]!, data, calls)))
  const failed = written.findIndex((result) => result.status === 'rejected')
  if (failed >= 0) {
    await removeAll()
    const error = (written[failed] as PromiseRejectedResult).reason
    throw (await placed(error, files[failed]!.file)) ?? error
  }
  for (const [i, { file }] of files.entries()) {
    try {
      await calls.rename(temporaries[i]!, file)
    } catch (error) {
      await removeAll()
      throw (await placed(error, file)) ?? error
    }
  }
}

/** Writes every byte of `data` to the new file `temporary` and flushes it to the device. */
async function writeTemporary(temporary: string, data: Uint8Array, calls: WriteCalls): Promise<void> {
  const handle = await calls.open(temporary, 'wx')
  try {
    for (let offset = 0; offset < data.byteLength; ) {
      const { bytesWritten } = await handle.write(data, offset, data.byteLength - offset)
      // A write that makes no progress and says no error would loop for ever: say it.
      if (!(bytesWritten > 0)) throw Object.assign(new Error(`wrote ${offset} of ${data.byteLength} bytes`), { code: 'EIO' })
      offset += bytesWritten
    }
    // Delayed allocation: a full disk may only show here.
    await handle.datasync()
  } finally {
    await handle.close()
  }
}

/**
 * Makes the folder `dir` (and those above it); returns the first folder it made, if any. A file
 * standing where a folder must be is named in the error: the first part of the path that is not
 * a folder.
 */
export async function makeFolder(dir: string): Promise<string | undefined> {
  try {
    return await mkdir(dir, { recursive: true })
  } catch (error) {
    throw (await placed(error, dir)) ?? error
  }
}

/** The environment error for `error` about `path`, naming the file in the way when a path part is not a folder. */
async function placed(error: unknown, path: string): Promise<EnvironmentError | undefined> {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    for (let dir = dirname(path), at = path; dir !== at; at = dir, dir = dirname(dir)) {
      const stats = await lstat(dir).catch(() => undefined)
      if (stats && !stats.isDirectory()) return asEnvironmentError(error, dir)
    }
    const stats = await lstat(path).catch(() => undefined)
    if (stats?.isDirectory() === false) return asEnvironmentError(error, path)
  }
  return asEnvironmentError(error, path)
}

/** Removes the temporary files that earlier builds left below `dir` (killed mid-write). Returns how many. */
export async function removeTemporaries(dir: string): Promise<number> {
  let removed = 0
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    const path = join(dir, entry.name)
    // Outputs are never written in hidden folders nor node_modules (drafts are never found there).
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') removed += await removeTemporaries(path)
    else if (entry.isFile() && isTemporary(entry.name)) {
      await rm(path, { force: true })
      removed++
    }
  }
  return removed
}
