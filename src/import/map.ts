/**
 * From the document oasgen would write for the base back to the draft: each paragraph of it to
 * the block of the draft it was made from, and each of its atoms to the draft's atom. The two
 * differ only as view resolution makes them differ (spaces tidied, brackets printed or not,
 * blocks left without a word dropped), so the paragraphs are matched by their text less spaces
 * and brackets, and the atoms by a character diff (jsdiff).
 */
import { diffArrays } from 'diff'
import { atomKey } from './align.js'
import { FOOTNOTE_KEY, type DraftBlock } from './blocks.js'
import type { DocxParagraph } from './read.js'

export class BlockMap {
  private readonly blocks = new Map<DocxParagraph, DraftBlock>()
  private readonly atoms = new Map<DocxParagraph, Array<number | undefined>>()

  /** The draft block a paragraph of the expected document was made from. */
  block(paragraph: DocxParagraph): DraftBlock | undefined {
    return this.blocks.get(paragraph)
  }

  /** The draft atom the expected paragraph's atom `offset` is; undefined for one the view added (a tidied space). */
  atom(paragraph: DocxParagraph, offset: number): number | undefined {
    return this.atoms.get(paragraph)?.[offset]
  }

  pair(paragraph: DocxParagraph, block: DraftBlock): void {
    this.blocks.set(paragraph, block)
    this.atoms.set(paragraph, atomMap(paragraph, block))
  }

  /** Matches `paragraphs` to `blocks`, both in document order. */
  matchAll(paragraphs: DocxParagraph[], blocks: DraftBlock[]): void {
    const pkeys = paragraphs.map((p) => looseKey(draftKeys(p)))
    const bkeys = blocks.map((b) => looseKey(b.atoms.map((a) => a.key)))
    let pi = 0
    let bi = 0
    let hunkP: number[] = []
    let hunkB: number[] = []
    const flush = () => {
      this.matchHunk(hunkP.map((i) => paragraphs[i]!), hunkB.map((i) => blocks[i]!), hunkP.map((i) => pkeys[i]!), hunkB.map((i) => bkeys[i]!))
      hunkP = []
      hunkB = []
    }
    for (const part of diffArrays(pkeys, bkeys)) {
      const count = part.count ?? part.value.length
      if (!part.added && !part.removed) flush()
      for (let k = 0; k < count; k++) {
        if (part.removed) hunkP.push(pi++)
        else if (part.added) hunkB.push(bi++)
        else this.pair(paragraphs[pi++]!, blocks[bi++]!)
      }
    }
    flush()
  }

  /** Paragraphs and blocks whose text differs: paired in order, each with the most alike block after the last one paired. */
  private matchHunk(paragraphs: DocxParagraph[], blocks: DraftBlock[], pkeys: string[], bkeys: string[]): void {
    let from = 0
    paragraphs.forEach((paragraph, i) => {
      let best = -1
      let score = 0.5
      for (let j = from; j < blocks.length; j++) {
        const s = likeness(pkeys[i]!, bkeys[j]!)
        if (s > score) {
          score = s
          best = j
        }
      }
      if (best < 0) return
      this.pair(paragraph, blocks[best]!)
      from = best + 1
    })
  }
}

/** Text less spaces and brackets: what view resolution never changes. */
function looseKey(keys: string[]): string {
  return keys.filter((k) => k !== NOTHING && !/^[\s[\]]$/.test(k)).join('')
}

/** A key no draft atom has: for what the renderer adds (a footnote mark's `/`). */
const NOTHING = '\u0002'

/**
 * A paragraph's atoms as the draft's atoms would key them: a footnote mark the renderer wrote as
 * text (`1/`, a note referred to again) is the draft's footnote reference, and the text of a
 * mark after a reference (its `/`) is nothing of the draft's.
 */
function draftKeys(paragraph: DocxParagraph): string[] {
  return paragraph.atoms.map((atom, i) => {
    if (!atom.noteMark) return atomKey(atom)
    let k = i - 1
    while (k >= 0 && paragraph.atoms[k]!.noteMark) k--
    // The first character of a mark written as text stands for the reference; the rest is nothing.
    return k === i - 1 && paragraph.atoms[k]?.kind !== 'footnote' ? FOOTNOTE_KEY : NOTHING
  })
}

/** How alike two texts are, 0 to 1: the characters they share in order, over the longer. */
function likeness(a: string, b: string): number {
  if (a === b) return 1
  const longer = Math.max(a.length, b.length)
  if (longer === 0) return 1
  let common = 0
  for (const part of diffArrays([...a], [...b])) if (!part.added && !part.removed) common += part.count ?? part.value.length
  return common / longer
}

const spaceless = (key: string) => (/^\s$/.test(key) ? ' ' : key)

function atomMap(paragraph: DocxParagraph, block: DraftBlock): Array<number | undefined> {
  const out: Array<number | undefined> = new Array(paragraph.atoms.length).fill(undefined)
  let pi = 0
  let bi = 0
  const parts = diffArrays(draftKeys(paragraph).map(spaceless), block.atoms.map((a) => spaceless(a.key)))
  for (const part of parts) {
    const count = part.count ?? part.value.length
    if (part.removed) pi += count
    else if (part.added) bi += count
    else for (let k = 0; k < count; k++) out[pi++] = bi++
  }
  return out
}
