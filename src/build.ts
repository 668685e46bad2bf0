/**
 * Building one draft: parse it, resolve each requested view, render each format, write each
 * file atomically. A draft with errors writes nothing. Outputs whose inputs did not change
 * (same key as in the manifest, file unchanged) are not rendered again.
 *
 * Everything here returns plain data (a `DraftReport`), so that it runs the same in the main
 * thread and in a worker thread.
 */
import { createHash } from 'node:crypto'
import { isUtf8 } from 'node:buffer'
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { basename, extname, join, relative, resolve } from 'node:path'
import { VFile } from 'vfile'
import { Diagnostics, RULES, type RuleId } from './diagnostics.js'
import { parseDraft, sponsorsOf, type ParsedDraft } from './draft/parse.js'
import { proposalsOf } from './proposals/proposals.js'
import { isReference } from './proposals/references.js'
import { sourceXml } from './import/source.js'
import { scenarioColumn, statusBlocks, statusOf } from './status/status.js'
import { Templates, type Registry } from './layout/load.js'
import { renderer } from './render/index.js'
import { documentTime, type Format } from './render/types.js'
import { lastPreambleOf, resolveView, type Resolution } from './view/resolve.js'
import { preamblePunctuation } from './view/preamble.js'
import type { Choice, Rule, Scenario, ScenarioWarning } from './view/scenario.js'
import { isFor, viewFileName, type View, type ViewKind } from './view/views.js'
import { VERSION } from './version.js'
import { posixPath } from './paths.js'
import { plural } from './words.js'
import { writeOutputs } from './batch/manifest.js'
import { aboutSync, UsageError } from './io/errors.js'
import { outputPath } from './io/outputs.js'
import { MAX_DRAFT_BYTES, readRegularFile } from './io/read.js'

export { UsageError }

/** A draft to build, and where its outputs go relative to the output folder. */
export interface DraftSource {
  /** The path as the user gave it or as found under a folder the user gave (for messages and the manifest). */
  path: string
  /** The absolute path, to read it. */
  file: string
  /** The output path without view and format, relative to the output folder: `sub/folder/name`. */
  stem: string
}

export interface BuildOptions {
  /** The templates folder. */
  templates: string
  /** Output folder. */
  out: string
  views: ViewKind[]
  /** Delegations to render the delegation view for; empty: every sponsor in the draft. */
  delegations: string[]
  formats: Format[]
  strict: boolean
  trackChanges: boolean
  /** Render every output even when it is up to date. */
  force: boolean
  /** The largest draft read, in bytes (default `MAX_DRAFT_BYTES`, 50 MB). */
  maxDraftBytes?: number
  /** A scenario to build (`--accept`, `--reject`, `--show`, `--rest`, `--name`), besides `views`. */
  scenario?: ScenarioOptions
  /** Annexes appended to the DOCX, PDF and HTML of every view: `status`, the status of proposals. */
  annex?: Annex[]
}

export const ANNEXES = ['status'] as const
export type Annex = (typeof ANNEXES)[number]
/** The formats an annex is appended to: documents, not the draft (md) or its plain text. */
const ANNEXED: readonly Format[] = ['docx', 'pdf', 'html']

/** A scenario as the command line gives it: rules in the order written, sponsor codes or references. */
export interface ScenarioOptions {
  /** Its part of the file names: `scenario-<name>`. */
  name: string
  rules: Array<{ choice: Choice; target: string }>
  rest: Scenario['rest']
  /** The words that head its document's line saying what it decided, instead of the locale's (`Chair's text`). */
  label?: string
}

/** A message about a draft, as plain data. */
export interface Message {
  line?: number
  column?: number
  severity: 'error' | 'warning' | 'info'
  reason: string
  ruleId?: string
}

/** One output file. `path` is relative to the output folder, with `/` separators. */
export interface Output {
  input: string
  view: string
  delegation?: string
  /** A scenario's name (`chair-text`). */
  scenario?: string
  format: Format
  path: string
  bytes: number
  sha256: string
  /** What its inputs hash to: the draft, the layout files it uses, the options, oasgen's version. */
  key: string
  warnings: string[]
}

/** What is known of earlier outputs (from the manifest), by path. */
export type Previous = Record<string, Pick<Output, 'key' | 'sha256' | 'warnings'>>

export interface DraftReport {
  source: DraftSource
  messages: Message[]
  /** Outputs written by this build. */
  written: Output[]
  /** Outputs that were up to date and left alone. */
  fresh: Output[]
  failed: boolean
}

/** What to leave out when looking for drafts: the output folder, and the files oasgen wrote there. */
export interface DraftsExclude {
  /** The output folder (absolute): never searched. */
  out: string
  /** The absolute paths of the outputs its manifest lists: never drafts, even in an input folder. */
  written?: ReadonlySet<string>
}

/**
 * The drafts among `inputs` (relative to `cwd`): files as given, folders searched for `*.md`
 * (sorted, following symbolic links, each folder once), never the output folder nor a file
 * oasgen wrote. A draft named twice is built once; two drafts that would write the same output
 * names are a usage error. Whatever is found is read later, and only if it is a regular file.
 */
export function findDrafts(inputs: string[], cwd = process.cwd(), exclude?: string | DraftsExclude): DraftSource[] {
  const skip: DraftsExclude | undefined = typeof exclude === 'string' ? { out: exclude } : exclude
  const found = new Map<string, DraftSource>()
  for (const input of inputs) {
    const absolute = resolve(cwd, input)
    const stats = aboutSync(absolute, () => statSync(absolute, { throwIfNoEntry: false }))
    if (!stats) throw new UsageError(`No such file or folder: ${input}`)
    if (!stats.isDirectory() && skip?.written?.has(absolute)) {
      throw new UsageError(`${input} is a file oasgen wrote into ${skip.out} (its manifest lists it), not a draft: build it into another folder (--out) if you mean to`)
    }
    const sources = stats.isDirectory()
      ? walk(absolute, skip).map((file) => ({ path: posixPath(join(input, relative(absolute, file))), file, stem: stemOf(relative(absolute, file)) }))
      : [{ path: posixPath(input), file: absolute, stem: stemOf(basename(input)) }]
    for (const source of sources) if (!found.has(source.file)) found.set(source.file, source)
  }
  const byStem = new Map<string, DraftSource>()
  for (const source of found.values()) {
    const other = byStem.get(source.stem)
    if (other) {
      throw new UsageError(
        `${other.path} and ${source.path} would both be written as ${source.stem}.<view>.<format>: build them into different output folders, or give the folder that holds both`,
      )
    }
    byStem.set(source.stem, source)
  }
  return [...found.values()]
}

/**
 * The `*.md` files below `dir`, sorted. Symbolic links are followed: a link to a folder is
 * searched unless that folder is already being searched (a loop), a link to a file is a draft
 * like the file; a link that leads nowhere, or in a loop, is a draft too, whose reading says so.
 */
function walk(dir: string, skip: DraftsExclude | undefined, searching: Set<string> = new Set()): string[] {
  const real = aboutSync(dir, () => realpathSync(dir))
  if (searching.has(real)) return []
  searching.add(real)
  const out: string[] = []
  const entries = aboutSync(dir, () => readdirSync(dir, { withFileTypes: true }))
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    if (path === skip?.out || skip?.written?.has(path)) continue
    const isDraftName = extname(entry.name) === '.md' && entry.name.toLowerCase() !== 'readme.md'
    if (entry.isDirectory() || (entry.isSymbolicLink() && leadsToFolder(path))) {
      if (realOf(path) !== realOf(skip?.out)) out.push(...walk(path, skip, searching))
    } else if (isDraftName) out.push(path)
  }
  searching.delete(real)
  return out
}

/** Whether a symbolic link leads to a folder (not when it leads nowhere, or in a loop). */
function leadsToFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** The real path of `path`, or itself when it cannot be resolved. */
function realOf(path: string | undefined): string | undefined {
  try {
    return path === undefined ? undefined : realpathSync(path)
  } catch {
    return path
  }
}

function stemOf(path: string): string {
  return posixPath(path.slice(0, path.length - extname(path).length))
}

const templatesCache = new Map<string, Templates>()

/** Forgets the templates read so far: a new build (in --watch) reads them afresh. */
export function forgetTemplates(): void {
  templatesCache.clear()
}

/** One `Templates` per folder, thread and build: layouts and the registry are read once. */
export function templatesAt(dir: string): Templates {
  let templates = templatesCache.get(dir)
  if (!templates) {
    templates = new Templates(dir)
    templatesCache.set(dir, templates)
  }
  return templates
}

/** A draft's text; or where it stops being UTF-8; or why it cannot be read (not a regular file, too large). */
export function readDraft(file: string, maxBytes = MAX_DRAFT_BYTES): { text: string } | { line: number; column: number } | { problem: string; rule: 'draft-unreadable' | 'draft-too-large' } {
  const read = readRegularFile(file, maxBytes)
  if ('problem' in read) return read
  const bytes = read.bytes
  if (isUtf8(bytes)) return { text: bytes.toString('utf8').replace(/^\uFEFF/, '') }
  // The first line that is not UTF-8 (a newline byte never sits inside a UTF-8 sequence).
  let start = 0
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(0x0a, start)
    const slice = bytes.subarray(start, end === -1 ? bytes.length : end)
    if (!isUtf8(slice)) return { line, column: slice.toString('utf8').indexOf('\uFFFD') + 1 || 1 }
    start = end + 1
  }
}

/** Reads and checks one draft, with the clean view's --strict rule applied when asked. */
export function checkDraft(
  source: DraftSource,
  options: { templates: Templates; strict: boolean; clean?: boolean; maxDraftBytes?: number },
  read: ReturnType<typeof readDraft> = readDraft(source.file, options.maxDraftBytes),
): ParsedDraft {
  if (!('text' in read)) {
    const file = new VFile({ path: source.path })
    if ('problem' in read) new Diagnostics(file).report(read.rule, read.problem)
    else new Diagnostics(file).report('draft-encoding', 'The draft is not UTF-8 text: save it as UTF-8 (the first bad character is here)', read)
    return { file, meta: undefined, tree: { type: 'root', children: [] }, failed: true, placeOf: () => undefined }
  }
  const draft = parseDraft(read.text, { path: source.path, templates: options.templates, strict: options.strict })
  if (options.strict && options.clean) {
    const diagnostics = new Diagnostics(draft.file)
    for (const proposal of proposalsOf(draft.tree).proposals) {
      // Agreed and withdrawn proposals are settled, and so is what sits in text they take away.
      if (proposal.state !== 'pending' || proposal.moot) continue
      const { line, column } = proposal.position.start
      diagnostics.error(
        'clean-unagreed',
        `The clean view is for plenary: ${proposal.ref}, ${proposal.tag ? `a proposal by ${proposal.tag}` : 'bracketed text'}, is not agreed`,
        { line, column },
      )
    }
    draft.failed = diagnostics.hasErrors
  }
  return draft
}

const CLEAN: View = { kind: 'clean' }
const BRACKETED: View = { kind: 'bracketed' }

/** The rule each kind of scenario warning is reported under. */
const SCENARIO_RULES: Record<ScenarioWarning['kind'], RuleId> = {
  falls: 'scenario-falls',
  joint: 'scenario-joint',
  'unknown-reference': 'scenario-reference-unknown',
}

/**
 * The sponsors with a pending proposal (spec section 4: neither agreed nor withdrawn, nor lost
 * with the text of one that is), in order of first appearance: one delegation document each.
 */
export function pendingSponsors(tree: ParsedDraft['tree']): string[] {
  const seen = new Set<string>()
  for (const proposal of proposalsOf(tree).proposals) {
    if (proposal.state === 'pending' && !proposal.moot) for (const code of proposal.sponsors) seen.add(code)
  }
  return [...seen]
}

/** The views to build for a draft whose sponsors with pending proposals are `sponsors`. */
function viewsFor(options: Pick<BuildOptions, 'views' | 'delegations' | 'scenario'>, sponsors: string[], registry: Registry): View[] {
  const scenario = options.scenario ? [scenarioView(options.scenario, registry)] : []
  return options.views.flatMap((kind): View[] => {
    if (kind === 'clean') return [CLEAN]
    if (kind === 'bracketed') return [BRACKETED]
    return delegationViews(options.delegations.length > 0 ? options.delegations : sponsors, registry)
  }).concat(scenario)
}

/**
 * The view of a scenario given on the command line: a sponsor code stands for its delegation
 * (the registry's aliases too: `--accept US` accepts `[USA: …]`), a reference (`OP4.1`) for
 * one proposal; a proposal the rest rejects is shown for context when it encloses a shown one.
 */
export function scenarioView(options: ScenarioOptions, registry: Registry): Extract<View, { kind: 'scenario' }> {
  const rules = options.rules.map(({ choice, target }): Rule => {
    if (isReference(target)) return { choice, ref: target }
    const entry = registry.get(target)
    return { choice, codes: entry ? [target, ...[entry.code, ...entry.aliases].filter((c) => c !== target)] : [target] }
  })
  return { kind: 'scenario', name: options.name, scenario: { rules, rest: options.rest, context: true }, ...(options.label !== undefined ? { label: options.label } : {}) }
}

/**
 * One view per delegation among `codes`: codes the registry knows as one delegation (`US` and
 * `USA`) make one document, named by the first code written, showing the proposals of all.
 */
export function delegationViews(codes: string[], registry: Registry): Array<Extract<View, { kind: 'delegation' }>> {
  const views = new Map<string, Extract<View, { kind: 'delegation' }>>()
  for (const code of codes) {
    const entry = registry.get(code)
    const key = entry?.code ?? code
    if (views.has(key)) continue
    const aliases = entry ? [entry.code, ...entry.aliases].filter((c) => c !== code) : []
    views.set(key, aliases.length > 0 ? { kind: 'delegation', sponsor: code, aliases } : { kind: 'delegation', sponsor: code })
  }
  return [...views.values()]
}

export function messagesOf(file: VFile): Message[] {
  const messages = [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
  return messages.map((m) => ({
    ...(m.line ? { line: m.line, column: m.column ?? 1 } : {}),
    severity: m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info',
    reason: m.reason,
    ...(m.ruleId ? { ruleId: m.ruleId } : {}),
  }))
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex')

/** The hash of everything a draft's outputs are made from, but the view and format. */
function draftKey(text: string, templates: Templates, template: string, lang: string, options: BuildOptions): string {
  const hash = createHash('sha256')
  const add = (label: string, value: string) => hash.update(`${label}\0${value}\0`)
  add('oasgen', VERSION)
  add('draft', text)
  add('templates', templates.hashOf(template, lang))
  add('options', JSON.stringify({ strict: options.strict }))
  add('SOURCE_DATE_EPOCH', process.env.SOURCE_DATE_EPOCH ?? '')
  return hash.digest('hex')
}

/**
 * Builds one draft into every requested view and format. Never throws for a content problem.
 * `parsed`: the draft as another thread already read (and checked) it (src/batch/parse-ahead.ts).
 */
export async function buildDraft(source: DraftSource, options: BuildOptions, previous: Previous = {}, parsed?: { read: ReturnType<typeof readDraft>; draft?: ParsedDraft }): Promise<DraftReport> {
  const templates = templatesAt(options.templates)
  const read = parsed?.read ?? readDraft(source.file, options.maxDraftBytes)
  const draft = parsed?.draft ?? checkDraft(source, { templates, strict: options.strict, clean: options.views.includes('clean') }, read)
  const report: DraftReport = { source, messages: [], written: [], fresh: [], failed: draft.failed || !draft.meta }
  if (report.failed || !draft.meta || !('text' in read)) {
    report.messages = messagesOf(draft.file)
    return report
  }
  const meta = draft.meta
  const layout = templates.layout(meta.template, meta.lang)
  const registry = templates.registry()
  const time = documentTime(meta.date)
  const base = draftKey(read.text, templates, meta.template, meta.lang, options)
  const files: Array<{ output: Output; data: Uint8Array; file: string }> = []
  const reported = new Set<string>()
  // Who has a pending proposal matters only to delegation views (and surveying every proposal
  // is a tenth of what reading the draft costs).
  const delegation = options.views.includes('delegation')
  const pending = delegation ? pendingSponsors(draft.tree) : []
  const views = viewsFor(options, pending, registry)
  // Every view is resolved up front, its files up to date or not (resolving is a small part of
  // rendering): what a view does to the text is said whether or not its files are written again.
  const resolutions = new Map(views.map((view) => [view, resolveView({ meta, tree: draft.tree }, view)]))
  reportViews(draft.file, [...resolutions].map(([view, resolution]) => ({ name: viewFileName(view), resolution })))
  const draftWarnings = messagesOf(draft.file)
    .filter((m) => m.severity === 'warning')
    .map(warningText)
  const sponsors = delegation ? sponsorsOf(draft.tree) : []
  for (const view of delegation ? delegationViews(options.delegations, registry) : []) {
    const code = view.sponsor
    if (isFor(view, pending)) continue
    new Diagnostics(draft.file).warning(
      'delegation-absent',
      isFor(view, sponsors)
        ? `\`${code}\` has no pending proposal in this draft (each of its proposals is agreed or withdrawn): its document is the text with every other proposal rejected`
        : `\`${code}\` sponsors nothing in this draft (its sponsors: ${sponsors.join(', ') || 'none'}): its document is the text with every proposal rejected`,
    )
  }
  const rejected = resolutions.get(CLEAN)?.stats.rejected ?? 0
  if (rejected > 0) new Diagnostics(draft.file).report('clean-rejected', `The clean view rejected ${plural(rejected, 'proposal')} that ${rejected === 1 ? 'is' : 'are'} not agreed`)
  // What a scenario could not do as asked is said every time, and a reference to no proposal of
  // the draft stops the draft before anything is written.
  for (const [view, resolution] of resolutions) {
    if (view.kind !== 'scenario') continue
    for (const w of resolution.warnings) {
      const place = w.line !== undefined ? { line: w.line, column: w.column ?? 1 } : undefined
      new Diagnostics(draft.file).report(SCENARIO_RULES[w.kind], w.message, place)
    }
  }
  if (draft.file.messages.some((m) => m.fatal === true)) {
    report.failed = true
    report.messages = messagesOf(draft.file)
    return report
  }
  // The status annex: the draft's states; in a scenario's document, also what the scenario did with each proposal.
  const status = options.annex?.includes('status') ? { report: statusOf(draft.tree, registry), locale: templates.locale(meta.lang) } : undefined
  for (const view of views) {
    const name = viewFileName(view)
    const resolved = resolutions.get(view)!
    const scenario = status && view.kind === 'scenario' ? { scenario: scenarioColumn(draft.tree, view.scenario, status.locale.scenario) } : {}
    const annex = status ? statusBlocks(status.report, status.locale.status, { annex: true, ...scenario }) : []
    // A scenario's rules are part of its files' key: `--name` may stay while they change.
    const rules = view.kind === 'scenario' ? `\0${JSON.stringify(view.scenario)}${view.label !== undefined ? `\0${view.label}` : ''}` : ''
    for (const format of options.formats) {
      const { path, file } = outputPath(options.out, source.stem, name, format)
      const annexed = annex.length > 0 && ANNEXED.includes(format) ? '\0annex:status' : ''
      const key = sha256(`${base}\0${name}\0${format}\0${format === 'docx' && options.trackChanges ? 'track' : ''}${rules}${annexed}`)
      const output: Output = {
        input: source.path,
        view: view.kind,
        ...(view.kind === 'delegation' ? { delegation: view.sponsor } : {}),
        ...(view.kind === 'scenario' ? { scenario: view.name } : {}),
        format,
        path,
        bytes: 0,
        sha256: '',
        key,
        warnings: draftWarnings,
      }
      const before = previous[path]
      if (!options.force && before?.key === key && isUnchanged(file, before.sha256)) {
        const bytes = statSync(file).size
        // What rendering it said then still holds: said again, and kept in the manifest.
        const rendered = (before.warnings ?? []).filter((w) => !draftWarnings.includes(w))
        for (const warning of rendered) {
          if (reported.has(warning)) continue
          reported.add(warning)
          new Diagnostics(draft.file).warning(renderRule(warning), warningMessage(warning))
        }
        report.fresh.push({ ...output, bytes, sha256: before.sha256, warnings: [...draftWarnings, ...rendered] })
        continue
      }
      const warnings: string[] = []
      const warn = (rule: RuleId, message: string) => {
        const warning = `${rule}: ${message}`
        // Said once for the draft, however many views and formats meet the same thing.
        if (!reported.has(warning)) new Diagnostics(draft.file).report(rule, message)
        reported.add(warning)
        warnings.push(warning)
      }
      const render = await renderer(format)
      // The copy sent out for revisions carries its draft, so that `oasgen import` finds its base.
      const customXml = format === 'docx' && options.trackChanges ? sourceXml({ text: read.text, name: basename(source.path), view, trackChanges: true }) : undefined
      const doc = annex.length > 0 && ANNEXED.includes(format) ? { ...resolved.doc, blocks: [...resolved.doc.blocks, ...annex] } : resolved.doc
      const data = await render({ doc, layout, registry, options: { trackChanges: options.trackChanges, time, warn, ...(customXml !== undefined ? { customXml } : {}) } })
      // A render holds the thread; between two, the event loop turns, so that a Ctrl-C is heard
      // (the first lets this draft finish, a second then ends the process at once).
      await new Promise<void>((resolveTurn) => setImmediate(resolveTurn))
      files.push({ output: { ...output, bytes: data.byteLength, sha256: sha256(data), warnings: [...draftWarnings, ...warnings] }, data, file })
    }
  }
  // Everything rendered: only now write, each file whole or not at all, after the journal has
  // said what is coming (see batch/manifest.ts).
  await writeOutputs(options.out, files)
  report.written.push(...files.map((f) => f.output))
  report.messages = messagesOf(draft.file)
  return report
}

/** `oasgen check`: what the views a build makes by default (clean, bracketed, each sponsor's) do to the text. */
export function checkViews(draft: ParsedDraft, registry: Registry): void {
  if (draft.failed || !draft.meta) return
  const views = viewsFor({ views: ['clean', 'bracketed', 'delegation'], delegations: [] }, pendingSponsors(draft.tree), registry)
  reportViews(draft.file, views.map((view) => ({ name: viewFileName(view), resolution: { lastPreamble: lastPreambleOf({ meta: draft.meta!, tree: draft.tree }, view) } })))
}

/** What the views do to the text that an editor must see to: `preamble-punctuation`. */
export function reportViews(file: VFile, views: ReadonlyArray<{ name: string; resolution: Pick<Resolution, 'lastPreamble'> }>): void {
  const diagnostics = new Diagnostics(file)
  for (const { place, reason } of preamblePunctuation(views)) diagnostics.warning('preamble-punctuation', reason, place)
}

/** A render warning as the manifest keeps it (`rule: message`), back into its parts. */
function renderRule(warning: string): RuleId {
  const rule = warning.slice(0, warning.indexOf(':'))
  return (Object.hasOwn(RULES, rule) ? rule : 'font-missing-glyph') as RuleId
}
function warningMessage(warning: string): string {
  return warning.slice(warning.indexOf(':') + 2)
}

function warningText(m: Message): string {
  return `${m.line ? `${m.line}:${m.column} ` : ''}${m.ruleId ? `${m.ruleId}: ` : ''}${m.reason}`
}

function isUnchanged(path: string, expected: string): boolean {
  try {
    return sha256(readFileSync(path)) === expected
  } catch {
    return false
  }
}
