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
  // Bundled CommonJS code may call require or read __filename and __dirname, which ES modules
  // lack: every chunk gets its own, and free uses of the two names are pointed at them.
  banner: {
    js: [
      "import { createRequire as __oasgenRequire } from 'node:module';",
      "import { fileURLToPath as __oasgenPath } from 'node:url';",
      "import { dirname as __oasgenDir } from 'node:path';",
      'const require = __oasgenRequire(import.meta.url);',
      'const __oasgenFilename = __oasgenPath(import.meta.url);',
      'const __oasgenDirname = __oasgenDir(__oasgenFilename);',
    ].join(' '),
  },
  define: { __filename: '__oasgenFilename', __dirname: '__oasgenDirname' },
  logLevel: 'warning',
  legalComments: 'none',
})
