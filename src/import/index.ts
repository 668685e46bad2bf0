/**
 * `oasgen import`: delegations' Word revisions back into the bracketed draft.
 *
 * For each returned copy: read it (`read.ts`); render the document oasgen wrote for its base,
 * in the view it was sent in, and read that too (`expected.ts`); line the two up (`align.ts`),
 * so that what the copy adds stands apart from the revisions oasgen wrote; find the draft's
 * block and atoms each paragraph was made from (`map.ts`, `blocks.ts`); turn what was added into
 * edits by sponsor (`copy.ts`). Then write every copy's edits into the draft at once (`apply.ts`),
 * and check the result as `oasgen check` would.
 */
import { basename } from 'node:path'
import { VFile } from 'vfile'
import { Diagnostics } from '../diagnostics.js'
import { parseDraft, sponsorsOf as draftSponsors, type ParsedDraft } from '../draft/parse.js'
import type { Templates } from '../layout/load.js'
import { proposalsOf, type ParagraphFacts } from '../proposals/proposals.js'
import type { View } from '../view/views.js'
import { applyEdits } from './apply.js'
import { AuthorMap, sponsorsOf, type Sponsors } from './authors.js'
import { draftBlocks, type DraftBlock, type FlattenOptions } from './blocks.js'
import { readCopy, type Edit, type NewParagraph, type Note } from './copy.js'
import { expectedReading, type Expected } from './expected.js'
import { BlockMap } from './map.js'
import { draftFrom, rejectAll } from './fresh.js'
import { sharedParagraphs } from './align.js'
import { DocxError, readDocx, type CarriedSource, type DocxReading } from './read.js'
import { scenarioFrom } from './source.js'

export { DocxError, readDocx } from './read.js'
export { sourceXml } from './source.js'

export interface ImportCopy {
  /** The copy's path as the user gave it, for messages. */
  path: string
  bytes: Uint8Array
  /** `--as`: the delegation every new revision of this copy is attributed to. */
  as?: string
}

export interface ImportOptions {
  templates: Templates
  /** `--base`: the draft the copies are read against (else the one they carry). */
  base?: { path: string; text: string }
  /** `--authors`: revision author → sponsor code(s). */
  authors?: Record<string, string>
}

export interface ImportSummary {
  copies: number
  proposals: number
  conflicts: number
  errors: number
  warnings: number
}

export interface ImportResult {
  /** The new draft; undefined when an error stopped the import (nothing is written then). */
  text: string | undefined
  /** The base's path (the draft's name for messages about the result). */
  basePath: string | undefined
  /** Each file's messages: the copies', the base's, the result's. */
  files: VFile[]
  failed: boolean
  summary: ImportSummary
}

export async function importCopies(copies: ImportCopy[], options: ImportOptions): Promise<ImportResult> {
  const files = copies.map((copy) => new VFile({ path: copy.path }))
  const readings: Array<DocxReading | undefined> = copies.map((copy, i) => {
    try {
      return readDocx(copy.bytes)
    } catch (error) {
      if (!(error instanceof DocxError)) throw error
      new Diagnostics(files[i]!).error('import-not-docx', `${copy.path} cannot be imported: ${error.message}`)
      return undefined
    }
  })
  const result = (text: string | undefined, basePath: string | undefined, proposals = 0, conflicts = 0): ImportResult => {
    let errors = 0
    let warnings = 0
    for (const file of files) for (const m of file.messages) m.fatal === true ? errors++ : m.fatal === false ? warnings++ : undefined
    const failed = errors > 0
    return { text: failed ? undefined : text, basePath, files, failed, summary: { copies: copies.length, proposals, conflicts, errors, warnings } }
  }
  if (readings.some((r) => r === undefined)) return result(undefined, options.base?.path)

  // The base: --base, else the draft the copies carry (one and the same).
  const carried = readings.map((r) => r!.source)
  let base = options.base
  if (!base) {
    const texts = [...new Set(carried.filter((c): c is CarriedSource => c !== undefined).map((c) => c.text))]
    if (texts.length > 1) {
      for (const [i, file] of files.entries()) {
        new Diagnostics(file).error('import-no-base', `${copies[i]!.path} was made from another version of the draft than the other copies: give the draft to merge them into with \`--base draft.md\``)
      }
      return result(undefined, undefined)
    }
    const source = carried.find((c) => c !== undefined)
    if (source) base = { path: source.name, text: source.text }
    else {
      // No draft anywhere: the first copy, every revision rejected, is the base of a new draft.
      const name = basename(copies[0]!.path).replace(/\.docx$/i, '') + '.md'
      base = { path: name, text: draftFrom(rejectAll(readings[0]!), readings[0]!, basename(copies[0]!.path)) }
      new Diagnostics(files[0]!).warning(
        'import-new-draft',
        `${copies[0]!.path} carries no draft and no --base was given: it is read as a new draft (its text with every revision rejected), every revision a proposal; give the draft it was made from with \`--base draft.md\` to import into that draft instead`,
      )
    }
  }
  const baseDraft = parseDraft(base.text, { path: base.path, templates: options.templates })
  if (baseDraft.failed || !baseDraft.meta) {
    files.push(baseDraft.file)
    new Diagnostics(baseDraft.file).error('import-no-base', `The base draft ${base.path} has errors: mend them (\`oasgen check ${base.path}\`) and import again`)
    return result(undefined, base.path)
  }

  const registry = options.templates.registry()
  const authors = new AuthorMap(registry, options.authors, draftSponsors(baseDraft.tree))
  const facts = proposalsOf(baseDraft.tree).paragraphs
  const nameOf = (block: DraftBlock | undefined) => blockName(block, facts)
  const parsed = new Map<string, ParsedDraft>([[base.text, baseDraft]])
  const parsedText = (text: string, path: string): ParsedDraft => {
    let draft = parsed.get(text)
    if (!draft) {
      draft = parseDraft(text, { path, templates: options.templates })
      parsed.set(text, draft)
    }
    // A carried draft with errors (edited by hand?) is read as the base instead.
    return draft.failed || !draft.meta ? baseDraft : draft
  }
  const edits: Edit[] = []
  const paragraphs: NewParagraph[] = []
  const notes: Note[][] = []
  let proposals = 0
  let flatten: FlattenOptions | undefined
  const blocksByView = new Map<string, DraftBlock[]>()
  for (const [index, copy] of copies.entries()) {
    const reading = readings[index]!
    const source = reading.source
    let view: View
    let trackChanges: boolean
    let expected: Expected
    if (source) {
      // The draft the copy carries, in the view it was sent in.
      view = viewOf(source)
      trackChanges = source.trackChanges
      expected = await expectedReading(parsedText(source.text, source.name), options.templates, view, trackChanges)
    } else if (options.base) {
      // The base given, in the rendering the copy is closest to.
      ;({ view, trackChanges, expected } = await closestRendering(baseDraft, options.templates, reading))
    } else {
      view = { kind: 'bracketed' }
      trackChanges = true
      expected = rejectAll(reading)
    }
    flatten ??= { view, brackets: !trackChanges }
    // One set of blocks per view, shared by the copies, so that their edits of a block meet.
    const viewKey = JSON.stringify({ view, trackChanges })
    let blocks = blocksByView.get(viewKey)
    if (!blocks) {
      blocks = draftBlocks(baseDraft.tree, { view, brackets: !trackChanges })
      blocksByView.set(viewKey, blocks)
    }
    const map = matchBlocks(expected, blocks)
    const as = copy.as === undefined ? undefined : sponsorsOf(copy.as.split(/\s*[,/]\s*/))
    const read = readCopy({ index, reading, expected, map, authors, ...(as ? { as } : {}), nameOf })
    edits.push(...read.edits)
    paragraphs.push(...read.paragraphs)
    notes.push(read.notes)
    proposals += read.proposals
  }
  const applied = applyEdits(base.text, baseDraft.tree, edits, paragraphs, flatten!, copies.map((c) => c.path))
  for (const [i, file] of files.entries()) {
    const diagnostics = new Diagnostics(file)
    const all = [...notes[i]!, ...(applied.notes.get(i) ?? [])].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    for (const note of all) diagnostics.report(note.rule, note.reason, note.line ? { line: note.line, column: note.column ?? 1 } : undefined)
  }
  // The result must read as a draft, as `oasgen check` reads it.
  const check = parseDraft(applied.text, { path: base.path, templates: options.templates })
  if (check.failed) {
    const problems = check.file.messages.filter((m) => m.fatal).map((m) => `${m.line}:${m.column} ${m.reason}`)
    new Diagnostics(files[0]!).error('internal-error', `The imported draft would not read as a draft (${problems.join('; ')}): a bug of oasgen's, to report; nothing is written`)
  }
  return result(applied.text, base.path, proposals, applied.conflicts)
}

/**
 * A copy that lost its draft was sent in some rendering of the base: the bracketed view with
 * track changes, with brackets, or the clean view. It is read against the one whose paragraphs
 * it shares most.
 */
async function closestRendering(draft: ParsedDraft, templates: Templates, reading: DocxReading): Promise<{ view: View; trackChanges: boolean; expected: Expected }> {
  const candidates: Array<{ view: View; trackChanges: boolean }> = [
    { view: { kind: 'bracketed' }, trackChanges: true },
    { view: { kind: 'bracketed' }, trackChanges: false },
    { view: { kind: 'clean' }, trackChanges: false },
  ]
  let best: { view: View; trackChanges: boolean; expected: Expected; score: number } | undefined
  for (const candidate of candidates) {
    const expected = await expectedReading(draft, templates, candidate.view, candidate.trackChanges)
    // Paragraphs in common, less those of either that the other lacks.
    const shared = sharedParagraphs(expected.reading, reading)
    const score = 3 * shared - expected.reading.body.length - reading.body.length
    if (!best || score > best.score) best = { ...candidate, expected, score }
  }
  return best!
}

function viewOf(source: CarriedSource | undefined): View {
  if (source?.view === 'clean') return { kind: 'clean' }
  if (source?.view === 'delegation' && source.delegation) return { kind: 'delegation', sponsor: source.delegation }
  if (source?.view === 'scenario') return scenarioFrom(source.scenario) ?? { kind: 'bracketed' }
  return { kind: 'bracketed' }
}

/** The expected document's paragraphs (the body less its frame, then each footnote's) to the draft's blocks. */
function matchBlocks(expected: Expected, blocks: DraftBlock[]): BlockMap {
  const map = new BlockMap()
  const body = expected.reading.body.filter((p) => !expected.frame.has(p) && !p.table)
  map.matchAll(body, blocks.filter((b) => b.footnote === undefined))
  for (const [id, paragraphs] of expected.reading.footnotes) {
    const label = expected.noteLabels.get(id)
    if (label === undefined) continue
    map.matchAll(paragraphs, blocks.filter((b) => b.footnote !== undefined && b.footnote.toLowerCase() === label.toLowerCase()))
  }
  return map
}

/** "operative paragraph 4", "preambular paragraph 2", "footnote 1": a block as the draft numbers it (its reference). */
function blockName(block: DraftBlock | undefined, facts: ParagraphFacts[]): string {
  const line = block?.node.position?.start.line
  if (line === undefined) return 'a paragraph'
  let found: ParagraphFacts | undefined
  for (const fact of facts) if (fact.line <= line && (!found || fact.line >= found.line)) found = fact
  if (!found) return 'a paragraph'
  const rest = found.ref.replace(/^[A-Z]+/, '')
  switch (found.kind) {
    case 'OP':
      return `operative paragraph ${rest} (${found.ref})`
    case 'PP':
      return `preambular paragraph ${rest} (${found.ref})`
    case 'FN':
      return `footnote ${rest} (${found.ref})`
    default:
      return `paragraph ${rest} (${found.ref})`
  }
}

export type { Sponsors }
