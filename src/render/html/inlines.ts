/**
 * Inlines → HTML. Proposals nest in the page as they nest in the draft:
 *
 * - a shown proposal is `<span class="proposal" data-sponsor="COL" data-context="false">`, its
 *   `[COL: ` and `]` in `<span class="sponsor">`;
 * - its proposed text is `<ins data-sponsor="COL">`, the text it proposes to delete
 *   `<del data-sponsor="COL">`, around its text only (see `walk`).
 *
 * `data-sponsor` lists the sponsor codes separated by spaces (`CAN US`), so that
 * `[data-sponsor~="US"]` selects a delegation's proposals; a bare bracket carries the sponsors it
 * inherits from the proposal around it (as the DOCX revision author does), and none outside any.
 * Drafter marks are `<strong>`, `<em>`, `<s>`, `<code>`; footnote references are the layout's
 * mark (`1/`), linked to the footnote.
 */
import { footnoteMark } from '../../layout/compose.js'
import type { Layout } from '../../layout/load.js'
import { markEdges, openText } from '../../model/runs.js'
import type { Break, Inline, Mark, Text } from '../../model/types.js'
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
  const edges = markEdges(list)
  /**
   * Walks `nodes`; inside proposed text, `mark` is its element and `authors` its sponsors. The
   * element holds text only, so that a browser, which draws an element's underline or strike
   * through everything inside it, marks exactly what the DOCX and the PDF mark: not a nested
   * proposal's tag and bracket (each text shows its innermost proposal's mark only), not a
   * footnote mark, not the white space at an edge (`markEdges`); inside a link, it is inside the
   * `<a>`. The proposal spans nest as in the draft.
   */
  const walk = (nodes: Inline[], authors: string[], mark?: 'ins' | 'del'): string => {
    // A loop, not a chain of maps: two frames a level, for drafts nested to the depth limit.
    let out = ''
    let leaves: Array<Text | Break> = []
    for (const node of nodes) {
      if (mark !== undefined && (node.type === 'text' || node.type === 'break')) {
        leaves.push(node)
        continue
      }
      if (leaves.length > 0) out += marked(leaves, mark!, authors)
      leaves = []
      out += one(node, authors, mark)
    }
    if (leaves.length > 0) out += marked(leaves, mark!, authors)
    return out
  }
  const one = (node: Inline, authors: string[], mark: 'ins' | 'del' | undefined): string => {
    switch (node.type) {
      case 'text':
        return text(node)
      case 'break':
        return '<br>'
      case 'footnoteRef': {
        const k = (ctx.references.get(node.number) ?? 0) + 1
        ctx.references.set(node.number, k)
        const tag = ctx.layout.footnotes.markSuperscript ? 'sup' : 'span'
        const footnote = escape(footnoteMark(ctx.layout, node.number))
        // Deep inside a link's text (in its emphasis, say), the mark cannot be a link of its own.
        if (inLink) return `<span class="footnote-ref" id="${referenceId(node.number, k)}"><${tag} class="footnote-mark">${footnote}</${tag}></span>`
        return `<a class="footnote-ref" id="${referenceId(node.number, k)}" href="#${footnoteId(node.number)}"><${tag} class="footnote-mark">${footnote}</${tag}></a>`
      }
      case 'link': {
        const url = safeUrl(node.url)
        if (url === undefined) return walk(node.children, authors, mark)
        // A footnote reference in the link's text stands between two pieces of the link:
        // links do not nest.
        return consecutive(node.children, (child) => child.type === 'footnoteRef')
          .map(({ key: isRef, items }) => {
            if (isRef) return walk(items, authors, mark)
            inLink = true
            const inner = walk(items, authors, mark)
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
        return walk(node.children, authors, node.type === 'insertion' ? 'ins' : 'del')
    }
  }
  /** Texts (and line breaks) of proposed text: in `<ins>`/`<del>`, but for the white space at an edge and the breaks. */
  const marked = (leaves: Array<Text | Break>, tag: 'ins' | 'del', authors: string[]): string => {
    const pieces: Array<{ on: boolean; html: string }> = []
    const add = (on: boolean, html: string) => {
      const last = pieces[pieces.length - 1]
      if (last?.on === on) last.html += html
      else pieces.push({ on, html })
    }
    for (const leaf of leaves) {
      if (leaf.type === 'break') {
        add(false, '<br>')
        continue
      }
      const edge = edges.get(leaf)
      if (edge === undefined) {
        add(true, text(leaf))
        continue
      }
      const { value } = leaf
      const end = value.length - edge.trail
      if (edge.lead > 0) add(false, text({ ...leaf, value: value.slice(0, edge.lead) }))
      if (end > edge.lead) add(true, text({ ...leaf, value: value.slice(edge.lead, end) }))
      if (edge.trail > 0) add(false, text({ ...leaf, value: value.slice(end) }))
    }
    return pieces.map(({ on, html }) => (on ? `<${tag}${sponsorAttribute(authors)}>${html}</${tag}>` : html)).join('')
  }
  return walk(list, [])
}
