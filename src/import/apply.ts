/**
 * Writes the edits of every copy into the draft. Only what changes is rewritten: each edited
 * paragraph is changed in the syntax tree and written again (remark-stringify with the draft
 * syntax, so that it is escaped as a draft must be), and put in place of its old text; new
 * paragraphs are put after the block they follow. Every other byte of the draft stays as the
 * drafter wrote it.
 *
 * In the tree, an edit of a span of atoms becomes a proposal around the nodes that print them:
 * formatting around the span's ends (emphasis, links) is split so that the span is whole nodes
 * of one parent; the span is cut where it crosses a proposal's edge (each piece lands inside the
 * proposal it amends, or beside it). An insertion goes into the deepest node that holds the text
 * on both sides of it: inside a proposal only when that proposal's text is on both sides (or it
 * is the paragraph's whole text).
 */
import type { Heading, ListItem, Nodes, Paragraph, Parent, PhrasingContent, Root, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import type { Annotation } from '../draft/annotation/types.js'
import { writer } from '../render/md.js'
import { atomsOf, type DraftAtom, type DraftBlock, type FlattenOptions } from './blocks.js'
import { proposalNode, type Edit, type NewParagraph, type Note } from './copy.js'

/** What applying did: the new text, and what it has to say about each copy (conflicts). */
export interface Applied {
  text: string
  notes: Map<number, Note[]>
  conflicts: number
}

export function applyEdits(
  source: string,
  tree: Root,
  edits: Edit[],
  paragraphs: NewParagraph[],
  options: FlattenOptions,
  copyNames: string[],
): Applied {
  const notes = new Map<number, Note[]>()
  const say = (copy: number, note: Note) => notes.set(copy, [...(notes.get(copy) ?? []), note])
  const splices: Array<{ start: number; end: number; text: string }> = []
  let conflicts = 0

  const byBlock = new Map<DraftBlock, Edit[]>()
  for (const edit of edits) byBlock.set(edit.block, [...(byBlock.get(edit.block) ?? []), edit])
  for (const [block, list] of byBlock) {
    const merged = joint(list)
    for (const [a, b] of overlaps(merged)) {
      conflicts++
      const span = block.atoms.slice(a.whole || b.whole ? 0 : Math.min(a.from, b.from), a.whole || b.whole ? block.atoms.length : Math.max(a.to, b.to))
      const text = span.map((x) => x.key).join('').replace(/\s+/g, ' ').trim()
      const words = text === '' ? '' : ` (“${text.length > 60 ? `${text.slice(0, 57).replace(/\s+\S*$/, '')}…` : text}”)`
      // Two copies of one delegation are told apart by their files.
      const whose = (e: Edit) => (a.sponsors.tag === b.sponsors.tag ? `${copyNames[e.copy]}'s` : `${e.sponsors.tag}'s`)
      say(b.copy, {
        rule: 'import-conflict',
        reason: `${b.sponsors.tag} (${copyNames[b.copy]}) and ${a.sponsors.tag} (${copyNames[a.copy]}) change the same words${words}: both are kept, ${nestedIn(a, b) ? `${whose(b)} inside ${whose(a)} deletion` : nestedIn(b, a) ? `${whose(a)} inside ${whose(b)} deletion` : 'side by side'}; settle them in the draft`,
        line: b.line,
        column: b.column,
      })
    }
    splices.push(rewrite(block, merged, options))
  }
  for (const paragraph of paragraphs) splices.push(insertParagraph(source, tree, paragraph))

  // From the end, so that earlier offsets stay true; new paragraphs after one block in their order.
  splices.sort((a, b) => b.start - a.start || b.end - a.end)
  let text = source
  const atSameStart: Array<{ start: number; end: number; text: string }> = []
  for (const splice of splices) {
    const previous = atSameStart[atSameStart.length - 1]
    if (previous && previous.start === splice.start && previous.end === splice.start && splice.end === splice.start) {
      // Two new paragraphs after the same block: in the order they came.
      atSameStart.push(splice)
      continue
    }
    flush()
    atSameStart.push(splice)
  }
  flush()
  return { text, notes, conflicts }

  function flush(): void {
    if (atSameStart.length === 0) return
    const [first] = atSameStart
    const insertedText = atSameStart
      .slice()
      .reverse()
      .map((s) => s.text)
      .join('')
    text = text.slice(0, first!.start) + (atSameStart.length > 1 ? insertedText : first!.text) + text.slice(first!.end)
    atSameStart.length = 0
  }
}

/** Identical edits from several copies are one joint proposal (`[COL/MEX: …]`). */
function joint(edits: Edit[]): Edit[] {
  const out: Edit[] = []
  for (const edit of edits) {
    const same = out.find((o) => o.from === edit.from && o.to === edit.to && o.whole === edit.whole && plain(o.insert) === plain(edit.insert))
    if (!same) {
      out.push({ ...edit, sponsors: { codes: [...edit.sponsors.codes], tag: edit.sponsors.tag } })
      continue
    }
    for (const code of edit.sponsors.codes) if (!same.sponsors.codes.includes(code)) same.sponsors.codes.push(code)
    same.sponsors.tag = same.sponsors.codes.join('/')
  }
  return out
}

const plain = (content: PhrasingContent[]) => content.map((node) => toString(node)).join('')

/** Pairs of edits from different copies that touch the same words. */
function overlaps(edits: Edit[]): Array<[Edit, Edit]> {
  const out: Array<[Edit, Edit]> = []
  edits.forEach((b, j) => {
    for (const a of edits.slice(0, j)) {
      if (a.copy === b.copy) continue
      const bothSpans = a.from < a.to && b.from < b.to
      const touch = a.whole || b.whole || (bothSpans ? a.from < b.to && b.from < a.to : (a.from < b.from && b.from < a.to) || (b.from < a.from && a.from < b.to))
      if (touch) out.push([a, b])
    }
  })
  return out
}

const nestedIn = (outer: Edit, inner: Edit) => outer.whole || (outer.from <= inner.from && inner.to <= outer.to && outer.to - outer.from > inner.to - inner.from)

/** Applies a block's edits to its tree and gives its new text, for the place of its old one. */
function rewrite(block: DraftBlock, edits: Edit[], options: FlattenOptions): { start: number; end: number; text: string } {
  explode(block.node)
  const atoms = atomsOf(block.node, options)
  // Outer edits first (a whole paragraph, then longer spans), so that later ones land inside them;
  // insertions at one place in reverse, so that they end up in the copies' order.
  const order = [...edits].sort((a, b) => Number(b.whole) - Number(a.whole) || b.to - b.from - (a.to - a.from) || b.copy - a.copy)
  for (const edit of order) {
    if (edit.whole) wrapAll(block.node, edit)
    else if (edit.from === edit.to) insertAt(block.node, atoms, edit.from, proposalNode(edit.sponsors, edit.insert))
    else deleteSpan(block.node, atoms, edit)
  }
  tidyNodes(block.node)
  const start = block.node.position!.start
  const end = block.node.position!.end
  const written = writer.stringify({ type: 'root', children: [block.node as RootContent] }).replace(/\n+$/, '')
  // Lines after the first keep the paragraph's indent (inside a list item).
  const indent = ' '.repeat(Math.max(0, start.column - 1))
  return { start: start.offset!, end: end.offset!, text: written.split('\n').join(`\n${indent}`) }
}

/** Every text (and code) node becomes one node per character, so that any span is whole nodes. */
function explode(parent: Parent): void {
  parent.children = (parent.children as Nodes[]).flatMap((node): Nodes[] => {
    if (node.type === 'text' || node.type === 'inlineCode') return node.value.split('').map((char) => ({ type: node.type, value: char }) as Nodes)
    if ('children' in node) explode(node as Parent)
    return [node]
  }) as typeof parent.children
}

/** Joins neighbouring text nodes again, and drops empty formatting left by splits. */
function tidyNodes(parent: Parent): void {
  const out: Nodes[] = []
  for (const node of parent.children as Nodes[]) {
    if ('children' in node) tidyNodes(node as Parent)
    if (FORMATTING.has(node.type) && (node as Parent).children.length === 0) continue
    const last = out[out.length - 1]
    if (node.type === 'text' && last?.type === 'text') last.value += node.value
    else if (node.type === 'inlineCode' && last?.type === 'inlineCode') last.value += node.value
    else out.push(node.type === 'text' || node.type === 'inlineCode' ? { type: node.type, value: node.value } : node)
  }
  parent.children = out as typeof parent.children
}

const FORMATTING = new Set(['emphasis', 'strong', 'link', 'linkReference', 'delete'])

/**
 * Nodes that only format their text, so that splitting one in two changes nothing it means; a
 * proposal's deleted text is not one (`~~a~~~~b~~` is not two deletions).
 */
function isSplittable(node: Nodes, parent: Nodes): boolean {
  return FORMATTING.has(node.type) && !(node.type === 'delete' && parent.type === 'annotation')
}

/** The nodes from `root` (included) down to `target` (included), or undefined. */
function pathTo(root: Parent, target: Nodes): Nodes[] | undefined {
  if ((root as Nodes) === target) return [root as Nodes]
  for (const child of root.children as Nodes[]) {
    if (child === target) return [root as Nodes, child]
    if ('children' in child) {
      const below = pathTo(child as Parent, target)
      if (below) return [root as Nodes, ...below]
    }
  }
  return undefined
}

/** The proposals (and their deleted parts) a node sits in: the edges a span cannot cross. */
function scopes(path: Nodes[]): Nodes[] {
  return path.filter((node, i) => node.type === 'annotation' || (node.type === 'delete' && path[i - 1]?.type === 'annotation'))
}

function leafNode(atom: DraftAtom): Nodes | undefined {
  return 'edge' in atom.leaf ? undefined : (atom.leaf.node as Nodes)
}

function wrapAll(block: Paragraph | Heading, edit: Edit): void {
  const children = block.children
  const [lead, body, trail] = trimmed(children)
  if (body.length === 0) return
  block.children = [...lead, proposal(edit, [{ type: 'delete', children: body } as PhrasingContent]), ...trail]
}

/** Leading and trailing whitespace apart from the rest (text nodes split where needed). */
function trimmed(input: PhrasingContent[]): [PhrasingContent[], PhrasingContent[], PhrasingContent[]] {
  const nodes = [...input]
  const first = nodes[0]
  if (first?.type === 'text' && /^\s+\S/.test(first.value)) {
    const space = /^\s+/.exec(first.value)![0]
    nodes.splice(0, 1, { type: 'text', value: space }, { type: 'text', value: first.value.slice(space.length) })
  }
  const last = nodes[nodes.length - 1]
  if (last?.type === 'text' && /\S\s+$/.test(last.value)) {
    const space = /\s+$/.exec(last.value)![0]
    nodes.splice(nodes.length - 1, 1, { type: 'text', value: last.value.slice(0, -space.length) }, { type: 'text', value: space })
  }
  let i = 0
  let j = nodes.length
  while (i < j && isBlank(nodes[i]!)) i++
  while (j > i && isBlank(nodes[j - 1]!)) j--
  return [nodes.slice(0, i), nodes.slice(i, j), nodes.slice(j)]
}

const isBlank = (node: Nodes) => node.type === 'text' && /^\s*$/.test(node.value)

function proposal(edit: Edit, deleted: PhrasingContent[]): Annotation {
  const inserted = edit.insert.length > 0 && deleted.length > 0 ? separatedInsert(edit.insert) : edit.insert
  return proposalNode(edit.sponsors, [...deleted, ...inserted])
}

/** After a deletion, an insertion starts with a space (`~~contained~~ set out`). */
function separatedInsert(insert: PhrasingContent[]): PhrasingContent[] {
  const first = insert[0]
  if (first?.type === 'text') return /^\s/.test(first.value) ? insert : [{ ...first, value: ` ${first.value}` }, ...insert.slice(1)]
  return [{ type: 'text', value: ' ' }, ...insert]
}

function deleteSpan(block: Parent, atoms: DraftAtom[], edit: Edit): void {
  // The leaves of the span, less whitespace at its ends (`~~ old~~` would not close).
  let leaves = atoms.slice(edit.from, edit.to).map(leafNode).filter((n): n is Nodes => n !== undefined)
  while (leaves.length > 0 && isBlank(leaves[0]!)) leaves.shift()
  while (leaves.length > 0 && isBlank(leaves[leaves.length - 1]!)) leaves.pop()
  if (leaves.length === 0) {
    if (edit.insert.length > 0) insertAt(block, atoms, edit.to, proposalNode(edit.sponsors, edit.insert))
    return
  }
  // Cut where the span crosses a proposal's edge.
  const pieces: Nodes[][] = []
  let previous: Nodes[] | undefined
  for (const leaf of leaves) {
    const scope = scopes(pathTo(block, leaf)!)
    if (previous && scope.length === previous.length && scope.every((s, i) => s === previous![i])) pieces[pieces.length - 1]!.push(leaf)
    else pieces.push([leaf])
    previous = scope
  }
  // A piece is cut at a proposal's edge, so it too leaves the whitespace at its ends outside
  // (`] [MEX: ~~cybercrime~~ …]`, never `][MEX: ~~&#x20;cybercrime~~ …]`); a piece that is only
  // whitespace between two proposals stays as it is.
  for (const piece of pieces) {
    while (piece.length > 0 && isBlank(piece[0]!)) piece.shift()
    while (piece.length > 0 && isBlank(piece[piece.length - 1]!)) piece.pop()
  }
  pieces.filter((piece) => piece.length > 0).forEach((piece, k, kept) => {
    const last = k === kept.length - 1
    wrapSpan(block, piece[0]!, piece[piece.length - 1]!, (nodes) => proposal({ ...edit, insert: last ? edit.insert : [] }, [{ type: 'delete', children: nodes } as PhrasingContent]))
  })
}

/** Replaces the nodes from `first` to `last` (after splitting formatting around them) by `wrap(nodes)`. */
function wrapSpan(block: Parent, first: Nodes, last: Nodes, wrap: (nodes: Nodes[]) => PhrasingContent): void {
  let pathFirst = pathTo(block, first)!
  let pathLast = pathTo(block, last)!
  let depth = 0
  while (depth < pathFirst.length - 2 && depth < pathLast.length - 2 && pathFirst[depth + 1] === pathLast[depth + 1]) depth++
  const lca = pathFirst[depth] as Parent
  splitAbove(pathFirst, depth, 'before')
  pathLast = pathTo(block, last)!
  splitAbove(pathLast, depth, 'after')
  pathFirst = pathTo(block, first)!
  pathLast = pathTo(block, last)!
  const i = lca.children.indexOf(pathFirst[depth + 1] as never)
  const j = lca.children.indexOf(pathLast[depth + 1] as never)
  const nodes = lca.children.slice(i, j + 1) as Nodes[]
  lca.children.splice(i, j - i + 1, wrap(nodes) as never)
}

/**
 * Splits the formatting nodes on `path` below `depth` so that the leaf starts (`before`) or
 * ends (`after`) its node at every level up to the node at `depth`.
 */
function splitAbove(path: Nodes[], depth: number, side: 'before' | 'after'): void {
  for (let k = path.length - 2; k > depth; k--) {
    const node = path[k] as Parent
    const parent = path[k - 1] as Parent
    const index = node.children.indexOf(path[k + 1] as never)
    const cut = side === 'before' ? index : index + 1
    if (cut === 0 || cut === node.children.length || !isSplittable(node as Nodes, parent as Nodes)) continue
    const right = { ...node, children: node.children.slice(cut) } as Parent
    node.children = node.children.slice(0, cut)
    parent.children.splice(parent.children.indexOf(node as never) + 1, 0, right as never)
    if (side === 'before') path[k] = right as Nodes
  }
}

/** Puts a new proposal at the gap before atom `gap`: in the deepest node with text on both sides. */
function insertAt(block: Parent, atoms: DraftAtom[], gap: number, node: Annotation): void {
  const [lead, body, trail] = trimmed(node.children)
  if (body.length === 0) return
  node.children = body
  const left = gap > 0 ? position(block, atoms[gap - 1]!) : undefined
  const right = gap < atoms.length ? position(block, atoms[gap]!) : undefined
  let parent: Parent
  let index: number
  const sole = soleProposal(block)
  if ((!left || !right) && sole) {
    // The paragraph is one proposal whole: what is added at its edge is part of it.
    parent = sole
    index = left ? sole.children.length : 0
  } else if (!left || !right) {
    parent = block
    index = left ? block.children.length : 0
  } else {
    let depth = 0
    while (depth < left.path.length - 1 && depth < right.path.length - 1 && left.path[depth + 1] === right.path[depth + 1]) depth++
    parent = left.path[depth] as Parent
    const after = left.path[depth + 1]
    index = after !== undefined ? parent.children.indexOf(after as never) + 1 : left.side === 'end' ? parent.children.length : 0
  }
  // Bold and italics the place already has are not repeated.
  const around = new Set((pathTo(block, parent as Nodes) ?? []).map((n) => n.type))
  node.children = unwrap(node.children, around)
  // A word typed against a word is not glued to it: `cybercrime, [COL: x] and`, never `[COL: x]and`.
  const word = /[\p{L}\p{N}]/u
  const text = toString(node)
  if (lead.length === 0 && word.test(atoms[gap - 1]?.key ?? '') && word.test(text.charAt(0))) lead.push({ type: 'text', value: ' ' })
  if (trail.length === 0 && word.test(atoms[gap]?.key ?? '') && word.test(text.charAt(text.length - 1))) trail.push({ type: 'text', value: ' ' })
  // Nothing but the proposal at a paragraph's ends: a paragraph neither starts nor ends with a space.
  parent.children.splice(index, 0, ...([...(left ? lead : []), node, ...(right ? trail : [])] as never[]))
}

/** Where an atom is: the path to its leaf, or for a printed bracket, inside its proposal at the start or end. */
function position(block: Parent, atom: DraftAtom): { path: Nodes[]; side?: 'start' | 'end' } {
  if ('edge' in atom.leaf) return { path: pathTo(block, atom.leaf.node)!, side: atom.leaf.edge === 'open' ? 'start' : 'end' }
  return { path: pathTo(block, atom.leaf.node as Nodes)! }
}

function soleProposal(block: Parent): Annotation | undefined {
  const [, body] = trimmed(block.children as PhrasingContent[])
  const only = body.length === 1 ? body[0] : undefined
  return only?.type === 'annotation' && only.sponsors.length > 0 ? only : undefined
}

function unwrap(nodes: PhrasingContent[], around: Set<string>): PhrasingContent[] {
  return nodes.flatMap((node) => ((node.type === 'emphasis' || node.type === 'strong') && around.has(node.type) ? unwrap(node.children, around) : [node]))
}

// ---- new paragraphs ----

function insertParagraph(source: string, tree: Root, paragraph: NewParagraph): { start: number; end: number; text: string } {
  const content = writer.stringify({ type: 'root', children: [{ type: 'paragraph', children: paragraph.content }] }).replace(/\n+$/, '')
  const path = paragraph.after ? pathTo(tree, paragraph.after.node) : undefined
  const items = (path ?? []).filter((n): n is ListItem => n.type === 'listItem')
  if (paragraph.after && items.length > 0) {
    const depth = paragraph.level === undefined ? items.length : Math.min(paragraph.level + 1, items.length + 1)
    if (depth <= items.length) {
      // A sibling of the item at that depth: after it, numbered and indented as it is.
      const item = items[depth - 1]!
      const list = path![path!.indexOf(item) - 1] as Parent
      const marker = markerOf(source, item, list.children.indexOf(item as never) + 2)
      const indent = ' '.repeat(item.position!.start.column - 1)
      const blank = (list as { spread?: boolean }).spread || /\n\s*\n/.test(source.slice(item.position!.end.offset!, (list.children[list.children.indexOf(item as never) + 1] as Nodes | undefined)?.position?.start.offset ?? item.position!.end.offset!))
      const at = item.position!.end.offset!
      return { start: at, end: at, text: `\n${blank ? '\n' : ''}${indent}${marker} ${indentLines(content, indent.length + marker.length + 1)}` }
    }
    // One level down: a first sub-item under the last item.
    const item = items[items.length - 1]!
    const column = (item.children[0]?.position?.start.column ?? item.position!.start.column + 3) - 1
    const at = item.position!.end.offset!
    return { start: at, end: at, text: `\n${' '.repeat(column)}1. ${indentLines(content, column + 3)}` }
  }
  // Not in a list: a numbered paragraph just before the operative list starts it.
  const top = path?.[1] as RootContent | undefined
  const index = top ? tree.children.indexOf(top) : -1
  const next = tree.children[index + 1]
  if (paragraph.level !== undefined && next?.type === 'list' && next.ordered) {
    const at = next.position!.start.offset!
    return { start: at, end: at, text: `1. ${indentLines(content, 3)}\n\n` }
  }
  if (top) {
    const at = top.position!.end.offset!
    return { start: at, end: at, text: `\n\n${content}` }
  }
  const first = tree.children[0]
  const at = first?.position?.start.offset ?? source.length
  return { start: at, end: at, text: `${content}\n\n` }
}

/** `5.` or `5)`, as the item above writes its number. */
function markerOf(source: string, item: ListItem, number: number): string {
  const written = /^\s*\d+([.)])/.exec(source.slice(item.position!.start.offset!, item.position!.start.offset! + 12))
  return `${number}${written?.[1] ?? '.'}`
}

function indentLines(text: string, width: number): string {
  return text.split('\n').join(`\n${' '.repeat(width)}`)
}
