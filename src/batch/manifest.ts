/**
 * `manifest.json` in the output folder: every output with its input, view, delegation, format,
 * path, size, sha256, key and warnings, sorted by path. No time stamps: two builds of the same
 * inputs write the same manifest. Written atomically.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import type { Output, Previous } from '../build.js'
import { byPath } from '../paths.js'
import { VERSION } from '../version.js'

export const MANIFEST = 'manifest.json'

export interface Manifest {
  oasgen: string
  outputs: Output[]
}

/** The outputs a folder's manifest lists, by path; none when there is no readable manifest. */
export function readManifest(out: string): Map<string, Output> {
  const file = join(out, MANIFEST)
  const entries = new Map<string, Output>()
  if (!existsSync(file)) return entries
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>
    for (const output of data.outputs ?? []) {
      if (typeof output?.path === 'string' && typeof output.key === 'string') entries.set(output.path, output)
    }
  } catch {
    // An unreadable manifest only means that everything is built again.
  }
  return entries
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

export async function writeManifest(out: string, entries: Iterable<Output>): Promise<void> {
  await mkdir(out, { recursive: true })
  await writeFileAtomic(join(out, MANIFEST), serializeManifest(entries))
}

/** The same key order for every entry, whichever build wrote it. */
function normalize(o: Output): Output {
  return {
    input: o.input,
    view: o.view,
    ...(o.delegation !== undefined ? { delegation: o.delegation } : {}),
    format: o.format,
    path: o.path,
    bytes: o.bytes,
    sha256: o.sha256,
    key: o.key,
    warnings: o.warnings,
  }
}
