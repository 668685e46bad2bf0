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
 */
import { escapeXml } from '../xml.js'
import { Packer, type Document } from 'docx'
import { strFromU8, strToU8, unzipSync } from 'fflate'
import { itemId } from '../../import/source.js'
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
function renumberRelationships(files: Record<string, Uint8Array>, texts: Map<string, string>): void {
  for (const relsPath of Object.keys(files).filter((p) => p.endsWith('.rels')).sort()) {
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
function addCustomXml(files: Record<string, Uint8Array>, texts: Map<string, string>, xml: string): void {
  const namespace = /<[A-Za-z_][\w.-]*[^>]*\sxmlns="([^"]*)"/.exec(xml)?.[1]
  const schemaRefs = namespace === undefined ? '<ds:schemaRefs/>' : `<ds:schemaRefs><ds:schemaRef ds:uri="${escapeXml(namespace)}"/></ds:schemaRefs>`
  const parts: Record<string, string> = {
    'customXml/item1.xml': xml,
    'customXml/itemProps1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="${itemId(xml)}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">${schemaRefs}</ds:datastoreItem>`,
    'customXml/_rels/item1.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELATIONSHIPS}"><Relationship Id="rId1" Type="${OFFICE_RELATIONSHIP}/customXmlProps" Target="itemProps1.xml"/></Relationships>`,
  }
  for (const [path, text] of Object.entries(parts)) {
    texts.set(path, text)
    files[path] = new Uint8Array(0) // listed, so that it is zipped; its bytes come from `texts`
  }
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
 * The package's files before zipping. docx keeps its compiler on `Packer` (not exported as
 * such); using it spares compressing the package twice (docx zips, we re-zip). Should a later
 * docx move it, the zip docx writes is unzipped instead: slower, same bytes.
 */
export async function packageFiles(document: Document): Promise<Record<string, Uint8Array>> {
  const compiler = (Packer as unknown as { compiler?: { compile?: (file: Document) => Map<string, string | Uint8Array> } }).compiler
  if (typeof compiler?.compile === 'function') {
    const files: Record<string, Uint8Array> = {}
    for (const [path, data] of compiler.compile(document)) files[path] = typeof data === 'string' ? strToU8(data) : data
    return files
  }
  return unzipSync(new Uint8Array(await Packer.toBuffer(document)))
}

export function finishPackage(files: Record<string, Uint8Array>, facts: PackageFacts): Uint8Array {
  const texts = new Map<string, string>()
  for (const [path, data] of Object.entries(files)) if (isXml(path)) texts.set(path, strFromU8(data))

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

  renumberRelationships(files, texts)
  if (facts.customXml !== undefined) addCustomXml(files, texts, facts.customXml)

  const mtime = entryDate(facts.time)
  const names = Object.keys(files).sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0))
  return zipEntries(
    // Text as text: the zip compresses a part once while the same text comes again (zip.ts).
    names.map((name) => ({ name, data: texts.get(name) ?? files[name]! })),
    mtime,
  )
}
