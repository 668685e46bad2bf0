/**
 * Body blocks → Word paragraphs, each in the paragraph style of its role; numbered paragraphs in
 * the concrete numbering of their list; bullets in the bullet numbering.
 */
import { Paragraph, type IParagraphOptions } from 'docx'
import type { Layout } from '../../layout/load.js'
import type { Block } from '../../model/types.js'
import { numberedStyle } from '../../layout/compose.js'
import { BULLETED, NUMBERED, wordLevel } from './numbering.js'
import { renderRuns, type RunContext } from './runs.js'
import { styleId } from './styles.js'
import { twips } from './units.js'

/** The options of a paragraph whose content is `inlines`, with its mark inserted when all its text is. */
function withContent(options: IParagraphOptions, content: Parameters<typeof renderRuns>[0], ctx: RunContext, keepLines = false): Paragraph {
  const { children, insertedBy } = renderRuns(content, ctx, { keepLines })
  const mark = insertedBy !== undefined ? { run: { insertion: { id: ctx.revisionId(), author: insertedBy, date: ctx.date } } } : {}
  return new Paragraph({ ...options, ...mark, children })
}

/** A continuation paragraph at a sub-paragraph level is indented with that level's text. */
function continuationIndent(layout: Layout, level: number): IParagraphOptions {
  if (level <= 1) return {}
  return { indent: { left: twips(layout.styles[numberedStyle(level)].indent ?? 0), firstLine: 0 } }
}

/**
 * `instance` is the Word list a numbered paragraph is in. Sub-paragraphs join the list of the
 * operative paragraph they sit under, so the document has one multi-level list per top-level list
 * (Word restarts `a.` after each `1.`, as the model numbers them); a numbered list under no
 * numbered paragraph has a list of its own.
 */
export function block(node: Block, ctx: RunContext, instance = node.type === 'numbered' ? node.listIndex : 0): Paragraph {
  const { layout } = ctx
  switch (node.type) {
    case 'paragraph':
      return withContent({ style: styleId(node.role) }, node.content, ctx, node.role === 'code')
    case 'numbered':
      return withContent(
        {
          style: styleId(numberedStyle(node.level)),
          numbering: { reference: NUMBERED, level: wordLevel(node.level), instance, custom: true },
        },
        node.content,
        ctx,
      )
    case 'bullet':
      return withContent(
        { style: styleId('bullet'), numbering: { reference: BULLETED, level: wordLevel(node.level), custom: true } },
        node.content,
        ctx,
      )
    case 'continuation':
      return withContent({ style: styleId('continuation'), ...continuationIndent(layout, node.level) }, node.content, ctx)
    case 'heading':
      return withContent({ style: styleId('heading'), outlineLevel: Math.min(Math.max(node.depth, 1), 9) - 1 }, node.content, ctx)
    case 'rule':
      return new Paragraph({ style: styleId('body'), thematicBreak: true })
  }
}

export function blocks(nodes: Block[], ctx: RunContext): Paragraph[] {
  let top: number | undefined
  return nodes.map((node) => {
    if (node.type === 'numbered') {
      if (node.level <= 1) top = node.listIndex
      return block(node, ctx, node.level > 1 && top !== undefined ? top : node.listIndex)
    }
    // A list item's further paragraphs stay in its list; anything else ends it.
    if (node.type !== 'continuation') top = undefined
    return block(node, ctx)
  })
}
