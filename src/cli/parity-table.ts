/**
 * The summary table of a set of language versions, for the terminal: one row per paragraph of
 * the reference version (runs of paragraphs where every version agrees joined into one row,
 * `PP1–PP4`), one column per language, `✓` or what drifts. Drawn by cli-table3, fitted to the
 * terminal's width (long cells wrap).
 */
import Table from 'cli-table3'
import { FRONT_ROW } from '../parity/compare.js'
import type { SetReport } from '../parity/index.js'
import { plural } from '../words.js'
import { escapeTerminal } from './messages.js'

const AGREES = '✓'

export function parityTable(report: SetReport, columns: number): string {
  // The set's name is made of file names: printed escaped, as every message is.
  const title = `${escapeTerminal(report.name)}: ${report.versions.map((v) => (v.lang === report.reference ? `${v.lang} (reference)` : v.lang)).join(', ')}${report.note ? ` (${report.note})` : ''}`
  if (!report.reference) return `${title}\n`
  const langs = report.versions.map((v) => v.lang)
  const unread = new Set(report.versions.filter((v) => !v.compared).map((v) => v.lang))
  const cell = (row: SetReport['rows'][number], lang: (typeof langs)[number]) =>
    unread.has(lang) ? 'not read: errors' : lang === report.reference ? AGREES : (row.drifts[lang] ?? []).join(', ') || AGREES
  const lines: string[][] = []
  let run: string[] = []
  const flush = () => {
    if (run.length > 0) lines.push([run.length === 1 ? run[0]! : `${run[0]}–${run[run.length - 1]}`, ...langs.map((l) => cell({ row: '', drifts: {} }, l))])
    run = []
  }
  for (const row of report.rows) {
    const cells = langs.map((l) => cell(row, l))
    // The front matter is a row of its own; paragraphs where every version agrees are joined.
    if (row.row !== FRONT_ROW && cells.every((c, i) => c === AGREES || unread.has(langs[i]!))) {
      run.push(row.row)
      continue
    }
    flush()
    lines.push([row.row, ...cells])
  }
  flush()
  const head = ['paragraph', ...langs]
  const table = new Table({ head, colWidths: fit([head, ...lines], columns), wordWrap: true, style: { head: [], border: [], compact: true } })
  table.push(...lines)
  const summary = report.drifts === 0 ? 'the versions agree' : plural(report.drifts, 'drift')
  return `${title}: ${summary}\n${table.toString()}\n`
}

/** Column widths (padding included) that fit `columns`: each as wide as its longest cell, the widest narrowed first. */
function fit(rows: string[][], columns: number): number[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => Math.max(...(r[i] ?? '').split('\n').map((s) => [...s].length)))) + 2)
  const room = Math.max(columns, 40) - (widths.length + 1)
  while (widths.reduce((a, b) => a + b, 0) > room) {
    const widest = widths.indexOf(Math.max(...widths))
    if (widths[widest]! <= 8) break
    widths[widest]!--
  }
  return widths
}
