/**
 * The parts of a DOCX that docx writes once per layout, and the frame of the parts each document
 * writes for itself.
 *
 * docx compiles one stand-in document per layout (and per option that changes a part: track
 * changes): the layout's styles, lists, page, headers and footers, a body of one numbered and one
 * bulleted paragraph and no notes. Its parts, finished by `package.ts`, are every document's,
 * but for those a document writes itself around its own text (`write.ts`):
 * - `word/document.xml`: the body between docx's `<w:body>` and section properties;
 * - `word/footnotes.xml`: the notes after docx's separators;
 * - `word/numbering.xml`: docx's abstract lists, and a `w:num` per list of the document, as docx
 *   wrote the stand-in's two (numbered, bulleted) but for the id;
 * - the first page's footer: the job code;
 * - `docProps/core.xml`: the document's properties;
 * - the relationships of the body and the notes: their hyperlinks.
 * Each piece taken from docx's output is checked to be what is expected where it is cut: a docx
 * that writes them otherwise fails loudly here, and the test that compares every part with
 * what docx writes whole (`oracle.ts`) says where.
 */
import { Paragraph } from 'docx'
import type { Frame } from '../../layout/compose.js'
import type { Layout } from '../../layout/load.js'
import type { DocumentModel } from '../../model/types.js'
import { caching } from '../cache.js'
import { escapeXml } from '../xml.js'
import { compileWhole } from './compile.js'
import { wordDocument } from './document.js'
import { BULLETED, NUMBERED } from './numbering.js'
import { finishParts } from './package.js'
import { w3cdtf } from './units.js'
import { firstPageFooterXml } from './write.js'
import { escape } from './xmlable.js'

/** A part cut where a document's own XML goes: what comes before it and after it. */
interface Cut {
  head: string
  tail: string
}

export interface Template {
  /** Every part but those a document writes, finished. */
  parts: Map<string, string>
  document: Cut
  notes: Cut
  /** The first page's footer, and its path. */
  footer: Cut & { path: string }
  numbering: Cut & { firstNumId: number; num: Record<string, (numId: number) => string> }
  /** `docProps/core.xml` up to its first property. */
  core: string
  /** The body's relationships up to the font table's, which comes after its hyperlinks and is numbered after them. */
  relationships: Cut & { fontTable: number }
  /** The notes' relationships, around their hyperlinks. */
  noteRelationships: Cut & { empty: string }
}

/** What a document writes for itself: no template part is taken for these. */
const OWN = /^(word\/(document|footnotes|numbering)\.xml|docProps\/core\.xml|word\/_rels\/(document|footnotes)\.xml\.rels)$/

/** The job code the stand-in's first-page footer holds, to find that footer among the parts. */
const SENTINEL = 'oasgen-first-page-footer'

function cut(xml: string, part: string, at: number, end: number): Cut {
  if (at < 0 || end < at) throw new Error(`docx wrote ${part} in a shape oasgen does not know`)
  return { head: xml.slice(0, at), tail: xml.slice(end) }
}

/** The part's text from docx, or a loud failure. */
function partOf(texts: Map<string, string>, path: string): string {
  const xml = texts.get(path)
  if (xml === undefined) throw new Error(`docx wrote no ${path}`)
  return xml
}

/** The end of the opening tag of `element` in `xml`. */
function afterOpening(xml: string, element: string): number {
  const at = xml.indexOf(`<${element}`)
  return at < 0 ? -1 : xml.indexOf('>', at) + 1
}

async function compileTemplate(meta: DocumentModel['meta'], layout: Layout, trackChanges: boolean, frame: Frame): Promise<Template> {
  const body = [
    new Paragraph({ numbering: { reference: NUMBERED, level: 0, instance: 0, custom: true } }),
    new Paragraph({ numbering: { reference: BULLETED, level: 0, custom: true } }),
  ]
  const document = wordDocument(meta, layout, trackChanges, { ...frame, firstPageFooter: SENTINEL }, body, {})
  const { texts } = finishParts(await compileWhole(document), { time: new Date(0), language: meta.lang })

  const documentXml = partOf(texts, 'word/document.xml')
  const notesXml = partOf(texts, 'word/footnotes.xml')
  const footerPath = [...texts.keys()].find((path) => /^word\/footer\d+\.xml$/.test(path) && texts.get(path)!.includes(SENTINEL))
  if (footerPath === undefined) throw new Error('docx wrote no first-page footer')
  const footerXml = texts.get(footerPath)!
  const footer = cut(footerXml, footerPath, afterOpening(footerXml, 'w:ftr'), footerXml.lastIndexOf('</w:ftr>'))
  if (footerXml !== footer.head + firstPageFooterXml({ ...frame, firstPageFooter: SENTINEL }) + footer.tail) throw new Error(`docx wrote ${footerPath} in a shape oasgen does not know`)

  // The stand-in's lists: docx's own first, then the numbered and the bulleted list, as the body has them.
  const numberingXml = partOf(texts, 'word/numbering.xml')
  const nums = [...numberingXml.matchAll(/<w:num w:numId="(\d+)">.*?<\/w:num>/g)]
  const [numbered, bulleted] = nums.slice(-2)
  if (!numbered || !bulleted || numberingXml.slice(bulleted.index + bulleted[0].length) !== '</w:numbering>') throw new Error('docx wrote word/numbering.xml in a shape oasgen does not know')
  const num = (match: RegExpExecArray | RegExpMatchArray) => {
    const [before, after] = match[0].split(`w:numId="${match[1]}"`)
    return (numId: number) => `${before}w:numId="${numId}"${after}`
  }
  const firstNumId = Number(numbered[1])
  if (Number(bulleted[1]) !== firstNumId + 1) throw new Error('docx numbered the lists of word/numbering.xml in an order oasgen does not know')

  const coreXml = partOf(texts, 'docProps/core.xml')
  const relsXml = partOf(texts, 'word/_rels/document.xml.rels')
  const fontTable = /<Relationship Id="rId(\d+)" Type="[^"]*\/fontTable" Target="fontTable.xml"\/>/.exec(relsXml)
  if (!fontTable) throw new Error('docx wrote no font table relationship')
  const noteRelsXml = partOf(texts, 'word/_rels/footnotes.xml.rels')
  if (!noteRelsXml.endsWith('/>')) throw new Error('docx wrote word/_rels/footnotes.xml.rels in a shape oasgen does not know')

  return {
    parts: new Map([...texts].filter(([path]) => !OWN.test(path) && path !== footerPath)),
    document: cut(documentXml, 'word/document.xml', afterOpening(documentXml, 'w:body'), documentXml.indexOf('<w:sectPr>')),
    notes: cut(notesXml, 'word/footnotes.xml', notesXml.lastIndexOf('</w:footnotes>'), notesXml.lastIndexOf('</w:footnotes>')),
    footer: { ...footer, path: footerPath },
    numbering: { ...cut(numberingXml, 'word/numbering.xml', numbered.index!, numberingXml.length - '</w:numbering>'.length), firstNumId, num: { [NUMBERED]: num(numbered), [BULLETED]: num(bulleted) } },
    core: coreXml.slice(0, afterOpening(coreXml, 'cp:coreProperties')),
    relationships: { ...cut(relsXml, 'word/_rels/document.xml.rels', fontTable.index, fontTable.index), fontTable: Number(fontTable[1]) },
    noteRelationships: { head: `${noteRelsXml.slice(0, -2)}>`, tail: '</Relationships>', empty: noteRelsXml },
  }
}

/** Templates by layout (a layout read again, as `--watch` does, starts afresh) and track changes. */
const templates = new WeakMap<Layout, Map<boolean, Promise<Template>>>()

/** The layout's template with these options: compiled once, or afresh for each document when caching is off. */
export function templateFor(meta: DocumentModel['meta'], layout: Layout, trackChanges: boolean, frame: Frame): Promise<Template> {
  if (!caching()) return compileTemplate(meta, layout, trackChanges, frame)
  let byOptions = templates.get(layout)
  if (!byOptions) templates.set(layout, (byOptions = new Map()))
  let template = byOptions.get(trackChanges)
  if (!template) {
    byOptions.set(trackChanges, (template = compileTemplate(meta, layout, trackChanges, frame)))
    // A failed compile is not kept: the next document tries again (and fails as loudly).
    template.catch(() => byOptions.delete(trackChanges))
  }
  return template
}

/** What a document wrote of itself, to go in the template's frame. */
export interface Written {
  meta: DocumentModel['meta']
  time: Date
  body: string
  notes: string
  firstPageFooter: string
  /** The lists of the document, in the order of their ids. */
  lists: string[]
  /** The hyperlink targets of the body and of the notes, in order. */
  links: { body: string[]; notes: string[] }
}

const HYPERLINK = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink'
const relationships = (targets: string[]) => targets.map((target, i) => `<Relationship Id="rIdL${i + 1}" Type="${HYPERLINK}" Target="${escape(target)}" TargetMode="External"/>`).join('')

/** Core properties as docx writes them (docx's escaping) and `package.ts` finishes them (time stamps, language). */
function coreXml(head: string, meta: DocumentModel['meta'], time: Date): string {
  const element = (name: string, value: string | undefined) => (value ? `<${name}>${escape(value)}</${name}>` : '')
  const stamp = w3cdtf(time)
  return (
    head +
    element('dc:title', meta.title) +
    element('dc:subject', meta.symbol) +
    element('dc:creator', meta.organ) +
    element('cp:lastModifiedBy', meta.organ) +
    '<cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    `<dc:language>${escapeXml(meta.lang)}</dc:language></cp:coreProperties>`
  )
}

/** Every part of the document, finished: the template's, and the document's own in their frames. */
export function partsOf(template: Template, written: Written): Map<string, string> {
  const { document, notes, footer, numbering, relationships: rels, noteRelationships: noteRels } = template
  const texts = new Map(template.parts)
  texts.set('word/document.xml', document.head + written.body + document.tail)
  texts.set('word/footnotes.xml', notes.head + written.notes + notes.tail)
  texts.set(footer.path, footer.head + written.firstPageFooter + footer.tail)
  texts.set('word/numbering.xml', numbering.head + written.lists.map((reference, i) => numbering.num[reference]!(numbering.firstNumId + i)).join('') + numbering.tail)
  texts.set('docProps/core.xml', coreXml(template.core, written.meta, written.time))
  const { body, notes: noteLinks } = written.links
  texts.set('word/_rels/document.xml.rels', rels.head + relationships(body) + rels.tail.replace(`Id="rId${rels.fontTable}"`, `Id="rId${rels.fontTable + body.length}"`))
  texts.set('word/_rels/footnotes.xml.rels', noteLinks.length === 0 ? noteRels.empty : noteRels.head + relationships(noteLinks) + noteRels.tail)
  return texts
}
