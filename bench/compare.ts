/**
 * `oasgen compare` on long drafts: two revisions of a draft of P operative paragraphs carrying
 * 2P proposals, the second made from the first by the edits a secretariat makes between
 * revisions (proposals marked agreed or withdrawn, taken out, folded into the text, amended,
 * co-sponsored, added; paragraphs deleted, added, moved; a few base-text edits). Part of
 * `npm run bench`; alone:
 *
 *   node --import tsx bench/compare.ts [--repeat R]   # after `npm run build`: the CLI runs dist/
 *
 * `compareRevisions` is timed in this process, warm (parsing excluded), at P = 500, 1,000 and
 * 2,000: linear work doubles from one column to the next (quadratic work quadruples). The CLI is
 * timed end to end (`compare old.md new.md --format json`) at P = 1,000, start-up and parsing
 * included.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { generateLong, Rng } from './corpus.js'
import { median, mustSucceed, run } from './measure.js'

type Api = typeof import('../src/index.js')

const ROOT = resolve(import.meta.dirname, '..')
const SIZES = [500, 1000, 2000] as const
/** The pair the CLI compares. */
const CLI_SIZE = 1000
const SPONSORS = ['US', 'COL', 'MEX', 'CAN', 'BRA', 'ARG', 'CHL', 'PER']
const FILLER = ['regional', 'cooperation', 'capacity', 'framework', 'dialogue', 'resilience', 'technical', 'assistance', 'national', 'strategies', 'exchange', 'information', 'experts', 'confidence', 'measures', 'security']

/** A revision of `text`: the edits of a working session, chosen by a PRNG seeded with `seed` (the same revision every run). */
export function revise(text: string, seed: string): string {
  const rng = new Rng(`${seed}:revise`)
  const front = /^---\n[\s\S]*?\n---\n/.exec(text)![0]
  const blocks = text.slice(front.length).split(/\n\n+/).filter((b) => b.trim() !== '')
  const phrase = (n: number) => Array.from({ length: n }, () => rng.pick(FILLER)).join(' ')
  const out: string[] = []
  const moving: string[] = []
  blocks.forEach((block, i) => {
    const item = /^\d+\. /.test(block)
    const alone = item && !/^\s+\d+\. /.test(blocks[i + 1] ?? '')
    if (alone && rng.chance(0.015)) return // deleted
    if (alone && rng.chance(0.01)) {
      moving.push(block) // moved further down
      return
    }
    const edited = block.startsWith('[^') ? block : reviseBlock(block, rng, phrase)
    out.push(edited)
    if (alone && rng.chance(0.015)) out.push(`1. To welcome the ${phrase(6)} [${rng.pick(SPONSORS)}: and the ${phrase(3)}] of the ${phrase(4)}.`)
    if (alone && moving.length > 0 && rng.chance(0.02)) out.push(moving.shift()!)
  })
  // Those never put back go before the footnotes.
  const notes = out.findIndex((b) => b.startsWith('[^'))
  out.splice(notes < 0 ? out.length : notes, 0, ...moving)
  return `${front}\n${out.join('\n\n')}\n`
}

/** The proposals of one paragraph edited: each at most once, edits never overlapping. */
function reviseBlock(block: string, rng: Rng, phrase: (n: number) => string): string {
  const splices: Array<{ at: number; end: number; text: string }> = []
  const tag = /\[([A-Z][A-Za-z]*(?:(?:, |\/)[A-Z][A-Za-z]*)*)( agreed)?: /g
  for (const m of block.matchAll(tag)) {
    const start = m.index
    const close = closing(block, start)
    if (close < 0) continue
    const colon = start + m[0].length - 2
    const inner = block.slice(start + m[0].length, close)
    const plain = !/[[\]]/.test(inner)
    const r = rng.next()
    if (r < 0.03 && !m[2]) splices.push({ at: colon, end: colon, text: ' agreed' })
    else if (r < 0.05 && !m[2]) splices.push({ at: colon, end: colon, text: ' withdrawn' })
    else if (r < 0.08) {
      const joining = SPONSORS.filter((s) => !m[1]!.split(/, |\//).includes(s))
      splices.push({ at: colon, end: colon, text: `, ${rng.pick(joining)}` })
    } else if (r < 0.11) splices.push({ at: close, end: close, text: ' duly' })
    else if (r < 0.13 && plain && !m[2]) {
      // Taken out (the words it deleted back) or folded into the text (its words in).
      const deleted = /^~~(.*?)~~ ?/.exec(inner)
      const words = rng.chance(0.5) ? (deleted?.[1] ?? '') : inner.slice(deleted?.[0].length ?? 0)
      splices.push({ at: start, end: close + 1, text: words })
    }
  }
  // A new proposal, and now and then an editor's own change, in base text.
  const base = baseSpots(block)
  if (base.length > 0 && rng.chance(0.03)) {
    const at = rng.pick(base)
    splices.push({ at, end: at, text: ` [${rng.pick(SPONSORS)}: in coordination with ${phrase(3)}]` })
  }
  if (base.length > 0 && rng.chance(0.005)) {
    const at = rng.pick(base)
    splices.push({ at, end: at, text: ' also' })
  }
  splices.sort((a, b) => b.at - a.at || b.end - a.end)
  let text = block
  let floor = Infinity
  for (const s of splices) {
    if (s.end > floor || (s.end === floor && s.at !== s.end)) continue
    text = text.slice(0, s.at) + s.text + text.slice(s.end)
    floor = s.at
  }
  return text
}

/** The index of the `]` that closes the `[` at `start`, or −1. */
function closing(text: string, start: number): number {
  let depth = 0
  for (let i = start; i < text.length; i++) {
    if (text[i] === '[') depth++
    else if (text[i] === ']' && --depth === 0) return i
  }
  return -1
}

/** Offsets just before a space in base text (outside every bracket and strike), after the first word. */
function baseSpots(text: string): number[] {
  const spots: number[] = []
  let depth = 0
  let struck = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '[') depth++
    else if (c === ']') depth--
    else if (c === '~' && text[i + 1] === '~') {
      struck = !struck
      i++
    } else if (c === ' ' && depth === 0 && !struck && i > 4 && /\w/.test(text[i - 1]!)) spots.push(i)
  }
  return spots
}

/** CPU time of the work, in ms: this machine is shared, and wall time measures the others too. */
function cpuMs(work: () => unknown): number {
  const before = process.cpuUsage()
  work()
  const { user, system } = process.cpuUsage(before)
  return (user + system) / 1000
}

export interface CompareBenchResult {
  /** Operative paragraphs of each pair (proposals: twice as many), and the pairs' figures. */
  sizes: Array<{ paragraphs: number; proposals: number; changed: number; ms: number }>
  cli: { paragraphs: number; wallSeconds: number; cpuSeconds: number }
}

/** The pair of revisions of P operative paragraphs, both parsed (an error stops the bench). */
export function comparePairTexts(seed: string, paragraphs: number): { old: string; next: string } {
  const old = generateLong(seed, paragraphs, 2 * paragraphs).text
  return { old, next: revise(old, `${seed}:${paragraphs}`) }
}

export async function measureCompare(api: Api, bin: string, seed: string, repeat: number): Promise<CompareBenchResult> {
  const templates = new api.Templates()
  const parse = (text: string, path: string) => {
    const draft = api.parseDraft(text, { path, templates })
    if (draft.failed || !draft.meta) throw new Error(`compare bench: ${path} has errors:\n${draft.file.messages.map(String).join('\n')}`)
    return { path, meta: draft.meta, tree: draft.tree }
  }
  const sizes: CompareBenchResult['sizes'] = []
  const texts = new Map<number, { old: string; next: string }>()
  for (const paragraphs of SIZES) {
    const pair = comparePairTexts(seed, paragraphs)
    texts.set(paragraphs, pair)
    const revisions = [parse(pair.old, 'old.md'), parse(pair.next, 'new.md')]
    let report!: ReturnType<Api['compareRevisions']>
    api.compareRevisions(revisions) // warm-up
    const ms: number[] = []
    for (let r = 0; r < repeat; r++) ms.push(cpuMs(() => (report = api.compareRevisions(revisions))))
    const c = report.comparisons[0]!
    sizes.push({ paragraphs, proposals: c.proposals.length, changed: c.proposals.filter((p) => !p.changes.includes('unchanged')).length, ms: median(ms) })
  }
  // The CLI, as a user runs it: wall time, and CPU time (user + system) when /usr/bin/time is there.
  const dir = mkdtempSync(join(tmpdir(), 'oasgen-bench-compare-'))
  const runs: Array<{ wall: number; cpu: number }> = []
  try {
    const pair = texts.get(CLI_SIZE)!
    writeFileSync(join(dir, 'old.md'), pair.old)
    writeFileSync(join(dir, 'new.md'), pair.next)
    for (let r = 0; r < repeat; r++) {
      const result = await run(process.execPath, [bin, 'compare', 'old.md', 'new.md', '--format', 'json', '--out', 'changes.json'], { cwd: dir, rss: true, scratch: dir })
      mustSucceed(result, 'oasgen compare of the long pair')
      runs.push({ wall: result.ms / 1000, cpu: result.cpuSeconds ?? NaN })
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return { sizes, cli: { paragraphs: CLI_SIZE, wallSeconds: median(runs.map((r) => r.wall)), cpuSeconds: median(runs.map((r) => r.cpu)) } }
}

export function compareReport(r: CompareBenchResult): string {
  let s = '\nCompare: two revisions of P operative paragraphs, 2P proposals, a session’s edits between them; compareRevisions in process, warm, median CPU ms (linear work doubles from column to column)\n'
  const head = ['', ...r.sizes.map((x) => `P = ${x.paragraphs}`), `×(${r.sizes[2]!.paragraphs}/${r.sizes[1]!.paragraphs})`]
  const rows = [
    ['proposals compared (changed)', ...r.sizes.map((x) => `${x.proposals} (${x.changed})`), ''],
    ['compareRevisions, ms', ...r.sizes.map((x) => x.ms.toFixed(1)), (r.sizes[2]!.ms / r.sizes[1]!.ms).toFixed(2)],
  ]
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  s += [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n'
  s += `CLI, compare --format json, P = ${r.cli.paragraphs} (parse of both included): CPU ${r.cli.cpuSeconds.toFixed(2)} s, wall ${r.cli.wallSeconds.toFixed(2)} s (median)\n`
  return s
}

// Run alone: `node --import tsx bench/compare.ts [--repeat R] [--seed S]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined)
  const repeat = Number(arg('--repeat')) || 3
  const api = (await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)) as Api
  process.stdout.write(compareReport(await measureCompare(api, join(ROOT, 'bin', 'oasgen.js'), arg('--seed') ?? 'oasgen-bench-1', repeat)))
}
