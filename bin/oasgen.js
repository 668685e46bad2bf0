#!/usr/bin/env node
// The only place that touches the process: arguments, streams, signals and the exit code.
import { main } from '../dist/cli/main.js'

const controller = new AbortController()
let stops = 0
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // First Ctrl-C: finish the drafts under way, write the manifest, stop. Second: stop now.
    if (++stops > 1) process.exit(130)
    process.stderr.write(`\noasgen: stopping after the drafts under way (${signal}; again to stop at once)\n`)
    controller.abort()
  })
}

const code = await main({
  argv: process.argv.slice(2),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  progress: process.stderr.isTTY ? process.stderr : undefined,
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  signal: controller.signal,
}).catch((error) => {
  process.stderr.write(`oasgen: internal error: ${error?.message ?? error} (please report this; set OASGEN_DEBUG=1 for details)\n`)
  if (process.env.OASGEN_DEBUG) process.stderr.write(`${error?.stack}\n`)
  return 70
})
process.exitCode = code
