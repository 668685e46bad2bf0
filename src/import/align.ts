/**
 * Lines up two readings of DOCX paragraphs, the document oasgen would write for the base
 * ("expected") and the copy that came back ("returned"), atom by atom, paragraph marks
 * included, so that every revision the copy adds shows as an atom it gained or a layer an atom
 * gained.
 *
 * First the paragraphs (jsdiff's `diffArrays` on their text: deleted text is still text, so a
 * paragraph with only deletions lines up with its original), then the characters of the
 * paragraphs that differ. Two atoms line up only when their text is the same and the returned
 * one sits in no insertion the expected one lacks: text a delegation typed is never mistaken
 * for the base text it repeats.
 */
import { diffArrays } from 'diff'
import type { Atom, DocxParagraph, Layer } from './read.js'
import { BREAK_KEY, FOOTNOTE_KEY } from './blocks.js'

/** An atom of a reading, or a paragraph's mark (`atom` undefined, `offset` = the atom count). */
export interface Slot {
  paragraph: DocxParagraph
  offset: number
  atom?: Atom
  key: string
  layers: Layer[]
}

/** One step of the alignment: an atom of both, of the expected only, or of the returned only. */
export interface Item {
  e?: Slot
  r?: Slot
}

export const MARK_KEY = '\u00b6'

export function atomKey(atom: Atom): string {
  return atom.kind === 'char' ? atom.text : atom.kind === 'footnote' ? FOOTNOTE_KEY : BREAK_KEY
}

function slots(paragraph: DocxParagraph): Slot[] {
  const out: Slot[] = paragraph.atoms.map((atom, offset) => ({ paragraph, offset, atom, key: atomKey(atom), layers: atom.layers }))
  out.push({ paragraph, offset: paragraph.atoms.length, key: MARK_KEY, layers: paragraph.mark })
  return out
}

const sameLayer = (a: Layer, b: Layer) => a.kind === b.kind && a.author === b.author

/** The returned atom can be the expected one: same text, and no insertion the expected one lacks. */
export function compatible(e: Slot, r: Slot): boolean {
  if (e.key !== r.key) return false
  return r.layers.every((layer) => layer.kind !== 'ins' || e.layers.some((l) => sameLayer(l, layer)))
}

const paragraphKey = (p: DocxParagraph) => p.atoms.map(atomKey).join('')

/** Aligns two lists of paragraphs; the items come in the returned copy's order. */
export function alignParagraphs(expected: DocxParagraph[], returned: DocxParagraph[]): Item[] {
  const items: Item[] = []
  let ei = 0
  let ri = 0
  // Paragraphs line up on their text, but never an empty one (a document has many, and lining
  // them up first can split one paragraph's text from its copy), nor a paragraph inserted in
  // the copy with one of the base.
  const keyed = (list: DocxParagraph[]) => list.map((paragraph) => ({ paragraph, key: paragraphKey(paragraph) }))
  const same = (e: { paragraph: DocxParagraph; key: string }, r: { paragraph: DocxParagraph; key: string }) =>
    e.key === r.key && e.key !== '' && r.paragraph.mark.every((layer) => layer.kind !== 'ins' || e.paragraph.mark.some((l) => sameLayer(l, layer)))
  const parts = diffArrays(keyed(expected), keyed(returned), { comparator: same })
  let hunkE: DocxParagraph[] = []
  let hunkR: DocxParagraph[] = []
  const flush = () => {
    if (hunkE.length > 0 || hunkR.length > 0) items.push(...alignAtoms(hunkE.flatMap(slots), hunkR.flatMap(slots)))
    hunkE = []
    hunkR = []
  }
  for (const part of parts) {
    const count = part.count ?? part.value.length
    if (part.removed) {
      hunkE.push(...expected.slice(ei, ei + count))
      ei += count
    } else if (part.added) {
      hunkR.push(...returned.slice(ri, ri + count))
      ri += count
    } else {
      flush()
      for (let k = 0; k < count; k++) items.push(...alignPair(expected[ei + k]!, returned[ri + k]!))
      ei += count
      ri += count
    }
  }
  flush()
  return items
}

/** Two paragraphs of the same text: atom for atom, unless their revisions do not agree. */
function alignPair(e: DocxParagraph, r: DocxParagraph): Item[] {
  const es = slots(e)
  const rs = slots(r)
  if (es.every((slot, i) => compatible(slot, rs[i]!))) return es.map((slot, i) => ({ e: slot, r: rs[i]! }))
  return alignAtoms(es, rs)
}

/** Atom-level alignment (Myers, through jsdiff), returned order: each removal before the additions beside it. */
export function alignAtoms(es: Slot[], rs: Slot[]): Item[] {
  const items: Item[] = []
  let ei = 0
  let ri = 0
  for (const part of diffArrays(es, rs, { comparator: compatible })) {
    const count = part.count ?? part.value.length
    for (let k = 0; k < count; k++) {
      if (part.removed) items.push({ e: es[ei++]! })
      else if (part.added) items.push({ r: rs[ri++]! })
      else items.push({ e: es[ei++]!, r: rs[ri++]! })
    }
  }
  return items
}

/**
 * The revisions an atom gained in the returned copy (its layers less the expected ones, in
 * order), and those it lost (an existing revision accepted or rejected in the copy).
 */
export function layerChange(item: Item): { gained: Layer[]; lost: Layer[] } {
  const expected = item.e?.layers ?? []
  const returned = item.r?.layers ?? []
  if (!item.r) return { gained: [], lost: [...expected] }
  const gained: Layer[] = []
  const matched = new Set<Layer>()
  for (const layer of returned) {
    const same = expected.find((l) => !matched.has(l) && sameLayer(l, layer))
    if (same) matched.add(same)
    else gained.push(layer)
  }
  return { gained, lost: expected.filter((l) => !matched.has(l)) }
}

/** How many paragraphs two readings have in common, text for text (to choose a rendering). */
export function sharedParagraphs(a: { body: DocxParagraph[] }, b: { body: DocxParagraph[] }): number {
  let shared = 0
  for (const part of diffArrays(a.body.map(paragraphKey), b.body.map(paragraphKey))) if (!part.added && !part.removed) shared += part.count ?? part.value.length
  return shared
}
