/**
 * `oasgen compare <old.md> <new.md> [more.md…]`: what changed between revisions, proposal by
 * proposal. Text formats go to stdout unless `--out` names a file; the compare document
 * (docx, pdf, html) is written to `--out`, by default `outputs/<new name>.compare.<format>`.
 */
import { statSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { basename, dirname, extname, resolve } from 'node:path'
import { checkDraft, messagesOf, templatesAt, UsageError, type DraftSource } from '../../build.js'
import { compareRevisions, type Revision } from '../../compare/compare.js'
import { reportText } from '../../compare/report.js'
import { writeWhole } from '../../io/write.js'
import { templatesFolder } from '../../layout/load.js'
import { posixPath } from '../../paths.js'
import { EXIT } from '../exit.js'
import type { Io } from '../main.js'
import { formatMessage } from '../messages.js'

export const COMPARE_FORMATS = ['txt', 'md', 'json'] as const
export type CompareFormat = (typeof COMPARE_FORMATS)[number]

export interface CompareArgs {
  revisions: string[]
  format: string
  out: string | undefined
  templates: string | undefined
}

export async function compare(io: Io, args: CompareArgs): Promise<number> {
  if (!(COMPARE_FORMATS as readonly string[]).includes(args.format)) throw new UsageError(`Unknown format \`${args.format}\`; the formats of compare are: ${COMPARE_FORMATS.join(', ')}`)
  const format = args.format as CompareFormat
  const templates = templatesAt(templatesFolder(io.cwd, args.templates))
  const revisions: Revision[] = []
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
    revisions.push({ path: source.path, meta: draft.meta, tree: draft.tree })
  }
  if (failed) {
    io.stderr('oasgen compare: a revision has errors (above); nothing compared\n')
    return EXIT.content
  }
  const report = compareRevisions(revisions)
  const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportText(report, format)
  if (args.out === undefined) {
    io.stdout(text)
    return EXIT.ok
  }
  const target = resolve(io.cwd, args.out)
  await mkdir(dirname(target), { recursive: true })
  await writeWhole(target, new TextEncoder().encode(text))
  io.stdout(`✓ ${args.out}\n`)
  return EXIT.ok
}
