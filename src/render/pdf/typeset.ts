/**
 * Typesetting without drawing: the document set in lines and paginated. The renderer draws
 * what this returns; tests inspect it (line breaks, decorations, page breaks).
 */
import type { Layout, Registry } from '../../layout/load.js'
import type { DocumentModel } from '../../model/types.js'
import { Builder, type Built } from './build.js'
import { paginate, type Page } from './paginate.js'

export interface Typeset {
  builder: Builder
  built: Built
  pages: Page[]
}

export function typeset(doc: DocumentModel, layout: Layout, registry: Registry, missing: (ch: string) => void): Typeset {
  const builder = new Builder(layout, missing)
  const built = builder.build(doc, registry)
  const { margins, size } = layout.page
  const pages = paginate(built.body, built.notes, {
    firstTop: margins.top + built.header.height,
    top: margins.top,
    bottom: size[1] - margins.bottom,
    // The band between the body and the footnotes, with the short rule in its middle.
    separator: builder.lineMetrics(builder.sizeOf('footnote')).height,
  })
  return { builder, built, pages }
}
