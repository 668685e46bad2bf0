/**
 * `oasgen build --side-by-side es`: for each set of language versions among the inputs, the
 * reference version and the Spanish one side by side, in each view and format asked for,
 * written as `<name>.<view>.<ref>-<lang>.<format>` (`res-cyber.bracketed.en-es.pdf`). The
 * versions' parity is checked on the way (warnings; errors under --strict, and then nothing is
 * written for that set), since a side-by-side of versions that drift misleads the room.
 */
import { createHash } from 'node:crypto'
import { checkDraft, delegationViews, messagesOf, pendingSponsors, templatesAt, type BuildOptions, type DraftReport, type DraftSource, type Output } from '../build.js'
import { closeJournal, INPUTS_JOIN, readManifest, writeManifest, writeOutputs } from '../batch/manifest.js'
import { lockFolder } from '../io/lock.js'
import { outputPath } from '../io/outputs.js'
import { Diagnostics, type RuleId } from '../diagnostics.js'
import type { Language } from '../draft/frontmatter.js'
import type { ParsedDraft } from '../draft/parse.js'
import { renderer } from '../render/index.js'
import { documentTime } from '../render/types.js'
import { resolveView } from '../view/resolve.js'
import { viewFileName, type View } from '../view/views.js'
import { VERSION } from '../version.js'
import { checkSet, findSets } from './index.js'
import { sideBySide } from './side-by-side.js'

export interface SideBySideResult {
  /** A report per draft that took part: the version beside the reference carries the files. */
  reports: DraftReport[]
  /** Sets that could not be put side by side, and why. */
  skipped: string[]
}

export async function buildSideBySide(sources: readonly DraftSource[], lang: Language, options: BuildOptions, signal?: AbortSignal): Promise<SideBySideResult> {
  // One build at a time in an output folder, as for any build (src/io/lock.ts).
  const lock = await lockFolder(options.out, signal ? { signal } : {})
  if (!lock) return { reports: [], skipped: [] }
  try {
    return await buildLocked(sources, lang, options)
  } finally {
    await lock.release()
  }
}

async function buildLocked(sources: readonly DraftSource[], lang: Language, options: BuildOptions): Promise<SideBySideResult> {
  const templates = templatesAt(options.templates)
  const sets = findSets(sources, { together: true })
  const read = { templates, strict: options.strict, ...(options.maxDraftBytes !== undefined ? { maxDraftBytes: options.maxDraftBytes } : {}) }
  const drafts = new Map<string, ParsedDraft>(sets.flatMap((set) => set.sources.map((source) => [source.path, checkDraft(source, read)] as const)))
  const result: SideBySideResult = { reports: [], skipped: [] }
  const manifest = readManifest(options.out).entries
  for (const set of sets) {
    const parity = checkSet(set, drafts, { templates, strict: options.strict })
    const left = set.sources.find((s) => drafts.get(s.path)?.meta?.lang === parity.reference)
    const right = set.sources.find((s) => s !== left && drafts.get(s.path)?.meta?.lang === lang)
    const report = (source: DraftSource, written: Output[] = []): DraftReport => {
      const draft = drafts.get(source.path)!
      const failed = draft.failed || draft.file.messages.some((m) => m.fatal === true)
      return { source, messages: messagesOf(draft.file), written, fresh: [], failed }
    }
    if (!left || !right) {
      result.skipped.push(`${set.name}: ${!left ? 'no version could be read' : parity.reference === lang ? `its reference is the ${lang} version itself` : `no ${lang} version that could be read`}`)
      result.reports.push(...set.sources.filter((s) => drafts.get(s.path)!.file.messages.length > 0).map((s) => report(s)))
      continue
    }
    const [a, b] = [drafts.get(left.path)!, drafts.get(right.path)!]
    if (report(left).failed || report(right).failed) {
      result.reports.push(report(left), report(right))
      continue
    }
    const written = await renderSet({ left, a, right, b }, options)
    for (const output of written) manifest.set(output.path, output)
    if (a.file.messages.length > 0) result.reports.push(report(left))
    result.reports.push(report(right, written))
  }
  if (result.reports.some((r) => r.written.length > 0)) {
    await writeManifest(options.out, manifest.values())
    await closeJournal(options.out)
  }
  return result
}

interface Pair {
  left: DraftSource
  a: ParsedDraft
  right: DraftSource
  b: ParsedDraft
}

/** Every view and format of one pair, rendered whole before anything is written. */
async function renderSet({ left, a, right, b }: Pair, options: BuildOptions): Promise<Output[]> {
  const templates = templatesAt(options.templates)
  const registry = templates.registry()
  const [ma, mb] = [a.meta!, b.meta!]
  const layouts = { left: templates.layout(ma.template, ma.lang), right: templates.layout(mb.template, mb.lang) }
  const stem = stemOf(left, ma.lang)
  const input = [left.path, right.path].join(INPUTS_JOIN)
  const key = createHash('sha256')
    .update(`${VERSION}\0${a.file.value}\0${b.file.value}\0${templates.hashOf(ma.template, ma.lang)}\0${templates.hashOf(mb.template, mb.lang)}\0${process.env.SOURCE_DATE_EPOCH ?? ''}`)
    .digest('hex')
  const warn = (rule: RuleId, message: string) => new Diagnostics(b.file).report(rule, message)
  const files: Array<{ output: Output; data: Uint8Array; file: string }> = []
  for (const view of viewsOf(options, a, registry)) {
    const doc = sideBySide({ doc: resolveView({ meta: ma, tree: a.tree }, view).doc, layout: layouts.left }, { doc: resolveView({ meta: mb, tree: b.tree }, view).doc, layout: layouts.right })
    for (const format of options.formats) {
      const render = await renderer(format)
      const data = await render({ doc, layout: layouts.left, registry, options: { trackChanges: options.trackChanges, time: documentTime(ma.date), warn } })
      const { path, file } = outputPath(options.out, stem, `${viewFileName(view)}.${ma.lang}-${mb.lang}`, format)
      const sha256 = createHash('sha256').update(data).digest('hex')
      files.push({
        output: { input, view: view.kind, ...(view.kind === 'delegation' ? { delegation: view.sponsor } : {}), format, path, bytes: data.byteLength, sha256, key: createHash('sha256').update(`${key}\0${path}\0${options.trackChanges}`).digest('hex'), warnings: [] },
        data,
        file,
      })
    }
  }
  // Everything rendered: the journal says what is coming, then each file is written whole or not at all.
  await writeOutputs(options.out, files)
  return files.map((f) => f.output)
}

/** The views asked for; the delegation view for each sponsor with a pending proposal in the reference, or those named. */
function viewsOf(options: BuildOptions, a: ParsedDraft, registry: ReturnType<ReturnType<typeof templatesAt>['registry']>): View[] {
  return options.views.flatMap((kind): View[] => {
    if (kind !== 'delegation') return [{ kind }]
    return delegationViews(options.delegations.length > 0 ? options.delegations : pendingSponsors(a.tree), registry)
  })
}

/** `drafts/res-cyber` for `drafts/res-cyber.en.md`: the set's name, under the output folder. */
function stemOf(source: DraftSource, lang: Language): string {
  return source.stem.endsWith(`.${lang}`) ? source.stem.slice(0, -lang.length - 1) : source.stem
}
