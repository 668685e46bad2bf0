/**
 * `npm run schema`: writes the JSON Schemas shipped in schema/ from the zod schemas the code
 * uses: draft.schema.json (a draft's front matter, with the shipped layouts as examples) and
 * compare.schema.json (what `oasgen compare --format json` prints). tests/schema.test.ts fails
 * when a committed file differs from what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { compareJsonSchemaText } from '../src/compare/schema.js'
import { frontMatterJsonSchemaText } from '../src/draft/frontmatter.js'
import { Templates } from '../src/layout/load.js'

const folder = join(import.meta.dirname, '..', 'schema')
mkdirSync(folder, { recursive: true })
for (const [name, text] of [
  ['draft.schema.json', frontMatterJsonSchemaText(new Templates().layouts())],
  ['compare.schema.json', compareJsonSchemaText()],
] as const) {
  writeFileSync(join(folder, name), text)
  process.stdout.write(`wrote ${join(folder, name)}\n`)
}
