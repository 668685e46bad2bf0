/**
 * A docx `Document` compiled into the package's parts, writing only what is its own.
 *
 * docx writes every part of every document: the layout's styles (17 KB), the theme, settings,
 * font table, endnote separators, properties, content types and relationships, the same bytes
 * for every document of a layout, and about a third of a DOCX render. Here the first document of
 * a layout (with given options) is compiled whole by docx, as before, and the parts that are not
 * its own are kept, deflated once; the documents after it have only their own parts written, by
 * docx's own formatter, in the order docx writes them: the body, the notes, the core properties,
 * the headers and footers, the lists. A document whose own content would change a kept part (a
 * hyperlink or an image adds a relationship) is compiled whole.
 *
 * What docx does not export is used through `Packer.compiler` (its formatter and numbering
 * replacer), as `package.ts` already did; the XML is written by `stringify` (xmlable.ts), the
 * serialiser docx uses, which it does not export. The test "a package compiled with its kept
 * parts is byte for byte the one docx compiles whole" holds all of it to docx's own output.
 */
import { Packer, type Document } from 'docx'
import { unzipSync } from 'fflate'
import type { Layout } from '../../layout/load.js'
import { stringify } from './xmlable.js'

/** The parts a document makes its own: the body, the notes, the lists, headers and footers, core properties. */
export const OWN = /^(word\/(document|footnotes|numbering|header\d+|footer\d+)\.xml|docProps\/core\.xml)$/

/** What docx keeps on `Packer` (docx 9): its compiler, the compiler's formatter and numbering replacer. */
interface Compiler {
  compile(file: Document): Map<string, string | Uint8Array>
  formatter?: { format(component: unknown, context: { viewWrapper: unknown; file: Document; stack: unknown[] }): object }
  numberingReplacer?: { replace(xml: string, concreteNumberings: unknown): string }
}

/** The File internals this module reads (docx 9). */
interface FileParts {
  Document: { View: unknown; Relationships: { RelationshipCount: number } }
  FootNotes: { View: unknown; Relationships: { RelationshipCount: number } }
  CoreProperties: unknown
  Numbering: { ConcreteNumbering: unknown }
  Headers: Array<{ View: unknown; Relationships: { RelationshipCount: number } }>
  Footers: Array<{ View: unknown; Relationships: { RelationshipCount: number } }>
  Media: { Array: unknown[] }
}

const compiler = (): Compiler | undefined => (Packer as unknown as { compiler?: Compiler }).compiler

/** The package's parts by path: text for XML, bytes for anything else. */
export type Parts = Map<string, string | Uint8Array>

/** Parts kept from a layout's first document, and the shape a later one must have to share them. */
export interface Kept {
  parts: Map<string, string>
  shape: string
}

const STANDALONE = { standalone: 'yes', encoding: 'UTF-8' } as const
const PLAIN = { encoding: 'UTF-8' } as const

/** What, in a formatted document, decides the kept parts: its relationships (the body's, the notes', each header's and footer's) and media. */
function shapeOf(file: FileParts): string {
  const count = (part: { Relationships: { RelationshipCount: number } }) => part.Relationships.RelationshipCount
  return [count(file.Document), count(file.FootNotes), file.Media.Array.length, `h${file.Headers.map(count).join(':')}`, `f${file.Footers.map(count).join(':')}`].join(',')
}

/**
 * Every part, compiled by docx. docx keeps its compiler on `Packer` (not exported as such); using
 * it spares compressing the package twice (docx zips, we re-zip). Should a later docx move it,
 * the zip docx writes is unzipped instead: slower, same bytes.
 */
export async function compileWhole(document: Document): Promise<{ files: Parts; shape: string }> {
  const whole = compiler()
  const files: Parts = typeof whole?.compile === 'function' ? whole.compile(document) : new Map(Object.entries(unzipSync(new Uint8Array(await Packer.toBuffer(document)))))
  return { files, shape: shapeOf(document as unknown as FileParts) }
}

/**
 * The document's own parts (`OWN`), written as docx writes them, in docx's order (the body first:
 * it numbers the lists and adds relationships); undefined when the document's shape is not
 * `shape`, so that parts kept from another document would not be right for it.
 */
export function compileOwn(document: Document, shape: string): Parts | undefined {
  const { formatter, numberingReplacer } = compiler() ?? {}
  if (!formatter || !numberingReplacer) return undefined
  const file = document as unknown as FileParts
  const format = (component: unknown, viewWrapper: unknown, declaration: typeof STANDALONE | typeof PLAIN) =>
    stringify(formatter.format(component, { viewWrapper, file: document, stack: [] }) as Record<string, unknown>, declaration)
  const numbered = (xml: string) => numberingReplacer.replace(xml, file.Numbering.ConcreteNumbering)
  const body = format(file.Document.View, file.Document, STANDALONE)
  const notes = format(file.FootNotes.View, file.FootNotes, STANDALONE)
  if (shapeOf(file) !== shape) return undefined
  const own: Parts = new Map()
  own.set('word/document.xml', numbered(body))
  own.set('docProps/core.xml', format(file.CoreProperties, file.Document, STANDALONE))
  file.Headers.forEach((header, i) => own.set(`word/header${i + 1}.xml`, numbered(format(header.View, header, PLAIN))))
  file.Footers.forEach((footer, i) => own.set(`word/footer${i + 1}.xml`, numbered(format(footer.View, footer, PLAIN))))
  own.set('word/footnotes.xml', numbered(notes))
  own.set('word/numbering.xml', format(file.Numbering, file.Document, STANDALONE))
  return own
}

/** Kept parts by layout (a layout read again, as `--watch` does, starts afresh) and by options. */
const keptByLayout = new WeakMap<Layout, Map<string, Kept>>()

export function keptFor(layout: Layout, options: string): Kept | undefined {
  return keptByLayout.get(layout)?.get(options)
}

export function keep(layout: Layout, options: string, kept: Kept): void {
  let byOptions = keptByLayout.get(layout)
  if (!byOptions) keptByLayout.set(layout, (byOptions = new Map()))
  byOptions.set(options, kept)
}
