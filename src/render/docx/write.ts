/**
 * The body and the notes of a DOCX, written as XML text straight from the document model: the
 * same bytes docx writes for the objects `blocks.ts`, `runs.ts`, `footnotes.ts` and `frame.ts`
 * build, without building them (docx's objects and its serialisation were two thirds of a DOCX
 * render). Those modules stay as the reference: the test "the DOCX written as text is byte for
 * byte the DOCX docx writes" renders the seeds, bench drafts and generated drafts both ways.
 *
 * Ids are drawn in the order docx's objects draw them (a run's revision as it is made, then the
 * insertions that group runs, then the paragraph mark's), hyperlinks are numbered in the order
 * they are written (`rIdL1` …, as `package.ts` renumbers docx's random ids), and lists are
 * numbered in the order of their first paragraph, as docx numbers them when it writes the body.
 * What docx writes once per combination (a run's properties) is still asked of docx
 * (`runPropertiesXml`).
 */
import { aroundNumber, footnoteMark, footnotePrefix, numberedStyle, type Frame } from '../../layout/compose.js'
import type { Layout } from '../../layout/load.js'
import { columnShares, tableIndent } from '../../layout/table.js'
import { runs as flatten, type Run } from '../../model/runs.js'
import type { Block, Cell, Footnote, Inline, Table } from '../../model/types.js'
import { consecutive } from '../consecutive.js'
import { asciiUrl } from '../url.js'
import { BULLETED, NUMBERED, wordLevel } from './numbering.js'
import {
  BOOKMARK_PREFIX,
  markProps,
  partStyle,
  pieces,
  placeBookmarks,
  proposalsWithText,
  revisionOf,
  runPropertiesXml,
  wholeInsertion,
  type PlainOptions,
  type RunContext,
} from './runs.js'
import { CHAR, styleId } from './styles.js'
import { twips } from './units.js'
import { escape } from './xmlable.js'

/** What writing a part needs besides the run context: where its hyperlinks and lists are counted. */
export interface WriteContext extends RunContext {
  /** The hyperlink targets of the part being written, in order: the n-th is relationship `rIdLn`. */
  links: string[]
  /** The lists of the document by docx's key (`oas-numbered-0`), in order of first use. */
  lists: Map<string, { reference: string; numId: number }>
  /** The id docx gives the document's first list. */
  firstNumId: number
}

/** A run's content: text, a line break, or a footnote reference (with the text of a custom mark). */
type Content = { text: string } | { break: true } | { note: number; custom: boolean; mark?: string }

/** One run (or a bookmark's start or end) as XML, with what wraps it. */
interface Item {
  link?: string
  insertedBy?: string
  xml: string
  bookmark?: true
}

const t = (text: string) => `<w:t xml:space="preserve">${escape(text)}</w:t>`
const noteReference = (n: number, custom: boolean) => `<w:footnoteReference${custom ? ' w:customMarkFollows="1"' : ''} w:id="${n}"/>`
const change = (id: number, by: string, date: string) => `w:id="${id}" w:author="${escape(by)}" w:date="${escape(date)}"`

/** `<w:r>` as docx writes a `TextRun` with these options. */
function textRun(options: PlainOptions, content: Content): string {
  const properties = runPropertiesXml(options)
  if ('text' in content) return `<w:r>${properties}${t(content.text)}</w:r>`
  if ('break' in content) return `<w:r>${properties}<w:br/></w:r>`
  return `<w:r>${properties}${noteReference(content.note, content.custom)}${content.mark !== undefined ? t(content.mark) : ''}</w:r>`
}

/** `<w:del>` as docx writes a `DeletedTextRun`: the run's text as `w:delText`. */
function deletedRun(options: PlainOptions, content: Content, id: number, by: string, date: string): string {
  const properties = runPropertiesXml(options)
  let inner: string
  if ('text' in content) inner = content.text ? `<w:delText xml:space="preserve">${escape(content.text)}</w:delText>` : ''
  else if ('break' in content) inner = '<w:br/>'
  else inner = `${noteReference(content.note, content.custom)}${content.mark !== undefined ? `<w:delText xml:space="preserve">${escape(content.mark)}</w:delText>` : ''}`
  return `<w:del ${change(id, by, date)}><w:r>${properties}${inner}</w:r></w:del>`
}

/** docx's split of a link into its relationship's target and the hyperlink's `w:anchor` (a fragment of 1–255 characters). */
function linkTarget(link: string): { target: string; anchor?: string } {
  const index = link.indexOf('#')
  const fragment = link.length - index - 1
  return index > 0 && fragment > 0 && fragment <= 255 ? { target: link.slice(0, index), anchor: link.slice(index + 1) } : { target: link }
}

function hyperlink(link: string, inner: string, ctx: WriteContext): string {
  const { target, anchor } = linkTarget(link)
  ctx.links.push(target)
  return `<w:hyperlink w:history="1"${anchor ? ` w:anchor="${escape(anchor)}"` : ''} r:id="rIdL${ctx.links.length}">${inner}</w:hyperlink>`
}

/** A paragraph's runs as XML: `renderRuns`, written. */
interface RunsXml {
  xml: string
  /** Who inserted the whole paragraph (track changes), if anyone. */
  insertedBy?: string
}

export function runsXml(inlines: Inline[], ctx: WriteContext, keepLines = false): RunsXml {
  const { layout, trackChanges } = ctx
  const list = flatten(inlines)
  const items: Item[] = []

  const push = (run: Run, options: PlainOptions, content: Content, link?: string) => {
    const { deletedBy, insertedBy } = trackChanges ? revisionOf(run.parts) : {}
    const xml = deletedBy !== undefined ? deletedRun(options, content, ctx.revisionId(), deletedBy, ctx.date) : textRun(options, content)
    items.push({ ...(link !== undefined ? { link } : {}), ...(insertedBy !== undefined ? { insertedBy } : {}), xml })
  }

  const bookmarked = trackChanges ? proposalsWithText(list) : new Set<number>()
  const open: number[] = []
  const sponsor = { style: CHAR.sponsor }
  const noteMark = { style: CHAR.footnoteMark }

  list.forEach((run, index) => {
    switch (run.type) {
      case 'open':
      case 'close':
        if (bookmarked.has(index)) {
          if (run.type === 'open') {
            const id = ctx.revisionId()
            open.push(id)
            items.push({ bookmark: true, xml: `<w:bookmarkStart w:id="${id}" w:name="${BOOKMARK_PREFIX}${ctx.bookmarkId()}"/>` })
          } else items.push({ bookmark: true, xml: `<w:bookmarkEnd w:id="${open.pop()!}"/>` })
        } else if (trackChanges) push(run, sponsor, { text: run.text })
        else items.push({ xml: textRun(sponsor, { text: run.text }) })
        break
      case 'text': {
        const revised = trackChanges && Object.keys(revisionOf(run.parts)).length > 0
        const style = revised || run.edge ? undefined : partStyle(run.parts)
        const link = run.link && asciiUrl(run.link.url)
        const options: PlainOptions = { ...markProps(run.marks, layout), ...(style !== undefined ? { style } : link !== undefined ? { style: 'Hyperlink' } : {}) }
        for (const piece of pieces(run.text, keepLines)) push(run, options, piece === null ? { break: true } : { text: piece }, link)
        break
      }
      case 'footnote': {
        const mark = footnoteMark(layout, run.number)
        if (ctx.referenced.has(run.number)) {
          push(run, noteMark, { text: mark })
          break
        }
        ctx.referenced.add(run.number)
        const around = aroundNumber(mark, run.number)
        if (around === undefined) {
          push(run, noteMark, { note: run.number, custom: true, mark })
          break
        }
        const [before, after] = around
        if (before !== '') push(run, noteMark, { text: before })
        push(run, noteMark, { note: run.number, custom: false })
        if (after !== '') push(run, noteMark, { text: after })
        break
      }
      case 'break':
        push(run, {}, { break: true })
        break
    }
  })

  // Consecutive runs of one link in one hyperlink; consecutive runs of one insertion in one `w:ins`.
  let xml = ''
  for (const { key: link, items: linked } of consecutive(placeBookmarks(items), (item) => item.link)) {
    let inner = ''
    for (const { key: by, items: inserted } of consecutive(linked, (item) => item.insertedBy)) {
      const runs = inserted.map((item) => item.xml).join('')
      inner += by === undefined ? runs : `<w:ins ${change(ctx.revisionId(), by, ctx.date)}>${runs}</w:ins>`
    }
    xml += link === undefined ? inner : hyperlink(link, inner, ctx)
  }
  const insertedBy = trackChanges ? wholeInsertion(list, bookmarked) : undefined
  return insertedBy !== undefined ? { xml, insertedBy } : { xml }
}

/** `<w:p>` with these properties (`w:pPr`'s children) and runs; `<w:p/>` with neither. */
function paragraph(properties: string, runs: string): string {
  if (properties === '' && runs === '') return '<w:p/>'
  return `<w:p>${properties === '' ? '' : `<w:pPr>${properties}</w:pPr>`}${runs}</w:p>`
}

const pStyle = (style: string) => `<w:pStyle w:val="${escape(style)}"/>`

/** A paragraph of `content` with these properties, its mark inserted when all its text is: `withContent`, written. */
function withContent(properties: string, content: Inline[], ctx: WriteContext, keepLines = false): string {
  const { xml, insertedBy } = runsXml(content, ctx, keepLines)
  const mark = insertedBy !== undefined ? `<w:rPr><w:ins ${change(ctx.revisionId(), insertedBy, ctx.date)}/></w:rPr>` : ''
  return paragraph(properties + mark, xml)
}

/** A paragraph of plain text in a style, as `new Paragraph({ style, text })` writes it. */
function textParagraph(style: string, text: string, more = ''): string {
  return paragraph(pStyle(style) + more, text ? `<w:r>${t(text)}</w:r>` : '')
}

/** `w:numPr` of a paragraph in list `instance` of `reference`; the list gets its id at its first paragraph. */
function numberProperties(reference: string, level: number, instance: number, ctx: WriteContext): string {
  const key = `${reference}-${instance}`
  let list = ctx.lists.get(key)
  if (list === undefined) ctx.lists.set(key, (list = { reference, numId: ctx.firstNumId + ctx.lists.size }))
  return `<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${list.numId}"/></w:numPr>`
}

function block(node: Block, ctx: WriteContext, instance = node.type === 'numbered' ? node.listIndex : 0): string {
  const { layout } = ctx
  switch (node.type) {
    case 'paragraph':
      return withContent(pStyle(styleId(node.role)), node.content, ctx, node.role === 'code')
    case 'numbered':
      return withContent(pStyle(styleId(numberedStyle(node.level))) + numberProperties(NUMBERED, wordLevel(node.level), instance, ctx), node.content, ctx)
    case 'bullet':
      return withContent(pStyle(styleId('bullet')) + numberProperties(BULLETED, wordLevel(node.level), 0, ctx), node.content, ctx)
    case 'continuation': {
      const indent = node.level <= 1 ? '' : `<w:ind w:left="${twips(layout.styles[numberedStyle(node.level)].indent ?? 0)}" w:firstLine="0"/>`
      return withContent(pStyle(styleId('continuation')) + indent, node.content, ctx)
    }
    case 'heading': {
      const outline = Math.min(Math.max(node.depth, 1), 9) - 1
      return withContent(`${pStyle(styleId('heading'))}${node.pageBreakBefore ? '<w:pageBreakBefore/>' : ''}<w:outlineLvl w:val="${outline}"/>`, node.content, ctx)
    }
    case 'rule':
      return paragraph(`${pStyle(styleId('body'))}<w:pBdr><w:bottom w:val="single" w:color="auto" w:sz="6" w:space="1"/></w:pBdr>`, '')
    case 'table':
      return table(node, ctx)
  }
}

/** The four sides of a `w:tblCellMar` or `w:tcMar`, `twips` each. */
const margins = (twips: number) => ['top', 'left', 'bottom', 'right'].map((side) => `<w:${side} w:type="dxa" w:w="${twips}"/>`).join('')

/** `w:tblPr` and `w:tblGrid` of a fixed table `width` wide (`indent` in from the margin), its columns, its rules (`w:val`, `w:color`, `w:sz`) and its cells' margins. */
function tableHead(width: number, columns: number[], rule: string, padding: number, indent = 0): string {
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => `<w:${side} ${rule}/>`).join('')
  return (
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${width}"/>${indent === 0 ? '' : `<w:tblInd w:type="dxa" w:w="${indent}"/>`}<w:tblBorders>${borders}</w:tblBorders><w:tblLayout w:type="fixed"/>` +
    `<w:tblCellMar>${margins(padding)}</w:tblCellMar></w:tblPr><w:tblGrid>${columns.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`
  )
}

/** A model table as `blocks.ts` makes it: ruled, fixed columns, the header row repeated, no row split. */
function table(node: Table, ctx: WriteContext): string {
  const { layout } = ctx
  const indent = tableIndent(layout, node.level)
  const width = layout.page.size[0] - layout.page.margins.left - layout.page.margins.right - indent
  const columns = columnShares(node, layout).map((share) => twips(share * width))
  const rule = `w:val="single" w:color="000000" w:sz="${Math.max(2, Math.round(layout.table.rule * 8))}"`
  const row = (cells: Cell[], header: boolean) => {
    const style = pStyle(styleId(header ? 'table-header' : 'table-cell'))
    const tcs = cells.map((cell, c) => {
      const align = node.align?.[c]
      return `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${columns[c]!}"/></w:tcPr>${withContent(style + (align ? `<w:jc w:val="${align}"/>` : ''), cell, ctx)}</w:tc>`
    })
    return `<w:tr><w:trPr><w:cantSplit/>${header ? '<w:tblHeader/>' : '<w:tblHeader w:val="off"/>'}</w:trPr>${tcs.join('')}</w:tr>`
  }
  const rows = [row(node.header, true), ...node.rows.map((cells) => row(cells, false))]
  return `${tableHead(columns.reduce((a, b) => a + b, 0), columns, rule, twips(layout.table.padding), twips(indent))}${rows.join('')}</w:tbl>`
}

/** The empty paragraph after a table, as high as the layout's space after one (`afterTable`). */
function afterTable(layout: Layout): string {
  return paragraph(`${pStyle(styleId('body'))}<w:spacing w:after="0" w:before="0" w:line="${Math.max(20, twips(layout.table.spaceAfter))}" w:lineRule="exact"/>`, '')
}

/** The body's blocks, sub-paragraphs in the list of the operative paragraph they sit under (`blocks`). */
function blocksXml(nodes: Block[], ctx: WriteContext): string {
  let top: number | undefined
  let xml = ''
  for (const node of nodes) {
    if (node.type === 'table') {
      top = undefined
      xml += block(node, ctx) + afterTable(ctx.layout)
      continue
    }
    if (node.type === 'numbered') {
      if (node.level <= 1) top = node.listIndex
      xml += block(node, ctx, node.level > 1 && top !== undefined ? top : node.listIndex)
      continue
    }
    if (node.type !== 'continuation') top = undefined
    xml += block(node, ctx)
  }
  return xml
}

/** The organ line, the header block (borderless, two columns) and the title area (`frame.ts`). */
function frameXml(frame: Frame, layout: Layout): string {
  let xml = frame.organ !== '' ? textParagraph(styleId('organ'), frame.organ) : ''
  const hasBlock = frame.left.length > 0 || frame.right.length > 0
  if (hasBlock) {
    const { size, margins: page } = layout.page
    const textWidth = size[0] - page.left - page.right
    const at = Math.min(layout.header.rightAt, textWidth)
    const widths = [twips(at), twips(textWidth - at)]
    const header = styleId('header')
    const cell = (texts: string[], width: number) =>
      `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${width}"/><w:tcMar>${margins(0)}</w:tcMar></w:tcPr>${(texts.length === 0 ? [''] : texts).map((text) => textParagraph(header, text)).join('')}</w:tc>`
    xml += `${tableHead(twips(textWidth), widths, 'w:val="none" w:color="auto" w:sz="0"', 0)}<w:tr><w:trPr><w:cantSplit/></w:trPr>${cell(frame.left, widths[0]!)}${cell(frame.right, widths[1]!)}</w:tr></w:tbl>`
  }
  const space = layout.header.spaceAfter
  frame.title.forEach((line, i) => {
    const own = layout.styles[line.style].spaceBefore ?? 0
    xml += textParagraph(styleId(line.style), line.text, i === 0 && hasBlock && own < space ? `<w:spacing w:before="${twips(space)}"/>` : '')
  })
  return xml
}

/** What goes between `<w:body>` and the section properties: the frame, then the blocks. */
export function bodyXml(frame: Frame, blocks: Block[], ctx: WriteContext): string {
  return frameXml(frame, ctx.layout) + blocksXml(blocks, ctx)
}

/** The first page's footer paragraph: the job code, or an empty paragraph. */
export function firstPageFooterXml(frame: Frame): string {
  return frame.firstPageFooter === '' ? '<w:p/>' : textParagraph(styleId('footer'), frame.firstPageFooter)
}

/** The runs a note's prefix opens it with: its number (`w:footnoteRef`) where the prefix has it. */
function prefixXml(prefix: string, n: number): string {
  const around = aroundNumber(prefix, n)
  if (around === undefined) return prefix === '' ? '' : `<w:r>${t(prefix)}</w:r>`
  const [before, after] = around
  return `${before !== '' ? `<w:r>${t(before)}</w:r>` : ''}<w:r><w:footnoteRef/></w:r>${after !== '' ? `<w:r>${t(after)}</w:r>` : ''}`
}

/** Each note's `w:footnote`, in the order of their numbers (`footnotes.ts`). */
export function notesXml(notes: Footnote[], ctx: WriteContext): string {
  const style = pStyle(styleId('footnote'))
  const written = notes.map((note) => {
    const paragraphs = note.paragraphs.length > 0 ? note.paragraphs : [[]]
    const xml = paragraphs
      .map((content, i) => {
        const { xml: runs } = runsXml(content, ctx)
        return paragraph(style, (i === 0 ? prefixXml(footnotePrefix(ctx.layout, note.number), note.number) : '') + runs)
      })
      .join('')
    return { number: note.number, xml: `<w:footnote w:id="${note.number}">${xml}</w:footnote>` }
  })
  return written
    .sort((a, b) => a.number - b.number)
    .map((note) => note.xml)
    .join('')
}
