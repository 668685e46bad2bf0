/**
 * Writes `src/render/pdf/shaping.json`: for each Tinos face, the characters whose words fontkit
 * shapes as one glyph each with pair kerning, and that kerning, so that the PDF renderer can
 * shape such words without running fontkit's shaper (see `../src/render/pdf/fonts.ts`).
 *
 *   node --import tsx scripts/shaping.ts           # writes the file
 *   node --import tsx scripts/shaping.ts --check   # exits 1 when the file is not what the fonts give
 *
 * Run it when `@expo-google-fonts/tinos` or fontkit changes (tests/shaping.test.ts fails until
 * then; the renderer meanwhile shapes every word with fontkit, as the file's font fingerprints differ).
 *
 * Why a word of these characters is shaped as the sum of its pairs (read from the font's own
 * tables, as fontkit decodes them, for every lookup of every feature of every script, a superset
 * of what fontkit applies):
 * - the characters are Latin or Common script (fontkit then shapes with its default shaper, the
 *   GSUB script `latn`, and the GPOS script `latn` when the word has a Latin letter, else `DFLT`),
 *   mapped to a glyph that GDEF calls neither a mark nor a ligature, not default-ignorable (those
 *   fontkit hides), not a variation selector nor the fraction slash (which starts fraction
 *   features);
 * - no substitution can apply to a sequence of their glyphs: none is in the coverage of a
 *   single, multiple, alternate or ligature substitution or of a glyph- or class-based context,
 *   and each coverage-based (chained) context needs at some position a glyph none of them is;
 * - no positioning but pair adjustment can apply either (single adjustments, cursive and mark
 *   attachments, contexts: as above), and no pair lookup that covers one of them skips base
 *   glyphs: a pair lookup applied at glyph i sees glyph i + 1 and adjusts only those two. So
 *   glyph i's advance is its own, plus what pair (i, i+1) gives the first glyph, plus what pair
 *   (i−1, i) gives the second; both are taken from fontkit's layout of the two characters, for
 *   each of the two scripts, for every pair that some pair lookup gives a non-zero value.
 * tests/shaping.test.ts checks the file against this script and the shortcut against fontkit's
 * layout of random words.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as fontkit from 'fontkit'
import { FACES, fontFile, shapingFingerprint, type Face } from '../src/render/pdf/fonts.js'
import { RawFont } from '../src/render/pdf/subset.js'

/** The file, as `fonts.ts` reads it. */
export interface ShapingTable {
  fontkit: string
  faces: Record<Face, FaceTable>
}

export interface FaceTable {
  /** The font file's fingerprint (`shapingFingerprint`: what shaping reads of it) the table was made from. */
  fingerprint: string
  /** Per character: [code point, glyph id, advance width in font units, 1 if Latin script (else Common)]. */
  chars: Array<[number, number, number, 0 | 1]>
  /**
   * Kerning per GPOS script (`latn`: words with a Latin letter; `DFLT`: the others), in font
   * units: [first glyph, second glyph, added to the first's advance, added to the second's].
   */
  kerning: { latn: Array<[number, number, number, number]>; DFLT: Array<[number, number, number, number]> }
}

export const TABLE_FILE = join(import.meta.dirname, '..', 'src', 'render', 'pdf', 'shaping.json')

/** Where the characters are looked for: Latin letters, digits, punctuation and symbols of Latin text. */
const RANGES: Array<[number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x2010, 0x203a],
  [0x20ac, 0x20ac],
  [0x2122, 0x2122],
]

/* eslint-disable @typescript-eslint/no-explicit-any -- fontkit's decoded OpenType tables are untyped */
type Any = any

interface Processor {
  coverageIndex(coverage: Any, glyph: number): number
  getClassID(glyph: number, classDef: Any): number
}

function coverageGlyphs(coverage: Any): number[] {
  if (coverage.version === 1) return [...coverage.glyphs]
  return coverage.rangeRecords.flatMap((r: Any) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i))
}

/** The lookups some feature of some script uses (fontkit applies a subset of them). */
function featureLookups(table: Any): Any[] {
  if (!table) return []
  if (table.featureVariations) throw new Error('feature variations: not analysed')
  const indexes = new Set<number>()
  for (const record of table.featureList) for (const i of record.feature.lookupListIndexes) indexes.add(i)
  return [...indexes].sort((a, b) => a - b).map((i) => table.lookupList.get(i))
}

export function faceTable(face: Face): FaceTable {
  const bytes = readFileSync(fontFile(face))
  const font = fontkit.create(bytes) as Any
  font.layout('a')
  const gpos: Processor = font._layoutEngine.engine.GPOSProcessor
  const engine = font._layoutEngine
  const gdefClass = (gid: number) => (font.GDEF?.glyphClassDef ? gpos.getClassID(gid, font.GDEF.glyphClassDef) : 0)

  // The candidates: characters of Latin or Common script with a plain glyph.
  const chars = new Map<number, { gid: number; latin: boolean }>()
  for (const [from, to] of RANGES) {
    for (let cp = from; cp <= to; cp++) {
      const ch = String.fromCodePoint(cp)
      if (!font.hasGlyphForCodePoint(cp)) continue
      if (engine.isDefaultIgnorable(cp) || cp === 0x2044 || /\p{M}/u.test(ch)) continue
      const latin = /\p{Script=Latin}/u.test(ch)
      if (!latin && !/\p{Script=Common}/u.test(ch)) continue
      // fontkit's own script for the character must agree (its Unicode data, not the engine's).
      const run = font.layout(ch)
      if (run.script !== (latin ? 'latn' : 'zzzz') || run.glyphs.length !== 1) continue
      const gid = font.glyphForCodePoint(cp).id as number
      if (run.glyphs[0].id !== gid || gid === 0) continue
      const cls = gdefClass(gid)
      if (cls === 2 || cls === 3) continue
      chars.set(cp, { gid, latin })
    }
  }
  const glyphs = () => new Set([...chars.values()].map((c) => c.gid))
  const drop = (gids: Iterable<number>) => {
    const out = new Set(gids)
    let changed = false
    for (const [cp, c] of chars) {
      if (out.has(c.gid)) {
        chars.delete(cp)
        changed = true
      }
    }
    return changed
  }

  const gsub = featureLookups(font.GSUB)
  const gposLookups = featureLookups(font.GPOS)
  const pairTables: Array<{ flags: Any; table: Any }> = []
  for (const lookup of gposLookups) for (const table of lookup.subTables) if (lookup.lookupType === 2) pairTables.push({ flags: lookup.flags, table })

  // Drop characters until no substitution and no positioning but pairs can apply to their words.
  for (let changed = true; changed; ) {
    changed = false
    const g = glyphs()
    const meets = (coverage: Any) => coverageGlyphs(coverage).some((gid) => g.has(gid))
    /** A coverage-based context needs at each position a glyph of its coverage there. */
    const contextCanMatch = (coverages: Any[]) => coverages.every(meets)
    const check = (lookupType: number, table: Any, kind: 'GSUB' | 'GPOS') => {
      const context = kind === 'GSUB' ? [5, 6] : [7, 8]
      const primary = table.coverage ?? table.markCoverage ?? table.mark1Coverage
      if (context.includes(lookupType) || (kind === 'GSUB' && lookupType === 8)) {
        if (table.version === 3 || lookupType === 8) {
          const all = [...(table.backtrackCoverage ?? []), ...(table.inputCoverage ?? (table.coverages ?? [table.coverage])), ...(table.lookaheadCoverage ?? [])]
          if (contextCanMatch(all)) changed = drop(coverageGlyphs(table.inputCoverage?.[0] ?? table.coverages?.[0] ?? table.coverage)) || changed
          return
        }
        changed = drop(coverageGlyphs(table.coverage)) || changed
        return
      }
      if (kind === 'GPOS' && lookupType === 2) return
      if ((kind === 'GSUB' && lookupType === 7) || (kind === 'GPOS' && lookupType === 9)) throw new Error('extension lookups: not analysed')
      if (!primary) throw new Error(`${kind} lookup type ${lookupType}: no coverage found`)
      changed = drop(coverageGlyphs(primary)) || changed
    }
    for (const lookup of gsub) for (const table of lookup.subTables) check(lookup.lookupType, table, 'GSUB')
    for (const lookup of gposLookups) for (const table of lookup.subTables) check(lookup.lookupType, table, 'GPOS')
  }
  const g = glyphs()
  for (const { flags, table } of pairTables) {
    if (flags.flags?.ignoreBaseGlyphs && coverageGlyphs(table.coverage).some((gid) => g.has(gid))) throw new Error('a pair lookup that skips base glyphs covers a candidate')
  }

  // Pairs some pair lookup gives a value, then their kerning as fontkit sets the two characters.
  const nonZero = (v: Any) => v != null && Object.values(v).some((x) => typeof x === 'number' && x !== 0)
  const byGlyph = new Map<number, number>()
  for (const [cp, c] of chars) if (!byGlyph.has(c.gid)) byGlyph.set(c.gid, cp)
  const candidates = new Set<string>()
  for (const { table } of pairTables) {
    for (const a of g) {
      const index = gpos.coverageIndex(table.coverage, a)
      if (index === -1) continue
      if (table.version === 1) {
        for (const pair of table.pairSets.get(index)) if (g.has(pair.secondGlyph) && (nonZero(pair.value1) || nonZero(pair.value2))) candidates.add(`${a},${pair.secondGlyph}`)
      } else {
        const row = table.classRecords.get(gpos.getClassID(a, table.classDef1))
        for (const b of g) {
          const record = row.get(gpos.getClassID(b, table.classDef2))
          if (nonZero(record.value1) || nonZero(record.value2)) candidates.add(`${a},${b}`)
        }
      }
    }
  }
  const kerning: FaceTable['kerning'] = { latn: [], DFLT: [] }
  const advance = (gid: number) => font.getGlyph(gid).advanceWidth as number
  for (const key of [...candidates].sort()) {
    const [a, b] = key.split(',').map(Number) as [number, number]
    const text = String.fromCodePoint(byGlyph.get(a)!, byGlyph.get(b)!)
    for (const [script, tag] of [['latn', 'latn'], ['zzzz', 'DFLT']] as const) {
      const run = font.layout(text, [], script)
      if (run.glyphs.length !== 2 || run.glyphs[0].id !== a || run.glyphs[1].id !== b) throw new Error(`pair ${text} is not two glyphs`)
      const k1 = run.positions[0].xAdvance - advance(a)
      const k2 = run.positions[1].xAdvance - advance(b)
      if (k1 !== 0 || k2 !== 0) kerning[tag].push([a, b, k1, k2])
    }
  }
  return {
    fingerprint: shapingFingerprint(new RawFont(bytes)),
    chars: [...chars].sort((x, y) => x[0] - y[0]).map(([cp, c]) => [cp, c.gid, advance(c.gid), c.latin ? 1 : 0]),
    kerning,
  }
}

export function shapingTable(): ShapingTable {
  const version = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'node_modules', 'fontkit', 'package.json'), 'utf8')) as { version: string }).version
  return { fontkit: version, faces: Object.fromEntries(FACES.map((face) => [face, faceTable(face)])) as Record<Face, FaceTable> }
}

/** The file's text: one line per character or pair, so that a change reads as a diff. */
export function tableText(table: ShapingTable): string {
  return `${JSON.stringify(table, null, 1).replace(/\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]/g, (_, list: string) => `[${list.replace(/\s+/g, '')}]`)}\n`
}

if (process.argv[1] === import.meta.filename) {
  const text = tableText(shapingTable())
  if (process.argv.includes('--check')) {
    const same = readFileSync(TABLE_FILE, 'utf8') === text
    console.log(same ? `${TABLE_FILE} is up to date` : `${TABLE_FILE} differs from what the fonts give: run scripts/shaping.ts`)
    process.exitCode = same ? 0 : 1
  } else {
    writeFileSync(TABLE_FILE, text)
    console.log(`${TABLE_FILE} written`)
  }
}
