/**
 * Nested proposals: the time of every stage as the nesting deepens (issue 11: 20 proposals of
 * one sponsor nested in each other took 48 s to build the txt and md of two views, the md
 * writer doing each level's work twice). Part of `npm run bench`; alone:
 *
 *   node --import tsx bench/nesting.ts        # after `npm run build`: the CLI runs dist/
 *
 * Each stage is timed in this process, warm, at depths D/4, D/2 and D (D about the depth limit):
 * linear work doubles from one column to the next (the draft's size doubles with the depth).
 * The CLI is timed end to end on the draft.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Format, View } from '../src/index.js'

type Api = typeof import('../src/index.js')

const ROOT = resolve(import.meta.dirname, '..')

/**
 * `paragraphs` operative paragraphs, each `depth` proposals of `sponsor` nested in each other,
 * the innermost by `inner`.
 */
export function nestedDraft(depth: number, sponsor = 'US', inner = sponsor, paragraphs = 1): string {
  let text = `[${inner}: a x]`
  for (let i = 1; i < depth; i++) text = `[${sponsor}: a ${text}]`
  return `---\ntitle: Nested proposals\n---\n\nRESOLVES:\n\n${Array.from({ length: paragraphs }, () => `1. ${text}`).join('\n\n')}\n`
}

/** CPU time of the work, in ms: this machine is shared, and wall time measures the others too. */
async function cpuMs(work: () => unknown): Promise<number> {
  const before = process.cpuUsage()
  await work()
  const { user, system } = process.cpuUsage(before)
  return (user + system) / 1000
}

export interface NestingResult {
  /** The case through the CLI: `build --format txt,md --view clean,bracketed`, start-up included. */
  cli: { depth: number; wallSeconds: number; cpuSeconds: number }
  depths: number[]
  /** Median CPU ms of each stage at each depth. */
  stages: Array<{ stage: string; ms: number[] }>
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

export async function measureNesting(api: Api, bin: string, repeat: number, limit: number): Promise<NestingResult> {
  const templates = new api.Templates()
  // The text of an operative paragraph is one level down already (its list item).
  const quarter = Math.floor((limit - 1) / 4)
  const depths = [quarter, 2 * quarter, 4 * quarter]
  // The delegation view for the innermost sponsor asks of every outer proposal whether it
  // encloses a shown one: the case that grew with the square of the depth.
  const views: Array<[string, View]> = [
    ['clean', { kind: 'clean' }],
    ['bracketed', { kind: 'bracketed' }],
    ['delegation', { kind: 'delegation', sponsor: 'US' }],
  ]
  const formats = api.FORMATS as readonly Format[]
  const stages = new Map<string, number[][]>()
  const time = async (stage: string, column: number, work: () => unknown) => {
    const rows = stages.get(stage) ?? depths.map(() => [])
    stages.set(stage, rows)
    rows[column]!.push(await cpuMs(work))
  }
  // Each stage takes milliseconds: enough rounds to see through the noise of a shared machine.
  for (let round = 0; round < 2 * repeat + 1; round++) {
    for (const [column, depth] of depths.entries()) {
      // Enough paragraphs for each stage to take milliseconds at the smallest depth.
      const text = nestedDraft(depth, 'COL', 'US', 40)
      let draft!: ReturnType<Api['parseDraft']>
      await time('parse', column, () => (draft = api.parseDraft(text, { path: 'nested.md', templates })))
      if (draft.failed) throw new Error(`the nested draft of depth ${depth} has errors: ${draft.file.messages.join('; ')}`)
      const layout = templates.layout(draft.meta!.template, draft.meta!.lang)
      for (const [name, view] of views) {
        let doc!: ReturnType<Api['resolveView']>['doc']
        await time(`resolve ${name}`, column, () => ({ doc } = api.resolveView({ meta: draft.meta!, tree: draft.tree }, view)))
        for (const format of formats) {
          const render = await api.renderer(format)
          await time(`${format} ${name}`, column, () => render({ doc, layout, registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn: () => {} } }))
        }
      }
    }
    // The first round warms the JIT and loads the renderers: not counted.
    if (round === 0) for (const rows of stages.values()) for (const row of rows) row.length = 0
  }

  // The CLI, as a user runs it: CPU time of the process (user + system, /usr/bin/time) and wall time.
  const dir = mkdtempSync(join(tmpdir(), 'oasgen-bench-nesting-'))
  const runs: Array<{ wall: number; cpu: number }> = []
  try {
    writeFileSync(join(dir, 'nested.md'), nestedDraft(20))
    for (let r = 0; r < repeat; r++) {
      const args = [process.execPath, bin, 'build', 'nested.md', '--format', 'txt,md', '--view', 'clean,bracketed', '--out', `out-${r}`, '--force']
      const result = spawnSync('/usr/bin/time', ['-f', 'time %e %U %S', ...args], { cwd: dir, encoding: 'utf8' })
      if (result.error || result.status !== 0) throw new Error(`oasgen build of the nested draft failed:\n${result.stdout}${result.stderr}${result.error ?? ''}`)
      const [wall = NaN, user = NaN, system = NaN] = (/time (\S+) (\S+) (\S+)\s*$/.exec(result.stderr) ?? []).slice(1).map(Number)
      runs.push({ wall, cpu: user + system })
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return {
    cli: { depth: 20, wallSeconds: median(runs.map((r) => r.wall)), cpuSeconds: median(runs.map((r) => r.cpu)) },
    depths,
    stages: [...stages].map(([stage, rows]) => ({ stage, ms: rows.map(median) })),
  }
}

export function nestingReport(r: NestingResult): string {
  const [a, b, c] = r.depths
  let s = `\nNesting: 40 paragraphs of proposals nested D deep, in process, warm, median CPU ms (linear work doubles from column to column)\n`
  const head = ['stage', `D = ${a}`, `D = ${b}`, `D = ${c}`, `×(${c}/${b})`]
  const rows = r.stages.map(({ stage, ms }) => [stage, ...ms.map((m) => m.toFixed(2)), (ms[2]! / ms[1]!).toFixed(2)])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  s += [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n'
  s += `CLI, ${r.cli.depth} nested proposals of one sponsor, txt + md of clean and bracketed: CPU ${r.cli.cpuSeconds.toFixed(2)} s, wall ${r.cli.wallSeconds.toFixed(2)} s (median)\n`
  return s
}

// Run alone: `node --import tsx bench/nesting.ts [--repeat R]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1]) || 3
  const api = (await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)) as Api
  const { MAX_DEPTH } = (await import(pathToFileURL(join(ROOT, 'dist', 'draft', 'depth.js')).href)) as { MAX_DEPTH: number }
  process.stdout.write(nestingReport(await measureNesting(api, join(ROOT, 'bin', 'oasgen.js'), repeat, MAX_DEPTH)))
}
