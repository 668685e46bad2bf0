/**
 * The DOCX renderer, read back: unzip, parse the parts' XML and check the structure Word sees
 * (styles, numbering, footnotes, revisions, properties), the seeds' words in order, and that the
 * same input gives the same bytes.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TextRun, type IContext } from 'docx'
import fc from 'fast-check'
import { XMLParser } from 'fast-xml-parser'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { formatNumber, frame, numberLabel, type Frame } from '../src/layout/compose.js'
import { STYLE_NAMES, type NumberingLevel } from '../src/layout/load.js'
import type { DocumentModel } from '../src/model/types.js'
import { render } from '../src/render/docx/index.js'
import { render as renderPdf } from '../src/render/pdf/index.js'
import { PlainRun } from '../src/render/docx/runs.js'
import { styleId } from '../src/render/docx/styles.js'
import { richBody } from './arbitraries.js'
import { BRACKETED, CLEAN, delegation, draftText, input, model, ROOT, seed, templates, txt } from './helpers.js'

const TIME = new Date('2021-07-27T12:00:00Z')

// ---------------------------------------------------------------------------------------------
// Building documents


async function build(doc: DocumentModel, options: { trackChanges?: boolean; time?: Date } = {}): Promise<Uint8Array> {
  return render({
    doc,
    layout: templates.layout(doc.meta.template, doc.meta.lang),
    registry: templates.registry(),
    options: { trackChanges: options.trackChanges ?? false, time: options.time ?? TIME, warn: () => {} },
  })
}

// ---------------------------------------------------------------------------------------------
// Reading them back

type XNode = Record<string, unknown>
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false, parseAttributeValue: false })

const tagOf = (n: XNode): string => Object.keys(n).find((k) => k !== ':@')!
const kids = (n: XNode): XNode[] => (Array.isArray(n[tagOf(n)]) ? (n[tagOf(n)] as XNode[]) : [])
const attr = (n: XNode, name: string): string | undefined => (n[':@'] as Record<string, string> | undefined)?.[name]

/** Descendants of `nodes` named `name`, in document order (not looking inside a match). */
function all(nodes: XNode[], name: string): XNode[] {
  const out: XNode[] = []
  const walk = (list: XNode[]) => {
    for (const n of list) {
      if (tagOf(n) === name) out.push(n)
      else walk(kids(n))
    }
  }
  walk(nodes)
  return out
}
/** Like `all`, but also looking inside matches (nested revisions). */
function deep(nodes: XNode[], name: string): XNode[] {
  const out: XNode[] = []
  const walk = (list: XNode[]) => {
    for (const n of list) {
      if (tagOf(n) === name) out.push(n)
      walk(kids(n))
    }
  }
  walk(nodes)
  return out
}
const one = (nodes: XNode[], name: string): XNode | undefined => all(nodes, name)[0]
const child = (n: XNode, name: string): XNode | undefined => kids(n).find((k) => tagOf(k) === name)

/**
 * The text of w:t and w:delText under `n`, with the numbers Word prints: a numbered footnote
 * reference's (its id: our notes are numbered in order of reference), and in note `note` its own.
 */
function text(n: XNode | XNode[]): string {
  return textIn(n)
}
/** `text`, inside note `note` (its own number where the note has `w:footnoteRef`). */
function textIn(n: XNode | XNode[], note?: string): string {
  let out = ''
  const walk = (list: XNode[]) => {
    for (const k of list) {
      const tag = tagOf(k)
      if (tag === '#text') continue
      if (tag === 'w:t' || tag === 'w:delText') out += kids(k).map((t) => String(t['#text'] ?? '')).join('')
      else if (tag === 'w:footnoteReference' && attr(k, 'w:customMarkFollows') === undefined) out += attr(k, 'w:id')!
      else if (tag === 'w:footnoteRef') out += note ?? '?'
      else walk(kids(k))
    }
  }
  walk(Array.isArray(n) ? n : [n])
  return out
}

/** The text directly inside an element. */
const plain = (n: XNode): string => kids(n).map((t) => String(t['#text'] ?? '')).join('')

interface Docx {
  entries: string[]
  raw: Record<string, Uint8Array>
  xml: (path: string) => XNode[]
  source: (path: string) => string
}

function open(bytes: Uint8Array): Docx {
  const raw = unzipSync(bytes)
  const parsed = new Map<string, XNode[]>()
  return {
    entries: zipEntryOrder(bytes),
    raw,
    source: (path) => {
      const data = raw[path]
      if (!data) throw new Error(`no ${path} in the package`)
      return strFromU8(data)
    },
    xml(path) {
      // Parsed once, so that nodes found in two walks are the same objects.
      let nodes = parsed.get(path)
      if (!nodes) parsed.set(path, (nodes = parser.parse(this.source(path)) as XNode[]))
      return nodes
    },
  }
}

/**
 * The entry names and DOS dates/times of the zip's local file headers, in order, found through
 * the central directory (entries may carry data descriptors, as Word's own files do). Each
 * local header must agree with its central-directory record.
 */
function zipHeaders(bytes: Uint8Array): Array<{ name: string; time: number; date: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const eocd = bytes.length - 22 // no archive comment
  expect(view.getUint32(eocd, true)).toBe(0x06054b50)
  const count = view.getUint16(eocd + 10, true)
  let at = view.getUint32(eocd + 16, true)
  const out: Array<{ name: string; time: number; date: number; offset: number }> = []
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50)
    const nameLength = view.getUint16(at + 28, true)
    const offset = view.getUint32(at + 42, true)
    const name = strFromU8(bytes.subarray(at + 46, at + 46 + nameLength))
    // The local header says the same name and date.
    expect(view.getUint32(offset, true)).toBe(0x04034b50)
    expect(strFromU8(bytes.subarray(offset + 30, offset + 30 + view.getUint16(offset + 26, true)))).toBe(name)
    expect([view.getUint16(offset + 10, true), view.getUint16(offset + 12, true)]).toEqual([view.getUint16(at + 12, true), view.getUint16(at + 14, true)])
    out.push({ name, time: view.getUint16(offset + 10, true), date: view.getUint16(offset + 12, true), offset })
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
  }
  // The local headers come in the central directory's order.
  expect(out.map((h) => h.offset)).toEqual(out.map((h) => h.offset).sort((a, b) => a - b))
  return out.map(({ name, time, date }) => ({ name, time, date }))
}
const zipEntryOrder = (bytes: Uint8Array) => zipHeaders(bytes).map((h) => h.name)

const body = (d: Docx): XNode[] => kids(one(d.xml('word/document.xml'), 'w:body')!)
const paragraphs = (d: Docx): XNode[] => deep(body(d), 'w:p')
const pStyle = (p: XNode): string | undefined => {
  const pPr = child(p, 'w:pPr')
  const style = pPr && child(pPr, 'w:pStyle')
  return style && attr(style, 'w:val')
}

/** Word's numbering, evaluated: the label each numbered paragraph shows. */
function numberingLabels(d: Docx): Map<XNode, string> {
  const numbering = d.xml('word/numbering.xml')
  const abstract = new Map<string, Map<number, { start: number; format: string; text: string }>>()
  for (const a of all(numbering, 'w:abstractNum')) {
    const levels = new Map<number, { start: number; format: string; text: string }>()
    for (const lvl of all(kids(a), 'w:lvl')) {
      levels.set(Number(attr(lvl, 'w:ilvl')), {
        start: Number(attr(child(lvl, 'w:start')!, 'w:val')),
        format: attr(child(lvl, 'w:numFmt')!, 'w:val')!,
        text: attr(child(lvl, 'w:lvlText')!, 'w:val')!,
      })
    }
    abstract.set(attr(a, 'w:abstractNumId')!, levels)
  }
  const nums = new Map<string, { levels: Map<number, { start: number; format: string; text: string }>; overrides: Map<number, number> }>()
  for (const n of all(numbering, 'w:num')) {
    const overrides = new Map<number, number>()
    for (const o of all(kids(n), 'w:lvlOverride')) overrides.set(Number(attr(o, 'w:ilvl')), Number(attr(child(o, 'w:startOverride')!, 'w:val')))
    nums.set(attr(n, 'w:numId')!, { levels: abstract.get(attr(child(n, 'w:abstractNumId')!, 'w:val')!)!, overrides })
  }
  // A w:num without a start override for a level continues the other lists of its abstract
  // numbering, in Word: count per abstract numbering unless overridden.
  const counters = new Map<string, number[]>()
  const labels = new Map<XNode, string>()
  for (const p of paragraphs(d)) {
    const pPr = child(p, 'w:pPr')
    const numPr = pPr && child(pPr, 'w:numPr')
    if (!numPr) continue
    const numId = attr(child(numPr, 'w:numId')!, 'w:val')!
    const ilvl = Number(attr(child(numPr, 'w:ilvl')!, 'w:val'))
    const num = nums.get(numId)!
    const key = num.overrides.has(ilvl) ? `num:${numId}` : `abstract:${[...abstract.entries()].find(([, v]) => v === num.levels)![0]}`
    const start = (level: number) => num.overrides.get(level) ?? num.levels.get(level)!.start
    const counts = counters.get(key) ?? Array.from({ length: 9 }, (_, i) => start(i) - 1)
    counts[ilvl] = counts[ilvl]! + 1
    for (let deeper = ilvl + 1; deeper < 9; deeper++) counts[deeper] = start(deeper) - 1
    counters.set(key, counts)
    const level = num.levels.get(ilvl)!
    if (level.format === 'bullet') labels.set(p, level.text)
    else labels.set(p, level.text.replace(/%(\d)/g, (_, n: string) => formatNumber(counts[Number(n) - 1]!, level.format as NumberingLevel['format'])))
  }
  return labels
}

/** The document's text, one line per paragraph, numbered paragraphs with their labels. */
function documentLines(d: Docx): string[] {
  const labels = numberingLabels(d)
  return paragraphs(d).map((p) => {
    const label = labels.get(p)
    return (label !== undefined ? `${label} ` : '') + text(p)
  })
}

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '')

/** The document's words are the header block's lines, then the seed's text word for word. */
function expectSeedWords(d: Docx, lines: Frame, name: string): void {
  const got = words(documentLines(d).join('\n'))
  const header = words([lines.organ, ...lines.left, ...lines.right].join(' '))
  expect(got.slice(0, header.length)).toEqual(header)
  expect(got.slice(header.length)).toEqual(words(seed(`${name}.txt`)))
}

describe('docx: properties', () => {
  it('keeps every shown bracket of the bracketed view in a track-changes DOCX: the txt’s words, read back', async () => {
    await fc.assert(
      fc.asyncProperty(richBody, fc.constantFrom(BRACKETED, delegation('US'), delegation('COL')), async (body, view) => {
        const doc = model(draftText(body), view)
        const d = open(await build(doc, { trackChanges: true }))
        const labels = numberingLabels(d)
        const lines = paragraphs(d).map((p) => (labels.has(p) ? `${labels.get(p)} ` : '') + decodeTracked(p))
        const notes = all(d.xml('word/footnotes.xml'), 'w:footnote')
          .filter((f) => Number(attr(f, 'w:id')) > 0)
          .flatMap((f) => deep(kids(f), 'w:p').map((p) => decodeTracked(p, attr(f, 'w:id'))))
        const got = words(slashTags([...lines, ...notes].join('\n')))
        const expected = words(slashTags(txt(doc))).filter((w) => !/^_+$/.test(w))
        const header = words([frame(doc, templates.layout('resolution', 'en'), templates.registry())].flatMap((f) => [f.organ, ...f.left, ...f.right]).join(' '))
        expect(got.slice(header.length)).toEqual(expected.slice(header.length))
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40) },
    )
  })

  it('holds the words of every view of generated drafts as the txt renderer prints them', async () => {
    await fc.assert(
      fc.asyncProperty(richBody, fc.constantFrom(CLEAN, BRACKETED, delegation('US'), delegation('COL')), async (body, view) => {
        const doc = model(draftText(body), view)
        const d = open(await build(doc))
        const notes = all(d.xml('word/footnotes.xml'), 'w:footnote')
          .filter((f) => Number(attr(f, 'w:id')) > 0)
          .flatMap((f) => deep(kids(f), 'w:p').map((p) => textIn(p, attr(f, 'w:id'))))
        const got = words([...documentLines(d), ...notes].join('\n'))
        // The txt prints the footnote rule as underscores; Word draws its own.
        const expected = words(txt(doc)).filter((w) => !/^_+$/.test(w))
        // The txt sets the header block's two columns row by row, the DOCX column by column.
        const header = words([frame(doc, templates.layout('resolution', 'en'), templates.registry())].flatMap((f) => [f.organ, ...f.left, ...f.right]).join(' '))
        expect([...got.slice(0, header.length)].sort()).toEqual([...expected.slice(0, header.length)].sort())
        expect(got.slice(header.length)).toEqual(expected.slice(header.length))
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40) },
    )
  })
})

/** The runs (w:r) of a part, with their text, character style and enclosing revisions. */
interface RunInfo {
  text: string
  style?: string
  revisions: Array<{ kind: 'ins' | 'del'; author: string; date: string; id: string }>
}
function runsOf(nodes: XNode[]): RunInfo[] {
  const out: RunInfo[] = []
  const walk = (list: XNode[], revisions: RunInfo['revisions']) => {
    for (const n of list) {
      const tag = tagOf(n)
      if (tag === 'w:ins' || tag === 'w:del') {
        const rev = { kind: tag === 'w:ins' ? ('ins' as const) : ('del' as const), author: attr(n, 'w:author')!, date: attr(n, 'w:date')!, id: attr(n, 'w:id')! }
        // A w:ins inside a run's properties marks the paragraph mark, not text.
        if (kids(n).length > 0) walk(kids(n), [...revisions, rev])
      } else if (tag === 'w:r') {
        const rPr = child(n, 'w:rPr')
        const style = rPr && child(rPr, 'w:rStyle')
        out.push({ text: text(n), ...(style ? { style: attr(style, 'w:val')! } : {}), revisions })
      } else if (tag !== 'w:pPr') walk(kids(n), revisions)
    }
  }
  walk(nodes, [])
  return out
}

/**
 * The bracketed text a track-changes paragraph encodes, read back as docs/decisions.md ("Track
 * changes") says an importer does: each `_oasP` bookmark is a sponsored proposal, tagged with the
 * author of the innermost revision of its own first run (a run outside the proposals nested in
 * it); every other character is the text of its run, bare brackets included.
 */
function decodeTracked(p: XNode, note?: string): string {
  type Token = { kind: 'open'; id: string } | { kind: 'close'; id: string } | { kind: 'text'; text: string; author?: string }
  const tokens: Token[] = []
  const proposals = new Set<string>()
  const walk = (list: XNode[], authors: string[]) => {
    for (const n of list) {
      const tag = tagOf(n)
      if (tag === 'w:pPr' || tag === '#text') continue
      if (tag === 'w:bookmarkStart' && attr(n, 'w:name')!.startsWith('_oasP')) {
        proposals.add(attr(n, 'w:id')!)
        tokens.push({ kind: 'open', id: attr(n, 'w:id')! })
      } else if (tag === 'w:bookmarkEnd' && proposals.has(attr(n, 'w:id')!)) tokens.push({ kind: 'close', id: attr(n, 'w:id')! })
      else if (tag === 'w:ins' || tag === 'w:del') walk(kids(n), [...authors, attr(n, 'w:author')!])
      else if (tag === 'w:r') tokens.push({ kind: 'text', text: textIn(n, note) + (child(n, 'w:br') ? '\n' : ''), ...(authors.length > 0 ? { author: authors.at(-1)! } : {}) })
      else walk(kids(n), authors)
    }
  }
  walk(kids(p), [])
  // Each proposal's tag: the author of its first own run.
  const tagOf_ = new Map<string, string>()
  const stack: string[] = []
  for (const t of tokens) {
    if (t.kind === 'open') stack.push(t.id)
    else if (t.kind === 'close') stack.pop()
    else if (stack.length > 0 && !tagOf_.has(stack.at(-1)!) && t.author !== undefined) tagOf_.set(stack.at(-1)!, t.author)
  }
  return tokens.map((t) => (t.kind === 'open' ? `[${tagOf_.get(t.id) ?? '?'}: ` : t.kind === 'close' ? ']' : t.text)).join('')
}

/** A joint sponsor tag as an author writes it (`[CAN, US: ` → `[CAN/US: `), in `text`. */
const slashTags = (text: string): string => text.replace(/\[([A-Z][A-Za-z0-9]*(?:(?:, |\/)[A-Z][A-Za-z0-9]*)+): /g, (_, tag: string) => `[${tag.split(/, |\//).join('/')}: `)

function styleNode(d: Docx, id: string): XNode | undefined {
  return all(d.xml('word/styles.xml'), 'w:style').find((s) => attr(s, 'w:styleId') === id)
}
const rPrOf = (n: XNode): XNode[] => kids(child(n, 'w:rPr') ?? { x: [] })

// ---------------------------------------------------------------------------------------------
// Drafts

/** A small resolution with every kind of numbering, footnotes (one twice) and nested proposals. */
const SMALL = readFileSync(join(ROOT, 'tests', 'fixtures', 'sample.md'), 'utf8')

describe('docx: styles', async () => {
  const d = open(await build(model(input('cicte-res-1-17.md'))))
  const layout = templates.layout('resolution', 'en')

  it('defines a named paragraph style for every layout style, with its properties', () => {
    for (const name of STYLE_NAMES) {
      const style = styleNode(d, styleId(name))
      expect(style, name).toBeDefined()
      expect(attr(style!, 'w:type')).toBe('paragraph')
      expect(attr(child(style!, 'w:name')!, 'w:val')).toMatch(/^OAS [A-Z]/)
    }
    expect(styleId('draft-label')).toBe('OASDraftLabel')
    expect(attr(child(styleNode(d, 'OASKeyword')!, 'w:name')!, 'w:val')).toBe('OAS Operative Keyword')
    // The title is centred and bold; the preamble justified with a half-inch first line.
    const title = styleNode(d, 'OASTitle')!
    expect(attr(child(child(title, 'w:pPr')!, 'w:jc')!, 'w:val')).toBe('center')
    expect(rPrOf(title).map(tagOf)).toContain('w:b')
    const preamble = styleNode(d, 'OASPreamble')!
    expect(attr(child(child(preamble, 'w:pPr')!, 'w:jc')!, 'w:val')).toBe('both')
    expect(attr(child(child(preamble, 'w:pPr')!, 'w:ind')!, 'w:firstLine')).toBe(String(layout.styles.preamble.firstLine! * 20))
    const footnote = styleNode(d, 'OASFootnote')!
    expect(attr(child(child(footnote, 'w:rPr')!, 'w:sz')!, 'w:val')).toBe(String(layout.styles.footnote.size! * 2))
  })

  it('sets the document font, size and language from the layout', () => {
    const defaults = one(d.xml('word/styles.xml'), 'w:rPrDefault')!
    expect(attr(one(kids(defaults), 'w:rFonts')!, 'w:ascii')).toBe('Times New Roman')
    expect(attr(one(kids(defaults), 'w:sz')!, 'w:val')).toBe('24')
    expect(attr(one(kids(defaults), 'w:lang')!, 'w:val')).toBe('en-US')
  })

  it('defines the character styles of proposals and footnote marks', () => {
    expect(rPrOf(styleNode(d, 'OASSponsorTag')!).map(tagOf)).toContain('w:b')
    const u = child(child(styleNode(d, 'OASInsertion')!, 'w:rPr')!, 'w:u')
    expect(attr(u!, 'w:val')).toBe('single')
    expect(rPrOf(styleNode(d, 'OASDeletion')!).map(tagOf)).toContain('w:strike')
    expect(rPrOf(styleNode(d, 'OASInsertion')!).map(tagOf)).not.toContain('w:strike')
    expect(attr(child(child(styleNode(d, 'OASFootnoteMark')!, 'w:rPr')!, 'w:vertAlign')!, 'w:val')).toBe('superscript')
    for (const id of ['OASSponsorTag', 'OASInsertion', 'OASDeletion', 'OASFootnoteMark']) expect(attr(styleNode(d, id)!, 'w:type')).toBe('character')
  })
})

describe('docx: parts Word reads without offering repairs', async () => {
  const d = open(await build(model(SMALL)))
  const styleIds = new Set(all(d.xml('word/styles.xml'), 'w:style').map((s) => attr(s, 'w:styleId')))

  it('writes no note number in the separators of footnotes.xml and endnotes.xml', () => {
    for (const part of ['word/footnotes.xml', 'word/endnotes.xml']) {
      const separators = [...all(d.xml(part), 'w:footnote'), ...all(d.xml(part), 'w:endnote')].filter((n) => attr(n, 'w:type') !== undefined)
      expect(separators.length, part).toBe(2)
      for (const n of separators) {
        expect(deep([n], 'w:footnoteRef').length + deep([n], 'w:endnoteRef').length, part).toBe(0)
        expect(deep([n], 'w:rStyle'), part).toHaveLength(0)
      }
    }
  })

  it('defines every style a style is based on, followed by or linked to, DefaultParagraphFont as Word does', () => {
    for (const style of all(d.xml('word/styles.xml'), 'w:style')) {
      for (const ref of ['w:basedOn', 'w:next', 'w:link']) {
        const to = child(style, ref)
        if (to) expect(styleIds.has(attr(to, 'w:val')), `${attr(style, 'w:styleId')} ${ref} ${attr(to, 'w:val')}`).toBe(true)
      }
    }
    const font = styleNode(d, 'DefaultParagraphFont')!
    expect([attr(font, 'w:type'), attr(font, 'w:default'), attr(child(font, 'w:name')!, 'w:val')]).toEqual(['character', '1', 'Default Paragraph Font'])
  })

  it('marks no numbering level a paragraph uses as tentative', () => {
    const numbering = d.xml('word/numbering.xml')
    const abstractOf = new Map(all(numbering, 'w:num').map((n) => [attr(n, 'w:numId'), attr(child(n, 'w:abstractNumId')!, 'w:val')]))
    const used = paragraphs(d).flatMap((p) => {
      const numPr = child(child(p, 'w:pPr') ?? p, 'w:numPr')
      return numPr ? [[abstractOf.get(attr(child(numPr, 'w:numId')!, 'w:val')), attr(child(numPr, 'w:ilvl')!, 'w:val')]] : []
    })
    expect(used.length).toBeGreaterThan(5)
    for (const [abstract, ilvl] of used) {
      const lvl = all(all(numbering, 'w:abstractNum').filter((a) => attr(a, 'w:abstractNumId') === abstract), 'w:lvl').find((l) => attr(l, 'w:ilvl') === ilvl)!
      expect(attr(lvl, 'w:tentative'), `abstract ${abstract} level ${ilvl}`).toBeUndefined()
    }
  })

  it('names in the README only styles the DOCX defines', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const named = [...readme.matchAll(/`(OAS [A-Z][^`]*?)`/g)].map((m) => m[1]!)
    expect(named.length).toBeGreaterThan(8)
    const names = new Set(all(d.xml('word/styles.xml'), 'w:style').map((s) => attr(child(s, 'w:name')!, 'w:val')))
    for (const name of named) expect(names.has(name), name).toBe(true)
  })
})

describe('docx: the adopted resolution (cicte-res-1-17)', async () => {
  const doc = model(input('cicte-res-1-17.md'))
  const d = open(await build(doc))
  const layout = templates.layout('resolution', 'en')
  const lines = frame(doc, layout, templates.registry())

  it('prints the organ line, then a borderless two-column header block', () => {
    const top = body(d)
    expect(tagOf(top[0]!)).toBe('w:p')
    expect(pStyle(top[0]!)).toBe('OASOrgan')
    expect(text(top[0]!)).toBe('INTER-AMERICAN COMMITTEE AGAINST TERRORISM')
    const table = top[1]!
    expect(tagOf(table)).toBe('w:tbl')
    const cells = all(kids(table), 'w:tc')
    expect(cells).toHaveLength(2)
    expect(all(kids(cells[0]!), 'w:p').map(text)).toEqual(['SEVENTEENTH REGULAR SESSION', 'April 6 and 7, 2017', 'Washington, D.C.'])
    expect(all(kids(cells[1]!), 'w:p').map(text)).toEqual(['OEA/Ser.L/X.2.17', 'CICTE/RES. 1/17', '7 April 2017', 'Original: English'])
    for (const p of all(kids(table), 'w:p')) expect(pStyle(p)).toBe('OASHeader')
    const borders = one(kids(table), 'w:tblBorders')!
    for (const side of kids(borders)) expect(attr(side, 'w:val')).toBe('none')
  })

  it('styles every paragraph by its role, symbol above the title', () => {
    const styles = body(d).filter((n) => tagOf(n) === 'w:p').map(pStyle)
    expect(styles).toEqual([
      'OASOrgan', 'OASSymbol', 'OASTitle', 'OASNote', 'OASOpening', 'OASPreamble', 'OASPreamble', 'OASPreamble', 'OASKeyword',
      'OASOperative', 'OASOperative', 'OASOperative', 'OASOperative',
    ])
    const texts = body(d).filter((n) => tagOf(n) === 'w:p').map(text)
    expect(texts[1]).toBe('CICTE/RES. 1/17')
    expect(texts[2]).toBe('ESTABLISHMENT OF A WORKING GROUP ON COOPERATION AND CONFIDENCE-BUILDING MEASURES IN CYBERSPACE')
    expect(texts[3]).toBe('(Adopted at the sixth plenary session, held on April 7, 2017)')
  })

  it('has the seed’s words in order, after the header lines', () => expectSeedWords(d, lines, 'cicte-res-1-17'))

  it('puts the job code at the foot of the first page and page numbers from page 2', () => {
    const rels = d.xml('word/_rels/document.xml.rels')
    const target = (id: string) => attr(all(rels, 'Relationship').find((r) => attr(r, 'Id') === id)!, 'Target')!
    const sectPr = one(body(d), 'w:sectPr')!
    expect(child(sectPr, 'w:titlePg')).toBeDefined()
    const ref = (kind: string, type: string) => kids(sectPr).find((k) => tagOf(k) === kind && attr(k, 'w:type') === type)!
    const firstFooter = d.xml(`word/${target(attr(ref('w:footerReference', 'first'), 'r:id')!)}`)
    expect(all(firstFooter, 'w:p').map(text)).toEqual(['CICTE00865E01'])
    expect(pStyle(all(firstFooter, 'w:p')[0]!)).toBe('OASFooter')
    const header = d.xml(`word/${target(attr(ref('w:headerReference', 'default'), 'r:id')!)}`)
    expect(text(header)).toBe('-  -')
    expect(all(header, 'w:instrText').map((n) => plain(n).trim())).toEqual(['PAGE'])
    expect(pStyle(all(header, 'w:p')[0]!)).toBe('OASPageNumber')
    const firstHeader = d.xml(`word/${target(attr(ref('w:headerReference', 'first'), 'r:id')!)}`)
    expect(all(firstHeader, 'w:instrText')).toHaveLength(0)
    // US Letter with one-inch margins.
    expect(attr(child(sectPr, 'w:pgSz')!, 'w:w')).toBe('12240')
    expect(attr(child(sectPr, 'w:pgSz')!, 'w:h')).toBe('15840')
    for (const side of ['w:top', 'w:right', 'w:bottom', 'w:left']) expect(attr(child(sectPr, 'w:pgMar')!, side)).toBe('1440')
  })

  it('writes the document properties', () => {
    const core = d.xml('docProps/core.xml')
    const value = (name: string) => plain(one(core, name)!)
    expect(value('dc:title')).toBe('Establishment of a Working Group on Cooperation and Confidence-Building Measures in Cyberspace')
    expect(value('dc:subject')).toBe('CICTE/RES. 1/17')
    expect(value('dc:creator')).toBe('INTER-AMERICAN COMMITTEE AGAINST TERRORISM')
    expect(value('dc:language')).toBe('en')
    expect(value('dcterms:created')).toBe('2021-07-27T12:00:00Z')
    expect(value('dcterms:modified')).toBe('2021-07-27T12:00:00Z')
  })
})

describe('docx: the bracketed working paper (csh-omnibus-cyber-2021)', async () => {
  const doc = model(input('csh-omnibus-cyber-2021.md'))
  const d = open(await build(doc))
  const lines = frame(doc, templates.layout('working-paper', 'en'), templates.registry())

  it('has the seed’s words in order, after the header lines', () => expectSeedWords(d, lines, 'csh-omnibus-cyber-2021'))

  it('has no symbol line (working paper) and a header block without series or symbol', () => {
    const styles = body(d).filter((n) => tagOf(n) === 'w:p').map(pStyle)
    expect(styles.slice(0, 3)).toEqual(['OASOrgan', 'OASTitle', 'OASNote'])
    const cells = all(kids(body(d)[1]!), 'w:tc')
    expect(all(kids(cells[1]!), 'w:p').map(text)).toEqual(['27 July 2021', 'Original: English'])
  })

  it('prints sponsor tags bold, deletions struck and insertions underlined, nested', () => {
    const runs = runsOf(body(d))
    const styleOf = (t: string) => runs.filter((r) => r.text === t).map((r) => r.style)
    expect(styleOf('[COL: ')).toEqual(['OASSponsorTag', 'OASSponsorTag'])
    expect(styleOf('[US: ')).toEqual(['OASSponsorTag'])
    expect(styleOf('[MEX: ')).toEqual(['OASSponsorTag'])
    expect(styleOf('[')).toEqual(['OASSponsorTag'])
    expect(styleOf('contained')).toEqual(['OASDeletion'])
    expect(styleOf('the GGE')).toEqual(['OASDeletion'])
    // The space at the edge of an insertion is a run of its own, not underlined (as in the PDF and the HTML).
    expect(styleOf('set out')).toEqual(['OASInsertion'])
    expect(styleOf('GEG')).toEqual(['OASInsertion'])
    for (const t of ['set out', 'GEG']) {
      const before = runs[runs.findIndex((r) => r.text === t) - 1]!
      expect([before.text, before.style]).toEqual([' ', undefined])
    }
    expect(runs.filter((r) => r.text === ']').every((r) => r.style === 'OASSponsorTag')).toBe(true)
    expect(runs.every((r) => r.revisions.length === 0)).toBe(true)
    expect(deep(body(d), 'w:ins')).toHaveLength(0)
  })

  it('numbers the operative paragraphs with Word numbering, not text', () => {
    const labels = numberingLabels(d)
    const numbered = paragraphs(d).filter((p) => labels.has(p))
    expect(numbered.map((p) => labels.get(p))).toEqual(['1.', '2.', '3.', '4.', '5.'])
    expect(numbered.every((p) => pStyle(p) === 'OASOperative')).toBe(true)
    expect(numbered.every((p) => !/^\d/.test(text(p)))).toBe(true)
  })
})

describe('docx: track changes', async () => {
  const doc = model(input('csh-omnibus-cyber-2021.md'))
  const d = open(await build(doc, { trackChanges: true }))
  const ps = paragraphs(d)
  const para = (start: string) => ps.find((p) => text(p).replace(/^\[?/, '').startsWith(start))!

  it('marks sponsored proposals with revisions and bookmarks, no tags, and dates every revision from the options', () => {
    const runs = runsOf(body(d))
    // The only brackets left are the bare bracket's, in paragraph 3.
    expect(runs.filter((r) => /\[|\]/.test(r.text)).map((r) => r.text)).toEqual(['[', ']'])
    expect(runs.some((r) => r.style === 'OASInsertion' || r.style === 'OASDeletion')).toBe(false)
    const revisions = [...deep(body(d), 'w:ins'), ...deep(body(d), 'w:del')]
    expect(revisions.length).toBeGreaterThan(5)
    expect(new Set(revisions.map((r) => attr(r, 'w:date')))).toEqual(new Set(['2021-07-27T12:00:00Z']))
    // Revisions and bookmarks share one series of ids, each used once.
    const ids = [...revisions, ...deep(body(d), 'w:bookmarkStart')].map((r) => attr(r, 'w:id'))
    expect(new Set(ids).size).toBe(ids.length)
    // One hidden bookmark per sponsored proposal: COL (3); US, COL, MEX (4).
    expect(deep(body(d), 'w:bookmarkStart').map((b) => attr(b, 'w:name'))).toEqual(['_oasP1', '_oasP2', '_oasP3', '_oasP4'])
    expect(ps.map((p) => decodeTracked(p)).filter((t) => t.includes('['))).toEqual([
      '[COL: [To request that the Secretariat continue to support member states in their efforts to implement the Norms of Responsible State Behavior in Cyberspace, as agreed on within the UN Open-ended Working Group on Developments in the Field of Information and Telecommunications in the Context of International Security].]',
      '[US: To endorse the 2021 consensus reports of the Open-ended Working Group on Developments in the Field of Information and Telecommunications in the Context of International Security and the Group of Governmental Experts on Advancing Responsible State Behavior in Cyberspace in the Context of International Security, and to commit to support and implement the framework for responsible state behavior as set out in those reports in order to explore ways of enhancing the implementation of norms for responsible state behavior in cyberspace [COL: contained set out] in the reports of [MEX: the GGE GEG] and OEWG, and to request that the CICTE Secretariat support this effort].',
    ])
  })

  it('keeps the bare bracket inside COL’s proposal as bracket text in COL’s insertion (paragraph 3)', () => {
    const p3 = para('To request that the Secretariat')
    const runs = runsOf([p3])
    expect(runs.map((r) => r.text).join('')).toMatch(/^\[To request .* International Security\]\.$/)
    for (const r of runs) expect(r.revisions.map((v) => `${v.kind}:${v.author}`)).toEqual(['ins:COL'])
    expect(runs.filter((r) => r.text === '[' || r.text === ']').map((r) => r.style)).toEqual(['OASSponsorTag', 'OASSponsorTag'])
  })

  it.each([
    ['two touching proposals of one sponsor', '[US: one][US: two] end.'],
    ['a proposal at the edge of the one it amends', '[US: [MEX: first] then] [US: then [MEX: last]] end.'],
    ['proposals side by side, the middle one not nested', '[US: a][MEX: b][US: c] end.'],
    ['an empty proposal', 'Text [US: ] end.'],
    ['a proposal holding only another', 'Text [US: [MEX: ~~old~~ new]] end.'],
    ['a proposal inside a deletion', 'Text [US: ~~a [MEX: b] c~~] end.'],
    ['a bare bracket inside a deletion and inside an insertion', 'Text [US: ~~a [b] c~~ d [e]] end.'],
    ['a bare bracket with no sponsor around it', 'Text [pending [US: x]] end.'],
    ['a proposal inside a link', 'See [the [US: new] site](https://www.oas.org) end.'],
  ])('reads back %s as the bracketed view prints it', async (_, paragraph) => {
    const doc = model(draftText(paragraph))
    const d = open(await build(doc, { trackChanges: true }))
    const last = paragraphs(d).at(-1)!
    expect(decodeTracked(last)).toBe(txt(doc).trim().split('\n').at(-1))
    // A link stays one hyperlink, bookmarks and all.
    if (paragraph.includes('](')) expect(deep([last], 'w:hyperlink')).toHaveLength(1)
  })

  it('makes a proposed paragraph an insertion by its sponsor, paragraph mark included', () => {
    const p3 = para('To request that the Secretariat')
    const runs = runsOf([p3])
    expect(runs.length).toBeGreaterThan(0)
    for (const r of runs) expect(r.revisions.map((v) => `${v.kind}:${v.author}`)).toEqual(['ins:COL'])
    const markIns = child(child(child(p3, 'w:pPr')!, 'w:rPr')!, 'w:ins')!
    expect(attr(markIns, 'w:author')).toBe('COL')
  })

  it('nests amendments: a deletion inside the outer insertion, an insertion by the amending sponsor', () => {
    const runs = runsOf([para('To endorse the 2021')])
    const trail = (t: string) => runs.filter((r) => r.text === t).map((r) => r.revisions.map((v) => `${v.kind}:${v.author}`).join(' > '))
    expect(trail('contained')).toEqual(['ins:US > del:COL'])
    expect(trail('set out')).toEqual(['ins:COL'])
    expect(trail('the GGE')).toEqual(['ins:US > del:MEX'])
    expect(trail('GEG')).toEqual(['ins:MEX'])
    // The space at the edge of an insertion, a run of its own, is in its revision all the same.
    for (const t of ['set out', 'GEG']) {
      const at = runs.findIndex((r) => r.text === t)
      expect(runs[at - 1]!.text).toBe(' ')
      expect(trail(t)).toEqual([runs[at - 1]!.revisions.map((v) => `${v.kind}:${v.author}`).join(' > ')])
    }
    expect(runs.filter((r) => r.text.startsWith('To endorse')).map((r) => r.revisions.map((v) => v.author))).toEqual([['US']])
    // Deleted text is w:delText, never w:t.
    const del = deep([para('To endorse the 2021')], 'w:del')
    expect(del).toHaveLength(2)
    for (const x of del) expect(all(kids(x), 'w:t')).toHaveLength(0)
    const settings = d.xml('word/settings.xml')
    expect(one(settings, 'w:trackRevisions')).toBeDefined()
  })

  it('leaves agreed text alone', () => {
    expect(runsOf([para('To urge member states')]).every((r) => r.revisions.length === 0)).toBe(true)
  })

  it('authors a joint proposal by all its sponsors, and nests to any depth', async () => {
    const small = open(await build(model(SMALL), { trackChanges: true }))
    const runs = runsOf(body(small))
    const trail = (t: string) => runs.filter((r) => r.text === t).map((r) => r.revisions.map((v) => `${v.kind}:${v.author}`).join(' > '))
    expect(trail('jointly')).toEqual(['ins:CAN/US'])
    expect(trail('some')).toEqual(['ins:US > del:CAN'])
    expect(trail('inserted')).toEqual(['ins:CAN'])
    expect(trail('old text')).toEqual(['del:COL'])
  })
})

describe('docx: numbering, sub-paragraphs and footnotes', async () => {
  const doc = model(SMALL)
  const d = open(await build(doc))
  const layout = templates.layout('resolution', 'en')
  const labels = numberingLabels(d)
  const numbered = paragraphs(d).filter((p) => labels.has(p))

  it('defines the levels from the layout: %1. decimal, %2. lowerLetter, %3. lowerRoman', () => {
    const abstract = all(d.xml('word/numbering.xml'), 'w:abstractNum').find((a) =>
      all(kids(a), 'w:lvlText').some((t) => attr(t, 'w:val') === '%1.'),
    )!
    const lvl = (i: number) => all(kids(abstract), 'w:lvl').find((l) => attr(l, 'w:ilvl') === String(i))!
    expect([0, 1, 2].map((i) => attr(child(lvl(i), 'w:numFmt')!, 'w:val'))).toEqual(['decimal', 'lowerLetter', 'lowerRoman'])
    expect([0, 1, 2].map((i) => attr(child(lvl(i), 'w:lvlText')!, 'w:val'))).toEqual(['%1.', '%2.', '%3.'])
    // The operative label sits at the first-line indent, the text at a tab stop after it.
    const ind = child(child(lvl(0), 'w:pPr')!, 'w:ind')!
    expect(attr(ind, 'w:firstLine')).toBe('720')
    expect(attr(one(kids(lvl(0)), 'w:tab')!, 'w:pos')).toBe('1440')
    expect(attr(child(child(lvl(1), 'w:pPr')!, 'w:ind')!, 'w:hanging')).toBe('720')
  })

  it.each(['es', 'fr', 'pt'])('labels three levels 1. a) i) in %s, as its locale says', async (lang) => {
    const d = open(await build(model(draftText('1. Uno:\n   1. primero:\n      1. hondo;\n      2. más.\n   2. segundo.', `title: T\nlang: ${lang}`))))
    const labels = numberingLabels(d)
    expect(paragraphs(d).filter((p) => labels.has(p)).map((p) => `${labels.get(p)} ${text(p)}`)).toEqual(['1. Uno:', 'a) primero:', 'i) hondo;', 'ii) más.', 'b) segundo.'])
  })

  it('labels paragraphs as the model numbers them, restarting in each list', () => {
    expect(numbered.map((p) => `${labels.get(p)} ${text(p).split(' ')[0]}`)).toEqual([
      '1. To', 'a. First', 'b. Second', 'i. Deeper.', 'c. Third', '2. To', 'a. Its', '1. Second', '2. Second',
    ])
    const expected = doc.blocks.flatMap((b) => (b.type === 'numbered' ? [numberLabel(layout, b.level, b.number)] : []))
    expect(numbered.map((p) => labels.get(p))).toEqual(expected)
    expect(numbered.map(pStyle)).toEqual([
      'OASOperative', 'OASSubparagraph', 'OASSubparagraph', 'OASSubsubparagraph', 'OASSubparagraph', 'OASOperative', 'OASSubparagraph', 'OASOperative', 'OASOperative',
    ])
  })

  it('gives each list a concrete numbering of its own that starts again at 1', () => {
    const numId = (p: XNode) => attr(child(child(child(p, 'w:pPr')!, 'w:numPr')!, 'w:numId')!, 'w:val')!
    const first = new Set(numbered.slice(0, 7).map(numId))
    const second = new Set(numbered.slice(7).map(numId))
    expect(first.size).toBe(1)
    expect(second.size).toBe(1)
    expect([...first][0]).not.toBe([...second][0])
    for (const id of [...first, ...second]) {
      const num = all(d.xml('word/numbering.xml'), 'w:num').find((n) => attr(n, 'w:numId') === id)!
      const override = all(kids(num), 'w:lvlOverride').find((o) => attr(o, 'w:ilvl') === '0')!
      expect(attr(child(override, 'w:startOverride')!, 'w:val')).toBe('1')
    }
  })

  it('writes native footnotes, numbered in order, with the layout’s marks', () => {
    const notes = all(d.xml('word/footnotes.xml'), 'w:footnote').filter((n) => attr(n, 'w:type') === undefined)
    expect(notes.map((n) => attr(n, 'w:id'))).toEqual(['1', '2'])
    expect(notes.map((n) => all(kids(n), 'w:p').map((p) => textIn(p, attr(n, 'w:id'))))).toEqual([
      ['1. The United States has consistently objected to this paragraph.'],
      ['2. Second note.', 'Its second paragraph.'],
    ])
    for (const n of notes) for (const style of all(kids(n), 'w:p').map(pStyle)) expect(style).toBe('OASFootnote')
    expect(text(para(d, 'RECALLING'))).toBe('RECALLING its resolution1/;')
  })

  it('marks a note once in Word and LibreOffice: a numbered reference, then `/`; the note opens with its own number', () => {
    const rStyle = (r: XNode) => {
      const style = child(child(r, 'w:rPr') ?? r, 'w:rStyle')
      return style && attr(style, 'w:val')
    }
    // In the text: Word's numbered reference (no custom mark, which LibreOffice prints twice)
    // in the mark style, then `/` as text in the same style.
    const refs = deep(body(d), 'w:footnoteReference')
    expect(refs.map((r) => [attr(r, 'w:id'), attr(r, 'w:customMarkFollows')])).toEqual([['1', undefined], ['2', undefined]])
    const runs = deep(body(d), 'w:r')
    const marks = runs.flatMap((r, i) => (child(r, 'w:footnoteReference') ? [[r, runs[i + 1]!]] : []))
    for (const [ref, slash] of marks) {
      expect(kids(ref!).map(tagOf)).toEqual(['w:rPr', 'w:footnoteReference'])
      expect([rStyle(ref!), rStyle(slash!), text(slash!)]).toEqual(['OASFootnoteMark', 'OASFootnoteMark', '/'])
    }
    // Word gives a footnote one reference: the second to footnote 1 (in paragraph 2) is its mark as text.
    expect(runs.filter((r) => rStyle(r) === 'OASFootnoteMark').map((r) => text(r))).toEqual(['1', '/', '2', '/', '1/'])
    // In the note: its own number first, in no character style, then `. ` and the text.
    const notes = all(d.xml('word/footnotes.xml'), 'w:footnote')
    for (const note of notes.filter((n) => attr(n, 'w:type') === undefined)) {
      const [number, dot] = all(kids(all(kids(note), 'w:p')[0]!), 'w:r')
      expect(kids(number!).map(tagOf)).toEqual(['w:footnoteRef'])
      expect(text(dot!)).toBe('. ')
    }
    // Separators hold no number; LibreOffice prints a note's number in the "footnote reference"
    // style, which therefore is not raised.
    for (const separator of notes.filter((n) => attr(n, 'w:type') !== undefined)) expect(deep([separator], 'w:footnoteRef')).toHaveLength(0)
    expect(deep(d.xml('word/footnotes.xml'), 'w:rStyle')).toHaveLength(0)
    expect(rPrOf(styleNode(d, 'FootnoteReference')!).map(tagOf)).not.toContain('w:vertAlign')
  })

  it('prints the draft label above the title and the symbol above both', () => {
    const styles = body(d).filter((n) => tagOf(n) === 'w:p').map((p) => [pStyle(p), text(p)])
    expect(styles.slice(0, 3)).toEqual([
      ['OASSymbol', 'CP/RES. 1 (2000/21)'],
      ['OASDraftLabel', 'DRAFT RESOLUTION'],
      ['OASTitle', 'TEST OF FOOTNOTES'],
    ])
  })
})

/** LibreOffice, to read our files as many ministries do; its tests are skipped where it is not installed. */
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((path) => existsSync(path))
const LIBREOFFICE_SUITE = SOFFICE
  ? 'docx in LibreOffice'
  : 'docx in LibreOffice: SKIPPED, soffice is not installed (apt-get install libreoffice-writer)'

/** The PDF LibreOffice lays out for a DOCX, in a profile of its own. */
function libreOfficePdf(bytes: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'oasgen-lo-'))
  try {
    writeFileSync(join(dir, 'd.docx'), bytes)
    execFileSync(SOFFICE!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'd.docx')], { stdio: 'ignore', timeout: 120_000 })
    return new Uint8Array(readFileSync(join(dir, 'd.pdf')))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The text of a PDF (pdftotext), `-layout` or `-bbox-layout`. */
function pdfText(pdf: Uint8Array, mode: '-layout' | '-bbox-layout'): string {
  return execFileSync('pdftotext', [mode, '-', '-'], { input: pdf, encoding: 'utf8' })
}

/** The text LibreOffice lays out for a DOCX (converted to PDF, read by pdftotext). */
const libreOfficeText = (bytes: Uint8Array): string => pdfText(libreOfficePdf(bytes), '-layout')

/** The top of the first line that starts with each of `words` on page 1, in points. */
function lineTops(pdf: Uint8Array, words: string[]): number[] {
  const page = pdfText(pdf, '-bbox-layout').split('</page>')[0]!
  const lines = [...page.matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>\s*<word[^>]*>([^<]*)<\/word>/g)].map((m) => ({ y: Number(m[1]), first: m[2]! }))
  return words.map((word) => {
    const line = lines.find((l) => l.first === word)
    if (line === undefined) throw new Error(`no line starts with “${word}”`)
    return line.y
  })
}

/** Operative paragraphs: one kept, one proposed whole (US), one kept, one proposed for deletion whole (COL). */
const TRACKED_LIST = draftText('RESOLVES:\n\n1. To note the report.\n\n2. [US: To welcome the plan.]\n\n3. To thank the Chair.\n\n4. [COL: ~~To close the meeting.~~]')

describe('track changes: a numbered paragraph proposed whole, or proposed for deletion whole', () => {
  it('keeps its number (w:numPr) and is written as LibreOffice records one: a deletion its text in w:del, its mark kept', async () => {
    const xml = strFromU8(unzipSync(await build(model(TRACKED_LIST), { trackChanges: true }))['word/document.xml']!)
    const paragraph = (words: string) => [...xml.matchAll(/<w:p>.*?<\/w:p>/g)].map(([p]) => p).find((p) => p.includes(words))!
    const inserted = paragraph('To welcome the plan.')
    const deleted = paragraph('To close the meeting.')
    for (const p of [inserted, deleted]) expect(p).toMatch(/<w:pPr><w:pStyle w:val="[^"]+"\/><w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr>/)
    expect(inserted).toMatch(/<w:rPr><w:ins [^>]*w:author="US"[^>]*\/><\/w:rPr><\/w:pPr>/)
    // LibreOffice, deleting a list item's text with changes recorded, writes <w:del><w:r><w:delText>… and leaves the mark alone.
    expect(deleted).toMatch(/<w:del [^>]*w:author="COL"[^>]*><w:r><w:delText xml:space="preserve">To close the meeting\.<\/w:delText><\/w:r><\/w:del>/)
    expect(deleted).not.toMatch(/<w:pPr>.*<w:rPr>.*<\/w:pPr>/)
  })
})

describe.skipIf(!SOFFICE)(LIBREOFFICE_SUITE, () => {
  it("shows a numbered paragraph proposed for deletion whole with its number in brackets, as it shows a list item it recorded deleted itself", async () => {
    // LibreOffice (7.2 on) prints a list item whose text is a tracked deletion with its number before the change in
    // brackets ("[3.]": 1, thank, close without US's inserted paragraph), the same for its own recording of the same
    // change (docs/decisions.md); the inserted paragraph keeps its plain number.
    const lines = libreOfficeText(await build(model(TRACKED_LIST), { trackChanges: true })).split('\n').map((l) => l.trim().replace(/\s+/g, ' '))
    expect(lines).toContain('2. To welcome the plan.')
    expect(lines).toContain('3. To thank the Chair.')
    expect(lines).toContain('[3.] To close the meeting.')
  }, 120_000)
  it('shows each footnote mark once in the text, and the note’s number once in the note', async () => {
    const lines = libreOfficeText(await build(model(SMALL))).split('\n').map((l) => l.trim())
    expect(lines).toContain('RECALLING its resolution1/;')
    expect(lines.find((l) => l.includes('To do one thing'))).toMatch(/thing2\/, \[COL:/)
    expect(lines).toContain('1. The United States has consistently objected to this paragraph.')
    expect(lines).toContain('2. Second note.')
  }, 120_000)

  it('spaces paragraphs as the PDF does: the space after one and the space before the next add up', async () => {
    // The note (24 pt after), two headings (12 pt before and after), a paragraph (12 pt after), a
    // heading: ISO/IEC 29500 would take the larger of each pair; the layout's space adds up, as
    // the PDF and the HTML lay it out, so the DOCX says so (w:doNotUseHTMLParagraphAutoSpacing).
    const doc = model('---\ntitle: Spacing\nnote: A note\n---\n\n## Heading\n\n### Subheading\n\nA paragraph.\n\n## Another\n\nEnd.\n')
    const words = ['(A', 'Heading', 'Subheading', 'A', 'Another', 'End.']
    const docx = lineTops(libreOfficePdf(await build(doc)), words)
    const layout = templates.layout(doc.meta.template, doc.meta.lang)
    const pdf = lineTops(await renderPdf({ doc, layout, registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn: () => {} } }), words)
    const gaps = (tops: number[]) => tops.slice(1).map((y, i) => Math.round(y - tops[i]!))
    expect(gaps(docx)).toEqual(gaps(pdf))
    expect(one(open(await build(doc)).xml('word/settings.xml'), 'w:doNotUseHTMLParagraphAutoSpacing')).toBeDefined()
  }, 120_000)
})

const para = (d: Docx, start: string) => paragraphs(d).find((p) => text(p).startsWith(start))!

describe('docx: other views and languages', () => {
  it('prints the delegation’s title under the document’s in a delegation view', async () => {
    const d = open(await build(model(input('csh-omnibus-cyber-2021.md'), { kind: 'delegation', sponsor: 'COL' })))
    const delegation = paragraphs(d).filter((p) => pStyle(p) === 'OASDelegation')
    expect(delegation.map((p) => text(p))).toEqual(['Proposals of the Delegation of Colombia'])
  })

  it('prints the clean view without any proposal', async () => {
    const d = open(await build(model(input('csh-omnibus-cyber-2021.md'), { kind: 'clean' })))
    expect(runsOf(body(d)).some((r) => r.style !== undefined)).toBe(false)
    const labels = numberingLabels(d)
    expect(paragraphs(d).filter((p) => labels.has(p)).map((p) => labels.get(p))).toEqual(['1.', '2.', '3.'])
  })

  it('labels Spanish sub-paragraphs a), b)', async () => {
    const d = open(await build(model('---\ntitle: T\nlang: es\n---\n\n1. Uno.\n   1. Primero.\n   2. Segundo.\n')))
    const labels = numberingLabels(d)
    expect(paragraphs(d).filter((p) => labels.has(p)).map((p) => labels.get(p))).toEqual(['1.', 'a)', 'b)'])
    expect(attr(one(d.xml('word/styles.xml'), 'w:lang')!, 'w:val')).toBe('es-ES')
    expect(plain(one(d.xml('docProps/core.xml'), 'dc:language')!)).toBe('es')
  })

  it('escapes text for XML and keeps it intact', async () => {
    const d = open(await build(model('---\ntitle: A & B <C>\n---\n\nTHE COUNCIL, "quoted" & \\<angled\\>,\n')))
    expect(paragraphs(d).map((p) => text(p))).toContain('THE COUNCIL, "quoted" & <angled>,')
    expect(paragraphs(d).map((p) => text(p))).toContain('A & B <C>')
  })
})

describe('docx: determinism', () => {
  it('gives byte-identical output on a second build', async () => {
    const doc = model(SMALL)
    const a = await build(doc, { trackChanges: true })
    const b = await build(model(SMALL), { trackChanges: true })
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
  })

  it('stamps core.xml and every zip entry from options.time, never the clock', async () => {
    const time = new Date('2017-04-07T12:00:00Z')
    const bytes = await build(model(input('cicte-res-1-17.md')), { time })
    const d = open(bytes)
    const core = d.source('docProps/core.xml')
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2017-04-07T12:00:00Z</dcterms:created>')
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2017-04-07T12:00:00Z</dcterms:modified>')
    const headers = zipHeaders(bytes)
    expect(headers.length).toBe(Object.keys(d.raw).length)
    // DOS date: (year - 1980) << 9 | month << 5 | day; time: hour << 11 | minute << 5 | second / 2.
    const date = ((2017 - 1980) << 9) | (4 << 5) | 7
    for (const h of headers) expect([h.name, h.date, h.time]).toEqual([h.name, date, 12 << 11])
  })

  it.each([
    ['1975-06-01T12:00:00Z', 1980],
    ['2101-01-01T12:00:00Z', 2099],
  ])('dates the zip entries of a draft dated %s within the years zip can say (%i)', async (iso, year) => {
    const time = new Date(iso)
    const bytes = await build(model(SMALL), { time })
    expect(open(bytes).source('docProps/core.xml')).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created>`)
    for (const h of zipHeaders(bytes)) expect(1980 + (h.date >> 9)).toBe(year)
  })

  it('orders the zip entries: [Content_Types].xml first, then by name', async () => {
    const names = open(await build(model(SMALL))).entries
    expect(names[0]).toBe('[Content_Types].xml')
    expect(names.slice(1)).toEqual([...names.slice(1)].sort())
    expect(names).toContain('word/footnotes.xml')
  })

  it('has no random relationship ids, even with hyperlinks', async () => {
    const doc = model('---\ntitle: T\n---\n\nSee [the site](https://www.oas.org) and [this](https://example.org/a).\n')
    const a = await build(doc)
    const d = open(a)
    const rels = d.source('word/_rels/document.xml.rels')
    expect([...rels.matchAll(/Id="([^"]+)"/g)].map((m) => m[1]).every((id) => /^rId(L?)\d+$/.test(id!))).toBe(true)
    expect(rels).toContain('Target="https://www.oas.org/"')
    const links = deep(body(d), 'w:hyperlink')
    expect(links.map((l) => text(l))).toEqual(['the site', 'this'])
    expect(Buffer.from(a).equals(Buffer.from(await build(doc)))).toBe(true)
  })

  it('links http, https and mailto targets only, written in ASCII; other links are their text', async () => {
    const d = open(await build(model('---\ntitle: T\n---\n\n[a](https://münchen.de/café) [b](mailto:x@oas.org) [c](javascript:alert(1)) [d](docs/annex.pdf) [e](file:///etc/passwd) [f](ftp://oas.org/x).\n')))
    const rels = d.source('word/_rels/document.xml.rels')
    const targets = [...rels.matchAll(/Target="([^"]+)" TargetMode="External"/g)].map((m) => m[1])
    expect(targets).toEqual(['https://xn--mnchen-3ya.de/caf%C3%A9', 'mailto:x@oas.org'])
    expect(deep(body(d), 'w:hyperlink').map((l) => text(l))).toEqual(['a', 'b'])
    expect(text(paragraphs(d).at(-1)!)).toBe('a b c d e f.')
  })

  it('gives the same bytes in another time zone (child process)', () => {
    const run = (tz: string) =>
      execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/fixtures/docx/render-seed.ts'), join(ROOT, 'inputs/csh-omnibus-cyber-2021.md'), '1', '2021-07-27T23:30:00Z'], {
        cwd: ROOT,
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      })
    const here = run('UTC')
    expect(here).toMatch(/^[0-9a-f]{64}$/)
    expect(run('Pacific/Kiritimati')).toBe(here)
    expect(run('America/St_Johns')).toBe(here)
  }, 60_000)

  it('matches the in-process bytes in the child process', async () => {
    const bytes = await build(model(input('csh-omnibus-cyber-2021.md')), { trackChanges: true, time: new Date('2021-07-27T23:30:00Z') })
    const hash = createHash('sha256').update(bytes).digest('hex')
    const child = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/fixtures/docx/render-seed.ts'), join(ROOT, 'inputs/csh-omnibus-cyber-2021.md'), '1', '2021-07-27T23:30:00Z'], {
      cwd: ROOT,
      env: { ...process.env, TZ: 'Asia/Kathmandu' },
      encoding: 'utf8',
    })
    expect(child).toBe(hash)
  }, 60_000)
})

describe('docx: runs written without docx building them', () => {
  it('a plain run is what docx writes for a TextRun with the same options', () => {
    // Text with what XML must escape, spaces at the ends, and any combination of style and marks.
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '&', '<', '>', '"', "'", 'é', '—', '\u00a0', '\t'), maxLength: 12 })
    const options = fc.record(
      {
        style: fc.constantFrom('Sponsor', 'Insertion', 'Deletion', 'Hyperlink'),
        bold: fc.boolean(),
        italics: fc.boolean(),
        strike: fc.boolean(),
        font: fc.constantFrom('Courier New', 'Consolas'),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(text, options, (t, o) => {
        expect(new PlainRun(t, o).prepForXml()).toEqual(new TextRun({ ...o, text: t }).prepForXml({ stack: [] } as unknown as IContext))
      }),
      { numRuns: 500 },
    )
  })
})
