/**
 * The DOCX renderer: the official document for Word, from the document model and the layout.
 * This file only orchestrates; styles, numbering, the frame, runs, footnotes and the package
 * each have their own module.
 */
import { Document } from 'docx'
import { frame } from '../../layout/compose.js'
import type { Render } from '../types.js'
import { blocks } from './blocks.js'
import { footnotes } from './footnotes.js'
import { headerBlock, pageFurniture, titleArea } from './frame.js'
import { numbering } from './numbering.js'
import { packageOf } from './package.js'
import type { RunContext } from './runs.js'
import { styles } from './styles.js'
import { twips, w3cdtf } from './units.js'

export const render: Render = async ({ doc, layout, registry, options }) => {
  const lines = frame(doc, layout, registry)
  let revision = 0
  let bookmark = 0
  const ctx: RunContext = {
    layout,
    trackChanges: options.trackChanges,
    date: w3cdtf(options.time),
    revisionId: () => ++revision,
    bookmarkId: () => ++bookmark,
    referenced: new Set(),
  }
  const body = [...headerBlock(lines, layout), ...titleArea(lines, layout), ...blocks(doc.blocks, ctx)]
  const notes = footnotes(doc.footnotes, ctx)
  const { size, margins } = layout.page
  const { meta } = doc

  const document = new Document({
    title: meta.title,
    ...(meta.symbol !== undefined ? { subject: meta.symbol } : {}),
    // The organ is the document's author; without one, none (docx would write "Un-named").
    creator: meta.organ ?? '',
    lastModifiedBy: meta.organ ?? '',
    revision: 1,
    styles: styles(layout),
    numbering: numbering(layout),
    footnotes: notes,
    // The space after one paragraph and the space before the next add up, as the layout means
    // them and the PDF and the HTML lay them out; without this, Word and LibreOffice take the
    // larger of the two (docs/decisions.md, "Space between paragraphs").
    compatibility: { version: 15, doNotUseHTMLParagraphAutoSpacing: true },
    // With revisions in it, the document opens with Track Changes on, so that edits are tracked too.
    ...(options.trackChanges ? { features: { trackRevisions: true } } : {}),
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: twips(size[0]), height: twips(size[1]) },
            margin: { top: twips(margins.top), right: twips(margins.right), bottom: twips(margins.bottom), left: twips(margins.left) },
          },
        },
        ...pageFurniture(lines, layout),
        children: body,
      },
    ],
  })
  const facts = { time: options.time, language: meta.lang, ...(options.customXml !== undefined ? { customXml: options.customXml } : {}) }
  // The parts a layout's documents share are kept per layout and per what changes them: track changes.
  return packageOf(document, layout, options.trackChanges ? 'track-changes' : '', facts)
}
