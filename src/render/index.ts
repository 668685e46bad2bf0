/**
 * The renderer table: format name → renderer, each loaded only when asked for, so that
 * `oasgen check` and md/txt builds never load docx or pdfkit.
 */
import type { Format, Render } from './types.js'

const loaders: Record<Format, () => Promise<Render>> = {
  md: async () => (await import('./md.js')).render,
  txt: async () => (await import('./txt.js')).render,
  docx: async () => (await import('./docx/index.js')).render,
  pdf: async () => (await import('./pdf/index.js')).render,
  html: async () => (await import('./html/index.js')).render,
}

const loaded = new Map<Format, Promise<Render>>()

export function renderer(format: Format): Promise<Render> {
  let render = loaded.get(format)
  if (!render) {
    render = loaders[format]()
    loaded.set(format, render)
  }
  return render
}
