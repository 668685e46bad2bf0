/**
 * `npm run schema`: writes schema/draft.schema.json, the JSON Schema of a draft's front matter,
 * from the zod schema the parser uses, with the shipped layouts as examples. tests/schema.test.ts
 * fails when the committed file differs from what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { frontMatterJsonSchemaText } from '../src/draft/frontmatter.js'
import { Templates } from '../src/layout/load.js'

const out = join(import.meta.dirname, '..', 'schema', 'draft.schema.json')
mkdirSync(join(out, '..'), { recursive: true })
writeFileSync(out, frontMatterJsonSchemaText(new Templates().layouts()))
process.stdout.write(`wrote ${out}\n`)
