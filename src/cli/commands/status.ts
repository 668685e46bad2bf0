/**
 * `oasgen status [inputs..]`: where every proposal stands, one row per proposal, and summaries
 * per delegation and per paragraph (src/status/status.ts). `table` (the terminal, fitted to its
 * width), `md`, `csv` and `json` are printed; `html`, `docx` and `pdf` are documents written to
 * the output folder as `<name>.status.<format>`, laid out by the draft's layout.
 */
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { checkDraft, findDrafts, messagesOf, templatesAt, UsageError } from '../../build.js'
import { writeWhole } from '../../io/write.js'
import { outputPath } from '../../io/outputs.js'
import { templatesFolder } from '../../layout/load.js'
import { cellText } from '../../layout/table.js'
import type { Block } from '../../model/types.js'
import { renderer } from '../../render/index.js'
import { markdownOf } from '../../render/md.js'
import { textTable } from '../../render/text-table.js'
import { documentTime } from '../../render/types.js'
import { statusBlocks, statusOf, statusTables, type StatusReport } from '../../status/status.js'
import { EXIT } from '../exit.js'
import type { Io } from '../main.js'
import { formatMessage } from '../messages.js'
import { resolve } from 'node:path'

export const STATUS_FORMATS = ['table', 'md', 'csv', 'json', 'html', 'docx', 'pdf'] as const
export type StatusFormat = (typeof STATUS_FORMATS)[number]

export interface StatusArgs {
  inputs: string[]
  format: string
  out: string
  templates: string | undefined
}

/** The JSON's version: bumped only when a field is renamed or removed. */
export const STATUS_JSON_VERSION = 1

export async function status(io: Io, args: StatusArgs): Promise<number> {
  const format = args.format as StatusFormat
  if (!(STATUS_FORMATS as readonly string[]).includes(format)) throw new UsageError(`Unknown format \`${args.format}\`; the formats of status are: ${STATUS_FORMATS.join(', ')}`)
  const templates = templatesAt(templatesFolder(io.cwd, args.templates))
  const out = resolve(io.cwd, args.out)
  const sources = findDrafts(args.inputs, io.cwd, out)
  if (sources.length === 0) throw new UsageError(`No drafts (*.md) found in ${args.inputs.join(', ')}`)
  let failed = false
  const drafts: Array<{ path: string; stem: string; meta: NonNullable<ReturnType<typeof checkDraft>['meta']>; report: StatusReport }> = []
  for (const source of sources) {
    const draft = checkDraft(source, { templates, strict: false })
    if (draft.failed || !draft.meta) {
      failed = true
      for (const m of messagesOf(draft.file)) if (m.severity === 'error') io.stderr(formatMessage(source.path, m) + '\n')
      io.stderr(`${source.path}: not read, it has errors\n`)
      continue
    }
    drafts.push({ path: source.path, stem: source.stem, meta: draft.meta, report: statusOf(draft.tree, templates.registry()) })
  }
  const words = (lang: (typeof drafts)[number]['meta']['lang']) => templates.locale(lang).status
  switch (format) {
    case 'json':
      io.stdout(JSON.stringify({ version: STATUS_JSON_VERSION, drafts: drafts.map((d) => ({ path: d.path, title: d.meta.title, lang: d.meta.lang, ...d.report })) }, null, 2) + '\n')
      break
    case 'csv':
      io.stdout(csv(drafts))
      break
    case 'table':
    case 'md':
      for (const [i, d] of drafts.entries()) {
        const tables = statusTables(d.report, words(d.meta.lang))
        const w = words(d.meta.lang)
        const sections: Array<[string, (typeof tables)[keyof typeof tables]]> = [
          [w.proposals, tables.proposals],
          [w.delegations, tables.delegations],
          [w.paragraphs, tables.paragraphs],
        ]
        if (format === 'md') {
          const blocks: Block[] = [{ type: 'heading', depth: 1, content: [{ type: 'text', value: `${d.meta.title} (${d.path})`, marks: [] }] }]
          if (d.report.proposals.length === 0) blocks.push({ type: 'paragraph', role: 'body', content: [{ type: 'text', value: w.none, marks: [] }] })
          else for (const [title, table] of sections) blocks.push({ type: 'heading', depth: 2, content: [{ type: 'text', value: title, marks: [] }] }, table)
          io.stdout((i > 0 ? '\n' : '') + markdownOf(blocks))
        } else {
          const width = Math.max(40, io.columns ?? 100)
          const parts = [`${d.path}: ${d.meta.title}`]
          if (d.report.proposals.length === 0) parts.push(w.none)
          else for (const [title, table] of sections) parts.push(`${title}\n${textTable(table, cellText, width)}`)
          io.stdout((i > 0 ? '\n' : '') + parts.join('\n\n') + '\n')
        }
      }
      break
    default:
      for (const d of drafts) {
        const doc = { meta: d.meta, blocks: statusBlocks(d.report, words(d.meta.lang), { annex: false }), footnotes: [] }
        const render = await renderer(format)
        const data = await render({ doc, layout: templates.layout(d.meta.template, d.meta.lang), registry: templates.registry(), options: { trackChanges: false, time: documentTime(d.meta.date), warn: () => {} } })
        const { path, file } = outputPath(out, d.stem, 'status', format)
        await mkdir(dirname(file), { recursive: true })
        await writeWhole(file, data)
        io.stdout(`✓ ${d.path} → ${path}\n`)
      }
  }
  return failed ? EXIT.content : EXIT.ok
}

/** One row per proposal of every draft, with stable English column names. */
function csv(drafts: Array<{ path: string; report: StatusReport }>): string {
  const rows = drafts.flatMap((d) =>
    d.report.proposals.map((p) => [d.path, p.ref, p.paragraph, p.tag, p.owners.join('/'), p.kind, p.inserted, p.deleted, p.amends ?? '', p.state, p.moot ? 'yes' : 'no', p.line, p.column]),
  )
  return stringify(rows, { header: true, columns: ['draft', 'reference', 'paragraph', 'sponsors', 'owners', 'kind', 'inserted', 'deleted', 'amends', 'state', 'moot', 'line', 'column'] })
}
