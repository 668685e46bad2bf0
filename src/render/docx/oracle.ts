/**
 * The DOCX as docx writes it from its own objects (`blocks.ts`, `runs.ts`, `footnotes.ts`,
 * `frame.ts`), every part compiled by docx: how oasgen wrote DOCX before it wrote the body and
 * the notes as text (`write.ts`), kept as the reference that writer is held to, byte for byte
 * (tests/docx-text.test.ts). Not used to render.
 */
import { frame } from '../../layout/compose.js'
import type { Render } from '../types.js'
import { blocks } from './blocks.js'
import { wordDocument } from './document.js'
import { footnotes } from './footnotes.js'
import { headerBlock, titleArea } from './frame.js'
import { packageOf } from './package.js'
import { runContext } from './runs.js'

export const renderWithDocx: Render = async ({ doc, layout, registry, options }) => {
  const lines = frame(doc, layout, registry)
  const ctx = runContext(layout, options.trackChanges, options.time)
  const body = [...headerBlock(lines, layout), ...titleArea(lines, layout), ...blocks(doc.blocks, ctx)]
  const notes = footnotes(doc.footnotes, ctx)
  const document = wordDocument(doc.meta, layout, options.trackChanges, lines, body, notes)
  const facts = { time: options.time, language: doc.meta.lang, ...(options.customXml !== undefined ? { customXml: options.customXml } : {}) }
  return packageOf(document, facts)
}
