/**
 * Setting a broken line: where each fragment goes, how wide each space is, and where the
 * underlines and strike-throughs run. Positions are in points from the text area's left edge.
 */
import type { Face } from './fonts.js'
import type { Frag, Item, LinkTarget } from './items.js'
import type { LineBreak } from './linebreak.js'
import { consecutive } from '../consecutive.js'

/** A fragment at its place; `advance` is its drawn width (a stretched space is wider). */
export interface Placed {
  x: number
  frag: Frag
  advance: number
  /** True for a space (glue). */
  space: boolean
  /** The number or bullet of a list item (and the gap after it): tagged `Lbl`. */
  label?: true
  /** In a table row, the column of the cell it is in (from 0): tagged `TH` or `TD`. */
  cell?: number
}

export interface Decoration {
  kind: 'underline' | 'strike'
  x0: number
  x1: number
  /** The face and size whose metrics place it. */
  face: Face
  size: number
}

/** Where a link's text runs on a line: a clickable area of the PDF. */
export interface LinkSpan {
  link: LinkTarget
  x0: number
  x1: number
}

export interface SetLine {
  placed: Placed[]
  decorations: Decoration[]
  /** The footnotes this line marks. */
  notes: number[]
  links: LinkSpan[]
}

export type Align = 'left' | 'center' | 'right' | 'justify'

/**
 * Sets line `n` of a paragraph: `x` is where its text starts, `width` the width it fills.
 * The last line of a justified paragraph, and a line before a hard break, are set at natural
 * width (their ratio is 0).
 */
export function setLine(items: Item[], line: LineBreak, x: number, width: number, align: Align): SetLine {
  const placed: Placed[] = []
  let cursor = x
  if (align === 'center' || align === 'right') {
    let natural = 0
    for (let i = line.start; i < line.end; i++) {
      const item = items[i]!
      if (item.type === 'box') natural += item.width
      else if (item.type === 'glue') natural += adjusted(item.width, item.stretch, item.shrink, line.ratio)
    }
    cursor += align === 'center' ? (width - natural) / 2 : width - natural
  }
  // What the line's words mark, gathered as they are placed (spaces mark nothing: their fragments have no anchor, and open no decoration).
  const notes: number[] = []
  let decorated = false
  let linked = false
  for (let i = line.start; i < line.end; i++) {
    const item = items[i]!
    if (item.type === 'box') {
      for (const frag of item.frags) {
        placed.push({ x: cursor, frag, advance: frag.width, space: false })
        cursor += frag.width
        if (frag.note !== undefined && !notes.includes(frag.note)) notes.push(frag.note)
        decorated ||= frag.style.underline || frag.style.strike
        linked ||= frag.link !== undefined
      }
    } else if (item.type === 'glue') {
      const advance = adjusted(item.width, item.stretch, item.shrink, line.ratio)
      if (item.frag) placed.push({ x: cursor, frag: item.frag, advance, space: true })
      cursor += advance
    }
  }
  // A line that ends at a space keeps it (past the margin, where it draws nothing), so that
  // text read from the PDF, by copying or through its structure, has the words apart.
  const brk = items[line.end]
  if (brk?.type === 'glue' && brk.frag && placed.length > 0) placed.push({ x: cursor, frag: brk.frag, advance: brk.frag.width, space: true })
  return { placed, decorations: decorated ? decorate(placed) : [], notes, links: linked ? linkSpans(placed) : [] }
}

/**
 * The stretches of a line that are text of one link: from its first word to its last, the
 * spaces between them included; text that is not the link's (or another link's) ends it.
 */
export function linkSpans(placed: Placed[]): LinkSpan[] {
  // Most lines hold no link: nothing to group, nothing to allocate.
  if (!placed.some((p) => p.frag.link !== undefined)) return []
  return consecutive(
    placed.filter((p) => !p.space),
    (p) => p.frag.link,
  ).flatMap(({ key: link, items }) => (link === undefined ? [] : [{ link, x0: items[0]!.x, x1: items[items.length - 1]!.x + items[items.length - 1]!.advance }]))
}

function adjusted(width: number, stretch: number, shrink: number, ratio: number): number {
  if (stretch >= 10_000) return width
  return ratio >= 0 ? width + ratio * stretch : width + ratio * shrink
}

/**
 * Underline and strike-through spans: each runs over consecutive fragments that carry it,
 * spaces between two of them included, never a space at either end.
 */
export function decorate(placed: Placed[]): Decoration[] {
  const out: Decoration[] = []
  for (const kind of ['underline', 'strike'] as const) {
    let open: Decoration | undefined
    for (const p of placed) {
      const on = p.frag.style[kind]
      if (p.space) {
        if (!on && open) {
          out.push(open)
          open = undefined
        }
        continue
      }
      if (!on) {
        if (open) out.push(open)
        open = undefined
        continue
      }
      if (!open) open = { kind, x0: p.x, x1: p.x + p.advance, face: p.frag.style.face, size: p.frag.style.size }
      else {
        open.x1 = p.x + p.advance
        if (p.frag.style.size > open.size && p.frag.style.rise === 0) {
          open.size = p.frag.style.size
          open.face = p.frag.style.face
        }
      }
    }
    if (open) out.push(open)
  }
  return out
}
