// Bundles the command line and the build worker into dist/ (over tsc's per-file output of the
// same two entry points), so that `oasgen` starts by loading a few files instead of hundreds of
// modules: start-up is most of what `oasgen check` costs. The renderers stay lazily loaded
// chunks. Packages that find their own files next to themselves (pdfkit's font metrics,
// piscina's worker) or are large and loaded late stay external.
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

rmSync('dist/chunks', { recursive: true, force: true })

await build({
  entryPoints: { 'cli/main': 'src/cli/main.ts', 'batch/worker': 'src/batch/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['pdfkit', 'fontkit', 'docx', 'piscina', 'chokidar', '@expo-google-fonts/tinos'],
  // Bundled CommonJS packages (yargs' helpers, write-file-atomic) call require.
  banner: { js: "import { createRequire as __oasgenRequire } from 'node:module'; const require = __oasgenRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
})
