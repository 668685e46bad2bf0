/**
 * Where oasgen's own files are: the package root (the folder of oasgen's package.json), found
 * from this module's location, so that it holds whether the code runs from src/ (tests),
 * dist/ (compiled) or a bundle in dist/.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'oasgen') return dir
    if (dirname(dir) === dir) throw new Error(`oasgen cannot find its package.json above ${from}`)
  }
}

export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)))

/**
 * A path with `/` separators, as the manifest and messages write it on every system. Only the
 * system's own separator is replaced: on Linux and macOS a `\` is a character of a file name
 * (`a\..\b.md` is one name, not a way out of the folder).
 */
export function posixPath(path: string): string {
  return sep === '\\' ? path.split('\\').join('/') : path
}

/** Orders things by their `path`, the same way everywhere (shards, manifest, reports). */
export function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0
}
