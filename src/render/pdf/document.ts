/**
 * The pdfkit document: standards (PDF 1.7, tagged, PDF/A-2b), metadata (document information
 * and the matching XMP packet), the faces registered, and the bytes, byte-identical on every run.
 *
 * Determinism: pdfkit stamps `CreationDate` (we give it the render time, never the clock) and
 * derives the file identifier from an MD5 of the document information, so equal input gives
 * equal bytes. Font subset tags come from the font's resource name (`F1`…), not from chance.
 */
import { deflateSync } from 'node:zlib'
import { escapeXml } from '../xml.js'
import PDFDocument from 'pdfkit'
import type { Layout } from '../../layout/load.js'
import { caching } from '../cache.js'
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
  /** Declare PDF/A-2b (XMP identification, output intent): only for a file that conforms. */
  pdfa: boolean
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
    ...(meta.pdfa ? { subset: 'PDF/A-2b' as const } : {}),
    lang: meta.lang,
    displayTitle: true,
    // The regular face as the default font, so that pdfkit never loads Helvetica.
    font: faceData('regular').font as unknown as string,
    info: info as PDFKit.DocumentInfo,
  })
  // Read once: a document's streams and its file are written the same way throughout.
  const bytesDirect = direct
  fastStreams(doc, bytesDirect)
  if (bytesDirect) directBytes(doc)
  for (const face of FACES) doc.registerFont(face, faceData(face).font as unknown as string)
  // pdfkit's XMP packet neither escapes its values nor records ModDate; PDF/A wants both right.
  ;(doc as unknown as { _addInfo: () => void; appendXML: (xml: string) => void })._addInfo = function (this: { appendXML: (xml: string) => void }) {
    this.appendXML(xmp(meta))
  }
  return doc
}

/**
 * The zlib level of the page contents and font files. pdfkit deflates every stream at zlib's
 * default (6), which was an eighth of a PDF render; level 2 takes about a third of the time,
 * for files about 10 % larger (a 4-page draft: 55 → 61 KB).
 */
const DEFLATE_LEVEL = 2

/** What this file uses of pdfkit's PDFReference (pdfkit 0.20): its chunks, whether pdfkit deflates them, its writer and its end. */
interface Reference {
  buffer: Uint8Array[]
  compress: boolean
  write(chunk: string | Uint8Array): void
  finalize(): void
}

/**
 * pdfkit (0.20) turns each string it writes into bytes one character at a time in JavaScript
 * (`fromBinaryString`: the low byte of each UTF-16 unit, after a line end), in a typed array of
 * its own; Node's `latin1` encoding makes the same bytes natively, small ones in a shared pool.
 */
const bytesOf = (data: string | Uint8Array): Uint8Array => (typeof data === 'string' ? Buffer.from(`${data}\n`, 'latin1') : data)

/**
 * A stream's chunk as bytes. A string is made bytes once in a process (unless caching is off):
 * the same text written again (a ToUnicode map of a subset an earlier document had, pdfkit's
 * set-up of a page) is the same object, so that `deflate` knows it for a repeated one.
 */
function streamBytes(chunk: string | Uint8Array): Uint8Array {
  if (typeof chunk !== 'string' || !caching()) return bytesOf(chunk)
  let bytes = streamStrings.get(chunk)
  if (bytes === undefined) {
    if (streamStrings.size >= STREAM_STRING_LIMIT) streamStrings.clear()
    streamStrings.set(chunk, (bytes = bytesOf(chunk)))
  }
  return bytes
}
const streamStrings = new Map<string, Uint8Array>()
const STREAM_STRING_LIMIT = 256

/**
 * Streams created from now on are deflated here at `DEFLATE_LEVEL`, just before pdfkit writes
 * them (pdfkit has no option for the level): the chunks become one deflated chunk and pdfkit is
 * told not to deflate them again; the `/FlateDecode` filter it set on the first write stays.
 */
function fastStreams(doc: Doc, bytesDirect: boolean): void {
  const internals = doc as unknown as { ref(data?: object): Reference }
  const ref = internals.ref.bind(doc)
  internals.ref = (data) => {
    const reference = ref(data)
    if (bytesDirect) {
      const write = reference.write.bind(reference)
      reference.write = (chunk) => write(streamBytes(chunk))
    }
    const finalize = reference.finalize.bind(reference)
    reference.finalize = () => {
      // Asked at the end: pdfkit turns compression off after creating some (the XMP metadata).
      if (reference.compress && reference.buffer.length > 0) {
        reference.buffer = [deflate(reference.buffer)]
        reference.compress = false
      }
      finalize()
    }
    return reference
  }
}

/**
 * A stream's chunks deflated. A chunk pdfkit writes again in every document (the sRGB profile
 * of the PDF/A output intent: one Buffer, read once) is deflated once: from its second time its
 * bytes are kept, and the deflated bytes serve while the chunk still holds them (unless
 * caching is off: `setCaching`).
 */
function deflate(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length > 1) return deflateSync(Buffer.concat(chunks), { level: DEFLATE_LEVEL })
  const chunk = chunks[0]!
  if (!caching()) return deflateSync(chunk, { level: DEFLATE_LEVEL })
  const seen = repeated.get(chunk)
  if (seen && Buffer.compare(seen.bytes, chunk) === 0) return seen.deflated
  const deflated = deflateSync(chunk, { level: DEFLATE_LEVEL })
  if (seen !== undefined) repeated.set(chunk, { bytes: new Uint8Array(chunk), deflated })
  else repeated.set(chunk, null)
  return deflated
}
/** Chunks deflated before, by the chunk: null the first time, its bytes and their deflated bytes after. */
const repeated = new WeakMap<Uint8Array, { bytes: Uint8Array; deflated: Uint8Array } | null>()

/** What this file uses of pdfkit's document (0.20) to write the file: its writer, and the count of bytes written (the cross-reference table's offsets). */
interface Writer {
  _write(data: string | Uint8Array): void
  _offset: number
}

let direct = true

/** Whether documents made from now on write their bytes past pdfkit's stream (as they do), or through it: for the test that compares the two. */
export function setDirectBytes(on: boolean): void {
  direct = on
}

/** The bytes of each document written since `directBytes` took over its writer: its pieces, once the text not yet made bytes is. */
const written = new WeakMap<Doc, () => Uint8Array[]>()

/**
 * pdfkit pushes each piece of the file (an object's number, its dictionary, its stream, each
 * line of the cross-reference table) through its readable stream, one event each. From now on
 * the pieces are kept here, in order, with pdfkit's count of bytes written kept up, and `finish`
 * puts them after what the stream carried before (the header pdfkit writes as the document is made).
 * Text is kept as text up to the next stream's bytes and made bytes then, all at once: each line
 * is as many bytes as it has UTF-16 units, and a line end (pdfkit's `_write`), so the count
 * stays exact.
 */
function directBytes(doc: Doc): void {
  const chunks: Uint8Array[] = []
  let text = ''
  const bytes = (): Uint8Array[] => {
    if (text !== '') chunks.push(Buffer.from(text, 'latin1'))
    text = ''
    return chunks
  }
  written.set(doc, bytes)
  const writer = doc as unknown as Writer
  // pdfkit's internals as of 0.20: should another version change them, say so rather than write past them unnoticed.
  if (typeof writer._write !== 'function' || typeof writer._offset !== 'number') throw new Error("pdfkit's document has no _write or _offset: src/render/pdf/document.ts was written for pdfkit 0.20")
  writer._write = (data) => {
    if (typeof data === 'string') {
      text += `${data}\n`
      writer._offset += data.length + 1
    } else {
      bytes().push(data)
      writer._offset += data.length
    }
  }
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
    doc.on('end', () => {
      const direct = written.get(doc)
      resolve(new Uint8Array(Buffer.concat(direct ? [...chunks, ...direct()] : chunks)))
    })
    doc.on('error', reject)
    doc.end()
  })
}
