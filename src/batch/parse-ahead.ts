/**
 * Drafts read and parsed ahead, on a second thread, while this thread renders: reading a draft
 * is about two fifths of what building its PDF costs this thread, and the second core is
 * otherwise mostly idle in a batch too small for the build pool (src/batch/run.ts, `POOL_FROM`).
 *
 * Both threads take drafts from one shared counter, in order: this thread takes a draft parsed
 * by the other when one is waiting, and otherwise claims the next one and parses it itself (at
 * first, while the other thread loads; and all of them, should it fail). So a draft is parsed
 * once, by whichever thread gets to it first, and the batch is never slower for waiting on the
 * other thread. The parsed draft crosses as data (src/draft/transfer.ts) and is the same parsed
 * draft on arrival: every output is byte-identical, and so is every message.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Worker as WorkerType } from 'node:worker_threads'
import type { DraftSource, readDraft } from '../build.js'
import type { ParsedDraft } from '../draft/parse.js'
import { fromData, type DraftData } from '../draft/transfer.js'
import { PACKAGE_ROOT } from '../paths.js'

/** What the reading thread is given. */
export interface AheadData {
  sources: DraftSource[]
  options: { templates: string; strict: boolean; clean: boolean; maxDraftBytes?: number }
  /**
   * `[CLAIMED]`: the next draft not yet claimed by either thread; `[GIVEN]`: how many drafts this
   * thread has given out to build. The other thread stays at most `AHEAD` drafts ahead of the
   * second, so that parsed drafts (large ones can be megabytes of tree) do not pile up.
   */
  claims: Int32Array
  /** Run at the lowest priority. */
  low: boolean
}

export const CLAIMED = 0
export const GIVEN = 1
/** How many drafts the other thread may have parsed that this one has not yet given out. */
export const AHEAD = 4

/**
 * A draft from the reading thread: read and parsed (`read` left out when it is the parsed text);
 * only read (a long draft, to parse where it is built); or only its index, when reading failed.
 */
export type AheadMessage = { index: number; read?: Read; draft?: DraftData }

type Read = ReturnType<typeof readDraft>

/** A draft read (and, but for a long one, parsed) by the other thread, as `buildDraft` takes it. */
export interface Parsed {
  read: Read
  draft?: ParsedDraft
}

export interface Ahead {
  /**
   * The next draft to build: with its parsed draft when the other thread has one ready, else
   * for this thread to read itself; undefined once every draft is given out.
   */
  next(): Promise<{ index: number; parsed?: Parsed } | undefined>
  /** Stops the other thread (a batch that stops early, or has ended). */
  close(): Promise<void>
  /** How many drafts given out so far the other thread had parsed. */
  readonly parsedThere: number
  /** How many drafts the other thread has parsed that are waiting to be given out. */
  readonly waiting: number
}

const WORKER = join(PACKAGE_ROOT, 'dist', 'batch', 'parse-ahead-worker.js')

/** How `parseAhead` shares the drafts (tests send every draft across). */
export interface AheadMode {
  /** This thread claims drafts to parse itself (false: only what the other thread could not send). Default true. */
  here?: boolean
  /** The other thread runs at the lowest priority. Default true. */
  low?: boolean
}

/** Drafts longer than this (characters) are left to the build's thread: a parsed draft waits in memory. */
export const AHEAD_MAX_CHARS = 1_000_000

/**
 * Starts reading `sources` ahead on a second thread; undefined where oasgen runs without its
 * compiled files (dist/), which the thread loads.
 */
export async function parseAhead(
  sources: DraftSource[],
  options: AheadData['options'],
  layouts: () => readonly string[],
  { here = true, low = true }: AheadMode = {},
): Promise<Ahead | undefined> {
  if (!existsSync(WORKER)) return undefined
  const { Worker } = await import('node:worker_threads')
  const claims = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT))
  const data: AheadData = { sources, options, claims, low }
  let worker: WorkerType | undefined = new Worker(WORKER, { workerData: data, stdout: false, stderr: false })
  const count = sources.length
  const arrived: AheadMessage[] = []
  // Drafts given out: by this thread's claims, and as they arrive from the other.
  const given = new Set<number>()
  let waiters: Array<() => void> = []
  let gone = false
  let parsedThere = 0
  const wake = () => {
    const woken = waiters
    waiters = []
    for (const resolve of woken) resolve()
  }
  worker.on('message', (message: AheadMessage) => {
    arrived.push(message)
    wake()
  })
  // A draft whose message could not be read here is taken back as one the other thread is slow with.
  worker.on('messageerror', () => wake())
  // An error of the thread itself (its loading failed): this thread does what it had claimed.
  worker.on('error', (error) => {
    if (process.env.OASGEN_DEBUG) process.stderr.write(`oasgen: the thread that parses ahead failed, its drafts are parsed in the build's thread: ${error.stack ?? error.message}\n`)
  })
  worker.on('exit', () => {
    gone = true
    worker = undefined
    wake()
  })

  const give = (index: number) => {
    given.add(index)
    Atomics.store(claims, GIVEN, given.size)
    Atomics.notify(claims, GIVEN)
  }
  /** The first draft claimed by neither thread's delivery yet: what this thread takes back. */
  const notGiven = (): number | undefined => {
    for (let index = 0; index < count; index++) if (!given.has(index)) return index
    return undefined
  }
  const next = async (): Promise<{ index: number; parsed?: Parsed } | undefined> => {
    let turned = false
    for (;;) {
      const message = arrived.shift()
      // A draft the other thread sent after this one took it back.
      if (message && given.has(message.index)) continue
      if (message) {
        give(message.index)
        const { index, draft } = message
        const read = message.read ?? (draft && { text: draft.value })
        if (!read) return { index }
        if (!draft) return { index, parsed: { read } }
        parsedThere++
        return { index, parsed: { read, draft: fromData(draft, layouts()) } }
      }
      const claimed = here ? Atomics.add(claims, CLAIMED, 1) : count
      if (claimed < count) {
        give(claimed)
        return { index: claimed }
      }
      if (given.size >= count) return undefined
      if (gone || (here && turned)) {
        // What the other thread claimed and has not sent: gone, or slow (it runs at the lowest
        // priority, and a busy machine may give it no time at all). Its copy, should it come,
        // is dropped. So this thread never waits for the other.
        const index = notGiven()
        if (index === undefined) return undefined
        give(index)
        return { index }
      }
      if (here) {
        // Once: a draft the other thread has sent is received before this one parses it again.
        turned = true
        await new Promise<void>((resolve) => setImmediate(resolve))
        continue
      }
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }

  return {
    next,
    get parsedThere() {
      return parsedThere
    },
    get waiting() {
      return arrived.length
    },
    async close() {
      // No draft is claimed after this: the other thread stops at its next claim.
      Atomics.store(claims, CLAIMED, count)
      Atomics.store(claims, GIVEN, count)
      Atomics.notify(claims, GIVEN)
      await worker?.terminate()
    },
  }
}
