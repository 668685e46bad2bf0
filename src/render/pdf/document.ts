/**
 * The pdfkit document: standards (PDF 1.7, tagged, PDF/A-2b), metadata (document information
 * and the matching XMP packet), the faces registered, and the bytes, byte-identical on every run.
 *
 * Determinism: pdfkit stamps `CreationDate` (we give it the render time, never the clock) and
 * derives the file identifier from an MD5 of the document information, so equal input gives
 * equal bytes. Font subset tags come from the font's resource name (`F1`…), not from chance.
 */
import { escapeXml } from '../xml.js'
import PDFDocument from 'pdfkit'
import type { Layout } from '../../layout/load.js'
import { faceData, FACES } from './fonts.js'

type Doc = InstanceType<typeof PDFDocument>

export interface Metadata {
  title: string
  /** The document symbol. */
  subject?: string
  /** The organ. */
  author?: string
  keywords: string[]
  lang: string
  time: Date
}

const PRODUCER = 'oasgen (PDFKit)'
const CREATOR = 'oasgen'

export function createDocument(layout: Layout, meta: Metadata): Doc {
  const info: Record<string, string | Date> = { Title: meta.title }
  if (meta.subject) info.Subject = meta.subject
  if (meta.author) info.Author = meta.author
  if (meta.keywords.length > 0) info.Keywords = meta.keywords.join('; ')
  Object.assign(info, { Creator: CREATOR, Producer: PRODUCER, CreationDate: meta.time, ModDate: meta.time })
  const doc = new PDFDocument({
    size: layout.page.size,
    margin: 0,
    autoFirstPage: false,
    compress: true,
    pdfVersion: '1.7',
    tagged: true,
    subset: 'PDF/A-2b',
    lang: meta.lang,
    displayTitle: true,
    // The regular face as the default font, so that pdfkit never loads Helvetica.
    font: faceData('regular').font as unknown as string,
    info: info as PDFKit.DocumentInfo,
  })
  for (const face of FACES) doc.registerFont(face, faceData(face).font as unknown as string)
  // pdfkit's XMP packet neither escapes its values nor records ModDate; PDF/A wants both right.
  ;(doc as unknown as { _addInfo: () => void; appendXML: (xml: string) => void })._addInfo = function (this: { appendXML: (xml: string) => void }) {
    this.appendXML(xmp(meta))
  }
  return doc
}

const xmpDate = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

function xmp(meta: Metadata): string {
  const date = xmpDate(meta.time)
  const dc = [
    '<dc:format>application/pdf</dc:format>',
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.title)}</rdf:li></rdf:Alt></dc:title>`,
    meta.author ? `<dc:creator><rdf:Seq><rdf:li>${escapeXml(meta.author)}</rdf:li></rdf:Seq></dc:creator>` : '',
    meta.subject ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.subject)}</rdf:li></rdf:Alt></dc:description>` : '',
    `<dc:language><rdf:Bag><rdf:li>${escapeXml(meta.lang)}</rdf:li></rdf:Bag></dc:language>`,
  ]
  const keywords = meta.keywords.length > 0 ? `<pdf:Keywords>${escapeXml(meta.keywords.join('; '))}</pdf:Keywords>` : ''
  return [
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreateDate>${date}</xmp:CreateDate><xmp:ModifyDate>${date}</xmp:ModifyDate><xmp:MetadataDate>${date}</xmp:MetadataDate><xmp:CreatorTool>${CREATOR}</xmp:CreatorTool></rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">${dc.join('')}</rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>${PRODUCER}</pdf:Producer>${keywords}</rdf:Description>`,
  ].join('\n')
}

/** Ends the document and gathers its bytes. */
export function finish(doc: Doc): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
    doc.end()
  })
}
