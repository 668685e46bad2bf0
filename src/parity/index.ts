/**
 * Parity of language versions: the en/es/fr/pt versions of one draft say the same thing, in
 * structure and proposals (issue 15). A stage beside the others: it reads parsed drafts
 * (`src/draft/`) and their proposals (`src/proposals/`), and writes positioned messages on the
 * drafts' files, read by the usual reporters, and a summary table of each set.
 *
 * ```ts
 * const report = checkSet(set, drafts, { templates, strict: false })
 * report.rows // [{ row: 'OP4', drifts: { es: ['proposal missing'], fr: [], pt: [] } }, …]
 * ```
 */
import { Diagnostics, PARITY_RULES, type Place } from '../diagnostics.js'
import { LANGUAGES, type Language } from '../draft/frontmatter.js'
import type { ParsedDraft } from '../draft/parse.js'
import type { Templates } from '../layout/load.js'
import { compareVersions, FRONT_ROW, KEYWORD_ROW } from './compare.js'
import { outlineOf, type Outline, type Para, type Version } from './outline.js'
import { languageOfName, type VersionSet } from './sets.js'

export { findSets, languageOfName, type VersionSet } from './sets.js'
export type { Drift } from './compare.js'

export interface ParityOptions {
  templates: Templates
  /** The version the others are compared with; default: the language the versions name as `original`. */
  reference?: Language
  /** Drifts are errors (`oasgen parity`, `oasgen check --strict`), not warnings. */
  strict: boolean
}

/** One row of the summary table: a paragraph of the reference version, and each other version's drifts there. */
export interface ParityRow {
  /** `front matter`, `PP1`, `keyword`, `OP4`, `OP1.b`, `FN1`. */
  row: string
  /** By language: what drifts (`sponsors`, `proposal missing` …); empty when that version agrees. */
  drifts: Partial<Record<Language, string[]>>
}

export interface SetReport {
  name: string
  /** The language compared with; undefined when no version could be read. */
  reference: Language | undefined
  /** Why the reference is not the original, or why nothing was compared. */
  note?: string
  versions: Array<{ lang: Language; path: string; compared: boolean }>
  rows: ParityRow[]
  /** Drifts counted: every version, every row. */
  drifts: number
}

/**
 * Compares the versions of one set with its reference version. `drafts` are the parsed drafts
 * by path (a draft with errors is not compared). Every drift becomes a message on the file of
 * the version that differs; the report holds the summary table.
 */
export function checkSet(set: VersionSet, drafts: ReadonlyMap<string, ParsedDraft>, options: ParityOptions): SetReport {
  const severity = new Set(options.strict ? PARITY_RULES : [])
  const versions: Version[] = []
  const listed: SetReport['versions'] = []
  for (const source of set.sources) {
    const draft = drafts.get(source.path)
    if (!draft?.meta || draft.failed) {
      const named = languageOfName(source.path)
      if (named) listed.push({ lang: named, path: source.path, compared: false })
      continue
    }
    const diagnostics = new Diagnostics(draft.file, severity)
    const { lang } = draft.meta
    const named = languageOfName(source.path)
    const place: Place = draft.placeOf('lang') ?? { line: 1, column: 1 }
    if (named && named !== lang) {
      diagnostics.report('parity-language', `The file name says ${named}, the front matter \`lang: ${lang}\`: the front matter decides; rename the file or correct \`lang\``, place)
    }
    const twin = versions.find((v) => v.lang === lang)
    if (twin) {
      diagnostics.report('parity-language', `A second version in ${languageName(options.templates, lang)} (\`lang: ${lang}\`), after ${twin.path}: only that one is compared`, place)
      continue
    }
    versions.push({ lang, path: source.path, draft: draft as Version['draft'] })
    listed.push({ lang, path: source.path, compared: true })
  }
  listed.sort((a, b) => LANGUAGES.indexOf(a.lang) - LANGUAGES.indexOf(b.lang))
  const { reference, note } = referenceOf(versions, options.reference)
  const report: SetReport = { name: set.name, reference: reference?.lang, ...(note ? { note } : {}), versions: listed, rows: [], drifts: 0 }
  if (!reference) return report

  const registry = options.templates.registry()
  const outline = (v: Version) => outlineOf(v, registry, options.templates.locale(v.lang).citations)
  const base = outline(reference)
  const context = {
    language: (lang: Language) => languageName(options.templates, lang),
    jobLetter: (lang: Language) => {
      const letter = options.templates.locale(lang).skeleton.jobLetter
      return typeof letter === 'string' ? letter : undefined
    },
  }
  const byRow = new Map(rowsOf(base).map((row) => [row, {} as ParityRow['drifts']]))
  for (const version of versions) {
    if (version === reference) continue
    const drifts = compareVersions(base, outline(version), context)
    const diagnostics = new Diagnostics(version.draft.file, severity)
    for (const row of byRow.values()) row[version.lang] = []
    for (const drift of drifts) {
      diagnostics.report(drift.rule, drift.reason, drift.place)
      byRow.get(drift.row)?.[version.lang]?.push(drift.label)
    }
    report.drifts += drifts.length
  }
  report.rows = [...byRow].map(([row, drifts]) => ({ row, drifts }))
  return report
}

/** The reference: the one asked for, else the `original` most versions name, else the first language there is. */
function referenceOf(versions: readonly Version[], asked: Language | undefined): { reference?: Version; note?: string } {
  if (versions.length === 0) return { note: 'no version could be read' }
  if (asked) {
    const found = versions.find((v) => v.lang === asked)
    return found ? { reference: found } : { note: `no version in ${asked}, the reference asked for` }
  }
  const votes = new Map<Language, number>()
  for (const v of versions) votes.set(v.draft.meta.original, (votes.get(v.draft.meta.original) ?? 0) + 1)
  const original = [...votes].sort((a, b) => b[1] - a[1] || LANGUAGES.indexOf(a[0]) - LANGUAGES.indexOf(b[0]))[0]![0]
  const found = versions.find((v) => v.lang === original)
  if (found) return { reference: found }
  const first = [...versions].sort((a, b) => LANGUAGES.indexOf(a.lang) - LANGUAGES.indexOf(b.lang))[0]!
  return { reference: first, note: `the original (${original}) is not among the versions: compared with ${first.lang}` }
}

/** The rows of the summary table, in reading order of the reference version. */
function rowsOf(outline: Outline): string[] {
  const flat = (paras: readonly Para[]): string[] => paras.flatMap((p) => [p.facts.ref, ...flat(p.children)])
  return [
    FRONT_ROW,
    ...flat(outline.preamble),
    ...(outline.keyword ? [KEYWORD_ROW] : []),
    ...flat(outline.operative),
    ...flat(outline.other),
    ...flat(outline.footnotes),
  ]
}

/** `English`, `Spanish`: the language's name in English, as every message is written. */
export function languageName(templates: Templates, lang: Language): string {
  return templates.locale('en').languages[lang] ?? lang
}
