/**
 * Building drafts: find the drafts, parse each, resolve each requested view, render each
 * format, write each file atomically. A draft with errors writes nothing; the others go on.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { basename, dirname, extname, join, relative } from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import type { VFile } from 'vfile'
import { Diagnostics, STRICT_RULES } from './diagnostics.js'
import { annotations, parseDraft, sponsorsOf, type ParsedDraft } from './draft/parse.js'
import type { DraftMeta } from './draft/frontmatter.js'
import type { Templates } from './layout/load.js'
import { renderer } from './render/index.js'
import { documentTime, type Format } from './render/types.js'
import { resolveView } from './view/resolve.js'
import { viewFileName, type View, type ViewKind } from './view/views.js'

/** A draft to build, and where its outputs go relative to the output folder. */
export interface DraftSource {
  /** The path as the user gave it or as found under a folder the user gave. */
  path: string
  /** The output path without view and format: `sub/folder/name`. */
  stem: string
}

export interface BuildOptions {
  templates: Templates
  /** Output folder. */
  out: string
  views: ViewKind[]
  /** Delegations to render the delegation view for; empty: every sponsor in the draft. */
  delegations: string[]
  formats: Format[]
  strict: boolean
  trackChanges: boolean
}

export interface Output {
  path: string
  view: string
  format: Format
  bytes: number
}

export interface DraftResult {
  source: DraftSource
  file: VFile
  outputs: Output[]
  failed: boolean
}

/** The drafts among `inputs`: files as given, folders searched for `*.md` (sorted). */
export function findDrafts(inputs: string[]): DraftSource[] {
  const found: DraftSource[] = []
  for (const input of inputs) {
    const stats = statSync(input, { throwIfNoEntry: false })
    if (!stats) throw new UsageError(`No such file or folder: ${input}`)
    if (stats.isDirectory()) {
      for (const file of walk(input)) found.push({ path: file, stem: stemOf(relative(input, file)) })
    } else {
      found.push({ path: input, stem: stemOf(basename(input)) })
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
  return path.slice(0, path.length - extname(path).length)
}

/** A mistake in how oasgen was called (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Reads and checks one draft, with the clean view's --strict rule applied when asked. */
export function checkDraft(source: DraftSource, options: Pick<BuildOptions, 'templates' | 'strict'> & { clean?: boolean }): ParsedDraft {
  const text = readFileSync(source.path, 'utf8')
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

/** Builds one draft into every requested view and format. Never throws for a content problem. */
export async function buildDraft(source: DraftSource, options: BuildOptions): Promise<DraftResult> {
  const draft = checkDraft(source, { ...options, clean: options.views.includes('clean') })
  const result: DraftResult = { source, file: draft.file, outputs: [], failed: draft.failed }
  if (draft.failed || !draft.meta) return { ...result, failed: true }
  const meta: DraftMeta = draft.meta
  const diagnostics = new Diagnostics(draft.file)
  const layout = options.templates.layout(meta.template, meta.lang)
  const registry = options.templates.registry()
  const time = documentTime(meta.date)
  const files: Array<{ path: string; data: Uint8Array; view: string; format: Format }> = []
  for (const view of viewsFor(draft, options)) {
    const { doc, stats } = resolveView({ meta, tree: draft.tree }, view)
    if (view.kind === 'clean' && stats.rejected > 0) {
      diagnostics.report('clean-rejected', `The clean view rejected ${stats.rejected} proposal${stats.rejected === 1 ? '' : 's'} that ${stats.rejected === 1 ? 'is' : 'are'} not agreed`)
    }
    for (const format of options.formats) {
      const render = await renderer(format)
      const warn = (rule: Parameters<Diagnostics['report']>[0], message: string) => diagnostics.report(rule, message)
      const data = await render({ doc, layout, registry, options: { trackChanges: options.trackChanges, time, warn } })
      const name = viewFileName(view)
      files.push({ path: join(options.out, `${source.stem}.${name}.${format}`), data, view: name, format })
    }
  }
  // Everything rendered: only now write, each file atomically (temporary file, then rename).
  for (const file of files) {
    await mkdir(dirname(file.path), { recursive: true })
    await writeFileAtomic(file.path, Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength))
    result.outputs.push({ path: file.path, view: file.view, format: file.format, bytes: file.data.byteLength })
  }
  return result
}
