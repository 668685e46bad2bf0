/**
 * The faces the PDF is set in, and the shapes (glyphs and advances) of the words set in them.
 *
 * The faces are Tinos (regular, bold, italic, bold italic), the Chrome OS core font metrically
 * compatible with Times New Roman, as whole TrueType files from the `@expo-google-fonts/tinos`
 * package (SIL OFL 1.1): they come with `npm ci`, need no system font and no download. Every
 * layout's `font.family` is set in them (the layouts name Times New Roman, the face Word uses).
 *
 * Fonts are parsed once per process and shapes are cached per face, so that a second document
 * costs no font work beyond its subset.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as fontkit from 'fontkit'
import { RawFont } from './subset.js'
import table from './shaping.json' with { type: 'json' }

export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic'
export const FACES: readonly Face[] = ['regular', 'bold', 'italic', 'boldItalic']

const FILES: Record<Face, string> = {
  regular: '@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf',
  bold: '@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf',
  italic: '@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf',
}

/** A face's font and its metrics, in thousandths of the font size (PDF glyph space). */
export interface FaceData {
  face: Face
  font: fontkit.Font
  /** The same file, for the subsetter. */
  raw: RawFont
  /** Words of these characters are shaped without fontkit's shaper (undefined: the file is not the one `shaping.json` was made from). */
  simple: SimpleShaping | undefined
  /** Baseline to top of the line box, and to its bottom (positive). */
  ascent: number
  descent: number
  lineGap: number
  /** Underline: centre below the baseline (positive down), thickness. */
  underlinePosition: number
  underlineThickness: number
  /** Strike-through: centre above the baseline, thickness. */
  strikePosition: number
  strikeThickness: number
}

/**
 * A word set in one face: the glyphs fontkit's shaper chose (with kerning), in thousandths of
 * the font size. `advances[i] - widths[i]` is the kerning after glyph i.
 */
export interface Shape {
  glyphs: number[]
  /** The glyph's own advance (what the PDF's width array says). */
  widths: number[]
  /** The advance after shaping (kerning included). */
  advances: number[]
  /** The characters each glyph stands for (for the ToUnicode map). */
  codePoints: number[][]
  /** Sum of the advances. */
  width: number
  /** Characters this face has no glyph for. */
  missing: string[]
}

const require = createRequire(import.meta.url)
const loaded = new Map<Face, FaceData>()

/** The file a face is read from (resolved in node_modules, so it works from src/ and dist/). */
export function fontFile(face: Face): string {
  return require.resolve(FILES[face])
}

/** A face, parsed on first use. */
export function faceData(face: Face): FaceData {
  let data = loaded.get(face)
  if (!data) {
    const bytes = readFileSync(fontFile(face))
    const font = fontkit.create(bytes) as fontkit.Font
    const raw = new RawFont(bytes)
    lazyPost(font, raw)
    const own = table.faces[face]
    const k = 1000 / font.unitsPerEm
    const os2 = font['OS/2']
    data = {
      face,
      font,
      raw,
      simple: own.fingerprint === shapingFingerprint(raw) ? simpleShaping(font, own as SimpleTable) : undefined,
      ascent: font.ascent * k,
      descent: -font.descent * k,
      lineGap: font.lineGap * k,
      underlinePosition: -font.underlinePosition * k,
      underlineThickness: font.underlineThickness * k,
      strikePosition: (os2?.yStrikeoutPosition ?? font.unitsPerEm * 0.26) * k,
      strikeThickness: (os2?.yStrikeoutSize ?? font.underlineThickness) * k,
    }
    loaded.set(face, data)
  }
  return data
}

/** What fontkit's font keeps of its tables (fontkit 2): the decoded ones by tag, where each is, and its decoder. */
interface FontTables {
  _tables: Record<string, unknown>
  directory: { tables: Record<string, unknown> }
  _decodeTable(table: unknown): Record<string, unknown>
}

/** The fields of the `post` table's header: all that oasgen and pdfkit read of it. */
const POST_HEADER = ['version', 'italicAngle', 'underlinePosition', 'underlineThickness', 'isFixedPitch'] as const

/**
 * fontkit decodes a table whole when one of its fields is first read; `post` holds the name of
 * every glyph (3,200 in Tinos), a fifth of what loading a face cost, for the five numbers of its
 * header that the underline metrics and pdfkit's font descriptor read. Those five are read from
 * the file here (as fontkit decodes them: Fixed 16.16, int16, uint32); any other field decodes
 * the table with fontkit, once, as before.
 */
function lazyPost(font: fontkit.Font, raw: RawFont): void {
  const tables = font as unknown as FontTables
  const at = raw.tables.get('post')
  if (!at || at.length < 16 || 'post' in tables._tables || !tables.directory.tables.post) return
  const { view } = raw
  const o = at.offset
  const header: Record<(typeof POST_HEADER)[number], number> = {
    version: view.getInt32(o) / 65536,
    italicAngle: view.getInt32(o + 4) / 65536,
    underlinePosition: view.getInt16(o + 8),
    underlineThickness: view.getInt16(o + 10),
    isFixedPitch: view.getUint32(o + 12),
  }
  let decoded: Record<string, unknown> | undefined
  const whole = () => (decoded ??= tables._decodeTable(tables.directory.tables.post))
  const post: Record<string, unknown> = { ...header }
  for (const key of ['minMemType42', 'maxMemType42', 'minMemType1', 'maxMemType1', 'numberOfGlyphs', 'glyphNameIndex', 'names', 'offsets', 'map']) {
    Object.defineProperty(post, key, { get: () => whole()[key], enumerable: true })
  }
  tables._tables.post = post
}

/** The line height of `size`-point text in the regular face, before the layout's multiple. */
export function lineHeight(size: number): number {
  const { ascent, descent, lineGap } = faceData('regular')
  return ((ascent + descent + lineGap) * size) / 1000
}

/** Shapes are cached per face; a cache is dropped whole when it grows past this many words. */
const CACHE_LIMIT = 50_000
const shapes = new Map<Face, Map<string, Shape>>(FACES.map((f) => [f, new Map()]))

/** The shape of `text` (no line breaks) in `face`. */
export function shape(face: Face, text: string): Shape {
  const cache = shapes.get(face)!
  let s = cache.get(text)
  if (!s) {
    s = shapeUncached(faceData(face), text)
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(text, s)
  }
  return s
}

function shapeUncached(data: FaceData, text: string): Shape {
  if (shortcut && data.simple) {
    const simple = shapeSimple(data, text)
    if (simple) return simple
  }
  return shapeWithFontkit(data, text)
}

/** fontkit's layout of `text`, in thousandths of the font size. */
export function shapeWithFontkit({ font }: FaceData, text: string): Shape {
  const k = 1000 / font.unitsPerEm
  const run = font.layout(text)
  const glyphs: number[] = []
  const widths: number[] = []
  const advances: number[] = []
  const codePoints: number[][] = []
  let width = 0
  for (let i = 0; i < run.glyphs.length; i++) {
    const glyph = run.glyphs[i]!
    const advance = run.positions[i]!.xAdvance * k
    glyphs.push(glyph.id)
    widths.push(glyph.advanceWidth * k)
    advances.push(advance)
    codePoints.push(glyph.codePoints)
    width += advance
  }
  const missing: string[] = []
  for (const ch of text) {
    if (!font.hasGlyphForCodePoint(ch.codePointAt(0)!) && !missing.includes(ch)) missing.push(ch)
  }
  return { glyphs, widths, advances, codePoints, width, missing }
}

/**
 * Shaping without fontkit's shaper, for words whose every character fontkit sets as one glyph of
 * its own, with no adjustment but pair kerning: `scripts/shaping.ts` finds these characters in the
 * font's tables and takes each pair's kerning from fontkit's layout of the pair, and writes them
 * to `shaping.json` (per face, with the fingerprint of the file it read). Every other word, and every
 * word of a font file that is not that one, is shaped by fontkit.
 */
export interface SimpleTable {
  fingerprint: string
  chars: Array<[number, number, number, number]>
  kerning: { latn: Array<[number, number, number, number]>; DFLT: Array<[number, number, number, number]> }
}

export interface SimpleShaping {
  /** What fontkit's glyph objects say each glyph stands for, or will say once made (see `codePointsOf`). */
  codePointsOf(gid: number, cp: number): number[]
  /** By code point: glyph id, advance width (font units), Latin script. */
  glyph: Map<number, number>
  width: Map<number, number>
  latin: Set<number>
  /** By glyph pair (first × 65536 + second), in font units: what the first's advance gains, and the second's. */
  latn: Map<number, [number, number]>
  DFLT: Map<number, [number, number]>
}

/** Tables that shaping never reads: the outlines and where they are, the glyph names. */
const UNSHAPED = new Set(['glyf', 'loca', 'post'])

/**
 * What decides how fontkit shapes a word in this font, as a sha256: the table directory (every
 * table's tag, checksum, place and length) and the bytes of every table but the outlines, their
 * offsets and the glyph names (nine-tenths of the file, which a hash of the whole file spent most
 * of its time on).
 */
export function shapingFingerprint(raw: RawFont): string {
  const hash = createHash('sha256')
  const numTables = raw.view.getUint16(4)
  hash.update(raw.bytes.subarray(0, 12 + 16 * numTables))
  for (const [tag, { offset, length }] of raw.tables) if (!UNSHAPED.has(tag)) hash.update(raw.bytes.subarray(offset, offset + length))
  return hash.digest('hex')
}

/** What this file uses of fontkit's font (fontkit 2): its glyph objects by id, and the method that makes them. */
interface GlyphCache {
  _glyphs: Record<number, { codePoints: number[] } | undefined>
  getGlyph(id: number, codePoints?: number[]): unknown
}

export function simpleShaping(font: fontkit.Font, own: SimpleTable): SimpleShaping {
  const pairs = (list: Array<[number, number, number, number]>) => new Map(list.map(([a, b, k1, k2]) => [a * 65536 + b, [k1, k2] as [number, number]]))
  // fontkit gives a glyph object the characters it is first made for (space and no-break space
  // share a glyph), and every later layout says so. Making the objects here would build the
  // Unicode tables fontkit's glyphs consult as they are made (is this character a mark?), which
  // no word shaped here needs; instead the characters a glyph is first shaped for here are kept,
  // and given to fontkit should it make that glyph's object later. The two then agree, whichever
  // of them meets the glyph first.
  const cache = font as unknown as GlyphCache
  const claimed = new Map<number, number[]>()
  const getGlyph = cache.getGlyph.bind(font)
  cache.getGlyph = (id, codePoints) => getGlyph(id, cache._glyphs[id] === undefined ? (claimed.get(id) ?? codePoints) : codePoints)
  return {
    codePointsOf(gid, cp) {
      const made = cache._glyphs[gid]
      if (made) return made.codePoints
      let codePoints = claimed.get(gid)
      if (!codePoints) claimed.set(gid, (codePoints = [cp]))
      return codePoints
    },
    glyph: new Map(own.chars.map(([cp, gid]) => [cp, gid])),
    width: new Map(own.chars.map(([cp, , advance]) => [cp, advance])),
    latin: new Set(own.chars.filter((c) => c[3] === 1).map(([cp]) => cp)),
    latn: pairs(own.kerning.latn),
    DFLT: pairs(own.kerning.DFLT),
  }
}

/** The shape of `text` if all its characters are simple, else undefined. */
export function shapeSimple({ font, simple }: FaceData, text: string): Shape | undefined {
  if (!simple) return undefined
  const k = 1000 / font.unitsPerEm
  const n = text.length
  const glyphs: number[] = new Array(n)
  const units: number[] = new Array(n)
  let latin = false
  // Every simple character is in the Basic Multilingual Plane: a surrogate is not simple.
  for (let i = 0; i < n; i++) {
    const cp = text.charCodeAt(i)
    const gid = simple.glyph.get(cp)
    if (gid === undefined) return undefined
    glyphs[i] = gid
    units[i] = simple.width.get(cp)!
    latin ||= simple.latin.has(cp)
  }
  // fontkit's script for the word: its first letter's (Latin), else DFLT (Common only).
  const kerning = latin ? simple.latn : simple.DFLT
  const advanceUnits = units.slice()
  for (let i = 0; i + 1 < n; i++) {
    const kern = kerning.get(glyphs[i]! * 65536 + glyphs[i + 1]!)
    if (kern) {
      advanceUnits[i] = advanceUnits[i]! + kern[0]
      advanceUnits[i + 1] = advanceUnits[i + 1]! + kern[1]
    }
  }
  // The same arithmetic as shapeWithFontkit, so that the numbers are the same to the last bit.
  const widths: number[] = []
  const advances: number[] = []
  const codePoints: number[][] = []
  let width = 0
  for (let i = 0; i < n; i++) {
    const advance = advanceUnits[i]! * k
    widths.push(units[i]! * k)
    advances.push(advance)
    codePoints.push(simple.codePointsOf(glyphs[i]!, text.charCodeAt(i)))
    width += advance
  }
  return { glyphs, widths, advances, codePoints, width, missing: [] }
}

let shortcut = true

/** What is made from shapes and kept (a word's items, set paragraphs): forgotten when the shaping changes. */
const forgetters: Array<() => void> = []

/** Registers `forget`, which drops work made from shapes, to be called when the shaping changes. */
export function onShapingChange(forget: () => void): void {
  forgetters.push(forget)
}

/** Turns the simple shaping off (every word shaped by fontkit) or back on; for the tests that compare the two. */
export function setSimpleShaping(on: boolean): void {
  shortcut = on
  for (const cache of shapes.values()) cache.clear()
  for (const forget of forgetters) forget()
}

/** Whether `face` can draw `ch`. */
export function hasGlyph(face: Face, ch: string): boolean {
  return faceData(face).font.hasGlyphForCodePoint(ch.codePointAt(0)!)
}

/** The face for bold and italic. */
export function faceOf(bold: boolean, italic: boolean): Face {
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular'
}
