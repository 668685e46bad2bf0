/**
 * Messages about drafts, one line each: `file:line:col  severity  message  rule-id`, or as GitHub
 * workflow commands. Light: `oasgen check` loads this and not the build's reporters.
 */
import type { Message } from '../build.js'

/**
 * What a terminal (or a log) must not receive raw from a value: control characters (C0, DEL,
 * C1: a newline could forge a message line, ESC colours or moves the cursor), the line and
 * paragraph separators, and the bidirectional overrides and isolates that reorder what is shown.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const escapeCode = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** `text` safe to print: every unsafe character shown as its escape (`\n`, `\u001b`). */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? escapeCode(c))
}

/** What JSON.stringify leaves raw in strings of what UNSAFE names (it escapes C0 itself, but not DEL or C1). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** `value` as indented JSON, with the characters JSON leaves raw (DEL, C1, separators, bidi controls) escaped too. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, escapeCode)
}

export function formatMessage(path: string, m: Message): string {
  const where = m.line ? `${path}:${m.line}:${m.column ?? 1}` : path
  return escapeTerminal(`${where}  ${m.severity}  ${m.reason}  ${m.ruleId ?? ''}`.trimEnd())
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

/**
 * Escapes data for a GitHub workflow command: what a terminal must not receive first (so no
 * line break is left to start a forged command), then `%`, CR and LF as the runner decodes
 * them; and `,` `:` in properties.
 */
const escapeData = (s: string) => escapeTerminal(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
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
