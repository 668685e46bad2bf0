/**
 * How a build tells what it did: `human` (a progress bar on a terminal, problems as
 * `file:line:col  severity  message  rule-id`, a summary), `json` (one object on stdout, nothing
 * else), `github` (workflow commands, so problems appear as annotations on the pull request).
 */
import cliProgress from 'cli-progress'
import type { DraftReport } from '../build.js'
import { byPath } from '../paths.js'
import { plural } from '../words.js'
import { escapeTerminal, formatMessage, githubAnnotations, githubNotice, jsonText } from './messages.js'
export { countMessages, formatMessage, githubAnnotations } from './messages.js'

import type { ReporterName } from './reporter-names.js'
export { REPORTERS, type ReporterName } from './reporter-names.js'

export interface Summary {
  drafts: number
  failed: number
  written: number
  fresh: number
  removed: string[]
  errors: number
  warnings: number
  seconds: number
  out: string
  interrupted: boolean
}

export interface Reporter {
  start(total: number): void
  draft(report: DraftReport): void
  /** Something the build did to the output folder beyond the drafts (a lock waited for, leftovers removed). */
  notice(message: string): void
  end(summary: Summary): void
}

export interface ReporterIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  /** The terminal to draw a progress bar on, when stderr is one. */
  progress?: NodeJS.WriteStream
}


export function createReporter(name: ReporterName, io: ReporterIo): Reporter {
  switch (name) {
    case 'human':
      return humanReporter(io)
    case 'json':
      return jsonReporter(io)
    case 'github':
      return githubReporter(io)
  }
}


function summaryLine(s: Summary): string {
  const out = escapeTerminal(s.out)
  const outputs = s.fresh > 0 ? `${plural(s.written, 'file')} written to ${out} (${s.fresh} up to date)` : `${plural(s.written, 'file')} written to ${out}`
  const removed = s.removed.length > 0 ? `, ${s.removed.length} stale removed` : ''
  const stopped = s.interrupted ? 'interrupted: ' : ''
  return `${stopped}${plural(s.drafts, 'draft')}, ${outputs}${removed}, ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')} in ${s.seconds.toFixed(2)} s\n`
}

function humanReporter(io: ReporterIo): Reporter {
  // On a terminal: a progress bar, with problems printed above it. Elsewhere (CI logs): a line per draft.
  const bars = io.progress
    ? new cliProgress.MultiBar(
        { stream: io.progress, format: '{bar} {value}/{total} drafts  {draft}', hideCursor: true, clearOnComplete: true, barsize: 24 },
        cliProgress.Presets.shades_classic,
      )
    : undefined
  let bar: cliProgress.SingleBar | undefined
  const say = (text: string) => (bars ? bars.log(text) : io.stderr(text))
  return {
    start(total) {
      bar = bars?.create(total, 0, { draft: '' })
    },
    draft(report) {
      const path = escapeTerminal(report.source.path)
      for (const m of report.messages) say(formatMessage(path, m) + '\n')
      const count = report.written.length + report.fresh.length
      const detail = report.failed
        ? 'not built: it has errors'
        : report.written.length === 0 && count > 0
          ? `up to date (${plural(count, 'file')})`
          : plural(report.written.length, 'file') + (report.fresh.length > 0 ? ` (${report.fresh.length} up to date)` : '')
      if (!bars) io.stdout(`${report.failed ? '✗' : '✓'} ${path} → ${detail}\n`)
      else if (report.failed) say(`✗ ${path} → ${detail}\n`)
      bar?.increment({ draft: path })
    },
    notice(message) {
      say(`oasgen: ${escapeTerminal(message)}\n`)
    },
    end(summary) {
      bars?.stop()
      io.stdout(summaryLine(summary))
    },
  }
}

function jsonReporter(io: ReporterIo): Reporter {
  const drafts: DraftReport[] = []
  const notices: string[] = []
  return {
    start() {},
    draft(report) {
      drafts.push(report)
    },
    notice(message) {
      notices.push(message)
    },
    end(summary) {
      // In the order of the drafts, not of their finishing: the same build prints the same JSON.
      drafts.sort((a, b) => byPath(a.source, b.source))
      io.stdout(jsonText({ summary, drafts, ...(notices.length > 0 ? { notices } : {}) }) + '\n')
    },
  }
}

function githubReporter(io: ReporterIo): Reporter {
  return {
    start() {},
    draft(report) {
      io.stdout(githubAnnotations(report.source.path, report.messages))
    },
    notice(message) {
      io.stdout(githubNotice(message))
    },
    end(summary) {
      io.stdout(summaryLine(summary))
    },
  }
}
