/**
 * The DOCX renderer: the official document for Word, from the document model and the layout.
 * The body and the notes are written as text from the model (`write.ts`), into the frame of the
 * parts docx compiles once per layout (`template.ts`): styles, lists, settings, headers and footers.
 * `oracle.ts` writes the same bytes with docx's objects, the reference the tests hold this to.
 */
import { frame } from '../../layout/compose.js'
import type { Render } from '../types.js'
import { addCustomXml, zipPackage } from './package.js'
import { partsOf, templateFor } from './template.js'
import { runContext } from './runs.js'
import { bodyXml, firstPageFooterXml, notesXml, type WriteContext } from './write.js'

export const render: Render = async ({ doc, layout, registry, options }) => {
  const lines = frame(doc, layout, registry)
  const template = await templateFor(doc.meta, layout, options.trackChanges, lines)
  const ctx: WriteContext = { ...runContext(layout, options.trackChanges, options.time), links: [], lists: new Map(), firstNumId: template.numbering.firstNumId }
  const body = bodyXml(lines, doc.blocks, ctx)
  const bodyLinks = ctx.links
  ctx.links = []
  const notes = notesXml(doc.footnotes, ctx)
  const texts = partsOf(template, {
    meta: doc.meta,
    time: options.time,
    body,
    notes,
    firstPageFooter: firstPageFooterXml(lines),
    lists: [...ctx.lists.values()].map((list) => list.reference),
    links: { body: bodyLinks, notes: ctx.links },
  })
  if (options.customXml !== undefined) addCustomXml(texts, options.customXml)
  return zipPackage(texts, new Map(), options.time)
}
