// Work a renderer keeps from one document for the next (the DOCX parts docx compiles once per
// layout, compressed zip entries, PDF paragraphs set for an earlier view, PDF words measured for an
// earlier paragraph) never changes a byte:
// every output of the seed drafts (inputs/), of bench drafts and of generated drafts, in every
// view, is rendered with the caches off and on, and compared.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { Packer } from 'docx'
import { describe, expect, test, vi } from 'vitest'
import { generateDraft } from '../bench/corpus.js'
import { pendingSponsors } from '../src/build.js'
import { setCaching } from '../src/render/cache.js'
import { Templates } from '../src/layout/load.js'
import { renderer } from '../src/render/index.js'
import { faceData } from '../src/render/pdf/fonts.js'
import { itemize, textStyle, type Piece } from '../src/render/pdf/items.js'
import { TrueTypeSubset } from '../src/render/pdf/subset.js'
import { FORMATS, type Format } from '../src/render/types.js'
import type { View } from '../src/view/views.js'
import { richBody } from './arbitraries.js'
import { draftText, parse, resolve, ROOT, templates } from './helpers.js'

/** The seeds, as drafts. */
const INPUTS = join(ROOT, 'inputs')

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

interface Job {
  name: string
  text: string
}

/** Every view of a draft: clean, bracketed and one per sponsor with a pending proposal. */
function viewsOf(text: string): View[] {
  const draft = parse(text)
  if (draft.failed) throw new Error(`draft has errors:\n${draft.file.messages.map(String).join('\n')}`)
  return [{ kind: 'clean' }, { kind: 'bracketed' }, ...pendingSponsors(draft.tree).map((sponsor): View => ({ kind: 'delegation', sponsor }))]
}

/** The hash of every output of `jobs`, in order, rendered with the caches on or off. */
async function outputs(jobs: Job[], formats: readonly Format[], caching: boolean): Promise<Map<string, string>> {
  setCaching(caching)
  try {
    const out = new Map<string, string>()
    for (const { name, text } of jobs) {
      const draft = parse(text)
      for (const view of viewsOf(text)) {
        const { doc } = resolve(draft, view)
        const layout = templates.layout(doc.meta.template, doc.meta.lang)
        for (const format of formats) {
          for (const trackChanges of format === 'docx' ? [false, true] : [false]) {
            const render = await renderer(format)
            const bytes = await render({ doc, layout, registry: templates.registry(), options: { trackChanges, time: new Date(Date.UTC(2021, 5, 1, 12)), warn: () => {} } })
            out.set(`${name} ${view.kind}${view.kind === 'delegation' ? `-${view.sponsor}` : ''} ${format}${trackChanges ? ' tracked' : ''}`, sha(bytes))
          }
        }
      }
    }
    return out
  } finally {
    setCaching(true)
  }
}

/** Renders with the caches on first (so that each document finds what earlier ones left), then off. */
async function expectSameBytes(jobs: Job[], formats: readonly Format[]): Promise<void> {
  const on = await outputs(jobs, formats, true)
  const off = await outputs(jobs, formats, false)
  expect(on.size).toBeGreaterThan(0)
  expect([...on.entries()]).toEqual([...off.entries()])
}

describe('caches never change an output', () => {
  test("docx compiles a layout's shared parts once for all its documents (per track changes), and for each one with caching off", async () => {
    const compile = vi.spyOn((Packer as unknown as { compiler: { compile: (file: unknown) => unknown } }).compiler, 'compile')
    try {
      const draft = parse(readFileSync(join(INPUTS, 'csh-omnibus-cyber-2021.md'), 'utf8'))
      const render = await renderer('docx')
      const options = (trackChanges: boolean) => ({ trackChanges, time: new Date(0), warn: () => {} })
      // A layout read afresh (a new Templates, as --watch reads them) starts with nothing kept.
      const fresh = new Templates()
      const views = [{ kind: 'clean' }, { kind: 'bracketed' }, { kind: 'delegation', sponsor: 'MEX' }] as View[]
      for (const view of views) {
        const { doc } = resolve(draft, view)
        await render({ doc, layout: fresh.layout(doc.meta.template, doc.meta.lang), registry: fresh.registry(), options: options(false) })
      }
      expect(compile).toHaveBeenCalledTimes(1)
      for (const view of views) {
        const { doc } = resolve(draft, view)
        await render({ doc, layout: fresh.layout(doc.meta.template, doc.meta.lang), registry: fresh.registry(), options: options(true) })
      }
      expect(compile).toHaveBeenCalledTimes(2)
      setCaching(false)
      for (const view of views) {
        const { doc } = resolve(draft, view)
        await render({ doc, layout: fresh.layout(doc.meta.template, doc.meta.lang), registry: fresh.registry(), options: options(false) })
      }
      expect(compile).toHaveBeenCalledTimes(5)
    } finally {
      setCaching(true)
      compile.mockRestore()
    }
  })

  test('the seeds, every view, every format (DOCX with and without track changes)', async () => {
    const jobs = readdirSync(INPUTS)
      .filter((f) => f.endsWith('.md'))
      .map((name) => ({ name, text: readFileSync(join(INPUTS, name), 'utf8') }))
    expect(jobs.length).toBeGreaterThan(1)
    await expectSameBytes(jobs, FORMATS)
  }, 300_000)

  test("text XML escapes (& < > \" ') in the title, the body, a proposal and a note", async () => {
    const escapes = (link: string) =>
      draftText(
        `1. To note [US: the "R&D" of the States' reports, 1 < 2 > 0] and [MEX: ~~Smith & Co.~~ O'Neil's]${link}[^1].\n\n[^1]: A note on "A & B", 3 < 4.`,
        `title: 'R&D, 1 < 2, the "States'' reports'`,
      )
    // Without a link first: the second document has its own parts written; a link sends the third down the whole way.
    const jobs = [escapes(''), escapes(''), escapes(" [O'Neil & Co.](https://www.oas.org/?a=1&b='2')")].map((text, i) => ({ name: `escapes-${i}`, text }))
    for (const { text } of jobs) expect(parse(text).failed).toBe(false)
    await expectSameBytes(jobs, ['docx'])
  }, 300_000)

  test("a character no face draws is reported by every view's PDF, also where its paragraph or word was set for an earlier one", async () => {
    const render = await renderer('pdf')
    const warned: string[][] = []
    // The second draft has the snowman's word (not its paragraph) of the first.
    for (const text of [draftText('1. A snowman ☃ stands here.\n\n2. To note [US: the reports] of [MEX: the States].'), draftText('1. Another ☃ melts.')]) {
      const draft = parse(text)
      for (const view of viewsOf(text)) {
        const { doc } = resolve(draft, view)
        const warnings: string[] = []
        await render({ doc, layout: templates.layout(doc.meta.template, doc.meta.lang), registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn: (rule, message) => warnings.push(`${rule}: ${message}`) } })
        warned.push(warnings)
      }
    }
    expect(warned).toHaveLength(6)
    for (const warnings of warned) expect(warnings).toEqual([expect.stringMatching(/^font-missing-glyph: .*☃/)])
  })

  test('a word is measured once per style and justification: its items are those measured anew (random pieces)', () => {
    const styles = [textStyle(false, false, 12), textStyle(true, false, 12), textStyle(false, true, 12, true), textStyle(false, false, 12, false, true), textStyle(false, false, 7.8, false, false, 4.2), textStyle(true, true, 10)]
    const words = ['States', 'Confidence-Building', 'self-defence', 'e-mail', '—', 'a–b', 'https://www.oas.org/en/council/docs/2021/a-b_c.pdf?x=1', ':', '»', '«', 'DÉCIDE', 'résolution', '☃', 'x☃y', '中文', 'AV', 'To']
    const piece = fc.record({
      text: fc.array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(' ', '  ', '\n')), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
      style: fc.constantFrom(...styles),
      note: fc.option(fc.constant(1), { nil: undefined }),
    })
    const itemsOf = (pieces: Piece[], justify: boolean, on: boolean) => {
      setCaching(on)
      try {
        const missing: string[] = []
        return { items: itemize(pieces, { justify, missing: (ch) => missing.push(ch) }), missing }
      } finally {
        setCaching(true)
      }
    }
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.boolean(), (pieces, justify) => {
        const plain = pieces.map(({ note, ...p }) => (note === undefined ? p : { ...p, note }))
        const fresh = itemsOf(plain, justify, false)
        // Twice with the cache: the second finds every word the first measured.
        expect(itemsOf(plain, justify, true)).toStrictEqual(fresh)
        expect(itemsOf(plain, justify, true)).toStrictEqual(fresh)
      }),
      { numRuns: 300 },
    )
  })

  test("a font subset of the glyphs an earlier document's had is that document's file: the same object (deflated once), the same bytes", async () => {
    const raw = faceData('regular').raw
    const subsetOf = (glyphs: number[]) => {
      const subset = new TrueTypeSubset(raw)
      for (const g of glyphs) subset.includeGlyph(g)
      return subset
    }
    // Glyph 0 is .notdef; a composite glyph (its components are added as the file is made) among them.
    const composite = [...raw.loca.keys()].find((g) => g < raw.loca.length - 1 && raw.glyph(g).length >= 10 && new DataView(raw.glyph(g).buffer, raw.glyph(g).byteOffset).getInt16(0) < 0)!
    expect(composite).toBeDefined()
    const glyphs = [68, 69, composite, 3, 70]
    setCaching(false)
    const fresh = subsetOf(glyphs).encode()
    const again = subsetOf(glyphs).encode()
    setCaching(true)
    expect(again).not.toBe(fresh)
    expect(Buffer.from(again).equals(Buffer.from(fresh))).toBe(true)
    const kept = subsetOf(glyphs).encode()
    expect(subsetOf(glyphs).encode()).toBe(kept)
    expect(Buffer.from(kept).equals(Buffer.from(fresh))).toBe(true)
    // Another order is another file (the glyphs' codes in the content follow it).
    const other = subsetOf([69, 68, composite, 3, 70]).encode()
    expect(Buffer.from(other).equals(Buffer.from(kept))).toBe(false)

    // Whole documents: the same draft three times, its subsets the first time's from the second on
    // (each face's file deflated anew the second time, kept from the third), as without caching.
    const encode = vi.spyOn(TrueTypeSubset.prototype, 'encode')
    try {
      const text = generateDraft('oasgen-bench-1', 3).text
      const jobs = [0, 1, 2].map((i) => ({ name: `again-${i}`, text }))
      const on = await outputs(jobs, ['pdf'], true)
      const files = encode.mock.results.map((r) => r.value as Uint8Array)
      const perDraft = files.length / 3
      // Two faces or more in each of the draft's views.
      expect(perDraft).toBeGreaterThanOrEqual((2 * on.size) / 3)
      for (let i = 0; i < perDraft; i++) expect(files[i + 2 * perDraft]).toBe(files[i])
      expect([...on.values()]).toEqual([...(await outputs(jobs, ['pdf'], false)).values()])
    } finally {
      encode.mockRestore()
    }
  }, 300_000)

  test('the same words in another face, mark, list level or table cell are set anew', async () => {
    const body = [
      '*Same words.*',
      '**Same words.**',
      'Same words.',
      '- Same words.',
      '- *Same words.*',
      '  - Same words.',
      '1. Same words.',
      '   a) Same words.',
      '2. [US: Same words.]',
      '| Same words. | Same words. and more |\n| --- | --- |\n| Same words. | Same words. |',
    ].join('\n\n')
    const jobs = [0, 1].map((i) => ({ name: `same-words-${i}`, text: draftText(body) }))
    for (const { text } of jobs) expect(parse(text).failed).toBe(false)
    await expectSameBytes(jobs, ['pdf', 'docx'])
  }, 300_000)

  test('bench drafts of 9 sponsors, every view, DOCX and PDF', async () => {
    const jobs = [1, 2].map((i) => {
      const { name, text } = generateDraft('oasgen-bench-1', i)
      return { name, text }
    })
    await expectSameBytes(jobs, ['docx', 'pdf'])
  }, 300_000)

  test('generated drafts with links, notes and nested proposals, every view, DOCX', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(richBody, { minLength: 2, maxLength: 3 }), async (bodies) => {
        const jobs = bodies.map((body, i) => ({ name: `generated-${i}`, text: draftText(body) }))
        await expectSameBytes(jobs, ['docx'])
      }),
      { numRuns: 8 },
    )
  }, 300_000)

  test('generated drafts with links, notes and nested proposals, every view, PDF', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(richBody, { minLength: 2, maxLength: 3 }), async (bodies) => {
        const jobs = bodies.map((body, i) => ({ name: `generated-${i}`, text: draftText(body) }))
        await expectSameBytes(jobs, ['pdf'])
      }),
      { numRuns: 4 },
    )
  }, 300_000)
})
