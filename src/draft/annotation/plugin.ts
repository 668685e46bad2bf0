/**
 * remark plugin: the draft syntax on top of CommonMark: GFM footnotes, strikethrough (double
 * tilde only) and tables, front matter, and bracket annotations (tree transform in
 * `transform.ts`, escaped brackets kept apart by `from-markdown.ts`, serialised back by
 * `to-markdown.ts`). Glue only.
 */
import type { Root } from 'mdast'
import { gfmFootnoteFromMarkdown, gfmFootnoteToMarkdown } from 'mdast-util-gfm-footnote'
import { gfmStrikethroughFromMarkdown, gfmStrikethroughToMarkdown } from 'mdast-util-gfm-strikethrough'
import { gfmTableFromMarkdown, gfmTableToMarkdown } from 'mdast-util-gfm-table'
import { frontmatterFromMarkdown, frontmatterToMarkdown } from 'mdast-util-frontmatter'
import { frontmatter } from 'micromark-extension-frontmatter'
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough'
import { gfmTable } from 'micromark-extension-gfm-table'
import type {} from 'remark-stringify'
import type { Processor } from 'unified'
import type { VFile } from 'vfile'
import { Diagnostics } from '../../diagnostics.js'
import { gfmFootnoteLinear } from '../footnote-call.js'
import { imageDescriptionFromMarkdown, literalBracketFromMarkdown } from './from-markdown.js'
import { annotationToMarkdown } from './to-markdown.js'
import { annotate } from './transform.js'

export interface DraftSyntaxOptions {
  /** Where to report problems, for every file; else the file's own (`file.data.diagnostics`), else a fresh one. */
  diagnostics?: Diagnostics
  /** Whether to read GFM tables (default true): without, for a text that cannot hold one (`mayHoldTable`). */
  tables?: boolean
}

/**
 * False when no line of `text` could be a table's delimiter row (`| --- | :-: |`, after the
 * quotation marks and indentation of its containers: only pipes, colons, hyphens and spaces,
 * a hyphen, and a pipe or a colon), so that the text holds no table. micromark's table syntax
 * tries every paragraph's first line as a table's head row, character by character, before it
 * can tell: for most drafts that is work the answer makes needless.
 */
export function mayHoldTable(text: string): boolean {
  return DELIMITER_ROW.test(text)
}
const DELIMITER_ROW = /^[ \t>]*(?=[ \t|:-]*-)(?=[ \t|:-]*[|:])[ \t|:-]+$/m

declare module 'vfile' {
  interface DataMap {
    /** Where the draft syntax reports a file's problems (so that one processor serves every file). */
    diagnostics: Diagnostics
  }
}

export function remarkDraft(this: Processor, options: DraftSyntaxOptions = {}) {
  const data = this.data()
  const micromark = (data.micromarkExtensions ??= [])
  const fromMarkdown = (data.fromMarkdownExtensions ??= [])
  const toMarkdown = (data.toMarkdownExtensions ??= [])
  micromark.push(frontmatter(['yaml']), gfmFootnoteLinear(), gfmStrikethrough({ singleTilde: false }), ...(options.tables === false ? [] : [gfmTable()]))
  fromMarkdown.push(frontmatterFromMarkdown(['yaml']), gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), literalBracketFromMarkdown, imageDescriptionFromMarkdown)
  toMarkdown.push(frontmatterToMarkdown(['yaml']), gfmFootnoteToMarkdown(), gfmStrikethroughToMarkdown(), gfmTableToMarkdown(), annotationToMarkdown)
  return (tree: Root, file: VFile) => {
    annotate(tree, String(file.value), options.diagnostics ?? file.data.diagnostics ?? new Diagnostics(file))
  }
}
