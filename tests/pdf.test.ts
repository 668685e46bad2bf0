/**
 * The PDF renderer (issue 4): text in reading order, footnotes on their page, pagination rules,
 * fonts embedded as subsets, underline and strike-through where proposals are shown,
 * metadata, and byte-identical builds. Text is read back with pdf.js (unpdf).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import fc from 'fast-check'
import { getDocumentProxy } from 'unpdf'
import { describe, expect, it } from 'vitest'
import { parseDraft } from '../src/draft/parse.js'
import { frame } from '../src/layout/compose.js'
import { Templates } from '../src/layout/load.js'
import type { DocumentModel } from '../src/model/types.js'
import type { Line } from '../src/render/pdf/build.js'
import { faceData, FACES } from '../src/render/pdf/fonts.js'
import { render } from '../src/render/pdf/index.js'
import { RawFont } from '../src/render/pdf/subset.js'
import { typeset } from '../src/render/pdf/typeset.js'
import { renderText } from '../src/render/txt.js'
import type { RenderInput } from '../src/render/types.js'
import { resolveView } from '../src/view/resolve.js'
import { richBody } from './arbitraries.js'
import { draftText, seed } from './helpers.js'
import type { View } from '../src/view/views.js'

const templates = new Templates()
const TIME = new Date('2021-07-27T12:00:00Z')
const CICTE = readFileSync(new URL('../inputs/cicte-res-1-17.md', import.meta.url), 'utf8')
const CSH = readFileSync(new URL('../inputs/csh-omnibus-cyber-2021.md', import.meta.url), 'utf8')
const LONG = readFileSync(new URL('./fixtures/pdf/long.md', import.meta.url), 'utf8')

/** qpdf reads the PDF's objects (the structure tree) as JSON; CI installs it (.ci/run). */
const QPDF = spawnSync('qpdf', ['--version']).status === 0

const BRACKETED: View = { kind: 'bracketed' }
const CLEAN: View = { kind: 'clean' }
const delegation = (sponsor: string): View => ({ kind: 'delegation', sponsor })

function input(source: string, view: View, warn: RenderInput['options']['warn'] = () => {}): RenderInput {
  const draft = parseDraft(source, { path: 'x.md', templates })
  if (!draft.meta) throw new Error(`the test draft does not parse: ${draft.file.messages.join('; ')}`)
  const { doc } = resolveView({ meta: draft.meta, tree: draft.tree }, view)
  const layout = templates.layout(doc.meta.template, doc.meta.lang)
  return { doc, layout, registry: templates.registry(), options: { trackChanges: false, time: TIME, warn } }
}

const pdfOf = (source: string, view: View, warn?: RenderInput['options']['warn']) => render(input(source, view, warn))
const typesetOf = (i: RenderInput) => typeset(i.doc, i.layout, i.registry, () => {})

interface PageText {
  /** Text of the document's content (paragraphs, notes), in content order. */
  body: string
  /** Page numbers, job code: what is marked as an artifact. */
  artifacts: string
  /** Text items with their baseline and extent, for geometry checks. */
  items: Array<{ str: string; x: number; y: number; width: number; size: number; artifact: boolean }>
}

async function readPages(bytes: Uint8Array): Promise<PageText[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  const pages: PageText[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n)
    const content = await page.getTextContent({ includeMarkedContent: true })
    const stack: string[] = []
    const out: PageText = { body: '', artifacts: '', items: [] }
    for (const item of content.items) {
      if ('type' in item) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') stack.push((item as { tag?: string }).tag ?? '')
        else if (item.type === 'endMarkedContent') stack.pop()
        continue
      }
      const artifact = stack.includes('Artifact')
      const text = item.str + (item.hasEOL ? '\n' : '')
      if (artifact) out.artifacts += text
      else out.body += text
      if (item.str.trim() !== '') {
        const [, , , d, x, y] = item.transform as number[]
        out.items.push({ str: item.str, x: x!, y: y!, width: item.width, size: Math.abs(d!), artifact })
      }
    }
    pages.push(out)
  }
  await pdf.destroy()
  return pages
}

/** Words, whitespace-normalised; a hyphen at a line end joins the next word (both sides alike). */
const words = (text: string) =>
  text
    .replace(/-\s+/g, '-')
    .split(/\s+/)
    .filter((w) => w !== '')

/** The header block's words: organ, left column, right column. */
function headerWords(doc: DocumentModel): string[] {
  const f = frame(doc, templates.layout(doc.meta.template, doc.meta.lang), templates.registry())
  return words([f.organ, ...f.left, ...f.right].join(' '))
}

/** Every uncompressed stream of a PDF that draws (page contents). */
function contentStreams(bytes: Uint8Array): string[] {
  const pdf = Buffer.from(bytes)
  const text = pdf.toString('latin1')
  const out: string[] = []
  const re = /<<((?:[^<>]|<<[^<>]*>>)*)>>\s*stream\r?\n/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const length = Number(/\/Length (\d+)/.exec(m[1]!)?.[1])
    const start = m.index + m[0].length
    const data = pdf.subarray(start, start + length)
    const body = (m[1]!.includes('/FlateDecode') ? inflateSync(data) : data).toString('latin1')
    if (/\bBT\b/.test(body) || /\bre f\b/.test(body)) out.push(body)
  }
  return out
}

/** The embedded TrueType programs. */
function embeddedFonts(bytes: Uint8Array): RawFont[] {
  const pdf = Buffer.from(bytes)
  const text = pdf.toString('latin1')
  const fonts: RawFont[] = []
  const refs = [...text.matchAll(/\/FontFile2 (\d+) 0 R/g)].map((m) => m[1]!)
  for (const ref of refs) {
    const m = new RegExp(`\\n${ref} 0 obj\\s*<<((?:[^<>]|<<[^<>]*>>)*)>>\\s*stream\\r?\\n`).exec(text)
    if (!m) throw new Error(`no stream for font file ${ref}`)
    const length = Number(/\/Length (\d+)/.exec(m[1]!)?.[1])
    const start = m.index + m[0].length
    fonts.push(new RawFont(inflateSync(pdf.subarray(start, start + length))))
  }
  return fonts
}

describe('text in reading order', () => {
  it('reproduces the seeds word for word after the header block', async () => {
    for (const [source, name] of [
      [CICTE, 'cicte-res-1-17'],
      [CSH, 'csh-omnibus-cyber-2021'],
    ] as const) {
      const i = input(source, BRACKETED)
      const pages = await readPages(await render(i))
      expect(words(pages.map((p) => p.body).join('\n'))).toEqual([...headerWords(i.doc), ...words(seed(`${name}.txt`))])
    }
  })

  it('prints every view as the txt renderer reads it', async () => {
    const cases: Array<[string, View]> = [
      [CICTE, CLEAN],
      [CSH, CLEAN],
      [CSH, delegation('COL')],
      [CSH, delegation('US')],
      [CSH, delegation('MEX')],
    ]
    for (const [source, view] of cases) {
      const i = input(source, view)
      const header = headerWords(i.doc)
      const expected = words(renderText(i))
      const actual = words((await readPages(await render(i))).map((p) => p.body).join('\n'))
      // The txt renderer interleaves the header's columns row by row; the PDF reads them column
      // by column. The same words, then the same text.
      expect([...actual.slice(0, header.length)].sort()).toEqual([...expected.slice(0, header.length)].sort())
      expect(actual.slice(header.length)).toEqual(expected.slice(header.length))
    }
  })

  it('the clean view of the working paper renumbers the last paragraph 3', async () => {
    const body = (await readPages(await pdfOf(CSH, CLEAN))).map((p) => p.body).join('\n')
    expect(body).toMatch(/\n3\.\s+To convene the Fourth Meeting/)
    expect(body).not.toContain('[COL:')
  })

  it('draws every character of English, Spanish, French and Portuguese text', async () => {
    const sample = 'àâäçéèêëîïôöùûüÿœæ ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ áíóúñ ÁÍÓÚÑ ¿qué? ¡sí! ãõ ÃÕ “double” ‘single’ «guillemets» en–dash em—dash … 1º 2ª € § ° ·'
    const warnings: string[] = []
    const bytes = await pdfOf(`---\ntitle: Glyphs\n---\n\n${sample}\n`, CLEAN, (rule, message) => warnings.push(`${rule} ${message}`))
    expect(warnings).toEqual([])
    expect(words((await readPages(bytes))[0]!.body)).toEqual(expect.arrayContaining(words(sample)))
    // And the glyphs are real ones: none of them is .notdef (glyph 0) in any face.
    for (const face of FACES) {
      for (const ch of sample.replace(/\s/g, '')) expect(faceData(face).font.glyphForCodePoint(ch.codePointAt(0)!).id, `${face} ${ch}`).not.toBe(0)
    }
  })

  it('warns about a character no font has, naming it', async () => {
    const warnings: Array<[string, string]> = []
    await pdfOf('---\ntitle: Missing\n---\n\nThe word 中 and 中 again and 𝄞.\n', CLEAN, (rule, message) => warnings.push([rule, message]))
    expect(warnings.map(([rule]) => rule)).toEqual(['font-missing-glyph', 'font-missing-glyph'])
    expect(warnings[0]![1]).toContain('“中” (U+4E2D)')
    expect(warnings[1]![1]).toContain('U+1D11E')
  })

  it('declares PDF/A-2b only for a file that draws no .notdef, and says so in the warning', async () => {
    const declared = async (bytes: Uint8Array) => {
      const pdf = await getDocumentProxy(new Uint8Array(bytes))
      const { metadata } = (await pdf.getMetadata()) as unknown as { metadata: { get(name: string): unknown } | null }
      const part = metadata?.get('pdfaid:part')
      await pdf.destroy()
      return { part, intents: /\/OutputIntents/.test(Buffer.from(bytes).toString('latin1')) }
    }
    const warnings: string[] = []
    const missing = await pdfOf('---\ntitle: Missing\n---\n\nThe words 中文 and ✓.\n', CLEAN, (_, message) => warnings.push(message))
    expect(warnings).toHaveLength(3)
    for (const message of warnings) expect(message).toContain('is not declared PDF/A-2b')
    expect(await declared(missing)).toEqual({ part: null, intents: false })
    expect(await declared(await pdfOf('---\ntitle: Drawn\n---\n\nThe words à and €.\n', CLEAN))).toEqual({ part: '2', intents: true })
  })

  it('writes glyph 0’s width in thousandths of an em, as the font says, like every other width', async () => {
    const bytes = await pdfOf('---\ntitle: Missing\n---\n\nThe word 中, **bold** and *italic*.\n', CLEAN)
    const text = Buffer.from(bytes).toString('latin1')
    const first = [...text.matchAll(/\/W \[0 \[([\d.]+)/g)].map((m) => Number(m[1]))
    expect(first.length).toBeGreaterThanOrEqual(3)
    const notdef = faceData('regular').font
    const expected = (notdef.getGlyph(0).advanceWidth * 1000) / notdef.unitsPerEm
    expect(expected).toBeCloseTo(778, 0)
    for (const face of FACES) expect((faceData(face).font.getGlyph(0).advanceWidth * 1000) / faceData(face).font.unitsPerEm).toBeCloseTo(expected, 0)
    for (const width of first) expect(width).toBeCloseTo(expected, 2)
  })
})

describe('page layout', () => {
  it('numbers pages from the second, centred at the top, and prints the job code on the first', async () => {
    const bytes = await pdfOf(LONG, BRACKETED)
    const pages = await readPages(bytes)
    expect(pages.length).toBeGreaterThanOrEqual(3)
    expect(pages[0]!.artifacts).not.toMatch(/- 1 -/)
    expect(pages[0]!.artifacts).toContain('CP00001E01')
    pages.forEach((page, index) => {
      if (index === 0) return
      const number = page.items.find((item) => item.artifact && item.str.includes(`- ${index + 1} -`))
      expect(number, `page ${index + 1}`).toBeDefined()
      // Centred on the page (612 wide), above the top margin.
      expect(Math.abs(number!.x + number!.width / 2 - 306)).toBeLessThan(1)
      expect(number!.y).toBeGreaterThan(792 - 72)
      expect(page.artifacts).not.toContain('CP00001E01')
    })
  })

  it('sets the header block in two columns, the organ line centred above', async () => {
    const pages = await readPages(await pdfOf(CICTE, BRACKETED))
    const item = (s: string) => pages[0]!.items.find((i) => i.str === s)!
    const organ = item('INTER-AMERICAN COMMITTEE AGAINST TERRORISM')
    expect(Math.abs(organ.x + organ.width / 2 - 306)).toBeLessThan(1)
    const left = ['SEVENTEENTH REGULAR SESSION', 'April 6 and 7, 2017', 'Washington, D.C.'].map(item)
    const right = ['OEA/Ser.L/X.2.17', 'CICTE/RES. 1/17', '7 April 2017', 'Original: English'].map(item)
    for (const l of left) expect(l.x).toBeCloseTo(72, 1)
    for (const r of right) expect(r.x).toBeCloseTo(right[0]!.x, 1)
    // The right column starts where the layout says (header.rightAt from the left margin).
    expect(right[0]!.x).toBeCloseTo(72 + templates.layout('resolution', 'en').header.rightAt, 1)
    // Row by row: the first lines of both columns share a baseline, under the organ line.
    expect(left[0]!.y).toBeCloseTo(right[0]!.y, 1)
    expect(organ.y).toBeGreaterThan(left[0]!.y)
    // The job code is small and at the foot of the page.
    const job = item('CICTE00865E01')
    expect(job.y).toBeLessThan(72)
    expect(job.size).toBeLessThan(10)
  })

  it('breaks a long title where the original (and Word) does: as many words as fit, centred', async () => {
    const pages = await readPages(await pdfOf(CICTE, CLEAN))
    // The seed is the text of the original: its title is on lines 3 and 4.
    const title = seed('cicte-res-1-17.txt').split('\n').slice(2, 4)
    expect(title).toEqual(['ESTABLISHMENT OF A WORKING GROUP ON COOPERATION AND', 'CONFIDENCE-BUILDING MEASURES IN CYBERSPACE'])
    for (const line of title) {
      const item = pages[0]!.items.find((i) => i.str.trim() === line)
      expect(item, line).toBeDefined()
      expect(Math.abs(item!.x + item!.width / 2 - 306)).toBeLessThan(1)
    }
  })

  it('justifies body lines to the margins and indents as the layout says', () => {
    const i = input(LONG, BRACKETED)
    const { built } = typesetOf(i)
    const right = 612 - 72
    let justified = 0
    for (const para of built.body) {
      para.lines.forEach((line, n) => {
        const last = line.placed.filter((p) => !p.space).at(-1)
        if (!last) return
        const end = last.x + last.advance
        expect(end).toBeLessThanOrEqual(right + 0.01)
        const hasSpace = line.placed.some((p) => p.space)
        if (n < para.lines.length - 1 && hasSpace && para.tag === 'P') {
          expect(end).toBeCloseTo(right, 2)
          justified++
        }
      })
    }
    expect(justified).toBeGreaterThan(50)
    const first = (label: string) => built.body.find((p) => p.lines[0]?.placed[0]?.frag.text === label)!
    /** Where the text of line `n` starts (after the label on the first line). */
    const start = (p: ReturnType<typeof first>, n: number) => p.lines[n]!.placed.filter((x) => !x.space)[n === 0 ? 1 : 0]!.x
    // Operative paragraph: number at the first-line indent, text 36 pt further, wrapped lines at the margin.
    const op = first('1.')
    expect(op.lines[0]!.placed[0]!.x).toBeCloseTo(72 + 36, 3)
    expect(start(op, 0)).toBeCloseTo(72 + 72, 3)
    expect(start(op, 1)).toBeCloseTo(72, 3)
    // Sub-paragraph: hanging label, every line at the indent.
    const sub = first('a.')
    expect(sub.lines[0]!.placed[0]!.x).toBeCloseTo(72 + 36, 3)
    expect(start(sub, 0)).toBeCloseTo(72 + 72, 3)
    expect(start(sub, 1)).toBeCloseTo(72 + 72, 3)
    expect(first('b.')).toBeDefined()
    const subsub = first('i.')
    expect(start(subsub, 0)).toBeCloseTo(72 + 108, 3)
  })

  it('keeps the title area together, the keyword off the foot of a page, and leaves no widows or orphans', () => {
    // The same document with preambles of growing length moves every break across the pages.
    const para = (n: number, word: string) => Array.from({ length: n }, (_, k) => `${word}${k % 7}`).join(' ')
    let splits = 0
    let keywordHeadsPage = 0
    for (let extra = 0; extra < 24; extra++) {
      const source = [
        '---',
        'title: Pagination test',
        'symbol: CP/RES. 1 (1/24)',
        'note: Approved on March 5, 2024',
        '---',
        '',
        'THE PERMANENT COUNCIL,',
        '',
        `CONSIDERING ${para(150 + extra * 9, 'alpha')};`,
        '',
        `RECALLING ${para(95, 'beta')};`,
        '',
        `NOTING ${para(40 + extra * 5, 'gamma')},`,
        '',
        'RESOLVES:',
        '',
        `1. To ${para(120, 'delta')}.`,
        '',
        `2. To ${para(30, 'epsilon')}.`,
        '',
        `3. To ${para(200, 'zeta')}.`,
        '',
      ].join('\n')
      const { built, pages } = typesetOf(input(source, CLEAN))
      const pageOf = new Map<Line, number>()
      pages.forEach((page, n) => page.body.forEach((p) => pageOf.set(p.line, n)))
      // Every line is placed once.
      expect(pageOf.size).toBe(built.body.reduce((n, p) => n + p.lines.length, 0))
      built.body.forEach((p, index) => {
        const onPage = new Map<number, number>()
        for (const line of p.lines) onPage.set(pageOf.get(line)!, (onPage.get(pageOf.get(line)!) ?? 0) + 1)
        if (onPage.size > 1) {
          splits++
          for (const count of onPage.values()) expect(count, `paragraph ${index}, extra ${extra}`).toBeGreaterThanOrEqual(2)
        }
      })
      const keyword = built.body.findIndex((p) => p.lines[0]!.placed.some((x) => x.frag.text === 'RESOLVES:'))
      const keywordPage = pageOf.get(built.body[keyword]!.lines[0]!)!
      expect(keywordPage).toBe(pageOf.get(built.body[keyword + 1]!.lines[0]!))
      if (pages[keywordPage]!.body[0]!.line === built.body[keyword]!.lines[0]) keywordHeadsPage++
      // The title area (symbol, title, note) and the first paragraph share the first page.
      for (let k = 0; k <= 3; k++) expect(pageOf.get(built.body[k]!.lines[0]!)).toBe(0)
      // Lines never run into the bottom margin.
      for (const page of pages) for (const p of page.body) expect(p.y + p.line.height).toBeLessThanOrEqual(792 - 72 + 0.01)
    }
    // The variants do split paragraphs, and do push the keyword over to the next page.
    expect(splits).toBeGreaterThan(15)
    expect(keywordHeadsPage).toBeGreaterThan(0)
  })
})

describe('footnotes', () => {
  it('prints each footnote at the foot of the page that refers to it, under a short rule', async () => {
    const bytes = await pdfOf(LONG, BRACKETED)
    const pages = await readPages(bytes)
    const found = new Map<number, { mark: number; note: number }>()
    pages.forEach((page, n) => {
      for (const item of page.items) {
        const mark = /^(\d)\/$/.exec(item.str)
        if (mark && item.size < 10) found.set(Number(mark[1]), { ...(found.get(Number(mark[1])) ?? { note: -1 }), mark: n })
        const note = /^(\d)\. /.exec(item.str)
        if (note && Math.abs(item.size - 10) < 0.01 && item.x < 73) found.set(Number(note[1]), { ...(found.get(Number(note[1])) ?? { mark: -1 }), note: n })
      }
    })
    expect([...found.keys()].sort()).toEqual([1, 2, 3])
    for (const [n, { mark, note }] of found) expect(note, `footnote ${n}`).toBe(mark)
    // Footnote text is 10 pt, below the body, and starts "1. "; the mark is a superscript 1/.
    expect(pages[0]!.body).toContain('1. The United States has consistently objected')
    const { pages: set } = typesetOf(input(LONG, BRACKETED))
    for (const page of set) {
      if (page.notes.length === 0) continue
      const bodyEnd = Math.max(...page.body.map((p) => p.y + p.line.height))
      expect(page.separator!).toBeGreaterThanOrEqual(bodyEnd - 0.01)
      const last = page.notes[page.notes.length - 1]!
      expect(last.y + last.line.height).toBeCloseTo(792 - 72, 3)
    }
    // The short rule: one 144 pt rectangle per page with footnotes.
    const rules = contentStreams(bytes).flatMap((s) => [...s.matchAll(/([\d.]+) ([\d.]+) 144 0\.5 re f/g)])
    expect(rules.length).toBe(set.filter((p) => p.notes.length > 0).length)
  })

  it('runs a footnote too long for its page on to the next one, before that page’s own notes', async () => {
    const filler = (n: number) => Array.from({ length: n }, (_, k) => `word${k % 11}`).join(' ')
    const source = [
      '---',
      'title: Long footnote',
      '---',
      '',
      `1. To ${filler(330)} here[^a] and more.`,
      '',
      `2. To ${filler(280)} there[^b].`,
      '',
      `[^a]: Beginning ${filler(500)} Ending.`,
      '',
      '[^b]: Second note.',
      '',
    ].join('\n')
    const pages = await readPages(await pdfOf(source, CLEAN))
    const pageWith = (s: string) => pages.findIndex((p) => p.body.includes(s))
    const mark = pages.findIndex((p) => p.items.some((i) => i.str === '1/'))
    expect(mark).toBeGreaterThanOrEqual(0)
    expect(pageWith('1. Beginning')).toBe(mark)
    expect(pageWith('Ending.')).toBe(mark + 1)
    // On the next page the rest of note 1 comes first, then note 2 if it is referred to there.
    const next = pages[mark + 1]!.body
    if (next.includes('2. Second note.')) expect(next.indexOf('Ending.')).toBeLessThan(next.indexOf('2. Second note.'))
    expect(pages.findIndex((p) => p.body.includes('2. Second note.'))).toBe(pages.findIndex((p) => p.items.some((i) => i.str === '2/')))
  })
})

describe('shown proposals', () => {
  it('strikes deletions and underlines insertions word for word, across line breaks', () => {
    const { built } = typesetOf(input(CSH, BRACKETED))
    let struck = 0
    let underlined = 0
    for (const para of built.body) {
      for (const line of para.lines) {
        for (const kind of ['underline', 'strike'] as const) {
          const spans = line.decorations.filter((d) => d.kind === kind)
          for (const p of line.placed) {
            if (p.space) continue
            const covered = spans.some((d) => d.x0 <= p.x + 0.001 && d.x1 >= p.x + p.advance - 0.001)
            expect(covered, `${kind} of “${p.frag.text}”`).toBe(p.frag.style[kind])
          }
          // Spans start and end exactly at words that carry the mark.
          for (const d of spans) {
            expect(line.placed.some((p) => !p.space && p.frag.style[kind] && Math.abs(p.x - d.x0) < 0.001)).toBe(true)
            expect(line.placed.some((p) => !p.space && p.frag.style[kind] && Math.abs(p.x + p.advance - d.x1) < 0.001)).toBe(true)
          }
          if (kind === 'strike') struck += spans.length
          else underlined += spans.length
        }
      }
    }
    const frag = (text: string) => built.body.flatMap((p) => p.lines.flatMap((l) => l.placed)).find((p) => p.frag.text === text)!.frag
    expect(frag('contained').style.strike).toBe(true)
    expect(frag('GEG').style.underline).toBe(true)
    expect(frag('GEG').style.strike).toBe(false)
    expect(frag('out').style.underline).toBe(true)
    expect(frag('[COL:').style.face).toBe('bold')
    expect(frag('convene').style).toMatchObject({ face: 'regular', underline: false, strike: false })
    expect(struck).toBeGreaterThanOrEqual(2)
    // The US proposal runs over several lines: one underline span per line at least.
    expect(underlined).toBeGreaterThanOrEqual(8)
  })

  it('draws the spans as rules along the text lines, and none in the clean view', async () => {
    const i = input(CSH, BRACKETED)
    const bytes = await render(i)
    const { built } = typesetOf(i)
    const spans = built.body.reduce((n, p) => n + p.lines.reduce((m, l) => m + l.decorations.length, 0), 0)
    const rects = contentStreams(bytes).flatMap((s) => [...s.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re f/g)].map((m) => m.slice(1).map(Number)))
    expect(rects.length).toBe(spans)
    const items = (await readPages(bytes))[0]!.items
    for (const [x, y, w, h] of rects) {
      expect(h).toBeLessThan(1.5)
      // Each lies on a text line it overlaps: under the baseline (underline) or through the
      // lower-case letters (strike-through).
      const line = items.find((item) => !item.artifact && y! > item.y - 3 && y! < item.y + 6 && x! < item.x + item.width && x! + w! > item.x)
      expect(line, `rule at ${x},${y}`).toBeDefined()
    }
    const strikes = rects.filter(([, y]) => items.some((item) => y! > item.y + 1.5 && y! < item.y + 6 && item.str.includes('contained')))
    expect(strikes.length).toBeGreaterThanOrEqual(1)
    expect(contentStreams(await pdfOf(CSH, CLEAN)).join('\n')).not.toMatch(/ re f/)
  })
})

/**
 * Drafts whose nested proposals the PDF once marked wrongly: tags and brackets inside another's
 * insertion underlined, nested deletions struck and underlined. That the PDF, the DOCX and the
 * HTML mark the same characters is tests/marks.test.ts; here, what the page draws.
 */
const NESTED = readFileSync(new URL('./fixtures/marks/nested.md', import.meta.url), 'utf8')

describe('shown proposals, nested: the rules the page draws', () => {
  it('draws no rule under or through a tag or a bracket, and only a strike through a nested deletion', async () => {
    for (const [source, deletions] of [
      [NESTED, ['the', 'new', 'old', 'Group', 'a']],
      [CSH, ['contained', 'the GGE']],
    ] as const) {
      const i = input(source, BRACKETED)
      const streams = contentStreams(await render(i))
      const { pages } = typesetOf(i)
      const height = i.layout.page.size[1]
      let tags = 0
      const struck = new Set<string>()
      pages.forEach((page, n) => {
        // The rules the page draws (thin filled rectangles), from its content stream.
        const rects = [...streams[n]!.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re f/g)]
          .map((m) => m.slice(1).map(Number) as [number, number, number, number])
          .filter(([, , , h]) => h < 1.5)
        for (const { line, y } of [...page.body, ...page.notes]) {
          const baseline = height - (y + line.baseline)
          for (const p of line.placed) {
            if (p.space) continue
            // The rules across this fragment: below the baseline an underline, above it a strike.
            const rules = rects
              .filter(([x, ry, w]) => x < p.x + p.advance - 0.01 && x + w > p.x + 0.01 && ry > baseline - 4 && ry < baseline + p.frag.style.size * 0.6)
              .map(([, ry]) => (ry < baseline ? 'underline' : 'strike'))
            const text = p.frag.text
            if (p.frag.style.face === 'bold' && /^(?:\[(?:[A-Z]+(?:\/[A-Z]+)?:)?|\]+[.,]?)$/.test(text)) {
              tags++
              expect(rules, `rule across “${text}” on page ${n + 1}`).toEqual([])
            }
            expect(new Set(rules).size, `“${text}” is both underlined and struck`).toBeLessThanOrEqual(1)
            if (rules.includes('strike')) struck.add(text)
          }
        }
      })
      expect(tags).toBeGreaterThan(5)
      // Each nested deletion's words are struck (and, above, nothing struck is underlined).
      for (const deletion of deletions) for (const word of deletion.split(' ')) expect(struck, deletion).toContain(word)
    }
  })
})

/**
 * The structure tree of page 1 as text: each element `Role`, its own text in quotes, its
 * children in brackets; the text of each marked-content sequence read by pdf.js.
 */
async function structureOf(bytes: Uint8Array, pageNumber = 1): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  const page = await pdf.getPage(pageNumber)
  const content = await page.getTextContent({ includeMarkedContent: true })
  const texts = new Map<string, string>()
  const open: string[] = []
  for (const item of content.items) {
    if ('type' in item) {
      if (item.type === 'beginMarkedContentProps') open.push((item as { id?: string }).id ?? '')
      else if (item.type === 'beginMarkedContent') open.push('')
      else if (item.type === 'endMarkedContent') open.pop()
      continue
    }
    const id = open.at(-1)
    if (id) texts.set(id, (texts.get(id) ?? '') + item.str)
  }
  const tree = (await page.getStructTree()) as unknown
  await pdf.destroy()
  const show = (node: unknown): string => {
    const n = node as { role?: string; type?: string; id?: string; children?: unknown[] }
    if (n.type === 'content') return JSON.stringify((texts.get(n.id!) ?? '').trim())
    if (n.type === 'annotation' || n.type === 'object') return '@'
    const inner = (n.children ?? []).map(show).filter((x) => x !== '""')
    return `${n.role ?? ''}${inner.length > 0 ? `[${inner.join(' ')}]` : ''}`
  }
  return show(tree)
}

describe('tags for a screen reader', () => {
  const LISTS = [
    '---',
    'title: Lists',
    '---',
    '',
    'RESOLVES:',
    '',
    '1. To do one thing[^1]:',
    '   1. First sub.',
    '   2. Second sub, see [the site](https://www.oas.org).',
    '',
    '   A continuation.',
    '2. To do another.',
    '',
    'Then a body paragraph.',
    '',
    '- A bullet',
    '  - nested.',
    '',
    '[^1]: The note.',
  ].join('\n')

  it('tags lists as L / LI / Lbl / LBody, a nested list in its item’s LBody, a further paragraph in it too', async () => {
    const tree = await structureOf(await pdfOf(LISTS, BRACKETED))
    expect(tree).toContain(
      'P["RESOLVES:"] ' +
        'L[LI[Lbl["1."] LBody["To do one thing" Reference["1/"] ":" Note["1. The note."] ' +
        'L[LI[Lbl["a."] LBody["First sub."]] LI[Lbl["b."] LBody["Second sub, see" Link["the site" @] "."]]] P["A continuation."]]] ' +
        'LI[Lbl["2."] LBody["To do another."]]] ' +
        'P["Then a body paragraph."] ' +
        'L[LI[Lbl["•"] LBody["A bullet" L[LI[Lbl["◦"] LBody["nested."]]]]]]',
    )
  })

  it('tags tables as Table / TR / TH / TD, each cell’s text in its cell, a header cell heading its column, a table in an item in its LBody', async () => {
    const TABLE = [
      '---',
      'title: Tables',
      '---',
      '',
      'RESOLVES:',
      '',
      '1. To adopt the scale:',
      '',
      '   | Body | Budget |',
      '   | --- | ---: |',
      '   | CICTE and [the committees](https://www.oas.org) | [US: 100] [MEX: ~~50~~ 60] |',
      '   | CIM[^1] | 20 |',
      '',
      '2. To end.',
      '',
      '[^1]: Inter-American Commission of Women.',
    ].join('\n')
    const bytes = await pdfOf(TABLE, BRACKETED)
    // The table is part of operative paragraph 1: in its LBody, and the list goes on after it.
    expect(await structureOf(bytes)).toContain(
      'L[LI[Lbl["1."] LBody["To adopt the scale:" ' +
        'Table[TR[TH["Body"] TH["Budget"]] ' +
        'TR[TD["CICTE and" Link["the committees" @]] TD["[US: 100] [MEX: 50 60]"]] ' +
        'TR[TD["CIM" Reference["1/"]] TD["20"]]] ' +
        'Note["1. Inter-American Commission of Women."]]] ' +
        'LI[Lbl["2."] LBody["To end."]]]',
    )
    // Each header cell says it heads its column.
    const text = Buffer.from(bytes).toString('latin1')
    const heads = [...text.matchAll(/<<[^>]*\/S \/TH\b[\s\S]*?>>\s*endobj/g)].map((m) => m[0])
    expect(heads).toHaveLength(2)
    for (const head of heads) expect(head).toMatch(/\/A <<\s*\/O \/Table\s*\/Scope \/Column\s*>>/)
  })

  it('a table running on to a new page is one Table; its header row repeated there is no content', async () => {
    const rows = Array.from({ length: 70 }, (_, i) => `| Body ${i + 1} | ${i + 1} |`)
    const bytes = await pdfOf(['---', 'title: Long', '---', '', '| Body | Share |', '| --- | --- |', ...rows].join('\n'), CLEAN)
    const first = await structureOf(bytes, 1)
    const second = await structureOf(bytes, 2)
    expect(first).toMatch(/^Root\[Document\[.*Table\[TR\[TH\["Body"\] TH\["Share"\]\] TR\[TD\["Body 1"\] TD\["1"\]\]/)
    // pdf.js gives each page the whole tree, with the text of that page: the same Table, its
    // header cells without text there (the repeated row is an artifact), the rows that run on.
    expect(second).toMatch(/^Root\[Document\[Table\[TR\[TH TH\] (?:TR\[TD TD\] )+TR\[TD\["Body \d+"\] TD\["\d+"\]\]/)
    const text = Buffer.from(bytes).toString('latin1')
    expect([...text.matchAll(/\/S \/Table\b/g)]).toHaveLength(1)
  })

  it('puts each link’s text in its Link element, with its annotation', async () => {
    const tree = await structureOf(await pdfOf('---\ntitle: T\n---\n\nSee [the OAS site](https://www.oas.org) and [US: [this](mailto:x@oas.org)].\n', CLEAN))
    expect(tree).toContain('P["See" Link["the OAS site" @] "and."]')
    expect(tree).not.toContain('this')
    const bracketed = await structureOf(await pdfOf('---\ntitle: T\n---\n\nSee [the OAS site](https://www.oas.org) and [US: [this](mailto:x@oas.org)].\n', BRACKETED))
    expect(bracketed).toContain('Link["this" @]')
  })

  it('gives each note an ID (in the IDTree) and each mark referring to it a Reference to it', async () => {
    const bytes = await pdfOf(LISTS.replace('2. To do another.', '2. To do another[^2].') + '\n[^2]: Another.\n', BRACKETED)
    const text = Buffer.from(bytes).toString('latin1')
    const objects = new Map([...text.matchAll(/(\d+) 0 obj\s*<<([\s\S]*?)>>\s*endobj/g)].map((m) => [m[1]!, m[2]!]))
    const notes = [...objects].filter(([, body]) => /\/S \/Note\b/.test(body))
    expect(notes.map(([, body]) => /\/ID \(([^)]*)\)/.exec(body)?.[1])).toEqual(['fn1', 'fn2'])
    const tree = /\/IDTree <<\s*\/Names \[([^\]]*)\]/.exec(text)?.[1]
    expect(tree?.replace(/\s+/g, ' ').trim()).toBe(notes.map(([id], i) => `(fn${i + 1}) ${id} 0 R`).join(' '))
    const references = [...objects].filter(([, body]) => /\/S \/Reference\b/.test(body))
    expect(references.map(([, body]) => /\/Ref \[(\d+) 0 R\]/.exec(body)?.[1])).toEqual(notes.map(([id]) => id))
  })
})

describe('links', () => {
  const LINKS = [
    '---',
    'title: Links',
    '---',
    '',
    'RESOLVES:',
    '',
    '1. To consult [the repository of documents of the Inter-American Committee against Terrorism on the Internet](https://www.oas.org/cicte/documents?lang=en&year=2021) and [US: to write to [the Secretariat](mailto:cicte@oas.org)].',
    '2. Not a link: [this one](javascript:alert(1)), nor [that one](docs/annex.pdf).',
    '',
    'Footnoted[^1].',
    '',
    '[^1]: Available at [www.oas.org](https://www.oas.org/en/).',
    '',
  ].join('\n')

  interface Annotation {
    subtype: string
    url?: string
    rect: number[]
  }

  async function linksOf(bytes: Uint8Array) {
    const pdf = await getDocumentProxy(new Uint8Array(bytes))
    const page = await pdf.getPage(1)
    const annotations = (await page.getAnnotations()) as Annotation[]
    const text = await page.getTextContent()
    const tree = (await page.getStructTree()) as unknown
    await pdf.destroy()
    const items = text.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width }] : []))
    return { annotations, items, tree }
  }

  it('makes http, https and mailto links clickable over their text, line by line', async () => {
    const i = input(LINKS, BRACKETED)
    const { annotations, items } = await linksOf(await render(i))
    const long = 'https://www.oas.org/cicte/documents?lang=en&year=2021'
    // One area per line a link's text is on: the long one runs over two lines. Nothing else is
    // a link: not javascript:, not a relative path (their text is printed).
    expect(annotations.map((a) => [a.subtype, a.url])).toEqual([
      ['Link', long],
      ['Link', long],
      ['Link', 'mailto:cicte@oas.org'],
      ['Link', 'https://www.oas.org/en/'],
    ])
    expect(words(items.map((t) => t.str).join(' '))).toEqual(expect.arrayContaining(['Not', 'a', 'link:', 'this', 'one,', 'nor', 'that', 'one.']))

    // Each area spans exactly the link's words on its line, from the set lines the page draws.
    const { pages } = typesetOf(i)
    const height = i.layout.page.size[1]
    const placed = pages[0]!.body.concat(pages[0]!.notes).flatMap(({ line, y }) => line.links.map((span) => ({ span, line, y })))
    expect(placed).toHaveLength(4)
    const linkWords = placed.map(({ span, line }) =>
      line.placed
        .filter((p) => p.x >= span.x0 - 1e-6 && p.x + p.advance <= span.x1 + 1e-6)
        .map((p) => p.frag.text)
        .join(''),
    )
    const spaced = linkWords.map((t) => t.replace(/ +/g, ' '))
    expect(`${spaced[0]} ${spaced[1]}`).toBe('the repository of documents of the Inter-American Committee against Terrorism on the Internet')
    expect(spaced.slice(2)).toEqual(['the Secretariat', 'www.oas.org'])
    placed.forEach(({ span, line, y }, n) => {
      // The annotation's rectangle is the span across the line's height, in PDF coordinates.
      const [x0, y0, x1, y1] = annotations[n]!.rect
      expect(x0).toBeCloseTo(span.x0, 2)
      expect(x1).toBeCloseTo(span.x1, 2)
      expect(y1).toBeCloseTo(height - y, 2)
      expect(y0).toBeCloseTo(height - y - line.height, 2)
      // And the line of text drawn there is the line the span is on.
      const drawn = items.filter((t) => t.y > y0! && t.y < y1!).map((t) => t.str).join(' ')
      expect(drawn.replace(/\s+/g, ' ')).toContain(linkWords[n]!.split(/ +/)[0])
    })
    // Text before the long link on its first line is not in its area.
    expect(placed[0]!.span.x0).toBeGreaterThan(i.layout.page.margins.left + 20)
  })

  it('puts each link in the structure tree as one Link of its paragraph, over all its lines', async () => {
    const { tree } = await linksOf(await pdfOf(LINKS, BRACKETED))
    const roles: string[][] = []
    const walk = (node: unknown, path: string[]) => {
      const n = node as { role?: string; children?: unknown[] }
      const here = n.role ? [...path, n.role] : path
      if (n.role === 'Link') roles.push(here)
      for (const child of n.children ?? []) walk(child, here)
    }
    walk(tree, [])
    // The long link's two lines are one Link (two annotations); the mailto one; the footnote's.
    // The two links are in operative paragraphs: the text (LBody) of list items.
    expect(roles.map((r) => r.slice(-2).join('>'))).toEqual(['LBody>Link', 'LBody>Link', 'Note>Link'])
  })

  it('one Link element per link: over a page break, past a footnote’s link; two links to one address are two', async () => {
    const long = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ')
    const source = `---\ntitle: T\n---\n\nFirst[^1] [${long}](https://www.oas.org/long).\n\n[^1]: See [the note's site](https://www.oas.org/note).\n`
    const bytes = await pdfOf(source, CLEAN)
    const pdf = await getDocumentProxy(new Uint8Array(bytes))
    const perPage: string[][] = []
    for (let n = 1; n <= pdf.numPages; n++) perPage.push(((await (await pdf.getPage(n)).getAnnotations()) as Array<{ url?: string }>).map((a) => a.url!))
    await pdf.destroy()
    // The long link runs over pages 1 and 2, the footnote (with its link) is painted between.
    expect(perPage.length).toBeGreaterThanOrEqual(2)
    expect(perPage[0]).toContain('https://www.oas.org/note')
    expect(perPage[0]).toContain('https://www.oas.org/long')
    expect(perPage[1]).toContain('https://www.oas.org/long')
    // Structure elements are plain (uncompressed) objects: the long link's, the note's.
    const linkElements = (b: Uint8Array) => Buffer.from(b).toString('latin1').match(/\/S \/Link\b/g)?.length
    expect(linkElements(bytes)).toBe(2)
    // Two links to one address, with nothing between: two links.
    expect(linkElements(await pdfOf('---\ntitle: T\n---\n\n[One](https://www.oas.org/x)[two](https://www.oas.org/x).\n', CLEAN))).toBe(2)
  })

  it.skipIf(!QPDF)("names, in each link's OBJR, the page the link is on, not the last page (qpdf --json)", async () => {
    // A link on page 1 only (the note's), one over pages 1 and 2, then a page with no link.
    const long = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ')
    const tail = Array.from({ length: 900 }, (_, i) => `tail${i}`).join(' ')
    const source = `---\ntitle: T\n---\n\nFirst[^1] [${long}](https://www.oas.org/long).\n\n${tail}.\n\n[^1]: See [the note's site](https://www.oas.org/note).\n`
    const dir = mkdtempSync(join(tmpdir(), 'oasgen-objr-'))
    try {
      const file = join(dir, 'links.pdf')
      writeFileSync(file, await pdfOf(source, CLEAN))
      const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' })
      expect(check.status, check.stdout + check.stderr).toBe(0)
      const json = JSON.parse(spawnSync('qpdf', ['--json', '--json-key=qpdf', '--json-key=pages', file], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout) as {
        pages: Array<{ object: string }>
        qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>]
      }
      const objects = json.qpdf[1]
      const pages = json.pages.map((p) => p.object)
      expect(pages.length).toBeGreaterThanOrEqual(3)
      const pageOf = new Map<string, string>()
      for (const page of pages) for (const annotation of (objects[`obj:${page}`]!.value!['/Annots'] as string[] | undefined) ?? []) pageOf.set(annotation, page)
      const objrs = Object.values(objects).flatMap((o) => ((o.value?.['/K'] as unknown[] | undefined) ?? []).filter((k): k is Record<string, string> => typeof k === 'object' && k !== null && (k as Record<string, unknown>)['/Type'] === '/OBJR'))
      // Every link area (one a line of the long link, the note's link) has its OBJR …
      expect(objrs.map((k) => k['/Obj']).sort()).toEqual([...pageOf.keys()].sort())
      expect(pageOf.size).toBeGreaterThan(2)
      // … naming the page whose /Annots holds it: pages 1 and 2, none the last page.
      for (const k of objrs) expect(k['/Pg'], k['/Obj']).toBe(pageOf.get(k['/Obj']!))
      expect(new Set(objrs.map((k) => pages.indexOf(k['/Pg']!) + 1))).toEqual(new Set([1, 2]))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('writes a link target with letters beyond ASCII as a URI: punycode host, percent-encoded path', async () => {
    const { annotations } = await linksOf(await pdfOf('---\ntitle: T\n---\n\nSee [the café](https://münchen.de/café?q=ñ).\n', CLEAN))
    expect(annotations.map((a) => a.url)).toEqual(['https://xn--mnchen-3ya.de/caf%C3%A9?q=%C3%B1'])
  })

  it('the delegation view links what it shows and nothing of what it rejects', async () => {
    const { annotations } = await linksOf(await pdfOf(LINKS, delegation('MEX')))
    expect(annotations.map((a) => a.url)).toEqual(['https://www.oas.org/cicte/documents?lang=en&year=2021', 'https://www.oas.org/cicte/documents?lang=en&year=2021', 'https://www.oas.org/en/'])
  })
})

describe('properties', () => {
  it('prints the words of every view of generated drafts as the txt renderer reads them', async () => {
    await fc.assert(
      fc.asyncProperty(richBody, fc.constantFrom(CLEAN, BRACKETED, delegation('US'), delegation('COL')), async (body, view) => {
        const i = input(draftText(body), view)
        const header = headerWords(i.doc)
        // The txt prints the footnote rule as underscores; the PDF draws it.
        const expected = words(renderText(i)).filter((w) => !/^_+$/.test(w))
        const actual = words((await readPages(await render(i))).map((p) => p.body).join('\n'))
        expect([...actual.slice(0, header.length)].sort()).toEqual([...expected.slice(0, header.length)].sort())
        expect(actual.slice(header.length)).toEqual(expected.slice(header.length))
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40) },
    )
  })
})

describe('fonts, metadata and determinism', () => {
  it('embeds Tinos subsets as TrueType font files', async () => {
    const bytes = await pdfOf(CSH, BRACKETED)
    const text = Buffer.from(bytes).toString('latin1')
    const names = [...text.matchAll(/\/BaseFont \/([A-Z]{6})\+(Tinos-[A-Za-z]+)/g)].map((m) => m[2])
    expect(new Set(names)).toEqual(new Set(['Tinos-Regular', 'Tinos-Bold']))
    expect(text).not.toMatch(/\/Subtype \/Type1/)
    expect(text).not.toContain('Helvetica')
    const descriptors = text.match(/\/Type \/FontDescriptor/g)!.length
    const fonts = embeddedFonts(bytes)
    expect(fonts.length).toBe(descriptors)
    for (const font of fonts) {
      const glyphs = font.view.getUint16(font.table('maxp').offset + 4)
      expect(glyphs).toBeGreaterThan(10)
      expect(glyphs).toBeLessThan(200)
      for (const tag of ['glyf', 'loca', 'head', 'hhea', 'hmtx', 'maxp']) expect(font.tables.has(tag)).toBe(true)
    }
  })

  it('records title, subject, author, keywords and language, and declares PDF/A-2b', async () => {
    const source = CICTE.replace('title: Establishment', 'title: R&D <and> Establishment')
    const bytes = await pdfOf(source, BRACKETED)
    const pdf = await getDocumentProxy(new Uint8Array(bytes))
    const { info, metadata } = (await pdf.getMetadata()) as unknown as { info: Record<string, unknown>; metadata: { get(name: string): unknown } | null }
    expect(info.Title).toContain('R&D <and> Establishment of a Working Group')
    expect(info.Subject).toBe('CICTE/RES. 1/17')
    expect(info.Author).toBe('INTER-AMERICAN COMMITTEE AGAINST TERRORISM')
    expect(info.Keywords).toContain('CICTE/RES. 1/17')
    expect(info.Language).toBe('en')
    expect(info.CreationDate).toBe('D:20210727120000Z')
    expect(info.ModDate).toBe('D:20210727120000Z')
    expect(metadata?.get('dc:title')).toContain('R&D <and> Establishment')
    expect(metadata?.get('pdfaid:part')).toBe('2')
    expect(metadata?.get('pdfaid:conformance')).toBe('B')
    await pdf.destroy()
    const text = Buffer.from(bytes).toString('latin1')
    expect(text).toMatch(/^%PDF-1\.7/)
    expect(text).toMatch(/\/MarkInfo \d+ 0 R/)
    expect(text).toMatch(/\/StructTreeRoot \d+ 0 R/)
    expect(text).toMatch(/\/OutputIntents/)
  })

  it('gives byte-identical files for the same input, different ones for another time', async () => {
    for (const [source, view] of [
      [CSH, BRACKETED],
      [LONG, delegation('COL')],
    ] as const) {
      const a = await pdfOf(source, view)
      const b = await pdfOf(source, view)
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    }
    // Renders at the same time (sharing the font caches) give the same bytes as one alone.
    const alone = await pdfOf(CICTE, CLEAN)
    const [together] = await Promise.all([pdfOf(CICTE, CLEAN), pdfOf(LONG, BRACKETED), pdfOf(CSH, delegation('MEX'))])
    expect(Buffer.from(together!).equals(Buffer.from(alone))).toBe(true)
    const i = input(CSH, BRACKETED)
    const later = await render({ ...i, options: { ...i.options, time: new Date('2022-01-01T00:00:00Z') } })
    expect(Buffer.from(later).toString('latin1')).toContain('D:20220101000000Z')
  })
})
