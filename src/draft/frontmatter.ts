/**
 * The draft's front matter: its schema (zod, the one source of truth, also exported as JSON
 * Schema), reading it from YAML with positions, and turning problems into positioned messages.
 */
import { suggestion } from '../words.js'
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml'
import { createRequire } from 'node:module'
import type { Node as YamlNode } from 'yaml'
import * as z from 'zod'
import type { Diagnostics, Place } from '../diagnostics.js'
import { checkYamlDepth } from './depth.js'

export const LANGUAGES = ['en', 'es', 'fr', 'pt'] as const
export type Language = (typeof LANGUAGES)[number]

const schemas = new Map<string, ReturnType<typeof buildSchema>>()

/** The schema for the layouts that exist (the template field is checked against them); built once per list. */
export function metaSchema(layouts: readonly string[] = ['resolution']) {
  const key = layouts.join('\0')
  let schema = schemas.get(key)
  if (!schema) schemas.set(key, (schema = buildSchema(layouts)))
  return schema
}

function buildSchema(layouts: readonly string[]) {
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
    date: z.iso
      .date()
      // Year 0000 printed "1 January 1": a year a document can bear has four digits, the first not 0.
      .refine((v) => !v.startsWith('0'), { message: 'a year before 1000 is no date of a document: write the four digits of the year (YYYY-MM-DD)' })
      .optional()
      .describe('ISO date of issue (YYYY-MM-DD).'),
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

/** Validated front matter, with where each key's value is written (for later messages). */
export interface FrontMatter {
  meta: DraftMeta
  /** The place of a key's value in the draft. */
  placeOf: (key: string) => Place | undefined
}

// `yaml` gives every node its position, which messages need; it is also several times slower
// to load and run than js-yaml. So front matter is read twice only when it has a problem: first
// with js-yaml (a valid front matter, the usual case, is done there), and, should that find
// anything to report, again with `yaml` for the positions. Loaded on demand.
const require = createRequire(import.meta.url)
const positioned = () => require('yaml') as typeof import('yaml')

/**
 * Reads and validates the front matter. Returns the metadata, or undefined when it has errors
 * (each reported on `diagnostics`).
 */
export function readFrontMatter(source: FrontMatterSource, layouts: readonly string[], diagnostics: Diagnostics): FrontMatter | undefined {
  if (!checkYamlDepth(source.value, source.line, diagnostics)) return undefined
  const meta = readValid(source.value, layouts)
  if (meta) return { meta, placeOf: placesOf(source, layouts) }
  const front = readPositioned(source, layouts, diagnostics, true)
  return front && { meta: front.meta, placeOf: (key) => front.places[key] }
}

/**
 * Where each key's value is written, read from the YAML again (with positions) when first asked:
 * most drafts never ask.
 */
export function placesOf(source: FrontMatterSource, layouts: readonly string[]): (key: string) => Place | undefined {
  let places: Partial<Record<string, Place>> | undefined
  return (key) => (places ??= readPositioned(source, layouts, undefined, false)?.places)?.[key]
}

/**
 * A key or list item whose value is one quoted scalar, closed on its line, with nothing after
 * it; no carriage return inside the quotes (js-yaml folds a lone CR, yaml keeps it), and in
 * double quotes no escape but `\\` and `\"` (js-yaml lets `\U00110000` through, yaml rejects it).
 */
const ONE_LINE_QUOTED = /^[ \t]*(?:- +|[A-Za-z_][\w-]*:[ \t]+)(?:"(?:[^"\\\r\n]|\\["\\])*"|'(?:[^'\r\n]|'')*')[ \t]*\r?$/

/**
 * The metadata when the front matter is valid YAML with known keys and valid values; else
 * undefined. Exported for the test that holds it to the careful reader.
 */
export function readValid(text: string, layouts: readonly string[]): DraftMeta | undefined {
  // js-yaml is laxer than `yaml` with quoted scalars (a quoted title continued at column 0, a
  // comment right after the closing quote): a quote anywhere but in a whole one-line quoted
  // value (`title: "…"`, `  - '…'`) takes the careful path.
  if (/["']/.test(text) && !text.split('\n').every((line) => !/["']/.test(line) || ONE_LINE_QUOTED.test(line))) return undefined
  // A carriage return that does not end a CRLF line is a line break to js-yaml, not to yaml.
  if (/\r(?!\n)/.test(text)) return undefined
  let raw: unknown
  try {
    raw = loadYaml(text, { schema: CORE_SCHEMA })
  } catch {
    return undefined
  }
  const data: unknown = raw ?? {}
  if (typeof data !== 'object' || data === null || Array.isArray(data) || Object.keys(data).some((key) => !META_KEYS.includes(key))) return undefined
  const result = metaSchema(layouts).safeParse(data)
  return result.success ? { ...result.data, original: result.data.original ?? result.data.lang } : undefined
}

/** Reads the front matter with positions, reporting every problem when `report` is set. */
function readPositioned(
  source: FrontMatterSource,
  layouts: readonly string[],
  reportTo: Diagnostics | undefined,
  report: boolean,
): { meta: DraftMeta; places: Partial<Record<string, Place>> } | undefined {
  const { isMap, isScalar, LineCounter, parseDocument } = positioned()
  const diagnostics = report && reportTo ? reportTo : ({ error() {}, warning() {} } as unknown as Diagnostics)
  const lineCounter = new LineCounter()
  // yaml's own check of unique keys looks each key up in the map so far: quadratic (16,000 keys
  // took seconds). The keys of the top map are checked here instead, in one pass.
  const doc = parseDocument(source.value, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const placeOf = (offset: number): Place => {
    const p = lineCounter.linePos(offset)
    return { line: source.line + p.line - 1, column: p.col }
  }
  const contents = doc.contents
  const errors = doc.errors.map((error) => ({ offset: error.pos[0], message: firstLine(error.message) }))
  const seen = new Set<unknown>()
  for (const pair of isMap(contents) ? contents.items : []) {
    if (!isScalar(pair.key)) continue
    if (seen.has(pair.key.value)) errors.push({ offset: pair.key.range?.[0] ?? 0, message: 'Map keys must be unique' })
    seen.add(pair.key.value)
  }
  if (errors.length > 0) {
    for (const error of errors.sort((a, b) => a.offset - b.offset)) {
      diagnostics.error('front-matter-yaml', `Front matter is not valid YAML: ${error.message}`, placeOf(error.offset))
    }
    return undefined
  }
  if (contents !== null && !isMap(contents)) {
    diagnostics.error('front-matter-type', 'Front matter must be a map of keys and values', placeOf(0))
    return undefined
  }
  // Each key's pair, found once: looking a key up by walking the map made 16,000 unknown keys quadratic.
  const pairs = new Map<unknown, { key: YamlNode; value: YamlNode | undefined }>()
  for (const pair of contents?.items ?? []) {
    if (isScalar(pair.key) && !pairs.has(pair.key.value)) pairs.set(pair.key.value, { key: pair.key as YamlNode, value: (pair.value ?? undefined) as YamlNode | undefined })
  }
  const nodeOf = (key: PropertyKey): YamlNode | undefined => {
    const pair = pairs.get(key)
    return pair && (pair.value ?? pair.key)
  }
  const keyNodeOf = (key: string): YamlNode | undefined => pairs.get(key)?.key
  const placeOfNode = (node: YamlNode | undefined): Place => (node?.range ? placeOf(node.range[0]) : placeOf(0))

  let raw: Record<string, unknown>
  try {
    raw = (doc.toJS() as Record<string, unknown> | null) ?? {}
  } catch (error) {
    // e.g. an alias with no anchor (`title: *x`), which yaml reports only here.
    diagnostics.error('front-matter-yaml', `Front matter is not valid YAML: ${firstLine((error as Error).message)}`, placeOf(0))
    return undefined
  }
  // Unknown keys are warnings, not errors: drop them before validation.
  for (const key of Object.keys(raw)) {
    if (META_KEYS.includes(key)) continue
    const hint = suggestion(key, META_KEYS, Math.max(2, Math.floor(key.length / 3)))
    diagnostics.warning('front-matter-unknown-key', `Unknown front matter key \`${key}\`${hint}`, placeOfNode(keyNodeOf(key)))
    delete raw[key]
  }
  const result = metaSchema(layouts).safeParse(raw)
  /** A value as the front matter writes it. */
  const writtenAt = (path: PropertyKey[]): string | undefined => {
    const node = doc.getIn(path as Array<string | number>, true) as YamlNode | undefined
    return node?.range ? source.value.slice(node.range[0], node.range[1]).trim() : undefined
  }
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path[0]
      // The item itself when the problem is inside a list (`meeting.2`), else the key's value.
      const inner = issue.path.length > 1 ? (doc.getIn(issue.path as Array<string | number>, true) as YamlNode | undefined) : undefined
      const where = key === undefined ? placeOf(0) : placeOfNode(inner?.range ? inner : nodeOf(key))
      const field = issue.path.length > 0 ? `\`${issue.path.join('.')}\`` : 'front matter'
      diagnostics.error('front-matter-invalid', `Invalid ${field}: ${describeIssue(issue, raw, writtenAt)}`, where)
    }
    return undefined
  }
  const meta = result.data
  const places = Object.fromEntries(Object.keys(raw).map((key) => [key, placeOfNode(nodeOf(key))]))
  return { meta: { ...meta, original: meta.original ?? meta.lang }, places }
}

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>, writtenAt: (path: PropertyKey[]) => string | undefined): string {
  const key = issue.path[0]
  // What was written: JSON has no word for 1e400 (Infinity) or .nan, which it would print as null.
  const shown = (value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? (writtenAt(issue.path) ?? String(value)) : JSON.stringify(value))
  if (issue.code === 'invalid_type' && key !== undefined && !(key in raw)) return 'required, and missing'
  if (issue.code === 'invalid_format' && issue.format === 'date') return 'not a real date in ISO form (YYYY-MM-DD)'
  if (issue.code === 'invalid_value' && key !== undefined) {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${shown(raw[key as string])}`
  }
  if (issue.code === 'invalid_type' && key !== undefined) {
    const value = issue.path.reduce<unknown>((at, step) => (at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[step] : undefined), raw)
    return `expected ${issue.expected}, got ${shown(value)}`
  }
  return issue.message
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}

/**
 * The JSON Schema of the front matter, for editors (YAML language server): draft-07, which
 * every version of the language server reads. The layouts are offered as examples, not as an
 * enum, since a project may use its own templates folder.
 */
export function frontMatterJsonSchema(layouts: readonly string[]): Record<string, unknown> {
  const schema = z.toJSONSchema(metaSchema(layouts), { io: 'input', target: 'draft-07' }) as Record<string, unknown> & {
    properties: Record<string, Record<string, unknown>>
  }
  schema.properties.template!.examples = [...layouts]
  return { $schema: schema.$schema, title: 'oasgen draft front matter', ...schema }
}

/** The text of `schema/draft.schema.json`, shipped with the package (`npm run schema`). */
export function frontMatterJsonSchemaText(layouts: readonly string[]): string {
  return JSON.stringify(frontMatterJsonSchema(layouts), null, 2) + '\n'
}
