/**
 * The shipped templates' YAML files, read when oasgen is built (`scripts/bundle.mjs` writes
 * `dist/templates.json`): js-yaml, run cold, takes longer to read the delegation registry than
 * `oasgen check` takes for the rest of a draft's checks, and every worker of a batch reads the
 * layout and the locale again. Each file is kept by its whole text, so that a file of any
 * folder with that text is read from here, and an edited one is read as YAML; a value JSON
 * would not give back exactly (`.nan`, `-0`) is not kept.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { PACKAGE_ROOT } from '../paths.js'

/** Where the build writes what it read ahead. */
export const READ_AHEAD_FILE = join(PACKAGE_ROOT, 'dist', 'templates.json')

/** Text of a file → its value, as JSON. */
let known: Map<string, string> | undefined
let enabled = true

/** The value of a YAML text read ahead (a copy of its own), or undefined when it was not. */
export function readAhead(text: string): unknown {
  if (!enabled) return undefined
  known ??= load()
  const json = known.get(text)
  return json === undefined ? undefined : JSON.parse(json)
}

function load(): Map<string, string> {
  try {
    return new Map(JSON.parse(readFileSync(READ_AHEAD_FILE, 'utf8')) as Array<[string, string]>)
  } catch {
    return new Map() // not built (tests of src/ before a build): every file is read as YAML
  }
}

/** Turns reading ahead off (every file read as YAML) or back on, for the test that compares the two. */
export function setReadAhead(on: boolean): void {
  enabled = on
}

/** What `dist/templates.json` holds for these texts: each with its value as JSON, when JSON gives it back exactly. */
export function readAheadEntries(texts: readonly string[], parse: (text: string) => unknown): Array<[string, string]> {
  const entries: Array<[string, string]> = []
  for (const text of texts) {
    const value = parse(text)
    const json = JSON.stringify(value)
    if (json !== undefined && isDeepStrictEqual(JSON.parse(json), value)) entries.push([text, json])
  }
  return entries
}
