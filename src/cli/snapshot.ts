/**
 * The entry of the start-up snapshots (dist/snapshot/, made by scripts/bundle.mjs and started by
 * bin/oasgen.js: see docs/decisions.md, "Start-up snapshot"). It runs once, when a blob is made:
 * it loads the modules and runs the code every run would run first, so that the blob holds it
 * loaded and compiled, then names the function each start of the blob runs. Nothing of a user's
 * run is in a blob: the arguments, environment, working folder and streams are the run's own.
 *
 * Two blobs, because a bigger heap costs every start that deserialises it:
 * - `build` (for `oasgen build`): every renderer, the four faces decoded, and a build of the
 *   shipped drafts in every format once, which compiles the code of a whole build;
 * - `start` (every other command): `check` and a Markdown build of the shipped drafts, without
 *   the DOCX, PDF and HTML renderers, which load on first use as they would without a blob.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startupSnapshot } from 'node:v8'
import { forgetTemplates } from '../build.js'
import { PACKAGE_ROOT } from '../paths.js'
import { renderer } from '../render/index.js'
import { FORMATS } from '../render/types.js'
import { main } from './main.js'
import { run } from './process.js'

const BLOBS = ['start', 'build'] as const

async function warm(blob: (typeof BLOBS)[number]): Promise<void> {
  const formats = blob === 'build' ? FORMATS : (['md'] as const)
  for (const format of formats) await renderer(format)
  const out = mkdtempSync(join(tmpdir(), 'oasgen-snapshot-'))
  try {
    const drafts = join(PACKAGE_ROOT, 'inputs')
    for (const argv of [
      ['check', drafts],
      ['build', drafts, '--format', formats.join(','), '--jobs', '1', '--out', out],
    ]) {
      let said = ''
      const code = await main({ argv, cwd: PACKAGE_ROOT, stdout: () => {}, stderr: (text) => (said += text) })
      if (code !== 0) throw new Error(`oasgen ${argv.join(' ')} exited with ${code} while the snapshot was made:\n${said}`)
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
  // The templates folder is read again by each run (a user may change it); the Handlebars
  // templates compiled from its text are kept by that text.
  forgetTemplates()
}

const blob = process.argv[2] as (typeof BLOBS)[number]
if (!startupSnapshot.isBuildingSnapshot() || !BLOBS.includes(blob)) {
  throw new Error(`dist/snapshot/entry.cjs makes a start-up snapshot: node --snapshot-blob <file> --build-snapshot dist/snapshot/entry.cjs ${BLOBS.join('|')}`)
}
startupSnapshot.setDeserializeMainFunction(() => void run())
// A failure here is an unhandled rejection, which fails the making of the blob and npm run build.
void warm(blob)
