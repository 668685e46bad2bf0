// The JSON Schema of the front matter shipped in schema/ is what the code generates now
// (`npm run schema` writes it), so editors never check drafts against a stale schema.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { frontMatterJsonSchemaText } from '../src/draft/frontmatter.js'
import { messages, parse, ROOT, templates } from './helpers.js'

describe('schema/draft.schema.json', () => {
  const committed = readFileSync(join(ROOT, 'schema', 'draft.schema.json'), 'utf8')

  test('is what `npm run schema` writes from the parser’s schema (run it after changing the front matter)', () => {
    expect(committed).toBe(frontMatterJsonSchemaText(templates.layouts()))
  })

  test('is draft-07, offers the shipped layouts, and requires only the title', () => {
    const schema = JSON.parse(committed) as { $schema: string; required: string[]; additionalProperties: boolean; properties: Record<string, { examples?: string[]; enum?: string[] }> }
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#')
    expect(schema.required).toEqual(['title'])
    expect(schema.additionalProperties).toBe(false)
    expect(schema.properties.template?.examples).toEqual(['committee', 'declaration', 'resolution', 'working-paper'])
    expect(schema.properties.lang?.enum).toEqual(['en', 'es', 'fr', 'pt'])
  })

  test('is shipped with the package', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; scripts: Record<string, string> }
    expect(pkg.files).toContain('schema')
    expect(pkg.scripts.schema).toContain('scripts/schema.ts')
  })
})

test('the modeline the README suggests is a YAML comment: the draft checks cleanly with it', () => {
  const draft = parse('---\n# yaml-language-server: $schema=./node_modules/oasgen/schema/draft.schema.json\ntitle: T\n---\n\n1. Text.\n')
  expect(messages(draft)).toEqual([])
})
