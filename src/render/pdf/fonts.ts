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
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as fontkit from 'fontkit'
import { RawFont } from './subset.js'

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
    const k = 1000 / font.unitsPerEm
    const os2 = font['OS/2']
    data = {
      face,
      font,
      raw: new RawFont(bytes),
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

function shapeUncached({ font }: FaceData, text: string): Shape {
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

/** Whether `face` can draw `ch`. */
export function hasGlyph(face: Face, ch: string): boolean {
  return faceData(face).font.hasGlyphForCodePoint(ch.codePointAt(0)!)
}

/** The face for bold and italic. */
export function faceOf(bold: boolean, italic: boolean): Face {
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular'
}
