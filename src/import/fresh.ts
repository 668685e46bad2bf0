/**
 * A copy with no base: no draft carried, no `--base`. It is read as a new draft whose base is
 * the copy itself with every revision rejected (the text before anyone's revisions), so that
 * every revision in it becomes a proposal on that text: a Word document with a delegation's
 * tracked proposals becomes a bracketed draft.
 *
 * The base draft is written from that text: numbered paragraphs as a numbered list (by level),
 * Word's headings as headings, the rest as paragraphs, footnotes as footnotes, bold and italics
 * kept; brackets printed in the text are bracket annotations, as a bracketed text prints them.
 * The title is the document's title property, else its title paragraph, else the file's name.
 */
import type { FootnoteDefinition, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast'
import { stringify as toYaml } from 'yaml'
import { LANGUAGES } from '../draft/frontmatter.js'
import { writer } from '../render/md.js'
import { bracketed } from './brackets.js'
import { FRAME_STYLES, type Expected } from './expected.js'
import type { Atom, DocxParagraph, DocxReading } from './read.js'

/** The copy with every revision rejected: what it was before anyone's revisions. */
export function rejectAll(reading: DocxReading): Expected {
  const reject = (paragraphs: DocxParagraph[]): DocxParagraph[] => {
    const out: DocxParagraph[] = []
    let carried: Atom[] = []
    for (const p of paragraphs) {
      const atoms = [...carried, ...p.atoms.filter((a) => !a.layers.some((l) => l.kind === 'ins')).map((a) => ({ ...a, layers: [] }))]
      // An inserted paragraph mark, rejected, joins the paragraph to the next one.
      if (p.mark.some((l) => l.kind === 'ins')) {
        carried = atoms
        continue
      }
      carried = []
      out.push({ ...p, atoms, mark: [] })
    }
    if (carried.length > 0 && out.length > 0) out[out.length - 1]!.atoms.push(...carried)
    return out
  }
  const body = reject(reading.body)
  const footnotes = new Map([...reading.footnotes].map(([id, paragraphs]) => [id, reject(paragraphs)]))
  const order: number[] = []
  for (const p of body) for (const a of p.atoms) if (a.kind === 'footnote' && !order.includes(a.footnote!)) order.push(a.footnote!)
  const noteLabels = new Map(order.map((id, i) => [id, String(i + 1)]))
  const frame = new Set(body.filter((p) => p.style !== undefined && FRAME_STYLES.has(p.style)))
  return { reading: { ...reading, body, footnotes, findings: [] }, noteLabels, frame }
}

/** Paragraphs that are part of the draft: not the frame, not in a table, not empty. */
export function draftParagraphs(expected: Expected): DocxParagraph[] {
  return expected.reading.body.filter((p) => !expected.frame.has(p) && !p.table && p.atoms.some((a) => a.kind !== 'char' || /\S/.test(a.text)))
}

/** The base draft's text, from the copy with its revisions rejected. */
export function draftFrom(expected: Expected, copy: DocxReading, name: string): string {
  const { reading, noteLabels } = expected
  const titleParagraph = reading.body.find((p) => p.style === 'OASTitle')
  const title = copy.properties.title ?? (titleParagraph ? text(titleParagraph.atoms) : undefined) ?? name.replace(/\.docx$/i, '')
  const language = copy.properties.language?.slice(0, 2).toLowerCase()
  const front: Record<string, unknown> = {
    template: 'working-paper',
    ...(language && (LANGUAGES as readonly string[]).includes(language) ? { lang: language } : {}),
    title,
  }
  const children: RootContent[] = []
  let lists: List[] = []
  for (const p of draftParagraphs(expected)) {
    const content = phrasing(p.atoms, noteLabels)
    const heading = /^(?:heading|titre|título|titulo|berschrift)\s*(\d)$/i.exec(p.style ?? '')?.[1] ?? (p.style === 'OASHeading' ? '1' : undefined)
    if (heading !== undefined) {
      lists = []
      children.push({ type: 'heading', depth: Math.min(6, Number(heading)) as 1, children: content })
      continue
    }
    if (p.level === undefined) {
      lists = []
      children.push({ type: 'paragraph', children: content })
      continue
    }
    // A numbered list, one level deeper for each numbering level.
    const depth = Math.min(p.level, lists.length)
    lists = lists.slice(0, depth + 1)
    let list = lists[depth]
    if (!list) {
      list = { type: 'list', ordered: true, start: 1, spread: depth === 0, children: [] }
      if (depth === 0) children.push(list)
      else lists[depth - 1]!.children.at(-1)!.children.push(list)
      lists[depth] = list
    }
    const item: ListItem = { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: content }] }
    list.children.push(item)
  }
  for (const [id, label] of noteLabels) {
    const paragraphs = reading.footnotes.get(id) ?? []
    const definition: FootnoteDefinition = {
      type: 'footnoteDefinition',
      identifier: label,
      label,
      children: paragraphs.map((p): Paragraph => ({ type: 'paragraph', children: phrasing(p.atoms, noteLabels) })),
    }
    children.push(definition)
  }
  const tree: Root = { type: 'root', children: [{ type: 'yaml', value: toYaml(front, { lineWidth: 0 }).trimEnd() }, ...children] }
  return writer.stringify(tree)
}

const text = (atoms: Atom[]) => atoms.map((a) => (a.kind === 'char' ? a.text : ' ')).join('').replace(/\s+/g, ' ').trim()

/** Atoms as draft nodes: text with its bold, italics and strikethrough, footnote references (by `noteLabels`, footnote id → label), line breaks; brackets as annotations. */
export function phrasing(atoms: Atom[], noteLabels: Map<number, string>): PhrasingContent[] {
  const out: PhrasingContent[] = []
  let i = 0
  while (i < atoms.length) {
    const atom = atoms[i]!
    if (atom.kind === 'footnote') {
      const label = noteLabels.get(atom.footnote!)
      if (label !== undefined) out.push({ type: 'footnoteReference', identifier: label.toLowerCase(), label })
      i++
      continue
    }
    if (atom.kind === 'break') {
      out.push({ type: 'break' })
      i++
      continue
    }
    let j = i + 1
    while (j < atoms.length && atoms[j]!.kind === 'char' && atoms[j]!.bold === atom.bold && atoms[j]!.italic === atom.italic && atoms[j]!.strike === atom.strike) j++
    let node: PhrasingContent = { type: 'text', value: atoms.slice(i, j).map((a) => a.text).join('') }
    if (atom.italic) node = { type: 'emphasis', children: [node] }
    if (atom.bold) node = { type: 'strong', children: [node] }
    if (atom.strike) node = { type: 'delete', children: [node] }
    out.push(node)
    i = j
  }
  return bracketed(out)
}
