/** Shared test helpers: parse and resolve drafts given as strings, the way the CLI does. */
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { main } from '../src/cli/main.js'
import { parseDraft, type ParsedDraft } from '../src/draft/parse.js'
import { Templates } from '../src/layout/load.js'
import type { DocumentModel } from '../src/model/types.js'
import { bodyText as renderBody, renderText } from '../src/render/txt.js'
import { toMarkdown } from '../src/render/md.js'
import { resolveView, type Resolution } from '../src/view/resolve.js'
import type { View } from '../src/view/views.js'

export const templates = new Templates()
export const ROOT = join(import.meta.dirname, '..')
/** The acceptance texts: copies of shared/seeds/ (seeds.test.ts checks they are still the same). */
export const SEEDS = join(ROOT, 'tests', 'fixtures', 'seeds')
export const SHARED_SEEDS = join(ROOT, '..', 'shared', 'seeds')

/** bin/oasgen.js, the command a user runs. */
export const BIN = join(ROOT, 'bin', 'oasgen.js')

/**
 * The ways the real binary starts (docs/decisions.md, "Start-up snapshot"): run as a program it
 * starts node from the start-up snapshot npm run build made, or as ES modules when told not to
 * (the fallback, also taken with a blob of another node); run by node, as npm's Windows shims do,
 * it starts as ES modules. A launch is a command and what goes before the arguments.
 */
export interface Launch {
  name: string
  command: string
  before: string[]
  env: Record<string, string>
}
export const LAUNCHES: Launch[] = [
  ...(process.platform === 'win32'
    ? []
    : [
        { name: 'from the start-up snapshot', command: BIN, before: [], env: {} },
        { name: 'as ES modules, the snapshot refused', command: BIN, before: [], env: { OASGEN_NO_SNAPSHOT: '1' } },
      ]),
  { name: 'by node, as the Windows shims run it', command: process.execPath, before: [BIN], env: {} },
]

export const CLEAN: View = { kind: 'clean' }
export const BRACKETED: View = { kind: 'bracketed' }
export const delegation = (sponsor: string): View => ({ kind: 'delegation', sponsor })

/** A draft with minimal front matter around `body`. */
export function draftText(body: string, front = 'title: Test'): string {
  return `---\n${front}\n---\n\n${body}\n`
}

export function parse(text: string, options: { strict?: boolean; path?: string } = {}): ParsedDraft {
  return parseDraft(text, { templates, path: options.path ?? 'draft.md', strict: options.strict })
}

/** Parses a body (with minimal front matter) and fails loudly if it has errors. */
export function parseOk(body: string, front?: string): ParsedDraft {
  const draft = parse(draftText(body, front))
  if (draft.failed) throw new Error(`unexpected errors:\n${messages(draft).join('\n')}`)
  return draft
}

/** The document model of a whole draft (front matter included) in a view; a draft with errors throws. */
export function model(text: string, view: View = BRACKETED): DocumentModel {
  const draft = parse(text)
  if (draft.failed) throw new Error(`draft has errors:\n${draft.file.messages.map(String).join('\n')}`)
  return resolve(draft, view).doc
}

export function resolve(draft: ParsedDraft, view: View): Resolution {
  if (!draft.meta) throw new Error('draft has no front matter')
  return resolveView({ meta: draft.meta, tree: draft.tree }, view)
}

export function txt(doc: DocumentModel): string {
  const layout = templates.layout(doc.meta.template, doc.meta.lang)
  return renderText({ doc, layout, registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn: () => {} } })
}

export function md(doc: DocumentModel): string {
  return toMarkdown(doc.meta, doc.blocks, doc.footnotes)
}

/** The body text of a view as the txt format prints it (no header block, no title). */
export function bodyText(body: string, view: View, front?: string): string {
  const { doc } = resolve(parseOk(body, front), view)
  return renderBody({ doc, layout: templates.layout(doc.meta.template, doc.meta.lang) })
}

/** `line:column rule` of each message, for compact assertions. */
export function messages(draft: ParsedDraft): string[] {
  return draft.file.messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : m.fatal === false ? 'warning' : 'info'} ${m.ruleId}`)
}

export function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean)
}

export function seed(name: string): string {
  return readFileSync(join(SEEDS, name), 'utf8')
}

export function input(name: string): string {
  return readFileSync(join(ROOT, 'inputs', name), 'utf8')
}

/** Runs the command line in-process, as `bin/oasgen.js` does, and collects what it prints. */
export async function cli(argv: string[], cwd = ROOT, signal?: AbortSignal, onStdout?: (text: string) => void) {
  let stdout = ''
  let stderr = ''
  const code = await main({
    argv,
    cwd,
    ...(signal ? { signal } : {}),
    stdout: (text) => {
      stdout += text
      onStdout?.(text)
    },
    stderr: (text) => (stderr += text),
  })
  return { code, stdout, stderr }
}

/** A new empty folder under the system's temporary folder. */
export function tempDir(prefix = 'oasgen-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A new temporary folder holding these files (name → text). */
export function folderWith(texts: Record<string, string>): string {
  const dir = tempDir()
  for (const [name, text] of Object.entries(texts)) writeFileSync(join(dir, name), text)
  return dir
}

/** Every file below `dir` (relative paths, `/`-separated) with the sha256 of its bytes. */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name)
      if (e.isDirectory()) walk(path)
      else out[relative(dir, path).split('\\').join('/')] = createHash('sha256').update(readFileSync(path)).digest('hex')
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

/** The files below `dir`, sorted, the build manifest left out. */
export function files(dir: string): string[] {
  return Object.keys(tree(dir))
    .filter((path) => path !== 'manifest.json')
    .sort()
}
