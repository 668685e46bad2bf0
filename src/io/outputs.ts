/**
 * Where outputs go. Every output path, whatever its parts come from (the draft's file name and
 * sub-folder, the view and its delegation code, the format; and every path read back from a
 * manifest), is made or checked here, and never resolves outside the output folder: not through
 * `..`, an absolute part, nor a folder inside it that is a symbolic link to elsewhere.
 */
import { realpath } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { UsageError } from './errors.js'

/** What separates the parts of a path: `/`, and on Windows `\\` too (elsewhere a character of a name). */
const SEPARATORS = sep === '\\' ? /[\\/]/ : /\//

/** True when `path` (relative, `/`-separated, with no `.` or `..` part: as oasgen writes them) names a file inside the folder `out`. */
export function isInside(out: string, path: string): boolean {
  if (path === '' || isAbsolute(path) || path.includes('\0') || path.split(SEPARATORS).some((part) => part === '..' || part === '.' || part === '')) return false
  const within = relative(out, resolve(out, path))
  return within !== '' && within !== '..' && !within.startsWith(`..${sep}`) && !isAbsolute(within)
}

/**
 * The output of a draft in a view and format: its path relative to the output folder
 * (`sub/name.view.format`, `/`-separated, as the manifest lists it) and its absolute file. A
 * path that would leave the folder is a usage error naming where its parts came from.
 */
export function outputPath(out: string, stem: string, view: string, format: string): { path: string; file: string } {
  const path = `${stem}.${view}.${format}`
  if (!isInside(out, path) || SEPARATORS.test(view)) {
    throw new UsageError(`The output \`${path}\` (from the draft’s name \`${stem}\` and the view \`${view}\`) would be written outside the output folder ${out}; oasgen writes only inside it`)
  }
  return { path, file: join(out, ...path.split('/')) }
}

/**
 * Checks that the folder `dir`, once made, is really inside `out` (no part of it a symbolic
 * link that leads out of the folder). Each folder is checked once per `checked` set.
 */
export async function checkRealFolder(out: string, dir: string, checked: Map<string, Promise<void>>): Promise<void> {
  let pending = checked.get(dir)
  if (!pending) {
    pending = (async () => {
      const [root, real] = await Promise.all([realpath(out), realpath(dir)])
      if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep)) {
        throw new UsageError(`${dir} leads outside the output folder ${out} (to ${real}, through a symbolic link): oasgen writes only inside it`)
      }
    })()
    checked.set(dir, pending)
  }
  return pending
}
