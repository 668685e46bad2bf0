/**
 * A docx `Document` compiled into the package's parts. docx keeps its compiler on `Packer` (not
 * exported as such); using it spares compressing the package twice (docx zips, we re-zip).
 * Should a later docx move it, the zip docx writes is unzipped instead: slower, same bytes.
 */
import { Packer, type Document } from 'docx'
import { unzipSync } from 'fflate'

/** The package's parts by path: text for XML, bytes for anything else. */
export type Parts = Map<string, string | Uint8Array>

interface Compiler {
  compile(file: Document): Parts
}

const compiler = (): Compiler | undefined => (Packer as unknown as { compiler?: Compiler }).compiler

/** Every part, compiled by docx. */
export async function compileWhole(document: Document): Promise<Parts> {
  const whole = compiler()
  return typeof whole?.compile === 'function' ? whole.compile(document) : new Map(Object.entries(unzipSync(new Uint8Array(await Packer.toBuffer(document)))))
}
