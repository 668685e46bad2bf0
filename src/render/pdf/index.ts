/**
 * The PDF renderer: the document model set in Tinos (Times New Roman metrics) with our own line
 * breaking, paginated with footnotes at the foot of their page, drawn with pdfkit.
 *
 * typeset (build: model → set lines; paginate: lines → pages) → paint (pages → pdfkit) → bytes.
 */
import type { Render } from '../types.js'
import { createDocument, finish } from './document.js'
import { paint } from './paint.js'
import { typeset } from './typeset.js'

export const render: Render = async ({ doc, layout, registry, options }) => {
  const reported = new Set<string>()
  const missing = (ch: string) => {
    if (reported.has(ch)) return
    reported.add(ch)
    const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
    options.warn(
      'font-missing-glyph',
      `No font has a glyph for “${ch}” (U+${code}); the PDF shows an empty box in its place, and is not declared PDF/A-2b (which forbids it)`,
    )
  }
  const { builder, built, pages } = typeset(doc, layout, registry, missing)
  const delegation = built.frame.title.find((l) => l.style === 'delegation')?.text
  const keywords = ['OAS', doc.meta.symbol, doc.meta.series, doc.meta.job, delegation].filter((k): k is string => typeof k === 'string' && k !== '')
  const pdf = createDocument(layout, {
    title: doc.meta.title + (delegation ? ` (${delegation})` : ''),
    subject: doc.meta.symbol,
    author: doc.meta.organ,
    keywords,
    lang: doc.meta.lang,
    time: options.time,
    // PDF/A-2 forbids drawing .notdef: a file that must, says no more than it is.
    pdfa: reported.size === 0,
  })
  paint(pdf, layout, builder, built, pages)
  return finish(pdf)
}
