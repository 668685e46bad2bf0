/** `oasgen check [inputs..]`: read and check drafts, print every problem, write nothing. */
import { checkDraft, findDrafts, messagesOf, templatesAt, UsageError } from '../../build.js'
import { templatesFolder } from '../../layout/load.js'
import { EXIT } from '../exit.js'
import type { Io } from '../main.js'
import { countMessages, formatMessage } from '../messages.js'

export interface CheckArgs {
  inputs: string[]
  strict: boolean
  templates: string | undefined
}

export async function check(io: Io, args: CheckArgs): Promise<number> {
  const templates = templatesAt(templatesFolder(io.cwd, args.templates))
  const sources = findDrafts(args.inputs, io.cwd)
  if (sources.length === 0) throw new UsageError(`No drafts (*.md) found in ${args.inputs.join(', ')}`)
  const reports = sources.map((source) => {
    // --strict here is about sponsors only: a working text is bracketed by nature. Whether a
    // text is ready for plenary is `oasgen build --view clean --strict`.
    const draft = checkDraft(source, { templates, strict: args.strict })
    return { source, messages: messagesOf(draft.file), failed: draft.failed }
  })
  for (const report of reports) for (const m of report.messages) io.stderr(formatMessage(report.source.path, m) + '\n')
  const { errors, warnings } = countMessages(reports)
  const n = sources.length
  io.stdout(`${n} draft${n === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`)
  return reports.some((r) => r.failed) ? EXIT.content : EXIT.ok
}
