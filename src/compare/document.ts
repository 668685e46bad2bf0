/**
 * The compare document: the new revision's bracketed text with a marker (‹1›, ‹2› …, bold)
 * after each proposal that changed, followed by an annex that lists the changes (proposals,
 * paragraphs, base-text edits: tables) and a summary (counts per change and per delegation),
 * and, for more than two revisions, each revision's figures. It is a document model like any
 * view's, laid out by the layout and rendered by the renderers as they render any document.
 *
 * A proposal the new revision no longer shows (agreed, withdrawn) has its marker at the end of
 * the paragraph it was in; one whose paragraph is gone is in the annex only.
 */
import type { Root } from 'mdast'
import { diffArrays } from 'diff'
import type { DraftMeta } from '../draft/frontmatter.js'
import type { Block, DocumentModel, Inline, Table, Text } from '../model/types.js'
import { proposalsOf, type DraftProposals, type ParagraphFacts } from '../proposals/proposals.js'
import { plainText, resolveView } from '../view/resolve.js'
import { ends, refPair } from './report.js'
import { PROPOSAL_CHANGES, type CompareReport, type Comparison, type ProposalChange, type WordDiff } from './schema.js'

export interface CompareDocumentInput {
  report: CompareReport
  /** The last revision: its text is the document's. */
  meta: DraftMeta
  tree: Root
}

const text = (value: string, marks: Text['marks'] = []): Text => ({ type: 'text', value, marks })
const cell = (value: string): Inline[] => [text(value)]
const marker = (numbers: number[]): Text => text(`‹${numbers.join(', ')}›`, ['bold'])

export function compareDocument({ report, meta, tree }: CompareDocumentInput): DocumentModel {
  const last = report.comparisons[report.comparisons.length - 1]!
  const { doc } = resolveView({ meta, tree }, { kind: 'bracketed' })
  placeMarkers(doc, proposalsOf(tree), last)
  const from = report.revisions[last.old]!.label
  const intro: Block = {
    type: 'paragraph',
    role: 'body',
    content: [text(`Compared with ${from}: each mark ‹n› in the text refers to change n in the annex.`, ['italic'])],
  }
  return { ...doc, blocks: [intro, ...doc.blocks, ...annex(report)] }
}

/** Bold markers after the changed proposals the text shows, and at the end of the paragraphs of those it no longer shows. */
function placeMarkers(doc: DocumentModel, facts: DraftProposals, c: Comparison): void {
  const byRef = new Map<string, number[]>()
  const add = (ref: string, n: number) => byRef.set(ref, [...(byRef.get(ref) ?? []), n])
  const paragraphMarks = new Map<string, number[]>()
  const paired = new Map(c.paragraphs.filter((p) => p.old !== undefined && p.new !== undefined).map((p) => [p.old!, p.new!]))
  for (const entry of c.proposals) {
    if (entry.marker === undefined) continue
    const shown = entry.new && entry.new.state === 'pending'
    if (shown) add(entry.new!.ref, entry.marker)
    else {
      const paragraph = entry.new?.paragraph ?? paired.get(entry.old!.paragraph)
      if (paragraph !== undefined) paragraphMarks.set(paragraph, [...(paragraphMarks.get(paragraph) ?? []), entry.marker])
    }
  }
  const shownRefs = (ps: ParagraphFacts[]) => {
    const state = new Map(facts.proposals.map((p) => [p.ref, p]))
    return ps.flatMap((p) => p.proposals).filter((ref) => state.get(ref)!.state === 'pending' && !state.get(ref)!.moot)
  }
  const body = facts.paragraphs.filter((p) => p.kind !== 'FN')
  const queue = shownRefs(body)
  const mark = (inlines: Inline[]): Inline[] => {
    const out: Inline[] = []
    for (const inline of inlines) {
      if (inline.type === 'proposal') {
        const numbers: number[] = []
        const take = (node: Inline) => {
          if (node.type === 'proposal') {
            const ref = queue.shift()
            if (ref === undefined) throw new Error('compare: the bracketed view shows more proposals than the draft has pending')
            numbers.push(...(byRef.get(ref) ?? []))
          }
          if ('children' in node) node.children.forEach(take)
        }
        take(inline)
        out.push(inline)
        if (numbers.length > 0) out.push(marker(numbers))
      } else {
        out.push('children' in inline ? ({ ...inline, children: mark(inline.children) } as Inline) : inline)
      }
    }
    return out
  }
  const squeeze = (s: string) => s.replace(/\s+/g, '')
  // What the view prints, block by block: a paragraph's content, or a table's cells (header, then row by row), as the draft's text reads them.
  const blocks = doc.blocks.flatMap((block): Printed[] => {
    if ('content' in block) return [{ cells: [block.content], set: (cells) => (block.content = cells[0]!) }]
    if (block.type !== 'table') return []
    return [{
      cells: [...block.header, ...block.rows.flat()],
      set: (cells) => {
        let at = 0
        const take = (n: number) => cells.slice(at, (at += n))
        block.header = take(block.header.length)
        block.rows = block.rows.map((row) => take(row.length))
      },
    }]
  })
  const blockTexts = blocks.map((b) => squeeze(b.cells.map(plainText).join('')))
  for (const block of blocks) block.cells = block.cells.map(mark)
  if (queue.length > 0) throw new Error(`compare: ${queue.length} pending proposals not found in the bracketed view`)
  for (const note of doc.footnotes) {
    const fn = facts.paragraphs.find((p) => p.kind === 'FN' && p.label === note.label)
    queue.push(...(fn ? shownRefs([fn]) : []))
    note.paragraphs = note.paragraphs.map(mark)
    queue.length = 0
  }
  // Paragraph marks: the blocks of the bracketed view in order against the paragraphs whose text they start;
  // the mark goes after the paragraph's last block (its table's last cell, when it ends with a table).
  const printed = new Map(facts.proposals.map((p) => [p.ref, p.state]))
  const textOfParagraph = (p: ParagraphFacts) =>
    squeeze(
      p.text
        .filter((piece) => piece.in.every((step) => printed.get(step.ref) === 'pending' || (printed.get(step.ref) === 'agreed') === (step.within === 'insertion')))
        .map((piece) => piece.text)
        .join(''),
    )
  const texts = body.map(textOfParagraph)
  const starts: Array<[paragraph: number, block: number]> = []
  let i = 0
  let j = 0
  for (const part of diffArrays(body.map((_, k) => k), blocks.map((_, k) => k), { comparator: (p, b) => blockTexts[b] !== '' && texts[p]!.startsWith(blockTexts[b]!) })) {
    if (part.removed) i += part.count
    else if (part.added) j += part.count
    else for (let k = 0; k < part.count; k++) starts.push([i++, j++])
  }
  starts.forEach(([p, b], k) => {
    const numbers = paragraphMarks.get(body[p]!.ref)
    if (!numbers) return
    // Its further blocks: those up to the next paragraph's first whose text is in its own.
    let end = b
    const stop = starts[k + 1]?.[1] ?? blocks.length
    while (end + 1 < stop && blockTexts[end + 1] !== '' && texts[p]!.includes(blockTexts[end + 1]!)) end++
    const cells = blocks[end]!.cells
    cells[cells.length - 1] = [...cells[cells.length - 1]!, text(' '), marker(numbers)]
  })
  for (const block of blocks) block.set(block.cells)
}

/** A block of the compare document as markers see it: its runs of text (a paragraph's one, a table's cells), and how to put them back. */
interface Printed {
  cells: Inline[][]
  set(cells: Inline[][]): void
}

/** The annex: for each comparison its changes and summary; the revisions' figures when there are more than two. */
function annex(report: CompareReport): Block[] {
  const out: Block[] = []
  const heading = (depth: number, value: string, pageBreakBefore = false): Block => ({ type: 'heading', depth, content: cell(value), ...(pageBreakBefore ? { pageBreakBefore } : {}) })
  const note = (value: string): Block => ({ type: 'paragraph', role: 'body', content: cell(value) })
  report.comparisons.forEach((c, k) => {
    const from = report.revisions[c.old]!.label
    const to = report.revisions[c.new]!.label
    out.push(heading(1, `Annex${report.comparisons.length > 1 ? ` ${k + 1}` : ''}: changes from ${from} to ${to}`, true))
    const changed = c.proposals.filter((p) => p.marker !== undefined)
    out.push(heading(2, 'Proposals'))
    if (changed.length === 0) out.push(note('No proposal changed.'))
    else out.push(proposalTable(changed, k === report.comparisons.length - 1))
    out.push(heading(2, 'Paragraphs'))
    out.push({
      type: 'table',
      header: [cell('Paragraph'), cell('Former number'), cell('Change')],
      rows: c.paragraphs.map((p) => [cell(p.new ?? '—'), cell(p.old ?? '—'), cell(paragraphChange(p))]),
      widths: [1, 1, 2],
    })
    out.push(heading(2, 'Base text edits (outside any proposal)'))
    if (c.baseEdits.length === 0) out.push(note('None.'))
    else
      out.push({
        type: 'table',
        header: [cell('Paragraph'), cell('Removed'), cell('Added'), cell('After')],
        rows: c.baseEdits.map((e) => [cell(refPair(e.old, e.new)), [text(e.removed, ['strike'])], [text(e.added, ['bold'])], cell(e.context)]),
        widths: [1.2, 2, 2, 1.5],
      })
    out.push(heading(2, 'Summary'))
    out.push(...summary(c))
  })
  if (report.revisions.length > 2) {
    out.push(heading(1, 'The revisions', true))
    out.push({
      type: 'table',
      header: [cell('Revision'), cell('Pending proposals'), cell('Bracketed words'), cell('Paragraphs free of brackets')],
      rows: report.revisions.map((r) => [cell(r.label), cell(String(r.pending)), cell(String(r.bracketedWords)), cell(`${r.free} of ${r.paragraphs}`)]),
      align: ['left', 'right', 'right', 'right'],
    })
  }
  return out
}

function paragraphChange(p: Comparison['paragraphs'][number]): string {
  if (p.change === 'uncertain') return `cannot be matched with confidence: ${p.candidates?.join(' or ')}?`
  if (p.change === 'kept') return p.old === p.new ? 'kept' : 'kept, renumbered'
  return p.change
}

function proposalTable(changed: ProposalChange[], marked: boolean): Table {
  return {
    type: 'table',
    header: [cell(marked ? 'Mark' : 'No.'), cell('Proposal'), cell('Sponsors'), cell('Change')],
    rows: changed.map((p) => {
      const subject = p.new ?? p.old ?? p.merged![0]!
      const ref = p.merged ? `${p.new!.ref} (former ${p.merged.map((m) => m.ref).join(' + ')})` : refPair(p.old?.ref, p.new?.ref)
      return [cell(marked ? `‹${p.marker}›` : String(p.marker)), cell(ref), cell(subject.sponsors.join(', ') || 'bracketed text'), changeCell(p)]
    }),
    widths: [0.6, 1.6, 1.1, 4],
  }
}

/** What changed, in words, with the word diff of an amendment: removed words struck, added words bold. */
function changeCell(p: ProposalChange): Inline[] {
  const out: Inline[] = []
  const words = p.changes.map((kind) => {
    if (kind === 'agreed' || kind === 'withdrawn') return `${kind}${p.how === 'in the text' ? ', now in the text' : p.how === 'gone' ? ', taken out' : ''}${p.old?.state === kind ? ' (already so marked)' : ''}`
    if ((kind === 'co-sponsored' || kind === 'merged') && p.sponsors) return `${kind} (${[...p.sponsors.added.map((s) => `+${s}`), ...p.sponsors.removed.map((s) => `−${s}`)].join(' ')})`
    if (kind === 'uncertain') return `cannot be matched with confidence: ${p.candidates?.join(' or ')}?`
    return kind
  })
  out.push(text(words.join(', ')))
  const diff = (label: string, d: WordDiff | undefined) => {
    if (!d) return
    out.push(text(`; ${label}: `))
    d.forEach((part, i) => {
      if (i > 0) out.push(text(' '))
      if (part.op === 'same') out.push(text(ends(part.text, i === 0, i === d.length - 1)))
      else out.push(text(part.text, [part.op === 'removed' ? 'strike' : 'bold']))
    })
  }
  diff('text', p.inserted)
  diff('deletes', p.deleted)
  if (p.changes.includes('new') && p.new) out.push(text(`: ${brief(p.new)}`))
  return out
}

const brief = (side: { inserted: string; deleted: string }) => {
  const cut = (s: string) => {
    const ws = s.split(' ')
    return ws.length > 14 ? [...ws.slice(0, 7), '…', ...ws.slice(-5)].join(' ') : s
  }
  return [side.deleted && `deletes “${cut(side.deleted)}”`, side.inserted && `inserts “${cut(side.inserted)}”`].filter(Boolean).join(', ')
}

function summary(c: Comparison): Block[] {
  const kinds = PROPOSAL_CHANGES.filter((k) => c.summary.proposals[k]! > 0)
  const out: Block[] = []
  const paragraphs = Object.entries(c.summary.paragraphs)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')
  out.push({ type: 'paragraph', role: 'body', content: cell(`Paragraphs: ${paragraphs || 'none'}. Base text edits: ${c.summary.baseEdits}.`) })
  if (kinds.length === 0) return out
  const delegations = Object.entries(c.summary.byDelegation)
  out.push({
    type: 'table',
    header: [cell('Delegation'), ...kinds.map((k) => cell(k))],
    rows: [
      [[text('All', ['bold'])], ...kinds.map((k) => [text(String(c.summary.proposals[k]), ['bold'])])],
      ...delegations.map(([code, d]) => [cell(code === '—' ? '(no sponsor)' : code), ...kinds.map((k) => cell(String(d[k])))]),
    ],
    align: ['left', ...kinds.map(() => 'right' as const)],
  })
  return out
}
