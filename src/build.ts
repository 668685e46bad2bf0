/**
 * Building one draft: parse it, resolve each requested view, render each format, write each
 * file atomically. A draft with errors writes nothing. Outputs whose inputs did not change
 * (same key as in the manifest, file unchanged) are not rendered again.
 *
 * Everything here returns plain data (a `DraftReport`), so that it runs the same in the main
 * thread and in a worker thread.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { basename, dirname, extname, join, relative, resolve } from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import type { VFile } from 'vfile'
import { Diagnostics, STRICT_RULES, type RuleId } from './diagnostics.js'
import { annotations, parseDraft, sponsorsOf, type ParsedDraft } from './draft/parse.js'
import { Templates } from './layout/load.js'
import { renderer } from './render/index.js'
import { documentTime, type Format } from './render/types.js'
import { resolveView } from './view/resolve.js'
import { viewFileName, type View, type ViewKind } from './view/views.js'
import { VERSION } from './version.js'

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
  format: Format
  path: string
  bytes: number
  sha256: string
  /** What its inputs hash to: the draft, the layout files it uses, the options, oasgen's version. */
  key: string
  warnings: string[]
}

/** What is known of earlier outputs (from the manifest), by path. */
export type Previous = Record<string, Pick<Output, 'key' | 'sha256'>>

export interface DraftReport {
  source: DraftSource
  messages: Message[]
  /** Outputs written by this build. */
  written: Output[]
  /** Outputs that were up to date and left alone. */
  fresh: Output[]
  failed: boolean
}

/** The drafts among `inputs` (relative to `cwd`): files as given, folders searched for `*.md` (sorted). */
export function findDrafts(inputs: string[], cwd = process.cwd()): DraftSource[] {
  const found: DraftSource[] = []
  for (const input of inputs) {
    const absolute = resolve(cwd, input)
    const stats = statSync(absolute, { throwIfNoEntry: false })
    if (!stats) throw new UsageError(`No such file or folder: ${input}`)
    if (stats.isDirectory()) {
      for (const file of walk(absolute)) found.push({ path: join(input, relative(absolute, file)), file, stem: stemOf(relative(absolute, file)) })
    } else {
      found.push({ path: input, file: absolute, stem: stemOf(basename(input)) })
    }
  }
  return found
}

function walk(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...walk(path))
    else if (entry.isFile() && extname(entry.name) === '.md' && entry.name.toLowerCase() !== 'readme.md') out.push(path)
  }
  return out
}

function stemOf(path: string): string {
  return path.slice(0, path.length - extname(path).length).split('\\').join('/')
}

/** A mistake in how oasgen was called (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError'
}

const templatesCache = new Map<string, Templates>()
/** One `Templates` per folder and thread: layouts and the registry are read once. */
export function templatesAt(dir: string): Templates {
  let templates = templatesCache.get(dir)
  if (!templates) {
    templates = new Templates(dir)
    templatesCache.set(dir, templates)
  }
  return templates
}

/** Reads and checks one draft, with the clean view's --strict rule applied when asked. */
export function checkDraft(source: DraftSource, options: { templates: Templates; strict: boolean; clean?: boolean }, text = readFileSync(source.file, 'utf8')): ParsedDraft {
  const draft = parseDraft(text, { path: source.path, templates: options.templates, strict: options.strict })
  if (options.strict && options.clean) {
    const diagnostics = new Diagnostics(draft.file, STRICT_RULES)
    for (const node of annotations(draft.tree)) {
      if (node.agreed) continue
      const start = node.position?.start
      diagnostics.error(
        'clean-unagreed',
        `The clean view is for plenary: this ${node.tag ? `proposal by ${node.tag}` : 'bracketed text'} is not agreed`,
        start && { line: start.line, column: start.column },
      )
    }
    draft.failed = diagnostics.hasErrors
  }
  return draft
}

/** The views to build for a draft. */
export function viewsFor(draft: ParsedDraft, options: Pick<BuildOptions, 'views' | 'delegations'>): View[] {
  const views: View[] = []
  for (const kind of options.views) {
    if (kind !== 'delegation') views.push({ kind })
    else {
      const sponsors = options.delegations.length > 0 ? options.delegations : sponsorsOf(draft.tree)
      for (const sponsor of sponsors) views.push({ kind: 'delegation', sponsor })
    }
  }
  return views
}

export function messagesOf(file: VFile): Message[] {
  return file.messages.map((m) => ({
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
  for (const file of [...templates.layoutFiles(template), join(templates.dir, 'locales', `${lang}.yaml`), join(templates.dir, 'delegations.yaml')]) {
    add(relative(templates.dir, file), existsSync(file) ? readFileSync(file, 'utf8') : '')
  }
  add('options', JSON.stringify({ strict: options.strict, delegations: options.delegations }))
  add('SOURCE_DATE_EPOCH', process.env.SOURCE_DATE_EPOCH ?? '')
  return hash.digest('hex')
}

/** Builds one draft into every requested view and format. Never throws for a content problem. */
export async function buildDraft(source: DraftSource, options: BuildOptions, previous: Previous = {}): Promise<DraftReport> {
  const templates = templatesAt(options.templates)
  const text = readFileSync(source.file, 'utf8')
  const draft = checkDraft(source, { templates, strict: options.strict, clean: options.views.includes('clean') }, text)
  const report: DraftReport = { source, messages: [], written: [], fresh: [], failed: draft.failed || !draft.meta }
  if (report.failed || !draft.meta) {
    report.messages = messagesOf(draft.file)
    return report
  }
  const meta = draft.meta
  const layout = templates.layout(meta.template, meta.lang)
  const registry = templates.registry()
  const time = documentTime(meta.date)
  const base = draftKey(text, templates, meta.template, meta.lang, options)
  const draftWarnings = messagesOf(draft.file)
    .filter((m) => m.severity === 'warning')
    .map(warningText)
  const files: Array<{ output: Output; data: Uint8Array }> = []
  for (const view of viewsFor(draft, options)) {
    const name = viewFileName(view)
    // Resolve only when some format of this view is stale.
    let resolved: ReturnType<typeof resolveView> | undefined
    for (const format of options.formats) {
      const path = `${source.stem}.${name}.${format}`
      const key = sha256(`${base}\0${name}\0${format}\0${format === 'docx' && options.trackChanges ? 'track' : ''}`)
      const output: Output = {
        input: source.path.split('\\').join('/'),
        view: view.kind,
        ...(view.kind === 'delegation' ? { delegation: view.sponsor } : {}),
        format,
        path,
        bytes: 0,
        sha256: '',
        key,
        warnings: draftWarnings,
      }
      const before = previous[path]
      if (!options.force && before?.key === key && isUnchanged(join(options.out, path), before.sha256)) {
        const bytes = statSync(join(options.out, path)).size
        report.fresh.push({ ...output, bytes, sha256: before.sha256 })
        continue
      }
      resolved ??= resolveView({ meta, tree: draft.tree }, view)
      if (view.kind === 'clean' && format === options.formats[0] && resolved.stats.rejected > 0) {
        const n = resolved.stats.rejected
        new Diagnostics(draft.file).report('clean-rejected', `The clean view rejected ${n} proposal${n === 1 ? '' : 's'} that ${n === 1 ? 'is' : 'are'} not agreed`)
      }
      const warnings: string[] = []
      const warn = (rule: RuleId, message: string) => {
        new Diagnostics(draft.file).report(rule, message)
        warnings.push(`${rule}: ${message}`)
      }
      const render = await renderer(format)
      const data = await render({ doc: resolved.doc, layout, registry, options: { trackChanges: options.trackChanges, time, warn } })
      files.push({ output: { ...output, bytes: data.byteLength, sha256: sha256(data), warnings: [...draftWarnings, ...warnings] }, data })
    }
  }
  // Everything rendered: only now write, each file atomically (temporary file, then rename).
  for (const { output, data } of files) {
    const target = join(options.out, output.path)
    await mkdir(dirname(target), { recursive: true })
    await writeFileAtomic(target, Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    report.written.push(output)
  }
  report.messages = messagesOf(draft.file)
  return report
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
