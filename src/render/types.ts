/** What every renderer receives, and the renderer table's entry shape. */
import type { RuleId } from '../diagnostics.js'
import { UsageError } from '../io/errors.js'
import type { Layout, Registry } from '../layout/load.js'
import type { DocumentModel } from '../model/types.js'

export const FORMATS = ['docx', 'pdf', 'md', 'txt', 'html'] as const
export type Format = (typeof FORMATS)[number]

/** What `oasgen build` renders when no format is asked for: the official documents. */
export const DEFAULT_FORMATS: Format[] = ['docx', 'pdf']

export interface RenderOptions {
  /** DOCX: shown proposals as Word revisions authored by their sponsors. */
  trackChanges: boolean
  /**
   * The time stamped into the file (document properties, zip entries, revision dates):
   * fixed, so that the same draft gives the same bytes (see `documentTime`).
   */
  time: Date
  /** Reports something the renderer could not render as asked, and carries on. */
  warn: (rule: RuleId, message: string) => void
  /** DOCX: an XML document to carry as a custom XML part (the draft the document was made from). */
  customXml?: string
}

export interface RenderInput {
  doc: DocumentModel
  layout: Layout
  registry: Registry
  options: RenderOptions
}

/** A renderer walks the document model; it never sees the draft or the view. */
export type Render = (input: RenderInput) => Promise<Uint8Array>

/**
 * The time a document is stamped with: `SOURCE_DATE_EPOCH` (seconds) when set, else the
 * draft's date at noon UTC, else 2000-01-01. Never the clock.
 */
export function documentTime(isoDate: string | undefined, env: NodeJS.ProcessEnv = process.env): Date {
  return sourceDateEpoch(env) ?? new Date(`${isoDate ?? '2000-01-01'}T12:00:00Z`)
}

/** The last second every format can write: 9999-12-31T23:59:59Z (a PDF date and core.xml have four-digit years). */
export const LAST_EPOCH = 253402300799

/**
 * `SOURCE_DATE_EPOCH` as a time, undefined when it is not set (or empty). A value that is not a
 * whole number of seconds from 0 to `LAST_EPOCH` (`-1`, `1e9`, `8640000000000`) is refused: a
 * build must not stamp its documents with a time other than the one asked for, nor ignore it.
 */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH
  if (epoch === undefined || epoch === '') return undefined
  if (!/^\d+$/.test(epoch) || Number(epoch) > LAST_EPOCH) {
    throw new UsageError(
      `SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, from 0 to ${LAST_EPOCH} (9999-12-31), not \`${epoch.length > 40 ? `${epoch.slice(0, 40)}…` : epoch}\``,
    )
  }
  return new Date(Number(epoch) * 1000)
}

