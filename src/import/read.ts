/**
 * Reads a DOCX as `import` needs it: the paragraphs of the body and the footnotes, each as a
 * list of atoms (a character, a footnote reference, a line break) that know the revisions they
 * sit in (`w:ins`, `w:del`, `w:moveFrom`, `w:moveTo`, outermost first), the paragraph marks'
 * own revisions, the comments with their anchors, the draft the DOCX carries, and findings:
 * what a revision did that cannot become a proposal (formatting changes, fields, tables, images,
 * revisions in page headers), each at its paragraph and character.
 *
 * Deleted text is read like any other text (it is still in the document); only the revisions
 * around it say it is deleted.
 */
import { strFromU8, unzipSync } from 'fflate'
import { posix } from 'node:path'
import { CHAR } from '../render/docx/styles.js'
import { child, elements, parseXml, textOf, XmlError, type XmlElement } from './xml.js'
import { sha256, SOURCE_NAMESPACE } from './source.js'

/** One revision an atom sits in. `ins` and `del` include moves (`move` names the move). */
export interface Layer {
  kind: 'ins' | 'del'
  author: string
  /** For `w:moveTo` / `w:moveFrom`: the move's name, shared by both ends. */
  move?: string
}

export interface Atom {
  kind: 'char' | 'footnote' | 'break'
  /** The character (`char`); '' otherwise. */
  text: string
  /** The footnote's id in `footnotes.xml` (`footnote`). */
  footnote?: number
  layers: Layer[]
  bold: boolean
  italic: boolean
  /** Struck through (`w:strike`, or oasgen's deletion style: a bare bracket's deleted text). */
  strike: boolean
  /** In oasgen's footnote mark style: a mark written as text (`1/` for a note referred to again, the `/` after a reference). */
  noteMark?: boolean
}

export interface DocxParagraph {
  part: 'body' | 'footnote'
  /** 1-based: the body's paragraphs in order (table cells included), or a footnote's own. */
  number: number
  /** The footnote's id, for a paragraph of a footnote. */
  footnote?: number
  /** The paragraph style's id (`w:pStyle`). */
  style?: string
  /** The numbering level (0 for a top-level item) when the paragraph is numbered. */
  level?: number
  /** Inside a table cell. */
  table: boolean
  /** In a table row inserted or deleted as a whole (reported as such). */
  revisedRow?: boolean
  atoms: Atom[]
  /** The paragraph mark's revisions (`w:pPr/w:rPr/w:ins` …): an inserted or deleted paragraph. */
  mark: Layer[]
}

/** Something in the DOCX that cannot become a proposal, at its place. */
export interface Finding {
  rule: 'import-formatting' | 'import-unsupported' | 'import-comment'
  paragraph: DocxParagraph | undefined
  /** The atom of the paragraph it starts at. */
  offset: number
  /** Its end (exclusive), for a comment's anchor. */
  end?: number
  /** What it is, said for a person: "bold added by COL". */
  what: string
  author?: string
}

export interface DocxReading {
  body: DocxParagraph[]
  /** Footnote id → its paragraphs. */
  footnotes: Map<number, DocxParagraph[]>
  findings: Finding[]
  /** The draft the DOCX carries (see `source.ts`), when it carries one intact. */
  source?: CarriedSource
  /** Document properties: title, subject, language. */
  properties: { title?: string; subject?: string; language?: string }
}

export interface CarriedSource {
  text: string
  name: string
  view: string
  delegation?: string
  /** A scenario's name, rules and label, as JSON (`source.ts`). */
  scenario?: string
  trackChanges: boolean
}

/** A file that is not a DOCX oasgen can read: the message says why, for a person. */
export class DocxError extends Error {
  override name = 'DocxError'
}

/** The most a part of a DOCX may unzip to (a 250-page draft's document.xml is some 5 MB). */
export const PART_LIMIT = 64 * 1024 * 1024

export function readDocx(bytes: Uint8Array): DocxReading {
  let files: Record<string, Uint8Array>
  let tooLarge: string | undefined
  try {
    // Only the XML parts (images and fonts are never read), and none larger than the limit: a
    // small file that would unzip to gigabytes is refused before it is unzipped.
    files = unzipSync(bytes, {
      filter: (file) => {
        if (!/\.(xml|rels)$/i.test(file.name)) return false
        if (file.originalSize > PART_LIMIT) tooLarge ??= file.name
        return tooLarge === undefined
      },
    })
  } catch (error) {
    throw new DocxError(`it is not a DOCX file: it is not a zip archive (${(error as Error).message})`)
  }
  if (tooLarge !== undefined) throw new DocxError(`its part ${tooLarge} would unzip to more than ${PART_LIMIT / 1024 / 1024} MB, which no Word document's part does`)
  const part = (path: string): XmlElement | undefined => {
    const data = files[path]
    if (data === undefined) return undefined
    const text = strFromU8(data)
    // Word never writes a DTD; one in a DOCX is there to make a parser expand entities.
    if (/<!DOCTYPE/i.test(text.slice(0, 2000))) throw new DocxError(`its part ${path} declares a DTD, which no Word document does`)
    try {
      return parseXml(text)
    } catch (error) {
      if (error instanceof XmlError) throw new DocxError(`its part ${path} is not well-formed XML: ${error.message}`)
      throw error
    }
  }
  const main = mainPart(part)
  const documentXml = part(main)
  if (!documentXml) throw new DocxError(`it has no main document part (${main}): is it a Word document?`)
  const body = child(documentXml, 'w:body')
  if (!body || documentXml.name !== 'w:document') throw new DocxError(`its main part ${main} is not a WordprocessingML document`)
  const related = relationships(part, main)

  const reader = new Reader()
  const commentsXml = related.comments && part(related.comments)
  if (commentsXml) reader.readComments(commentsXml)
  const notesXml = related.footnotes && part(related.footnotes)
  if (notesXml) reader.readFootnotes(notesXml)
  reader.readBody(body)
  for (const path of related.furniture) {
    const xml = part(path)
    if (xml && hasRevision(xml)) {
      reader.findings.push({ rule: 'import-unsupported', paragraph: undefined, offset: 0, what: `a revision in a page header or footer (${posix.basename(path)}): the draft's page headers and footers are the layout's` })
    }
  }
  reader.finishComments()
  const source = carriedSource(files, part)
  return { body: reader.body, footnotes: reader.footnotes, findings: reader.findings, ...(source ? { source } : {}), properties: properties(part('docProps/core.xml')) }
}

/** The main document part, from the package relationships (`word/document.xml` as a rule). */
function mainPart(part: (path: string) => XmlElement | undefined): string {
  const rels = part('_rels/.rels')
  const main = rels && elements(rels, 'rel:Relationship').find((r) => (r.attrs.Type ?? '').endsWith('/officeDocument'))
  return main?.attrs.Target ? posix.normalize(main.attrs.Target.replace(/^\//, '')) : 'word/document.xml'
}

interface Related {
  footnotes?: string
  comments?: string
  furniture: string[]
}

function relationships(part: (path: string) => XmlElement | undefined, main: string): Related {
  const dir = posix.dirname(main)
  const rels = part(posix.join(dir, '_rels', `${posix.basename(main)}.rels`))
  const out: Related = { furniture: [] }
  for (const rel of rels ? elements(rels, 'rel:Relationship') : []) {
    if (rel.attrs.TargetMode === 'External' || !rel.attrs.Target) continue
    const target = rel.attrs.Target.startsWith('/') ? rel.attrs.Target.slice(1) : posix.normalize(posix.join(dir, rel.attrs.Target))
    const type = (rel.attrs.Type ?? '').replace(/.*\//, '')
    if (type === 'footnotes') out.footnotes = target
    else if (type === 'comments') out.comments = target
    else if (type === 'header' || type === 'footer') out.furniture.push(target)
  }
  out.furniture.sort()
  return out
}

const REVISIONS = new Set(['w:ins', 'w:del', 'w:moveFrom', 'w:moveTo'])

function hasRevision(element: XmlElement): boolean {
  return REVISIONS.has(element.name) || elements(element).some(hasRevision)
}

/** `w:val` of an on/off property: on unless it says false. */
function isOn(element: XmlElement | undefined): boolean {
  if (!element) return false
  const value = element.attrs['w:val']
  return value === undefined || !['false', '0', 'off', 'none'].includes(value)
}

interface Anchor {
  paragraph: DocxParagraph
  offset: number
}

class Reader {
  body: DocxParagraph[] = []
  footnotes = new Map<number, DocxParagraph[]>()
  findings: Finding[] = []
  private comments = new Map<string, { author: string; text: string }>()
  private commentStarts = new Map<string, Anchor>()
  private commentEnds = new Map<string, Anchor>()
  /** Where each comment's mark is: the place of a comment on a point (no range), as LibreOffice writes one. */
  private commentMarks = new Map<string, Anchor>()
  private moveName: string | undefined
  /** The paragraph being read and where its atoms go. */
  private current!: DocxParagraph
  /** A complex field: skipping its instruction (between `begin` and `separate`). */
  private fieldDepth = 0
  private inInstruction: boolean[] = []
  private fieldReported = false

  readComments(xml: XmlElement): void {
    for (const comment of elements(xml, 'w:comment')) {
      const id = comment.attrs['w:id']
      if (id === undefined) continue
      const text = elements(comment, 'w:p').map((p) => textOf(p).trim()).filter(Boolean).join(' ')
      this.comments.set(id, { author: comment.attrs['w:author'] ?? '', text })
    }
  }

  readFootnotes(xml: XmlElement): void {
    for (const note of elements(xml, 'w:footnote')) {
      const type = note.attrs['w:type']
      if (type !== undefined && type !== 'normal') continue
      const id = Number(note.attrs['w:id'])
      if (!Number.isInteger(id)) continue
      const paragraphs: DocxParagraph[] = []
      this.readBlocks(note, false, (p) => {
        p.part = 'footnote'
        p.footnote = id
        p.number = paragraphs.length + 1
        paragraphs.push(p)
      })
      this.footnotes.set(id, paragraphs)
    }
  }

  readBody(body: XmlElement): void {
    this.readBlocks(body, false, (p) => {
      p.number = this.body.length + 1
      this.body.push(p)
    })
  }

  private readBlocks(container: XmlElement, table: boolean, add: (p: DocxParagraph) => void): void {
    for (const node of elements(container)) {
      switch (node.name) {
        case 'w:p':
          this.paragraph(node, table, add)
          break
        case 'w:tbl':
          this.table(node, add)
          break
        case 'w:sdt':
          this.readBlocks(child(node, 'w:sdtContent') ?? node, table, add)
          break
        case 'w:customXml':
        case 'w:txbxContent':
          this.readBlocks(node, table, add)
          break
        case 'w:moveFromRangeStart':
        case 'w:moveToRangeStart':
          this.moveName = node.attrs['w:name']
          break
        default:
          break
      }
    }
  }

  private table(tbl: XmlElement, add: (p: DocxParagraph) => void): void {
    for (const row of elements(tbl, 'w:tr')) {
      const revised = elements(child(row, 'w:trPr') ?? row).find((e) => e.name === 'w:ins' || e.name === 'w:del')
      const before = this.findings.length
      let first: DocxParagraph | undefined
      for (const cell of elements(row, 'w:tc')) {
        this.readBlocks(cell, true, (p) => {
          first ??= p
          if (revised) p.revisedRow = true
          add(p)
        })
      }
      if (revised) {
        this.findings.splice(before, 0, {
          rule: 'import-unsupported',
          paragraph: first,
          offset: 0,
          what: `a table row ${revised.name === 'w:ins' ? 'inserted' : 'deleted'} by ${revised.attrs['w:author'] ?? 'someone'}: tables are not part of the draft format`,
          author: revised.attrs['w:author'] ?? '',
        })
      }
    }
  }

  private paragraph(p: XmlElement, table: boolean, add: (p: DocxParagraph) => void): void {
    const pPr = child(p, 'w:pPr')
    const numPr = child(pPr, 'w:numPr')
    const numId = child(numPr, 'w:numId')?.attrs['w:val']
    const paragraph: DocxParagraph = { part: 'body', number: 0, table, atoms: [], mark: [] }
    const style = child(pPr, 'w:pStyle')?.attrs['w:val']
    if (style !== undefined) paragraph.style = style
    if (numPr && numId !== undefined && numId !== '0') paragraph.level = Number(child(numPr, 'w:ilvl')?.attrs['w:val'] ?? 0) || 0
    for (const mark of elements(child(pPr, 'w:rPr') ?? { name: '', attrs: {}, children: [] })) {
      const layer = layerOf(mark, this.moveName)
      if (layer) paragraph.mark.push(layer)
    }
    add(paragraph)
    this.current = paragraph
    const change = child(pPr, 'w:pPrChange')
    if (change) this.formatting(change, 0, 'paragraph formatting (style, numbering, indents or spacing) changed')
    const numberingChange = numPr && elements(numPr).find((e) => e.name === 'w:ins' || e.name === 'w:numberingChange')
    if (numberingChange) this.formatting(numberingChange, 0, 'numbering changed')
    this.inline(p, [])
  }

  private formatting(change: XmlElement, offset: number, what: string): void {
    const author = change.attrs['w:author'] ?? ''
    this.findings.push({ rule: 'import-formatting', paragraph: this.current, offset, what: `${what} by ${author || 'someone'}`, author })
  }

  private inline(container: XmlElement, layers: Layer[]): void {
    for (const node of elements(container)) {
      switch (node.name) {
        case 'w:r':
          this.run(node, layers)
          break
        case 'w:ins':
        case 'w:del':
        case 'w:moveFrom':
        case 'w:moveTo':
          this.inline(node, [...layers, layerOf(node, this.moveName)!])
          break
        case 'w:moveFromRangeStart':
        case 'w:moveToRangeStart':
          this.moveName = node.attrs['w:name']
          break
        case 'w:hyperlink':
        case 'w:smartTag':
        case 'w:customXml':
        case 'w:dir':
        case 'w:bdo':
          this.inline(node, layers)
          break
        case 'w:sdt':
          this.inline(child(node, 'w:sdtContent') ?? node, layers)
          break
        case 'w:fldSimple':
          this.field(layers, node.attrs['w:instr'])
          this.inline(node, layers)
          break
        case 'w:commentRangeStart':
          if (node.attrs['w:id'] !== undefined) this.commentStarts.set(node.attrs['w:id'], { paragraph: this.current, offset: this.current.atoms.length })
          break
        case 'w:commentRangeEnd':
          if (node.attrs['w:id'] !== undefined) this.commentEnds.set(node.attrs['w:id'], { paragraph: this.current, offset: this.current.atoms.length })
          break
        case 'm:oMath':
        case 'm:oMathPara':
          this.unsupported('a formula', layers)
          break
        default:
          break
      }
    }
  }

  private field(layers: Layer[], instruction: string | undefined): void {
    if (layers.length === 0) return
    const author = layers[layers.length - 1]!.author
    const name = instruction?.trim().split(/\s+/)[0]?.toUpperCase()
    this.findings.push({
      rule: 'import-unsupported',
      paragraph: this.current,
      offset: this.current.atoms.length,
      what: `a field${name ? ` (${name})` : ''} ${layers[layers.length - 1]!.kind === 'ins' ? 'inserted' : 'deleted'} by ${author}: fields are not part of the draft format; its text is read as text`,
      author,
    })
  }

  private unsupported(what: string, layers: Layer[]): void {
    const revision = layers[layers.length - 1]
    const by = revision ? ` ${revision.kind === 'ins' ? 'inserted' : 'deleted'} by ${revision.author}` : ''
    this.findings.push({ rule: 'import-unsupported', paragraph: this.current, offset: this.current.atoms.length, what: `${what}${by}: not part of the draft format, left out`, ...(revision ? { author: revision.author } : {}) })
  }

  private run(r: XmlElement, layers: Layer[]): void {
    const rPr = child(r, 'w:rPr')
    const bold = isOn(child(rPr, 'w:b'))
    const italic = isOn(child(rPr, 'w:i'))
    const strike = isOn(child(rPr, 'w:strike')) || child(rPr, 'w:rStyle')?.attrs['w:val'] === CHAR.deletion
    const noteMark = child(rPr, 'w:rStyle')?.attrs['w:val'] === CHAR.footnoteMark
    const change = child(rPr, 'w:rPrChange')
    if (change) this.formatting(change, this.current.atoms.length, 'character formatting changed')
    const push = (kind: Atom['kind'], text: string, footnote?: number) => {
      this.current.atoms.push({ kind, text, ...(footnote !== undefined ? { footnote } : {}), layers, bold, italic, strike, ...(noteMark && kind === 'char' ? { noteMark } : {}) })
    }
    let markFollows = false
    for (const node of elements(r)) {
      switch (node.name) {
        case 'w:t':
        case 'w:delText':
          if (markFollows || this.inInstruction.at(-1)) break
          for (const char of textOf(node).split('')) push('char', char === '\t' ? ' ' : char)
          break
        case 'w:tab':
          if (!this.inInstruction.at(-1)) push('char', ' ')
          break
        case 'w:noBreakHyphen':
          push('char', '\u2011')
          break
        case 'w:br':
        case 'w:cr': {
          const type = node.attrs['w:type']
          if (type === undefined || type === 'textWrapping') push('break', '')
          break
        }
        case 'w:footnoteReference': {
          const id = Number(node.attrs['w:id'])
          if (Number.isInteger(id)) push('footnote', '', id)
          markFollows = ['1', 'true', 'on'].includes(node.attrs['w:customMarkFollows'] ?? '')
          break
        }
        case 'w:commentReference':
          if (node.attrs['w:id'] !== undefined) this.commentMarks.set(node.attrs['w:id'], { paragraph: this.current, offset: this.current.atoms.length })
          break
        case 'w:endnoteReference':
          this.unsupported('an endnote', layers)
          break
        case 'w:fldChar': {
          const type = node.attrs['w:fldCharType']
          if (type === 'begin') {
            this.fieldDepth++
            this.inInstruction.push(true)
            this.fieldReported = false
          } else if (type === 'separate') {
            this.inInstruction[this.inInstruction.length - 1] = false
          } else if (type === 'end') {
            this.fieldDepth = Math.max(0, this.fieldDepth - 1)
            this.inInstruction.pop()
          }
          break
        }
        case 'w:instrText':
        case 'w:delInstrText':
          if (!this.fieldReported) {
            this.field(layers, textOf(node))
            this.fieldReported = layers.length > 0
          }
          break
        case 'w:drawing':
        case 'w:pict':
        case 'w:object':
          this.unsupported('an image or object', layers)
          break
        default:
          break
      }
    }
  }

  finishComments(): void {
    for (const [id, comment] of this.comments) {
      const mark = this.commentMarks.get(id)
      const start = this.commentStarts.get(id) ?? mark
      const end = this.commentEnds.get(id) ?? mark
      const paragraph = start?.paragraph ?? end?.paragraph
      const anchorEnd = end && start && end.paragraph === start.paragraph ? end.offset : start ? start.paragraph.atoms.length : 0
      this.findings.push({
        rule: 'import-comment',
        paragraph,
        offset: start?.offset ?? 0,
        end: anchorEnd,
        what: `comment by ${comment.author || 'someone'}: “${comment.text}”`,
        author: comment.author,
      })
    }
  }
}

function layerOf(element: XmlElement, moveName: string | undefined): Layer | undefined {
  const author = element.attrs['w:author'] ?? ''
  switch (element.name) {
    case 'w:ins':
      return { kind: 'ins', author }
    case 'w:del':
      return { kind: 'del', author }
    case 'w:moveTo':
      return { kind: 'ins', author, move: moveName ?? '' }
    case 'w:moveFrom':
      return { kind: 'del', author, move: moveName ?? '' }
    default:
      return undefined
  }
}

function properties(core: XmlElement | undefined): DocxReading['properties'] {
  const out: DocxReading['properties'] = {}
  const value = (name: string) => {
    const element = core && child(core, name)
    const text = element && textOf(element).trim()
    return text ? text : undefined
  }
  const title = value('dc:title')
  const subject = value('dc:subject')
  const language = value('dc:language')
  if (title) out.title = title
  if (subject) out.subject = subject
  if (language) out.language = language
  return out
}

/** The draft a DOCX carries in a custom XML part, when its text is intact (its sha256 checks). */
function carriedSource(files: Record<string, Uint8Array>, part: (path: string) => XmlElement | undefined): CarriedSource | undefined {
  for (const path of Object.keys(files).sort()) {
    if (!/^customXml\/item\d+\.xml$/.test(path)) continue
    let xml: XmlElement | undefined
    try {
      xml = part(path)
    } catch {
      continue // another program's part; not ours to judge
    }
    if (xml?.name !== `{${SOURCE_NAMESPACE}}draft`) continue
    const raw = textOf(xml)
    const text = xml.attrs.encoding === 'base64' ? Buffer.from(raw, 'base64').toString('utf8') : raw
    if (xml.attrs.sha256 !== undefined && xml.attrs.sha256 !== sha256(text)) continue
    return {
      text,
      name: xml.attrs.name ?? 'draft.md',
      view: xml.attrs.view ?? 'bracketed',
      ...(xml.attrs.delegation !== undefined ? { delegation: xml.attrs.delegation } : {}),
      ...(xml.attrs.scenario !== undefined ? { scenario: xml.attrs.scenario } : {}),
      trackChanges: xml.attrs.trackChanges === 'true',
    }
  }
  return undefined
}
