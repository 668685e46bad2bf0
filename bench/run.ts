/**
 * `npm run bench`: throughput, scaling, memory and start-up of oasgen on a generated corpus.
 * See bench/README.md for what each figure means and how to read it.
 *
 *   npm run bench -- [--drafts N] [--large L] [--rounds K] [--saves S] [--instructions] [--quick]
 *                    [--jobs N] [--repeat R] [--json] [--seed S] [--keep] [--skip-build]
 *                    [--skip-pandoc] [--profile] [--root DIR]
 *
 * Everything is written under a temporary folder (removed at the end unless --keep), never into
 * the repository. The CLI is measured end to end as a user runs it (`bin/oasgen.js …` as a
 * program, which starts node from the start-up snapshot of dist/snapshot/, see measure.ts's
 * `oasgen`), so the harness compiles first (`npm run build`) unless --skip-build.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Format, ParsedDraft, View } from '../src/index.js'
import { generateOmnibus, writeCorpus, type GeneratedDraft } from './corpus.js'
import { coldInstructions, coldRuns, watchSaves, type ColdRuns, type Instructions, type WatchResult } from './feel.js'
import { BenchError, hasValgrind, HAS_TIME, interference, machineBusyMs, median, mustSucceed, oasgen, run, sum, type RunResult } from './measure.js'
import { compareReport, measureCompare, type CompareBenchResult } from './compare.js'
import { measureNesting, nestingReport, type NestingResult } from './nesting.js'
import { formatSummary, summarize, type CpuProfile, type ProfileSummary } from './profile.js'

type Api = typeof import('../src/index.js')

const REPO = resolve(import.meta.dirname, '..')
const WORDS_PER_PAGE = 500

/** Issue 16: the speed a person feels, and batches against pandoc in the same run. */
const TARGETS = {
  allViewsSeconds: 0.8,
  allViewsInstructions: 3e9,
  watchSeconds: 0.3,
  checkSeconds: 0.25,
  checkInstructions: 1.2e9,
  /** DOCX drafts/s ÷ pandoc's, at N drafts (60) and at the large batch (200). */
  pandocRatioN: 5,
  pandocRatioLarge: 6,
  /** PDF drafts/s ÷ pandoc to DOCX then LibreOffice to PDF. */
  libreOfficeRatio: 8,
  scaling: 2.1,
  /** 20 nested proposals of one sponsor, txt + md of two views, CPU seconds of the CLI (issue 11: 48 s). */
  nestedSeconds: 1,
  /** compareRevisions on a pair of 2,000 operative paragraphs against 1,000 (CPU): linear, not quadratic (×4). */
  compareScaling: 2.5,
  /** `oasgen compare --format json` of two revisions of 1,000 operative paragraphs, CPU seconds of the CLI, parsing included. */
  compareCliSeconds: 4,
} as const

/** Removes the temporary folder; set once it exists. */
let cleanup: () => void = () => {}

// ——————————————————————————————————————————— options ———————————————————————————————————————————

const { values: opts } = parseArgs({
  options: {
    drafts: { type: 'string' },
    quick: { type: 'boolean', default: false },
    jobs: { type: 'string' },
    repeat: { type: 'string' },
    json: { type: 'boolean', default: false },
    seed: { type: 'string', default: 'oasgen-bench-1' },
    keep: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    'skip-pandoc': { type: 'boolean', default: false },
    large: { type: 'string' },
    rounds: { type: 'string' },
    saves: { type: 'string' },
    instructions: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    root: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
})

if (opts.help) {
  process.stdout.write(`npm run bench -- [options]

  --drafts N      drafts in the corpus (default 60; the scaling run uses 2N)
  --large L       the large batch, DOCX against pandoc (default 200; 0 skips it)
  --rounds K      rounds of the one-draft cold runs (every view, check, start-up; default 5)
  --saves S       saves timed in --watch (default 5)
  --instructions  also count instructions under valgrind's callgrind (one draft: every view, check; several minutes)
  --quick         a smoke run: 6 drafts, one repetition, no large batch
  --jobs N        passed to \`oasgen build --jobs\` when the CLI has it (and used for pandoc)
  --repeat R      repetitions of each timed CLI run; the median is reported (default 3)
  --json          print the results as one JSON object on stdout (progress goes to stderr)
  --seed S        corpus seed (default oasgen-bench-1)
  --keep          keep the temporary folder (corpus and outputs)
  --skip-build    do not run \`npm run build\` first
  --skip-pandoc   do not measure pandoc even if it is installed
  --profile       also profile the omnibus and the docx corpus run (node --cpu-prof) and list hot functions
  --root DIR      measure the oasgen in DIR (a checkout or copy: its bin/, dist/, templates/) instead of this one
`)
  process.exit(0)
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer, not ${value}`)
  return n
}

const N = positiveInt(opts.drafts, 'drafts') ?? (opts.quick ? 6 : 60)
const LARGE = opts.large === '0' ? 0 : (positiveInt(opts.large, 'large') ?? (opts.quick ? 0 : 200))
const ROUNDS = positiveInt(opts.rounds, 'rounds') ?? (opts.quick ? 2 : 5)
const SAVES = positiveInt(opts.saves, 'saves') ?? (opts.quick ? 2 : 5)
const REPEAT = positiveInt(opts.repeat, 'repeat') ?? (opts.quick ? 1 : 3)
const JOBS = positiveInt(opts.jobs, 'jobs')
const SEED = opts.seed
/** The oasgen measured: its bin/oasgen.js runs its dist/. */
const ROOT = opts.root ? resolve(opts.root) : REPO
const BIN = join(ROOT, 'bin', 'oasgen.js')
if (!existsSync(BIN)) fail(`no ${BIN}: --root must be an oasgen folder`)

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`)
  cleanup()
  process.exit(1)
}

function progress(message: string): void {
  process.stderr.write(`· ${message}\n`)
}

function countFiles(dir: string, ext: string): number {
  if (!existsSync(dir)) return 0
  let n = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) n += countFiles(join(dir, entry.name), ext)
    else if (entry.name.endsWith(`.${ext}`)) n++
  }
  return n
}

function dirBytes(dir: string): number {
  let n = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    n += entry.isDirectory() ? dirBytes(path) : statSync(path).size
  }
  return n
}

/** Page objects of a PDF (`/Type /Page`, not `/Pages`). */
function pdfPages(bytes: Uint8Array): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  return (text.match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
}

// ——————————————————————————————————————————— results ————————————————————————————————————————————

interface TargetRow {
  name: string
  target: string
  measured: string
  pass: boolean | null
}

const targets: TargetRow[] = []
function target(name: string, targetText: string, measured: string, pass: boolean | null): void {
  targets.push({ name, target: targetText, measured, pass })
}

interface ScalingResult {
  format: string
  secondsN: number
  seconds2N: number
  ratio: number
  cpuN: number | undefined
  cpu2N: number | undefined
  cpuRatio: number | undefined
}

interface FormatResult {
  format: string
  /** `--jobs` passed to the CLI, if any. */
  jobs: number | undefined
  drafts: number
  pages: number
  pagesSource: 'pdf' | 'estimate'
  cliSeconds: number
  cliRuns: number[]
  draftsPerSecond: number
  pagesPerSecond: number
  cpuSeconds: number | undefined
  maxRssMb: number | undefined
  outputBytes: number
  inProcessRenderMs: { mean: number; median: number; max: number; firstCold: number }
  inProcessPipelineMs: number
  startupAndIoSeconds: number
}

// ———————————————————————————————————————————— main ——————————————————————————————————————————————

async function main(): Promise<void> {
  const started = performance.now()
  const loadBefore = loadavg()
  // How busy is the machine before we start? One second of /proc/stat.
  const idleBusy = machineBusyMs()
  await new Promise((r) => setTimeout(r, 1000))
  const busyBefore = (machineBusyMs() - idleBusy) / 1000
  if (busyBefore > 0.25) {
    process.stderr.write(`bench: warning: the machine is already busy (${(busyBefore * 100).toFixed(0)}% of a core in use by others): wall times will be inflated; CPU times less so\n`)
  }
  // 1. Compile, so that the CLI (dist/) is the code in src/.
  if (!opts['skip-build']) {
    progress('npm run build')
    const built = await run('npm', ['run', '--silent', 'build'], { cwd: ROOT })
    if (built.code !== 0) {
      if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) fail(`npm run build failed and there is no dist/:\n${built.stdout}${built.stderr}`)
      process.stderr.write(`bench: warning: npm run build failed; measuring dist/ as it is:\n${built.stdout}${built.stderr}\n`)
    }
  }
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) fail('dist/ is missing: run `npm run build` (or drop --skip-build)')
  const api = (await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)) as Api
  const templates = new api.Templates()

  // 2. Which formats, and does the CLI take --jobs?
  const formats: string[] = []
  const skipped: Array<{ format: string; reason: string }> = []
  for (const format of api.FORMATS as readonly string[]) {
    try {
      await api.renderer(format as Format)
      formats.push(format)
    } catch (error) {
      skipped.push({ format, reason: `renderer not loadable: ${(error as Error).message}` })
    }
  }
  for (const format of ['docx', 'pdf', 'html', 'md', 'txt']) {
    if (!(api.FORMATS as readonly string[]).includes(format)) skipped.push({ format, reason: 'not in FORMATS yet' })
  }
  const hasPdf = formats.includes('pdf')
  const buildHelp = await run(...oasgen(BIN, ['build', '--help']))
  const cliHasJobs = /--jobs\b/.test(buildHelp.stdout + buildHelp.stderr)
  const jobsArgs = JOBS !== undefined && cliHasJobs ? ['--jobs', String(JOBS)] : []
  if (JOBS !== undefined && !cliHasJobs) process.stderr.write('bench: warning: `oasgen build` has no --jobs option yet; --jobs ignored for oasgen\n')
  progress(`formats: ${formats.join(', ')}${skipped.length ? ` (skipped: ${skipped.map((s) => s.format).join(', ')})` : ''}; CLI --jobs: ${cliHasJobs ? 'yes' : 'no'}`)

  // 3. The corpus, in a temporary folder; every draft checked with parseDraft.
  const tmp = mkdtempSync(join(tmpdir(), 'oasgen-bench-'))
  const scratch = join(tmp, 'scratch')
  mkdirSync(scratch)
  cleanup = () => {
    if (opts.keep) process.stderr.write(`bench: corpus and outputs kept in ${tmp}\n`)
    else rmSync(tmp, { recursive: true, force: true })
    cleanup = () => {}
  }
  process.on('SIGINT', () => {
    cleanup()
    process.exit(130)
  })
  try {
    const dirN = join(tmp, 'corpus-n')
    const dir2N = join(tmp, 'corpus-2n')
    const dirOmni = join(tmp, 'omnibus')
    progress(`writing the corpus (seed ${SEED}): ${N} drafts, ${2 * N} for scaling, and the omnibus, into ${tmp}`)
    const drafts = writeCorpus(dirN, SEED, N)
    const drafts2N = writeCorpus(dir2N, SEED, 2 * N)
    mkdirSync(dirOmni)
    const omnibus = generateOmnibus(SEED)
    const omnibusPath = join(dirOmni, 'omnibus.md')
    writeFileSync(omnibusPath, omnibus.text)
    const corpusStats = validate(api, templates, drafts2N)
    const omnibusParsed = validate(api, templates, [omnibus])
    progress(`corpus valid: ${corpusStats.drafts} drafts, ${corpusStats.annotations} annotations, max depth ${corpusStats.maxDepth}`)

    // 4. In process: per-draft parse+resolve and render times (warm), and the page counts.
    progress('in-process render times')
    const inProcess = await measureInProcess(api, templates, drafts, formats, dirN)
    const pages = hasPdf ? inProcess.pdfPages : inProcess.estimatedPages
    const pagesSource: 'pdf' | 'estimate' = hasPdf ? 'pdf' : 'estimate'
    const inProcessMaxRssMb = process.resourceUsage().maxRSS / 1024
    progress('library floors: remark-parse and docx by themselves')
    const floors = await libraryFloors(drafts.map((d) => readFileSync(join(dirN, `${d.name}.md`), 'utf8')))
    progress('cores: oasgen\'s own work and a pure computation, on one thread and on two at once')
    const cores = await coreScaling(drafts.slice(0, 10).map((d) => readFileSync(join(dirN, `${d.name}.md`), 'utf8')))

    // 5. What a person feels: one draft cold into every view, check, and --watch answering a save.
    const feel = { bin: BIN, tmp: join(tmp, 'feel'), rounds: ROUNDS, progress }
    const oneDraft = join(tmp, 'one', `${drafts[0]!.name}.md`)
    mkdirSync(dirname(oneDraft), { recursive: true })
    writeFileSync(oneDraft, drafts[0]!.text)
    const hasPandoc = !opts['skip-pandoc'] && (await pandocVersion()) !== undefined
    const cold = await coldRuns(feel, oneDraft, hasPandoc)
    target(
      `one draft (${cold.sponsors} sponsors), every view × docx+pdf (${cold.files} files), cold CLI`,
      `< ${TARGETS.allViewsSeconds} s`,
      `${fmt(cold.allViews.minMs / 1000, 2)} s (median ${fmt(cold.allViews.medianMs / 1000, 2)}, CPU ${fmt(cold.allViews.cpuSeconds, 2)})`,
      cold.allViews.minMs / 1000 < TARGETS.allViewsSeconds,
    )
    target('oasgen check, one draft', `< ${TARGETS.checkSeconds} s`, `${fmt(cold.check.minMs / 1000, 3)} s (median ${fmt(cold.check.medianMs / 1000, 3)})`, cold.check.minMs / 1000 < TARGETS.checkSeconds)
    let counted: Instructions | undefined
    if (opts.instructions) {
      if (!(await hasValgrind())) fail('--instructions needs valgrind (apt-get install -y valgrind)')
      counted = await coldInstructions(feel, oneDraft, hasPandoc)
      target('… every view, instructions', `< ${TARGETS.allViewsInstructions / 1e9} G`, `${fmt(counted.allViews / 1e9, 2)} G`, counted.allViews < TARGETS.allViewsInstructions)
      target('… check, instructions', `< ${TARGETS.checkInstructions / 1e9} G`, `${fmt(counted.check / 1e9, 2)} G`, counted.check < TARGETS.checkInstructions)
    }
    const watchDir = join(tmp, 'watched')
    cpSync(dirN, watchDir, { recursive: true })
    const watched = await watchSaves(feel, watchDir, SAVES)
    target(
      `--watch, ${watched.drafts} drafts: a save → its clean DOCX rewritten`,
      `< ${TARGETS.watchSeconds} s`,
      `${fmt(watched.medianMs / 1000, 2)} s (min ${fmt(watched.minMs / 1000, 2)}; rebuild done ${fmt(watched.savedToIdleMs / 1000, 2)} s; other drafts' files rewritten: ${watched.othersRewritten})`,
      watched.medianMs / 1000 < TARGETS.watchSeconds,
    )

    // 6. End to end through the CLI, one format at a time, bracketed view.
    const cliThroughput = async (format: string, jobs: string[], dir = dirN, n = N): Promise<FormatResult> => {
      progress(`CLI build --format ${format}${jobs.length ? ` ${jobs.join(' ')}` : ''} (${n} drafts × ${REPEAT})`)
      const runs: RunResult[] = []
      let outputBytes = 0
      for (let r = 0; r < REPEAT; r++) {
        const out = join(tmp, 'out', `${format}-${r}`)
        const result = mustSucceed(
          await run(...oasgen(BIN, ['build', dir, '--format', format, '--view', 'bracketed', '--out', out, ...jobs]), { rss: true, scratch }),
          `oasgen build --format ${format}`,
        )
        const written = countFiles(out, format)
        if (written !== n) fail(`oasgen build --format ${format} wrote ${written} files, expected ${n}\n${result.stdout}${result.stderr}`)
        outputBytes = dirBytes(out)
        rmSync(out, { recursive: true, force: true })
        runs.push(result)
      }
      const seconds = median(runs.map((r) => r.ms)) / 1000
      const renderMs = inProcess.renderMs.get(format) ?? []
      // Measured on the N drafts; a larger batch is taken to cost the same per draft.
      const pipelineMs = ((sum(inProcess.parseResolveMs) + sum(renderMs)) * n) / N
      const rss = runs.map((r) => r.maxRssKb).filter((k): k is number => k !== undefined)
      const cpu = runs.map((r) => r.cpuSeconds).filter((k): k is number => k !== undefined)
      return {
        format,
        jobs: jobs.length ? Number(jobs[1]) : undefined,
        drafts: n,
        pages: (pages * n) / N,
        pagesSource,
        cliSeconds: seconds,
        cliRuns: runs.map((r) => r.ms / 1000),
        draftsPerSecond: n / seconds,
        pagesPerSecond: (pages * n) / N / seconds,
        cpuSeconds: cpu.length ? median(cpu) : undefined,
        maxRssMb: rss.length ? Math.max(...rss) / 1024 : undefined,
        outputBytes,
        inProcessRenderMs: { mean: sum(renderMs) / renderMs.length, median: median(renderMs), max: Math.max(...renderMs), firstCold: inProcess.coldMs.get(format) ?? NaN },
        inProcessPipelineMs: pipelineMs / n,
        startupAndIoSeconds: seconds - pipelineMs / 1000,
      }
    }
    const formatResults: FormatResult[] = []
    for (const format of formats) formatResults.push(await cliThroughput(format, jobsArgs))
    // With the CLI's default parallelism, also one thread, for comparison: is the pool worth it here?
    const oneThread: FormatResult[] = []
    if (cliHasJobs && JOBS === undefined) {
      for (const format of formats.filter((f) => f === 'docx' || f === 'pdf')) oneThread.push(await cliThroughput(format, ['--jobs', '1']))
    }

    // 7. Scaling: 2N drafts against N, same format, same options; N and 2N runs alternate, so
    // that a burst of load elsewhere hits both alike.
    const scaling: ScalingResult[] = []
    for (const format of formats.filter((f) => f === 'docx' || f === 'pdf')) {
      progress(`CLI build --format ${format}: ${N} and ${2 * N} drafts, alternately (× ${REPEAT})`)
      const runsN: RunResult[] = []
      const runs2N: RunResult[] = []
      for (let r = 0; r < REPEAT; r++) {
        for (const [dir, runs] of [[dirN, runsN], [dir2N, runs2N]] as const) {
          const out = join(tmp, 'out', `scale-${format}-${r}`)
          runs.push(mustSucceed(await run(...oasgen(BIN, ['build', dir, '--format', format, '--view', 'bracketed', '--out', out, ...jobsArgs]), { rss: true, scratch }), `oasgen build --format ${format}`))
          rmSync(out, { recursive: true, force: true })
        }
      }
      const secondsN = median(runsN.map((r) => r.ms)) / 1000
      const seconds2N = median(runs2N.map((r) => r.ms)) / 1000
      const cpu = (runs: RunResult[]) => {
        const c = runs.map((r) => r.cpuSeconds).filter((k): k is number => k !== undefined)
        return c.length ? median(c) : undefined
      }
      const cpuN = cpu(runsN)
      const cpu2N = cpu(runs2N)
      const ratio = seconds2N / secondsN
      scaling.push({ format, secondsN, seconds2N, ratio, cpuN, cpu2N, cpuRatio: cpuN && cpu2N ? cpu2N / cpuN : undefined })
      target(`2N/N time (${format}, ${N}→${2 * N})`, `≤ ${TARGETS.scaling}`, `${fmt(ratio, 2)} (CPU ${fmt(cpuN && cpu2N ? cpu2N / cpuN : undefined, 2)})`, ratio <= TARGETS.scaling)
    }

    // 8. The omnibus, all three views × DOCX (+ PDF), end to end, plus the in-process breakdown.
    const omnibusFormats = ['docx', 'pdf'].filter((f) => formats.includes(f))
    const sponsor = 'US'
    progress(`omnibus: clean, bracketed, delegation-${sponsor} × ${omnibusFormats.join(' + ')} (× ${REPEAT})`)
    const omnibusRuns: RunResult[] = []
    for (let r = 0; r < REPEAT; r++) {
      const out = join(tmp, 'out', `omnibus-${r}`)
      const args = ['build', omnibusPath, '--view', 'clean', '--view', 'bracketed', '--delegation', sponsor, ...omnibusFormats.flatMap((f) => ['--format', f]), '--out', out, ...jobsArgs]
      const result = mustSucceed(await run(...oasgen(BIN, args), { rss: true, scratch }), 'oasgen build omnibus')
      const written = omnibusFormats.reduce((n, f) => n + countFiles(out, f), 0)
      if (written !== 3 * omnibusFormats.length) fail(`omnibus build wrote ${written} files, expected ${3 * omnibusFormats.length}`)
      rmSync(out, { recursive: true, force: true })
      omnibusRuns.push(result)
    }
    const omnibusSeconds = median(omnibusRuns.map((r) => r.ms)) / 1000
    const omnibusBreakdown = await omnibusInProcess(api, templates, omnibus, omnibusFormats, sponsor)
    const omnibusRss = omnibusRuns.map((r) => r.maxRssKb).filter((k): k is number => k !== undefined)
    const omnibusCpu = omnibusRuns.map((r) => r.cpuSeconds).filter((k): k is number => k !== undefined)

    // 7b. Nested proposals: each stage at three depths, and the issue's draft through the CLI.
    progress('nested proposals: every stage at three depths, and 20 nested proposals through the CLI')
    const { MAX_DEPTH } = (await import(pathToFileURL(join(ROOT, 'dist', 'draft', 'depth.js')).href)) as { MAX_DEPTH: number }
    const nesting = await measureNesting(api, BIN, Math.max(REPEAT, 5), MAX_DEPTH)
    target(
      `${nesting.cli.depth} nested proposals, txt + md × 2 views, CLI CPU`,
      `< ${TARGETS.nestedSeconds} s`,
      `${fmt(nesting.cli.cpuSeconds, 2)} s (wall ${fmt(nesting.cli.wallSeconds, 2)} s)`,
      nesting.cli.cpuSeconds < TARGETS.nestedSeconds,
    )

    // 7c. compare: two revisions of long drafts, in process at three sizes, and through the CLI.
    progress('compare: two revisions of 500, 1,000 and 2,000 operative paragraphs, and the CLI at 1,000')
    const compare = await measureCompare(api, BIN, SEED, REPEAT)
    const [, mid, big] = compare.sizes
    const compareRatio = big!.ms / mid!.ms
    target(`compareRevisions ${big!.paragraphs}/${mid!.paragraphs} paragraphs, CPU`, `≤ ${TARGETS.compareScaling}`, fmt(compareRatio, 2), compareRatio <= TARGETS.compareScaling)
    target(
      `compare of ${compare.cli.paragraphs} paragraphs, --format json, CLI CPU`,
      `< ${TARGETS.compareCliSeconds} s`,
      `${fmt(compare.cli.cpuSeconds, 2)} s (wall ${fmt(compare.cli.wallSeconds, 2)} s)`,
      compare.cli.cpuSeconds < TARGETS.compareCliSeconds,
    )

    // 9. pandoc on the same drafts, same run, and LibreOffice turning pandoc's DOCX into PDF.
    const pandoc = await measurePandoc(dirN, drafts, tmp, cliHasJobs)
    const docx = formatResults.find((f) => f.format === 'docx')
    const pdfResult = formatResults.find((f) => f.format === 'pdf')
    let pandocRatio: number | undefined
    let pandocCpuRatio: number | undefined
    if (pandoc.available && docx) {
      pandocRatio = docx.draftsPerSecond / pandoc.draftsPerSecond
      if (pandoc.cpuSeconds !== undefined && docx.cpuSeconds !== undefined) pandocCpuRatio = pandoc.cpuSeconds / docx.cpuSeconds
      target(
        `DOCX, ${N} drafts, vs pandoc`,
        `≥ ${TARGETS.pandocRatioN}×`,
        `${fmt(pandocRatio, 1)}× (${fmt(docx.draftsPerSecond)} vs ${fmt(pandoc.draftsPerSecond)} drafts/s; CPU ${fmt(pandocCpuRatio, 1)}×)`,
        pandocRatio >= TARGETS.pandocRatioN,
      )
    } else {
      target(`DOCX, ${N} drafts, vs pandoc`, `≥ ${TARGETS.pandocRatioN}×`, pandoc.available ? 'docx not available' : `not measured: ${pandoc.reason}`, null)
    }
    const libreOffice = pandoc.available && pandoc.docxDir ? await measureLibreOffice(pandoc.docxDir, N, tmp) : { available: false as const, reason: pandoc.available ? 'no DOCX from pandoc' : 'needs pandoc' }
    let libreOfficeRatio: number | undefined
    if (libreOffice.available && pandoc.available && pdfResult) {
      const theirs = N / (pandoc.seconds + libreOffice.seconds)
      libreOfficeRatio = pdfResult.draftsPerSecond / theirs
      target(
        `PDF, ${N} drafts, vs pandoc + LibreOffice`,
        `≥ ${TARGETS.libreOfficeRatio}×`,
        `${fmt(libreOfficeRatio, 1)}× (${fmt(pdfResult.draftsPerSecond)} vs ${fmt(theirs, 2)} drafts/s)`,
        libreOfficeRatio >= TARGETS.libreOfficeRatio,
      )
    } else {
      target(`PDF, ${N} drafts, vs pandoc + LibreOffice`, `≥ ${TARGETS.libreOfficeRatio}×`, `not measured: ${libreOffice.available ? 'no pdf' : libreOffice.reason}`, null)
    }

    // 10. The large batch: DOCX against pandoc at LARGE drafts.
    let large: { drafts: number; oasgen: FormatResult; pandoc: PandocResult; ratio: number | undefined } | undefined
    if (LARGE > 0 && docx) {
      const dirLarge = join(tmp, 'corpus-large')
      const draftsLarge = writeCorpus(dirLarge, SEED, LARGE)
      const oasgen = await cliThroughput('docx', jobsArgs, dirLarge, LARGE)
      const theirs = await measurePandoc(dirLarge, draftsLarge, tmp, cliHasJobs)
      const ratio = theirs.available ? oasgen.draftsPerSecond / theirs.draftsPerSecond : undefined
      large = { drafts: LARGE, oasgen, pandoc: theirs, ratio }
      target(
        `DOCX, ${LARGE} drafts, vs pandoc`,
        `≥ ${TARGETS.pandocRatioLarge}×`,
        theirs.available ? `${fmt(ratio, 1)}× (${fmt(oasgen.draftsPerSecond)} vs ${fmt(theirs.draftsPerSecond)} drafts/s)` : `not measured: ${theirs.reason}`,
        ratio === undefined ? null : ratio >= TARGETS.pandocRatioLarge,
      )
    }

    // 11. Optional profiles of the heavy runs.
    let profiles: Record<string, ProfileSummary> | undefined
    if (opts.profile) profiles = await profileRuns(tmp, dirN, omnibusPath, omnibusFormats, sponsor, jobsArgs)

    const results = {
      machine: {
        loadBefore,
        busyBefore,
        otherLoadDuringRuns: interference.wallMs > 0 ? interference.foreignMs / interference.wallMs : 0,
        cpus: cpus().length, parallelism: availableParallelism(), cpu: cpus()[0]?.model ?? '?', memoryGb: totalmem() / 2 ** 30, node: process.version, platform: `${process.platform}-${process.arch}` },
      settings: { root: ROOT, drafts: N, repeat: REPEAT, seed: SEED, jobs: JOBS ?? null, cliHasJobs, jobsPassed: jobsArgs.length > 0, view: 'bracketed', rounds: ROUNDS, saves: SAVES, large: LARGE },
      formats: { measured: formats, skipped },
      coldParseMs: inProcess.coldParseMs,
      floors,
      cores,
      corpus: { ...corpusStats, pages, pagesPerDraft: inProcess.pagesPerDraft, pagesSource, wordsPerPage: pagesSource === 'estimate' ? WORDS_PER_PAGE : undefined },
      omnibus: {
        ...omnibusParsed,
        formats: omnibusFormats,
        views: ['clean', 'bracketed', `delegation-${sponsor}`],
        cliSeconds: omnibusSeconds,
        cliRuns: omnibusRuns.map((r) => r.ms / 1000),
        maxRssMb: omnibusRss.length ? Math.max(...omnibusRss) / 1024 : undefined,
        cpuSeconds: omnibusCpu.length ? median(omnibusCpu) : undefined,
        inProcess: omnibusBreakdown,
      },
      nesting,
      compare,
      throughput: [...formatResults, ...oneThread],
      scaling,
      memory: { measuredWith: HAS_TIME ? '/usr/bin/time -v (child max RSS)' : 'process.resourceUsage().maxRSS (in-process)', inProcessMaxRssMb },
      cold,
      instructions: counted,
      watch: watched,
      pandoc: pandoc.available ? { ...pandoc, ratio: pandocRatio, cpuRatio: pandocCpuRatio } : pandoc,
      libreOffice: libreOffice.available ? { ...libreOffice, ratio: libreOfficeRatio } : libreOffice,
      large,
      targets,
      profiles,
      totalSeconds: (performance.now() - started) / 1000,
      tmp: opts.keep ? tmp : undefined,
    }
    if (opts.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n')
    else process.stdout.write(report(results))
  } finally {
    cleanup()
  }
}

// —————————————————————————————————————————— the corpus ——————————————————————————————————————————

interface CorpusStats {
  drafts: number
  words: { total: number; min: number; median: number; max: number }
  annotations: number
  wordsPerAnnotation: number
  maxDepth: number
  depthHistogram: Record<string, number>
  footnotes: number
  bytes: number
}

/** Parses every draft; any error or warning, or a different annotation count than written, fails the run. */
function validate(api: Api, templates: InstanceType<Api['Templates']>, drafts: GeneratedDraft[]): CorpusStats {
  const words: number[] = []
  const histogram: Record<string, number> = {}
  let annotations = 0
  let maxDepth = 0
  let footnotes = 0
  let bytes = 0
  for (const draft of drafts) {
    const parsed = api.parseDraft(draft.text, { path: `${draft.name}.md`, templates })
    // Not even a warning: the generator writes drafts as a careful drafter would.
    if (parsed.failed || parsed.file.messages.length > 0 || !parsed.meta) {
      fail(`generated draft ${draft.name} is not a valid draft:\n${parsed.file.messages.map(String).join('\n')}`)
    }
    const found = [...api.annotations(parsed.tree)].length
    if (found !== draft.tally.annotations) fail(`generated draft ${draft.name}: wrote ${draft.tally.annotations} annotations, the parser found ${found}`)
    const depth = depthOf(parsed)
    if (depth !== draft.tally.maxDepth) fail(`generated draft ${draft.name}: wrote nesting depth ${draft.tally.maxDepth}, the parser found ${depth}`)
    histogram[depth] = (histogram[depth] ?? 0) + 1
    annotations += found
    maxDepth = Math.max(maxDepth, depth)
    footnotes += draft.tally.footnotes
    bytes += Buffer.byteLength(draft.text)
    words.push(draft.words)
  }
  return {
    drafts: drafts.length,
    words: { total: sum(words), min: Math.min(...words), median: median(words), max: Math.max(...words) },
    annotations,
    wordsPerAnnotation: sum(words) / annotations,
    maxDepth,
    depthHistogram: histogram,
    footnotes,
    bytes,
  }
}

function depthOf(draft: ParsedDraft): number {
  let max = 0
  const walk = (node: unknown, depth: number): void => {
    const n = node as { type?: string; children?: unknown[] }
    const d = n.type === 'annotation' ? depth + 1 : depth
    if (d > max) max = d
    for (const child of n.children ?? []) walk(child, d)
  }
  walk(draft.tree, 0)
  return max
}

// ——————————————————————————————————————————— in process ——————————————————————————————————————————

async function renderOnce(api: Api, templates: InstanceType<Api['Templates']>, draft: ParsedDraft, view: View, format: string): Promise<{ ms: number; bytes: Uint8Array }> {
  const meta = draft.meta!
  const render = await api.renderer(format as Format)
  const { doc } = api.resolveView({ meta, tree: draft.tree }, view)
  const started = performance.now()
  const bytes = await render({
    doc,
    layout: templates.layout(meta.template, meta.lang),
    registry: templates.registry(),
    options: { trackChanges: false, time: api.documentTime(meta.date), warn: () => {} },
  })
  return { ms: performance.now() - started, bytes }
}

async function measureInProcess(api: Api, templates: InstanceType<Api['Templates']>, drafts: GeneratedDraft[], formats: string[], dir: string) {
  const view: View = { kind: 'bracketed' }
  const texts = drafts.map((d) => readFileSync(join(dir, `${d.name}.md`), 'utf8'))
  // Warm up: let the JIT see each path a few times. The first pass is timed apart: cold.
  const coldMs = new Map<string, number>()
  let coldParseMs = 0
  for (const [i, text] of texts.slice(0, Math.min(3, texts.length)).entries()) {
    const t = performance.now()
    const parsed = api.parseDraft(text, { path: 'warm.md', templates })
    if (i === 0) coldParseMs = performance.now() - t
    for (const format of formats) {
      const { ms } = await renderOnce(api, templates, parsed, view, format)
      if (i === 0) coldMs.set(format, ms)
    }
  }
  const parseResolveMs: number[] = []
  const renderMs = new Map<string, number[]>(formats.map((f) => [f, []]))
  const pagesPerDraft: number[] = []
  const wordsPerDraft: number[] = []
  for (const [i, text] of texts.entries()) {
    const started = performance.now()
    const parsed = api.parseDraft(text, { path: `${drafts[i]!.name}.md`, templates })
    api.resolveView({ meta: parsed.meta!, tree: parsed.tree }, view)
    parseResolveMs.push(performance.now() - started)
    for (const format of formats) {
      const { ms, bytes } = await renderOnce(api, templates, parsed, view, format)
      renderMs.get(format)!.push(ms)
      if (format === 'pdf') pagesPerDraft.push(pdfPages(bytes))
      if (format === 'txt') wordsPerDraft.push(wordCount(Buffer.from(bytes).toString('utf8')))
    }
    if (!formats.includes('txt')) wordsPerDraft.push(drafts[i]!.words)
  }
  const estimated = wordsPerDraft.map((w) => w / WORDS_PER_PAGE)
  const perDraft = formats.includes('pdf') ? pagesPerDraft : estimated
  return {
    coldMs,
    coldParseMs,
    parseResolveMs,
    renderMs,
    pdfPages: sum(pagesPerDraft),
    estimatedPages: sum(estimated),
    pagesPerDraft: { min: Math.min(...perDraft), median: median(perDraft), max: Math.max(...perDraft) },
  }
}

/**
 * What the two libraries the project is built on cost by themselves, warm, per draft: remark-parse
 * reading each draft (plain CommonMark, no extension, no annotation), and docx compiling a
 * document of one paragraph to its XML parts (what oasgen uses of docx: it zips the parts
 * itself). Their sum bounds the DOCX throughput of one thread from above, whatever oasgen does
 * around them.
 */
async function libraryFloors(texts: string[]): Promise<{ remarkParseMs: number; docxMinimalMs: number; ceilingPerThread: number }> {
  const [{ unified }, { default: remarkParse }, docx] = await Promise.all([import('unified'), import('remark-parse'), import('docx')])
  const processor = unified().use(remarkParse).freeze()
  for (const text of texts.slice(0, 5)) processor.parse(text)
  const repeat = 3
  let started = performance.now()
  for (let r = 0; r < repeat; r++) for (const text of texts) processor.parse(text)
  const remarkParseMs = (performance.now() - started) / (repeat * texts.length)
  // docx keeps its compiler on Packer; oasgen calls it the same way (src/render/docx/package.ts).
  const compiler = (docx.Packer as unknown as { compiler: { compile(file: unknown): Map<string, unknown> } }).compiler
  const minimal = () => compiler.compile(new docx.Document({ sections: [{ children: [new docx.Paragraph('The General Assembly,')] }] }))
  for (let i = 0; i < 20; i++) minimal()
  const documents = 100
  started = performance.now()
  for (let i = 0; i < documents; i++) minimal()
  const docxMinimalMs = (performance.now() - started) / documents
  return { remarkParseMs, docxMinimalMs, ceilingPerThread: 1000 / (remarkParseMs + docxMinimalMs) }
}

/**
 * How much a second thread adds on this machine: the same warm work (parse and render DOCX of
 * a few drafts, in a loop for about a second) on one worker thread, then on two at once;
 * throughput on two ÷ on one. A pure arithmetic loop alongside shows whether the cores are
 * there at all; work that moves a lot of memory can scale much less (shared caches, SMT
 * siblings, a busy host).
 */
async function coreScaling(texts: string[]): Promise<{ oasgen: number; arithmetic: number }> {
  const { Worker } = await import('node:worker_threads')
  const index = pathToFileURL(join(ROOT, 'dist', 'index.js')).href
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    const { kind, texts, index, rounds } = workerData
    ;(async () => {
      let once
      if (kind === 'oasgen') {
        const api = await import(index)
        const templates = new api.Templates()
        const render = await api.renderer('docx')
        once = async () => {
          for (const text of texts) {
            const d = api.parseDraft(text, { path: 'x.md', templates })
            const { doc } = api.resolveView({ meta: d.meta, tree: d.tree }, { kind: 'bracketed' })
            await render({ doc, layout: templates.layout(d.meta.template, d.meta.lang), registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn() {} } })
          }
        }
      } else {
        once = async () => { let x = 0; for (let i = 0; i < 3e7; i++) x = (x * 31 + i) | 0; return x }
      }
      for (let i = 0; i < 3; i++) await once()
      parentPort.postMessage('ready')
      await new Promise((go) => parentPort.once('message', go))
      const started = performance.now()
      for (let r = 0; r < rounds; r++) await once()
      parentPort.postMessage(performance.now() - started)
    })()
  `
  /** Wall time of `threads` workers doing the same rounds at once, started together when all are warm. */
  const timed = async (kind: string, threads: number, rounds: number): Promise<number> => {
    const workers = Array.from({ length: threads }, () => new Worker(code, { eval: true, workerData: { kind, texts, index, rounds } }))
    await Promise.all(workers.map((w) => new Promise((ready) => w.once('message', ready))))
    const started = performance.now()
    const done = workers.map((w) => new Promise((end) => w.once('message', end)))
    for (const w of workers) w.postMessage('go')
    await Promise.all(done)
    const ms = performance.now() - started
    await Promise.all(workers.map((w) => w.terminate()))
    return ms
  }
  const scaling = async (kind: string, rounds: number) => {
    const one = await timed(kind, 1, rounds)
    const two = await timed(kind, 2, rounds)
    return (2 * one) / two
  }
  return { oasgen: await scaling('oasgen', 5), arithmetic: await scaling('arithmetic', 10) }
}

async function omnibusInProcess(api: Api, templates: InstanceType<Api['Templates']>, omnibus: GeneratedDraft, formats: string[], sponsor: string) {
  const started = performance.now()
  const parsed = api.parseDraft(omnibus.text, { path: 'omnibus.md', templates })
  const parseMs = performance.now() - started
  const views: View[] = [{ kind: 'clean' }, { kind: 'bracketed' }, { kind: 'delegation', sponsor }]
  const rows: Array<{ view: string; format: string; resolveMs: number; renderMs: number; bytes: number; pages: number | undefined }> = []
  for (const view of views) {
    const t = performance.now()
    api.resolveView({ meta: parsed.meta!, tree: parsed.tree }, view)
    const resolveMs = performance.now() - t
    for (const format of formats) {
      const { ms, bytes } = await renderOnce(api, templates, parsed, view, format)
      rows.push({ view: api.viewFileName(view), format, resolveMs, renderMs: ms, bytes: bytes.byteLength, pages: format === 'pdf' ? pdfPages(bytes) : undefined })
    }
  }
  return { parseMs, rows, totalMs: performance.now() - started }
}

// ———————————————————————————————————————————— pandoc ————————————————————————————————————————————

type PandocResult =
  | { available: false; reason: string }
  | {
      available: true
      version: string
      concurrency: number
      seconds: number
      runs: number[]
      draftsPerSecond: number
      /** CPU time of all the pandoc processes of one run (median). */
      cpuSeconds: number | undefined
      maxRssMb: number | undefined
      /** The DOCX files of the last run (for LibreOffice). */
      docxDir: string
    }

/** `pandoc --version`'s first line, or undefined when pandoc is not on PATH. */
async function pandocVersion(): Promise<string | undefined> {
  try {
    const v = await run('pandoc', ['--version'])
    return v.code === 0 ? (v.stdout.split('\n')[0] ?? 'pandoc') : undefined
  } catch {
    return undefined
  }
}

async function measurePandoc(dir: string, drafts: GeneratedDraft[], tmp: string, cliHasJobs: boolean): Promise<PandocResult> {
  if (opts['skip-pandoc']) return { available: false, reason: '--skip-pandoc' }
  const version = await pandocVersion()
  if (version === undefined) return { available: false, reason: 'pandoc is not on PATH (apt-get install -y pandoc)' }
  // As many pandoc processes at once as oasgen uses threads: its natural one-file-per-process use.
  const concurrency = JOBS ?? (cliHasJobs ? availableParallelism() : 1)
  progress(`pandoc -f markdown -t docx (${drafts.length} drafts × ${REPEAT}, ${concurrency} at a time)`)
  const scratch = join(tmp, 'scratch')
  const runs: number[] = []
  const cpuRuns: number[] = []
  let rss = 0
  let docxDir = ''
  for (let r = 0; r < REPEAT; r++) {
    const out = join(tmp, 'out', `pandoc-${drafts.length}-${r}`)
    rmSync(docxDir, { recursive: true, force: true })
    docxDir = out
    mkdirSync(out, { recursive: true })
    const queue = drafts.map((d) => d.name)
    let cpu = 0
    const started = performance.now()
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
          const result = mustSucceed(await run('pandoc', ['-f', 'markdown', '-t', 'docx', '-o', join(out, `${name}.docx`), join(dir, `${name}.md`)], { rss: true, scratch, concurrent: concurrency > 1 }), `pandoc ${name}`)
          rss = Math.max(rss, result.maxRssKb ?? 0)
          cpu += result.cpuSeconds ?? NaN
        }
      }),
    )
    runs.push((performance.now() - started) / 1000)
    cpuRuns.push(cpu)
  }
  const seconds = median(runs)
  const cpuSeconds = cpuRuns.every(Number.isFinite) ? median(cpuRuns) : undefined
  return { available: true, version, concurrency, seconds, runs, draftsPerSecond: drafts.length / seconds, cpuSeconds, maxRssMb: rss ? rss / 1024 : undefined, docxDir }
}

type LibreOfficeResult = { available: false; reason: string } | { available: true; version: string; seconds: number; runs: number[]; cpuSeconds: number | undefined }

/**
 * LibreOffice turning pandoc's DOCX files into PDF, as one would for a batch: one
 * `soffice --headless --convert-to pdf` given every file. It runs with a profile folder of its
 * own (created by a first, untimed conversion), so that it neither waits on nor disturbs another
 * LibreOffice on the machine.
 */
async function measureLibreOffice(docxDir: string, n: number, tmp: string): Promise<LibreOfficeResult> {
  const soffice = ['soffice', 'libreoffice'].find((name) => spawnSyncOk(name, ['--version']))
  if (!soffice) return { available: false, reason: 'LibreOffice (soffice) is not on PATH' }
  const version = spawnSyncText(soffice, ['--version']).split('\n')[0] ?? soffice
  const profile = `-env:UserInstallation=${pathToFileURL(join(tmp, 'libreoffice-profile')).href}`
  const files = readdirSync(docxDir).filter((f) => f.endsWith('.docx')).sort().map((f) => join(docxDir, f))
  if (files.length !== n) return { available: false, reason: `pandoc left ${files.length} DOCX files, expected ${n}` }
  const scratch = join(tmp, 'scratch')
  const warm = join(tmp, 'out', 'libreoffice-warm')
  mustSucceed(await run(soffice, [profile, '--headless', '--convert-to', 'pdf', '--outdir', warm, files[0]!]), 'soffice (first start)')
  progress(`LibreOffice: ${n} DOCX from pandoc → PDF, one soffice (× ${REPEAT})`)
  const runs: RunResult[] = []
  for (let r = 0; r < REPEAT; r++) {
    const out = join(tmp, 'out', `libreoffice-${r}`)
    runs.push(mustSucceed(await run(soffice, [profile, '--headless', '--convert-to', 'pdf', '--outdir', out, ...files], { rss: true, scratch }), 'soffice --convert-to pdf'))
    const written = countFiles(out, 'pdf')
    if (written !== n) fail(`soffice wrote ${written} PDFs, expected ${n}`)
    rmSync(out, { recursive: true, force: true })
  }
  const cpu = runs.map((r) => r.cpuSeconds).filter((c): c is number => c !== undefined)
  return { available: true, version, seconds: median(runs.map((r) => r.ms)) / 1000, runs: runs.map((r) => r.ms / 1000), cpuSeconds: cpu.length ? median(cpu) : undefined }
}

function spawnSyncOk(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0
}

function spawnSyncText(command: string, args: string[]): string {
  return spawnSync(command, args, { encoding: 'utf8' }).stdout ?? ''
}

// ——————————————————————————————————————————— profiles ————————————————————————————————————————————

async function profileRuns(tmp: string, dirN: string, omnibusPath: string, omnibusFormats: string[], sponsor: string, jobsArgs: string[]) {
  const out: Record<string, ProfileSummary> = {}
  const cases: Array<[string, string[]]> = [
    ['corpus-docx', [BIN, 'build', dirN, '--format', 'docx', '--view', 'bracketed', '--out', join(tmp, 'out', 'prof-docx'), ...jobsArgs]],
    ['omnibus', [BIN, 'build', omnibusPath, '--view', 'clean', '--view', 'bracketed', '--delegation', sponsor, ...omnibusFormats.flatMap((f) => ['--format', f]), '--out', join(tmp, 'out', 'prof-omnibus'), ...jobsArgs]],
    ['check', [BIN, 'check', join(dirN, 'draft-0001.md')]],
  ]
  for (const [name, args] of cases) {
    const dir = join(tmp, 'profiles', name)
    mkdirSync(dir, { recursive: true })
    progress(`profiling ${name}`)
    mustSucceed(await run(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...args]), `profile ${name}`)
    // The main thread's profile and one per worker thread, added together.
    const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
    const profiles = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile)
    if (profiles.length > 0) out[name] = summarize(profiles, ROOT, 12)
  }
  return out
}

// ———————————————————————————————————————————— report ————————————————————————————————————————————

function fmt(n: number | undefined, digits = 1): string {
  if (n === undefined || !Number.isFinite(n)) return '—'
  return n.toFixed(digits)
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n'
}

type Results = {
  machine: { cpus: number; cpu: string; node: string; platform: string; memoryGb: number; loadBefore: number[]; busyBefore: number; otherLoadDuringRuns: number }
  settings: { root: string; drafts: number; repeat: number; seed: string; jobs: number | null; cliHasJobs: boolean; jobsPassed: boolean; rounds: number; saves: number; large: number }
  formats: { measured: string[]; skipped: Array<{ format: string; reason: string }> }
  coldParseMs: number
  floors: Awaited<ReturnType<typeof libraryFloors>>
  cores: Awaited<ReturnType<typeof coreScaling>>
  corpus: CorpusStats & { pages: number; pagesPerDraft: { min: number; median: number; max: number }; pagesSource: 'pdf' | 'estimate' }
  omnibus: CorpusStats & {
    formats: string[]
    views: string[]
    cliSeconds: number
    cpuSeconds: number | undefined
    maxRssMb: number | undefined
    inProcess: Awaited<ReturnType<typeof omnibusInProcess>>
  }
  throughput: FormatResult[]
  nesting: NestingResult
  compare: CompareBenchResult
  scaling: ScalingResult[]
  memory: { measuredWith: string; inProcessMaxRssMb: number }
  cold: ColdRuns
  instructions: Instructions | undefined
  watch: WatchResult
  pandoc: PandocResult & { ratio?: number | undefined; cpuRatio?: number | undefined }
  libreOffice: LibreOfficeResult & { ratio?: number | undefined }
  large: { drafts: number; oasgen: FormatResult; pandoc: PandocResult; ratio: number | undefined } | undefined
  targets: TargetRow[]
  profiles: Record<string, ProfileSummary> | undefined
  totalSeconds: number
  tmp: string | undefined
}

function report(r: Results): string {
  let s = ''
  s += `\noasgen benchmark — ${r.machine.cpus} × ${r.machine.cpu}, ${fmt(r.machine.memoryGb, 0)} GB, node ${r.machine.node}, ${r.machine.platform}\n`
  const other = r.machine.otherLoadDuringRuns
  s += `other processes: ${fmt(r.machine.busyBefore * 100, 0)}% of a core before the run, ${fmt(other * 100, 0)}% of a core on average during the timed CLI runs`
  s += `${other > 0.2 || r.machine.busyBefore > 0.25 ? '  ← SHARED MACHINE: wall times inflated, compare CPU s' : ''}\n`
  if (r.settings.root !== REPO) s += `measuring the oasgen in ${r.settings.root}\n`
  s += `seed ${r.settings.seed}; ${r.settings.drafts} drafts (2N = ${2 * r.settings.drafts}); median of ${r.settings.repeat} run(s); `
  s += `CLI --jobs: ${r.settings.cliHasJobs ? (r.settings.jobsPassed ? `passed (${r.settings.jobs})` : 'supported, CLI default') : 'not supported yet'}\n`
  if (r.formats.skipped.length) s += `formats skipped: ${r.formats.skipped.map((f) => `${f.format} (${f.reason})`).join('; ')}\n`

  const c = r.corpus
  s += `\nCorpus: ${c.drafts} distinct drafts (2N set) of ${c.words.min}–${c.words.max} words (median ${c.words.median}), `
  s += `${c.annotations} annotations (1 per ${fmt(c.wordsPerAnnotation)} words), nesting depth ≤ ${c.maxDepth} `
  s += `(drafts by max depth: ${Object.entries(c.depthHistogram).map(([d, n]) => `${d}: ${n}`).join(', ')}), ${c.footnotes} footnotes — all valid (parseDraft)\n`
  s += `Pages of the ${r.settings.drafts}-draft set (bracketed view): ${fmt(c.pages, 0)}, ${fmt(c.pagesPerDraft.min)}–${fmt(c.pagesPerDraft.max)} a draft (median ${fmt(c.pagesPerDraft.median)}) ${c.pagesSource === 'pdf' ? '(counted in the PDFs: /Type /Page)' : `(ESTIMATE: words of the txt rendering / ${WORDS_PER_PAGE})`}\n`
  const o = r.omnibus
  s += `Omnibus: ${o.words.total} words, ${o.annotations} annotations, depth ≤ ${o.maxDepth}\n`

  s += `\nThroughput, end to end: \`oasgen build <${r.settings.drafts} drafts> --view bracketed --format F\` (start-up included)\n`
  s += table(
    ['format', 'drafts/s', `pages/s${c.pagesSource === 'estimate' ? ' (est.)' : ''}`, 'CLI s', 'CPU s', 'render ms/draft (1st, cold)', 'parse+resolve ms', 'start-up+I/O s', 'max RSS MB', 'output MB'],
    r.throughput.map((f) => [
      f.jobs !== undefined ? `${f.format} --jobs ${f.jobs}` : f.format,
      fmt(f.draftsPerSecond),
      fmt(f.pagesPerSecond),
      fmt(f.cliSeconds, 2),
      fmt(f.cpuSeconds, 2),
      `${fmt(f.inProcessRenderMs.mean)} (${fmt(f.inProcessRenderMs.firstCold, 0)})`,
      fmt(f.inProcessPipelineMs - f.inProcessRenderMs.mean),
      fmt(f.startupAndIoSeconds, 2),
      fmt(f.maxRssMb, 0),
      fmt(f.outputBytes / 2 ** 20, 2),
    ]),
  )
  s += '  CLI s: wall time, median; CPU s: user+system of the CLI process and its worker threads.\n'
  s += `  render, parse+resolve: in process, warm, per draft (in brackets: the first draft rendered, cold JIT; first parse ${fmt(r.coldParseMs, 0)} ms);\n`
  s += '  start-up+I/O = CLI wall time − in-process pipeline time (so it includes cold JIT and worker start-up).\n'

  if (r.scaling.length) {
    s += `\nScaling: ${r.settings.drafts} → ${2 * r.settings.drafts} drafts\n`
    s += table(
      ['format', 'N s', '2N s', '2N/N', 'N CPU s', '2N CPU s', 'CPU 2N/N'],
      r.scaling.map((x) => [x.format, fmt(x.secondsN, 2), fmt(x.seconds2N, 2), fmt(x.ratio, 2), fmt(x.cpuN, 2), fmt(x.cpu2N, 2), fmt(x.cpuRatio, 2)]),
    )
  }

  s += `\nOmnibus (1,000 operative paragraphs): views ${o.views.join(', ')} × ${o.formats.join(' + ')}: CLI ${fmt(o.cliSeconds, 2)} s (CPU ${fmt(o.cpuSeconds, 2)} s), max RSS ${fmt(o.maxRssMb, 0)} MB\n`
  s += `  in process: parse ${fmt(o.inProcess.parseMs, 0)} ms, then\n`
  s += table(
    ['view', 'format', 'resolve ms', 'render ms', 'KB', 'pages'],
    o.inProcess.rows.map((x) => [x.view, x.format, fmt(x.resolveMs, 0), fmt(x.renderMs, 0), fmt(x.bytes / 1024, 0), x.pages === undefined ? '—' : String(x.pages)]),
  )
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n')

  s += nestingReport(r.nesting)
  s += compareReport(r.compare)

  const k = r.cold
  const ms = (t: { minMs: number; medianMs: number } | undefined) => (t ? `${fmt(t.minMs, 0)} / ${fmt(t.medianMs, 0)}` : '—')
  const g = (n: number | undefined) => (n === undefined ? '—' : fmt(n / 1e9, 2))
  s += `\nOne draft, cold CLI (${k.sponsors} sponsors: ${k.files} files), ${r.settings.rounds} interleaved rounds; ms min / median${r.instructions ? '; instructions (callgrind)' : ''}\n`
  s += table(
    ['command', 'ms', 'CPU s', ...(r.instructions ? ['G instr.'] : [])],
    [
      ['oasgen build <draft> (every view × docx + pdf)', ms(k.allViews), fmt(k.allViews.cpuSeconds, 2), ...(r.instructions ? [g(r.instructions.allViews)] : [])],
      ['oasgen check <draft>', ms(k.check), fmt(k.check.cpuSeconds, 2), ...(r.instructions ? [g(r.instructions.check)] : [])],
      ['oasgen --version (start-up alone)', ms(k.version), fmt(k.version.cpuSeconds, 2), ...(r.instructions ? [g(r.instructions.version)] : [])],
      ['node -e 0', ms(k.node), fmt(k.node.cpuSeconds, 2), ...(r.instructions ? [g(r.instructions.node)] : [])],
      ['pandoc -f markdown -t docx <draft>', ms(k.pandoc), fmt(k.pandoc?.cpuSeconds, 2), ...(r.instructions ? [g(r.instructions.pandoc)] : [])],
    ],
  )
  const w = r.watch
  s += `--watch on ${w.drafts} drafts (clean DOCX): a save → the draft's file rewritten in ${w.savedToOutputMs.map((x) => fmt(x, 0)).join(', ')} ms (median ${fmt(w.medianMs, 0)}); `
  s += `the rebuild done after ${fmt(w.savedToIdleMs, 0)} ms (median); other drafts' files rewritten: ${w.othersRewritten}\n`
  s += `Library floors, warm, per draft: remark-parse alone ${fmt(r.floors.remarkParseMs)} ms; docx compiling a one-paragraph document ${fmt(r.floors.docxMinimalMs)} ms; `
  s += `so at most ${fmt(r.floors.ceilingPerThread, 0)} DOCX drafts/s per thread before oasgen does anything\n`
  s += `Cores: two threads at once do ${fmt(r.cores.oasgen, 2)}× the work of one on oasgen's own (parse + DOCX render, warm), ${fmt(r.cores.arithmetic, 2)}× on a pure computation; `
  s += `a target that needs the second core expects close to 2×\n`
  s += `Memory: ${r.memory.measuredWith}; this harness's own peak (in-process runs): ${fmt(r.memory.inProcessMaxRssMb, 0)} MB\n`

  const p = r.pandoc
  if (p.available) {
    s += `pandoc: ${p.version}, \`pandoc -f markdown -t docx\` one process per draft, ${p.concurrency} at a time: ${fmt(p.seconds, 2)} s (CPU ${fmt(p.cpuSeconds, 2)} s) for ${r.settings.drafts} drafts = ${fmt(p.draftsPerSecond)} drafts/s, max RSS ${fmt(p.maxRssMb, 0)} MB\n`
  } else {
    s += `pandoc: not measured — ${p.reason}\n`
  }
  const lo = r.libreOffice
  if (lo.available) {
    s += `LibreOffice: ${lo.version}, one \`soffice --headless --convert-to pdf\` for pandoc's ${r.settings.drafts} DOCX: ${fmt(lo.seconds, 2)} s (CPU ${fmt(lo.cpuSeconds, 2)} s); `
    s += `pandoc + LibreOffice ${fmt(p.available ? p.seconds + lo.seconds : undefined, 2)} s\n`
  } else {
    s += `LibreOffice: not measured — ${lo.reason}\n`
  }
  const L = r.large
  if (L) {
    s += `Large batch, ${L.drafts} drafts → DOCX: oasgen ${fmt(L.oasgen.cliSeconds, 2)} s (CPU ${fmt(L.oasgen.cpuSeconds, 2)} s, ${fmt(L.oasgen.draftsPerSecond)} drafts/s)`
    s += L.pandoc.available ? `; pandoc ${fmt(L.pandoc.seconds, 2)} s (${fmt(L.pandoc.draftsPerSecond)} drafts/s): ${fmt(L.ratio, 1)}×\n` : `; pandoc not measured (${L.pandoc.reason})\n`
  }

  s += '\nTargets (issue #16, 2-core machine)\n'
  s += table(
    ['', 'target', 'measured', ''],
    r.targets.map((t) => [t.name, t.target, t.measured, t.pass === null ? '–' : t.pass ? '✓' : '✗']),
  )

  if (r.profiles) {
    for (const [name, prof] of Object.entries(r.profiles)) s += `\nProfile of ${name} (node --cpu-prof, all threads): ${formatSummary(prof)}\n`
  }
  s += `\n(${fmt(r.totalSeconds, 0)} s in all${r.tmp ? `; corpus and outputs kept in ${r.tmp}` : ''})\n`
  return s
}

await main().catch((error: unknown) => {
  if (error instanceof BenchError) fail(error.message)
  throw error
})
