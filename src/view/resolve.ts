/**
 * View resolution: a pure function from a parsed draft and a view to the document model.
 *
 * For every annotation the view decides `applied` (insertions kept as plain text, deletions
 * dropped), `rejected` (insertions dropped, deletions kept as plain text) or `shown` (kept as a
 * `proposal` for the renderer to mark up). Then blocks left without a letter or digit are
 * dropped, spacing is tidied, and numbered paragraphs and footnotes are numbered by position.
 * The draft's tree is never changed.
 */
import type { Definition, FootnoteDefinition, List, ListItem, Nodes, PhrasingContent, Root, RootContent, Table as MdastTable } from 'mdast'
import type { Annotation } from '../draft/annotation/types.js'
import type { DraftMeta, Language } from '../draft/frontmatter.js'
import { KEYWORD, ownersInside } from '../proposals/proposals.js'
import type { Place } from '../diagnostics.js'
import { runs } from '../model/runs.js'
import type { Block, DocumentModel, Footnote, Inline, Mark, ParagraphRole, Within } from '../model/types.js'
import { hasWords, tidy } from './tidy.js'
import { decideOne, noticeOf, plan, scenarioOf, type Decision, type Plan, type ScenarioWarning } from './scenario.js'
import type { View } from './views.js'

export type { Decision } from './scenario.js'


/** How many annotations the view applied, rejected and showed (withdrawn ones not counted). */
export interface ResolutionStats {
  applied: number
  rejected: number
  shown: number
}

export interface Resolution {
  doc: DocumentModel
  stats: ResolutionStats
  /** The last preambular paragraph the view prints before the operative part, if any (not the opening line). */
  lastPreamble?: LastPreamble
  /** What the scenario could not do as asked (an accepted amendment of a rejected proposal …). */
  warnings: ScenarioWarning[]
}

/** Where the preamble ends in a view: what an editor checks, since the last paragraph ends with `,`. */
export interface LastPreamble {
  /** Where the paragraph starts in the draft. */
  start: Place
  /** Its last printed character, closing brackets, deleted text and note marks aside ('' when none). */
  ends: string
  /** Where the preambular paragraphs the draft has after it start: those the view left out. */
  removed: Place[]
}

/** The parts of a parsed draft that resolution reads. */
export interface ResolvableDraft {
  meta: DraftMeta
  tree: Root
}


export function resolveView(draft: ResolvableDraft, view: View): Resolution {
  const resolution = resolvePlan(draft, plan(draft.tree, scenarioOf(view)))
  if (view.kind === 'delegation') resolution.doc.delegation = view.sponsor
  if (view.kind === 'scenario') resolution.doc.scenario = { ...noticeOf(view.scenario), ...(view.label !== undefined ? { label: view.label } : {}) }
  return resolution
}

/**
 * Where the preamble ends in `view` (`Resolution.lastPreamble`), the draft resolved only up to
 * its operative part: what `check` asks of every view, at a fraction of resolving it whole.
 */
export function lastPreambleOf(draft: ResolvableDraft, view: View): LastPreamble | undefined {
  const resolver = new Resolver(draft.tree, plan(draft.tree, scenarioOf(view)), { applied: 0, rejected: 0, shown: 0 }, draft.meta.lang)
  resolver.blocks(draft.tree.children, { preambleOnly: true })
  return resolver.lastPreamble
}

/** Resolves a draft as a plan decided (`plan` in `scenario.ts`): the document model, without a delegation's heading. */
export function resolvePlan(draft: ResolvableDraft, decided: Plan): Resolution {
  const stats: ResolutionStats = { applied: 0, rejected: 0, shown: 0 }
  const resolver = new Resolver(draft.tree, decided, stats, draft.meta.lang)
  const blocks = resolver.blocks(draft.tree.children)
  const footnotes = resolver.footnotes(blocks)
  const doc: DocumentModel = { meta: draft.meta, blocks, footnotes }
  const resolution: Resolution = { doc, stats, warnings: decided.warnings }
  if (resolver.lastPreamble) resolution.lastPreamble = resolver.lastPreamble
  return resolution
}

/** What `view` decides for `node`, whose enclosing sponsored annotation has `inherited` sponsors. */
export function decide(node: Annotation, view: View, inherited: readonly string[]): Decision {
  return decideOne(node, scenarioOf(view), inherited)
}

interface Context {
  marks: Mark[]
  /** The annotation whose `~~deletions~~` we are in, with its decision; undefined outside one. */
  owner: Decision | undefined
  /** Sponsors that a bare annotation here belongs to. */
  inherited: readonly string[]
  /** Inside a link's text: a link there (an autolink) is only its text, as in HTML, where links do not nest. */
  inLink?: boolean
}

const TOP: Context = { marks: [], owner: undefined, inherited: [] }

class Resolver {
  private readonly definitions = new Map<string, Definition>()
  private readonly footnoteDefinitions = new Map<string, FootnoteDefinition>()
  private listCount = 0

  constructor(
    tree: Root,
    private readonly plan: Plan,
    private readonly stats: ResolutionStats,
    private readonly lang: Language,
  ) {
    const collect = (node: Nodes) => {
      // As in CommonMark, the first definition of a label is the one used.
      if (node.type === 'definition' && !this.definitions.has(node.identifier)) this.definitions.set(node.identifier, node)
      if (node.type === 'footnoteDefinition' && !this.footnoteDefinitions.has(node.identifier)) this.footnoteDefinitions.set(node.identifier, node)
      // Definitions are blocks: no paragraph, heading or table holds one.
      if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'table') node.children.forEach(collect)
    }
    collect(tree)
  }

  /** Set by `blocks`: see `Resolution.lastPreamble`. */
  lastPreamble: LastPreamble | undefined

  /** The blocks of `nodes`; with `preambleOnly`, only those before the operative part (enough for `lastPreamble`). */
  blocks(nodes: RootContent[], { preambleOnly = false } = {}): Block[] {
    const operative = nodes.find((n): n is List => n.type === 'list' && n.ordered === true)
    const out: Block[] = []
    const preamble: Array<{ block: Extract<Block, { type: 'paragraph' }>; node: RootContent }> = []
    let beforeOperative = true
    let keyword: RootContent | undefined
    for (const node of nodes) {
      if (node === operative) {
        // The paragraph just before the operative part, when only capitals and a colon, is its keyword.
        const last = out[out.length - 1]
        if (last?.type === 'paragraph' && last.role === 'preamble' && KEYWORD.test(plainText(last.content))) {
          last.role = 'keyword'
          keyword = preamble.pop()?.node
        }
        beforeOperative = false
        if (preambleOnly) break
        out.push(...this.list(node, 1, 'operative'))
        continue
      }
      const blocks = this.block(node, beforeOperative ? 'preamble' : 'body')
      for (const block of blocks) if (block.type === 'paragraph' && block.role === 'preamble') preamble.push({ block, node })
      out.push(...blocks)
    }
    if (preamble[0]) preamble[0].block.role = 'opening'
    const last = preamble.length > 1 && operative ? preamble[preamble.length - 1]! : undefined
    if (last) {
      // The draft's paragraphs between it and the operative part, but the keyword.
      const after = nodes.slice(nodes.indexOf(last.node) + 1, nodes.indexOf(operative!))
      const removed = after.filter((node) => node.type === 'paragraph' && node !== keyword)
      this.lastPreamble = { start: pointOf(last.node), ends: lastPrinted(last.block.content), removed: removed.map(pointOf) }
    }
    return out
  }

  private block(node: RootContent, role: ParagraphRole): Block[] {
    switch (node.type) {
      case 'paragraph':
        return this.paragraph(node.children, role)
      case 'heading': {
        const content = this.inlines(node.children)
        return hasWords(content) ? [{ type: 'heading', depth: node.depth, content }] : []
      }
      case 'list':
        return this.list(node, 1, 'list')
      case 'blockquote':
        return node.children.flatMap((child) => this.block(child, 'quote')).map((block) => nestedIn(block, 'quote'))
      case 'code':
        return [{ type: 'paragraph', role: 'code', content: [{ type: 'text', value: node.value, marks: ['code'] }] }]
      case 'thematicBreak':
        return [{ type: 'rule' }]
      case 'table':
        return this.table(node)
      // Raw HTML (drafters' <!-- comments -->), definitions and footnote definitions print nothing here.
      case 'html':
      case 'definition':
      case 'footnoteDefinition':
      case 'yaml':
        return []
      default:
        return this.unexpected(node)
    }
  }

  /**
   * A draft's table: its first row is the header; each cell resolved as a paragraph's text is.
   * A row the view leaves without a word is dropped; a table left with no row keeps its header.
   */
  private table(node: MdastTable): Block[] {
    const [head, ...body] = node.children.map((row) => row.children.map((cell) => this.inlines(cell.children)))
    if (!head) return []
    const width = head.length
    const fit = (row: Inline[][]) => Array.from({ length: width }, (_, i) => row[i] ?? [])
    // A row with no word in the cells the header has room for prints nothing: it goes (words in cells past the header are not printed).
    const rows = body.map(fit).filter((row) => row.some(hasWords))
    const align = Array.from({ length: width }, (_, i) => node.align?.[i] ?? 'left')
    return [{ type: 'table', header: head, rows, ...(align.some((a) => a !== 'left') ? { align } : {}) }]
  }

  private unexpected(node: { type: string }): never {
    throw new Error(`View resolution met a node of type \`${node.type}\`, which the draft syntax does not produce`)
  }

  private paragraph(children: PhrasingContent[], role: ParagraphRole): Block[] {
    const content = this.inlines(children)
    return hasWords(content) ? [{ type: 'paragraph', role, content }] : []
  }

  private list(list: List, level: number, kind: 'operative' | 'list'): Block[] {
    const listIndex = this.listCount++
    const out: Block[] = []
    let number = 0
    for (const item of list.children) {
      const blocks = this.item(item, level)
      if (blocks.length === 0) continue
      const head = blocks[0]!
      if (list.ordered) {
        number++
        if (head.type === 'continuation' && head.level === level) {
          blocks[0] = { type: 'numbered', list: kind, listIndex, level, number, content: head.content }
        } else {
          blocks.unshift({ type: 'numbered', list: kind, listIndex, level, number, content: [] })
        }
      } else if (head.type === 'continuation' && head.level === level) {
        blocks[0] = { type: 'bullet', level, content: head.content }
      } else {
        blocks.unshift({ type: 'bullet', level, content: [] })
      }
      out.push(...blocks)
    }
    return out
  }

  /** An item's blocks: its paragraphs as continuations at `level` (the caller numbers the first), nested lists one level down. */
  private item(item: ListItem, level: number): Block[] {
    const out: Block[] = []
    for (const child of item.children) {
      if (child.type === 'list') {
        out.push(...this.list(child, level + 1, 'list'))
      } else if (child.type === 'paragraph') {
        const content = this.inlines(child.children)
        if (hasWords(content)) out.push({ type: 'continuation', level, content })
      } else {
        // A table is part of the item (its references count it so): it says at which level.
        const blocks = this.block(child, 'body').map((block) => (block.type === 'table' ? { ...block, level } : block))
        out.push(...blocks.map((block) => nestedIn(block, level)))
      }
    }
    return out
  }

  /** Resolves a block's phrasing content into tidy inlines. */
  private inlines(children: PhrasingContent[]): Inline[] {
    const out: Inline[] = []
    this.all(children, TOP, out)
    return tidy(out, this.lang)
  }

  private all(children: PhrasingContent[], ctx: Context, out: Inline[]): void {
    for (const child of children) this.inline(child, ctx, out)
  }

  /** Appends to `out` what `node` resolves to in `ctx` (into one array: no array a node). */
  private inline(node: PhrasingContent, ctx: Context, out: Inline[]): void {
    if (ctx.owner === 'rejected' && node.type !== 'delete') {
      // Text a rejected annotation proposed to insert goes; only its deletions' base text stays,
      // with the spaces between them (`[US: ~~a~~ ~~b~~ c]` → `a b`).
      if (node.type === 'text') {
        if (/^\s+$/.test(node.value)) out.push({ type: 'text', value: ' ', marks: ctx.marks })
      } else if (node.type !== 'annotation' && 'children' in node) {
        this.all(node.children as PhrasingContent[], ctx, out)
      }
      return
    }
    switch (node.type) {
      case 'text':
        out.push({ type: 'text', value: oneLine(node.value), marks: ctx.marks })
        return
      case 'emphasis':
        return this.all(node.children, { ...ctx, marks: addMark(ctx.marks, 'italic') }, out)
      case 'strong':
        return this.all(node.children, { ...ctx, marks: addMark(ctx.marks, 'bold') }, out)
      case 'inlineCode':
        out.push({ type: 'text', value: node.value, marks: addMark(ctx.marks, 'code') })
        return
      case 'break':
        out.push({ type: 'break' })
        return
      case 'link':
      case 'linkReference': {
        const url = node.type === 'link' ? node.url : this.definitions.get(node.identifier)?.url
        if (url === undefined || ctx.inLink) return this.all(node.children, ctx.inLink ? ctx : { ...ctx, inLink: true }, out)
        const children: Inline[] = []
        this.all(node.children, { ...ctx, inLink: true }, children)
        out.push({ type: 'link', url, children })
        return
      }
      case 'image':
      case 'imageReference':
        if (node.alt) out.push({ type: 'text', value: node.alt, marks: ctx.marks })
        return
      case 'footnoteReference':
        out.push({ type: 'footnoteRef', number: 0, label: node.identifier })
        return
      case 'html':
        return
      case 'literalBracket':
        out.push({ type: 'text', value: node.value, marks: ctx.marks })
        return
      case 'delete': {
        // Outside an annotation: struck through as written. Inside: base text the owner proposes to delete.
        switch (ctx.owner) {
          case undefined:
            return this.all(node.children, { ...ctx, marks: addMark(ctx.marks, 'strike') }, out)
          case 'applied':
            return
          case 'rejected':
            return this.all(node.children, { ...ctx, owner: undefined }, out)
          case 'shown': {
            const children: Inline[] = []
            this.all(node.children, { ...ctx, owner: undefined }, children)
            out.push({ type: 'deletion', children })
            return
          }
        }
        return
      }
      case 'annotation':
        return this.annotation(node, ctx, out)
      default:
        return this.unexpected(node)
    }
  }

  private annotation(node: Annotation, ctx: Context, out: Inline[]): void {
    const decision = this.plan.decisions.get(node) ?? 'rejected'
    if (node.state !== 'withdrawn') this.stats[decision]++ // settled, and no news
    const parts: Inline[] = decision === 'shown' ? [] : out
    // The context of its parts: whose they are depends only on whether a part is a deletion.
    let inserted: Context | undefined
    let deleted: Context | undefined
    for (const child of node.children) {
      const inner =
        child.type === 'delete'
          ? (deleted ??= { ...ctx, owner: decision, inherited: ownersInside(node, child, ctx.inherited) })
          : (inserted ??= { ...ctx, owner: decision, inherited: ownersInside(node, child, ctx.inherited) })
      this.inline(child, inner, parts)
    }
    if (decision !== 'shown') return
    const children: Array<Extract<Inline, { type: 'insertion' | 'deletion' }>> = []
    for (const part of parts) {
      const last = children[children.length - 1]
      if (part.type === 'deletion') children.push(part)
      else if (last?.type === 'insertion') last.children.push(part)
      else children.push({ type: 'insertion', children: [part] })
    }
    out.push({ type: 'proposal', sponsors: node.sponsors, tag: node.tag, authors: [...(node.sponsors.length > 0 ? node.sponsors : ctx.inherited)], context: this.plan.context.has(node), children })
  }

  /** The footnotes referred to from `blocks`, numbered in order of first reference (refs renumbered in place). */
  footnotes(blocks: Block[]): Footnote[] {
    const numbers = new Map<string, number>()
    /** Footnotes the view left without a word (`[^1]: [US: …]` in the clean view): their marks go. */
    const empty = new Set<string>()
    const footnotes: Footnote[] = []
    // 1. Number the notes in reading order, a note read where it is first referred to (a reference
    // inside it comes before the next one of the text). Without recursion: notes that each refer
    // to the next make a chain as long as the draft.
    const stack: Array<{ list: Inline[]; index: number }> = []
    const read = (lists: Inline[][]) => {
      for (let i = lists.length - 1; i >= 0; i--) stack.push({ list: lists[i]!, index: 0 })
    }
    // A table is read row by row.
    read(blocks.flatMap((block) => ('content' in block ? [block.content] : block.type === 'table' ? [...block.header, ...block.rows.flat()] : [])))
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!
      const inline = frame.list[frame.index++]
      if (inline === undefined) {
        stack.pop()
      } else if (inline.type === 'footnoteRef') {
        if (numbers.has(inline.label) || empty.has(inline.label)) continue
        const definition = this.footnoteDefinitions.get(inline.label)
        const paragraphs = (definition?.children ?? [])
          .flatMap((child) => this.block(child, 'body'))
          .map((block) => ('content' in block ? block.content : []))
        if (definition && !paragraphs.some(hasWords)) {
          empty.add(inline.label)
          continue
        }
        numbers.set(inline.label, numbers.size + 1)
        footnotes.push({ number: numbers.size, label: definition?.label ?? inline.label, paragraphs })
        read(paragraphs)
      } else if ('children' in inline) {
        stack.push({ list: inline.children, index: 0 })
      }
    }
    // 2. Every reference takes its note's number; those of notes left empty go, and the text
    // around them is tidied again: a mark ends a stretch of text, so the space after one was kept
    // (`*[^2] a*` with an empty note 2 is `*a*`, as the same text without the mark would be).
    const renumber = (inlines: Inline[]): Inline[] => {
      if (!hasNoteMark(inlines)) return inlines
      let dropped = false
      const walk = (list: Inline[]): Inline[] =>
        list.flatMap((inline): Inline[] => {
          if (inline.type === 'footnoteRef') {
            if (!empty.has(inline.label)) return [{ ...inline, number: numbers.get(inline.label)! }]
            dropped = true
            return []
          }
          return 'children' in inline ? [{ ...inline, children: walk(inline.children) } as Inline] : [inline]
        })
      const out = walk(inlines)
      return dropped ? tidy(out, this.lang) : out
    }
    for (const block of blocks) {
      if ('content' in block) block.content = renumber(block.content)
      else if (block.type === 'table') {
        block.header = block.header.map(renumber)
        block.rows = block.rows.map((row) => row.map(renumber))
      }
    }
    for (const footnote of footnotes) footnote.paragraphs = footnote.paragraphs.map(renumber)
    return footnotes
  }
}

/** Whether the inlines hold a footnote's mark. */
function hasNoteMark(inlines: Inline[]): boolean {
  for (const inline of inlines) if (inline.type === 'footnoteRef' || ('children' in inline && hasNoteMark(inline.children))) return true
  return false
}

/** A text's lines as one: a line break and the spaces around it are one space. */
const oneLine = (value: string): string => (value.includes('\n') ? value.replace(/[ \t]*\r?\n[ \t]*/g, ' ') : value)

function addMark(marks: Mark[], mark: Mark): Mark[] {
  return marks.includes(mark) ? marks : [...marks, mark]
}

/** The text of inlines as a reader would see it with every mark dropped. */
export function plainText(inlines: Inline[]): string {
  return inlines
    .map((inline) => {
      switch (inline.type) {
        case 'text':
          return inline.value
        case 'break':
          return '\n'
        case 'footnoteRef':
          return ''
        default:
          return plainText(inline.children)
      }
    })
    .join('')
}

const pointOf = (node: RootContent): Place => ({ line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 })

/** The last character a reader sees in `inlines`: closing brackets, deleted text and note marks aside. */
function lastPrinted(inlines: Inline[]): string {
  const all = runs(inlines)
  for (let i = all.length - 1; i >= 0; i--) {
    const run = all[i]!
    if (run.type !== 'text' || run.parts.at(-1)?.kind === 'deletion') continue
    const text = run.text.trimEnd()
    if (text !== '') return text[text.length - 1]!
  }
  return ''
}

/** The block, written in `container` (a quotation, or the list item of that level), itself in the containers it had. */
function nestedIn(block: Block, container: Within[number]): Block {
  return { ...block, within: [container, ...(block.within ?? [])] }
}
