/**
 * Reads V8 `.cpuprofile` files (from `node --cpu-prof`) and lists where the time goes: the
 * functions with the most self time, and oasgen's own functions (dist/, src/) with the most
 * total time (self plus what they call).
 *
 *   node --import tsx bench/profile.ts <file.cpuprofile>… [--top N]
 *
 * Several files (a main thread and its worker threads) are added together.
 */
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  hitCount?: number
  children?: number[]
}

export interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples?: number[]
  timeDeltas?: number[]
}

export interface HotFunction {
  name: string
  where: string
  selfMs: number
  totalMs: number
  /** Of the busy time (idle excluded). */
  percent: number
}

export interface ProfileSummary {
  /** Sampled time, idle included, summed over the profiles. */
  sampledMs: number
  idleMs: number
  /** By self time, any code. */
  bySelf: HotFunction[]
  /** oasgen's own functions by total time. */
  ownByTotal: HotFunction[]
}

const IDLE = new Set(['(idle)', '(program)'])

/** Self and total time per function (summed over every call site). */
export function summarize(profiles: CpuProfile[], root: string, count = 15): ProfileSummary {
  const stats = new Map<string, HotFunction>()
  let sampledMs = 0
  let idleMs = 0
  for (const profile of profiles) {
    const parent = new Map<number, number>()
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
    const keyOf = new Map<number, string>()
    for (const node of profile.nodes) {
      const frame = node.callFrame
      const name = frame.functionName || (frame.url ? '(anonymous)' : '(native)')
      const where = frame.url ? `${shorten(frame.url, root)}:${frame.lineNumber + 1}` : ''
      const key = `${name}\0${where}`
      keyOf.set(node.id, key)
      if (!stats.has(key)) stats.set(key, { name, where, selfMs: 0, totalMs: 0, percent: 0 })
    }
    const samples = profile.samples ?? []
    const deltas = profile.timeDeltas ?? []
    sampledMs += (profile.endTime - profile.startTime) / 1000
    for (let i = 0; i < samples.length; i++) {
      // A sample's time is the delta to the next sample.
      const ms = (deltas[i + 1] ?? 0) / 1000
      const id = samples[i]!
      const self = stats.get(keyOf.get(id)!)!
      self.selfMs += ms
      if (IDLE.has(self.name)) idleMs += ms
      const seen = new Set<string>()
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const key = keyOf.get(at)!
        if (seen.has(key)) continue
        seen.add(key)
        stats.get(key)!.totalMs += ms
      }
    }
  }
  const busy = Math.max(1e-9, sampledMs - idleMs)
  const all = [...stats.values()].filter((s) => s.name !== '(root)')
  for (const s of all) s.percent = (100 * s.selfMs) / busy
  const bySelf = all.filter((s) => !IDLE.has(s.name)).sort((a, b) => b.selfMs - a.selfMs).slice(0, count)
  const ownByTotal = all
    .filter((s) => /^(dist|src)\//.test(s.where))
    .map((s) => ({ ...s, percent: (100 * s.totalMs) / busy }))
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, count)
  return { sampledMs, idleMs, bySelf, ownByTotal }
}

function shorten(url: string, root: string): string {
  let path = url
  if (url.startsWith('file://')) {
    try {
      path = relative(root, fileURLToPath(url))
    } catch {
      path = url
    }
  }
  return path.replace(/^(\.\.\/)*node_modules\//, '~/').replace(/^.*\/node_modules\//, '~/')
}

export function formatSummary(summary: ProfileSummary): string {
  const row = (t: HotFunction, ms: number) => `${ms.toFixed(0).padStart(7)} ms ${t.percent.toFixed(1).padStart(5)}%  ${t.name}  ${t.where}`
  return [
    `${summary.sampledMs.toFixed(0)} ms sampled, ${summary.idleMs.toFixed(0)} ms idle`,
    'self time (% of busy time):',
    ...summary.bySelf.map((t) => row(t, t.selfMs)),
    "oasgen's own functions by total time (self + callees):",
    ...summary.ownByTotal.map((t) => row(t, t.totalMs)),
  ].join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2)
  const at = args.indexOf('--top')
  const top = at >= 0 ? Number(args.splice(at, 2)[1]) : 20
  if (args.length === 0) {
    process.stderr.write('usage: node --import tsx bench/profile.ts <file.cpuprofile>… [--top N]\n')
    process.exit(2)
  }
  const profiles = args.map((f) => JSON.parse(readFileSync(f, 'utf8')) as CpuProfile)
  process.stdout.write(formatSummary(summarize(profiles, process.cwd(), top)) + '\n')
}
