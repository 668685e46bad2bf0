/** `oasgen check [inputs..]`: read and check drafts, print every problem, write nothing. */
import { checkDraft, checkViews, findDrafts, messagesOf, templatesAt, UsageError, type DraftSource } from '../../build.js'
import type { ParsedDraft } from '../../draft/parse.js'
import { templatesFolder, type Templates } from '../../layout/load.js'
import type { SetReport } from '../../parity/index.js'
import { findSets } from '../../parity/sets.js'
import { EXIT } from '../exit.js'
import type { Io } from '../main.js'
import { countMessages } from '../messages.js'
import { printDrafts } from '../draft-output.js'
import { reporterName } from '../reporter-names.js'
import { plural } from '../../words.js'

export interface CheckArgs {
  inputs: string[]
  strict: boolean
  templates: string | undefined
  /** human (problems on stderr, a summary), json (one object on stdout), github (annotations). */
  reporter: string
}

export async function check(io: Io, args: CheckArgs): Promise<number> {
  const reporter = reporterName(args.reporter)
  const templates = templatesAt(templatesFolder(io.cwd, args.templates))
  const sources = findDrafts(args.inputs, io.cwd)
  if (sources.length === 0) throw new UsageError(`No drafts (*.md) found in ${args.inputs.join(', ')}`)
  // --strict here is about sponsors (and language versions) only: a working text is bracketed by
  // nature. Whether a text is ready for plenary is `oasgen build --view clean --strict`.
  const drafts = new Map(
    sources.map((source) => {
      const draft = checkDraft(source, { templates, strict: args.strict })
      checkViews(draft, templates.registry())
      return [source.path, draft]
    }),
  )
  const sets = await paritySets(sources, drafts, { templates, strict: args.strict })
  const reports = [...drafts].map(([path, draft]) => ({ path, failed: draft.failed || draft.file.messages.some((m) => m.fatal === true), messages: messagesOf(draft.file) }))
  const { errors, warnings } = countMessages(reports)
  const n = sources.length
  const failed = reports.filter((r) => r.failed).length
  printDrafts(io, reporter, {
    drafts: reports,
    summary: `${plural(n, 'draft')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`,
    json: { summary: { drafts: n, failed, errors, warnings }, ...(sets.length > 0 ? { sets } : {}) },
    tables: sets.length > 0 ? await tables(sets, io) : [],
  })
  return failed > 0 ? EXIT.content : EXIT.ok
}

/** The parity of each set of language versions among the drafts (`<name>.<lang>.md`): loaded only when there is one. */
async function paritySets(sources: DraftSource[], drafts: ReadonlyMap<string, ParsedDraft>, options: { templates: Templates; strict: boolean }): Promise<SetReport[]> {
  const sets = findSets(sources)
  if (sets.length === 0) return []
  const { checkSet } = await import('../../parity/index.js')
  return sets.map((set) => checkSet(set, drafts, options))
}

export async function tables(sets: readonly SetReport[], io: Io): Promise<string[]> {
  const { parityTable } = await import('../parity-table.js')
  return sets.map((set) => parityTable(set, io.columns ?? 100))
}
