/**
 * Drawing set lines with pdfkit: our own text operators (one BT…ET per line, one TJ array per
 * face, spaces widened by TJ offsets), so that a justified line may mix faces and decorations,
 * and the words keep their space glyphs for copying and searching.
 *
 * pdfkit draws its own text one fragment at a time; this file writes the content stream and
 * uses pdfkit for what it does well: the file structure, font subsetting and embedding, and the
 * structure tree. The few pdfkit internals it relies on are typed in `EmbeddedFont` below.
 */
import type PDFDocument from 'pdfkit'
import { faceData, type Face, type Shape } from './fonts.js'
import type { Line } from './build.js'
import { TrueTypeSubset } from './subset.js'

type Doc = InstanceType<typeof PDFDocument>

/** What this file uses of pdfkit's EmbeddedFont (pdfkit 0.20). */
interface EmbeddedFont {
  id: string
  subset: { includeGlyph(glyph: number): number; encode(): Uint8Array }
  widths: Array<number | undefined>
  unicode: Array<number[] | undefined>
  ref(): unknown
}

interface DocInternals {
  _font: EmbeddedFont
  page: { fonts: Record<string, unknown> }
}

interface FontUse {
  font: EmbeddedFont
  /** Shapes encoded in this document's subset, as the inside of a TJ array. */
  encoded: Map<Shape, string>
  /** The font's glyphs met so far, by id: their code in the subset, as four hex digits. */
  codes: string[]
}

/** `.001` … `.999` as `String` writes the fractions of a thousandth: no trailing zeros. */
const THOUSANDTHS = Array.from({ length: 1000 }, (_, i) => String(i / 1000).slice(1))

/**
 * Numbers in the content stream: three decimals at most, no exponent, no -0. What
 * `String(Math.round(n * 1000) / 1000)` writes, made from the integer count of thousandths
 * (V8 writes a double's shortest form slowly; an integer and a table entry are quick): a decimal
 * of at most 15 digits is the shortest form of the double nearest to it.
 */
export function num(n: number): string {
  const k = Math.round(n * 1000)
  if (k === 0) return '0'
  const a = k < 0 ? -k : k
  if (a >= 1e15) return String(k / 1000)
  const whole = Math.floor(a / 1000)
  const text = whole + THOUSANDTHS[a - whole * 1000]!
  return k < 0 ? '-' + text : text
}

export class Canvas {
  private readonly fonts = new Map<Face, FontUse>()
  private pageFonts = new Set<Face>()
  /** The page's operators not yet given to pdfkit: one string, given once (`flush`). */
  private content = ''
  /** Undoes pdfkit's flipped y axis. */
  private readonly flip: string

  constructor(
    private readonly doc: Doc,
    private readonly pageHeight: number,
  ) {
    this.flip = `q 1 0 0 -1 0 ${num(pageHeight)} cm\n`
  }

  /** Starts a new page (pdfkit's addPage) and forgets which fonts it references. */
  addPage(size: [number, number]): void {
    this.flush()
    this.doc.addPage({ size, margin: 0 })
    this.pageFonts = new Set()
  }

  private use(face: Face): FontUse {
    let use = this.fonts.get(face)
    if (!use) {
      this.doc.font(face)
      const font = (this.doc as unknown as DocInternals)._font
      // Our byte-copying subsetter instead of fontkit's (see subset.ts); no glyph is in it yet.
      font.subset = new TrueTypeSubset(faceData(face).raw)
      // pdfkit writes glyph 0's width (.notdef) in font units, the others in thousandths of an em.
      const { font: data } = faceData(face)
      font.widths[0] = (data.getGlyph(0).advanceWidth * 1000) / data.unitsPerEm
      use = { font, encoded: new Map(), codes: [] }
      this.fonts.set(face, use)
    }
    if (!this.pageFonts.has(face)) {
      const page = (this.doc as unknown as DocInternals).page
      page.fonts[use.font.id] ??= use.font.ref()
      this.pageFonts.add(face)
    }
    return use
  }

  /** A shape's glyphs in the subset, with kerning offsets: `<0012002a>-35<0040>`. */
  private encode(use: FontUse, shape: Shape): string {
    let out = use.encoded.get(shape)
    if (out === undefined) {
      const { font, codes } = use
      let hex = ''
      out = ''
      for (let i = 0; i < shape.glyphs.length; i++) {
        const glyph = shape.glyphs[i]!
        let code = codes[glyph]
        if (code === undefined) {
          const gid = font.subset.includeGlyph(glyph)
          if (font.widths[gid] == null) font.widths[gid] = shape.widths[i]!
          if (font.unicode[gid] == null) font.unicode[gid] = shape.codePoints[i]!
          code = codes[glyph] = gid.toString(16).padStart(4, '0')
        }
        hex += code
        const kern = shape.advances[i]! - shape.widths[i]!
        if (Math.abs(kern) > 1e-6) {
          out += `<${hex}>${num(-kern)}`
          hex = ''
        }
      }
      if (hex !== '') out += `<${hex}>`
      use.encoded.set(shape, out)
    }
    return out
  }

  /**
   * The operators that draw `line`'s pieces `from` to `to` (all by default) with its top at `top`
   * (points from the page top), in PDF coordinates (the caller undoes pdfkit's flipped y axis).
   * One string built as it goes: this runs for every stretch of every line.
   */
  lineText(line: Line, top: number, from = 0, to = line.placed.length): string {
    if (from >= to) return ''
    const { placed } = line
    const baseline = this.pageHeight - top - line.baseline
    let out = 'BT'
    let use: FontUse | undefined
    let face: Face | undefined
    let size = 0
    let rise = 0
    let tj = ''
    let cursor = 0
    for (let i = from; i < to; i++) {
      const p = placed[i]!
      const { frag } = p
      const { style } = frag
      if (style.face !== face || style.size !== size) {
        if (tj !== '') out += `\n[${tj}] TJ`
        tj = ''
        use = this.use(style.face)
        out += `\n/${use.font.id} ${num(style.size)} Tf`
        face = style.face
        size = style.size
      }
      if (style.rise !== rise) {
        if (tj !== '') out += `\n[${tj}] TJ`
        tj = ''
        out += `\n${num(style.rise)} Ts`
        rise = style.rise
      }
      if (i === from) {
        out += `\n1 0 0 1 ${num(p.x)} ${num(baseline)} Tm`
        cursor = p.x
      } else if (Math.abs(p.x - cursor) > 0.0005) {
        tj += num((-(p.x - cursor) * 1000) / size)
      }
      tj += this.encode(use!, frag.shape)
      const extra = p.advance - frag.width
      if (Math.abs(extra) > 0.0005) tj += num((-extra * 1000) / size)
      cursor = p.x + p.advance
    }
    if (tj !== '') out += `\n[${tj}] TJ`
    if (rise !== 0) out += '\n0 Ts'
    return out + '\nET'
  }

  /** Underlines, strike-throughs and rules of `line`, as filled rectangles. */
  lineDecorations(line: Line, top: number): string {
    let out = ''
    const add = (ops: string) => {
      out += out === '' ? ops : '\n' + ops
    }
    if (line.decorations.length > 0) {
      const baseline = top + line.baseline
      for (const d of line.decorations) {
        const face = faceData(d.face)
        const k = d.size / 1000
        const thickness = Math.max(0.4, (d.kind === 'underline' ? face.underlineThickness : face.strikeThickness) * k)
        const centre = d.kind === 'underline' ? baseline + face.underlinePosition * k : baseline - face.strikePosition * k + (face.strikeThickness * k) / 2
        add(this.rect(d.x0, centre - thickness / 2, d.x1 - d.x0, thickness))
      }
    }
    if (line.rule) add(this.rect(line.rule.x0, top + line.height / 2 - 0.25, line.rule.x1 - line.rule.x0, 0.5))
    if (line.cells && line.cells.thickness > 0) {
      const { edges, thickness: t } = line.cells
      const x0 = edges[0]! - t / 2
      const x1 = edges[edges.length - 1]! + t / 2
      for (const x of edges) add(this.rect(x - t / 2, top, t, line.height))
      if (line.cells.top) add(this.rect(x0, top - t / 2, x1 - x0, t))
      if (line.cells.bottom) add(this.rect(x0, top + line.height - t / 2, x1 - x0, t))
    }
    return out
  }

  /** A filled rectangle; `top` from the page top. */
  rect(x: number, top: number, width: number, height: number): string {
    return `${num(x)} ${num(this.pageHeight - top - height)} ${num(width)} ${num(height)} re f`
  }

  /** Writes operators in PDF coordinates: pdfkit's pages have their y axis flipped. */
  write(ops: string): void {
    if (ops !== '') this.content += `${this.flip}${ops}\nQ\n`
  }

  /** Writes operators as they are, each with its line end (marked-content operators). */
  raw(ops: string): void {
    this.content += ops
  }

  /**
   * Gives the operators written since the last time to pdfkit's page, as bytes (ASCII): pdfkit
   * turns a string into bytes one character at a time in JavaScript, Buffer in native code.
   */
  flush(): void {
    if (this.content === '') return
    ;(this.doc.addContent as (data: Uint8Array) => Doc)(Buffer.from(this.content, 'latin1'))
    this.content = ''
  }
}
