/** `oasgen check [inputs..]`: read and check drafts, print every problem, write nothing. */
import { checkDraft, findDrafts, messagesOf, templatesAt, UsageError } from '../../build.js'
import { templatesFolder } from '../../layout/load.js'
import { EXIT } from '../exit.js'
import type { Io } from '../main.js'
import { countMessages, formatMessage, githubAnnotations } from '../messages.js'
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
  const reports = sources.map((source) => {
    // --strict here is about sponsors only: a working text is bracketed by nature. Whether a
    // text is ready for plenary is `oasgen build --view clean --strict`.
    const draft = checkDraft(source, { templates, strict: args.strict })
    return { source, messages: messagesOf(draft.file), failed: draft.failed }
  })
  const { errors, warnings } = countMessages(reports)
  const n = sources.length
  const summary = `${plural(n, 'draft')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`
  if (reporter === 'json') {
    const drafts = reports.map((r) => ({ path: r.source.path, failed: r.failed, messages: r.messages }))
    io.stdout(JSON.stringify({ summary: { drafts: n, failed: reports.filter((r) => r.failed).length, errors, warnings }, drafts }, null, 2) + '\n')
  } else if (reporter === 'github') {
    for (const report of reports) io.stdout(githubAnnotations(report.source.path, report.messages))
    io.stdout(summary)
  } else {
    for (const report of reports) for (const m of report.messages) io.stderr(formatMessage(report.source.path, m) + '\n')
    io.stdout(summary)
  }
  return reports.some((r) => r.failed) ? EXIT.content : EXIT.ok
}
