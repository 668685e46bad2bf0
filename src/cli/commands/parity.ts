/**
 * `oasgen parity <drafts..>`: do the language versions of a draft say the same thing? Every
 * drift is an error at its place in the version that differs; a summary table of each set.
 */
import { checkDraft, findDrafts, messagesOf, templatesAt, UsageError } from '../../build.js'
import { LANGUAGES, type Language } from '../../draft/frontmatter.js'
import { templatesFolder } from '../../layout/load.js'
import { checkSet, findSets } from '../../parity/index.js'
import { EXIT } from '../exit.js'
import type { Io } from '../main.js'
import { countMessages } from '../messages.js'
import { printDrafts } from '../draft-output.js'
import { reporterName } from '../reporter-names.js'
import { plural } from '../../words.js'
import { tables } from './check.js'

export interface ParityArgs {
  inputs: string[]
  /** The language the others are compared with; default: the versions' `original`. */
  reference: string | undefined
  templates: string | undefined
  reporter: string
}

export async function parity(io: Io, args: ParityArgs): Promise<number> {
  const reporter = reporterName(args.reporter)
  const reference = args.reference === undefined ? undefined : languageOf(args.reference)
  const templates = templatesAt(templatesFolder(io.cwd, args.templates))
  const sources = findDrafts(args.inputs, io.cwd)
  if (sources.length === 0) throw new UsageError(`No drafts (*.md) found in ${args.inputs.join(', ')}`)
  const sets = findSets(sources, { together: true })
  if (sets.length === 0) {
    throw new UsageError(
      `No language versions to compare in ${args.inputs.join(', ')}: give two drafts or more, or drafts named <name>.<lang>.md side by side (res.en.md, res.es.md)`,
    )
  }
  const inSets = sets.flatMap((set) => set.sources)
  const drafts = new Map(inSets.map((source) => [source.path, checkDraft(source, { templates, strict: false })]))
  const reports = sets.map((set) => checkSet(set, drafts, { templates, ...(reference ? { reference } : {}), strict: true }))
  if (reference && reports.every((r) => r.reference !== reference)) {
    throw new UsageError(`No version in ${reference} (--reference) among ${inSets.map((s) => s.path).join(', ')}`)
  }
  // What this command is asked: parity. A draft's other warnings are `oasgen check`'s; its errors
  // are said here too, since a draft with errors is not compared.
  const outcomes = [...drafts].map(([path, draft]) => {
    const messages = messagesOf(draft.file).filter((m) => m.severity === 'error' || m.ruleId?.startsWith('parity-'))
    return { path, failed: messages.some((m) => m.severity === 'error'), messages }
  })
  const { errors, warnings } = countMessages(outcomes)
  const drifts = reports.reduce((n, r) => n + r.drifts, 0)
  const summary = `${plural(reports.length, 'set')} of language versions, ${plural(inSets.length, 'draft')}: ${plural(drifts, 'drift')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`
  printDrafts(io, reporter, {
    drafts: outcomes,
    summary,
    json: { summary: { sets: reports.length, drafts: inSets.length, drifts, errors, warnings }, sets: reports },
    tables: await tables(reports, io),
  })
  return errors > 0 ? EXIT.content : EXIT.ok
}

function languageOf(value: string): Language {
  if ((LANGUAGES as readonly string[]).includes(value)) return value as Language
  throw new UsageError(`Unknown language \`${value}\` for --reference; the languages are ${LANGUAGES.join(', ')}`)
}
