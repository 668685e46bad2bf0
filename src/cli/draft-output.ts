/**
 * What `check` and `parity` print about drafts, through the reporter asked for: `human` (each
 * problem on stderr, then any tables and the summary line on stdout), `json` (one object on
 * stdout), `github` (annotations, then the tables and the summary line).
 */
import type { Message } from '../build.js'
import type { Io } from './main.js'
import { formatMessage, githubAnnotations, jsonText } from './messages.js'
import type { ReporterName } from './reporter-names.js'

export interface DraftOutcome {
  path: string
  failed: boolean
  messages: Message[]
}

export interface Printed {
  drafts: DraftOutcome[]
  /** The last line: `1 draft checked: 0 errors, 0 warnings`. */
  summary: string
  /** The JSON reporter's object, the drafts added to it. */
  json: Record<string, unknown>
  /** Text printed before the summary line by the human and github reporters (tables). */
  tables: string[]
}

export function printDrafts(io: Io, reporter: ReporterName, { drafts, summary, json, tables }: Printed): void {
  if (reporter === 'json') {
    io.stdout(jsonText({ ...json, drafts }) + '\n')
    return
  }
  for (const draft of drafts) {
    if (reporter === 'github') io.stdout(githubAnnotations(draft.path, draft.messages))
    else for (const m of draft.messages) io.stderr(formatMessage(draft.path, m) + '\n')
  }
  for (const table of tables) io.stdout(table)
  io.stdout(summary)
}
