/**
 * Every part of the DOCX files oasgen writes, validated against the ISO/IEC 29500 Transitional
 * schemas (tests/fixtures/ooxml-xsd) by Debian's xmllint: every layout, every language, every
 * view, with and without track changes, the seeds and a draft holding every construct (draft
 * tables included); and every DOCX the other commands write (scenarios, the status annex,
 * `status`, `compare`, side by side). The draft a track-changes copy carries (a custom XML part)
 * is validated by its own schema, schema/draft-source.xsd. Before
 * validating, each part is read as a consumer reads it (ISO/IEC 29500-3, markup compatibility):
 * what `mc:Ignorable` lists and the schemas do not know is dropped, `mc:AlternateContent` is
 * replaced by the branch a consumer of these schemas takes.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DOMParser, XMLSerializer, type Element, type Node } from '@xmldom/xmldom'
import { strFromU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import type { Language } from '../src/draft/frontmatter.js'
import type { DocumentModel, Inline } from '../src/model/types.js'
import { render } from '../src/render/docx/index.js'
import type { View } from '../src/view/views.js'
import { BRACKETED, CLEAN, cli, delegation, folderWith, input, model, ROOT, tempDir, templates } from './helpers.js'

const XSD = join(ROOT, 'tests', 'fixtures', 'ooxml-xsd')
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006'

const XMLLINT = spawnSync('xmllint', ['--version']).status === 0
const SUITE = XMLLINT
  ? 'docx: every part valid against the ISO/IEC 29500 Transitional schemas (xmllint)'
  : 'docx schemas: SKIPPED, xmllint is not installed (apt-get install libxml2-utils; .ci/run installs it)'

/** The namespaces the schemas define: what a consumer of these schemas understands. */
function schemaNamespaces(dir: string): Set<string> {
  const out = new Set<string>()
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.name.endsWith('.xsd')) continue
    const target = /targetNamespace="([^"]+)"/.exec(readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    if (target) out.add(target[1]!)
  }
  return out
}

/**
 * A part as a consumer that understands `known` reads it: elements and attributes in a namespace
 * `mc:Ignorable` lists (and `known` lacks) dropped, `mc:AlternateContent` replaced by its first
 * choice whose `Requires` namespaces are all known (else its fallback), the `mc:` attributes gone.
 * `mc:MustUnderstand` naming an unknown namespace is a failure, as a consumer must stop there.
 */
export function markupCompatibility(xml: string, known: Set<string>): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml')
  const ignorable = (el: Element, inherited: Set<string>): Set<string> => {
    const listed = el.getAttributeNS(MC, 'Ignorable')
    if (!listed) return inherited
    const out = new Set(inherited)
    for (const prefix of listed.split(/\s+/).filter(Boolean)) {
      const uri = el.lookupNamespaceURI(prefix)
      if (uri && !known.has(uri)) out.add(uri)
    }
    return out
  }
  const understood = (el: Element, attribute: string) =>
    (el.getAttribute(attribute) ?? '').split(/\s+/).filter(Boolean).every((prefix) => known.has(el.lookupNamespaceURI(prefix) ?? ''))
  const walk = (el: Element, inherited: Set<string>) => {
    const ignored = ignorable(el, inherited)
    for (const prefix of (el.getAttributeNS(MC, 'MustUnderstand') ?? '').split(/\s+/).filter(Boolean)) {
      if (!known.has(el.lookupNamespaceURI(prefix) ?? '')) throw new Error(`mc:MustUnderstand names ${prefix}, which no schema defines`)
    }
    for (const attr of Array.from(el.attributes)) {
      if (attr.namespaceURI === MC || (attr.namespaceURI !== null && ignored.has(attr.namespaceURI))) el.removeAttributeNode(attr)
    }
    for (const child of Array.from(el.childNodes) as Node[]) {
      if (child.nodeType !== child.ELEMENT_NODE) continue
      const element = child as Element
      if (element.namespaceURI === MC && element.localName === 'AlternateContent') {
        const branches = Array.from(element.childNodes).filter((n): n is Element => n.nodeType === n.ELEMENT_NODE) as Element[]
        const chosen = branches.find((b) => b.localName === 'Choice' && understood(b, 'Requires')) ?? branches.find((b) => b.localName === 'Fallback')
        for (const taken of chosen ? (Array.from(chosen.childNodes) as Node[]) : []) {
          el.insertBefore(taken, element)
          if (taken.nodeType === taken.ELEMENT_NODE) walk(taken as Element, ignored)
        }
        el.removeChild(element)
      } else if (element.namespaceURI !== null && ignored.has(element.namespaceURI)) {
        el.removeChild(element)
      } else {
        walk(element, ignored)
      }
    }
  }
  walk(doc.documentElement!, new Set())
  return new XMLSerializer().serializeToString(doc)
}

// ---------------------------------------------------------------------------------------------
// The documents

const EVERY_CONSTRUCT = readFileSync(join(ROOT, 'tests', 'fixtures', 'docx', 'every-construct.md'), 'utf8')

/** Front matter with every field a layout may print. */
const front = (layout: string, lang: Language) => `---
template: ${layout}
lang: ${lang}
organ: PERMANENT COUNCIL OF THE ORGANIZATION OF AMERICAN STATES
meeting:
  - COMMITTEE ON HEMISPHERIC SECURITY
  - Working Group on Cooperation in Cyberspace
series: OEA/Ser.G
symbol: CP/CSH-1953/20 rev. 1
date: 2021-07-01
original: en
title: Every construct & <escaped> “quoted”
note: Considered at the third meeting
draft: true
job: CP00865E01
---

`

const VIEWS: View[] = [CLEAN, BRACKETED, delegation('US'), delegation('COL'), delegation('MEX'), delegation('CAN')]

interface Case {
  name: string
  text: string
  /** Blocks the draft syntax cannot write (a table, an annex heading), added to the model. */
  annex?: boolean
}

/** The model with an annex: a heading on a new page, and a table whose cells hold the first operative paragraph. */
function withAnnex(doc: DocumentModel): DocumentModel {
  const operative = doc.blocks.find((b) => b.type === 'numbered')
  const cell = (value: string): Inline[] => [{ type: 'text', value, marks: [] }]
  return {
    ...doc,
    blocks: [
      ...doc.blocks,
      { type: 'heading', depth: 1, content: cell('Annex'), pageBreakBefore: true },
      {
        type: 'table',
        header: [cell('Reference'), cell('Text'), cell('Count')],
        rows: [
          [cell('OP1.1'), operative?.type === 'numbered' ? operative.content : cell('none'), cell('2')],
          [cell('OP2.1'), cell('A second row'), cell('10')],
        ],
        align: ['left', 'left', 'right'],
      },
    ],
  }
}

function cases(): Case[] {
  const out: Case[] = []
  for (const layout of templates.layouts()) {
    for (const lang of templates.languages()) out.push({ name: `${layout}-${lang}`, text: front(layout, lang) + EVERY_CONSTRUCT, annex: true })
  }
  out.push({ name: 'csh-omnibus-cyber-2021', text: input('csh-omnibus-cyber-2021.md') })
  out.push({ name: 'cicte-res-1-17', text: input('cicte-res-1-17.md') })
  return out
}

/**
 * The schema of oasgen's own custom XML part, the draft a track-changes DOCX carries
 * (`customXml/item1.xml`, whose properties name `urn:oasgen:draft` as its schema): a custom XML
 * part holds any XML, which the ISO schemas leave to the schema it names.
 */
const DRAFT_SOURCE_XSD = join(ROOT, 'schema', 'draft-source.xsd')
const DRAFT_SOURCE = /^(?:<\?xml[^>]*\?>\s*)?<draft xmlns="urn:oasgen:draft"/

/**
 * Validates every part of `documents` (a name each, for the messages); parts that are the same in
 * several documents are validated once. Returns xmllint's errors, each naming the document and
 * part it was found in.
 */
function validate(documents: Array<[name: string, bytes: Uint8Array]>): string[] {
  const known = schemaNamespaces(XSD)
  const dir = tempDir('oasgen-xsd-')
  try {
    const files = new Map<string, string>()
    // The parts by the schema that covers them.
    const bySchema = new Map<string, string[]>([[join(XSD, 'all.xsd'), []], [DRAFT_SOURCE_XSD, []]])
    for (const [name, bytes] of documents) {
      for (const [path, data] of Object.entries(unzipSync(bytes))) {
        if (!/\.(xml|rels)$/.test(path)) throw new Error(`${name}: a part the test does not know how to check: ${path}`)
        const hash = createHash('sha256').update(data).digest('hex').slice(0, 16)
        if (files.has(hash)) continue
        const xml = strFromU8(data)
        const own = DRAFT_SOURCE.test(xml)
        if (own && !/^customXml\/item\d+\.xml$/.test(path)) throw new Error(`${name}: oasgen's draft part at ${path}, not among the custom XML items`)
        writeFileSync(join(dir, `${hash}.xml`), own ? xml : markupCompatibility(xml, known))
        bySchema.get(own ? DRAFT_SOURCE_XSD : join(XSD, 'all.xsd'))!.push(join(dir, `${hash}.xml`))
        files.set(hash, `${name} ${path}`)
      }
    }
    const errors: string[] = []
    for (const [schema, paths] of bySchema) {
      if (paths.length === 0) continue
      const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      const found = result.stderr
        .split('\n')
        .filter((line) => line !== '' && !line.endsWith(' validates'))
        .map((line) => line.replace(/^.*?([0-9a-f]{16})\.xml/, (_, hash: string) => files.get(hash) ?? hash))
      if (found.length === 0 && result.status !== 0) found.push(`xmllint exited with ${result.status} (${schema})`)
      errors.push(...found)
    }
    return errors
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Every `.docx` below `dir`, by its path there. */
function docxFiles(dir: string): Array<[string, Uint8Array]> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.docx'))
    .sort()
    .map((path) => [path, new Uint8Array(readFileSync(join(dir, path)))])
}

describe.skipIf(!XMLLINT)(SUITE, () => {
  it('validates every part of every document, after markup compatibility, with zero errors', async () => {
    const documents: Array<[string, Uint8Array]> = []
    let tables = 0
    for (const { name, text, annex } of cases()) {
      for (const view of VIEWS) {
        if (view.kind === 'delegation' && !text.includes(`[${view.sponsor}`) && !text.includes(`/${view.sponsor}:`)) continue
        const doc = annex ? withAnnex(model(text, view)) : model(text, view)
        for (const trackChanges of [false, true]) {
          const bytes = await render({
            doc,
            layout: templates.layout(doc.meta.template, doc.meta.lang),
            registry: templates.registry(),
            options: { trackChanges, time: new Date('2021-07-27T12:00:00Z'), warn: () => {} },
          })
          // A draft table and the annex's table, each with a header row.
          if (annex && strFromU8(unzipSync(bytes)['word/document.xml']!).match(/<w:tblHeader\/>/g)?.length === 2) tables++
          documents.push([`${name} ${view.kind === 'delegation' ? `delegation-${view.sponsor}` : view.kind}${trackChanges ? ' track-changes' : ''}`, bytes])
        }
      }
    }
    expect(documents.length).toBeGreaterThan(150)
    expect(tables).toBeGreaterThan(100)
    expect(validate(documents)).toEqual([])
  }, 300_000)

  /**
   * The documents the other commands write, made by the CLI as a user makes them: scenarios (with
   * and without track changes), the status annex, `status` and `compare` documents (two
   * revisions, and a chain of three), side-by-side documents in every view, all from drafts with
   * tables. (`import` writes a draft, not a DOCX.)
   */
  it('validates every DOCX the CLI writes: scenarios, the status annex, status, compare, side by side, with and without track changes', async () => {
    const csh = input('csh-omnibus-cyber-2021.md')
    const rev1 = csh.replace('[COL: ~~contained~~ set out]', 'set out').replace('5. To convene', '5. To welcome [CAN: the work of] the Group.\n\n6. To convene')
    const rev2 = rev1.replace('3. [COL:', '3. [COL withdrawn:')
    const parity = (lang: string) => readFileSync(join(ROOT, 'tests', 'fixtures', 'parity', `res-cyber.${lang}.md`), 'utf8')
    const tables = front('working-paper', 'en') + EVERY_CONSTRUCT
    const dir = folderWith({ 'rev0.md': csh, 'rev1.md': rev1, 'rev2.md': rev2, 'tables.md': tables, 'res-cyber.en.md': parity('en'), 'res-cyber.es.md': parity('es'), 'res-cyber.fr.md': parity('fr') })
    try {
      const runs: string[][] = [
        ['build', 'tables.md', 'rev0.md', '--format', 'docx', '--accept', 'COL', '--reject', 'MEX', '--rest', 'reject', '--name', 'chair', '--out', 'out/scenario'],
        ['build', 'tables.md', 'rev0.md', '--format', 'docx', '--accept', 'US', '--reject', 'COL', '--name', 'tracked', '--track-changes', '--out', 'out/scenario-tracked'],
        ['build', 'tables.md', 'rev0.md', '--format', 'docx', '--annex', 'status', '--out', 'out/annex'],
        ['build', 'tables.md', 'rev0.md', '--format', 'docx', '--annex', 'status', '--track-changes', '--out', 'out/annex-tracked'],
        ['status', 'tables.md', 'rev0.md', '--format', 'docx', '--out', 'out/status'],
        ['compare', 'rev0.md', 'rev1.md', '--format', 'docx', '--out', 'out/compare/rev1.compare.docx'],
        ['compare', 'rev0.md', 'rev1.md', 'rev2.md', '--format', 'docx', '--out', 'out/compare/chain.compare.docx'],
        ['build', 'res-cyber.en.md', 'res-cyber.es.md', 'res-cyber.fr.md', '--side-by-side', 'es', '--view', 'clean,bracketed,delegation', '--format', 'docx', '--out', 'out/side-by-side'],
        ['build', 'res-cyber.en.md', 'res-cyber.es.md', '--side-by-side', 'es', '--track-changes', '--format', 'docx', '--out', 'out/side-by-side-tracked'],
      ]
      for (const argv of runs) {
        const { code, stderr } = await cli(argv, dir)
        expect(code, `oasgen ${argv.join(' ')}\n${stderr}`).toBe(0)
      }
      const documents = docxFiles(join(dir, 'out'))
      const names = documents.map(([name]) => name)
      // Each kind is there (the views of every scenario, each status, compare and side-by-side document).
      for (const kind of [
        /^scenario\/tables\.scenario-chair\.docx$/,
        /^scenario-tracked\/rev0\.scenario-tracked\.docx$/,
        /^annex\/tables\.bracketed\.docx$/,
        /^annex-tracked\/rev0\.delegation-COL\.docx$/,
        /^status\/tables\.status\.docx$/,
        /^status\/rev0\.status\.docx$/,
        /^compare\/rev1\.compare\.docx$/,
        /^compare\/chain\.compare\.docx$/,
        /^side-by-side\/res-cyber\.clean\.en-es\.docx$/,
        /^side-by-side\/res-cyber\.bracketed\.en-es\.docx$/,
        /^side-by-side\/res-cyber\.delegation-[A-Z]+\.en-es\.docx$/,
        /^side-by-side-tracked\/res-cyber\.bracketed\.en-es\.docx$/,
      ]) {
        expect(names.filter((n) => kind.test(n)), String(kind)).not.toEqual([])
      }
      // The track-changes copies carry their draft, validated by its own schema.
      expect(documents.filter(([, bytes]) => 'customXml/item1.xml' in unzipSync(bytes)).length).toBeGreaterThan(10)
      expect(validate(documents)).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 300_000)

  it('reports a part that breaks its schema, naming the document and the part', async () => {
    const doc = model(input('csh-omnibus-cyber-2021.md'))
    const rendering = { doc, layout: templates.layout(doc.meta.template, doc.meta.lang), registry: templates.registry(), options: { trackChanges: true, time: new Date(0), warn: () => {}, customXml: '<draft xmlns="urn:oasgen:draft" name="d.md" view="bracketed" trackChanges="yes" sha256="0">x</draft>' } }
    const parts = unzipSync(await render(rendering))
    parts['word/document.xml'] = new TextEncoder().encode(strFromU8(parts['word/document.xml']!).replace('<w:body>', '<w:body><w:bogus/>'))
    const errors = validate([['broken', zipSync(parts)]])
    expect(errors.some((e) => e.startsWith('broken word/document.xml') && e.includes('bogus'))).toBe(true)
    expect(errors.some((e) => e.startsWith('broken customXml/item1.xml') && e.includes('trackChanges'))).toBe(true)
    expect(errors.some((e) => e.startsWith('broken customXml/item1.xml') && e.includes('sha256'))).toBe(true)
  })
})

describe('docx schemas: reading parts as a consumer does (markup compatibility)', () => {
  const known = new Set(['urn:known'])
  it('drops what mc:Ignorable lists and the schemas do not know, and keeps the rest', () => {
    const xml = `<k:root xmlns:k="urn:known" xmlns:x="urn:extra" xmlns:mc="${MC}" mc:Ignorable="x"><k:a x:attr="1" k:keep="2"/><x:gone><k:inside/></x:gone></k:root>`
    expect(markupCompatibility(xml, known)).toBe('<k:root xmlns:k="urn:known" xmlns:x="urn:extra" xmlns:mc="' + MC + '"><k:a k:keep="2"/></k:root>')
  })

  it('takes the first choice a consumer understands, else the fallback', () => {
    const xml = (requires: string) =>
      `<k:root xmlns:k="urn:known" xmlns:x="urn:extra" xmlns:mc="${MC}"><mc:AlternateContent><mc:Choice Requires="${requires}"><k:choice/></mc:Choice><mc:Fallback><k:fallback/></mc:Fallback></mc:AlternateContent></k:root>`
    expect(markupCompatibility(xml('x'), known)).toContain('<k:fallback/>')
    expect(markupCompatibility(xml('k'), known)).toContain('<k:choice/>')
    expect(markupCompatibility(xml('k'), known)).not.toContain('AlternateContent')
  })

  it('stops at mc:MustUnderstand naming a namespace no schema defines', () => {
    expect(() => markupCompatibility(`<k:root xmlns:k="urn:known" xmlns:x="urn:extra" xmlns:mc="${MC}" mc:MustUnderstand="x"/>`, known)).toThrow(/MustUnderstand names x/)
  })
})
