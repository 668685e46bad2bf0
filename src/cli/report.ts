/**
 * Human output of messages: one line each, `file:line:col  severity  message  rule-id`, the
 * form editors and terminals turn into links.
 */
import type { VFile } from 'vfile'

export function severityOf(fatal: boolean | null | undefined): 'error' | 'warning' | 'info' {
  return fatal === true ? 'error' : fatal === false ? 'warning' : 'info'
}

export function formatMessages(file: VFile): string[] {
  return [...file.messages]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    .map((m) => {
      const where = m.line ? `${file.path}:${m.line}:${m.column ?? 1}` : file.path
      return `${where}  ${severityOf(m.fatal)}  ${m.reason}  ${m.ruleId ?? ''}`.trimEnd()
    })
}

export function countMessages(files: VFile[]): { errors: number; warnings: number } {
  let errors = 0
  let warnings = 0
  for (const file of files)
    for (const m of file.messages) {
      if (m.fatal === true) errors++
      else if (m.fatal === false) warnings++
    }
  return { errors, warnings }
}
