/**
 * The document oasgen writes for a draft in a view, read back: what a returned copy is compared
 * with. It is rendered by the DOCX renderer itself, so that the revisions oasgen wrote (however
 * the renderer encodes a construct) are recognised as its own and never imported twice.
 */
import type { ParsedDraft } from '../draft/parse.js'
import type { Templates } from '../layout/load.js'
import { renderer } from '../render/index.js'
import { styleId } from '../render/docx/styles.js'
import { documentTime } from '../render/types.js'
import { resolveView } from '../view/resolve.js'
import type { View } from '../view/views.js'
import { readDocx, type DocxParagraph, type DocxReading } from './read.js'

/** The paragraph styles of the header block and the title area: no proposal goes there. */
export const FRAME_STYLES: ReadonlySet<string> = new Set(
  (['organ', 'header', 'symbol', 'draft-label', 'title', 'note', 'delegation'] as const).map((name) => styleId(name)),
)

export interface Expected {
  reading: DocxReading
  /** Footnote id in the expected document → the draft's footnote label. */
  noteLabels: Map<number, string>
  /** Paragraphs of the header block and title area. */
  frame: Set<DocxParagraph>
}

export async function expectedReading(draft: ParsedDraft, templates: Templates, view: View, trackChanges: boolean): Promise<Expected> {
  const meta = draft.meta!
  const { doc } = resolveView({ meta, tree: draft.tree }, view)
  const render = await renderer('docx')
  const bytes = await render({
    doc,
    layout: templates.layout(meta.template, meta.lang),
    registry: templates.registry(),
    options: { trackChanges, time: documentTime(meta.date), warn: () => {} },
  })
  const reading = readDocx(bytes)
  const noteLabels = new Map(doc.footnotes.map((note) => [note.number, note.label]))
  // The header block is a table of frame-styled paragraphs; a draft's own tables are not frame.
  const frame = new Set(reading.body.filter((p) => p.style !== undefined && FRAME_STYLES.has(p.style)))
  return { reading, noteLabels, frame }
}
