#!/usr/bin/env node
/**
 * Writes bin/oasgen.js, the command npm links, from scripts/bin-oasgen.js (docs/decisions.md,
 * "Start-up snapshot"). The file is a shell script and an ES module at once; only its first line
 * differs from machine to machine:
 * - `#!/usr/bin/env node`, which every system runs (Alpine's busybox env, Git Bash's shims and
 *   npm's Windows shims included): node starts the ES modules, as without a snapshot;
 * - the line that has env run the shell part, which starts node from the start-up snapshot, only
 *   when the build made the snapshot (dist/snapshot/, never on Windows) and this machine's
 *   /usr/bin/env, tried on a file with that very first line, runs it (busybox's env has no `-S`
 *   and would refuse the line: `oasgen` would not start at all).
 *
 *   node scripts/launcher.mjs           # as `npm run build` ends
 *   node scripts/launcher.mjs --plain   # `#!/usr/bin/env node` whatever the machine (npm pack:
 *                                       # the package has no blob, and runs on any machine)
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The first line that runs the file as an ES module, everywhere. */
export const PLAIN_LINE = '#!/usr/bin/env node'

/**
 * The first line that runs the file with sh (`\_` separates words for env's `-S`; no word has a
 * space, so the line reads the same whether the kernel passes it as one argument, as Linux does,
 * or split); npm's Windows shim writer reads it as "set OASGEN_LAUNCHER, run node".
 */
export const SNAPSHOT_LINE = String.raw`#!/usr/bin/env -S OASGEN_LAUNCHER=sh\_sh\_-c\_"exec\_sh\_\"\$@\"" node`

/**
 * Whether `line`, as the first line of a file run as a program here (in `dir`: a folder where
 * files may run), runs the file with sh, as the snapshot line should: env sets OASGEN_LAUNCHER
 * to `sh` and sh runs the file, which says so. Run by node instead, the file is no JavaScript.
 */
export function runsWithSh(line, dir) {
  if (process.platform === 'win32') return false
  const probe = join(dir, `.launcher-probe-${process.pid}`)
  try {
    writeFileSync(probe, `${line}\necho "sh:$OASGEN_LAUNCHER"\n`, { mode: 0o755 })
    const result = spawnSync(probe, [], { encoding: 'utf8', timeout: 10_000 })
    return result.status === 0 && result.stdout === 'sh:sh\n'
  } catch {
    return false
  } finally {
    rmSync(probe, { force: true })
  }
}

/** The start-up snapshot's blobs (`dist/snapshot/<name>.blob`; src/cli/snapshot.ts makes each). */
export const BLOBS = ['start', 'build']

/** Whether the build made the start-up snapshot (both blobs, and what they were made for). */
export function hasSnapshot(root = ROOT) {
  const snapshot = join(root, 'dist', 'snapshot')
  return [...BLOBS.map((blob) => `${blob}.blob`), 'node', 'root'].every((name) => existsSync(join(snapshot, name)))
}

/**
 * Writes `<root>/bin/oasgen.js` (whole or not at all) and returns its first line (`snapshotLine`:
 * another env for the tests).
 */
export function writeLauncher({ root = ROOT, plain = false, snapshotLine = SNAPSHOT_LINE } = {}) {
  const body = readFileSync(join(root, 'scripts', 'bin-oasgen.js'), 'utf8')
  const [first, ...rest] = body.split('\n')
  if (first !== PLAIN_LINE) throw new Error(`scripts/bin-oasgen.js must start with "${PLAIN_LINE}", not "${first}"`)
  const bin = join(root, 'bin')
  mkdirSync(bin, { recursive: true })
  const line = !plain && hasSnapshot(root) && runsWithSh(snapshotLine, bin) ? snapshotLine : PLAIN_LINE
  const file = join(bin, 'oasgen.js')
  const temporary = `${file}.tmp-${process.pid}`
  writeFileSync(temporary, [line, ...rest].join('\n'), { mode: 0o755 })
  chmodSync(temporary, 0o755)
  renameSync(temporary, file)
  return line
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeLauncher({ plain: process.argv.includes('--plain') })
}
