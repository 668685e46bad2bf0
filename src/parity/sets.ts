/**
 * Which drafts are language versions of one text: drafts named `<name>.<lang>.md` side by side
 * (`res-cyber.en.md`, `res-cyber.es.md`) make a set; given to `oasgen parity`, drafts named
 * otherwise make one set together.
 */
import { basename, dirname } from 'node:path'
import type { DraftSource } from '../build.js'
import { LANGUAGES, type Language } from '../draft/frontmatter.js'

export interface VersionSet {
  /** `res-cyber` (with its folder: `drafts/res-cyber`), or the drafts' paths joined for a set given together. */
  name: string
  sources: DraftSource[]
}

const VERSION_NAME = new RegExp(`^(.+)\\.(${LANGUAGES.join('|')})\\.md$`, 'i')

/** The language a file name says (`res.es.md` → `es`), if it says one. */
export function languageOfName(path: string): Language | undefined {
  return VERSION_NAME.exec(basename(path))?.[2]?.toLowerCase() as Language | undefined
}

/**
 * The sets among `sources`: those named `<name>.<lang>.md` grouped by folder and name, each with
 * two versions or more. With `together`, the drafts named otherwise make one more set (of two or
 * more), as given.
 */
export function findSets(sources: readonly DraftSource[], options: { together?: boolean } = {}): VersionSet[] {
  const named = new Map<string, DraftSource[]>()
  const loose: DraftSource[] = []
  for (const source of sources) {
    const match = VERSION_NAME.exec(basename(source.path))
    if (!match) {
      loose.push(source)
      continue
    }
    const dir = dirname(source.path)
    const name = dir === '.' ? match[1]! : `${dir}/${match[1]!}`
    named.set(name, [...(named.get(name) ?? []), source])
  }
  const sets = [...named].filter(([, members]) => members.length > 1).map(([name, members]) => ({ name, sources: members }))
  if (options.together && loose.length > 1) sets.push({ name: loose.map((s) => s.path).join(', '), sources: loose })
  return sets
}
