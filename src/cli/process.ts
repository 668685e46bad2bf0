/**
 * The command line as a process: arguments, streams, signals and the exit code. The only module
 * that touches `process`, whichever way node was started (bin/oasgen.js as ES modules, or the
 * start-up snapshot, dist/snapshot/: see scripts/bundle.mjs).
 */
import { setFlagsFromString } from 'node:v8'
import { main } from './main.js'

export async function run(): Promise<void> {
  // V8 optimises a function once it has run for a budget of bytecode (67,584 by default): in a
  // run of a second or two that sends hundreds of functions to TurboFan that will not run long
  // enough to repay it (its threads were 1.4 G of the 3.9 G instructions of one draft in every
  // view). Four times the budget left only the hot ones (one draft, every view, 3.90 G -> 3.12 G).
  // Sixteen times, since drafts are parsed on a second thread (src/batch/parse-ahead.ts), whose
  // core TurboFan's threads share: 60 drafts to PDF 1.03 -> 0.96 s (median of 5, quiet machine),
  // to DOCX 0.66 -> 0.61 s, 200 to DOCX 1.56 -> 1.51 s, one draft in every view 0.28 -> 0.27 s,
  // each with less CPU (docs/decisions.md). A budget the user gives node is kept.
  if (!/--interrupt-budget\b/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)) setFlagsFromString('--interrupt-budget=1081344')
  if (process.env.OASGEN_DEBUG) {
    const blob = process.execArgv[process.execArgv.indexOf('--snapshot-blob') + 1]
    process.stderr.write(`oasgen: started ${process.execArgv.includes('--snapshot-blob') ? `from the start-up snapshot ${blob}` : 'as ES modules'}\n`)
  }
  const controller = new AbortController()
  const SIGNALS = ['SIGINT', 'SIGTERM'] as const
  const stop = (signal: NodeJS.Signals) => {
    // First Ctrl-C: finish the drafts under way, write the manifest, stop. From then on the signals
    // have their default action again, so that a second one ends the process at once, even in the
    // middle of a long render that holds the event loop (a handler would wait for it to finish).
    // Files are renamed into place only when whole: nothing partial is left under a final name,
    // and the next build removes the temporary files.
    for (const name of SIGNALS) process.removeListener(name, stop)
    process.stderr.write(`\noasgen: stopping after the drafts under way (${signal}; again to stop at once)\n`)
    controller.abort()
  }
  for (const signal of SIGNALS) process.on(signal, stop)

  const code = await main({
    argv: process.argv.slice(2),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    progress: process.stderr.isTTY ? process.stderr : undefined,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    signal: controller.signal,
  }).catch((error: unknown) => {
    const e = error as Error | undefined
    process.stderr.write(`oasgen: internal error: ${e?.message ?? error} (please report this; set OASGEN_DEBUG=1 for details)\n`)
    if (process.env.OASGEN_DEBUG) process.stderr.write(`${e?.stack}\n`)
    return 70
  })
  process.exitCode = code
}
