/**
 * Reads one draft: front matter (validated) and the syntax tree with annotation nodes, with
 * every problem as a positioned message on the draft's vfile.
 */
import type { FootnoteDefinition, List, Nodes, Parent, Root, RootContent, Yaml } from 'mdast'
import { suggestion } from '../words.js'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { Diagnostics, STRICT_RULES, type Place } from '../diagnostics.js'
import { checkInlineDepth, checkTreeDepth } from './depth.js'
import { checkLostText } from './lost.js'
import { cleanTree, cleanValues, replaceForbidden } from './characters.js'
import type { Templates } from '../layout/load.js'
import { mayHoldTable, remarkDraft } from './annotation/plugin.js'
import type { Annotation } from './annotation/types.js'
import { readFrontMatter, type DraftMeta, type FrontMatter, type FrontMatterSource } from './frontmatter.js'
import { parseSymbol } from './symbol.js'

export interface ParseOptions {
  /** The draft's path, for messages. */
  path?: string
  /** Where layouts and the delegation registry come from. */
  templates: Templates
  /** Unknown sponsors are errors. */
  strict?: boolean
}

export interface ParsedDraft {
  /** The draft's file, carrying every message. */
  file: VFile
  /** The validated front matter; undefined when it has errors. */
  meta: DraftMeta | undefined
  /** The syntax tree, annotations included (front matter node removed). */
  tree: Root
  /** True when any message is an error: such a draft is not rendered. */
  failed: boolean
  /** Where a front matter key's value is written (for messages about it); undefined when absent. */
  placeOf: (key: string) => Place | undefined
  /** The front matter as written (its YAML and first line), when the draft has one. */
  front?: FrontMatterSource
}

/** One processor for every draft: its extensions are set up once. */
const processor = unified().use(remarkParse).use(remarkDraft).freeze()
/** The same for a text that cannot hold a table (`mayHoldTable`): the same tree, sooner. */
const tableless = unified().use(remarkParse).use(remarkDraft, { tables: false }).freeze()

export function parseDraft(written: string, options: ParseOptions): ParsedDraft {
  const file = new VFile({ path: options.path, value: written })
  const diagnostics = new Diagnostics(file, options.strict ? STRICT_RULES : new Set())
  file.data.diagnostics = diagnostics
  // Characters no DOCX or web page may hold never go further than this.
  const text = replaceForbidden(written, diagnostics)
  file.value = text
  // Nesting past the limit stops here, before anything walks the tree by recursion.
  const tooDeep = (): ParsedDraft => ({ file, meta: undefined, tree: { type: 'root', children: [] }, failed: true, placeOf: () => undefined })
  if (!checkInlineDepth(text, diagnostics)) return tooDeep()
  const parsed = (mayHoldTable(text) ? processor : tableless).parse(file)
  if (!checkTreeDepth(parsed, text, diagnostics)) return tooDeep()
  // The text holds no forbidden character by now: only a character reference can write one.
  if (text.includes('&')) cleanTree(parsed, diagnostics)
  // On the tree as Markdown reads it: the transform then turns images into their descriptions.
  checkLostText(parsed, text, diagnostics)
  const tree = processor.runSync(parsed, file) as Root

  const first = tree.children[0]
  let meta: DraftMeta | undefined
  let placeOf: ParsedDraft['placeOf'] = () => undefined
  let source: FrontMatterSource | undefined
  if (first?.type === 'yaml') {
    tree.children.shift()
    source = { value: (first as Yaml).value, line: 2 }
    const front = readFrontMatter(source, options.templates.layouts(), diagnostics)
    if (front) {
      meta = cleanValues(checkSymbol(front, diagnostics), front.placeOf, diagnostics)
      placeOf = front.placeOf
    }
  } else if (/^---[ \t]*\r?$/m.test(text.split('\n', 1)[0]!)) {
    diagnostics.error('front-matter-unterminated', 'The front matter opened on line 1 is never closed: end it with a line `---`', { line: 1, column: 1 })
  } else {
    diagnostics.error(
      'front-matter-missing',
      'A draft starts with front matter: a line `---`, at least `title: …`, and a closing `---`',
      { line: 1, column: 1 },
    )
  }

  if (meta && !tree.children.some((node) => node.type !== 'definition' && node.type !== 'footnoteDefinition' && node.type !== 'html')) {
    const end = Math.min((first?.position?.end.line ?? 1) + 1, text.split('\n').length) - 1
    diagnostics.warning('draft-empty', 'The draft has no text after its front matter: its documents will hold only the header and title', { line: end + 1, column: 1 })
  }
  const { annotated, referenced, definitions } = survey(tree)
  checkSponsors(annotated, options.templates, diagnostics)
  checkFootnotes(referenced, definitions, diagnostics)
  checkLists(tree, diagnostics)
  return { file, meta, tree, failed: diagnostics.hasErrors, placeOf, ...(source ? { front: source } : {}) }
}

/** Every annotation of the tree, outermost first (in reading order, each before those inside it). */
export function* annotations(node: Nodes): Generator<Annotation> {
  // A stack, not `yield*` at each level: nested generators make every annotation pass through
  // all those around it.
  const stack: Nodes[] = [node]
  while (stack.length > 0) {
    const next = stack.pop()!
    if (next.type === 'annotation') yield next
    if ('children' in next) for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!)
  }
}

/** The sponsor codes a draft uses, in order of first appearance (one delegation document each). */
export function sponsorsOf(tree: Root): string[] {
  const seen = new Set<string>()
  for (const node of annotations(tree)) for (const code of node.sponsors) seen.add(code)
  return [...seen]
}

/** A recognised symbol is printed canonically; an unrecognised one is a warning, printed as written. */
function checkSymbol({ meta, placeOf }: FrontMatter, diagnostics: Diagnostics): DraftMeta {
  if (meta.symbol === undefined) return meta
  const symbol = parseSymbol(meta.symbol)
  if (symbol) return { ...meta, symbol: symbol.canonical }
  diagnostics.warning(
    'symbol-unrecognised',
    `The symbol \`${meta.symbol}\` has none of the known shapes (CICTE/RES. 1/17, AG/RES. 2959 (L-O/20), CP/RES. 777 (1252/00), CICTE/doc.5/17, CP/CSH-1953/20 rev. 1); it is printed as written`,
    placeOf('symbol'),
  )
  return meta
}

/** What the checks after the transform read, in one walk: the annotations, footnote references and definitions, in reading order. */
function survey(tree: Root): { annotated: Annotation[]; referenced: Set<string>; definitions: FootnoteDefinition[] } {
  const annotated: Annotation[] = []
  const referenced = new Set<string>()
  const definitions: FootnoteDefinition[] = []
  const stack: Nodes[] = [tree]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'annotation') annotated.push(node)
    else if (node.type === 'footnoteReference') referenced.add(node.identifier)
    else if (node.type === 'footnoteDefinition') definitions.push(node)
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!)
  }
  return { annotated, referenced, definitions }
}

function checkSponsors(annotated: readonly Annotation[], templates: Templates, diagnostics: Diagnostics): void {
  for (const node of annotated) {
    for (const code of node.sponsors) {
      const registry = templates.registry() // read on first use: an adopted text has no sponsors
      if (registry.has(code)) continue
      const hint = suggestion(code, registry.codes(), 1)
      const start = node.position?.start
      diagnostics.report(
        'sponsor-unknown',
        `Unknown sponsor \`${code}\`: it is not in the delegation registry (templates/delegations.yaml)${hint}`,
        start && { line: start.line, column: start.column + 1 },
      )
    }
  }
}

/**
 * A numbered list that the draft starts at 2 or more, after another numbered list in the same
 * place (the body, or one paragraph's sub-paragraphs), was meant to go on from it; but it is a
 * list of its own, numbered from 1: only the first top-level one is the operative part, and
 * every list is numbered by position. Most often an unindented paragraph ended the list above.
 * Footnotes are left alone: their lists are printed without numbers.
 */
function checkLists(tree: Root, diagnostics: Diagnostics): void {
  const within = (parent: Parent) => {
    const siblings = parent.children as RootContent[]
    let previous: number | undefined
    siblings.forEach((node, index) => {
      // Lists sit in the body, list items and quotations; paragraphs hold none.
      if (node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote') within(node)
      if (node.type !== 'list' || node.ordered !== true) return
      const before = previous
      previous = index
      if (before === undefined || (node.start ?? 1) <= 1) return
      const start = node.position?.start
      diagnostics.warning('list-restart', `This list is numbered from 1, not from ${node.start} as written: ${whyNew(siblings, before, index)}`, start && { line: start.line, column: start.column })
    })
  }
  within(tree)
}

/** What a block that ends a list is called in a message. */
function blockName(node: RootContent): string {
  switch (node.type) {
    case 'html':
      return isComment(node) ? 'comment' : 'HTML'
    case 'list':
      return node.ordered ? 'numbered list' : 'bullet list'
    case 'blockquote':
      return 'quotation'
    case 'code':
      return 'code block'
    case 'thematicBreak':
      return 'rule'
    case 'definition':
      return 'link definition'
    case 'footnoteDefinition':
      return 'footnote'
    case 'paragraph':
    case 'heading':
      return node.type
    default:
      return 'text'
  }
}

const isComment = (node: RootContent): boolean => node.type === 'html' && node.value.trimStart().startsWith('<!--')

/** Why the list at `index` does not go on from the one at `before`, and what to do. */
function whyNew(siblings: RootContent[], before: number, index: number): string {
  const ender = siblings[before + 1]!
  const list = siblings[before] as List
  if (ender === siblings[index]) {
    // Two lists side by side: CommonMark starts a new one where the delimiter changes.
    return `it follows the list above directly, but with another delimiter (\`1.\` and \`1)\` make different lists): write its numbers as the list above does`
  }
  const comment = isComment(ender)
  const ends = `the ${blockName(ender)} on line ${ender.position?.start.line ?? '?'} ends the list above it (ending on line ${list.position?.end.line ?? '?'})`
  if (ender.type !== 'paragraph' && !comment) return `${ends}. Number this list from 1 if it is a list of its own`
  // Where the last item's text starts: as far as a paragraph must be indented to belong to it.
  const item = list.children[list.children.length - 1]
  const column = item?.children[0]?.position?.start.column
  const indent = column === undefined ? "as far as the item's text" : `by ${column - 1} spaces (under the item's text)`
  return comment
    ? `${ends}. Indent it ${indent} to keep it inside the item, or remove it; the list then goes on`
    : `${ends}. If that paragraph belongs to the item above it, indent it ${indent} and the list goes on; otherwise number this list from 1`
}

function checkFootnotes(referenced: ReadonlySet<string>, definitions: readonly FootnoteDefinition[], diagnostics: Diagnostics): void {
  const defined = new Set<string>()
  for (const definition of definitions) {
    const start = definition.position?.start
    if (defined.has(definition.identifier)) {
      diagnostics.warning('footnote-duplicate', `Footnote \`[^${definition.label ?? definition.identifier}]\` is defined twice: the first definition is used`, start && { line: start.line, column: start.column })
      continue
    }
    defined.add(definition.identifier)
    if (referenced.has(definition.identifier)) continue
    diagnostics.warning('footnote-unused', `Footnote \`[^${definition.label ?? definition.identifier}]\` is defined but never referred to`, start && { line: start.line, column: start.column })
  }
}
