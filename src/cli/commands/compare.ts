/**
 * `oasgen compare <old.md> <new.md> [more.md…]`: what changed between revisions, proposal by
 * proposal. The report (txt, md, json) goes to stdout unless `--out` names a file; the compare
 * document (html, docx, pdf) is written to `--out`, by default `outputs/<new name>.compare.<format>`.
 * With `--strict`, each change no proposal accounts for (base-text edits, uncertain matches) is
 * an error on stderr, positioned in its revision, and the exit code is 1.
 */
import { statSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { basename, dirname, extname, resolve } from 'node:path'
import { checkDraft, messagesOf, templatesAt, UsageError, type DraftSource } from '../../build.js'
import { compareRevisions, type Revision } from '../../compare/compare.js'
import type { CompareReport } from '../../compare/schema.js'
import { unexplained } from '../../compare/strict.js'
import { proposalsOf } from '../../proposals/proposals.js'
import { compareDocument } from '../../compare/document.js'
import type { RuleId } from '../../diagnostics.js'
import { renderer } from '../../render/index.js'
import { documentTime, type Format } from '../../render/types.js'
import { reportText } from '../../compare/report.js'
import { writeWhole } from '../../io/write.js'
import { templatesFolder, type Templates } from '../../layout/load.js'
import { posixPath } from '../../paths.js'
import { EXIT } from '../exit.js'
import type { Io } from '../main.js'
import { escapeTerminal, formatMessage, jsonText } from '../messages.js'

export const COMPARE_FORMATS = ['txt', 'md', 'json', 'html', 'docx', 'pdf'] as const
/** The formats of the compare document (the text with markers, the annex); the others are the report. */
const DOCUMENT_FORMATS: ReadonlyArray<CompareFormat> = ['html', 'docx', 'pdf']
export type CompareFormat = (typeof COMPARE_FORMATS)[number]

export interface CompareArgs {
  revisions: string[]
  format: string
  out: string | undefined
  templates: string | undefined
  /** Exit 1 when a revision changed text outside every proposal, or compare cannot follow it (the report is written all the same). */
  strict?: boolean
}

export async function compare(io: Io, args: CompareArgs): Promise<number> {
  if (!(COMPARE_FORMATS as readonly string[]).includes(args.format)) throw new UsageError(`Unknown format \`${args.format}\`; the formats of compare are: ${COMPARE_FORMATS.join(', ')}`)
  const format = args.format as CompareFormat
  const templates = templatesAt(templatesFolder(io.cwd, args.templates))
  const revisions: Revision[] = []
  const texts: string[] = []
  let failed = false
  for (const path of args.revisions) {
    const file = resolve(io.cwd, path)
    const source: DraftSource = { path: posixPath(path), file, stem: basename(path, extname(path)) }
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`No such draft: ${path}`)
    const draft = checkDraft(source, { templates, strict: false })
    const errors = messagesOf(draft.file).filter((m) => m.severity === 'error')
    for (const m of errors) io.stderr(formatMessage(source.path, m) + '\n')
    if (draft.failed || !draft.meta) {
      failed = true
      continue
    }
    revisions.push({ path: source.path, meta: draft.meta, tree: draft.tree, text: String(draft.file.value) })
    texts.push(String(draft.file.value))
  }
  if (failed) {
    io.stderr('oasgen compare: a revision has errors (above); nothing compared\n')
    return EXIT.content
  }
  const report = compareRevisions(revisions)
  await output(io, args, format, report, revisions[revisions.length - 1]!, templates)
  if (!args.strict) return EXIT.ok
  // --strict: each change no proposal accounts for, positioned in its revision, after the output.
  const found = unexplained(report, revisions.map((r, k) => ({ path: r.path, facts: proposalsOf(r.tree), text: texts[k]! })))
  for (const u of found) io.stderr(formatMessage(revisions[u.revision]!.path, { line: u.line, column: u.column, severity: 'error', reason: u.reason, ruleId: u.rule }) + '\n')
  if (found.length === 0) return EXIT.ok
  io.stderr(`oasgen compare --strict: ${found.length} ${found.length === 1 ? 'change' : 'changes'} that no proposal accounts for (above)\n`)
  return EXIT.content
}

/** The report (stdout, or `--out`) or the compare document (`--out`, or outputs/<new>.compare.<format>). */
async function output(io: Io, args: CompareArgs, format: CompareFormat, report: CompareReport, last: Revision, templates: Templates): Promise<void> {
  if (!DOCUMENT_FORMATS.includes(format)) {
    // Draft text (proposals, symbols) is escaped, as every message is: no control character reaches a terminal.
    const text = format === 'json' ? jsonText(report) + '\n' : reportText(report, format as 'txt' | 'md').split('\n').map(escapeTerminal).join('\n')
    if (args.out === undefined) io.stdout(text)
    else await write(io, args.out, new TextEncoder().encode(text))
    return
  }
  const doc = compareDocument({ report, meta: last.meta, tree: last.tree })
  const render = await renderer(format as Format)
  const layout = templates.layout(doc.meta.template, doc.meta.lang)
  const warn = (rule: RuleId, message: string) => io.stderr(escapeTerminal(`${last.path}  warning  ${message}  ${rule}`) + '\n')
  const data = await render({ doc, layout, registry: templates.registry(), options: { trackChanges: false, time: documentTime(doc.meta.date), warn } })
  const stem = basename(last.path, extname(last.path))
  await write(io, args.out ?? `outputs/${stem}.compare.${format}`, data)
}

/** Writes `data` to `out` (relative to the working folder) whole or not at all, folders made. */
async function write(io: Io, out: string, data: Uint8Array): Promise<void> {
  const target = resolve(io.cwd, out)
  await mkdir(dirname(target), { recursive: true })
  await writeWhole(target, data)
  io.stdout(`✓ ${out}\n`)
}
