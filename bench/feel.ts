/**
 * The speed a person feels (issue 16): one draft built cold into every view, `oasgen check` of
 * one draft, and `--watch` answering a save. Each is timed end to end through the real CLI, in
 * rounds that interleave the commands (so that a burst of load elsewhere hits them alike), and,
 * with `instructions`, counted in instructions under callgrind, which load cannot move.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BenchError, instructions, median, mustSucceed, oasgen, run, type RunResult } from './measure.js'

export interface FeelSettings {
  /** bin/oasgen.js of the oasgen measured. */
  bin: string
  /** A folder of its own for outputs and temporary files. */
  tmp: string
  /** Rounds of the interleaved runs. */
  rounds: number
  progress: (message: string) => void
}

/** Wall and CPU times of repeated runs of one command. */
export interface Timings {
  runsMs: number[]
  minMs: number
  medianMs: number
  /** User + system time, median (s). */
  cpuSeconds: number | undefined
}

function timings(results: RunResult[]): Timings {
  const runsMs = results.map((r) => r.ms)
  const cpu = results.map((r) => r.cpuSeconds).filter((c): c is number => c !== undefined)
  return { runsMs, minMs: Math.min(...runsMs), medianMs: median(runsMs), cpuSeconds: cpu.length ? median(cpu) : undefined }
}

export interface ColdRuns {
  draft: string
  /** Delegation views built (one per sponsor with a pending proposal). */
  sponsors: number
  files: number
  allViews: Timings
  check: Timings
  version: Timings
  node: Timings
  /** `pandoc -f markdown -t docx` on the same draft, when pandoc is there. */
  pandoc: Timings | undefined
}

/**
 * One draft, cold CLI, in `rounds` rounds of: every view × DOCX + PDF (the build's defaults),
 * `check`, `--version` (start-up alone), bare `node -e 0` and pandoc on the same draft.
 */
export async function coldRuns(settings: FeelSettings, draft: string, pandoc: boolean): Promise<ColdRuns> {
  const { bin, tmp, rounds } = settings
  const scratch = join(tmp, 'cold-scratch')
  mkdirSync(scratch, { recursive: true })
  const results: Record<'allViews' | 'check' | 'version' | 'node' | 'pandoc', RunResult[]> = { allViews: [], check: [], version: [], node: [], pandoc: [] }
  let files = 0
  settings.progress(`one draft cold: every view × docx + pdf, check, --version, node -e 0${pandoc ? ', pandoc' : ''} (${rounds} interleaved rounds)`)
  for (let r = 0; r < rounds; r++) {
    const out = join(tmp, `cold-${r}`)
    const built = mustSucceed(await run(...oasgen(bin, ['build', draft, '--out', out]), { rss: true, scratch }), 'oasgen build (every view)')
    files = readdirSync(out).filter((f) => f.endsWith('.docx') || f.endsWith('.pdf')).length
    rmSync(out, { recursive: true, force: true })
    results.allViews.push(built)
    results.check.push(mustSucceed(await run(...oasgen(bin, ['check', draft]), { rss: true, scratch }), 'oasgen check'))
    results.version.push(mustSucceed(await run(...oasgen(bin, ['--version']), { rss: true, scratch }), 'oasgen --version'))
    results.node.push(mustSucceed(await run(process.execPath, ['-e', '0'], { rss: true, scratch }), 'node -e 0'))
    if (pandoc) {
      const target = join(scratch, 'pandoc.docx')
      results.pandoc.push(mustSucceed(await run('pandoc', ['-f', 'markdown', '-t', 'docx', '-o', target, draft], { rss: true, scratch }), 'pandoc'))
    }
  }
  const views = files / 2
  return {
    draft,
    sponsors: views - 2,
    files,
    allViews: timings(results.allViews),
    check: timings(results.check),
    version: timings(results.version),
    node: timings(results.node),
    pandoc: pandoc ? timings(results.pandoc) : undefined,
  }
}

export interface Instructions {
  allViews: number
  check: number
  version: number
  node: number
  pandoc: number | undefined
}

/** The same commands as `coldRuns`, once each under callgrind. */
export async function coldInstructions(settings: FeelSettings, draft: string, pandoc: boolean): Promise<Instructions> {
  const scratch = join(settings.tmp, 'callgrind')
  mkdirSync(scratch, { recursive: true })
  const count = (label: string, ...[command, args]: [string, string[]]) => {
    settings.progress(`instructions (callgrind): ${label}`)
    return instructions(command, args, { scratch, label })
  }
  return {
    allViews: await count('every view × docx + pdf', ...oasgen(settings.bin, ['build', draft, '--out', join(settings.tmp, 'callgrind-out')])),
    check: await count('check', ...oasgen(settings.bin, ['check', draft])),
    version: await count('--version', ...oasgen(settings.bin, ['--version'])),
    node: await count('node -e 0', process.execPath, ['-e', '0']),
    pandoc: pandoc ? await count('pandoc', 'pandoc', ['-f', 'markdown', '-t', 'docx', '-o', join(scratch, 'pandoc.docx'), draft]) : undefined,
  }
}

export interface WatchResult {
  drafts: number
  saves: number
  /** From the save to the saved draft's clean DOCX rewritten, per save. */
  savedToOutputMs: number[]
  medianMs: number
  minMs: number
  /** From the save to the end of the rebuild it caused (the summary line), median. */
  savedToIdleMs: number
  /** Outputs of other drafts rewritten by the saves (0: only the saved draft's). */
  othersRewritten: number
}

/**
 * `oasgen build <folder> --watch --view clean --format docx`: once the first build is done, one
 * draft at a time is edited and saved; timed from the save to its clean DOCX replaced (the
 * watcher's settling and debouncing included), then to the end of that rebuild.
 */
export async function watchSaves(settings: FeelSettings, dir: string, saves: number): Promise<WatchResult> {
  const out = join(settings.tmp, 'watch-out')
  const names = readdirSync(dir).filter((f) => f.endsWith('.md')).sort()
  settings.progress(`--watch on ${names.length} drafts: ${saves} saves`)
  const child = spawn(...oasgen(settings.bin, ['build', dir, '--watch', '--view', 'clean', '--format', 'docx', '--out', out]), { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  const waiters: Array<{ test: (text: string) => boolean; resolve: () => void }> = []
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString('utf8')
    for (const w of [...waiters]) if (w.test(stdout)) waiters.splice(waiters.indexOf(w), 1) && w.resolve()
  })
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')))
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  /** Resolves when stdout (all of it so far) passes `test`; fails after `ms`. */
  const until = (test: (text: string) => boolean, what: string, ms = 120_000) =>
    new Promise<void>((resolve, reject) => {
      if (test(stdout)) return resolve()
      const timer = setTimeout(() => reject(new BenchError(`--watch: no ${what} after ${ms / 1000} s\n${stdout}\n${stderr}`)), ms)
      waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) })
      void exited.then((code) => reject(new BenchError(`--watch exited (${code}) before ${what}\n${stdout}\n${stderr}`)))
    })
  // The summary line of a build ends "in 1.23 s".
  const summaries = (text: string) => (text.match(/ in [\d.]+ s\n/g) ?? []).length
  const stamp = (path: string) => {
    const s = statSync(path, { throwIfNoEntry: false })
    return s ? `${s.ino}:${s.mtimeMs}:${s.size}` : ''
  }
  const savedToOutputMs: number[] = []
  const savedToIdleMs: number[] = []
  let othersRewritten = 0
  try {
    await until((text) => text.includes('watching '), 'first build')
    for (let k = 0; k < saves; k++) {
      const name = names[(k * 7) % names.length]!
      const draft = join(dir, name)
      const output = join(out, name.replace(/\.md$/, '.clean.docx'))
      const others = names.filter((n) => n !== name).map((n) => join(out, n.replace(/\.md$/, '.clean.docx')))
      const before = stamp(output)
      const othersBefore = others.map(stamp)
      const builds = summaries(stdout)
      // An edit a drafter makes: words put at the head of the first operative paragraph.
      const text = readFileSync(draft, 'utf8')
      const edited = text.replace(/\nRESOLVES:\n\n1\. /, `\nRESOLVES:\n\n1. Again (${k + 1}), `)
      if (edited === text) throw new BenchError(`--watch: found nothing to edit in ${name}`)
      const saved = performance.now()
      writeFileSync(draft, edited)
      for (;;) {
        if (stamp(output) !== before) break
        if (performance.now() - saved > 60_000) throw new BenchError(`--watch: ${output} not rewritten 60 s after the save\n${stdout}\n${stderr}`)
        await new Promise((r) => setTimeout(r, 2))
      }
      savedToOutputMs.push(performance.now() - saved)
      await until((t) => summaries(t) > builds, 'rebuild summary')
      savedToIdleMs.push(performance.now() - saved)
      othersRewritten += others.filter((path, i) => stamp(path) !== othersBefore[i]).length
      writeFileSync(draft, text)
      await until((t) => summaries(t) > builds + 1, 'rebuild after the draft was put back')
    }
  } finally {
    child.kill('SIGINT')
    await exited
    rmSync(out, { recursive: true, force: true })
  }
  if (!existsSync(dir)) throw new BenchError('--watch: the corpus folder vanished')
  return { drafts: names.length, saves, savedToOutputMs, medianMs: median(savedToOutputMs), minMs: Math.min(...savedToOutputMs), savedToIdleMs: median(savedToIdleMs), othersRewritten }
}
