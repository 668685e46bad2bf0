/**
 * Messages about drafts, one line each: `file:line:col  severity  message  rule-id`, or as GitHub
 * workflow commands. Light: `oasgen check` loads this and not the build's reporters.
 */
import type { Message } from '../build.js'

export function formatMessage(path: string, m: Message): string {
  const where = m.line ? `${path}:${m.line}:${m.column ?? 1}` : path
  return `${where}  ${m.severity}  ${m.reason}  ${m.ruleId ?? ''}`.trimEnd()
}

export function countMessages(reports: Array<{ messages: Message[] }>): { errors: number; warnings: number } {
  let errors = 0
  let warnings = 0
  for (const report of reports)
    for (const m of report.messages) {
      if (m.severity === 'error') errors++
      else if (m.severity === 'warning') warnings++
    }
  return { errors, warnings }
}

/** Escapes data for a GitHub workflow command (`%`, CR, LF; and `,` `:` in properties). */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** A message about the build, not a draft, as a GitHub warning annotation. */
export function githubNotice(message: string): string {
  return `::warning title=oasgen::${escapeData(message)}\n`
}

/** A draft's messages as GitHub workflow commands (annotations on the pull request), a line each. */
export function githubAnnotations(path: string, messages: Message[]): string {
  const file = escapeProperty(path)
  return messages
    .map((m) => {
      const command = m.severity === 'error' ? 'error' : m.severity === 'warning' ? 'warning' : 'notice'
      const place = m.line ? `,line=${m.line},col=${m.column ?? 1}` : ''
      const title = m.ruleId ? `,title=${escapeProperty(m.ruleId)}` : ''
      return `::${command} file=${file}${place}${title}::${escapeData(m.reason)}\n`
    })
    .join('')
}
