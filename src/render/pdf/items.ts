/**
 * Text as the line breaker sees it: boxes (words, measured), glue (spaces, which stretch and
 * shrink) and penalties (places to break inside a word, or forced breaks), after Knuth and
 * Plass. A box is made of fragments, each in one style, so a word may mix a bold bracket, a
 * struck deletion and an underlined insertion.
 */
import { caching } from '../cache.js'
import { faceOf, FACES, hasGlyph, onShapingChange, shape, type Face, type Shape } from './fonts.js'

/** How a fragment of text is drawn. */
export interface TextStyle {
  face: Face
  size: number
  underline: boolean
  strike: boolean
  /** Raise above the baseline, in points (superscript footnote marks). */
  rise: number
}

export interface Frag {
  text: string
  style: TextStyle
  shape: Shape
  /** Width in points. */
  width: number
  /** The footnote this fragment marks. */
  note?: number
  /** The link this fragment is text of. */
  link?: LinkTarget
}

/** A link of the document, as the PDF makes it: one object per link, its target safe and ASCII. */
export interface LinkTarget {
  url: string
}

export interface Box {
  type: 'box'
  width: number
  frags: Frag[]
}

export interface Glue {
  type: 'glue'
  width: number
  stretch: number
  shrink: number
  /** The space as drawn (its face decides its width; its style its decoration). */
  frag: Frag | undefined
}

export interface Penalty {
  type: 'penalty'
  width: number
  penalty: number
  flagged: boolean
}

export type Item = Box | Glue | Penalty

/** A penalty this large forbids a break; this small forces one. */
export const INFINITY = 10_000

/** A piece of the paragraph's text in one style, as the builder collects it. */
export interface Piece extends Anchor {
  text: string
  style: TextStyle
}

/** What a fragment points to: the footnote it marks, the link it is text of. */
export interface Anchor {
  note?: number
  link?: LinkTarget
}

export interface ItemOptions {
  /** Justified text: spaces stretch and shrink, and words may break after a hyphen. */
  justify: boolean
  /** Reports a character no face can draw (once per character). */
  missing: (ch: string) => void
}

/** Space, tab, line feed: the characters that separate words (a regex test per character cost more). */
const isSpace = (ch: string): boolean => ch === ' ' || ch === '\n' || ch === '\t'
/** Spaces stretch by half and shrink by a fifth of their width (Word never shrinks; TeX a third). */
const STRETCH = 0.5
const SHRINK = 0.2
/** The cost of breaking after a hyphen, against a line's badness. */
const HYPHEN_PENALTY = 50

export function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return a.face === b.face && a.size === b.size && a.underline === b.underline && a.strike === b.strike && a.rise === b.rise
}

/**
 * The items of one paragraph's pieces: spaces become glue (runs of spaces one glue), `\n` a
 * forced break, everything else boxes; ends with the finishing glue and forced break.
 */
export function itemize(pieces: Piece[], options: ItemOptions): Item[] {
  const items: Item[] = []
  let word: Piece[] = []
  const flush = () => {
    if (word.length > 0) pushWord(items, word, options)
    word = []
  }
  for (const piece of pieces) {
    const text = piece.text.normalize('NFC')
    // The words of this style measured before (see pushWord), when this piece's may be among them.
    const known = measuredWordsOf(piece, options.justify)
    let start = 0
    for (let i = 0; i <= text.length; i++) {
      const ch = text[i]
      if (i < text.length && !isSpace(ch!)) continue
      if (i > start) {
        // A word of this piece alone, between two spaces, measured before: its items, without making a piece of it.
        const made = known !== undefined && ch !== undefined && word.length === 0 ? known.get(text.slice(start, i)) : undefined
        if (made !== undefined) for (const item of made) items.push(item)
        else word.push(withAnchor<Piece>({ text: text.slice(start, i), style: piece.style }, piece))
      }
      start = i + 1
      if (ch === undefined) break
      flush()
      if (ch === '\n') {
        // A hard break: the line before it is not justified.
        while (items.length > 0 && items[items.length - 1]!.type === 'glue') items.pop()
        const last = items[items.length - 1]
        if (!last || last.type === 'penalty') items.push({ type: 'box', width: 0, frags: [] })
        items.push({ type: 'glue', width: 0, stretch: INFINITY, shrink: 0, frag: undefined })
        items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: false })
      } else if (items.length > 0 && items[items.length - 1]!.type === 'box') {
        items.push(space(piece.style, options.justify))
      }
    }
  }
  flush()
  while (items.length > 0 && items[items.length - 1]!.type !== 'box') items.pop()
  items.push({ type: 'glue', width: 0, stretch: INFINITY, shrink: 0, frag: undefined })
  items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: false })
  return keepTogether(items)
}

/** Whether French sets a space before this text's first character (`:` `;` `!` `?` `»`), or after its last (`«`). */
const closing = (text: string): boolean => {
  const c = text.charCodeAt(0)
  return c === 0x3a || c === 0x3b || c === 0x21 || c === 0x3f || c === 0xbb
}
const opening = (text: string): boolean => text.charCodeAt(text.length - 1) === 0xab

/** A space before `:` `;` `!` `?` `»` or after `«` does not break the line (DÉCIDE :, « texte »). */
function keepTogether(items: Item[]): Item[] {
  let out: Item[] | undefined
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!
    if (item.type === 'glue' && item.frag) {
      const before = items[i - 1]
      const after = items[i + 1]
      const next = after?.type === 'box' ? after.frags[0]?.text : undefined
      const prev = before?.type === 'box' ? before.frags[before.frags.length - 1]?.text : undefined
      if ((next !== undefined && closing(next)) || (prev !== undefined && opening(prev))) {
        // Most paragraphs have no such space: the items are copied only once one is met.
        out ??= items.slice(0, i)
        out.push(NO_BREAK)
      }
    }
    out?.push(item)
  }
  return out ?? items
}

/** Items are never changed once made: these are shared by every paragraph. */
const NO_BREAK: Penalty = { type: 'penalty', width: 0, penalty: INFINITY, flagged: false }

function glue(style: TextStyle, justify: boolean): Glue {
  const frag = makeFrag(' ', style)
  return { type: 'glue', width: frag.width, stretch: justify ? frag.width * STRETCH : 0, shrink: justify ? frag.width * SHRINK : 0, frag }
}

/**
 * What a style's spaces and words are as items, kept from one paragraph (and document) to the
 * next: a batch of drafts sets the same words in the same few styles (`textStyle` makes one object
 * of each) again and again. Items are never changed once made, so they are shared; a word with a
 * character no face draws is measured anew each time (it is reported each time). Dropped whole past
 * `WORD_LIMIT` words.
 */
interface Measured {
  /** Ragged, justified. */
  spaces: [Glue | undefined, Glue | undefined]
  words: [Map<string, Item[]>, Map<string, Item[]>]
}
const WORD_LIMIT = 50_000
let measured = new WeakMap<TextStyle, Measured>()
let measuredWords = 0
onShapingChange(() => {
  measured = new WeakMap()
  measuredWords = 0
})

function measuredOf(style: TextStyle): Measured {
  let m = measured.get(style)
  if (!m) measured.set(style, (m = { spaces: [undefined, undefined], words: [new Map(), new Map()] }))
  return m
}

/**
 * The words measured before in `piece`'s style and justification, where a word of `piece` alone
 * may be kept among them: a piece that marks no note and is no link's text (those are the
 * document's own), with caching on.
 */
function measuredWordsOf(piece: Piece, justify: boolean): Map<string, Item[]> | undefined {
  if (piece.note !== undefined || piece.link !== undefined || !caching()) return undefined
  return measuredOf(piece.style).words[justify ? 1 : 0]
}

function space(style: TextStyle, justify: boolean): Glue {
  if (!caching()) return glue(style, justify)
  const spaces = measuredOf(style).spaces
  return (spaces[justify ? 1 : 0] ??= glue(style, justify))
}

export function makeFrag(text: string, style: TextStyle, anchor?: Anchor): Frag {
  const s = shape(style.face, text)
  return withAnchor<Frag>({ text, style, shape: s, width: (s.width * style.size) / 1000 }, anchor)
}

/** `target` with the anchor's note and link, where it has them (no undefined-valued keys). */
function withAnchor<T extends Anchor>(target: T, anchor: Anchor | undefined): T {
  if (anchor?.note !== undefined) target.note = anchor.note
  if (anchor?.link !== undefined) target.link = anchor.link
  return target
}

/** One word (no spaces) of one or more pieces: a box, or boxes with hyphen breaks between. */
function pushWord(items: Item[], pieces: Piece[], options: ItemOptions): void {
  const only = pieces.length === 1 ? pieces[0]! : undefined
  const words = only && measuredWordsOf(only, options.justify)
  if (only === undefined || words === undefined) return measureWord(items, pieces, options)
  let made = words.get(only.text)
  if (made === undefined) {
    made = []
    let drawable = true
    measureWord(made, pieces, {
      ...options,
      missing: (ch) => {
        drawable = false
        options.missing(ch)
      },
    })
    if (drawable) {
      if (measuredWords >= WORD_LIMIT) {
        measured = new WeakMap()
        measuredWords = 0
      }
      // Looked up again: the line above may have dropped every word measured, `words` with them.
      measuredWordsOf(only, options.justify)!.set(only.text, made)
      measuredWords++
    }
  }
  for (const item of made) items.push(item)
}

function measureWord(items: Item[], pieces: Piece[], options: ItemOptions): void {
  // Merge neighbours of the same style, so that kerning applies across them.
  const merged: Piece[] = []
  for (const p of pieces) {
    const last = merged[merged.length - 1]
    if (last && last.note === undefined && p.note === undefined && last.link === p.link && sameStyle(last.style, p.style)) last.text += p.text
    else merged.push({ ...p })
  }
  let frags: Frag[] = []
  const close = () => {
    if (frags.length > 0) items.push({ type: 'box', width: frags.reduce((w, f) => w + f.width, 0), frags })
    frags = []
  }
  const long = merged.reduce((n, p) => n + p.text.length, 0) > LONG_WORD
  for (const piece of merged) {
    const parts = long ? splitLong(piece.text) : options.justify ? splitAfterHyphens(piece.text) : [piece.text]
    parts.forEach((part, i) => {
      if (i > 0) {
        close()
        items.push({ type: 'penalty', width: 0, penalty: HYPHEN_PENALTY, flagged: !long })
      }
      for (const frag of fragsFor(part, piece.style, piece, options)) frags.push(frag)
    })
  }
  close()
}

const LETTER = /\p{L}/u
/** A word this long (an address, a path) may break after a slash, dot, hyphen or the like. */
const LONG_WORD = 30

function splitLong(text: string): string[] {
  const parts: string[] = []
  let start = 0
  for (let i = 1; i + 1 < text.length; i++) {
    if ('/-._?&=#'.includes(text[i]!) && i + 1 - start >= 2) {
      parts.push(text.slice(start, i + 1))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}

/** `Confidence-Building` → `Confidence-`, `Building`: a hyphen between letters may end a line. */
function splitAfterHyphens(text: string): string[] {
  const parts: string[] = []
  let start = 0
  for (let i = 1; i + 1 < text.length; i++) {
    const ch = text[i]!
    if (ch !== '-' && ch !== '\u2010' && ch !== '\u2013' && ch !== '\u2014') continue
    if (LETTER.test(text[i - 1]!) && LETTER.test(text[i + 1]!)) {
      parts.push(text.slice(start, i + 1))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}

/**
 * The fragments of a piece of text: one, unless its face lacks a glyph that another face has
 * (then those characters are set in that face), or no face has it (then it is reported).
 */
function fragsFor(text: string, style: TextStyle, anchor: Anchor, options: ItemOptions): Frag[] {
  const first = makeFrag(text, style, anchor)
  if (first.shape.missing.length === 0) return [first]
  const out: Frag[] = []
  let run = ''
  let runFace = style.face
  const push = () => {
    if (run !== '') out.push(makeFrag(run, { ...style, face: runFace }, anchor))
    run = ''
  }
  for (const ch of text) {
    let face = style.face
    if (!hasGlyph(face, ch)) {
      const other = FACES.find((f) => hasGlyph(f, ch))
      if (other === undefined) options.missing(ch)
      else face = other
    }
    if (face !== runFace) {
      push()
      runFace = face
    }
    run += ch
  }
  push()
  return out
}

/** Styles made so far, one object for each (what `measured` keeps words by): by size, then rise, then face and marks. */
let styles = new Map<number, Map<number, TextStyle[]>>()
let styleCount = 0
const STYLE_LIMIT = 1_000

/** The style of text with these attributes: the same object for the same attributes. */
export function textStyle(bold: boolean, italic: boolean, size: number, underline = false, strike = false, rise = 0): TextStyle {
  let bySize = styles.get(size)
  if (!bySize) styles.set(size, (bySize = new Map()))
  let byRise = bySize.get(rise)
  if (!byRise) bySize.set(rise, (byRise = []))
  const at = (bold ? 8 : 0) + (italic ? 4 : 0) + (underline ? 2 : 0) + (strike ? 1 : 0)
  let style = byRise[at]
  if (!style) {
    if (styleCount >= STYLE_LIMIT) {
      styles = new Map()
      styleCount = 0
      return textStyle(bold, italic, size, underline, strike, rise)
    }
    byRise[at] = style = { face: faceOf(bold, italic), size, underline, strike, rise }
    styleCount++
  }
  return style
}

const styleIds = new WeakMap<TextStyle, number>()
let nextStyleId = 0

/** A number for a style object, the same as long as the object lives (for keys of work kept by style). */
export function styleId(style: TextStyle): number {
  let id = styleIds.get(style)
  if (id === undefined) styleIds.set(style, (id = nextStyleId++))
  return id
}
