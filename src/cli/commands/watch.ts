/**
 * `oasgen build --watch`: build, then build again whenever a draft or a template is saved.
 * Only what changed is rendered again (the build is incremental), so a save costs one draft.
 */
import { resolve } from 'node:path'
import type { Io } from '../main.js'
import { build, buildOptions, type BuildArgs } from './build.js'

const SETTLE_MS = 150

export async function watch(io: Io, args: BuildArgs, signal: AbortSignal): Promise<number> {
  const { watch: chokidar } = await import('chokidar')
  const options = buildOptions(args, io.cwd)
  let code = await build(io, args, signal)
  const watcher = chokidar([...args.inputs.map((input) => resolve(io.cwd, input)), options.templates], {
    ignoreInitial: true,
    ignored: (path) => path.startsWith(options.out),
    awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 },
  })
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const rebuild = () => {
    running = running.then(async () => {
      if (signal.aborted) return
      io.stdout(`\nchange seen: building again\n`)
      try {
        code = await build(io, args, signal)
      } catch (error) {
        io.stderr(`oasgen: ${(error as Error).message}\n`)
      }
    })
  }
  watcher.on('all', () => {
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
