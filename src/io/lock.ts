/**
 * The lock on an output folder: one build writes into a folder at a time; a second one waits
 * for the first to finish (saying so once), or stops when its signal is aborted.
 *
 * The lock is a file, `.oasgen-lock` in the folder, holding the process that owns it (pid, host
 * and the process's start time). It is created whole or not at all (written beside, then
 * hard-linked to its name, which fails when the name is taken). A lock whose owner is a process
 * of this host that no longer runs (killed with SIGKILL, or a machine restarted) is taken over
 * at once.
 *
 * Why not proper-lockfile: it judges a lock by its age alone (the owner refreshes the lock's
 * time every few seconds), so after a `kill -9` every next build must wait out the stale time,
 * and a render that holds the event loop longer than that (a very long draft) lets a second build
 * take the lock from a live one. The owner's process id answers both on one host, which is
 * where builds share a folder; a lock held from another host (a shared network folder) is waited
 * for, with a message saying whose it is and how to remove it if that build is gone.
 */
import { readFileSync } from 'node:fs'
import { link, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { asEnvironmentError } from './errors.js'
import { makeFolder } from './write.js'

export const LOCK = '.oasgen-lock'

/** Who holds a lock. */
export interface Holder {
  pid: number
  host: string
  /** The process's start time (Linux: clock ticks after boot), so that a reused pid is not taken for the owner. */
  start?: string
  /** When the lock was taken (ISO), for messages. */
  since: string
}

export interface LockOptions {
  signal?: AbortSignal
  /** Called once when the folder is locked by another build and this one starts to wait. */
  onWait?: (holder: Holder, lockFile: string) => void
  /** How long to wait between two looks at the lock (ms). */
  poll?: number
}

export interface FolderLock {
  /** Releases the lock; removes the folder again if this build created it and left it empty. */
  release(): Promise<void>
}

/** The start time of a process, from /proc (Linux); undefined elsewhere or when it is gone. */
function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count from the last `)`.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

/** Whether the holder runs: true, false, or undefined when it cannot be known (another host). */
export function isAlive(holder: Holder): boolean | undefined {
  if (holder.host !== hostname()) return undefined
  try {
    process.kill(holder.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false
  }
  // The pid runs; it is the owner unless the pid was reused by a process started later.
  const start = startOf(holder.pid)
  return holder.start === undefined || start === undefined || start === holder.start
}

function parseHolder(text: string): Holder | undefined {
  try {
    const holder = JSON.parse(text) as Partial<Holder>
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? (holder as Holder) : undefined
  } catch {
    return undefined
  }
}

let claims = 0

/**
 * Locks the folder `out` (made if missing) for this process. Resolves to undefined when the
 * signal aborts the wait. A fault of the file system (no permission, a file in the way) throws
 * an `EnvironmentError`.
 */
export async function lockFolder(out: string, options: LockOptions = {}): Promise<FolderLock | undefined> {
  const file = join(out, LOCK)
  const created = await makeFolder(out)
  const me: Holder = { pid: process.pid, host: hostname(), ...(startOf(process.pid) ? { start: startOf(process.pid) } : {}), since: new Date().toISOString() }
  const text = JSON.stringify(me) + '\n'
  let waited = false
  for (;;) {
    if (options.signal?.aborted) return undefined
    if (await claim(file, text)) break
    const seen = await readFile(file, 'utf8').catch(() => undefined)
    if (seen === undefined) continue // released meanwhile: claim again
    const holder = parseHolder(seen)
    // A holder that cannot be read was not written by oasgen's claim (always whole): treat as gone.
    if (!holder || isAlive(holder) === false) {
      await takeOver(file, seen)
      continue
    }
    if (!waited) {
      waited = true
      options.onWait?.(holder, file)
    }
    await sleep(options.poll ?? 200, undefined, { signal: options.signal }).catch(() => undefined)
  }
  return {
    async release() {
      const seen = await readFile(file, 'utf8').catch(() => undefined)
      if (seen === text) await rm(file, { force: true })
      if (created) await removeIfEmpty(out, created)
    },
  }
}

/** Creates the lock file holding `text`, whole, unless it exists. */
async function claim(file: string, text: string): Promise<boolean> {
  const claimFile = `${file}.${process.pid}-${++claims}.claim`
  try {
    await writeFile(claimFile, text, { flag: 'wx' })
    await link(claimFile, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw asEnvironmentError(error, file) ?? error
  } finally {
    await rm(claimFile, { force: true })
  }
}

/**
 * Removes a lock whose owner is gone, when it is still the one read (`seen`): renamed aside
 * first, so that of two builds taking it over at once only one removes it; put back if a live
 * build had locked the folder again in between.
 */
async function takeOver(file: string, seen: string): Promise<void> {
  const aside = `${file}.${process.pid}-${++claims}.stale`
  try {
    await rename(file, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw asEnvironmentError(error, file) ?? error
  }
  const taken = await readFile(aside, 'utf8').catch(() => undefined)
  if (taken !== seen) await link(aside, file).catch(() => undefined)
  await rm(aside, { force: true })
}

/** Removes the folders from `out` up to `created` (the first one this build made) while they are empty. */
async function removeIfEmpty(out: string, created: string): Promise<void> {
  for (let dir = out; ; dir = dirname(dir)) {
    try {
      await rmdir(dir)
    } catch {
      return
    }
    if (dir === created || dirname(dir) === dir) return
  }
}

/** Removes what killed builds left of claims on the lock (`.claim`, `.stale` files of processes that are gone). */
export async function removeDeadClaims(out: string): Promise<void> {
  const entries = await readdir(out).catch(() => [])
  for (const name of entries) {
    const match = /^\.oasgen-lock\.(\d+)-\d+\.(?:claim|stale)$/.exec(name)
    if (!match || Number(match[1]) === process.pid) continue
    if (isAlive({ pid: Number(match[1]), host: hostname(), since: '' }) === false) await rm(join(out, name), { force: true })
  }
}

/** How long ago an ISO time was, for a message (`3 s`, `2 min`). */
export function ago(since: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(since)) / 1000))
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`
}
