/**
 * Line breaking: Knuth–Plass (the total-fit algorithm of TeX) for justified text, greedy
 * first-fit for ragged text and as the fallback when no set of breaks is good enough.
 */
import { INFINITY, type Item } from './items.js'

/** One line: items `start` (inclusive) to `end` (the break, exclusive), and how its glue is set. */
export interface LineBreak {
  start: number
  end: number
  /** Adjustment ratio: >0 stretches the glue by ratio × stretch, <0 shrinks by ratio × shrink. */
  ratio: number
}

export interface BreakOptions {
  /** The width of line `n` (0-based). */
  width: (line: number) => number
  justify: boolean
}

/** Breaks a paragraph's items (as `itemize` makes them) into lines. */
export function breakLines(items: Item[], options: BreakOptions): LineBreak[] {
  if (options.justify) {
    const sums = runningSums(items)
    for (const tolerance of [2, 8]) {
      const breaks = totalFit(items, sums, options.width, tolerance)
      if (breaks) return lines(items, breaks, options)
    }
  }
  // Ragged and centred lines (titles) as Word sets them: as many words as fit on each line, so
  // that the PDF breaks a title where the DOCX and the original documents do.
  return lines(items, firstFit(items, options.width), options)
}

/** Where the text after a break starts: the first box (or forced break) after it. */
function afterBreak(items: Item[], b: number): number {
  let i = b
  if (i < 0) return 0
  i++
  while (i < items.length) {
    const item = items[i]!
    if (item.type === 'box') break
    if (item.type === 'penalty' && item.penalty <= -INFINITY) break
    i++
  }
  return i
}

function isBreak(items: Item[], i: number): boolean {
  const item = items[i]!
  if (item.type === 'penalty') return item.penalty < INFINITY
  if (item.type === 'glue') return i > 0 && items[i - 1]!.type === 'box'
  return false
}

/** Turns break positions into lines with their adjustment ratios. */
function lines(items: Item[], breaks: number[], options: BreakOptions): LineBreak[] {
  const out: LineBreak[] = []
  let prev = -1
  breaks.forEach((b, n) => {
    const start = afterBreak(items, prev)
    let width = 0
    let stretch = 0
    let shrink = 0
    for (let i = start; i < b; i++) {
      const item = items[i]!
      if (item.type === 'box') width += item.width
      else if (item.type === 'glue') {
        width += item.width
        stretch += item.stretch
        shrink += item.shrink
      }
    }
    const brk = items[b]
    if (brk?.type === 'penalty') width += brk.width
    const target = options.width(n)
    let ratio = 0
    if (options.justify) {
      if (width < target) ratio = stretch > 0 && stretch < INFINITY ? (target - width) / stretch : 0
      else if (width > target) ratio = shrink > 0 ? Math.max(-1, (target - width) / shrink) : 0
    }
    out.push({ start, end: b, ratio })
    prev = b
  })
  return out
}

/** Greedy: as many words on each line as fit (at natural width); an overlong word overflows. */
function firstFit(items: Item[], widthOf: (line: number) => number): number[] {
  const breaks: number[] = []
  let start = 0
  let width = 0
  let lastBreak = -1
  let line = 0
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!
    // A forced break, or a line that no longer fits: end the line there and start after it.
    let end: number | undefined
    if (item.type === 'penalty' && item.penalty <= -INFINITY) end = i
    else if (isBreak(items, i) && i > start) {
      const w = width + (item.type === 'penalty' ? item.width : 0)
      const fits = w <= widthOf(line) + 0.001
      if (fits || lastBreak < 0) lastBreak = i
      if (!fits && lastBreak >= 0 && lastBreak !== i) end = lastBreak
    }
    if (end !== undefined) {
      breaks.push(end)
      line++
      start = afterBreak(items, end)
      i = start - 1
      width = 0
      lastBreak = -1
      continue
    }
    if (i >= start && item.type !== 'penalty') width += item.width
  }
  return breaks
}

interface Node {
  position: number
  line: number
  /** The width of the line after this break (line `line`). */
  target: number
  fitness: number
  width: number
  stretch: number
  shrink: number
  demerits: number
  previous: Node | undefined
}

const LINE_PENALTY = 10
const FLAGGED_DEMERITS = 3000
const FITNESS_DEMERITS = 100

/**
 * Running sums of the items' widths (w), stretch (y) and shrink (z) up to (not including) item i:
 * made once per paragraph for both tolerances, in arrays kept from paragraph to paragraph (grown
 * as needed), so valid until the next paragraph's.
 */
interface Sums {
  w: Float64Array
  y: Float64Array
  z: Float64Array
}
let sumW = new Float64Array(256)
let sumY = new Float64Array(256)
let sumZ = new Float64Array(256)

function runningSums(items: Item[]): Sums {
  const n = items.length
  if (sumW.length < n + 1) {
    const size = Math.max(n + 1, 2 * sumW.length)
    sumW = new Float64Array(size)
    sumY = new Float64Array(size)
    sumZ = new Float64Array(size)
  }
  sumW[0] = sumY[0] = sumZ[0] = 0
  for (let i = 0; i < n; i++) {
    const item = items[i]!
    const isPenalty = item.type === 'penalty'
    sumW[i + 1] = sumW[i]! + (isPenalty ? 0 : item.width)
    sumY[i + 1] = sumY[i]! + (item.type === 'glue' ? item.stretch : 0)
    sumZ[i + 1] = sumZ[i]! + (item.type === 'glue' ? item.shrink : 0)
  }
  return { w: sumW, y: sumY, z: sumZ }
}

/** Knuth–Plass: the breaks with the least total demerits, or undefined if none is feasible (`sums`: `runningSums(items)`). */
function totalFit(items: Item[], sums: Sums, widthOf: (line: number) => number, tolerance: number): number[] | undefined {
  const { w: sumW, y: sumY, z: sumZ } = sums
  const n = items.length
  const active: Node[] = [{ position: -1, line: 0, target: widthOf(0), fitness: 1, width: 0, stretch: 0, shrink: 0, demerits: 0, previous: undefined }]
  // The best new node of each fitness class at the break being tried (reused from break to break).
  const best: Array<Node | undefined> = [undefined, undefined, undefined, undefined]
  for (let b = 0; b < n; b++) {
    if (!isBreak(items, b)) continue
    const item = items[b]!
    const penalty = item.type === 'penalty' ? item.penalty : 0
    const flagged = item.type === 'penalty' && item.flagged
    const breakWidth = item.type === 'penalty' ? item.width : 0
    best[0] = best[1] = best[2] = best[3] = undefined
    // Active nodes that stay active are moved down over those that do not, in order.
    let kept = 0
    for (let k = 0; k < active.length; k++) {
      const a = active[k]!
      const width = sumW[b]! - a.width + breakWidth
      const target = a.target
      let ratio: number
      if (width < target) {
        const stretch = sumY[b]! - a.stretch
        ratio = stretch > 0 ? (target - width) / stretch : INFINITY
      } else if (width > target) {
        const shrink = sumZ[b]! - a.shrink
        ratio = shrink > 0 ? (target - width) / shrink : -INFINITY
      } else ratio = 0
      if (!(ratio < -1 || penalty <= -INFINITY)) active[kept++] = a
      if (ratio >= -1 && ratio <= tolerance) {
        const badness = 100 * Math.abs(ratio) ** 3
        let demerits = (LINE_PENALTY + badness) ** 2
        if (penalty >= 0) demerits += penalty ** 2
        else if (penalty > -INFINITY) demerits -= penalty ** 2
        const prevItem = items[a.position]
        if (flagged && prevItem?.type === 'penalty' && prevItem.flagged) demerits += FLAGGED_DEMERITS
        const fitness = ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3
        if (Math.abs(fitness - a.fitness) > 1) demerits += FITNESS_DEMERITS
        demerits += a.demerits
        const current = best[fitness]
        if (!current || demerits < current.demerits) {
          best[fitness] = { position: b, line: a.line + 1, target: 0, fitness, width: 0, stretch: 0, shrink: 0, demerits, previous: a }
        }
      }
    }
    active.length = kept
    if (best[0] || best[1] || best[2] || best[3]) {
      const after = afterBreak(items, b)
      for (const node of best) {
        if (!node) continue
        node.target = widthOf(node.line)
        node.width = sumW[after]!
        node.stretch = sumY[after]!
        node.shrink = sumZ[after]!
        active.push(node)
      }
    }
    if (active.length === 0) return undefined
  }
  let last: Node | undefined
  for (const node of active) if (node.position === n - 1 && (!last || node.demerits < last.demerits)) last = node
  if (!last) return undefined
  const breaks: number[] = []
  for (let node: Node | undefined = last; node && node.position >= 0; node = node.previous) breaks.unshift(node.position)
  return breaks
}
