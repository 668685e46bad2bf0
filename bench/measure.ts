/**
 * Running and timing commands for the benchmark: wall time, CPU time and peak memory of a child
 * process (through `/usr/bin/time -v` when it is there), how much of the machine other processes
 * took meanwhile, and the instructions a command executes (valgrind's callgrind), which no load
 * elsewhere can move.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'

const TIME = '/usr/bin/time'

/** A failed measurement: the harness reports it and stops. */
export class BenchError extends Error {
  override name = 'BenchError'
}

export interface RunResult {
  code: number | null
  ms: number
  stdout: string
  stderr: string
  /** The child's peak resident set (kB), when /usr/bin/time is there. */
  maxRssKb: number | undefined
  /** The child's CPU time, user + system (s), when /usr/bin/time is there: less sensitive than wall time to other load. */
  cpuSeconds: number | undefined
}

export const HAS_TIME = existsSync(TIME)
let timeFiles = 0

/** Busy CPU time of the whole machine so far (ms, all cores), from /proc/stat through os.cpus(). */
export function machineBusyMs(): number {
  let busy = 0
  for (const cpu of cpus()) busy += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq
  return busy
}

/**
 * CPU time that other processes took while the timed CLI runs ran: the machine's busy time
 * less the children's own. On a shared machine this says how far to trust the wall times.
 */
export const interference = { wallMs: 0, foreignMs: 0 }

/** Runs a command, timing it wall-clock; with `rss`, under `/usr/bin/time -v` for its peak memory. */
export function run(command: string, args: string[], options: { rss?: boolean; cwd?: string; scratch?: string; concurrent?: boolean } = {}): Promise<RunResult> {
  const timeFile = options.rss && HAS_TIME && options.scratch ? join(options.scratch, `time-${timeFiles++}.txt`) : undefined
  const [cmd, argv] = timeFile ? [TIME, ['-v', '-o', timeFile, command, ...args]] : [command, args]
  return new Promise((resolveRun, reject) => {
    const busyBefore = machineBusyMs()
    const started = performance.now()
    // Not in the repository: a config file there (oasgen.config.json) must not change what is measured.
    const child = spawn(cmd, argv, { cwd: options.cwd ?? tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = performance.now() - started
      let maxRssKb: number | undefined
      let cpuSeconds: number | undefined
      if (timeFile && existsSync(timeFile)) {
        const report = readFileSync(timeFile, 'utf8')
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(report)
        if (m) maxRssKb = Number(m[1])
        const user = /User time \(seconds\): ([\d.]+)/.exec(report)
        const system = /System time \(seconds\): ([\d.]+)/.exec(report)
        if (user && system) cpuSeconds = Number(user[1]) + Number(system[1])
      }
      if (cpuSeconds !== undefined && !options.concurrent) {
        interference.wallMs += ms
        interference.foreignMs += Math.max(0, machineBusyMs() - busyBefore - cpuSeconds * 1000)
      }
      resolveRun({ code, ms, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), maxRssKb, cpuSeconds })
    })
  })
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

export function mustSucceed(result: RunResult, what: string): RunResult {
  if (result.code !== 0) throw new BenchError(`${what} exited with ${result.code}\n${result.stdout}\n${result.stderr}`)
  return result
}

/** Whether valgrind is installed, for `instructions`. */
export async function hasValgrind(): Promise<boolean> {
  try {
    return (await run('valgrind', ['--version'])).code === 0
  } catch {
    return false
  }
}

/**
 * The instructions `command` executes, every thread counted (valgrind --tool=callgrind, which
 * runs the threads one at a time): a figure that load elsewhere cannot move, unlike wall or
 * CPU time. About fifty times slower than the command itself.
 */
export async function instructions(command: string, args: string[], options: { cwd?: string; scratch: string; label: string }): Promise<number> {
  const out = join(options.scratch, `callgrind-${options.label}-${timeFiles++}-%p.out`)
  // Every program the command becomes or starts is counted: bin/oasgen.js is env, then sh, then
  // node (docs/decisions.md, "Start-up snapshot").
  const result = await run('valgrind', ['--tool=callgrind', '--trace-children=yes', `--callgrind-out-file=${out}`, command, ...args], { cwd: options.cwd })
  mustSucceed(result, `valgrind ${command} ${args.join(' ')}`)
  const collected = [...result.stderr.matchAll(/Collected\s*:\s*(\d+)/g)].map((m) => Number(m[1]))
  if (collected.length === 0) throw new BenchError(`valgrind printed no instruction count for ${options.label}:\n${result.stderr.slice(-2000)}`)
  return collected.reduce((a, b) => a + b, 0)
}

/**
 * The command and arguments that run bin/oasgen.js as a user does: as a program (which starts
 * node from the start-up snapshot), or by node on Windows, as npm's shims there do.
 */
export function oasgen(bin: string, args: string[]): [string, string[]] {
  return process.platform === 'win32' ? [process.execPath, [bin, ...args]] : [bin, args]
}
