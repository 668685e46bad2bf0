/**
 * A batch build: the drafts of a shard, built in parallel on worker threads (piscina), each
 * draft's failure its own, the manifest kept true, and stale outputs removed at the end.
 * One build at a time writes into an output folder (its lock); a build starts by removing what
 * killed builds left there (temporary files) and by making the manifest true again (its journal).
 * Stops cleanly when its signal aborts (Ctrl-C): drafts under way finish, the rest are not
 * started, and the manifest lists exactly what was written.
 */
import { availableParallelism } from 'node:os'
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { buildDraft, forgetTemplates, templatesAt, type BuildOptions, type DraftReport, type DraftSource, type Output } from '../build.js'
import { ago, lockFolder, removeDeadClaims } from '../io/lock.js'
import { removeTemporaries } from '../io/write.js'
import { PACKAGE_ROOT } from '../paths.js'
import { plural } from '../words.js'
import { byInput, closeJournal, journal, MANIFEST, previousFor, readManifest, replayJournal, writeManifest } from './manifest.js'
import { parseAhead, type Parsed } from './parse-ahead.js'
import { fromStop, stopsBuild } from './stop.js'
import type { Task, TaskResult } from './worker.js'

export interface BatchOptions extends BuildOptions {
  /**
   * Drafts built at once: this thread and `jobs - 1` worker threads; 1 builds one draft at a
   * time in this thread. Default: the machine's cores once the batch is large enough to repay
   * starting the workers (`POOL_FROM` drafts), and until then this thread in two lanes (one
   * draft's files are written while the next renders), four when a second thread parses ahead.
   */
  jobs?: number
  signal?: AbortSignal
  /** Called as each draft finishes, in the order they finish. */
  onDraft?: (report: DraftReport) => void
  /** Told what the build did to the folder beyond the drafts (a lock waited for, leftovers removed, manifest entries ignored). */
  onNotice?: (message: string) => void
  /** Inputs (as the manifest lists them) of drafts that were deleted: their outputs are removed. */
  gone?: string[]
  /** Keep the templates as read by the last build in this thread (--watch, when only drafts changed). */
  keepTemplates?: boolean
  /**
   * Read and parse drafts ahead on a second thread while this one renders (src/batch/parse-ahead.ts),
   * when `jobs` is left to oasgen, the batch is too small for the pool and the machine has a
   * second core. Default true; false parses every draft in this thread; 'only' sends every
   * draft the second thread can parse across, however small the batch (for tests).
   */
  parseAhead?: boolean | 'only'
}

export interface BatchResult {
  /** One report per draft, in the order of `sources`. */
  reports: DraftReport[]
  /** True when the signal stopped the batch before every draft was built. */
  interrupted: boolean
  /** Outputs of earlier builds that this build no longer produces, removed. */
  removed: string[]
  /** Drafts that a second thread read and parsed ahead (see `parseAhead`). */
  parsedAhead: number
}

/**
 * A worker thread costs about 0.7 s of loading and warming before its first draft, and a draft
 * about 25 ms: below this many drafts, this thread alone is as fast (measured on 2 cores).
 */
export const POOL_FROM = 64

/**
 * Drafts handed to a worker at once. A worker's next draft must wait in its queue, not in this
 * thread: this thread renders too, and while it does, it cannot answer a worker that finished.
 */
const WORKER_LANES = 2

/**
 * Drafts from which a batch without the pool reads ahead on a second thread: the thread costs
 * about 0.1 s of the second core to load, and at first parses more slowly than this one.
 */
const AHEAD_FROM = 8

/** How often the manifest is saved while a batch runs, so that a killed build leaves a recent one. */
const SAVE_EVERY_MS = 2000

export async function runBatch(sources: DraftSource[], options: BatchOptions): Promise<BatchResult> {
  const { signal, onNotice } = options
  const out = options.out
  const lock = await lockFolder(out, {
    ...(signal ? { signal } : {}),
    onWait: (holder, file) =>
      onNotice?.(
        `waiting for another build to finish with ${out} (process ${holder.pid} on ${holder.host}, for ${ago(holder.since)}); if no build is running, delete ${file}`,
      ),
  })
  if (!lock) return { reports: [], interrupted: true, removed: [], parsedAhead: 0 }
  try {
    return await runLocked(sources, options)
  } finally {
    await lock.release()
  }
}

async function runLocked(sources: DraftSource[], options: BatchOptions): Promise<BatchResult> {
  const { jobs: requested, signal, onDraft, onNotice, gone = [], keepTemplates, parseAhead: aheadAllowed, ...build } = options
  if (!keepTemplates) forgetTemplates() // a build sees the templates as they are now (--watch builds again in this thread)
  // What killed builds left: their temporary files, their claims on the lock, their journal.
  await removeDeadClaims(build.out)
  const leftovers = await removeTemporaries(build.out)
  if (leftovers > 0) onNotice?.(`removed ${plural(leftovers, 'temporary file')} that an interrupted build left in ${build.out}`)
  const { entries: manifest, outside } = readManifest(build.out)
  if (outside.length > 0) {
    onNotice?.(`${join(build.out, MANIFEST)} lists ${plural(outside.length, 'path')} outside the output folder, ignored (never removed nor written): ${outside.slice(0, 3).join(', ')}${outside.length > 3 ? ' …' : ''}`)
  }
  if (replayJournal(build.out, manifest)) {
    await writeManifest(build.out, manifest.values())
    await closeJournal(build.out)
  }
  const earlier = byInput(manifest)
  const jobs = Math.max(1, Math.min(requested ?? (sources.length >= POOL_FROM ? availableParallelism() : 1), sources.length))
  // By path: a report from a worker carries a copy of its source.
  const reports = new Map<string, DraftReport>()
  let lastSave = Date.now()

  const record = async (report: DraftReport) => {
    reports.set(report.source.path, report)
    for (const output of [...report.written, ...report.fresh]) manifest.set(output.path, output)
    onDraft?.(report)
    if (report.written.length > 0 && Date.now() - lastSave > SAVE_EVERY_MS) {
      lastSave = Date.now()
      await writeManifest(build.out, manifest.values())
    }
  }
  const task = (source: DraftSource): Task => ({ source, options: build, previous: previousFor(earlier, source.path) })

  // This thread takes drafts in two lanes, so that one draft's files are written while the
  // next is rendered; worker threads take the others. A worker costs the loading and warming
  // of every module again (about 0.7 s before its first draft), this thread has them already.
  const { Piscina } = jobs > 1 ? await import('piscina') : { Piscina: undefined }
  const pool = Piscina ? new Piscina<Task, TaskResult>(workerOptions(jobs - 1)) : undefined
  // A draft is handed out only when a lane is free, so that a stop (the signal) lets the drafts
  // under way finish writing and starts no other.
  const queue = [...sources]
  // Without the pool, and with a core to spare, drafts are read and parsed ahead on a second
  // thread (src/batch/parse-ahead.ts) once there are enough to repay starting it.
  const ahead =
    !pool && (aheadAllowed === 'only' || (aheadAllowed !== false && !keepTemplates && requested === undefined && sources.length >= AHEAD_FROM && availableParallelism() > 1))
      ? await parseAhead(
          sources,
          { templates: build.templates, strict: build.strict, clean: build.views.includes('clean'), ...(build.maxDraftBytes !== undefined ? { maxDraftBytes: build.maxDraftBytes } : {}) },
          () => templatesAt(build.templates).layouts(),
          aheadAllowed === 'only' ? { here: false, low: false } : {},
        )
      : undefined
  const take = async (): Promise<{ source: DraftSource; parsed?: Parsed } | undefined> => {
    if (!ahead) {
      const source = queue.shift()
      return source && { source }
    }
    const next = await ahead.next()
    return next && { source: sources[next.index]!, ...(next.parsed ? { parsed: next.parsed } : {}) }
  }
  // A stop ends the other thread at once: no lane then waits for it.
  const stopAhead = () => void ahead?.close()
  if (ahead) signal?.addEventListener('abort', stopAhead, { once: true })
  let failure: unknown
  const lane = async (inThread: boolean) => {
    while (!signal?.aborted && failure === undefined) {
      const taken = await take()
      if (!taken || signal?.aborted || failure !== undefined) break
      const { source: next, parsed } = taken
      const work = inThread || !pool ? () => buildDraft(next, build, task(next).previous, parsed) : () => fromWorker(pool.run(task(next)))
      try {
        const report = await buildSafely(next, work)
        if (report) await record(report)
      } catch (error) {
        // A broken templates folder, a full disk: no lane starts another draft; the error ends the build.
        failure ??= error
        queue.length = 0
        await ahead?.close()
      }
    }
  }
  // Two lanes in this thread when the user left --jobs to oasgen, four when drafts come parsed
  // from the other thread (each then holds this thread for less time than its files take to be
  // written: 60 PDFs 1.01 -> 0.98 s, median of 5); --jobs 1 is one draft at a time.
  const ownLanes = requested === 1 ? 1 : ahead ? 4 : 2
  try {
    await Promise.allSettled([...Array.from({ length: ownLanes }, () => lane(true)), ...Array.from({ length: (jobs - 1) * WORKER_LANES }, () => lane(false))])
  } finally {
    signal?.removeEventListener('abort', stopAhead)
    await Promise.all([pool?.destroy(), ahead?.close()])
  }
  if (failure !== undefined) {
    // What was written before the error is listed, so the folder's manifest stays true; should
    // that fail too (the disk is full), the journal says it to the next build.
    if (manifest.size > 0) {
      const saved = await writeManifest(build.out, manifest.values()).then(() => true, () => false)
      if (saved) await closeJournal(build.out)
    }
    throw failure
  }

  const interrupted = reports.size < sources.length
  const removed = interrupted ? [] : await removeStale(build, manifest, earlier, [...reports.values()], gone)
  // A build that wrote nothing into a folder without a manifest leaves no trace.
  if (manifest.size > 0 || existsSync(join(build.out, MANIFEST))) await writeManifest(build.out, manifest.values())
  await closeJournal(build.out)
  return { reports: sources.flatMap((s) => reports.get(s.path) ?? []), interrupted, removed, parsedAhead: ahead?.parsedThere ?? 0 }
}

/** A worker's answer, with what stops the build thrown again as the error it is. */
async function fromWorker(result: Promise<TaskResult>): Promise<DraftReport> {
  const answer = await result
  if ('stop' in answer) throw fromStop(answer.stop)
  return answer
}

/** A draft's build; a bug of ours on one draft is that draft's error, not the batch's. */
async function buildSafely(source: DraftSource, build: () => Promise<DraftReport>): Promise<DraftReport | undefined> {
  try {
    return await build()
  } catch (error) {
    if (stopsBuild(error)) throw error
    const message = (error as Error).message ?? String(error)
    if (process.env.OASGEN_DEBUG) process.stderr.write(`${(error as Error).stack ?? message}\n`)
    return {
      source,
      messages: [{ severity: 'error', reason: `oasgen failed on this draft: ${message} (please report this; OASGEN_DEBUG=1 shows details)`, ruleId: 'internal-error' }],
      written: [],
      fresh: [],
      failed: true,
    }
  }
}

/**
 * Outputs the manifest lists for a draft that built, in a format this build asked for, that
 * this build did not produce (a delegation whose proposals are gone), and every output of a
 * draft that was deleted: files and entries removed.
 */
async function removeStale(build: BuildOptions, manifest: Map<string, Output>, earlier: Map<string, Output[]>, reports: DraftReport[], gone: string[]): Promise<string[]> {
  // Every output of a draft that was deleted.
  const stale: string[] = gone.flatMap((input) => (earlier.get(input) ?? []).map((o) => o.path))
  for (const report of reports) {
    if (report.failed) continue
    const input = report.source.path
    const produced = new Set([...report.written, ...report.fresh].map((o) => o.path))
    for (const output of earlier.get(input) ?? []) {
      if (produced.has(output.path) || !build.formats.includes(output.format)) continue
      if (!build.views.includes(output.view as BuildOptions['views'][number])) continue
      // Named delegations: the build says nothing of the others' documents.
      if (output.view === 'delegation' && build.delegations.length > 0 && !build.delegations.includes(output.delegation ?? '')) continue
      stale.push(output.path)
    }
  }
  if (stale.length === 0) return []
  await journal(build.out, { drop: stale })
  for (const path of stale) {
    manifest.delete(path)
    // Read from the manifest, and only paths inside the folder are (readManifest).
    await rm(join(build.out, path), { force: true })
  }
  return stale.sort()
}

/**
 * Worker threads run the compiled worker (`dist/batch/worker.js`, through `worker.cjs`, which
 * imports it: piscina would require() it, which races on Node 20; see scripts/bundle.mjs), also
 * when this module runs from its TypeScript source (tests, tsx): module loaders do not reach
 * worker threads on Node 20, and the tests compile dist/ before they run.
 */
function workerOptions(jobs: number) {
  const filename = join(PACKAGE_ROOT, 'dist', 'batch', 'worker.cjs')
  return { filename, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000, concurrentTasksPerWorker: WORKER_LANES }
}
