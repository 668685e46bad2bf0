/**
 * The docx `Document` of a DOCX: its properties, the layout's styles and lists, the page and its
 * headers and footers, around the body and notes it is given. The reference renderer
 * (`oracle.ts`) gives it the document's body; the parts every document of a layout shares are
 * compiled from one with a stand-in body (`template.ts`).
 */
import { Document, type FileChild, type Paragraph } from 'docx'
import type { Frame } from '../../layout/compose.js'
import type { Layout } from '../../layout/load.js'
import type { DocumentModel } from '../../model/types.js'
import { pageFurniture } from './frame.js'
import { numbering } from './numbering.js'
import { styles } from './styles.js'
import { twips } from './units.js'

export function wordDocument(
  meta: DocumentModel['meta'],
  layout: Layout,
  trackChanges: boolean,
  frame: Frame,
  body: FileChild[],
  notes: Record<string, { children: Paragraph[] }>,
): Document {
  const { size, margins } = layout.page
  return new Document({
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
    ...(trackChanges ? { features: { trackRevisions: true } } : {}),
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: twips(size[0]), height: twips(size[1]) },
            margin: { top: twips(margins.top), right: twips(margins.right), bottom: twips(margins.bottom), left: twips(margins.left) },
          },
        },
        ...pageFurniture(frame, layout),
        children: body,
      },
    ],
  })
}
