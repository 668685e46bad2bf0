/**
 * Inlines → HTML. Proposals nest in the page as they nest in the draft:
 *
 * - a shown proposal is `<span class="proposal" data-sponsor="COL" data-context="false">`, its
 *   `[COL: ` and `]` in `<span class="sponsor">`;
 * - its proposed text is `<ins data-sponsor="COL">`, the text it proposes to delete
 *   `<del data-sponsor="COL">` (closed around a nested proposal, see `marked`).
 *
 * `data-sponsor` lists the sponsor codes separated by spaces (`CAN US`), so that
 * `[data-sponsor~="US"]` selects a delegation's proposals; a bare bracket carries the sponsors it
 * inherits from the proposal around it (as the DOCX revision author does), and none outside any.
 * Drafter marks are `<strong>`, `<em>`, `<s>`, `<code>`; footnote references are the layout's
 * mark (`1/`), linked to the footnote.
 */
import { footnoteMark } from '../../layout/compose.js'
import type { Layout } from '../../layout/load.js'
import { openText } from '../../model/runs.js'
import type { Inline, Mark, Text } from '../../model/types.js'
import { escape } from './escape.js'
import { safeUrl } from '../url.js'
import { consecutive } from '../consecutive.js'

/** What rendering inlines needs: the layout, and the ids given to footnote references so far. */
export interface InlineContext {
  layout: Layout
  /** Footnote number → how many references to it the page has so far. */
  references: Map<number, number>
}

/** The id of the `k`th reference (from 1) to footnote `n`: `fnref-1`, `fnref-1-2`. */
export const referenceId = (n: number, k = 1): string => (k === 1 ? `fnref-${n}` : `fnref-${n}-${k}`)
export const footnoteId = (n: number): string => `fn-${n}`

/** Drafter marks, outermost first, and their elements. */
const MARK_ORDER: Array<[Mark, string]> = [
  ['bold', 'strong'],
  ['italic', 'em'],
  ['strike', 's'],
  ['code', 'code'],
]

function text(node: Text): string {
  let out = escape(node.value)
  for (const [mark, tag] of [...MARK_ORDER].reverse()) {
    if (node.marks.includes(mark)) out = `<${tag}>${out}</${tag}>`
  }
  return out
}

/** ` data-sponsor="CAN US"`, or nothing for no sponsor. */
function sponsorAttribute(authors: string[]): string {
  return authors.length === 0 ? '' : ` data-sponsor="${escape(authors.join(' '))}"`
}

export function inlines(list: Inline[], ctx: InlineContext): string {
  // Inside a link's <a>, where another <a> may not go (a footnote reference is one).
  let inLink = false
  // The sponsors of the proposal an insertion or deletion belongs to.
  const walk = (nodes: Inline[], authors: string[]): string =>
    nodes
      .map((node) => {
        switch (node.type) {
          case 'text':
            return text(node)
          case 'break':
            return '<br>'
          case 'footnoteRef': {
            const k = (ctx.references.get(node.number) ?? 0) + 1
            ctx.references.set(node.number, k)
            const tag = ctx.layout.footnotes.markSuperscript ? 'sup' : 'span'
            const mark = escape(footnoteMark(ctx.layout, node.number))
            // Deep inside a link's text (in its emphasis, say), the mark cannot be a link of its own.
            if (inLink) return `<span class="footnote-ref" id="${referenceId(node.number, k)}"><${tag} class="footnote-mark">${mark}</${tag}></span>`
            return `<a class="footnote-ref" id="${referenceId(node.number, k)}" href="#${footnoteId(node.number)}"><${tag} class="footnote-mark">${mark}</${tag}></a>`
          }
          case 'link': {
            const url = safeUrl(node.url)
            if (url === undefined) return walk(node.children, authors)
            // A footnote reference in the link's text stands between two pieces of the link:
            // links do not nest.
            return consecutive(node.children, (child) => child.type === 'footnoteRef')
              .map(({ key: isRef, items }) => {
                if (isRef) return walk(items, authors)
                inLink = true
                const inner = walk(items, authors)
                inLink = false
                return `<a href="${escape(url)}">${inner}</a>`
              })
              .join('')
          }
          case 'proposal': {
            const classes = node.tag === '' ? 'proposal bare' : 'proposal'
            return (
              `<span class="${classes}"${sponsorAttribute(node.authors)} data-context="${node.context}">` +
              `<span class="sponsor">${escape(openText(node.tag))}</span>${walk(node.children, node.authors)}<span class="sponsor">]</span></span>`
            )
          }
          case 'insertion':
          case 'deletion':
            return marked(node.type === 'insertion' ? 'ins' : 'del', node.children, authors)
        }
      })
      .join('')
  /**
   * Proposed text in `<ins>`/`<del>`, closed around a proposal nested in it: a browser draws an
   * element's underline or strike through everything inside it, so a nested proposal inside the
   * outer `<ins>` would be underlined too. Closed, each text shows the mark of its innermost
   * proposal only, as in the DOCX and the PDF; the proposal spans still nest as in the draft.
   * It is closed around a footnote mark too.
   */
  const marked = (tag: 'ins' | 'del', children: Inline[], authors: string[]): string => {
    let out = ''
    let pending: Inline[] = []
    const flush = () => {
      if (pending.length > 0) out += `<${tag}${sponsorAttribute(authors)}>${walk(pending, authors)}</${tag}>`
      pending = []
    }
    for (const child of children) {
      // A footnote mark, like a nested proposal's tag, is never underlined or struck (as in the DOCX and the PDF).
      if (child.type === 'proposal' || child.type === 'footnoteRef') {
        flush()
        out += walk([child], authors)
      } else {
        pending.push(child)
      }
    }
    flush()
    return out
  }
  return walk(list, [])
}
