/**
 * `oasgen import`: returned copies read back into the draft. Our own --track-changes DOCX
 * (identity), copies edited in LibreOffice (tests/fixtures/import/libreoffice, made by make.py
 * there), and copies whose XML a test edits as Word writes revisions, for each message.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom'
import fc from 'fast-check'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { parseDraft } from '../src/draft/parse.js'
import { importCopies, proposalsOf, type ImportCopy } from '../src/index.js'
import { PART_LIMIT, readDocx } from '../src/import/read.js'
import { sourceXml } from '../src/import/source.js'
import { renderer } from '../src/render/index.js'
import { documentTime } from '../src/render/types.js'
import { resolveView } from '../src/view/resolve.js'
import type { View } from '../src/view/views.js'
import { richBody } from './arbitraries.js'
import { BRACKETED, cli, draftText, input, md, parse, resolve, ROOT, templates } from './helpers.js'

const LO = join(ROOT, 'tests', 'fixtures', 'import', 'libreoffice')
const CSH = input('csh-omnibus-cyber-2021.md')
const CICTE = input('cicte-res-1-17.md')

/** The --track-changes DOCX `oasgen build` writes for a draft (with its draft carried). */
async function sent(text: string, view: View = BRACKETED): Promise<Uint8Array> {
  const draft = parseDraft(text, { templates, path: 'draft.md' })
  if (draft.failed || !draft.meta) throw new Error(String(draft.file.messages))
  const { doc } = resolveView({ meta: draft.meta, tree: draft.tree }, view)
  const render = await renderer('docx')
  return render({
    doc,
    layout: templates.layout(draft.meta.template, draft.meta.lang),
    registry: templates.registry(),
    options: { trackChanges: true, time: documentTime(draft.meta.date), warn: () => {}, customXml: sourceXml({ text, name: 'draft.md', view, trackChanges: true }) },
  })
}

/** A copy whose parts are edited: each `[old, new]` replaces the first `old` in the part. */
function edited(docx: Uint8Array, edits: Array<[string, string]>, part = 'word/document.xml', extra: Record<string, string> = {}): Uint8Array {
  const files = unzipSync(docx)
  let xml = strFromU8(files[part]!)
  for (const [old, replacement] of edits) {
    if (!xml.includes(old)) throw new Error(`not in ${part}: ${old}`)
    xml = xml.replace(old, replacement)
  }
  files[part] = strToU8(xml)
  for (const [path, text] of Object.entries(extra)) files[path] = strToU8(text)
  return zipSync(files)
}

const lo = (name: string): ImportCopy => ({ path: `libreoffice/${name}`, bytes: readFileSync(join(LO, name)) })

async function run(copies: ImportCopy[], options: { base?: string; authors?: Record<string, string> } = {}) {
  const result = await importCopies(copies, {
    templates,
    ...(options.base !== undefined ? { base: { path: 'draft.md', text: options.base } } : {}),
    ...(options.authors ? { authors: options.authors } : {}),
  })
  const messages = result.files.flatMap((f) => f.messages.map((m) => `${m.line ?? 0}:${m.column ?? 0} ${m.ruleId} ${m.reason}`))
  return { ...result, messages, rules: result.files.flatMap((f) => f.messages.map((m) => m.ruleId)) }
}

/** The lines of `after` that are not in `before`. */
function added(before: string, after: string): string[] {
  const old = new Set(before.split('\n'))
  return after.split('\n').filter((line) => !old.has(line))
}

/** A chair's text: Colombia's proposals accepted, the United States' rejected, the rest shown. */
const CHAIR: View = {
  kind: 'scenario',
  name: 'chair',
  scenario: { rules: [{ choice: 'accept', codes: ['COL'] }, { choice: 'reject', codes: ['US', 'USA'] }], rest: 'show', context: true },
  label: 'Chair’s text',
}

/** The working text as sent, and the start of its paragraph 2 (`To promote …`) in word/document.xml. */
const OP2_PPR = '<w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">To promote cooperation'
const ins = (author: string, text: string, id = 900) => `</w:t></w:r><w:ins w:id="${id}" w:author="${author}" w:date="2026-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:ins><w:r><w:t xml:space="preserve">`
const del = (author: string, text: string, id = 901) => `</w:t></w:r><w:del w:id="${id}" w:author="${author}" w:date="2026-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">${text}</w:delText></w:r></w:del><w:r><w:t xml:space="preserve">`

describe('the draft a --track-changes DOCX carries', () => {
  it('is a custom XML part, tied to the document as Word ties one, the same bytes every time', async () => {
    const docx = await sent(CSH)
    const files = unzipSync(docx)
    const item = strFromU8(files['customXml/item1.xml']!)
    expect(item).toContain('<draft xmlns="urn:oasgen:draft" name="draft.md" view="bracketed" trackChanges="true" sha256="')
    expect(readDocx(docx).source?.text).toBe(CSH)
    expect(strFromU8(files['customXml/itemProps1.xml']!)).toMatch(/<ds:datastoreItem ds:itemID="\{[0-9A-F-]{36}\}"[^>]*><ds:schemaRefs><ds:schemaRef ds:uri="urn:oasgen:draft"\/>/)
    expect(strFromU8(files['customXml/_rels/item1.xml.rels']!)).toContain('Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"')
    expect(strFromU8(files['word/_rels/document.xml.rels']!)).toContain('relationships/customXml" Target="../customXml/item1.xml"')
    expect(strFromU8(files['[Content_Types].xml']!)).toContain('<Override ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml" PartName="/customXml/itemProps1.xml"/>')
    expect(Buffer.from(await sent(CSH)).equals(Buffer.from(docx))).toBe(true)
  })

  it.skipIf(spawnSync('xmllint', ['--version']).status !== 0)('its properties, relationships and content types are valid against the ISO/IEC 29500 schemas (xmllint)', async () => {
    const parts = unzipSync(await sent(CSH))
    const dir = mkdtempSync(join(tmpdir(), 'oasgen-import-xsd-'))
    // The item itself is oasgen's own data (urn:oasgen:draft), which no OOXML schema describes: it must be well formed.
    const checked = ['customXml/itemProps1.xml', 'customXml/_rels/item1.xml.rels', 'word/_rels/document.xml.rels', '[Content_Types].xml']
    const paths = checked.map((path, i) => {
      const file = join(dir, `${i}.xml`)
      writeFileSync(file, parts[path]!)
      return file
    })
    const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', join(ROOT, 'tests', 'fixtures', 'ooxml-xsd', 'all.xsd'), ...paths], { encoding: 'utf8' })
    expect(result.stderr.split('\n').filter((line) => line !== '' && !line.endsWith(' validates'))).toEqual([])
    writeFileSync(join(dir, 'item.xml'), parts['customXml/item1.xml']!)
    expect(spawnSync('xmllint', ['--noout', '--nonet', join(dir, 'item.xml')]).status).toBe(0)
  })

  it('keeps carriage returns, and characters XML cannot hold (in base64)', async () => {
    for (const text of [draftText('1. One.\r\n\r\n2. Two & <three>.'), draftText('1. A form feed \f here.')]) {
      expect(readDocx(await sent(text)).source?.text).toBe(text)
    }
  })

  it('is kept by LibreOffice when it saves the copy (make.py: unchanged.docx)', () => {
    expect(readDocx(readFileSync(join(LO, 'unchanged.docx'))).source?.text).toBe(CSH)
  })

  it('is written by `oasgen build --track-changes` only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oasgen-import-'))
    const path = join(dir, 'draft.md')
    writeFileSync(path, CICTE)
    expect((await cli(['build', path, '--view', 'clean', '--format', 'docx', '--out', join(dir, 'plain')])).code).toBe(0)
    expect((await cli(['build', path, '--view', 'clean', '--format', 'docx', '--track-changes', '--out', join(dir, 'tracked')])).code).toBe(0)
    expect(readDocx(readFileSync(join(dir, 'plain', 'draft.clean.docx'))).source).toBeUndefined()
    expect(readDocx(readFileSync(join(dir, 'tracked', 'draft.clean.docx'))).source).toMatchObject({ text: CICTE, view: 'clean', name: 'draft.md' })
  })
})

describe('identity: what oasgen sent comes back as the same draft', () => {
  const fixture = (...path: string[]) => readFileSync(join(ROOT, 'tests', 'fixtures', ...path), 'utf8')
  it.each([
    ['the working text', CSH],
    ['the resolution', CICTE],
    ['the small fixture (sample.md)', fixture('sample.md')],
    ['the hostile fixture (html/hostile.md)', fixture('html', 'hostile.md')],
    ['every construct (docx/every-construct.md)', draftText(fixture('docx', 'every-construct.md'))],
  ])('%s, built with --track-changes and imported', async (_name, text) => {
    const result = await run([{ path: 'copy.docx', bytes: await sent(text) }])
    expect(result.messages).toEqual([])
    expect(result.text).toBe(text)
  })

  it('the working text, saved again by LibreOffice with no edit', async () => {
    const result = await run([lo('unchanged.docx')])
    expect(result.messages).toEqual([])
    expect(result.text).toBe(CSH)
  })

  it('every view of the working text', async () => {
    for (const view of [{ kind: 'clean' }, { kind: 'delegation', sponsor: 'MEX' }, CHAIR] as View[]) {
      const result = await run([{ path: 'copy.docx', bytes: await sent(CSH, view) }])
      expect(result.messages).toEqual([])
      expect(result.text).toBe(CSH)
    }
  })

  it('generated drafts, in every view (property)', async () => {
    const views: View[] = [BRACKETED, { kind: 'clean' }, { kind: 'delegation', sponsor: 'US' }, CHAIR]
    await fc.assert(
      fc.asyncProperty(richBody, fc.constantFrom(...views), async (body, view) => {
        const text = draftText(body)
        if (parseDraft(text, { templates }).failed) return
        const result = await run([{ path: 'copy.docx', bytes: await sent(text, view) }])
        expect(result.messages).toEqual([])
        expect(result.text).toBe(text)
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 25) },
    )
  }, 120_000)
})

describe('a new revision comes back as one proposal (property)', () => {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
  /**
   * The copy with one revision by Brazil in the `pick`-th run of body text outside every revision
   * and link (footnote marks excepted): `word` inserted after it, or one of its words deleted.
   */
  function withRevision(docx: Uint8Array, pick: number, change: { insert: string } | 'delete', author = 'Brazil'): { copy: Uint8Array; word: string } | undefined {
    const files = unzipSync(docx)
    const doc = new DOMParser().parseFromString(strFromU8(files['word/document.xml']!), 'text/xml')
    const runs = Array.from(doc.getElementsByTagNameNS(W, 'r')).filter((r) => {
      const p = r.parentNode as Element | null
      const style = p?.getElementsByTagNameNS(W, 'pStyle')[0]?.getAttributeNS(W, 'val') ?? ''
      const mark = r.getElementsByTagNameNS(W, 'rStyle')[0]?.getAttributeNS(W, 'val') === 'OASFootnoteMark'
      // A run of a body paragraph's own text (the header block and title are the front matter's).
      return p?.localName === 'p' && /^OAS(Operative|Preamble|Subparagraph|Subsubparagraph)$/.test(style) && !mark && r.getElementsByTagNameNS(W, 't').length === 1
    })
    if (runs.length === 0) return undefined
    const run = runs[pick % runs.length]!
    const revision = (kind: 'ins' | 'del', text: string) => {
      const element = doc.createElementNS(W, `w:${kind}`)
      element.setAttributeNS(W, 'w:id', '999')
      element.setAttributeNS(W, 'w:author', author)
      element.setAttributeNS(W, 'w:date', '2026-01-01T00:00:00Z')
      element.appendChild(piece(kind === 'ins' ? 'w:t' : 'w:delText', text))
      return element
    }
    const piece = (tag: string, text: string) => {
      const r = run.cloneNode(true) as Element
      const t = r.getElementsByTagNameNS(W, 't')[0]!
      const replacement = doc.createElementNS(W, tag)
      replacement.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:space', 'preserve')
      replacement.appendChild(doc.createTextNode(text))
      r.replaceChild(replacement, t)
      return r
    }
    let word: string
    if (change === 'delete') {
      const text = run.getElementsByTagNameNS(W, 't')[0]!.textContent ?? ''
      const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)]
      if (words.length === 0) return undefined
      const found = words[Math.floor(pick / runs.length) % words.length]!
      word = found[0]
      const parent = run.parentNode!
      for (const node of [piece('w:t', text.slice(0, found.index)), revision('del', word), piece('w:t', text.slice(found.index + word.length))]) parent.insertBefore(node, run)
      parent.removeChild(run)
    } else {
      word = change.insert
      run.parentNode!.insertBefore(revision('ins', ` ${word} `), run.nextSibling)
    }
    files['word/document.xml'] = strToU8(new XMLSerializer().serializeToString(doc))
    return { copy: zipSync(files), word }
  }

  it('generated drafts: one more proposal, Brazil’s, inserting or deleting the word; every other proposal as it was', async () => {
    await fc.assert(
      fc.asyncProperty(richBody, fc.nat(), fc.constantFrom<{ insert: string } | 'delete'>({ insert: 'jointly' }, { insert: 'OAS' }, 'delete'), async (body, pick, change) => {
        const text = draftText(body)
        const draft = parseDraft(text, { templates })
        if (draft.failed) return
        const made = withRevision(await sent(text), pick, change)
        if (!made) return
        const { copy, word } = made
        const result = await run([{ path: 'copy.docx', bytes: copy }])
        expect(result.messages).toEqual([])
        expect(result.summary.proposals).toBe(1)
        const back = parseDraft(result.text!, { templates })
        expect(back.failed).toBe(false)
        const before = proposalsOf(draft.tree).proposals
        const after = proposalsOf(back.tree).proposals
        const brazil = after.filter((p) => p.sponsors.includes('BRA'))
        const expected = change === 'delete' ? ['', word] : [word, '']
        expect(brazil.map((p) => [p.sponsors, p.inserted.text.trim(), p.deleted.text.trim()])).toEqual([[['BRA'], ...expected]])
        // The others as they were (the word taken out of one Brazil's revision may have landed in;
        // spaces aside: a proposal's text joins the proposals in it with spaces).
        const norm = (x: string) => x.replace(word, '').replace(/\s+/g, '')
        const facts = (p: (typeof before)[number]) => `${p.tag}|${norm(p.inserted.text)}|${norm(p.deleted.text)}`
        expect(after.filter((p) => !p.sponsors.includes('BRA')).map(facts)).toEqual(before.map(facts))
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 20) },
    )
  }, 120_000)

  it('generated drafts, two copies merged: each copy’s insertion is one proposal of its delegation, wherever they fall', async () => {
    await fc.assert(
      fc.asyncProperty(richBody, fc.nat(), fc.nat(), async (body, pickA, pickB) => {
        const text = draftText(body)
        const draft = parseDraft(text, { templates })
        if (draft.failed) return
        const docx = await sent(text)
        const a = withRevision(docx, pickA, { insert: 'jointly' }, 'Brazil')
        const b = withRevision(docx, pickB, { insert: 'promptly' }, 'Chile')
        if (!a || !b) return
        const result = await run([{ path: 'a.docx', bytes: a.copy }, { path: 'b.docx', bytes: b.copy }])
        expect(result.messages).toEqual([])
        expect(result.summary).toMatchObject({ proposals: 2, conflicts: 0 })
        const back = parseDraft(result.text!, { templates })
        expect(back.failed).toBe(false)
        const added = proposalsOf(back.tree).proposals.filter((p) => p.sponsors.includes('BRA') || p.sponsors.includes('CHL'))
        expect(added.map((p) => `${p.tag}: ${p.inserted.text.trim()}`).sort()).toEqual(['BRA: jointly', 'CHL: promptly'])
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 15) },
    )
  }, 120_000)
})

describe('revisions made in LibreOffice (make.py)', () => {
  it('Colombia: a replacement, a deletion inside the US proposal, an insertion, a new paragraph', async () => {
    const result = await run([lo('colombia.docx')])
    expect(result.messages).toEqual([])
    expect(result.summary.proposals).toBe(4)
    const lines = added(CSH, result.text!)
    expect(lines.join('\n')).toContain('with the support of the CICTE Secretariat [COL: actively], the confidence-building')
    expect(lines.join('\n')).toContain('combating [COL: ~~cybercrime~~ cyber-enabled crime], and promoting')
    expect(lines.join('\n')).toContain('4. [US: To endorse the 2021 [COL: ~~consensus~~] reports of')
    expect(lines).toContain('6. [COL: To report on these measures to the General Assembly at its next regular session.]')
  })

  it('Mexico (author “Delegación de México”): a deleted paragraph is a proposal to delete it', async () => {
    const result = await run([lo('mexico.docx')])
    expect(result.messages).toEqual([])
    expect(result.text).toMatch(/^1\. \[MEX: ~~To urge member states .* digital environment\.~~\]$/m)
    expect(result.text).toContain('cybersecurity, [MEX: ~~combating cybercrime~~ fighting crime in cyberspace], and promoting')
  })

  it('a move is a deletion and an insertion, with a warning naming both places', async () => {
    const result = await run([lo('moved.docx')])
    expect(result.rules).toEqual(['import-move'])
    expect(result.messages[0]).toMatch(/^9:\d+ import-move Canada moved text from operative paragraph 1 \(OP1\), “…[^”]*” to operative paragraph 2 \(OP2\)/)
    expect(result.text).toContain('continue implementing, [CAN: ~~with the support of the CICTE Secretariat,~~] the confidence')
    expect(result.text).toContain('good practices, [CAN: with the support of the CICTE Secretariat,] and the development')
  })

  it('a revision in another author’s new text (nested.docx): nested in it, as LibreOffice writes it', async () => {
    const result = await run([lo('nested.docx')])
    expect(result.messages).toEqual([])
    expect(result.summary.proposals).toBe(2)
    expect(added(CSH, result.text!)).toEqual([
      '2. To promote cooperation, exchanges of good practices, and the development and strengthening of capacities for cyberdiplomacy, cybersecurity, combating cybercrime, [COL: protecting [MEX: ~~critical~~ essential] infrastructure,] and promoting an open, accessible, interoperable, reliable, peaceful, and secure cyberspace.',
    ])
  })

  it('a word made bold (formatting.docx): reported, the draft unchanged', async () => {
    const result = await run([lo('formatting.docx')])
    expect(result.text).toBe(CSH)
    expect(result.messages).toEqual([expect.stringMatching(/^9:\d+ import-formatting Formatting only: character formatting changed by Colombia \(operative paragraph 2 \(OP2\), “…[^”]*combating cybercrime[^”]*”\)/)])
  })

  it('changes made without track changes: reported word by word, or with --as the delegation’s proposals', async () => {
    const reported = await run([lo('untracked.docx')])
    expect(reported.text).toBe(CSH)
    expect(reported.messages).toEqual([
      expect.stringMatching(/^8:\d+ import-untracked “of the OAS” was typed without track changes \(operative paragraph 1 \(OP1\), “…/),
      expect.stringMatching(/^9:\d+ import-untracked “cybercrime” was changed to “cyber-enabled crime” without track changes \(operative paragraph 2/),
    ])
    const attributed = await run([{ ...lo('untracked.docx'), as: 'COL' }], { base: CSH })
    expect(attributed.messages).toEqual([])
    expect(added(CSH, attributed.text!).join('\n')).toContain('Point of Contacts Portal [COL: of the OAS], in order')
    expect(added(CSH, attributed.text!).join('\n')).toContain('combating [COL: ~~cybercrime~~ cyber-enabled crime], and')
  })

  it('several copies are merged; edits of the same words are conflicts, the narrower nested in the wider', async () => {
    const result = await run([lo('colombia.docx'), lo('mexico.docx')])
    expect(result.summary).toMatchObject({ copies: 2, proposals: 6, conflicts: 2, errors: 0 })
    expect(result.messages).toEqual([
      expect.stringMatching(/^8:1 import-conflict MEX \(libreoffice\/mexico\.docx\) and COL \(libreoffice\/colombia\.docx\) change the same words \(“To urge member states .*…”\): both are kept, COL's inside MEX's deletion/),
      expect.stringMatching(/^9:\d+ import-conflict MEX .* \(“combating cybercrime”\): both are kept, COL's inside MEX's deletion/),
    ])
    expect(result.text).toContain('cybersecurity, [MEX: ~~combating [COL: ~~cybercrime~~ cyber-enabled crime]~~ fighting crime in cyberspace], and')
    expect(result.text).toMatch(/^1\. \[MEX: ~~To urge .*CICTE Secretariat \[COL: actively\], the .*~~\]$/m)
    // The result is a draft `oasgen check` passes.
    expect(parseDraft(result.text!, { templates }).failed).toBe(false)
  })

  it('insertions at one place from two copies are side by side, in the copies’ order; overlapping replacements are a conflict, side by side', async () => {
    const result = await run([lo('colombia.docx'), lo('canada.docx')])
    expect(result.summary).toMatchObject({ copies: 2, proposals: 6, conflicts: 0 })
    expect(result.messages).toEqual([])
    expect(result.text).toContain('with the support of the CICTE Secretariat [COL: actively] [CAN: closely], the confidence-building')
    expect(result.text).toContain('cyberdiplomacy, [CAN: ~~cybersecurity, combating~~ cybersecurity and combating] [COL: ~~cybercrime~~ cyber-enabled crime], and')
    // MEX replaces “combating cybercrime”, CAN “cybersecurity, combating”: neither holds the other.
    const crossed = await run([lo('mexico.docx'), lo('canada.docx')])
    expect(crossed.messages).toContainEqual(expect.stringMatching(/^9:\d+ import-conflict CAN \(libreoffice\/canada\.docx\) and MEX \(libreoffice\/mexico\.docx\) change the same words \(“cybersecurity, combating cybercrime”\): both are kept, side by side/))
    expect(crossed.text).toContain('cyberdiplomacy, [CAN: ~~cybersecurity, [MEX: ~~combating~~]~~ cybersecurity and combating] [MEX: ~~cybercrime~~ fighting crime in cyberspace], and')
    expect(parseDraft(crossed.text!, { templates }).failed).toBe(false)
  })

  it('two copies of one delegation that differ are a conflict named by their files', async () => {
    const result = await run([lo('moved.docx'), lo('canada.docx')])
    expect(result.messages).toContainEqual(
      expect.stringMatching(/^8:\d+ import-conflict CAN \(libreoffice\/canada\.docx\) and CAN \(libreoffice\/moved\.docx\) change the same words \(“with the support of the CICTE Secretariat,”\): both are kept, libreoffice\/canada\.docx's inside libreoffice\/moved\.docx's deletion/),
    )
    expect(result.text).toContain('continue implementing, [CAN: ~~with the support of the CICTE Secretariat [CAN: closely],~~] the confidence')
  })

  it('identical edits from two copies are one joint proposal', async () => {
    const result = await run([lo('colombia.docx'), { ...lo('untracked.docx'), as: 'MEX' }], { base: CSH })
    expect(result.text).toContain('combating [COL/MEX: ~~cybercrime~~ cyber-enabled crime], and')
    expect(result.summary.conflicts).toBe(0)
  })
})

describe('authors are sponsors', () => {
  const replaced = async (author: string) => edited(await sent(CSH), [['combating cybercrime, and', `combating ${del(author, 'cybercrime')}${ins(author, 'cyber-enabled crime', 902)}, and`]])

  it('a replacement written insertion first (as some editors write it) is the same `~~old~~ new`', async () => {
    const copy = edited(await sent(CSH), [['combating cybercrime, and', `combating ${ins('Colombia', 'cyber-enabled crime', 902)}${del('Colombia', 'cybercrime')}, and`]])
    const result = await run([{ path: 'copy.docx', bytes: copy }])
    expect(result.messages).toEqual([])
    expect(result.text).toContain('combating [COL: ~~cybercrime~~ cyber-enabled crime], and')
  })

  it.each([
    ['COL', 'COL'],
    ['Colombia', 'COL'],
    ['Délégation de la Colombie', 'COL'],
    ['delegacion  de colombia', 'COL'],
    ['Estados Unidos', 'US'],
    ['CAN/US', 'CAN/US'],
  ])('%s is %s, through the registry', async (author, tag) => {
    const result = await run([{ path: 'copy.docx', bytes: await replaced(author) }])
    expect(result.messages).toEqual([])
    expect(result.text).toContain(`combating [${tag}: ~~cybercrime~~ cyber-enabled crime], and`)
  })

  it('an author that maps to nothing is an error at the revision, and nothing is imported', async () => {
    const result = await run([{ path: 'copy.docx', bytes: await replaced('jdoe@mission.example') }])
    expect(result.failed).toBe(true)
    expect(result.text).toBeUndefined()
    expect(result.messages).toEqual([expect.stringMatching(/^9:\d+ import-author-unknown The revision author `jdoe@mission\.example` is no delegation the registry knows, “…[^”]*cybercrime[^”]*”: map it with `--authors map\.yaml`/)])
  })

  it('--authors maps a person to a delegation; --as attributes every revision of a copy', async () => {
    const mapped = await run([{ path: 'copy.docx', bytes: await replaced('jdoe@mission.example') }], { authors: { 'JDoe@Mission.example': 'MEX' } })
    expect(mapped.text).toContain('combating [MEX: ~~cybercrime~~ cyber-enabled crime], and')
    const as = await run([{ path: 'copy.docx', bytes: await replaced('Colombia'), as: 'CAN' }])
    expect(as.text).toContain('combating [CAN: ~~cybercrime~~ cyber-enabled crime], and')
    // An author nothing maps is no error when --as covers the copy.
    const covered = await run([{ path: 'copy.docx', bytes: await replaced('jdoe@mission.example'), as: 'COL' }])
    expect(covered.messages).toEqual([])
    expect(covered.text).toContain('combating [COL: ~~cybercrime~~ cyber-enabled crime], and')
  })
})

describe('nesting comes back', () => {
  it('an insertion splitting another new insertion, and a deletion inside it, nest in it', async () => {
    const copy = edited(await sent(CSH), [
      ['combating cybercrime, and', `combating cybercrime,${ins('Colombia', ' and to protect ', 910)}</w:t></w:r><w:ins w:id="911" w:author="Colombia"><w:del w:id="912" w:author="Mexico"><w:r><w:delText>critical</w:delText></w:r></w:del></w:ins><w:ins w:id="913" w:author="Mexico"><w:r><w:t xml:space="preserve"> essential</w:t></w:r></w:ins><w:ins w:id="914" w:author="Colombia"><w:r><w:t xml:space="preserve"> infrastructure,</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> and`],
    ])
    const result = await run([{ path: 'copy.docx', bytes: copy }])
    expect(result.messages).toEqual([])
    expect(result.text).toContain('combating cybercrime, [COL: and to protect [MEX: ~~critical~~ essential] infrastructure,] and promoting')
  })
})

describe('where a new revision goes', () => {
  it('an insertion at the edge of a proposal is beside it; in a paragraph that is one proposal whole, inside it', async () => {
    const copy = edited(await sent(CSH), [
      // As Word writes them: the other author's insertion closed, Canada's, then the rest of it.
      ['support this effort</w:t></w:r><w:bookmarkEnd w:id="4"/></w:ins>', 'support this effort</w:t></w:r><w:bookmarkEnd w:id="4"/></w:ins><w:ins w:id="920" w:author="Canada"><w:r><w:t xml:space="preserve"> and report on it</w:t></w:r></w:ins>'],
      ['International Security</w:t></w:r>', 'International Security</w:t></w:r></w:ins><w:ins w:id="921" w:author="Canada"><w:r><w:t xml:space="preserve"> and its successor</w:t></w:r></w:ins><w:ins w:id="922" w:author="COL">'],
    ])
    const result = await run([{ path: 'copy.docx', bytes: copy }])
    expect(result.messages).toEqual([])
    expect(result.text).toContain('support this effort] [CAN: and report on it].')
    expect(result.text).toContain('Context of International Security [CAN: and its successor]].]')
    // A revision written inside another's insertion (which Word never does) is read the same.
    const nested = edited(await sent(CSH), [['support this effort</w:t>', `support this effort${ins('Canada', ' and report on it', 920)}</w:t>`]])
    expect((await run([{ path: 'copy.docx', bytes: nested }])).text).toContain('support this effort] [CAN: and report on it].')
  })
})

describe('new text struck through', () => {
  it('typed after a bare bracket’s struck words (Word gives it their strikethrough) is an insertion, not a deletion', async () => {
    const text = draftText('RESOLVES:\n\n1. To adopt [~~the~~ a] plan.')
    const struck = '<w:r><w:rPr><w:rStyle w:val="OASDeletion"/></w:rPr><w:t xml:space="preserve">the</w:t></w:r>'
    const copy = edited(await sent(text), [[struck, `${struck}<w:ins w:id="999" w:author="Brazil" w:date="2026-01-01T00:00:00Z"><w:r><w:rPr><w:rStyle w:val="OASDeletion"/></w:rPr><w:t xml:space="preserve"> whole</w:t></w:r></w:ins>`]])
    const result = await run([{ path: 'copy.docx', bytes: copy }])
    expect(result.messages).toEqual([])
    expect(result.text).toContain('1. To adopt [~~the~~ [BRA: whole] a] plan.')
  })
})

describe('what cannot become a proposal is reported, at its place', () => {
  it('a revision of ours accepted or rejected in the copy', async () => {
    const copy = edited(await sent(CSH), [['<w:del w:id="6" w:author="COL" w:date="2021-07-27T12:00:00Z"><w:r><w:delText xml:space="preserve">contained</w:delText></w:r></w:del>', '<w:r><w:t xml:space="preserve">contained</w:t></w:r>']])
    const result = await run([{ path: 'copy.docx', bytes: copy }])
    expect(result.text).toBe(CSH)
    expect(result.messages).toEqual([expect.stringMatching(/^11:\d+ import-revision-resolved The deletion by COL \(“contained”\) was rejected in this copy \(operative paragraph 4 \(OP4\), “…/)])
  })

  it('an edit of the title area', async () => {
    const copy = edited(await sent(CSH), [['PROPOSED TEXT TO BE INCLUDED', `PROPOSED ${ins('COL', 'DRAFT ')}TEXT TO BE INCLUDED`]])
    const result = await run([{ path: 'copy.docx', bytes: copy }])
    expect(result.text).toBe(CSH)
    expect(result.messages).toEqual([expect.stringMatching(/^6:10 import-frame Edits in the header block or title area \(“PROPOSED DRAFT TEXT TO BE INCLUDED/)])
  })

  it('formatting changed', async () => {
    const copy = edited(await sent(CSH), [[OP2_PPR, OP2_PPR.replace('<w:r><w:t', '<w:r><w:rPr><w:b/><w:rPrChange w:id="950" w:author="Colombia" w:date="2026-01-01T00:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t')]])
    const result = await run([{ path: 'copy.docx', bytes: copy }])
    expect(result.text).toBe(CSH)
    expect(result.messages).toEqual([expect.stringMatching(/^9:1 import-formatting Formatting only: character formatting changed by Colombia \(operative paragraph 2 \(OP2\), “To promote cooperation/)])
  })

  it('a comment, with its author and the words it is on', async () => {
    const docx = await sent(CSH)
    const rels = strFromU8(unzipSync(docx)['word/_rels/document.xml.rels']!).replace('</Relationships>', '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>')
    const comments = '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="Colombia"><w:p><w:r><w:t>Which crimes?</w:t></w:r></w:p></w:comment></w:comments>'
    let copy = edited(docx, [['combating cybercrime, and', 'combating </w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>cybercrime</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:t xml:space="preserve">, and']], 'word/document.xml', { 'word/comments.xml': comments })
    copy = edited(copy, [['</Relationships>', rels.slice(rels.indexOf('<Relationship Id="rIdC"'))]], 'word/_rels/document.xml.rels')
    const result = await run([{ path: 'copy.docx', bytes: copy }])
    expect(result.text).toBe(CSH)
    expect(result.messages).toEqual([expect.stringMatching(/^9:\d+ import-comment A comment by Colombia: “Which crimes\?” \(operative paragraph 2 \(OP2\), “…[^”]*cybercrime[^”]*”\)/)])
  })

  it('a comment on a point, as LibreOffice writes one (its mark in an insertion, no range): the words around it', async () => {
    const docx = await sent(CSH)
    const rels = strFromU8(unzipSync(docx)['word/_rels/document.xml.rels']!)
    const comments = '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="Colombia" w:initials="COL"><w:p><w:r><w:t>Which crimes?</w:t></w:r></w:p></w:comment></w:comments>'
    let copy = edited(docx, [['combating cybercrime, and', 'combating cybercrime</w:t></w:r><w:ins w:id="0" w:author="Colombia" w:date="2026-01-01T00:00:00Z"><w:r><w:rPr></w:rPr><w:commentReference w:id="0"/></w:r></w:ins><w:r><w:t xml:space="preserve">, and']], 'word/document.xml', { 'word/comments.xml': comments })
    copy = edited(copy, [['</Relationships>', '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>']], 'word/_rels/document.xml.rels')
    expect(rels).not.toContain('comments.xml')
    const result = await run([{ path: 'copy.docx', bytes: copy }])
    expect(result.text).toBe(CSH)
    expect(result.summary.proposals).toBe(0)
    expect(result.messages).toEqual([expect.stringMatching(/^9:\d+ import-comment A comment by Colombia: “Which crimes\?” \(operative paragraph 2 \(OP2\), “…[^”]*combating cybercrime, and[^”]*”\)/)])
  })

  it('paragraphs joined, and a paragraph split', async () => {
    const joined = edited(await sent(CSH), [[OP2_PPR, OP2_PPR.replace('</w:numPr></w:pPr>', '</w:numPr><w:rPr><w:del w:id="960" w:author="Colombia"/></w:rPr></w:pPr>')]])
    const a = await run([{ path: 'copy.docx', bytes: joined }])
    expect(a.text).toBe(CSH)
    expect(a.messages).toEqual([expect.stringMatching(/^9:\d+ import-paragraphs This paragraph was joined to the next one by Colombia/)])
    const split = edited(await sent(CSH), [
      [OP2_PPR, OP2_PPR.replace('</w:numPr></w:pPr>', '</w:numPr><w:rPr><w:ins w:id="961" w:author="Colombia"/></w:rPr></w:pPr>')],
      ['cybersecurity, combating', 'cybersecurity, </w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="OASOperative"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">combating'],
    ])
    const b = await run([{ path: 'copy.docx', bytes: split }])
    expect(b.text).toBe(CSH)
    expect(b.messages).toEqual([expect.stringMatching(/^10:1 import-paragraphs A paragraph was split in two here/)])
  })

  it("edits in a draft's own table are reported, not imported; the draft keeps its table", async () => {
    const text = draftText('RESOLVES:\n\n1. To adopt the schedule:\n\n| Meeting | Date |\n| --- | --- |\n| First | [COL: 1 May] |\n| Second | 2 June |\n\nTo thank the Secretariat.')
    const sentCopy = await sent(text)
    expect((await run([{ path: 'copy.docx', bytes: sentCopy }])).text).toBe(text)
    const copy = edited(sentCopy, [['2 June', `2 ${ins('Colombia', 'or 3 ')}June`], ['To thank the', `To thank ${ins('Colombia', 'warmly ', 903)}the`]])
    const result = await run([{ path: 'copy.docx', bytes: copy }])
    expect(result.messages).toEqual([expect.stringMatching(/^\d+:\d+ import-unsupported Edits in a table \(“2 or 3 June”\) are not imported: change the draft's table by hand/)])
    expect(result.text).toContain('| Second | 2 June |')
    expect(result.text).toContain('To thank [COL: warmly] the Secretariat.')
  })

  it('a table row and a field inserted', async () => {
    const row = '<w:tbl><w:tr><w:trPr><w:ins w:id="970" w:author="Colombia"/></w:trPr><w:tc><w:p><w:r><w:t>A cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
    const copy = edited(await sent(CSH), [
      [OP2_PPR, OP2_PPR.replace('<w:p>', '')],
      ['combating cybercrime, and', `combating cybercrime, </w:t></w:r><w:ins w:id="971" w:author="Colombia"><w:fldSimple w:instr=" DATE "><w:r><w:t>1/1/2026</w:t></w:r></w:fldSimple></w:ins><w:r><w:t xml:space="preserve"> and`],
    ])
    const withRow = edited(copy, [['</w:p><w:sectPr>', `</w:p>${row}<w:sectPr>`]])
    const result = await run([{ path: 'copy.docx', bytes: withRow }], { authors: {} })
    expect(result.messages).toEqual([
      expect.stringMatching(/^9:\d+ import-unsupported A field \(DATE\) inserted by Colombia: fields are not part of the draft format; its text is read as text/),
      expect.stringMatching(/^13:1 import-unsupported A table row inserted by Colombia: tables are not part of the draft format/),
    ])
    // The field's text is read as Colombia's insertion.
    expect(result.text).toContain('combating cybercrime, [COL: 1/1/2026] and promoting')
  })
})

describe('bad input', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'oasgen-import-'))
  it.each([
    ['not a zip', () => strToU8('hello'), /not a DOCX file: it is not a zip archive/],
    ['a zip with no Word document', () => zipSync({ 'a.txt': strToU8('x') }), /it has no main document part \(word\/document\.xml\)/],
    ['a part that is not XML', () => zipSync({ 'word/document.xml': strToU8('<w:document><w:body></w:document>') }), /its part word\/document\.xml is not well-formed XML/],
    ['a part with a DTD', () => zipSync({ 'word/document.xml': strToU8('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><w:document/>') }), /its part word\/document\.xml declares a DTD/],
    ['a small file that would unzip to more than 64 MB', () => zipSync({ 'word/document.xml': new Uint8Array(PART_LIMIT + 1).fill(32) }, { level: 9 }), /its part word\/document\.xml would unzip to more than 64 MB/],
  ])('%s: a clear error, exit 1, nothing written', async (_name, make, message) => {
    const d = dir()
    writeFileSync(join(d, 'copy.docx'), make())
    const out = join(d, 'draft.md')
    const { code, stderr, stdout } = await cli(['import', join(d, 'copy.docx'), '--out', out])
    expect(code).toBe(1)
    expect(stderr).toMatch(message)
    expect(stderr).toMatch(/import-not-docx/)
    expect(stdout).toMatch(/1 copy read: 0 proposals imported, 0 conflicts, 1 error, 0 warnings; nothing written/)
    expect(existsSync(out)).toBe(false)
  })

  it('copies of different drafts, without --base', async () => {
    const result = await run([{ path: 'a.docx', bytes: await sent(CSH) }, { path: 'b.docx', bytes: await sent(CICTE) }])
    expect(result.rules).toEqual(['import-no-base', 'import-no-base'])
    expect(result.text).toBeUndefined()
  })
})

describe('a copy with no draft', () => {
  const bare = async (text: string) => zipSync(Object.fromEntries(Object.entries(unzipSync(await sent(text))).filter(([path]) => !path.startsWith('customXml/'))))

  it('with --base, is read against it (in the rendering it is closest to)', async () => {
    expect((await run([{ path: 'copy.docx', bytes: await bare(CSH) }], { base: CSH })).text).toBe(CSH)
    const clean = zipSync(Object.fromEntries(Object.entries(unzipSync(await sent(CSH, { kind: 'clean' }))).filter(([path]) => !path.startsWith('customXml/'))))
    const edited_ = edited(clean, [['combating cybercrime, and', `combating ${del('Colombia', 'cybercrime')}${ins('Colombia', 'cyber-enabled crime', 902)}, and`]])
    const result = await run([{ path: 'copy.docx', bytes: edited_ }], { base: CSH })
    expect(result.messages).toEqual([])
    expect(added(CSH, result.text!).join('\n')).toContain('combating [COL: ~~cybercrime~~ cyber-enabled crime], and')
  })

  it('without --base, is a new draft: its text with every revision rejected, every revision a proposal (our own DOCX read back)', async () => {
    const result = await run([{ path: 'working-text.docx', bytes: await bare(CSH) }])
    expect(result.rules).toEqual(['import-new-draft'])
    const draft = parseDraft(result.text!, { templates, path: 'new.md' })
    expect(draft.failed).toBe(false)
    expect(draft.meta?.title).toBe('Proposed text to be included in the omnibus resolution of the CSH')
    // The same proposals, nested as in the draft: the bracketed view reads the same.
    const body = (text: string) => md(resolve(parse(text), BRACKETED).doc).replace(/^---[\s\S]*?---\n/, '')
    expect(body(result.text!)).toBe(body(CSH))
  })
})

describe('revisions made in Word (Open-Xml-PowerTools and mammoth.js test files)', () => {
  const WORD = join(ROOT, 'tests', 'fixtures', 'import', 'word')
  const word = async (name: string, authors: Record<string, string> = { e: 'COL', Author: 'COL' }) => {
    const result = await run([{ path: name, bytes: readFileSync(join(WORD, name)) }], { authors })
    expect(result.rules[0]).toBe('import-new-draft')
    return { ...result, rules: result.rules.slice(1), messages: result.messages.slice(1) }
  }

  it('every file imports without a crash, into a draft `oasgen check` passes', async () => {
    for (const name of readdirSync(WORD).filter((f) => f.endsWith('.docx'))) {
      const result = await word(name)
      expect(result.failed, name).toBe(false)
      expect(parseDraft(result.text!, { templates }).failed, name).toBe(false)
    }
  })

  it.each([
    ['001-DeletedRun.docx', 'Video provides a [COL: ~~powerful~~] way to help you'],
    ['010-InsertedRun.docx', 'Video provides a [COL: inserted run] powerful way'],
    ['009-InsertedParagraph.docx', '\n\n[COL: This is an inserted paragraph.]\n\n'],
    ['013-DeletedParagraph.docx', '\n\n[COL: ~~Inserted Paragraph.~~]\n\n'],
    ['005-InsertedNumberedParagraph.docx', '\n\n2. [COL: This is an inserted paragraph.]\n\n'],
    ['002-DeletedNumberedParagraphs.docx', '\n\n5. [COL: ~~For example, you can add a matching cover page, header, and sidebar.~~]\n\n'],
    ['003-DeletedFieldCode.docx', '[COL: ~~Video 2/7/2020 provides a powerful way to help you prove your point.~~] When you click'],
  ])('%s: %s', async (name, expected) => {
    const result = await word(name)
    expect(result.text).toContain(expected)
  })

  it.each([
    ['003-DeletedFieldCode.docx', /^1:\d+ import-unsupported A field \(DATE\) deleted by e/],
    ['008-InsertedFieldCode.docx', /^1:\d+ import-unsupported A field \(DATE\) inserted by e/],
    ['006-DeletedTableRow.docx', /^5:1 import-unsupported A table row deleted by e: tables are not part of the draft format/],
    ['007-InsertedTableRow.docx', /^5:1 import-unsupported A table row inserted by e/],
    ['011-InsertedMathChar.docx', /^1:1 import-unsupported A formula: not part of the draft format, left out/],
    ['014-MovedParagraph.docx', /^4:1 import-move e moved text from preambular paragraph 2 \(PP2\), “When you click Online Video/],
    ['017-NumberingChange.docx', /^2:1 import-formatting Formatting only: paragraph formatting \(style, numbering, indents or spacing\) changed by e/],
    ['018-ParagraphPropertiesChange.docx', /^3:1 import-formatting Formatting only: paragraph formatting/],
    ['019-RunPropertiesChange.docx', /^1:7 import-formatting Formatting only: character formatting changed by e \(preambular paragraph 1 \(PP1\), “Video provides a powerful way/],
    ['mammoth-comments.docx', /^1:1 import-comment A comment by Michael Williamson: “A tachyon walks into a bar\.” \(preambular paragraph 1 \(PP1\), “Ouch\.”\)/],
  ])('%s: a positioned message', async (name, message) => {
    const result = await word(name)
    expect(result.messages).toContainEqual(expect.stringMatching(message))
  })

  it('an author that maps to nothing (`e`) is an error at its revision', async () => {
    const result = await word('001-DeletedRun.docx', {})
    expect(result.failed).toBe(true)
    expect(result.messages).toEqual([expect.stringMatching(/^1:18 import-author-unknown The revision author `e`/)])
  })
})

describe('oasgen import (command line)', () => {
  it('writes the draft to --out atomically, or to standard output; messages through the reporters', async () => {
    const d = mkdtempSync(join(tmpdir(), 'oasgen-import-'))
    const copy = join(LO, 'moved.docx')
    const toFile = await cli(['import', copy, '--out', join(d, 'out', 'draft.md')])
    expect(toFile.code).toBe(0)
    expect(toFile.stdout).toMatch(/^1 copy read: 2 proposals imported, 0 conflicts, 0 errors, 1 warning → .*draft\.md\n$/)
    expect(toFile.stderr).toMatch(/moved\.docx:9:\d+  warning  Canada moved text from/)
    const written = readFileSync(join(d, 'out', 'draft.md'), 'utf8')
    const toStdout = await cli(['import', copy])
    expect(toStdout.stdout).toBe(written)
    expect(toStdout.stderr).toMatch(/1 copy read: 2 proposals imported/)
    const json = await cli(['import', copy, '--reporter', 'json'])
    const object = JSON.parse(json.stdout)
    expect(object.draft).toBe(written)
    expect(object.summary).toMatchObject({ copies: 1, proposals: 2, warnings: 1, failed: false })
    expect(object.files[0].messages[0]).toMatchObject({ line: 9, severity: 'warning', ruleId: 'import-move' })
    const github = await cli(['import', copy, '--reporter', 'github', '--out', join(d, 'g.md')])
    expect(github.stdout).toMatch(/^::warning file=.*moved\.docx,line=9,col=\d+,title=import-move::Canada moved text/m)
    // What it writes passes `oasgen check`.
    expect((await cli(['check', join(d, 'out', 'draft.md')])).code).toBe(0)
  })

  it('usage errors: a missing copy, a bad --as, a bad --authors map', async () => {
    const d = mkdtempSync(join(tmpdir(), 'oasgen-import-'))
    writeFileSync(join(d, 'map.yaml'), 'jdoe: colombia\n')
    expect((await cli(['import', join(d, 'none.docx')])).code).toBe(2)
    expect((await cli(['import', join(LO, 'moved.docx'), '--as', 'col'])).stderr).toMatch(/`col` is not a sponsor code/)
    const bad = await cli(['import', join(LO, 'moved.docx'), '--authors', join(d, 'map.yaml')])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/`jdoe` maps to "colombia", which is not a sponsor code/)
  })
})
