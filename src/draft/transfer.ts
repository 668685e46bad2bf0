/**
 * A parsed draft as plain data, to send from the thread that parsed it to the one that builds
 * it (a batch parses drafts ahead on a second thread: src/batch/parse-ahead.ts), and back into the
 * same parsed draft there. Data is what the structured clone of `postMessage` carries: the tree
 * and the metadata as they are; the vfile and its messages, which are class instances, as their
 * fields, made into a vfile again on arrival; the lazy places of the front matter as the YAML
 * they are read from. `file.data.diagnostics`, the reporter the annotation plugin uses while
 * parsing, does not cross: nothing reads it after parsing.
 */
import type { Root } from 'mdast'
import { VFile } from 'vfile'
import type { Place, RuleId } from '../diagnostics.js'
import { placesOf, type DraftMeta, type FrontMatterSource } from './frontmatter.js'
import type { ParsedDraft } from './parse.js'

/** One message of a draft, as its fields. */
export interface MessageData {
  reason: string
  place?: Place | { start: Place; end: Place }
  ruleId?: string
  source?: string
  fatal?: boolean | null
}

export interface DraftData {
  /** The draft's path, as its vfile has it. */
  path?: string
  /** The text as parsed (forbidden characters replaced). */
  value: string
  messages: MessageData[]
  meta: DraftMeta | undefined
  tree: Root
  failed: boolean
  front?: FrontMatterSource
}

/** The parsed draft as data (it shares its tree and metadata with `draft`: neither is copied). */
export function toData(draft: ParsedDraft): DraftData {
  const { file } = draft
  return {
    ...(file.path ? { path: file.path } : {}),
    value: String(file.value ?? ''),
    messages: file.messages.map((m) => ({
      reason: m.reason,
      ...(m.place ? { place: m.place as MessageData['place'] } : {}),
      ...(m.ruleId ? { ruleId: m.ruleId } : {}),
      ...(m.source ? { source: m.source } : {}),
      fatal: m.fatal,
    })),
    meta: draft.meta,
    tree: draft.tree,
    failed: draft.failed,
    ...(draft.front ? { front: draft.front } : {}),
  }
}

/**
 * The parsed draft again, from its data: a vfile with the same messages, on which later stages
 * report as they would on the original (`layouts`: the template names its front matter was
 * checked against, for reading its places again).
 */
export function fromData(data: DraftData, layouts: readonly string[]): ParsedDraft {
  const file = new VFile({ ...(data.path !== undefined ? { path: data.path } : {}), value: data.value })
  for (const m of data.messages) {
    const message = file.message(m.reason, { ...(m.place ? { place: m.place } : {}), ...(m.ruleId ? { ruleId: m.ruleId as RuleId } : {}), ...(m.source ? { source: m.source } : {}) })
    message.fatal = m.fatal
  }
  return {
    file,
    meta: data.meta,
    tree: data.tree,
    failed: data.failed,
    placeOf: data.front && data.meta ? placesOf(data.front, layouts) : () => undefined,
    ...(data.front ? { front: data.front } : {}),
  }
}
