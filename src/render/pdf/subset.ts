/**
 * A TrueType subsetter that copies bytes: the glyphs a document uses (and the components of
 * composite glyphs), renumbered from 0, with the hinting tables (cvt, fpgm, prep) as they are.
 *
 * It stands in for fontkit's subsetter inside pdfkit's embedded font (same two methods,
 * `includeGlyph` and `encode`): fontkit decodes and re-encodes every table field by field,
 * which cost more than the rest of a document's rendering together.
 */

import { caching } from '../cache.js'

/** A font file read once: where its tables are, its glyph offsets and metrics. */
export class RawFont {
  readonly tables = new Map<string, { offset: number; length: number }>()
  readonly view: DataView
  readonly loca: Uint32Array
  readonly numberOfHMetrics: number
  readonly bytes: Uint8Array

  constructor(file: Uint8Array) {
    // A plain copy: a Node Buffer's slice() would share memory instead of copying.
    this.bytes = new Uint8Array(file)
    const bytes = this.bytes
    this.view = dataView(bytes)
    const numTables = this.view.getUint16(4)
    for (let i = 0; i < numTables; i++) {
      const record = 12 + i * 16
      const tag = String.fromCharCode(bytes[record]!, bytes[record + 1]!, bytes[record + 2]!, bytes[record + 3]!)
      this.tables.set(tag, { offset: this.view.getUint32(record + 8), length: this.view.getUint32(record + 12) })
    }
    const head = this.table('head')
    const maxp = this.table('maxp')
    const numGlyphs = this.view.getUint16(maxp.offset + 4)
    const long = this.view.getInt16(head.offset + 50) === 1
    const locaTable = this.table('loca')
    this.loca = new Uint32Array(numGlyphs + 1)
    for (let i = 0; i <= numGlyphs; i++) {
      this.loca[i] = long ? this.view.getUint32(locaTable.offset + i * 4) : this.view.getUint16(locaTable.offset + i * 2) * 2
    }
    this.numberOfHMetrics = this.view.getUint16(this.table('hhea').offset + 34)
  }

  table(tag: string): { offset: number; length: number } {
    const t = this.tables.get(tag)
    if (!t) throw new Error(`The font has no ${tag} table`)
    return t
  }

  tableBytes(tag: string): Uint8Array | undefined {
    const t = this.tables.get(tag)
    return t ? this.bytes.subarray(t.offset, t.offset + t.length) : undefined
  }

  /** Advance width and left side bearing of a glyph, in font units. */
  metrics(gid: number): [number, number] {
    const hmtx = this.table('hmtx').offset
    const n = this.numberOfHMetrics
    if (gid < n) return [this.view.getUint16(hmtx + gid * 4), this.view.getInt16(hmtx + gid * 4 + 2)]
    return [this.view.getUint16(hmtx + (n - 1) * 4), this.view.getInt16(hmtx + n * 4 + (gid - n) * 2)]
  }

  glyph(gid: number): Uint8Array {
    const glyf = this.table('glyf').offset
    return this.bytes.subarray(glyf + this.loca[gid]!, glyf + this.loca[gid + 1]!)
  }
}

// Composite glyph flags.
const ARG_1_AND_2_ARE_WORDS = 0x0001
const WE_HAVE_A_SCALE = 0x0008
const MORE_COMPONENTS = 0x0020
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040
const WE_HAVE_A_TWO_BY_TWO = 0x0080

export class TrueTypeSubset {
  /** Original glyph ids, in new order (0 is .notdef). */
  private readonly glyphs: number[] = []
  private readonly mapping = new Map<number, number>()

  constructor(private readonly font: RawFont) {
    this.includeGlyph(0)
  }

  /** The new id of an original glyph, adding it if new. */
  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'number' ? glyph : glyph.id
    let gid = this.mapping.get(id)
    if (gid === undefined) {
      gid = this.glyphs.length
      this.glyphs.push(id)
      this.mapping.set(id, gid)
    }
    return gid
  }

  /**
   * The subset as a TrueType file. The file is a function of the font and the glyphs, in their
   * order: a subset of the same glyphs as an earlier document's (a face a batch's drafts use for
   * the same few words) is that document's file, the same bytes and the same object, which the
   * document deflates once (`document.ts`). Not to be changed by the caller.
   */
  encode(): Uint8Array {
    if (!caching()) return this.make()
    let made = files.get(this.font)
    if (!made) files.set(this.font, (made = new Map()))
    const key = this.glyphs.join(' ')
    let file = made.get(key)
    if (!file) {
      file = this.make()
      if (made.size >= FILE_LIMIT) made.clear()
      made.set(key, file)
    }
    return file
  }

  private make(): Uint8Array {
    const font = this.font
    const parts: Uint8Array[] = []
    const offsets: number[] = [0]
    let size = 0
    // Composite glyphs add their components to `glyphs` as they are met.
    for (let i = 0; i < this.glyphs.length; i++) {
      let data = font.glyph(this.glyphs[i]!)
      if (data.length >= 10 && dataView(data).getInt16(0) < 0) data = this.remapComposite(data)
      const padded = (data.length + 3) & ~3
      parts.push(data)
      size += padded
      offsets.push(size)
    }
    const n = this.glyphs.length
    const glyf = new Uint8Array(size)
    let pos = 0
    for (const p of parts) {
      glyf.set(p, pos)
      pos += (p.length + 3) & ~3
    }
    const loca = new Uint8Array((n + 1) * 4)
    const locaView = new DataView(loca.buffer)
    offsets.forEach((o, i) => locaView.setUint32(i * 4, o))
    const hmtx = new Uint8Array(n * 4)
    const hmtxView = new DataView(hmtx.buffer)
    this.glyphs.forEach((id, i) => {
      const [advance, lsb] = font.metrics(id)
      hmtxView.setUint16(i * 4, advance)
      hmtxView.setInt16(i * 4 + 2, lsb)
    })
    const head = font.tableBytes('head')!.slice()
    const headView = dataView(head)
    headView.setUint32(8, 0) // checkSumAdjustment, set once the file is assembled
    headView.setInt16(50, 1) // indexToLocFormat: long offsets
    const hhea = font.tableBytes('hhea')!.slice()
    dataView(hhea).setUint16(34, n)
    const maxp = font.tableBytes('maxp')!.slice()
    dataView(maxp).setUint16(4, n)
    const tables: Array<[string, Uint8Array]> = [['glyf', glyf], ['head', head], ['hhea', hhea], ['hmtx', hmtx], ['loca', loca], ['maxp', maxp]]
    for (const tag of ['cvt ', 'fpgm', 'prep']) {
      const bytes = font.tableBytes(tag)
      if (bytes) tables.push([tag, bytes])
    }
    tables.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    return assemble(tables)
  }

  /** A copy of a composite glyph with its components' ids renumbered (and included). */
  private remapComposite(data: Uint8Array): Uint8Array {
    const copy = data.slice()
    const view = dataView(copy)
    let pos = 10
    for (;;) {
      const flags = view.getUint16(pos)
      view.setUint16(pos + 2, this.includeGlyph(view.getUint16(pos + 2)))
      pos += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2)
      if (flags & WE_HAVE_A_SCALE) pos += 2
      else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) pos += 4
      else if (flags & WE_HAVE_A_TWO_BY_TWO) pos += 8
      if (!(flags & MORE_COMPONENTS)) break
    }
    return copy
  }
}

/** Subset files made, by font and glyph list (see `encode`); a font's are dropped whole past FILE_LIMIT. */
const files = new WeakMap<RawFont, Map<string, Uint8Array>>()
const FILE_LIMIT = 64

const dataView = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)

function checksum(bytes: Uint8Array): number {
  const view = dataView(bytes)
  let sum = 0
  const whole = bytes.length & ~3
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0
  if (whole < bytes.length) {
    let last = 0
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < bytes.length ? bytes[i]! : 0)
    sum = (sum + (last >>> 0)) >>> 0
  }
  return sum
}

/** The sfnt file: offset table, table records (sorted by tag), tables padded to 4 bytes. */
function assemble(tables: Array<[string, Uint8Array]>): Uint8Array {
  const count = tables.length
  const headerSize = 12 + count * 16
  let total = headerSize
  for (const [, data] of tables) total += (data.length + 3) & ~3
  const out = new Uint8Array(total)
  const view = new DataView(out.buffer)
  const entrySelector = Math.floor(Math.log2(count))
  const searchRange = 2 ** entrySelector * 16
  view.setUint32(0, 0x00010000)
  view.setUint16(4, count)
  view.setUint16(6, searchRange)
  view.setUint16(8, entrySelector)
  view.setUint16(10, count * 16 - searchRange)
  let offset = headerSize
  let headOffset = 0
  tables.forEach(([tag, data], i) => {
    const record = 12 + i * 16
    for (let k = 0; k < 4; k++) out[record + k] = tag.charCodeAt(k)
    view.setUint32(record + 4, checksum(data))
    view.setUint32(record + 8, offset)
    view.setUint32(record + 12, data.length)
    out.set(data, offset)
    if (tag === 'head') headOffset = offset
    offset += (data.length + 3) & ~3
  })
  // head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
  view.setUint32(headOffset + 8, (0xb1b0afba - checksum(out)) >>> 0)
  return out
}
