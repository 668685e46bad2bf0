/**
 * Makes the package docx writes deterministic and finishes what docx cannot say:
 * - `docProps/core.xml`: created/modified from the render time (docx stamps the clock), and the
 *   document's language;
 * - `word/styles.xml`: Word's `DefaultParagraphFont`, which docx's styles are based on;
 * - `word/numbering.xml`: no level tentative (docx marks them all);
 * - `word/footnotes.xml`, `word/endnotes.xml`: without the superscript number docx puts at the
 *   start of each note and separator (the notes open with their own);
 * - relationship ids that docx draws at random (hyperlinks) renumbered in order;
 * - the custom XML part, when there is one (`customXml/item1.xml`, its properties and
 *   relationships, as Word writes one);
 * - zipped again (`zip.ts`): `[Content_Types].xml` first, the other entries sorted, every entry
 *   dated from the render time's UTC date (at noon, so no time zone or DST moves the date).
 *
 * The reference renderer (`oracle.ts`) has every part of a document compiled and finished here; the
 * renderer has the parts a layout's documents share compiled and finished here once (`template.ts`).
 */
import { escapeXml } from '../xml.js'
import type { Document } from 'docx'
import { strFromU8 } from 'fflate'
import { itemId } from '../../import/source.js'
import { compileWhole, type Parts } from './compile.js'
import { w3cdtf } from './units.js'
import { zipEntries } from './zip.js'

export interface PackageFacts {
  time: Date
  /** BCP 47 language of the document (`en`). */
  language: string
  /** An XML document to carry as a custom XML part (the draft a DOCX was made from), if any. */
  customXml?: string
}

/** Replaces `pattern` (not global) in `xml`; fails loudly when docx no longer writes what we patch. */
function patch(xml: string, part: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(xml)) throw new Error(`docx wrote ${part} in a shape oasgen does not know: ${pattern} not found`)
  return xml.replace(pattern, replacement)
}

function coreProperties(xml: string, facts: PackageFacts): string {
  const stamp = w3cdtf(facts.time)
  let out = patch(xml, 'docProps/core.xml', /(<dcterms:created\b[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
  out = patch(out, 'docProps/core.xml', /(<dcterms:modified\b[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`)
  const language = `<dc:language>${escapeXml(facts.language)}</dc:language>`
  return patch(out, 'docProps/core.xml', /<\/cp:coreProperties>\s*$/, `${language}</cp:coreProperties>`)
}

/**
 * The superscript note number docx puts first in every note, separators included (where Word
 * offers to repair the file); the notes open with their own number (`footnotes.ts`).
 */
const NOTE_REF_RUN = /<w:r><w:rPr><w:rStyle w:val="(?:Footnote|Endnote)Reference"\/><\/w:rPr><w:(?:footnote|endnote)Ref\/><\/w:r>/g

/**
 * Word's default character style, which docx's own styles (Hyperlink, footnote reference …) are
 * based on but docx does not define: defined as Word defines it.
 */
const DEFAULT_PARAGRAPH_FONT =
  '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'

function withDefaultParagraphFont(xml: string): string {
  if (xml.includes('w:styleId="DefaultParagraphFont"')) return xml
  return patch(xml, 'word/styles.xml', /<w:style /, `${DEFAULT_PARAGRAPH_FONT}<w:style `)
}

/**
 * docx marks every numbering level tentative (Word's mark for a level no paragraph uses yet);
 * our levels are the document's lists, so none is.
 */
const TENTATIVE = / w:tentative="(?:1|true|on)"/g

/** Relationship ids docx draws at random (`rId` + nanoid) become `rIdL1`, `rIdL2` … in order. */
function renumberRelationships(texts: Map<string, string>): void {
  for (const relsPath of [...texts.keys()].filter((p) => p.endsWith('.rels')).sort()) {
    const rels = texts.get(relsPath)!
    const ids = [...rels.matchAll(/\bId="([^"]+)"/g)].map((m) => m[1]!).filter((id) => !/^rId\d+$/.test(id))
    if (ids.length === 0) continue
    // word/_rels/document.xml.rels describes word/document.xml.
    const source = relsPath.replace(/_rels\/([^/]+)\.rels$/, '$1')
    let sourceXml = texts.get(source)
    let relsXml = rels
    ids.forEach((id, i) => {
      const fresh = `rIdL${i + 1}`
      relsXml = relsXml.split(`"${id}"`).join(`"${fresh}"`)
      if (sourceXml !== undefined) sourceXml = sourceXml.split(`"${id}"`).join(`"${fresh}"`)
    })
    texts.set(relsPath, relsXml)
    if (sourceXml !== undefined) texts.set(source, sourceXml)
  }
}

/**
 * The zip entries' date: the render time's UTC calendar date, at noon local (DOS dates have no
 * zone), within the years fflate writes (1980–2099; the format itself ends at 2107).
 */
export function entryDate(time: Date): Date {
  const year = Math.min(Math.max(time.getUTCFullYear(), 1980), 2099)
  return new Date(year, time.getUTCMonth(), time.getUTCDate(), 12, 0, 0)
}

const RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships'
const OFFICE_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

/**
 * A custom XML part as Word writes one: the item, its properties part (an item id, and the
 * item's namespace as its schema reference) and the relationships that tie them to the document.
 */
export function addCustomXml(texts: Map<string, string>, xml: string): void {
  const namespace = /<[A-Za-z_][\w.-]*[^>]*\sxmlns="([^"]*)"/.exec(xml)?.[1]
  const schemaRefs = namespace === undefined ? '<ds:schemaRefs/>' : `<ds:schemaRefs><ds:schemaRef ds:uri="${escapeXml(namespace)}"/></ds:schemaRefs>`
  const parts: Record<string, string> = {
    'customXml/item1.xml': xml,
    'customXml/itemProps1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="${itemId(xml)}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">${schemaRefs}</ds:datastoreItem>`,
    'customXml/_rels/item1.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELATIONSHIPS}"><Relationship Id="rId1" Type="${OFFICE_RELATIONSHIP}/customXmlProps" Target="itemProps1.xml"/></Relationships>`,
  }
  for (const [path, text] of Object.entries(parts)) texts.set(path, text)
  const rels = texts.get('word/_rels/document.xml.rels')
  const types = texts.get('[Content_Types].xml')
  if (rels === undefined || types === undefined) throw new Error('docx wrote no word/_rels/document.xml.rels or [Content_Types].xml')
  texts.set(
    'word/_rels/document.xml.rels',
    patch(rels, 'word/_rels/document.xml.rels', /<\/Relationships>\s*$/, `<Relationship Id="rIdCustomXml1" Type="${OFFICE_RELATIONSHIP}/customXml" Target="../customXml/item1.xml"/></Relationships>`),
  )
  texts.set(
    '[Content_Types].xml',
    patch(types, '[Content_Types].xml', /<\/Types>\s*$/, '<Override ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml" PartName="/customXml/itemProps1.xml"/></Types>'),
  )
}

const isXml = (path: string): boolean => /\.(xml|rels)$/.test(path)

/**
 * Made deterministic and finished, but for the custom XML part: docx's time stamps, what docx
 * writes that Word does not want, random relationship ids.
 */
export function finishParts(parts: Parts, facts: PackageFacts): { texts: Map<string, string>; binaries: Map<string, Uint8Array> } {
  const texts = new Map<string, string>()
  const binaries = new Map<string, Uint8Array>()
  for (const [path, data] of parts) {
    if (!isXml(path)) binaries.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : data)
    else texts.set(path, typeof data === 'string' ? data : strFromU8(data))
  }
  const core = texts.get('docProps/core.xml')
  if (core === undefined) throw new Error('docx wrote no docProps/core.xml')
  texts.set('docProps/core.xml', coreProperties(core, facts))

  const styles = texts.get('word/styles.xml')
  if (styles !== undefined) texts.set('word/styles.xml', withDefaultParagraphFont(styles))
  const numbering = texts.get('word/numbering.xml')
  if (numbering !== undefined) texts.set('word/numbering.xml', numbering.replaceAll(TENTATIVE, ''))

  for (const part of ['word/footnotes.xml', 'word/endnotes.xml']) {
    const notes = texts.get(part)
    if (notes !== undefined) texts.set(part, notes.replace(NOTE_REF_RUN, ''))
  }

  renumberRelationships(texts)
  return { texts, binaries }
}

/** Zipped: `[Content_Types].xml` first, the other entries sorted, all dated from the render time. */
export function zipPackage(texts: Map<string, string>, binaries: Map<string, Uint8Array>, time: Date): Uint8Array {
  const mtime = entryDate(time)
  const names = [...texts.keys(), ...binaries.keys()].sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0))
  return zipEntries(
    names.map((name) => ({ name, data: texts.get(name) ?? binaries.get(name)! })),
    mtime,
  )
}

/** The document as a DOCX package, every part compiled by docx, finished and zipped. */
export async function packageOf(document: Document, facts: PackageFacts): Promise<Uint8Array> {
  const { texts, binaries } = finishParts(await compileWhole(document), facts)
  if (facts.customXml !== undefined) addCustomXml(texts, facts.customXml)
  return zipPackage(texts, binaries, facts.time)
}
