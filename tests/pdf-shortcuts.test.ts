// The PDF renderer's shortcuts past fontkit, each checked against what it replaces: what
// fonts.ts takes from the font files without fontkit.
//
// The PDF renderer shapes words of simple characters without fontkit's shaper (fonts.ts,
// shaping.json, scripts/shaping.ts). The shortcut must give what fontkit's layout gives, glyph for
// glyph and to the last bit of every advance, or decline: checked on random words of every kind
// of character, and on whole documents rendered with the shortcut on and off.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { shapingTable, TABLE_FILE, tableText } from '../scripts/shaping.js'
import { generateDraft } from '../bench/corpus.js'
import { pendingSponsors } from '../src/build.js'
import { setCaching } from '../src/render/cache.js'
import { renderer } from '../src/render/index.js'
import * as fontkit from 'fontkit'
import { faceData, FACES, fontFile, setSimpleShaping, shape, shapeSimple, shapeWithFontkit, shapingFingerprint, simpleShaping, type FaceData, type SimpleTable } from '../src/render/pdf/fonts.js'
import { RawFont } from '../src/render/pdf/subset.js'
import { num } from '../src/render/pdf/draw.js'
import { createTags, setDirectTags } from '../src/render/pdf/tags.js'
import { Canvas } from '../src/render/pdf/draw.js'
import { createDocument, finish, setDirectBytes } from '../src/render/pdf/document.js'
import type { View } from '../src/view/views.js'
import { richBody, tableBody } from './arbitraries.js'
import { draftText, parse, resolve, templates } from './helpers.js'

/** Characters of every kind the shortcut must handle or decline. */
const LATIN = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ']
const KERNED = ['AV', 'AW', 'AY', 'To', 'Te', 'Ty', 'Va', 'We', 'Yo', 'LT', 'P.', 'F,', 'r.', 'y,', "L'", '‘A', 'T-', '1/']
const LIGATURES = ['fi', 'fl', 'ff', 'ffi', 'ffl', 'ft', 'st', 'Th']
const ACCENTED = [...'éèêëáàâäíìîïóòôöúùûüñçÉÈÁÑÇœŒæÆøØåÅßğşıİłŁžźżčšřěůőű']
const COMMON = [...'0123456789.,;:!?\'"()-–—‘’“”«»…/%&@#$€£¥§°±×÷¶•†‡‰™©®']
const SPACES = ['\u00a0', '\u2009', '\u202f', '\u2007']
/** Combining marks (alone, after i and j, whose dot ccmp removes), ignorables, the fraction slash, other scripts, astral characters. */
const AWKWARD = ['\u0301', '\u0308', '\u0327', '\u0323', 'i\u0301', 'j\u0308', '\u00ad', '\u200b', '\u200d', '\u2060', '\ufeff', '\ufe0f', '\u2044', '1\u20442', 'α', 'Ω', 'ά', 'я', 'Ж', 'ש', 'א', 'ب', '中', '한', '😀', '𝔄', '\u02e5\u02e9', 'ǆ', 'ﬁ', 'ĳ', '\u0131']

const piece = fc.oneof(
  { arbitrary: fc.constantFrom(...LATIN), weight: 10 },
  { arbitrary: fc.constantFrom(...KERNED), weight: 3 },
  { arbitrary: fc.constantFrom(...LIGATURES), weight: 2 },
  { arbitrary: fc.constantFrom(...ACCENTED), weight: 3 },
  { arbitrary: fc.constantFrom(...COMMON), weight: 3 },
  { arbitrary: fc.constantFrom(...SPACES), weight: 1 },
  { arbitrary: fc.constantFrom(...AWKWARD), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }), weight: 1 },
)
/** A word: a few of those pieces, NFC-normalised as the renderer's items are (and at times not). */
const word = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.boolean()).map(([pieces, nfc]) => (nfc ? pieces.join('').normalize('NFC') : pieces.join('')))

describe('shaping words without fontkit', () => {
  test('shaping.json is what scripts/shaping.ts makes of the installed fonts and fontkit', () => {
    expect(readFileSync(TABLE_FILE, 'utf8')).toBe(tableText(shapingTable()))
    // The table applies: the installed files are the ones it was made from.
    for (const face of FACES) expect(faceData(face).simple).toBeDefined()
  }, 60_000)

  test("a font file's fingerprint changes with any table shaping reads, or the directory, not with the outlines", () => {
    const bytes = readFileSync(fontFile('regular'))
    const base = shapingFingerprint(new RawFont(bytes))
    const changed = (tag: string, at = 0) => {
      const copy = new Uint8Array(bytes)
      const table = new RawFont(bytes).tables.get(tag)!
      copy[table.offset + at] = copy[table.offset + at]! ^ 1
      return shapingFingerprint(new RawFont(copy))
    }
    for (const tag of ['GPOS', 'GSUB', 'GDEF', 'cmap', 'hmtx', 'head']) expect(changed(tag, 20), tag).not.toBe(base)
    expect(changed('glyf', 100)).toBe(base)
    // A table's checksum in the directory is part of it.
    const copy = new Uint8Array(bytes)
    copy[12 + 4] = copy[12 + 4]! ^ 1
    expect(shapingFingerprint(new RawFont(copy))).not.toBe(base)
  })

  test('the shortcut gives what fontkit gives, to the bit, or declines (random words, every face)', () => {
    let shortcuts = 0
    let declined = 0
    fc.assert(
      fc.property(word, fc.constantFrom(...FACES), (text, face) => {
        const data = faceData(face)
        const simple = shapeSimple(data, text)
        if (simple === undefined) declined++
        else {
          shortcuts++
          expect(simple).toStrictEqual(shapeWithFontkit(data, text))
        }
      }),
      { numRuns: 3000 },
    )
    // Both ways are taken often: the property is not vacuous.
    expect(shortcuts).toBeGreaterThan(600)
    expect(declined).toBeGreaterThan(600)
  }, 120_000)

  test('every kerned pair and every simple character, alone and between kerned neighbours, in every face', () => {
    for (const face of FACES) {
      const data = faceData(face)
      const table = JSON.parse(readFileSync(TABLE_FILE, 'utf8')).faces[face] as { chars: Array<[number, number, number, number]>; kerning: Record<'latn' | 'DFLT', Array<[number, number]>> }
      const charOf = new Map(table.chars.map(([cp, gid]) => [gid, String.fromCodePoint(cp)]))
      const words = table.chars.map(([cp]) => String.fromCodePoint(cp))
      const kerned = new Set<string>()
      for (const [a, b] of [...table.kerning.latn, ...table.kerning.DFLT]) kerned.add(charOf.get(a)! + charOf.get(b)!)
      expect(kerned.size).toBeGreaterThan(50)
      for (const pair of kerned) {
        // Alone (Common or Latin script by its own characters), after a letter, and chained: x of AVA is kerned on both sides.
        words.push(pair, `a${pair}`, pair + pair, `${pair}.`)
      }
      for (const text of words) {
        const simple = shapeSimple(data, text)
        expect(simple, text).toBeDefined()
        expect(simple, text).toStrictEqual(shapeWithFontkit(data, text))
      }
    }
  }, 120_000)

  test('declines what it cannot know: marks, ignorables, the fraction slash, other scripts, characters past the BMP, another font file', () => {
    const data = faceData('regular')
    for (const text of ['i\u0301', 'e\u0301', 'soft\u00adhyphen', 'zero\u200bwidth', '1\u20442', 'αβγ', 'Жук', 'שלום', '😀', 'a\ufe0f']) {
      expect(shapeSimple(data, text), text).toBeUndefined()
    }
    // The ccmp rule that takes the dot off i before a combining mark does apply: fontkit's glyph for i differs.
    expect(shapeWithFontkit(data, 'i\u0301').glyphs[0]).not.toBe(shapeWithFontkit(data, 'i').glyphs[0])
  })

  test("a glyph two characters share says what fontkit says, whichever shaped it first (space, no-break space)", () => {
    const table = (JSON.parse(readFileSync(TABLE_FILE, 'utf8')) as { faces: Record<string, SimpleTable> }).faces.regular!
    const fresh = () => {
      const font = fontkit.create(readFileSync(fontFile('regular'))) as fontkit.Font
      return { font, simple: simpleShaping(font, table) } as FaceData
    }
    // The shortcut first: fontkit's later layout of the other character says the first's.
    const a = fresh()
    expect(shapeSimple(a, 'a\u00a0b')!.codePoints[1]).toEqual([0xa0])
    expect(shapeWithFontkit(a, 'a b').codePoints[1]).toEqual([0xa0])
    expect(shapeSimple(a, 'c d')!.codePoints[1]).toEqual([0xa0])
    // fontkit first: the shortcut says what fontkit's glyph says.
    const b = fresh()
    expect(shapeWithFontkit(b, 'a b').codePoints[1]).toEqual([0x20])
    expect(shapeSimple(b, 'a\u00a0b')!.codePoints[1]).toEqual([0x20])
    expect(shapeSimple(b, 'a\u00a0b')).toStrictEqual(shapeWithFontkit(b, 'a\u00a0b'))
  })

  test('shape() uses the shortcut when it may, fontkit otherwise, with the same results', () => {
    const layout = faceData('bold').font.layout.bind(faceData('bold').font)
    let calls = 0
    const font = faceData('bold').font as unknown as { layout: typeof layout }
    font.layout = (...args: Parameters<typeof layout>) => {
      calls++
      return layout(...args)
    }
    try {
      setSimpleShaping(true)
      const on = ['Resolution', 'AVOID', 'Δelta', 'naïve', 'na\u0131\u0308ve'].map((w) => shape('bold', w))
      expect(calls).toBe(2)
      setSimpleShaping(false)
      const off = ['Resolution', 'AVOID', 'Δelta', 'naïve', 'na\u0131\u0308ve'].map((w) => shape('bold', w))
      expect(calls).toBe(7)
      expect(on).toStrictEqual(off)
    } finally {
      font.layout = layout
      setSimpleShaping(true)
    }
  })
})

describe("the post table's header read from the file", () => {
  test('every field as fontkit decodes it, the glyph names too, in every face', () => {
    for (const face of FACES) {
      const { font } = faceData(face)
      const fresh = fontkit.create(readFileSync(fontFile(face))) as unknown as Record<string, Record<string, unknown>>
      const ours = font as unknown as Record<string, Record<string, unknown>>
      const expected = fresh.post!
      for (const key of Object.keys(expected)) expect(ours.post![key], `${face} post.${key}`).toStrictEqual(expected[key])
      expect(font.underlinePosition).toBe((fresh as unknown as fontkit.Font).underlinePosition)
      expect(font.italicAngle).toBe((fresh as unknown as fontkit.Font).italicAngle)
      // A glyph's name comes from the names, decoded on demand.
      expect(font.getGlyph(68).name).toBe('a')
    }
  })
})

describe("the content stream's numbers", () => {
  test('num writes what String writes of the number rounded to thousandths (no -0)', () => {
    const reference = (n: number) => {
      const r = Math.round(n * 1000) / 1000
      return r === 0 ? '0' : String(r)
    }
    const numbers = fc.oneof(
      fc.double({ min: -2000, max: 2000, noNaN: true }),
      fc.integer({ min: -2_000_000, max: 2_000_000 }).map((k) => k / 1000),
      fc.integer({ min: -2_000_000, max: 2_000_000 }).map((k) => (k + 0.5) / 1000),
      fc.double({ min: -1e17, max: 1e17, noNaN: true }),
    )
    fc.assert(
      fc.property(numbers, (n) => {
        expect(num(n)).toBe(reference(n))
      }),
      { numRuns: 20_000 },
    )
    for (const n of [0, -0, 0.0004, -0.0004, 0.0005, -0.0005, 0.001, -0.001, 0.1, 0.12, 1.5, 612, -12.345, 999.9995, 1e15 / 1000, 1e16, -1e16]) expect(num(n), String(n)).toBe(reference(n))
  })
})

/**
 * pdfkit's bytes with the one entry the direct tree writes differently on purpose (tags.ts): each
 * OBJR's `/Pg` names the page whose `/Annots` holds its annotation, where pdfkit names the page
 * current when the tree ends, the last. The cross-reference offsets and `startxref` follow the
 * shifted bytes; nothing else is touched, so the direct tree must give exactly these bytes.
 * Reads the PDF as pdfkit writes it: one cross-reference section, dictionaries uncompressed.
 */
function objrOnItsPage(bytes: Uint8Array): Buffer {
  const text = Buffer.from(bytes).toString('latin1')
  const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n?$/.exec(text)![1])
  const [, count, entries] = /^xref\n0 (\d+)\n((?:\d{10} \d{5} [fn] \n)+)/.exec(text.slice(xrefAt))!
  const offsets = entries!.match(/.{20}/gs)!.map((entry) => Number(entry.slice(0, 10)))
  expect(offsets).toHaveLength(Number(count))
  const pageOf = new Map<string, string>()
  offsets.forEach((at, n) => {
    const head = text.slice(at, text.indexOf('>>', at))
    if (n === 0 || !head.startsWith(`${n} 0 obj\n<<\n/Type /Page\n`)) return
    for (const annotation of /\/Annots \[([^\]]*)\]/.exec(head)?.[1]?.match(/\d+ 0 R/g) ?? []) pageOf.set(annotation, `${n} 0 R`)
  })
  // Each change's place and how many bytes it adds, for the offsets after it.
  const shifts: Array<[number, number]> = []
  const body = text.slice(0, xrefAt).replace(/(\/Type \/OBJR\n\/Obj (\d+ 0 R)\n\/Pg )(\d+ 0 R)/g, (match, before: string, annotation: string, page: string, at: number) => {
    const own = pageOf.get(annotation)!
    shifts.push([at, own.length - page.length])
    return before + own
  })
  const moved = (at: number) => at + shifts.reduce((sum, [where, by]) => (where < at ? sum + by : sum), 0)
  const xref = offsets.map((at, n) => (n === 0 ? entries!.slice(0, 20) : `${String(moved(at)).padStart(10, '0')} 00000 n \n`)).join('')
  const rest = text.slice(xrefAt).replace(entries!, xref).replace(/startxref\n\d+/, `startxref\n${moved(xrefAt)}`)
  return Buffer.from(body + rest, 'latin1')
}

describe('the structure tree written directly', () => {
  /** A small tagged document drawn with either way of writing the tree: every kind of child, and entries paint does not set today. */
  async function tagged(direct: boolean, awkward: boolean): Promise<Buffer> {
    setDirectTags(direct)
    try {
      const layout = templates.layout('resolution', 'en')
      const doc = createDocument(layout, { title: 'Tags', keywords: [], lang: 'en', time: new Date(Date.UTC(2021, 5, 1)), pdfa: true })
      const canvas = new Canvas(doc, 792)
      const tags = createTags(doc, canvas)
      canvas.addPage([612, 792])
      const list = tags.element('L')
      const item = tags.element('LI')
      const body = tags.element('LBody')
      const note = tags.element('Note')
      const reference = tags.element('Reference')
      const link = tags.element('Link')
      const cell = tags.element('TH')
      cell.data.A = { O: 'Table', Scope: 'Column' }
      note.data.ID = new String('fn1')
      reference.data.Ref = [note.dictionary]
      if (awkward) {
        body.data.Alt = new String('Résolution (1)')
        note.data.Lang = new String('es\n')
        cell.data.BBox = [0.5, 1, 2.25, 3]
      }
      tags.add(tags.root, list)
      tags.add(list, item)
      tags.add(item, body)
      tags.content(body, 'LBody', '0 0 1 1 re f')
      tags.add(body, reference)
      tags.content(reference, 'Reference', '1 1 1 1 re f')
      tags.add(body, link)
      tags.content(link, 'Link', '2 2 1 1 re f')
      const annotate = (x: number) => doc.link(x, x, 1, 1, 'https://www.oas.org', { Contents: new String('https://www.oas.org'), structParent: tags.annotationParent(link) } as Record<string, unknown>)
      annotate(2)
      tags.artifact('3 3 1 1 re f')
      tags.add(tags.root, cell)
      tags.content(cell, 'TH', '4 4 1 1 re f')
      canvas.addPage([612, 792])
      tags.content(body, 'LBody', '5 5 1 1 re f')
      tags.add(tags.root, note)
      tags.content(note, 'Note', '6 6 1 1 re f')
      annotate(6)
      canvas.flush()
      tags.end()
      return Buffer.from(await finish(doc))
    } finally {
      setDirectTags(true)
    }
  }

  test("the same bytes as pdfkit's structure API but an OBJR's /Pg: marked content on two pages, annotations, attributes, other entries", async () => {
    for (const awkward of [false, true]) {
      const direct = await tagged(true, awkward)
      const pdfkit = await tagged(false, awkward)
      expect(direct.equals(objrOnItsPage(pdfkit)), awkward ? 'with other entries' : 'plain').toBe(true)
      // The exception is needed (pdfkit names the last page for the link on page 1), and is all there is.
      expect(direct.equals(pdfkit)).toBe(false)
      expect(objrOnItsPage(direct).equals(direct)).toBe(true)
      // What the test is about is in the file: an MCR (the body's text on page 2), an OBJR, the attributes.
      const text = direct.toString('latin1')
      expect(text).toContain('/Type /MCR')
      expect(text).toContain('/Type /OBJR')
      expect(text).toContain('/Scope /Column')
      if (awkward) expect(text).toContain('/BBox [0.5 1 2.25 3]')
    }
  })
})

// Whole documents: the same bytes with the shortcuts on and off.

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

function viewsOf(text: string): View[] {
  const draft = parse(text)
  if (draft.failed) throw new Error(`draft has errors:\n${draft.file.messages.map(String).join('\n')}`)
  return [{ kind: 'clean' }, { kind: 'bracketed' }, ...pendingSponsors(draft.tree).map((sponsor): View => ({ kind: 'delegation', sponsor }))]
}

/**
 * Every view's PDF, hashed; with the shortcuts off, also with every cache off (each document
 * from scratch), the structure tree made with pdfkit's own API and the bytes through its stream
 * (its OBJRs' /Pg set to their annotations' pages: objrOnItsPage).
 */
async function pdfs(texts: string[], shortcuts: boolean): Promise<string[]> {
  setSimpleShaping(shortcuts)
  setCaching(shortcuts)
  setDirectTags(shortcuts)
  setDirectBytes(shortcuts)
  try {
    const render = await renderer('pdf')
    const out: string[] = []
    for (const text of texts) {
      const draft = parse(text)
      for (const view of viewsOf(text)) {
        const { doc } = resolve(draft, view)
        const bytes = await render({ doc, layout: templates.layout(doc.meta.template, doc.meta.lang), registry: templates.registry(), options: { trackChanges: false, time: new Date(Date.UTC(2021, 5, 1, 12)), warn: () => {} } })
        out.push(sha(shortcuts ? bytes : objrOnItsPage(bytes)))
      }
    }
    return out
  } finally {
    setSimpleShaping(true)
    setCaching(true)
    setDirectTags(true)
    setDirectBytes(true)
  }
}

async function expectSamePdfs(texts: string[]): Promise<void> {
  const on = await pdfs(texts, true)
  const off = await pdfs(texts, false)
  expect(on.length).toBeGreaterThan(0)
  expect(on).toEqual(off)
}

/** Words for drafts: the random words above without what Markdown or the draft syntax reads. */
const draftWord = word.map((w) => w.replace(/[\s\\`*_~[\]<>#|!^:&]/g, '') || 'x')
const sentence = fc.array(draftWord, { minLength: 1, maxLength: 12 }).map((ws) => ws.join(' '))
const shapingBody = fc
  .array(
    fc.tuple(sentence, fc.constantFrom('plain', 'bold', 'italic', 'proposal'), sentence).map(([a, kind, b]) =>
      kind === 'bold' ? `**${a}** ${b}` : kind === 'italic' ? `*${a}* ${b}` : kind === 'proposal' ? `${a} [US: ~~${b}~~ ${a}] [MEX: ${b}]` : `${a} ${b}`,
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((paras) => ['RESOLVES:', ...paras.map((p, i) => `${i + 1}. ${p}.`)].join('\n\n'))

describe('shaping without fontkit never changes a PDF', () => {
  test('bench drafts of 9 sponsors, every view', async () => {
    await expectSamePdfs([1, 2].map((i) => generateDraft('oasgen-bench-1', i).text))
  }, 300_000)

  test('the seeds, every view', async () => {
    const { readdirSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { ROOT } = await import('./helpers.js')
    const dir = join(ROOT, 'inputs')
    await expectSamePdfs(readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(dir, f), 'utf8')))
  }, 300_000)

  test('generated drafts with links, notes, tables and nested proposals, every view', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(richBody, tableBody), async (body) => {
        const text = draftText(body)
        fc.pre(!parse(text).failed)
        await expectSamePdfs([text])
      }),
      { numRuns: 10 },
    )
  }, 300_000)

  test('a table whose header row is empty (its cells withdrawn, or blank) is written, the same either way', async () => {
    // Its row's structure element had no text to be added to the tree, and pdfkit waited for it
    // forever: the build ended without the PDF and without a word.
    await expectSamePdfs([
      draftText('| [MEX withdrawn: a] | [US withdrawn: b] |\n| --- | --- |\n| x | y |'),
      draftText('Before.\n\n|  |  |\n| --- | --- |\n\nAfter.'),
      draftText('RESOLVES:\n\n1. Text.\n\n   | [MEX withdrawn: a] | [US withdrawn: b] |\n   | --- | --- |'),
    ])
  }, 300_000)

  test('a draft with links on pages before the last (OBJRs naming other pages than pdfkit), every view', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ')
    const tail = Array.from({ length: 900 }, (_, i) => `tail${i}`).join(' ')
    await expectSamePdfs([draftText(`RESOLVES:\n\n1. First[^1] [${long}](https://www.oas.org/long) [US: ${tail}].\n\n[^1]: See [the note's site](https://www.oas.org/note).`)])
  }, 300_000)

  test('switching the shaping forgets what was made from the old shapes (words, set paragraphs)', async () => {
    const font = faceData('regular').font as unknown as { layout: (...args: unknown[]) => unknown }
    const layout = font.layout.bind(font)
    let calls = 0
    font.layout = (...args: unknown[]) => {
      calls++
      return layout(...args)
    }
    try {
      const draft = parse(draftText('1. To note the reports of the States.'))
      const { doc } = resolve(draft, { kind: 'clean' })
      const render = await renderer('pdf')
      const once = () => render({ doc, layout: templates.layout(doc.meta.template, doc.meta.lang), registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn: () => {} } })
      setSimpleShaping(true)
      await once()
      calls = 0
      setSimpleShaping(false)
      await once()
      // Every word of the paragraph is shaped by fontkit now, none served from what the shortcut made.
      expect(calls).toBeGreaterThanOrEqual('To note the reports of the States.'.split(' ').length)
    } finally {
      font.layout = layout
      setSimpleShaping(true)
    }
  })

  test('generated drafts of random words (accents, kerning pairs, marks, other scripts), every view', async () => {
    await fc.assert(
      fc.asyncProperty(shapingBody, async (body) => {
        const text = draftText(body)
        fc.pre(!parse(text).failed)
        await expectSamePdfs([text])
      }),
      { numRuns: 6 },
    )
  }, 300_000)
})
