/**
 * The resolved draft in the draft format itself, front matter included: shown proposals are
 * annotations again, resolved ones plain text. Building it again in the same view changes
 * nothing. The model is turned back into mdast and written by remark-stringify with the
 * draft syntax's handlers, which also escape what needs escaping.
 */
import type { BlockContent, Blockquote, FootnoteDefinition, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import { stringify as toYaml } from 'yaml'
import { remarkDraft } from '../draft/annotation/plugin.js'
import type { Annotation } from '../draft/annotation/types.js'
import { META_KEYS, type DraftMeta } from '../draft/frontmatter.js'
import type { Block, Inline, Mark } from '../model/types.js'
import type { Render } from './types.js'
import { scenarioLine } from '../layout/compose.js'

/**
 * A scenario's draft says what it is in a comment after the front matter: a comment prints
 * nothing, so building the draft again in the same scenario gives the same file.
 */
export const render: Render = async ({ doc, layout, registry }) => new TextEncoder().encode(toMarkdown(doc.meta, doc.blocks, doc.footnotes, scenarioLine(doc, layout, registry)))

export function toMarkdown(meta: DraftMeta, blocks: Block[], footnotes: Array<{ label: string; paragraphs: Inline[][] }>, notice = ''): string {
  // `--` cannot be in a comment; the notice's words and codes never hold it, but a locale might.
  const comment: RootContent[] = notice === '' ? [] : [{ type: 'html', value: `<!-- ${notice.replaceAll('--', '- -')} -->` }]
  const tree: Root = { type: 'root', children: [{ type: 'yaml', value: frontMatter(meta) }, ...comment, ...toBlocks(blocks)] }
  for (const note of footnotes) {
    const definition: FootnoteDefinition = {
      type: 'footnoteDefinition',
      identifier: note.label,
      label: note.label,
      children: note.paragraphs.map((p) => paragraph(p)),
    }
    tree.children.push(definition)
  }
  return writer.stringify(tree)
}

/** Blocks of the model as Markdown, without front matter (the status table's md). */
export function markdownOf(blocks: Block[]): string {
  return writer.stringify({ type: 'root', children: toBlocks(blocks) })
}

/** One writer for every document (and `import`'s edited paragraphs): the draft syntax's handlers and the house style of drafts. */
export const writer = unified()
  .use(remarkDraft)
  .use(remarkStringify, { bullet: '-', emphasis: '*', strong: '*', incrementListMarker: true, listItemIndent: 'one', rule: '-', fences: true })
  .freeze()

/** The front matter as written by a drafter: fields in the documented order, defaults left out. */
function frontMatter(meta: DraftMeta): string {
  const out: Record<string, unknown> = {}
  for (const key of META_KEYS) {
    const value = (meta as Record<string, unknown>)[key]
    if (value === undefined) continue
    if (key === 'meeting' && Array.isArray(value) && value.length === 0) continue
    if (key === 'draft' && value === false) continue
    if (key === 'original' && value === meta.lang) continue
    out[key] = value
  }
  return toYaml(out, { lineWidth: 0 }).trimEnd()
}

/** A container being written: the root, a quotation or a list item, with the lists open in it by level (index 0 is level 1). */
interface Frame {
  node: Root | Blockquote | ListItem
  lists: List[]
}

/**
 * The flat blocks back into Markdown's nesting: each block inside the containers the model says
 * it is written in (`within`: quotations, list items), list items by their levels. Written this
 * way, the md reads back into the same blocks.
 */
function toBlocks(blocks: Block[]): RootContent[] {
  const root: Root = { type: 'root', children: [] }
  // The containers open now, outermost first: the root, then one per entry of the last block's `within`.
  let open: Frame[] = [{ node: root, lists: [] }]
  /** A block into a container: in an item, a blank line apart from what precedes it (a table after a sub-item would read as that sub-item's text going on). */
  const put = (frame: Frame, node: RootContent) => {
    if (frame.node.type === 'listItem') frame.node.spread = true
    ;(frame.node.children as RootContent[]).push(node)
  }
  for (const block of blocks) {
    // 1. Open the block's containers, keeping those already open that are the same.
    const within = block.within ?? []
    let depth = 0
    for (const container of within) {
      const parent = open[depth]!
      const current = open[depth + 1]
      if (container === 'quote') {
        if (current?.node.type !== 'blockquote') {
          const quote: Blockquote = { type: 'blockquote', children: [] }
          parent.lists = []
          put(parent, quote)
          open = [...open.slice(0, depth + 1), { node: quote, lists: [] }]
        }
      } else {
        // No such item (a model not made from a draft): the block goes where its item would be.
        const item = parent.lists[container - 1]?.children.at(-1)
        if (!item) break
        if (current?.node !== item) {
          parent.lists = parent.lists.slice(0, container)
          open = [...open.slice(0, depth + 1), { node: item, lists: [] }]
        }
      }
      depth++
    }
    open = open.slice(0, depth + 1)
    const frame = open[depth]!
    // 2. Write it there.
    switch (block.type) {
      case 'numbered':
      case 'bullet': {
        const ordered = block.type === 'numbered'
        const lists = frame.lists.slice(0, block.level)
        let list = lists[block.level - 1]
        if (!list || list.ordered !== ordered || (block.type === 'numbered' && block.number === 1)) {
          list = { type: 'list', ordered, start: ordered ? 1 : null, spread: block.level === 1, children: [] }
          lists[block.level - 1] = list
          const holder = block.level > 1 ? lists[block.level - 2]?.children.at(-1) : undefined
          if (holder) holder.children.push(list)
          else (frame.node.children as RootContent[]).push(list)
        }
        list.children.push({ type: 'listItem', spread: false, children: block.content.length > 0 ? [paragraph(block.content)] : [] })
        frame.lists = lists
        break
      }
      case 'continuation':
        // The item's further paragraph closes its sub-lists: an item after it starts a new one.
        frame.lists = frame.lists.slice(0, block.level)
        frame.lists[block.level - 1]?.children.at(-1)?.children.push(paragraph(block.content))
        break
      case 'paragraph':
        frame.lists = []
        if (block.role === 'code') put(frame, { type: 'code', value: block.content.map((i) => (i.type === 'text' ? i.value : '')).join('') })
        else put(frame, paragraph(block.content))
        break
      case 'heading':
        frame.lists = []
        put(frame, { type: 'heading', depth: Math.min(6, Math.max(1, block.depth)) as 1, children: toPhrasing(block.content) })
        break
      case 'rule':
        frame.lists = []
        put(frame, { type: 'thematicBreak' })
        break
      case 'table':
        frame.lists = []
        put(frame, {
          type: 'table',
          align: block.header.map((_, c) => block.align?.[c] ?? null),
          children: [block.header, ...block.rows].map((row) => ({ type: 'tableRow', children: row.map((cell) => ({ type: 'tableCell', children: toPhrasing(cell) })) })),
        })
        break
    }
  }
  return root.children
}

function paragraph(content: Inline[]): Paragraph & BlockContent {
  return { type: 'paragraph', children: definitionSafe(toPhrasing(content)) }
}

/**
 * A paragraph that starts with a bracket and a colon (`[^1]:a`, `[US: x]: b`, left when a view
 * applies or takes out what came first) would read as a footnote or link definition, and its
 * text would be gone: that colon is written escaped (`[^1]\:a`), as raw output, since a text
 * node's backslash would be escaped itself.
 */
function definitionSafe(children: PhrasingContent[]): PhrasingContent[] {
  const [first, second, ...rest] = children
  if ((first?.type !== 'footnoteReference' && first?.type !== 'annotation') || second?.type !== 'text' || !second.value.startsWith(':')) return children
  const after: PhrasingContent[] = second.value.length > 1 ? [{ ...second, value: second.value.slice(1) }] : []
  return [first, { type: 'html', value: '\\:' }, ...after, ...rest]
}

/**
 * Inlines as mdast. Neighbouring runs that share a mark are written inside one wrapper
 * (`~~\`code\`a~~`, `*a **b***`): two wrappers side by side would meet as one delimiter run
 * (`~~\`code\`~~~~a~~`) and read back as other marks.
 */
function toPhrasing(inlines: Inline[]): PhrasingContent[] {
  return wrapped(piecesOf(inlines), WRAPPERS)
}

/** Text runs as they are, other inlines as nodes; an insertion is only its children. */
function piecesOf(inlines: Inline[]): Piece[] {
  return inlines.flatMap((inline): Piece[] => {
    switch (inline.type) {
      case 'text':
        return [{ node: inline.value, marks: inline.marks }]
      case 'insertion':
        return piecesOf(inline.children)
      case 'footnoteRef':
        return [{ node: { type: 'footnoteReference', identifier: inline.label, label: inline.label }, marks: [] }]
      case 'break':
        return [{ node: { type: 'break' }, marks: [] }]
      case 'link':
        return [{ node: { type: 'link', url: inline.url, children: toPhrasing(inline.children) }, marks: [] }]
      case 'deletion':
        return [{ node: { type: 'delete', children: toPhrasing(inline.children) }, marks: [] }]
      case 'proposal': {
        const node: Annotation = { type: 'annotation', sponsors: inline.sponsors, tag: inline.tag, state: 'pending', children: toPhrasing(inline.children) }
        return [{ node, marks: [] }]
      }
    }
  })
}

/** The marks written as wrappers, the outermost first when two runs start at one place and end at another. */
const WRAPPERS = ['bold', 'italic', 'strike'] as const
type Wrapper = (typeof WRAPPERS)[number]
const WRAPPER_NODE = { bold: 'strong', italic: 'emphasis', strike: 'delete' } as const

/** A run's text still to be written with these marks, or a node already written. */
interface Piece {
  node: string | PhrasingContent
  marks: readonly Mark[]
}

/**
 * The pieces with their `open` marks as wrappers: at each piece, the mark it shares with the
 * longest stretch of pieces after it wraps that whole stretch (ties go to the outermost in
 * `WRAPPERS`); inside, the same with the marks left. Code is innermost, in each run.
 */
function wrapped(pieces: Piece[], open: readonly Wrapper[]): PhrasingContent[] {
  const out: PhrasingContent[] = []
  for (let at = 0; at < pieces.length; ) {
    let best: { mark: Wrapper; end: number } | undefined
    for (const mark of open) {
      let end = at
      while (end < pieces.length && pieces[end]!.marks.includes(mark)) end++
      if (end > at && (!best || end > best.end)) best = { mark, end }
    }
    if (best) {
      const inner = open.filter((m) => m !== best.mark)
      out.push({ type: WRAPPER_NODE[best.mark], children: wrapped(pieces.slice(at, best.end), inner) } as PhrasingContent)
      at = best.end
      continue
    }
    const { node, marks } = pieces[at]!
    out.push(typeof node !== 'string' ? node : marks.includes('code') ? { type: 'inlineCode', value: node } : { type: 'text', value: node })
    at++
  }
  return out
}
