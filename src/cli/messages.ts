/** Messages about drafts, one line each: `file:line:col  severity  message  rule-id`. */
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
