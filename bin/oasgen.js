#!/usr/bin/env node
// The only place that calls process.exit: everything else returns an exit code.
import { main } from '../dist/cli/main.js'

const code = await main({
  argv: process.argv.slice(2),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).catch((error) => {
  process.stderr.write(`oasgen: internal error: ${error?.message ?? error} (please report this; set OASGEN_DEBUG=1 for details)\n`)
  if (process.env.OASGEN_DEBUG) process.stderr.write(`${error?.stack}\n`)
  return 70
})
process.exitCode = code
