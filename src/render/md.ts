/**
 * The resolved draft in the draft format itself, front matter included: shown proposals are
 * annotations again, resolved ones plain text. Building it again in the same view changes
 * nothing. The model is turned back into mdast and written by remark-stringify with the
 * draft syntax's handlers, which also escape what needs escaping.
 */
import type { BlockContent, Blockquote, FootnoteDefinition, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast'
import remarkStringify from 'remark-stringify'
import { gfmTableToMarkdown } from 'mdast-util-gfm-table'
import { unified, type Processor } from 'unified'
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
      children: note.paragraphs.map((p) => ({ type: 'paragraph', children: toPhrasing(p) })),
    }
    tree.children.push(definition)
  }
  return writer.stringify(tree)
}

/** Blocks of the model as Markdown, without front matter (the status table's md). */
export function markdownOf(blocks: Block[]): string {
  return writer.stringify({ type: 'root', children: toBlocks(blocks) })
}

/** GFM tables, written as pipe tables (the draft syntax does not read them: the md of a table is for people). */
function remarkTables(this: Processor) {
  ;(this.data().toMarkdownExtensions ??= []).push(gfmTableToMarkdown())
}

/** One writer for every document (and `import`'s edited paragraphs): the draft syntax's handlers and the house style of drafts. */
export const writer = unified()
  .use(remarkDraft)
  .use(remarkTables)
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

function toBlocks(blocks: Block[]): RootContent[] {
  const out: RootContent[] = []
  // Open lists, by level (index 0 is level 1), to rebuild nesting from the flat blocks.
  let lists: List[] = []
  let quote: Blockquote | undefined
  const itemAt = (level: number): ListItem | undefined => lists[level - 1]?.children.at(-1)
  const place = (level: number, list: List) => {
    if (level === 1) out.push(list)
    else itemAt(level - 1)?.children.push(list)
  }
  for (const block of blocks) {
    if (block.type !== 'paragraph' || block.role !== 'quote') quote = undefined
    switch (block.type) {
      case 'numbered':
      case 'bullet': {
        const ordered = block.type === 'numbered'
        lists = lists.slice(0, block.level)
        let list = lists[block.level - 1]
        if (!list || list.ordered !== ordered || (block.type === 'numbered' && block.number === 1)) {
          list = { type: 'list', ordered, start: ordered ? 1 : null, spread: block.level === 1, children: [] }
          lists[block.level - 1] = list
          place(block.level, list)
        }
        list.children.push({ type: 'listItem', spread: false, children: block.content.length > 0 ? [paragraph(block.content)] : [] })
        break
      }
      case 'continuation':
        itemAt(block.level)?.children.push(paragraph(block.content))
        break
      case 'paragraph':
        lists = []
        if (block.role === 'quote') {
          if (!quote) {
            quote = { type: 'blockquote', children: [] }
            out.push(quote)
          }
          quote.children.push(paragraph(block.content))
        } else if (block.role === 'code') {
          out.push({ type: 'code', value: block.content.map((i) => (i.type === 'text' ? i.value : '')).join('') })
        } else {
          out.push(paragraph(block.content))
        }
        break
      case 'heading':
        lists = []
        out.push({ type: 'heading', depth: Math.min(6, Math.max(1, block.depth)) as 1, children: toPhrasing(block.content) })
        break
      case 'rule':
        lists = []
        out.push({ type: 'thematicBreak' })
        break
      case 'table': {
        const table: RootContent & BlockContent = {
          type: 'table',
          align: block.header.map((_, c) => block.align?.[c] ?? null),
          children: [block.header, ...block.rows].map((row) => ({ type: 'tableRow', children: row.map((cell) => ({ type: 'tableCell', children: toPhrasing(cell) })) })),
        }
        // A table in a list item stays in it, so that the list goes on after it.
        const item = block.level === undefined ? undefined : itemAt(block.level)
        if (item) {
          lists = lists.slice(0, block.level)
          item.children.push(table)
        } else {
          lists = []
          out.push(table)
        }
        break
      }
    }
  }
  return out
}

function paragraph(content: Inline[]): Paragraph & BlockContent {
  return { type: 'paragraph', children: toPhrasing(content) }
}

function toPhrasing(inlines: Inline[]): PhrasingContent[] {
  return inlines.flatMap((inline): PhrasingContent[] => {
    switch (inline.type) {
      case 'text':
        return [withMarks(inline.value, inline.marks)]
      case 'footnoteRef':
        return [{ type: 'footnoteReference', identifier: inline.label, label: inline.label }]
      case 'break':
        return [{ type: 'break' }]
      case 'link':
        return [{ type: 'link', url: inline.url, children: toPhrasing(inline.children) }]
      case 'insertion':
        return toPhrasing(inline.children)
      case 'deletion':
        return [{ type: 'delete', children: toPhrasing(inline.children) }]
      case 'proposal': {
        const node: Annotation = { type: 'annotation', sponsors: inline.sponsors, tag: inline.tag, state: 'pending', children: toPhrasing(inline.children) }
        return [node]
      }
    }
  })
}

/** A text run inside the mdast nodes its marks stand for (code innermost). */
function withMarks(value: string, marks: Mark[]): PhrasingContent {
  let node: PhrasingContent = marks.includes('code') ? { type: 'inlineCode', value } : { type: 'text', value }
  if (marks.includes('strike')) node = { type: 'delete', children: [node] }
  if (marks.includes('italic')) node = { type: 'emphasis', children: [node] }
  if (marks.includes('bold')) node = { type: 'strong', children: [node] }
  return node
}
