// Builds dist/ once before the tests exactly as `npm ci` does (tsc, then the bundle of the
// command line and the worker), so that the tests of the real binary run the code under test as
// users get it, and the worker threads of parallel builds run current code.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

export default function setup(): void {
  const root = join(import.meta.dirname, '..')
  const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
  run([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')])
  run([join(root, 'scripts', 'bundle.mjs')])
}
