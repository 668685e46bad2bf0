/**
 * The draft's front matter: its schema (zod, the one source of truth, also exported as JSON
 * Schema), reading it from YAML with positions, and turning problems into positioned messages.
 */
import { closest, distance } from 'fastest-levenshtein'
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml'
import { z } from 'zod'
import type { Diagnostics, Place } from '../diagnostics.js'

export const LANGUAGES = ['en', 'es', 'fr', 'pt'] as const
export type Language = (typeof LANGUAGES)[number]

/** Builds the schema for the layouts that exist (the template field is checked against them). */
export function metaSchema(layouts: readonly string[] = ['resolution']) {
  const text = z.string().trim().min(1)
  return z.strictObject({
    template: z
      .string()
      .refine((v) => layouts.includes(v), {
        message: `unknown layout; the layouts are: ${layouts.join(', ')}`,
      })
      .default('resolution')
      .describe('A layout in templates/layouts/.'),
    lang: z.enum(LANGUAGES).default('en').describe('Language of the document: labels and date formats.'),
    symbol: text.optional().describe('The document symbol, e.g. CICTE/RES. 1/17.'),
    series: text.optional().describe('The series classification, e.g. OEA/Ser.L/X.2.17.'),
    date: z.iso.date().optional().describe('ISO date of issue (YYYY-MM-DD).'),
    original: z.enum(LANGUAGES).optional().describe('Language of the original; default: lang.'),
    organ: text.optional().describe('Line centred above the header block.'),
    meeting: z.array(text).default([]).describe("The header block's left-hand lines, as written."),
    title: text.describe('The title; printed in capitals.'),
    note: text.optional().describe('Printed in parentheses under the title.'),
    draft: z.boolean().default(false).describe('true prints DRAFT RESOLUTION (localized) above the title.'),
    job: text.optional().describe('Job code printed at the foot of the first page, e.g. CICTE00865E01.'),
  })
}

export type DraftMeta = z.output<ReturnType<typeof metaSchema>> & { original: Language }
export const META_KEYS = Object.keys(metaSchema().shape)

/** Where the front matter sits in the file. */
export interface FrontMatterSource {
  /** The YAML text between the fences. */
  value: string
  /** 1-based line of the first YAML line in the file. */
  line: number
}

/**
 * Reads and validates the front matter. Returns the metadata, or undefined when it has errors
 * (each reported on `diagnostics`).
 */
export function readFrontMatter(
  source: FrontMatterSource,
  layouts: readonly string[],
  diagnostics: Diagnostics,
): DraftMeta | undefined {
  const lineCounter = new LineCounter()
  const doc = parseDocument(source.value, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const placeOf = (offset: number): Place => {
    const p = lineCounter.linePos(offset)
    return { line: source.line + p.line - 1, column: p.col }
  }
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      diagnostics.error('front-matter-yaml', `Front matter is not valid YAML: ${firstLine(error.message)}`, placeOf(error.pos[0]))
    }
    return undefined
  }
  const contents = doc.contents
  if (contents !== null && !isMap(contents)) {
    diagnostics.error('front-matter-type', 'Front matter must be a map of keys and values', placeOf(0))
    return undefined
  }
  const nodeOf = (key: PropertyKey): YamlNode | undefined => {
    if (!contents) return undefined
    for (const pair of contents.items) {
      if (isScalar(pair.key) && pair.key.value === key) return (pair.value ?? pair.key) as YamlNode
    }
    return undefined
  }
  const keyNodeOf = (key: string): YamlNode | undefined =>
    contents?.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.key as YamlNode | undefined
  const placeOfNode = (node: YamlNode | undefined): Place => (node?.range ? placeOf(node.range[0]) : placeOf(0))

  const raw: Record<string, unknown> = (doc.toJS() as Record<string, unknown> | null) ?? {}
  // Unknown keys are warnings, not errors: drop them before validation.
  for (const key of Object.keys(raw)) {
    if (META_KEYS.includes(key)) continue
    const guess = closest(key, META_KEYS)
    const hint = distance(key, guess) <= Math.max(2, Math.floor(key.length / 3)) ? `; did you mean \`${guess}\`?` : ''
    diagnostics.warning('front-matter-unknown-key', `Unknown front matter key \`${key}\`${hint}`, placeOfNode(keyNodeOf(key)))
    delete raw[key]
  }
  const result = metaSchema(layouts).safeParse(raw)
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path[0]
      const where = key === undefined ? placeOf(0) : placeOfNode(nodeOf(key))
      const field = issue.path.length > 0 ? `\`${issue.path.join('.')}\`` : 'front matter'
      diagnostics.error('front-matter-invalid', `Invalid ${field}: ${describeIssue(issue, raw)}`, where)
    }
    return undefined
  }
  const meta = result.data
  return { ...meta, original: meta.original ?? meta.lang }
}

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  const key = issue.path[0]
  if (issue.code === 'invalid_type' && key !== undefined && !(key in raw)) return 'required, and missing'
  if (issue.code === 'invalid_format' && issue.format === 'date') return 'not a real date in ISO form (YYYY-MM-DD)'
  if (issue.code === 'invalid_value' && key !== undefined) {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(raw[key as string])}`
  }
  if (issue.code === 'invalid_type' && key !== undefined) {
    return `expected ${issue.expected}, got ${JSON.stringify(raw[key as string])}`
  }
  return issue.message
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}

/** The JSON Schema of the front matter, for editors (YAML language server). */
export function frontMatterJsonSchema(layouts: readonly string[]): unknown {
  return z.toJSONSchema(metaSchema(layouts), { io: 'input' })
}
