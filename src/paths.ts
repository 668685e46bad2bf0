/**
 * Where oasgen's own files are: the package root (the folder of oasgen's package.json), found
 * from this module's location, so that it holds whether the code runs from src/ (tests),
 * dist/ (compiled) or a bundle in dist/.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'oasgen') return dir
    if (dirname(dir) === dir) throw new Error(`oasgen cannot find its package.json above ${from}`)
  }
}

export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)))
