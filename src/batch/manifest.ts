/**
 * `manifest.json` in the output folder: every output with its input, view, delegation or scenario, format,
 * path, size, sha256, key and warnings, sorted by path. No time stamps: two builds of the same
 * inputs write the same manifest. Written whole or not at all.
 *
 * The journal (`.oasgen-journal`, beside it) keeps the manifest true across any interruption,
 * `kill -9` included, at the cost of one short append a draft: before a draft's files are renamed
 * into place, their entries are appended to it (`put`), and before stale outputs are removed,
 * their paths (`drop`). A build that ends writes the manifest and removes the journal; the next
 * build into a folder whose journal is still there replays it, checking each entry against the
 * file on disk, and writes the manifest that describes what is there.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { appendFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Output, Previous } from '../build.js'
import { aboutSync, EnvironmentError } from '../io/errors.js'
import { checkRealFolder, isInside } from '../io/outputs.js'
import { makeFolder, writeAllWhole, writeWhole } from '../io/write.js'
import { byPath } from '../paths.js'
import { VERSION } from '../version.js'

export const MANIFEST = 'manifest.json'
/** Between the drafts of an output made of several (a side-by-side: `a.en.md + a.es.md`), in its `input`. */
export const INPUTS_JOIN = ' + '
export const JOURNAL = '.oasgen-journal'

export interface Manifest {
  oasgen: string
  outputs: Output[]
}

export interface ManifestRead {
  /** The outputs listed, by path. */
  entries: Map<string, Output>
  /** Paths listed that are not inside the folder (`../x`, `/etc/x`): ignored, never touched. */
  outside: string[]
}

/** Reads a file of the output folder; a folder in its place is an environment error. */
function readText(file: string): string | undefined {
  if (!existsSync(file)) return undefined
  return aboutSync(file, () => {
    try {
      return readFileSync(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw new EnvironmentError(file, 'a folder stands where oasgen keeps its manifest: move it away or choose another output folder (--out)')
      throw error
    }
  })
}

/** Whether a manifest entry is one oasgen could have written: an output path inside the folder, and the fields it relies on. */
function isEntry(out: string, output: Partial<Output> | null | undefined): output is Output {
  return typeof output?.path === 'string' && typeof output.key === 'string' && typeof output.input === 'string' && isInside(out, output.path)
}

/** The outputs a folder's manifest lists, by path; none when there is no readable manifest. */
export function readManifest(out: string): ManifestRead {
  const entries = new Map<string, Output>()
  const outside: string[] = []
  const text = readText(join(out, MANIFEST))
  if (text === undefined) return { entries, outside }
  let data: Partial<Manifest>
  try {
    data = JSON.parse(text) as Partial<Manifest>
  } catch {
    return { entries, outside } // an unreadable manifest only means that everything is built again
  }
  const listed: Array<Partial<Output> | null> = Array.isArray(data?.outputs) ? data.outputs : []
  for (const output of listed) {
    if (isEntry(out, output)) entries.set(output.path, output)
    else if (typeof output?.path === 'string' && !isInside(out, output.path)) outside.push(output.path)
  }
  return { entries, outside }
}

/** The manifest's outputs grouped by input, as read before a build. */
export function byInput(entries: Map<string, Output>): Map<string, Output[]> {
  const groups = new Map<string, Output[]>()
  for (const output of entries.values()) {
    const group = groups.get(output.input)
    if (group) group.push(output)
    else groups.set(output.input, [output])
  }
  return groups
}

/** What the manifest knew of one input's earlier outputs. */
export function previousFor(earlier: Map<string, Output[]>, input: string): Previous {
  const previous: Previous = {}
  for (const output of earlier.get(input) ?? []) previous[output.path] = { key: output.key, sha256: output.sha256, warnings: output.warnings }
  return previous
}

export function serializeManifest(entries: Iterable<Output>): string {
  const outputs = [...entries].sort(byPath).map(normalize)
  return JSON.stringify({ oasgen: VERSION, outputs } satisfies Manifest, null, 2) + '\n'
}

/** Writes the manifest (the folder exists: the build holds its lock). */
export async function writeManifest(out: string, entries: Iterable<Output>): Promise<void> {
  await writeWhole(join(out, MANIFEST), Buffer.from(serializeManifest(entries)))
}

/** The same key order for every entry, whichever build wrote it. */
function normalize(o: Output): Output {
  return {
    input: o.input,
    view: o.view,
    ...(o.delegation !== undefined ? { delegation: o.delegation } : {}),
    ...(o.scenario !== undefined ? { scenario: o.scenario } : {}),
    format: o.format,
    path: o.path,
    bytes: o.bytes,
    sha256: o.sha256,
    key: o.key,
    warnings: o.warnings,
  }
}

/** A line of the journal: outputs about to be renamed into place, or paths about to be removed. */
export type JournalLine = { put: Output[] } | { drop: string[] }

/** Appends a line to the folder's journal (one write: lines of two threads never mix). */
export async function journal(out: string, line: JournalLine): Promise<void> {
  await appendFile(join(out, JOURNAL), JSON.stringify(line) + '\n')
}

/**
 * Writes a draft's outputs into the folder `out` as the journal requires: their entries
 * appended to the journal first, then each file whole or not at all (src/io/write.ts), in
 * folders that are really inside `out`.
 */
export async function writeOutputs(out: string, files: ReadonlyArray<{ output: Output; file: string; data: Uint8Array }>): Promise<void> {
  if (files.length === 0) return
  await makeFolder(out)
  await journal(out, { put: files.map((f) => f.output) })
  const folders = new Map<string, Promise<void>>()
  for (const dir of new Set(files.map(({ file }) => dirname(file)))) {
    await makeFolder(dir)
    await checkRealFolder(out, dir, folders)
  }
  await writeAllWhole(files)
}

/** Removes the journal, once the manifest says everything it said. */
export async function closeJournal(out: string): Promise<void> {
  await rm(join(out, JOURNAL), { force: true })
}

const sha256Of = (file: string): string | undefined => {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex')
  } catch {
    return undefined
  }
}

/**
 * Replays the journal an interrupted build left onto `entries` (the manifest as read), so that
 * they describe the files on disk: an entry appended is kept when its file has its sha256; an
 * earlier entry when the file still has the earlier sha256; an entry whose file is gone is
 * dropped; a file with other bytes keeps an entry with its real size and sha256 and no key, so
 * that it is built again. Returns false when there was no journal.
 */
export function replayJournal(out: string, entries: Map<string, Output>): boolean {
  const text = readText(join(out, JOURNAL))
  if (text === undefined) return false
  for (const raw of text.split('\n')) {
    let line: Partial<{ put: Array<Partial<Output>>; drop: unknown[] }>
    try {
      line = JSON.parse(raw) as typeof line
    } catch {
      continue // the line a kill cut short: its files were not yet renamed
    }
    for (const path of Array.isArray(line.drop) ? line.drop : []) {
      if (typeof path === 'string' && entries.has(path) && !existsSync(join(out, path))) entries.delete(path)
    }
    for (const output of Array.isArray(line.put) ? line.put : []) {
      if (!isEntry(out, output)) continue
      const earlier = entries.get(output.path)
      // Recorded after its draft finished: its files are in place, nothing to check.
      if (earlier?.sha256 === output.sha256) continue
      const file = join(out, output.path)
      const actual = sha256Of(file)
      if (actual === undefined) entries.delete(output.path)
      else if (actual === output.sha256) entries.set(output.path, output)
      else if (actual !== earlier?.sha256) entries.set(output.path, { ...(earlier ?? output), bytes: readFileSync(file).byteLength, sha256: actual, key: '' })
    }
  }
  return true
}
