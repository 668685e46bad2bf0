/**
 * The marks of shown proposals, read back from each format: the PDF as typeset and drawn (its
 * underline and strike spans), the DOCX's runs (their character styles), the HTML in Chromium
 * (the computed text decorations of each character's elements). The three underline and strike
 * exactly the same characters, spaces included (official-format.md, "Bracketed working texts";
 * docs/decisions.md, "Marks of shown proposals").
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import fc from 'fast-check'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentModel } from '../src/model/types.js'
import { render as renderDocx } from '../src/render/docx/index.js'
import { render as renderHtml } from '../src/render/html/index.js'
import { typeset } from '../src/render/pdf/typeset.js'
import type { RenderInput } from '../src/render/types.js'
import type { View } from '../src/view/views.js'
import { richBody } from './arbitraries.js'
import { BRACKETED, ROOT, delegation, draftText, input as inputFile, model, templates } from './helpers.js'

/** Proposals in proposals, footnote marks and proposals in emphasis and in links inside insertions. */
const NESTED = readFileSync(join(ROOT, 'tests', 'fixtures', 'marks', 'nested.md'), 'utf8')
const CSH = inputFile('csh-omnibus-cyber-2021.md')
const SAMPLE = readFileSync(join(ROOT, 'tests', 'fixtures', 'sample.md'), 'utf8')

const CASES: Array<[string, string, View]> = [
  ['nested proposals, notes and links in insertions', NESTED, BRACKETED],
  ['nested proposals, COL’s view', NESTED, delegation('COL')],
  ['the working text, bracketed', CSH, BRACKETED],
  ['the working text, MEX’s view', CSH, delegation('MEX')],
  ['the working text, COL’s view', CSH, delegation('COL')],
  ['the footnote sample, bracketed', SAMPLE, BRACKETED],
]

function renderInput(doc: DocumentModel): RenderInput {
  const layout = templates.layout(doc.meta.template, doc.meta.lang)
  return { doc, layout, registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn: () => {} } }
}

/** A piece of text and its mark: `u` underlined, `s` struck, '' neither. */
type Piece = [text: string, mark: string]

/**
 * The marked stretches in reading order, each `u‹…›` (underlined) or `s‹…›` (struck), its spaces
 * as they are: a stretch ends at a change of mark or at any unmarked character (a space, a tag,
 * a footnote mark).
 */
function stretches(pieces: Piece[]): string {
  const out: Piece[] = []
  let open = false
  for (const [text, mark] of pieces) {
    if (text === '') continue
    if (mark === '') open = false
    else if (open && out[out.length - 1]![1] === mark) out[out.length - 1]![0] += text
    else {
      out.push([text, mark])
      open = true
    }
  }
  return out.map(([text, mark]) => `${mark}‹${text}›`).join(' ')
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** The DOCX's marks: the runs of the body and the notes, in the insertion style (`u`), the deletion style or struck (`s`). */
async function docxMarks(i: RenderInput): Promise<string> {
  const files = unzipSync(await renderDocx(i))
  const out: Piece[] = []
  for (const part of ['word/document.xml', 'word/footnotes.xml']) {
    const xml = strFromU8(files[part]!)
    for (const run of xml.matchAll(/<w:r>(.*?)<\/w:r>/g)) {
      const style = /<w:rStyle w:val="([^"]+)"\/>/.exec(run[1]!)?.[1]
      const struck = /<w:strike\/>/.test(run[1]!)
      const mark = style === 'OASInsertion' ? 'u' : style === 'OASDeletion' || struck ? 's' : ''
      const text = [...run[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>|<w:footnoteReference w:id="(\d+)"\/>/g)]
        .map((m) => m[1] ?? m[2])
        .join('')
        .replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!)
      out.push([text, mark])
    }
  }
  return stretches(out)
}

/**
 * The PDF's marks: the fragments (words and spaces) of each line that its spans underline or
 * strike, as the page draws them. A space that ends a line is drawn past the margin, where
 * nothing is marked; it counts with the mark of its style.
 */
function pdfMarks(i: RenderInput): string {
  const { built } = typeset(i.doc, i.layout, i.registry, () => {})
  const out: Piece[] = []
  const lines = [...built.body.flatMap((p) => p.lines), ...[...built.notes.values()].flat()]
  for (const line of lines) {
    line.placed.forEach((p, n) => {
      const across = (kind: 'underline' | 'strike') =>
        n === line.placed.length - 1 && p.space
          ? p.frag.style[kind]
          : line.decorations.some((d) => d.kind === kind && d.x0 <= p.x + 0.001 && d.x1 >= p.x + p.advance - 0.001)
      const underline = across('underline')
      const strike = across('strike')
      if (underline && strike) throw new Error(`“${p.frag.text}” is underlined and struck`)
      // What is drawn is what the fragment's style says.
      if (underline !== p.frag.style.underline || strike !== p.frag.style.strike) throw new Error(`“${p.frag.text}” is drawn otherwise than its style says`)
      out.push([p.frag.text, underline ? 'u' : strike ? 's' : ''])
    })
  }
  return stretches(out)
}

const CHROMIUM = '/usr/bin/chromium'
const HAS_CHROMIUM = existsSync(CHROMIUM)

/** The HTML's marks in Chromium: each text of the page, with the underline or strike its elements (links aside) draw. */
const HTML_MARKS = `(() => {
  const out = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let underline = false
    let strike = false
    for (let e = node.parentElement; e && e !== document.body; e = e.parentElement) {
      // A link is underlined as a link (the DOCX's Hyperlink style), not as a proposal.
      if (e.tagName === 'A') continue
      const line = getComputedStyle(e).textDecorationLine
      underline ||= line.includes('underline')
      strike ||= line.includes('line-through')
    }
    if (underline && strike) throw new Error('“' + node.data + '” is underlined and struck')
    out.push([node.data, underline ? 'u' : strike ? 's' : ''])
  }
  return out
})()`

describe('marks: the PDF and the DOCX', () => {
  it.each(CASES)('underline and strike exactly the same characters, spaces included: %s', async (_, source, view) => {
    const i = renderInput(model(source, view))
    const pdf = pdfMarks(i)
    expect(pdf.length).toBeGreaterThan(20)
    expect(pdf).toBe(await docxMarks(i))
  })

  it('mark no space at the edge of a proposal’s text, and every space inside it', async () => {
    // Each stretch is a text between things no format marks (a tag, a bracket, a footnote mark),
    // less the spaces at its edges; a link's text is one stretch with the text around it.
    const i = renderInput(model(NESTED))
    const expected = [
      'u‹to adopt› s‹the› u‹a› s‹new› u‹revised› u‹framework› u‹for cooperation› u‹to request› s‹a› u‹the› u‹report›',
      'u‹To support› u‹the work of the› s‹Group› u‹Working Group› u‹in the region›',
      'u‹a thing› u‹well and see the› s‹old› u‹new› u‹report› u‹now› s‹as› u‹so›',
      'u‹with› s‹old› s‹new› u‹newer› u‹text› u‹in a link› s‹of› u‹in› u‹an insertion›',
    ].join(' ')
    expect(await docxMarks(i)).toBe(expected)
    expect(pdfMarks(i)).toBe(expected)
  })

  it('generated drafts, every view: underline and strike the same characters', async () => {
    await fc.assert(
      fc.asyncProperty(richBody, fc.constantFrom(BRACKETED, delegation('US'), delegation('COL')), async (body, view) => {
        const i = renderInput(model(draftText(body), view))
        expect(pdfMarks(i)).toBe(await docxMarks(i))
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40) },
    )
  })
})

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'marks: the HTML in Chromium' : `marks: the HTML in Chromium: SKIPPED, ${CHROMIUM} is not installed`, () => {
  let browser: Browser
  let tab: Page

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
    tab = await browser.newPage()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
  })

  async function htmlMarks(i: RenderInput): Promise<string> {
    await tab.setContent(new TextDecoder().decode(await renderHtml(i)), { waitUntil: 'load' })
    return stretches((await tab.evaluate(HTML_MARKS)) as Piece[])
  }

  it.each(CASES)('underlines and strikes exactly the characters the DOCX and the PDF do: %s', async (_, source, view) => {
    const i = renderInput(model(source, view))
    const html = await htmlMarks(i)
    expect(html.length).toBeGreaterThan(20)
    expect(html).toBe(await docxMarks(i))
  })

  it('generated drafts, every view: the same characters as the DOCX', async () => {
    await fc.assert(
      fc.asyncProperty(richBody, fc.constantFrom(BRACKETED, delegation('US'), delegation('COL')), async (body, view) => {
        const i = renderInput(model(draftText(body), view))
        expect(await htmlMarks(i)).toBe(await docxMarks(i))
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 30) },
    )
  })
})
