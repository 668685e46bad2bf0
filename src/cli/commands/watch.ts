/**
 * `oasgen build --watch`: build, then build again whenever a draft or a template is saved. A
 * saved draft rebuilds that draft only (after a short settle, as editors write in bursts); a
 * saved template rebuilds everything; a deleted draft's outputs are removed, as a build removes
 * stale ones.
 *
 * Files are followed by path, not by the file first seen: each input is watched from its parent
 * folder, so that a draft saved by rename (vim, most editors: write beside, then rename over),
 * deleted and written again, or a whole input folder deleted and made again, is seen.
 */
import { dirname, resolve, sep } from 'node:path'
import type { Io } from '../main.js'
import { build, buildOptions, type BuildArgs } from './build.js'

/** How long the folder must be quiet after a save before building (an editor's save is several events). */
const SETTLE_MS = 40

export async function watch(io: Io, args: BuildArgs, signal: AbortSignal): Promise<number> {
  const { watch: chokidar } = await import('chokidar')
  const options = buildOptions(args, io.cwd)
  let code = await build(io, args, signal)
  const roots = args.inputs.map((input) => resolve(io.cwd, input))
  const within = (path: string, root: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)
  const isTemplate = (path: string) => within(path, options.templates)
  const parents = [...new Set(roots.map((root) => dirname(root)))]
  const watcher = chokidar([...parents, options.templates], {
    ignoreInitial: true,
    // From each parent, only the inputs themselves and what is below them; never the output folder.
    ignored: (path) => within(path, options.out) || !(parents.includes(path) || isTemplate(path) || roots.some((root) => within(path, root))),
  })
  const saved = new Set<string>()
  let templatesChanged = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const rebuild = () => {
    running = running.then(async () => {
      if (signal.aborted || (saved.size === 0 && !templatesChanged)) return
      const drafts = new Set(saved)
      const all = templatesChanged
      saved.clear()
      templatesChanged = false
      try {
        if (all) {
          io.stdout(`\nchange seen: building again\n`)
          code = await build(io, args, signal)
        } else {
          // Said only when a draft is built or removed: other files of the folders are not drafts.
          let said = false
          const announce = (print: (text: string) => void) => (text: string) => {
            if (!said) io.stdout('\nchange seen: building again\n')
            said = true
            print(text)
          }
          code = await build({ ...io, stdout: announce(io.stdout), stderr: announce(io.stderr) }, args, signal, { drafts, keepTemplates: true })
        }
      } catch (error) {
        io.stderr(`oasgen: ${(error as Error).message}\n`)
      }
    })
  }
  watcher.on('all', (_event, path) => {
    if (isTemplate(path)) templatesChanged = true
    else saved.add(path)
    clearTimeout(timer)
    timer = setTimeout(rebuild, SETTLE_MS)
  })
  await new Promise<void>((resolveReady) => watcher.on('ready', () => resolveReady()))
  io.stdout(`watching ${args.inputs.join(', ')} and the templates; Ctrl-C stops\n`)
  await new Promise<void>((resolveStop) => signal.addEventListener('abort', () => resolveStop(), { once: true }))
  clearTimeout(timer)
  await watcher.close()
  await running
  return code
}
