/**
 * One returned copy, read against the document oasgen wrote for its base: what its revisions
 * propose, as edits of the draft's blocks (a span of a block's atoms to delete, text to insert,
 * by whom) and new paragraphs, and what cannot become a proposal, as messages at their place.
 *
 * Nesting comes back in two ways. A revision of text that is already a proposal lands in that
 * proposal because the text it changes is inside it in the draft (`apply.ts` places it). New
 * revisions nested in one another in the copy (a deletion inside someone's insertion, or an
 * insertion that splits it, as Word writes an amendment of an amendment) are rebuilt here from
 * their layers (`content`).
 */
import { diffWordsWithSpace } from 'diff'
import type { PhrasingContent } from 'mdast'
import type { Annotation } from '../draft/annotation/types.js'
import { bracketed } from './brackets.js'
import { phrasing } from './fresh.js'
import type { RuleId } from '../diagnostics.js'
import { alignParagraphs, layerChange, type Item, type Slot } from './align.js'
import type { AuthorMap, Sponsors } from './authors.js'
import type { DraftBlock } from './blocks.js'
import type { Expected } from './expected.js'
import type { BlockMap } from './map.js'
import type { Atom, DocxParagraph, DocxReading, Finding, Layer } from './read.js'

/** A message about a copy, at a paragraph (`line`) and character (`column`) of it. */
export interface Note {
  rule: RuleId
  reason: string
  line?: number
  column?: number
}

/** An edit of one block of the draft. */
export interface Edit {
  /** Which copy it comes from (its index on the command line). */
  copy: number
  block: DraftBlock
  /** The block's atoms it deletes: `[from, to)`; `from === to` for an insertion there. */
  from: number
  to: number
  /** The whole paragraph is deleted: one proposal around all of it, whatever it holds. */
  whole: boolean
  sponsors: Sponsors
  /** What it inserts, after what it deletes. */
  insert: PhrasingContent[]
  /** Where it is in the copy, for messages. */
  line: number
  column: number
}

/** A paragraph the copy adds. */
export interface NewParagraph {
  copy: number
  /** The block it follows (undefined: it comes first). */
  after: DraftBlock | undefined
  /** Numbered at this level (0 for a top-level item), or a plain paragraph. */
  level: number | undefined
  content: PhrasingContent[]
  line: number
  column: number
}

export interface CopyResult {
  edits: Edit[]
  paragraphs: NewParagraph[]
  notes: Note[]
  /** How many revisions it found that became proposals, by sponsor tag. */
  proposals: number
}

export interface CopyInput {
  index: number
  reading: DocxReading
  expected: Expected
  map: BlockMap
  authors: AuthorMap
  /** `--as`: every new revision (and every untracked change) is this delegation's. */
  as?: Sponsors
  /** How a block is named in messages (`operative paragraph 4`). */
  nameOf: (block: DraftBlock | undefined) => string
}

/** Quotes up to `size` characters of a paragraph around `offset`, on word boundaries. */
export function quote(paragraph: DocxParagraph | undefined, from: number, to = from, size = 60): string {
  if (!paragraph) return ''
  const text = paragraph.atoms.map((a) => (a.kind === 'char' ? a.text : ' ')).join('')
  let start = Math.max(0, from - Math.floor((size - Math.min(size, to - from)) / 2))
  let end = Math.min(text.length, Math.max(to, start + size))
  while (start > 0 && /\S/.test(text[start - 1]!)) start--
  while (end < text.length && /\S/.test(text[end]!)) end++
  const words = text.slice(start, end).replace(/\s+/g, ' ').trim()
  return `“${start > 0 ? '…' : ''}${words}${end < text.length ? '…' : ''}”`
}

const layerKey = (layer: Layer) => `${layer.kind}\u0000${layer.author}`

export function readCopy(input: CopyInput): CopyResult {
  return new CopyReader(input).read()
}

class CopyReader {
  private readonly notes: Note[] = []
  private readonly edits: Edit[] = []
  private readonly paragraphs: NewParagraph[] = []
  private proposals = 0
  /** R footnote id → expected footnote id, from the references that line up. */
  private readonly notePairs = new Map<number, number>()
  private readonly unmapped = new Set<string>()
  /** Each paragraph of the copy → the base paragraph its text is, to name it in messages. */
  private readonly bases = new Map<DocxParagraph, DocxParagraph>()

  constructor(private readonly input: CopyInput) {}

  read(): CopyResult {
    const { reading, expected } = this.input
    const body = alignParagraphs(expected.reading.body, reading.body)
    for (const item of body) {
      if (item.e?.atom?.kind === 'footnote' && item.r?.atom?.kind === 'footnote') this.notePairs.set(item.r.atom.footnote!, item.e.atom.footnote!)
    }
    this.segments(body)
    for (const [rid, eid] of this.notePairs) {
      const items = alignParagraphs(expected.reading.footnotes.get(eid) ?? [], reading.footnotes.get(rid) ?? [])
      this.segments(items)
    }
    this.findings(reading.findings)
    this.moves(body)
    return { edits: this.edits, paragraphs: this.paragraphs, notes: this.notes, proposals: this.proposals }
  }

  // ---- places and messages ----

  private note(rule: RuleId, reason: string, paragraph: DocxParagraph | undefined, offset = 0): void {
    const place = this.placeOf(paragraph, offset)
    this.notes.push({ rule, reason, ...place })
  }

  /** The body paragraph (line) and character (column) of an atom; a footnote's is where it is referred to. */
  private placeOf(paragraph: DocxParagraph | undefined, offset: number): { line?: number; column?: number } {
    if (!paragraph) return {}
    if (paragraph.part === 'body') return { line: paragraph.number, column: offset + 1 }
    for (const p of this.input.reading.body) {
      const at = p.atoms.findIndex((a) => a.kind === 'footnote' && a.footnote === paragraph.footnote)
      if (at >= 0) return { line: p.number, column: at + 1 }
    }
    return {}
  }

  /** "operative paragraph 4, “…words…”": the block an expected paragraph was made from, and the copy's words. */
  private where(item: Item | undefined, r: DocxParagraph | undefined, from: number, to = from): string {
    const e = item?.e?.paragraph ?? (r && this.bases.get(r))
    const block = e && this.input.map.block(e)
    const name = !e ? 'a new paragraph' : this.input.expected.frame.has(e) ? 'the header block or title area' : this.input.nameOf(block)
    return `${name}, ${quote(r, from, to)}`
  }

  private sponsorsFor(author: string, paragraph: DocxParagraph, offset: number): Sponsors | undefined {
    if (this.input.as) return this.input.as
    const sponsors = this.input.authors.sponsors(author)
    if (sponsors) return sponsors
    if (!this.unmapped.has(author)) {
      this.unmapped.add(author)
      this.note(
        'import-author-unknown',
        `The revision author \`${author}\` is no delegation the registry knows, ${quote(paragraph, offset)}: map it with \`--authors map.yaml\` (\`${author}: COL\`), or give the copy's delegation with \`--as CODE\``,
        paragraph,
        offset,
      )
    }
    return undefined
  }

  // ---- paragraphs ----

  /** Cuts the items into the copy's paragraphs (each ends with its mark) and reads each. */
  private segments(items: Item[]): void {
    let segment: Item[] = []
    let lastBlockParagraph: DocxParagraph | undefined
    const seen = new Set<DocxParagraph>()
    const close = () => {
      const texts = segment.filter((item) => item.e?.atom !== undefined || item.r?.atom !== undefined)
      const eParagraphs = [...new Set(texts.filter((i) => i.e?.atom).map((i) => i.e!.paragraph))]
      if (eParagraphs.length === 0) {
        if (texts.some((i) => i.r && /\S/.test(i.r.key))) this.newParagraph(segment, lastBlockParagraph)
      } else {
        for (const e of eParagraphs) {
          if (seen.has(e)) {
            const r = segment.find((i) => i.r)?.r
            this.note('import-paragraphs', `A paragraph was split in two here (${this.where(segment[0], r?.paragraph, r?.offset ?? 0)}): splitting a paragraph cannot become a proposal; its text stays one paragraph`, r?.paragraph, r?.offset)
          }
          seen.add(e)
          lastBlockParagraph = e
        }
        this.existing(segment, eParagraphs)
      }
      segment = []
    }
    for (const item of items) {
      segment.push(item)
      if (item.r && item.e?.atom) this.bases.set(item.r.paragraph, item.e.paragraph)
      if (item.r && item.r.atom === undefined) close()
    }
    if (segment.length > 0) close()
  }

  /** A paragraph of the copy made of text of the base: the edits of each base paragraph in it. */
  private existing(segment: Item[], eParagraphs: DocxParagraph[]): void {
    for (const [k, e] of eParagraphs.entries()) {
      const first = segment.findIndex((i) => i.e?.paragraph === e && i.e.atom)
      let last = -1
      segment.forEach((item, i) => {
        if (item.e?.paragraph === e && item.e.atom) last = i
      })
      // Text inserted before the first base atom belongs to the first paragraph; after the last, to the last.
      const start = k === 0 ? 0 : first
      let end = k === eParagraphs.length - 1 ? segment.length : last + 1
      const mark = segment.find((i) => i.e?.paragraph === e && i.e.atom === undefined)
      if (end === segment.length && segment[end - 1]?.r?.atom === undefined) end-- // the copy's mark
      this.paragraphEdits(e, segment.slice(start, end).filter((i) => i !== mark), mark)
    }
  }

  private paragraphEdits(e: DocxParagraph, items: Item[], mark: Item | undefined): void {
    const block = this.input.map.block(e)
    const changes = this.changes(items)
    const r = items.find((i) => i.r)?.r?.paragraph
    if (this.input.expected.frame.has(e) || !block) {
      const at = changes.findIndex((c) => c !== undefined)
      if (at < 0) return
      const offset = items[at]!.r?.offset ?? 0
      if (e.table && !this.input.expected.frame.has(e)) {
        if (!r?.revisedRow) this.note('import-unsupported', `Edits in a table (${quote(r, offset)}) are not imported: change the draft's table by hand`, r, offset)
        return
      }
      this.note(
        'import-frame',
        block || this.input.expected.frame.has(e)
          ? `Edits in the header block or title area (${quote(r, offset)}) cannot become proposals: the header block and title are the front matter's; change the draft's front matter instead`
          : `These edits (${quote(r, offset)}) are in text oasgen could not find in the draft; they are not imported`,
        r,
        offset,
      )
      return
    }
    // A mark deleted: the paragraph is joined to the next one.
    const markDeleted = mark && layerChange(mark).gained.find((l) => l.kind === 'del')
    // The whole paragraph deleted by one author: one proposal around all of it.
    const texts = items.filter((i) => i.e?.atom && /\S/.test(i.e.key))
    const deleters = new Set(texts.map((i) => layerChange(i).gained.find((l) => l.kind === 'del')?.author))
    if (texts.length > 0 && deleters.size === 1 && !deleters.has(undefined) && items.every((i) => i.e)) {
      const author = [...deleters][0]!
      const at = texts[0]!.r!
      const sponsors = this.sponsorsFor(author, at.paragraph, at.offset)
      if (sponsors) {
        this.edits.push({ copy: this.input.index, block, from: 0, to: block.atoms.length, whole: true, sponsors, insert: [], line: at.paragraph.number, column: 1 })
        this.proposals++
      }
      return
    }
    if (markDeleted && mark?.r) {
      this.note(
        'import-paragraphs',
        `This paragraph was joined to the next one by ${markDeleted.author} (${this.where(mark, mark.r.paragraph, mark.r.offset)}): joining paragraphs cannot become a proposal; they stay apart, and the edits in them are imported`,
        mark.r.paragraph,
        mark.r.offset,
      )
    }
    this.untracked(e, block, items, changes)
    this.runs(e, block, items, changes)
  }

  /**
   * Text changed without track changes, word by word: each change is widened to whole words,
   * and the words before and after are compared by jsdiff's word diff. With `--as` each
   * difference is that delegation's proposal; without, it is reported and left out.
   */
  private untracked(e: DocxParagraph, block: DraftBlock, items: Item[], changes: Array<Change | undefined>): void {
    // A word of the base or of the copy that runs across an edge of the change widens it.
    const letter = (key: string | undefined) => key !== undefined && /[\p{L}\p{N}]/u.test(key)
    const keyAt = (side: 'e' | 'r', from: number, step: 1 | -1): string | undefined => {
      for (let k = from; k >= 0 && k < items.length; k += step) {
        const slot = items[k]![side]
        if (slot) return slot.key
      }
      return undefined
    }
    const crossesLeft = (start: number, end: number) =>
      (['e', 'r'] as const).some((side) => letter(keyAt(side, start - 1, -1)) && letter(keyAt(side, start, 1)) && (items.slice(start, end).some((it) => it[side]) || letter(keyAt(side, end, 1))))
    const crossesRight = (end: number) =>
      (['e', 'r'] as const).some((side) => letter(keyAt(side, end, 1)) && letter(keyAt(side, end - 1, -1)))
    const free = (k: number) => k >= 0 && k < items.length && (changes[k] === undefined || changes[k]!.kind === 'untracked')
    let i = 0
    while (i < items.length) {
      if (changes[i]?.kind !== 'untracked') {
        i++
        continue
      }
      let start = i
      let end = i + 1
      for (;;) {
        if (end < items.length && changes[end]?.kind === 'untracked') end++
        else if (free(start - 1) && crossesLeft(start, end)) start--
        else if (free(end) && crossesRight(end)) end++
        else break
      }
      const region = items.slice(start, end)
      for (let k = start; k < end; k++) changes[k] = undefined
      this.untrackedRegion(e, block, items, start, region)
      i = end
    }
  }

  private untrackedRegion(e: DocxParagraph, block: DraftBlock, items: Item[], start: number, region: Item[]): void {
    const olds = region.filter((item) => item.e?.atom)
    const news = region.filter((item) => item.r?.atom)
    const oldText = olds.map((item) => item.e!.key).join('')
    const newText = news.map((item) => item.r!.key).join('')
    if (oldText.replace(/\s+/g, ' ').trim() === newText.replace(/\s+/g, ' ').trim()) return
    const first = region.find((item) => item.r)?.r
    const paragraph = first?.paragraph
    const offset = first?.offset ?? 0
    if (!this.input.as) {
      const what = oldText.trim() === '' ? `“${newText.trim()}” was typed` : newText.trim() === '' ? `“${oldText.trim()}” was deleted` : `“${oldText.trim()}” was changed to “${newText.trim()}”`
      this.note(
        'import-untracked',
        `${what} without track changes (${this.where(region[0], paragraph, offset)}): it is not imported; give the copy's delegation with \`--as CODE\` to import such changes as its proposals`,
        paragraph,
        offset,
      )
      return
    }
    let o = 0
    let n = 0
    let deleted: Item[] = []
    let inserted: Item[] = []
    let before = start
    const flush = () => {
      if (deleted.some((d) => /\S/.test(d.e!.key)) || inserted.some((d) => /\S/.test(d.r!.key))) {
        this.pushEdit(e, block, items, before, deleted, inserted.map((item) => ({ slot: item.r!, layers: [] })), this.input.as!, inserted[0]?.r ?? deleted[0]?.r ?? first)
      }
      deleted = []
      inserted = []
    }
    for (const part of diffWordsWithSpace(oldText, newText)) {
      const length = part.value.length
      if (part.removed) {
        deleted.push(...olds.slice(o, o + length))
        o += length
      } else if (part.added) {
        inserted.push(...news.slice(n, n + length))
        n += length
      } else {
        flush()
        o += length
        n += length
        // The next edit goes after the last word both have.
        const lastOld = olds[o - 1]
        before = lastOld ? items.indexOf(lastOld) + 1 : before
      }
    }
    flush()
  }

  /** The change of each item, new text nested as Word writes amendments of amendments (`nestSiblings`). */
  private changes(items: Item[]): Array<Change | undefined> {
    // New text's layers, less those of the base text it sits in (a revision written inside
    // another's insertion, which Word never writes but a program might).
    let context: Layer[] = []
    const own = items.map((item) => {
      if (item.e) context = item.e.layers
      if (item.e || !item.r) return { item, layers: [] as Layer[] }
      let k = 0
      while (k < item.r.layers.length && k < context.length && item.r.layers[k]!.kind === context[k]!.kind && item.r.layers[k]!.author === context[k]!.author) k++
      return { item, layers: item.r.layers.slice(k) }
    })
    const layered = nestSiblings(own)
    return layered.map(({ item, layers }) => this.change(item, layers))
  }

  /** What happened to one atom: a revision it gained (whose), or a change without one. */
  private change(item: Item, layers: Layer[] = item.r?.layers ?? []): Change | undefined {
    if (item.e && item.r) {
      const { gained, lost } = layerChange(item)
      if (lost.length > 0) return { kind: 'resolved', layer: lost[0]! }
      const del = gained.find((l) => l.kind === 'del')
      return del ? { kind: 'del', author: del.author, layer: del } : undefined
    }
    if (item.r) {
      if (layers.length === 0) return { kind: 'untracked' }
      if (!layers.some((l) => l.kind === 'ins')) return undefined // typed and deleted without tracking: nothing
      return { kind: 'ins', author: layers[0]!.author, layers }
    }
    if (item.e!.layers.length > 0) return { kind: 'resolved', layer: item.e!.layers[item.e!.layers.length - 1]! }
    return { kind: 'untracked' }
  }

  /** Consecutive changes by one author are one proposal. */
  private runs(e: DocxParagraph, block: DraftBlock, items: Item[], changes: Array<Change | undefined>): void {
    let i = 0
    while (i < items.length) {
      const change = changes[i]
      if (!change) {
        i++
        continue
      }
      // Changes without a revision were read by `untracked` already; what is left is ours, resolved.
      if (change.kind === 'untracked' || change.kind === 'resolved') {
        let j = i + 1
        while (j < items.length && changes[j]?.kind === change.kind) j++
        this.report(change, items.slice(i, j))
        i = j
        continue
      }
      const author = change.author
      let j = i + 1
      while (j < items.length) {
        const c = changes[j]
        if (!c || (c.kind !== 'ins' && c.kind !== 'del') || c.author !== author) break
        j++
      }
      this.proposal(e, block, items, changes, i, j)
      i = j
    }
  }

  private report(change: Change, items: Item[]): void {
    const r = items.find((i) => i.r)?.r ?? items[0]!.e
    const paragraph = items.find((i) => i.r)?.r?.paragraph
    const text = items.map((i) => (i.r ?? i.e)!.key).join('')
    if (!/\S/.test(text)) return
    const first = items[0]!
    const rOffset = first.r?.offset ?? 0
    if (change.kind === 'untracked') {
      const what = items.every((i) => i.r) ? `“${text.trim()}” was typed` : items.every((i) => !i.r) ? `“${text.trim()}” was deleted` : 'text was changed'
      this.note(
        'import-untracked',
        `${what} without track changes (${this.where(first, paragraph, rOffset)}): it is not imported; give the copy's delegation with \`--as CODE\` to import such changes as its proposals`,
        paragraph ?? r?.paragraph,
        rOffset,
      )
      return
    }
    const layer = (change as { layer: Layer }).layer
    const was = layer.kind === 'ins' ? (items.every((i) => i.r) ? 'accepted' : 'rejected') : items.every((i) => i.r) ? 'rejected' : 'accepted'
    const what = `${layer.kind === 'ins' ? 'insertion' : 'deletion'} by ${layer.author} (“${text.trim()}”)`
    this.note(
      'import-revision-resolved',
      `The ${what} was ${was} in this copy (${this.where(first, paragraph, rOffset)}): only the meeting decides a proposal; the draft keeps it as it was`,
      paragraph ?? r?.paragraph,
      rOffset,
    )
  }

  private proposal(e: DocxParagraph, block: DraftBlock, items: Item[], changes: Array<Change | undefined>, i: number, j: number): void {
    const group = items.slice(i, j)
    const first = group.find((g) => g.r)?.r ?? group[0]!.e!
    const author = (changes[i] as { author: string }).author
    const sponsors = this.sponsorsFor(author, first.paragraph, first.offset)
    if (!sponsors) return
    const deleted = group.filter((g) => g.e?.atom)
    const inserted = group.filter((g) => !g.e && g.r?.atom).map((g) => ({ slot: g.r!, layers: (changes[items.indexOf(g)] as { layers?: Layer[] }).layers?.slice(1) ?? [] }))
    this.pushEdit(e, block, items, i, deleted, inserted, sponsors, first)
  }

  /**
   * An edit of `block`: `deleted` (items of base atoms) and `inserted` (new text with its inner
   * revisions), placed after the base atom before `at` when it only inserts.
   */
  private pushEdit(e: DocxParagraph, block: DraftBlock, items: Item[], at: number, deleted: Item[], inserted: Layered[], sponsors: Sponsors, first: Slot | undefined): void {
    const deletesWords = deleted.some((g) => /\S/.test(g.e!.key))
    const insertsWords = inserted.some((g) => /\S/.test(g.slot.key))
    if (!deletesWords && !insertsWords) return
    const atoms = deleted.map((g) => this.input.map.atom(e, g.e!.offset)).filter((n): n is number => n !== undefined)
    let from = 0
    let to = 0
    if (deletesWords && atoms.length > 0) {
      from = Math.min(...atoms)
      to = Math.max(...atoms) + 1
    } else {
      for (let k = at - 1; k >= 0; k--) {
        const slot = items[k]!.e
        const atom = slot?.atom ? this.input.map.atom(e, slot.offset) : undefined
        if (atom !== undefined) {
          from = atom + 1
          break
        }
      }
      to = from
    }
    const insert = insertsWords ? this.content(inserted) : []
    const place = first ?? deleted[0]?.e
    this.edits.push({ copy: this.input.index, block, from, to, whole: false, sponsors, insert, line: place?.paragraph.number ?? e.number, column: (place?.offset ?? 0) + 1 })
    this.proposals += 1 + proposalsIn(insert)
  }

  /** A paragraph the copy adds: a new numbered paragraph (or paragraph) whose whole text is the proposal. */
  private newParagraph(segment: Item[], after: DocxParagraph | undefined): void {
    const inserted = segment.filter((i) => i.r?.atom && !i.e)
    const first = inserted[0]!.r!
    if (first.paragraph.table) {
      // A new table: not part of the draft format (a revised row was reported as such).
      if (!first.paragraph.revisedRow) this.note('import-unsupported', `A table (${quote(first.paragraph, 0)}): tables are not part of the draft format; left out`, first.paragraph, 0)
      return
    }
    const changes = this.changes(inserted)
    const block = after && this.input.map.block(after)
    if (changes.some((c) => c?.kind === 'untracked')) {
      // A paragraph typed without track changes: the --as delegation's, else reported.
      if (!this.input.as) return this.report({ kind: 'untracked' }, inserted)
      const content = [proposalNode(this.input.as, this.plain(inserted.map((i) => i.r!.atom!)))]
      this.paragraphs.push({ copy: this.input.index, after: block, level: first.paragraph.level, content, line: first.paragraph.number, column: 1 })
      this.proposals += proposalsIn(content)
      return
    }
    const authors = [...new Set(changes.map((c) => (c && c.kind === 'ins' ? c.author : undefined)))]
    // Partly typed without a revision and partly deleted: nothing of it stays; nothing to import.
    if (authors.includes(undefined)) return
    const sponsors = this.sponsorsFor(authors[0]!, first.paragraph, first.offset)
    if (!sponsors) return
    const layered = inserted.map((item, k) => ({ slot: item.r!, layers: (changes[k] as { layers: Layer[] }).layers }))
    const content = this.input.as ? [proposalNode(sponsors, this.content(layered.map((l) => ({ slot: l.slot, layers: l.layers.slice(1) }))))] : this.content(layered)
    this.paragraphs.push({ copy: this.input.index, after: block, level: first.paragraph.level, content, line: first.paragraph.number, column: 1 })
    this.proposals += proposalsIn(content)
  }

  // ---- content of insertions ----

  /**
   * New text with its own revisions (layers below the proposal's), as draft nodes: plain text
   * with its bold and italics, and a nested proposal for each revision inside it. A run of one
   * author's insertions between another's (Word cannot nest an insertion in an insertion) is
   * nested in that other's.
   */
  content(atoms: Layered[]): PhrasingContent[] {
    return bracketed(this.build(atoms, 0))
  }

  private build(atoms: Layered[], depth: number): PhrasingContent[] {
    const out: PhrasingContent[] = []
    let i = 0
    while (i < atoms.length) {
      const layer = atoms[i]!.layers[depth]
      if (!layer) {
        let j = i + 1
        while (j < atoms.length && atoms[j]!.layers[depth] === undefined) j++
        out.push(...this.plain(atoms.slice(i, j).map((a) => a.slot.atom!)))
        i = j
        continue
      }
      // One author's consecutive deletions and insertions are one proposal.
      let j = i + 1
      while (j < atoms.length && atoms[j]!.layers[depth]?.author === layer.author) j++
      const group = atoms.slice(i, j)
      const sponsors = this.sponsorsFor(layer.author, group[0]!.slot.paragraph, group[0]!.slot.offset)
      const children: PhrasingContent[] = []
      let k = 0
      while (k < group.length) {
        const kind = group[k]!.layers[depth]!.kind
        let m = k + 1
        while (m < group.length && group[m]!.layers[depth]!.kind === kind) m++
        const inner = this.build(group.slice(k, m), depth + 1)
        if (kind === 'del') children.push({ type: 'delete', children: inner })
        else children.push(...separated(children, inner))
        k = m
      }
      out.push(sponsors ? proposalNode(sponsors, children) : { type: 'annotation', sponsors: [], tag: '', state: 'pending', children })
      i = j
    }
    return out
  }

  /**
   * Atoms without revisions as draft nodes (`phrasing`), footnote references by the draft's
   * labels; a footnote the copy added has none, and is reported.
   */
  private plain(atoms: Atom[]): PhrasingContent[] {
    const labels = new Map<number, string>()
    for (const atom of atoms) {
      if (atom.kind !== 'footnote') continue
      const label = this.input.expected.noteLabels.get(this.notePairs.get(atom.footnote!) ?? -1)
      if (label !== undefined) {
        labels.set(atom.footnote!, label)
        continue
      }
      const paragraph = this.input.reading.body.find((p) => p.atoms.includes(atom))
      const offset = paragraph?.atoms.indexOf(atom) ?? 0
      this.note('import-unsupported', `A footnote added in the copy (${quote(paragraph, offset)}) is left out: write it in the draft as \`[^label]\` with its definition`, paragraph, offset)
    }
    // New text struck through is no deletion (there is nothing under it to delete): Word gives
    // text typed after struck text its strikethrough, as after a bare bracket's deleted words.
    return phrasing(atoms.map((atom) => (atom.strike ? { ...atom, strike: false } : atom)), labels)
  }

  // ---- what cannot become a proposal ----

  private findings(findings: Finding[]): void {
    for (const finding of findings) {
      const base = finding.paragraph && this.bases.get(finding.paragraph)
      const name = base && this.input.expected.frame.has(base) ? 'the header block or title area' : base ? this.input.nameOf(this.input.map.block(base)) : 'a paragraph of its own'
      const where = finding.paragraph ? ` (${name}, ${quote(finding.paragraph, finding.offset, finding.end ?? finding.offset)})` : ''
      switch (finding.rule) {
        case 'import-comment':
          this.note('import-comment', `A ${finding.what}${where}: comments cannot become proposals; read it and edit the draft if it asks for a change`, finding.paragraph, finding.offset)
          break
        case 'import-formatting':
          this.note('import-formatting', `Formatting only: ${finding.what}${where}; formatting is the layout's, so it is not imported`, finding.paragraph, finding.offset)
          break
        default:
          this.note('import-unsupported', `${capital(finding.what)}${where}`, finding.paragraph, finding.offset)
      }
    }
  }

  /** A move is imported as a deletion where it was and an insertion where it went: said once, naming both. */
  private moves(items: Item[]): void {
    const ends = new Map<string, { from?: Item; to?: Item }>()
    for (const item of items) {
      if (!item.r?.atom) continue // a paragraph mark moves with its text
      for (const layer of item.r.layers) {
        if (layer.move === undefined) continue
        const key = `${layer.move}\u0000${layer.author}`
        const end = ends.get(key) ?? {}
        if (layer.kind === 'del') end.from ??= item
        else end.to ??= item
        ends.set(key, end)
      }
    }
    for (const [key, { from, to }] of ends) {
      const author = key.split('\u0000')[1]!
      const place = (item: Item | undefined) => (item?.r ? this.where(item, item.r.paragraph, item.r.offset) : 'elsewhere')
      this.note(
        'import-move',
        `${author} moved text from ${place(from)} to ${place(to)}: a move is imported as a deletion where the text was and an insertion where it went`,
        (to ?? from)?.r?.paragraph,
        (to ?? from)?.r?.offset ?? 0,
      )
    }
  }
}

/** New text, with the revisions it sits in below the proposal being built. */
interface Layered {
  slot: Slot
  layers: Layer[]
}

type Change =
  | { kind: 'ins'; author: string; layers: Layer[] }
  | { kind: 'del'; author: string; layer?: Layer }
  | { kind: 'untracked'; layer?: undefined }
  | { kind: 'resolved'; layer: Layer }

/** The proposals in new text, the nested ones included (`[COL: protecting [MEX: ~~critical~~ essential] …]` is two). */
function proposalsIn(nodes: PhrasingContent[]): number {
  let count = 0
  for (const node of nodes) {
    if (node.type === 'annotation' && node.sponsors.length > 0) count++
    if ('children' in node) count += proposalsIn(node.children as PhrasingContent[])
  }
  return count
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

export function proposalNode(sponsors: Sponsors, children: PhrasingContent[]): Annotation {
  return { type: 'annotation', sponsors: [...sponsors.codes], tag: sponsors.tag, state: 'pending', children }
}

/** An insertion right after a deletion starts with a space: `[COL: ~~contained~~ set out]`. */
function separated(before: PhrasingContent[], inner: PhrasingContent[]): PhrasingContent[] {
  const last = before[before.length - 1]
  const first = inner[0]
  if (last?.type === 'delete' && first?.type === 'text' && !/^\s/.test(first.value)) return [{ ...first, value: ` ${first.value}` }, ...inner.slice(1)]
  return inner
}

/**
 * Word cannot nest an insertion in an insertion: an amendment to another author's inserted text
 * arrives as a sibling that splits it. A run of one author's insertions with the same other
 * author's insertions on both sides is nested in that author's.
 */
export function nestSiblings<T extends { layers: Layer[] }>(atoms: T[]): T[] {
  const out = atoms.map((a) => ({ ...a }))
  let i = 0
  while (i < out.length) {
    const top = out[i]!.layers[0]
    let j = i + 1
    while (j < out.length && out[j]!.layers[0] && top && layerKey(out[j]!.layers[0]!) === layerKey(top)) j++
    const before = out[i - 1]?.layers[0]
    const after = out[j]?.layers[0]
    if (top?.kind === 'ins' && before?.kind === 'ins' && after?.kind === 'ins' && layerKey(before) === layerKey(after) && before.author !== top.author) {
      for (let k = i; k < j; k++) out[k]!.layers = [before, ...out[k]!.layers]
    }
    i = j
  }
  return out
}

