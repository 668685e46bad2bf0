/**
 * The HTML renderer: one self-contained page per document (inline CSS, no scripts, no external
 * resources), with the header block, title area, numbering, footnotes and proposal marks of the
 * DOCX. The stylesheet comes from the layout (`css.ts`), body blocks from `blocks.ts`, inlines
 * from `inlines.ts`; every value is escaped (`escape.ts`). The same model gives the same bytes:
 * no dates, no random ids.
 */
import { footnotePrefix, frame, type Frame } from '../../layout/compose.js'
import type { Layout } from '../../layout/load.js'
import type { DocumentModel, Footnote } from '../../model/types.js'
import type { Render, RenderInput } from '../types.js'
import { block } from './blocks.js'
import { stylesheet } from './css.js'
import { escape } from './escape.js'
import { footnoteId, inlines, referenceId, type InlineContext } from './inlines.js'

export const render: Render = async (input) => new TextEncoder().encode(renderHtml(input))

export function renderHtml({ doc, layout, registry }: RenderInput): string {
  const f = frame(doc, layout, registry)
  const ctx: InlineContext = { layout, references: new Map() }
  // The body before the footnotes: the footnotes link back to the references' ids.
  const text = doc.blocks.map((b) => block(b, ctx))
  const notes = footnotes(doc.footnotes, ctx)
  const description = doc.meta.symbol === undefined ? [] : [`<meta name="description" content="${escape(doc.meta.symbol)}">`]
  return [
    '<!DOCTYPE html>',
    `<html lang="${escape(doc.meta.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="oasgen">',
    ...description,
    `<title>${escape(pageTitle(doc, f))}</title>`,
    `<style>\n${stylesheet(layout, f, { titleGap: titleGap(f, layout) })}\n</style>`,
    '</head>',
    '<body>',
    '<main class="sheet">',
    '<header class="masthead">',
    ...headerBlock(f),
    ...titleArea(f),
    '</header>',
    '<div class="text">',
    ...text,
    '</div>',
    ...notes,
    ...(f.firstPageFooter === '' ? [] : [`<footer class="job s-footer">${escape(f.firstPageFooter)}</footer>`]),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/** The browser tab's title: symbol, the title as the drafter wrote it, the delegation's view. */
function pageTitle(doc: DocumentModel, f: Frame): string {
  const delegation = f.title.filter((line) => line.style === 'delegation').map((line) => line.text)
  return [doc.meta.symbol, doc.meta.title, ...delegation].filter((part): part is string => part !== undefined && part !== '').join(' — ')
}

/** The organ line centred above a two-column header block; nothing for a document with neither. */
function headerBlock(f: Frame): string[] {
  const out: string[] = []
  if (f.organ !== '') out.push(`<p class="s-organ">${escape(f.organ)}</p>`)
  if (f.left.length === 0 && f.right.length === 0) return out
  const column = (side: 'left' | 'right', lines: string[]) =>
    `<div class="header-${side}">${lines.map((line) => `<p class="s-header">${escape(line)}</p>`).join('')}</div>`
  out.push(`<div class="header-block">${column('left', f.left)}${column('right', f.right)}</div>`)
  return out
}

/** Symbol, draft label, title, note, delegation: each line in its style; the title is the h1. */
function titleArea(f: Frame): string[] {
  if (f.title.length === 0) return []
  const lines = f.title.map(({ style, text }) =>
    style === 'title' ? `<h1 class="s-title">${escape(text)}</h1>` : `<p class="s-${style}">${escape(text)}</p>`,
  )
  return ['<div class="title-area">', ...lines, '</div>']
}

/**
 * As in the DOCX: after a header block, the title area's first line stands at least the layout's
 * `header.spaceAfter` below it; the extra space goes above the title area.
 */
function titleGap(f: Frame, layout: Layout): number {
  const first = f.title[0]
  if (first === undefined || (f.left.length === 0 && f.right.length === 0)) return 0
  return Math.max(0, layout.header.spaceAfter - (layout.styles[first.style].spaceBefore ?? 0))
}

/**
 * The footnotes after the text, each starting with the layout's prefix (`1. `), which links back
 * to the first reference; further paragraphs follow without it.
 */
function footnotes(notes: Footnote[], ctx: InlineContext): string[] {
  if (notes.length === 0) return []
  const out = ['<section class="footnotes" role="doc-endnotes">', '<hr>']
  for (const note of notes) {
    const [, number = '', space = ''] = /^(.*?)(\s*)$/su.exec(footnotePrefix(ctx.layout, note.number)) ?? []
    const back = ctx.references.has(note.number)
      ? `<a class="footnote-number" href="#${referenceId(note.number)}" role="doc-backlink">${escape(number)}</a>`
      : `<span class="footnote-number">${escape(number)}</span>`
    const [first = [], ...rest] = note.paragraphs
    out.push(
      `<div class="footnote" id="${footnoteId(note.number)}" role="doc-endnote">`,
      `<p class="s-footnote">${back}${escape(space)}${inlines(first, ctx)}</p>`,
      ...rest.map((p) => `<p class="s-footnote">${inlines(p, ctx)}</p>`),
      '</div>',
    )
  }
  out.push('</section>')
  return out
}
