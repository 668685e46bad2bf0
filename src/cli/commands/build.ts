/** `oasgen build [inputs..]`: render drafts in each view and format, in parallel, incrementally. */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join, normalize, resolve } from 'node:path'
import { findDrafts, UsageError, type BuildOptions, type ScenarioOptions } from '../../build.js'
import { INPUTS_JOIN, readManifest } from '../../batch/manifest.js'
import { SPONSOR } from '../../draft/annotation/transform.js'
import { parseSize } from '../../io/read.js'
import { posixPath } from '../../paths.js'
import { isReference, normalRef } from '../../proposals/references.js'
import { sourceDateEpoch } from '../../render/types.js'
import type { Choice } from '../../view/scenario.js'
import { parseShard, selectShard } from '../../batch/shard.js'
import { runBatch } from '../../batch/run.js'
import { Templates, templatesFolder } from '../../layout/load.js'
import { DEFAULT_FORMATS, FORMATS, type Format } from '../../render/types.js'
import { parseViewKind, VIEW_NAMES, type ViewKind } from '../../view/views.js'
import { LANGUAGES, type Language } from '../../draft/frontmatter.js'
import { EXIT } from '../exit.js'
import type { Io } from '../main.js'
import { escapeTerminal } from '../messages.js'
import { countMessages, createReporter } from '../reporters.js'
import { reporterName } from '../reporter-names.js'

export interface BuildArgs {
  inputs: string[]
  view: string[] | undefined
  delegation: string[] | undefined
  format: string[] | undefined
  out: string
  strict: boolean
  trackChanges: boolean
  templates: string | undefined
  jobs: number | undefined
  shard: string | undefined
  force: boolean
  reporter: string
  watch: boolean
  maxDraftSize?: string | undefined
  /** Build the reference version and this language's side by side, for each set of language versions. */
  sideBySide?: string | undefined
  /** `--annex status`. */
  annex?: Array<'status'> | undefined
  /** `--accept`, `--reject`, `--show` in the order written, `--rest`, `--name`, `--label`. */
  scenario?: { rules: Array<{ choice: Choice; target: string }>; rest: 'show' | 'reject'; name?: string; label?: string }
}

/** A sponsor code as the draft format defines it (section 3): an upper-case letter, then 1–15 letters or digits. */
const SPONSOR_CODE = /^[A-Z][A-Za-z0-9]{1,15}$/

const DEFAULT_VIEWS: ViewKind[] = ['clean', 'bracketed', 'delegation']

function parseList<T extends string>(values: string[] | undefined, what: string, parse: (v: string) => T | undefined, fallback: T[], known: readonly string[]): T[] {
  if (!values || values.length === 0) return fallback
  const out: T[] = []
  for (const raw of values.flatMap((v) => v.split(','))) {
    const value = parse(raw.trim())
    if (!value) throw new UsageError(`Unknown ${what} \`${raw}\`; the ${what}s are: ${known.join(', ')}`)
    if (!out.includes(value)) out.push(value)
  }
  return out
}

/** The build's options from the command line (and config file), checked. */
export function buildOptions(args: BuildArgs, cwd: string): BuildOptions {
  const delegations = (args.delegation ?? []).flatMap((d) => d.split(',')).map((d) => d.trim()).filter(Boolean)
  // A code names a file (`<draft>.delegation-<CODE>.<format>`): only a sponsor code is one.
  for (const code of delegations) {
    if (!SPONSOR_CODE.test(code)) throw new UsageError(`--delegation takes sponsor codes (an upper-case letter, then 1 to 15 letters or digits: COL, US, CARICOM), not \`${code}\``)
  }
  sourceDateEpoch() // a SOURCE_DATE_EPOCH no document can carry is refused before any work
  const maxDraftBytes = args.maxDraftSize !== undefined ? parseSize(args.maxDraftSize) : undefined
  if (args.maxDraftSize !== undefined && maxDraftBytes === undefined) throw new UsageError(`--max-draft-size takes a size such as 50MB, 512KB or 1GB, not \`${args.maxDraftSize}\``)
  const defaultViews = delegations.length > 0 && !args.view ? (['delegation'] as ViewKind[]) : DEFAULT_VIEWS
  const views = parseList(args.view, 'view', parseViewKind, defaultViews, Object.keys(VIEW_NAMES))
  if (delegations.length > 0 && !views.includes('delegation')) views.push('delegation')
  const formats = parseList(args.format, 'format', (f) => ((FORMATS as readonly string[]).includes(f) ? (f as Format) : undefined), DEFAULT_FORMATS, FORMATS)
  const templates = templatesFolder(cwd, args.templates)
  new Templates(templates) // a folder that is not a templates folder is reported before any work
  const scenario = args.scenario && scenarioOptions(args.scenario)
  // A scenario alone builds only itself; with --view or --delegation, those views too.
  const only = scenario !== undefined && !args.view && delegations.length === 0
  return {
    templates,
    out: resolve(cwd, args.out),
    views: only ? [] : views,
    delegations,
    formats,
    strict: args.strict,
    trackChanges: args.trackChanges,
    force: args.force,
    ...(maxDraftBytes !== undefined ? { maxDraftBytes } : {}),
    ...(scenario ? { scenario } : {}),
    ...(args.annex && args.annex.length > 0 ? { annex: [...new Set(args.annex)] } : {}),
  }
}

/** A file name part: letters, digits, `.`, `-`, `_`, starting with a letter or digit. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/

/** The scenario's options checked: each target a sponsor code or a reference, the name safe in a file name. */
function scenarioOptions(args: NonNullable<BuildArgs['scenario']>): ScenarioOptions {
  const rules = args.rules.map(({ choice, target }) => {
    if (isReference(target)) return { choice, target: normalRef(target) }
    if (SPONSOR.test(target)) return { choice, target }
    throw new UsageError(`--${choice} \`${target}\` is neither a sponsor code (COL, CAN, Chair) nor a proposal's reference (OP4.1, OP2.a.1, PP3.1)`)
  })
  if (args.name !== undefined && !NAME.test(args.name)) {
    throw new UsageError(`--name \`${args.name}\` cannot be part of a file name: use letters, digits, '.', '-' and '_' (chair-text)`)
  }
  const label = args.label?.trim()
  // What a terminal must not receive raw, a document's line must not hold either (a newline, a bidi override).
  if (label !== undefined && (label === '' || label.length > 100 || escapeTerminal(label) !== label)) {
    throw new UsageError(`--label ${JSON.stringify(args.label)} cannot head a line: give up to 100 characters on one line ("Chair's text")`)
  }
  return { name: args.name ?? scenarioSlug(rules, args.rest), rules, rest: args.rest, ...(label !== undefined ? { label } : {}) }
}

/** `accept-COL-US_reject-MEX_rest-reject`: the rules grouped by choice in the order first written, the rest when it rejects. */
export function scenarioSlug(rules: ScenarioOptions['rules'], rest: ScenarioOptions['rest']): string {
  const groups = new Map<Choice, string[]>()
  for (const { choice, target } of rules) {
    const group = groups.get(choice) ?? []
    if (!group.includes(target)) group.push(target)
    groups.set(choice, group)
  }
  const parts = [...groups].map(([choice, targets]) => [choice, ...targets].join('-'))
  if (rest === 'reject' || parts.length === 0) parts.push(`rest-${rest}`)
  const slug = parts.join('_')
  // Long lists of references would make file names too long for some file systems.
  return slug.length <= 80 ? slug : `${slug.slice(0, 63)}-${createHash('sha256').update(slug).digest('hex').slice(0, 16)}`
}


/** What a build of `--watch` builds again: some drafts only, the templates as read before. */
export interface Rebuild {
  /** The drafts (absolute paths) saved since the last build; the others are left alone. */
  drafts: ReadonlySet<string>
  /** The templates did not change: keep them as read. */
  keepTemplates: boolean
}

/**
 * Builds the drafts of `args`; with `rebuild` (--watch), only the drafts saved since, and inputs
 * that are gone for now (a folder deleted to be made again) are no usage error.
 */
export async function build(io: Io, args: BuildArgs, signal?: AbortSignal, rebuild?: Rebuild): Promise<number> {
  if (args.sideBySide !== undefined) return sideBySide(io, args, signal)
  const options = buildOptions(args, io.cwd)
  const reporter = createReporter(reporterName(args.reporter), io)
  const shard = args.shard !== undefined ? parseShard(args.shard) : undefined
  if (args.jobs !== undefined && (!Number.isInteger(args.jobs) || args.jobs < 1)) throw new UsageError(`--jobs takes a whole number ≥ 1, not ${args.jobs}`)
  // Files the output folder's manifest lists were written by oasgen: never drafts, even when the
  // output folder is an input folder.
  const { entries } = readManifest(options.out)
  const written = new Set([...entries.keys()].map((path) => join(options.out, path)))
  const inputs = rebuild ? args.inputs.filter((input) => existsSync(resolve(io.cwd, input))) : args.inputs
  const all = findDrafts(inputs, io.cwd, { out: options.out, written })
  if (all.length === 0 && !rebuild) throw new UsageError(`No drafts (*.md) found in ${args.inputs.join(', ')}`)
  const sources = selectShard(all, shard).filter((source) => !rebuild || rebuild.drafts.has(source.file))
  const gone = goneInputs([...entries.values()].map((o) => o.input), args.inputs, io.cwd)
  if (rebuild && sources.length === 0 && gone.length === 0) return EXIT.ok
  const started = performance.now()
  reporter.start(sources.length)
  const result = await runBatch(sources, {
    ...options,
    ...(args.jobs !== undefined ? { jobs: args.jobs } : {}),
    ...(signal ? { signal } : {}),
    gone,
    keepTemplates: rebuild?.keepTemplates ?? false,
    onDraft: (r) => reporter.draft(r),
    onNotice: (m) => reporter.notice(m),
  })
  const { errors, warnings } = countMessages(result.reports)
  reporter.end({
    drafts: result.reports.length,
    failed: result.reports.filter((r) => r.failed).length,
    written: result.reports.reduce((n, r) => n + r.written.length, 0),
    fresh: result.reports.reduce((n, r) => n + r.fresh.length, 0),
    removed: result.removed,
    errors,
    warnings,
    seconds: (performance.now() - started) / 1000,
    out: args.out,
    interrupted: result.interrupted,
  })
  if (result.interrupted) return EXIT.interrupted
  return result.reports.some((r) => r.failed) ? EXIT.content : EXIT.ok
}

/**
 * The inputs the manifest lists (paths as given) that lie inside this build's inputs and are no
 * longer there: drafts deleted, whose outputs go as stale outputs go. Inputs of other builds
 * into the folder, elsewhere, are left alone.
 */
export function goneInputs(listed: Iterable<string>, roots: string[], cwd: string): string[] {
  const within = roots.map((root) => posixPath(normalize(root)).replace(/\/$/, ''))
  const gone = new Set<string>()
  for (const input of listed) {
    // A side-by-side document's input is its two drafts (`a.en.md + a.es.md`): gone when either is.
    const drafts = input.split(INPUTS_JOIN)
    if (gone.has(input) || !within.some((root) => root === '.' || drafts.every((d) => d === root || d.startsWith(`${root}/`)))) continue
    if (drafts.some((d) => !existsSync(resolve(cwd, d)))) gone.add(input)
  }
  return [...gone].sort()
}

/** `--side-by-side es`: each set's reference version and its Spanish one in two columns; bracketed unless --view says otherwise. */
async function sideBySide(io: Io, args: BuildArgs, signal?: AbortSignal): Promise<number> {
  const lang = args.sideBySide!
  if (!(LANGUAGES as readonly string[]).includes(lang)) throw new UsageError(`Unknown language \`${lang}\` for --side-by-side; the languages are ${LANGUAGES.join(', ')}`)
  if (args.watch || args.shard !== undefined) throw new UsageError('--side-by-side builds every set of language versions at once: it takes neither --watch nor --shard')
  const options = buildOptions({ ...args, view: args.view ?? ['bracketed'] }, io.cwd)
  const reporter = createReporter(reporterName(args.reporter), io)
  const written = new Set([...readManifest(options.out).entries.keys()].map((path) => join(options.out, path)))
  const sources = findDrafts(args.inputs, io.cwd, { out: options.out, written })
  if (sources.length === 0) throw new UsageError(`No drafts (*.md) found in ${args.inputs.join(', ')}`)
  const started = performance.now()
  const { buildSideBySide } = await import('../../parity/build.js')
  const result = await buildSideBySide(sources, lang as Language, options, signal)
  if (result.reports.every((r) => r.written.length === 0) && !result.reports.some((r) => r.failed)) {
    const why = result.skipped.length > 0 ? `: ${result.skipped.join('; ')}` : ''
    throw new UsageError(`No set of language versions with a ${lang} version to put beside its reference among ${args.inputs.join(', ')}${why}. Name the versions <name>.<lang>.md (res.en.md, res.es.md), or give them together`)
  }
  reporter.start(result.reports.length)
  for (const report of result.reports) reporter.draft(report)
  const { errors, warnings } = countMessages(result.reports)
  reporter.end({
    drafts: result.reports.length,
    failed: result.reports.filter((r) => r.failed).length,
    written: result.reports.reduce((n, r) => n + r.written.length, 0),
    fresh: 0,
    removed: [],
    errors,
    warnings,
    seconds: (performance.now() - started) / 1000,
    out: args.out,
    interrupted: false,
  })
  return result.reports.some((r) => r.failed) ? EXIT.content : EXIT.ok
}
