/**
 * Reads the data in `templates/`: layouts (`layouts/<name>/layout.yaml`), locales
 * (`locales/<lang>.yaml`) and the delegation registry (`delegations.yaml`).
 * Layouts and locales are data; nothing here knows one layout from another.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join, relative, resolve } from 'node:path'
// js-yaml for the templates' data: several times faster to load and parse than `yaml`, which
// the front matter needs for its positions; start-up is most of what `oasgen check` costs.
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml'
import * as z from 'zod'
import { LANGUAGES, type Language } from '../draft/frontmatter.js'
import { SPONSOR } from '../draft/annotation/transform.js'
import { PACKAGE_ROOT } from '../paths.js'
import { readAhead, readAheadEntries } from './ahead.js'

/** The `templates/` folder shipped with the package. */
export const DEFAULT_TEMPLATES = join(PACKAGE_ROOT, 'templates')

/** The templates folder a command uses: the one given (relative to `cwd`), else the shipped one. */
export function templatesFolder(cwd: string, given: string | undefined): string {
  return resolve(cwd, given ?? DEFAULT_TEMPLATES)
}

const numberFormat = z.enum(['decimal', 'lowerLetter', 'upperLetter', 'lowerRoman', 'upperRoman'])
const numberingLevel = z.strictObject({ format: numberFormat, suffix: z.string() })
export type NumberingLevel = z.infer<typeof numberingLevel>

const words = <K extends string>(keys: readonly K[]) => z.strictObject(Object.fromEntries(keys.map((k) => [k, z.string()])) as Record<K, z.ZodString>)
const statusLabels = z.strictObject({
  annex: z.string(),
  title: z.string(),
  proposals: z.string(),
  delegations: z.string(),
  paragraphs: z.string(),
  none: z.string(),
  noSponsor: z.string(),
  yes: z.string(),
  no: z.string(),
  columns: words(['reference', 'paragraph', 'sponsors', 'kind', 'inserted', 'deleted', 'amends', 'state', 'delegation', 'pending', 'agreed', 'withdrawn', 'free'] as const),
  kinds: words(['insertion', 'deletion', 'replacement'] as const),
  states: words(['pending', 'agreed', 'withdrawn', 'moot'] as const),
})
export type StatusLabels = z.infer<typeof statusLabels>
/** For a templates folder made before the status table. */
const ENGLISH_STATUS: StatusLabels = {
  annex: 'ANNEX',
  title: 'STATUS OF PROPOSALS',
  proposals: 'Proposals',
  delegations: 'By delegation',
  paragraphs: 'By paragraph',
  none: 'The draft has no proposal.',
  noSponsor: '(no sponsor)',
  yes: 'yes',
  no: 'no',
  columns: {
    reference: 'Reference',
    paragraph: 'Paragraph',
    sponsors: 'Sponsors',
    kind: 'Kind',
    inserted: 'Words inserted',
    deleted: 'Words deleted',
    amends: 'Amends',
    state: 'State',
    delegation: 'Delegation',
    pending: 'Pending',
    agreed: 'Agreed',
    withdrawn: 'Withdrawn',
    free: 'Free of brackets',
  },
  kinds: { insertion: 'insertion', deletion: 'deletion', replacement: 'replacement' },
  states: { pending: 'pending', agreed: 'agreed', withdrawn: 'withdrawn', moot: 'moot' },
}

const agreeing = z.strictObject({ one: z.string(), many: z.string() })
/**
 * The words of the line under a scenario's title (`Scenario: proposals of Colombia accepted;
 * other proposals rejected`): each decision a clause, `{{what}} {{how}}`, `how` agreeing in
 * number with `what` (one proposal named by reference, or more).
 */
const scenarioLabels = z.strictObject({
  /** What the line starts with, unless `--label` says otherwise: `Scenario`. */
  label: z.string(),
  /** `{{label}}: {{clauses}}`. */
  notice: z.string(),
  separator: z.string(),
  and: z.string(),
  clause: z.string(),
  /** `proposals {{of}}`: `of` is the sponsors' registry `of` forms joined by `and`. */
  sponsors: z.string(),
  /** `proposal {{refs}}` / `proposals {{refs}}`. */
  refs: agreeing,
  rest: z.strictObject({ others: z.string(), all: z.string() }),
  choices: z.strictObject({ accept: agreeing, reject: agreeing, show: agreeing }),
  /** The status annex's column of what the scenario did with each proposal (its words: `choices`' `one`). */
  column: z.string().default('In this scenario'),
})
export type ScenarioLabels = z.infer<typeof scenarioLabels>
/** For a templates folder made before scenarios said what they are. */
const ENGLISH_SCENARIO: ScenarioLabels = {
  label: 'Scenario',
  notice: '{{label}}: {{clauses}}',
  separator: '; ',
  and: ' and ',
  clause: '{{what}} {{how}}',
  sponsors: 'proposals {{of}}',
  refs: { one: 'proposal {{refs}}', many: 'proposals {{refs}}' },
  rest: { others: 'other proposals', all: 'all proposals' },
  choices: { accept: { one: 'accepted', many: 'accepted' }, reject: { one: 'rejected', many: 'rejected' }, show: { one: 'in brackets', many: 'in brackets' } },
  column: 'In this scenario',
}

const localeSchema = z.strictObject({
  name: z.string(),
  languages: z.record(z.enum(LANGUAGES), z.string()),
  labels: z.strictObject({
    original: z.string(),
    draft: z.record(z.string(), z.string()),
    /** The operative keyword by layout kind: RESOLVES:, DECLARES: */
    operative: z.record(z.string(), z.string()),
    delegation: z.string(),
    /** `of` for a code the registry does not know (`of {{code}}`): "Proposals of the Delegation of G20". */
    unknownOf: z.string().default('{{code}}'),
  }),
  /** The words of the status of proposals (`oasgen status`, `--annex status`). */
  status: statusLabels.default(ENGLISH_STATUS),
  /** The words a scenario's document says what it is in (`oasgen build --accept …`). */
  scenario: scenarioLabels.default(ENGLISH_SCENARIO),
  dates: z.strictObject({
    header: z.string(),
    text: z.string(),
    /** Days written otherwise than as a number: French `1er`, Portuguese `1º`. */
    days: z.record(z.string().regex(/^(?:[1-9]|[12]\d|3[01])$/, 'a day of the month, 1 to 31'), z.string()).default({}),
  }),
  numbering: z.array(numberingLevel).min(1),
  /**
   * The words that cite a paragraph by its number in running text (`paragraph`, `párrafos`):
   * parity compares the numbers after them across language versions.
   */
  citations: z.array(z.string().min(1)).default([]),
  /** The words `oasgen new` puts in a new draft (see `skeleton` in the layouts). */
  skeleton: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.record(z.string(), z.string())])).default({}),
})
export type Locale = z.infer<typeof localeSchema>

const paragraphStyle = z.strictObject({
  align: z.enum(['left', 'center', 'right', 'justify']).default('left'),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  size: z.number().positive().optional(),
  firstLine: z.number().optional(),
  indent: z.number().optional(),
  hanging: z.number().optional(),
  numberWidth: z.number().optional(),
  spaceBefore: z.number().optional(),
  spaceAfter: z.number().optional(),
  keepWithNext: z.boolean().optional(),
})
export type ParagraphStyle = z.infer<typeof paragraphStyle>

const characterStyle = z.strictObject({
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  underline: z.boolean().optional(),
  strike: z.boolean().optional(),
})
export type CharacterStyle = z.infer<typeof characterStyle>

/** The paragraph styles every layout defines. */
export const STYLE_NAMES = [
  'organ', 'header', 'symbol', 'draft-label', 'title', 'note', 'delegation', 'heading', 'opening',
  'preamble', 'keyword', 'body', 'quote', 'code', 'operative', 'subparagraph', 'subsubparagraph',
  'bullet', 'continuation', 'footnote', 'footer', 'page-number', 'table-header', 'table-cell',
] as const
export type StyleName = (typeof STYLE_NAMES)[number]

/** Styles a layout may leave out, and what they then are (templates folders made before them). */
const STYLE_DEFAULTS: Partial<Record<StyleName, ParagraphStyle>> = {
  'table-header': { align: 'left', bold: true, size: 10 },
  'table-cell': { align: 'left', size: 10 },
}

const layoutSchema = z.strictObject({
  description: z.string(),
  kind: z.string(),
  page: z.strictObject({
    size: z.tuple([z.number().positive(), z.number().positive()]),
    margins: z.strictObject({ top: z.number(), right: z.number(), bottom: z.number(), left: z.number() }),
  }),
  font: z.strictObject({
    family: z.string(),
    /** The monospace face for code. */
    mono: z.string().default('Courier New'),
    size: z.number().positive(),
    footnoteSize: z.number().positive(),
    lineHeight: z.number().positive(),
  }),
  header: z.strictObject({
    organ: z.string(),
    left: z.array(z.string()),
    right: z.array(z.string()),
    /** Where the right column starts, in points from the left margin. */
    rightAt: z.number().positive().default(288),
    /** The space between the header block and the title area, in points. */
    spaceAfter: z.number().min(0).default(24),
  }),
  title: z.array(z.strictObject({ style: z.enum(STYLE_NAMES), text: z.string() })),
  footer: z.strictObject({ firstPage: z.string() }),
  pageNumber: z.strictObject({ text: z.string(), from: z.number().int().min(1) }),
  footnotes: z.strictObject({ mark: z.string(), markSuperscript: z.boolean(), prefix: z.string() }),
  numbering: z.array(numberingLevel).min(1).optional(),
  styles: z.strictObject(
    Object.fromEntries(STYLE_NAMES.map((n) => [n, STYLE_DEFAULTS[n] ? paragraphStyle.default(STYLE_DEFAULTS[n]) : paragraphStyle])) as Record<StyleName, typeof paragraphStyle>,
  ),
  /** Tables: the thickness of their rules and the space between a cell's text and its rules, in points. */
  table: z.strictObject({ rule: z.number().min(0).default(0.5), padding: z.number().min(0).default(3), spaceAfter: z.number().min(0).default(12) }).default({ rule: 0.5, padding: 3, spaceAfter: 12 }),
  marks: z.strictObject({ sponsor: characterStyle, insertion: characterStyle, deletion: characterStyle }),
  /**
   * What `oasgen new` writes: `front` and `body` are Handlebars templates of the new draft's
   * front matter and body; other keys are placeholders the templates refer to by name.
   */
  skeleton: z.object({ front: z.string(), body: z.string() }).catchall(z.string()).optional(),
})
type LayoutData = z.infer<typeof layoutSchema>

/** A layout with its locale applied: what renderers read. */
export interface Layout extends Omit<LayoutData, 'numbering'> {
  name: string
  lang: Language
  locale: Locale
  /** Label style per level: the layout's own, else the locale's. */
  numbering: NumberingLevel[]
}

const entryName = z.strictObject({
  name: z.string(),
  /** The name as it follows "Proposals of the Delegation": `of the United States`, `del Ecuador`. */
  of: z.string(),
  /** The whole heading of the view, for what is not a state's delegation: `Proposals of the Chair`. */
  heading: z.string().optional(),
})
const registrySchema = z.record(
  z.string().regex(SPONSOR),
  z
    .strictObject({
      kind: z.enum(['state', 'group', 'other']),
      aliases: z.array(z.string().regex(SPONSOR)).default([]),
      en: entryName,
      es: entryName,
      fr: entryName,
      pt: entryName,
    })
    .superRefine((entry, context) => {
      // "Proposals of the Delegation of the Chair" is what a missing heading would print.
      if (entry.kind === 'state') return
      for (const lang of LANGUAGES) {
        if (entry[lang].heading === undefined) context.addIssue({ code: 'custom', path: [lang, 'heading'], message: `a ${entry.kind} is not a state's delegation: give it a heading of its own` })
      }
    }),
)
export type RegistryEntry = z.infer<typeof registrySchema>[string] & { code: string }

/** The delegation registry: sponsor code or alias → entry. */
export class Registry {
  private readonly byCode = new Map<string, RegistryEntry>()
  constructor(readonly entries: RegistryEntry[]) {
    for (const entry of entries) {
      for (const code of [entry.code, ...entry.aliases]) {
        if (this.byCode.has(code)) throw new Error(`Delegation code ${code} is listed twice in the registry`)
        this.byCode.set(code, entry)
      }
    }
  }
  get(code: string): RegistryEntry | undefined {
    return this.byCode.get(code)
  }
  has(code: string): boolean {
    return this.byCode.has(code)
  }
  /** The codes and aliases, for suggestions. */
  codes(): string[] {
    return [...this.byCode.keys()]
  }
}

/** A problem in the templates folder: a mistake of whoever edits the layouts, reported plainly. */
export class TemplateError extends Error {
  override name = 'TemplateError'
}

/** Everything read from one templates folder. */
export class Templates {
  private readonly layoutCache = new Map<string, Layout>()
  private readonly localeCache = new Map<Language, Locale>()
  private registryCache: Registry | undefined

  constructor(readonly dir: string = DEFAULT_TEMPLATES) {
    if (!existsSync(join(dir, 'layouts'))) throw new TemplateError(`${dir} is not a templates folder: it has no layouts/ folder`)
  }

  /** The names of the layouts in this folder. */
  layouts(): string[] {
    this.layoutNames ??= readdirSync(join(this.dir, 'layouts'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(this.dir, 'layouts', d.name, 'layout.yaml')))
      .map((d) => d.name)
      .sort()
    return this.layoutNames
  }

  /** The languages this folder has a locale for. */
  languages(): Language[] {
    return LANGUAGES.filter((lang) => existsSync(join(this.dir, 'locales', `${lang}.yaml`)))
  }

  locale(lang: Language): Locale {
    let locale = this.localeCache.get(lang)
    if (!locale) {
      locale = validate(localeSchema, readYaml(join(this.dir, 'locales', `${lang}.yaml`)), `locales/${lang}.yaml`)
      this.localeCache.set(lang, locale)
    }
    return locale
  }

  layout(name: string, lang: Language): Layout {
    const key = `${name}\0${lang}`
    let layout = this.layoutCache.get(key)
    if (!layout) {
      const data = validate(layoutSchema, this.rawLayout(name, []), `layouts/${name}/layout.yaml`)
      const locale = this.locale(lang)
      layout = { ...data, name, lang, locale, numbering: data.numbering ?? locale.numbering }
      this.layoutCache.set(key, layout)
    }
    return layout
  }

  private readonly hashes = new Map<string, string>()
  private readonly filesCache = new Map<string, string[]>()
  private layoutNames: string[] | undefined

  /**
   * A hash of every file a document in this layout and language is made from (the layout and
   * what it extends, the locale, the registry): part of each output's key.
   */
  hashOf(layout: string, lang: Language | string): string {
    const key = `${layout}\0${lang}`
    let hash = this.hashes.get(key)
    if (hash === undefined) {
      const sha = createHash('sha256')
      for (const file of [...this.layoutFiles(layout), join(this.dir, 'locales', `${lang}.yaml`), join(this.dir, 'delegations.yaml')]) {
        sha.update(`${relative(this.dir, file)}\0${existsSync(file) ? readFileSync(file, 'utf8') : ''}\0`)
      }
      hash = sha.digest('hex')
      this.hashes.set(key, hash)
    }
    return hash
  }

  /** The files a layout is read from (itself and what it extends), for change detection. */
  layoutFiles(name: string): string[] {
    let files = this.filesCache.get(name)
    if (!files) {
      files = []
      for (let current: string | undefined = name; current !== undefined; ) {
        const file = join(this.dir, 'layouts', current, 'layout.yaml')
        files.push(file)
        current = (readYaml(file) as { extends?: string }).extends
      }
      this.filesCache.set(name, files)
    }
    return files
  }

  registry(): Registry {
    if (!this.registryCache) {
      const data = validate(registrySchema, readYaml(join(this.dir, 'delegations.yaml')), 'delegations.yaml')
      this.registryCache = new Registry(Object.entries(data).map(([code, entry]) => ({ code, ...entry })))
    }
    return this.registryCache
  }

  private rawLayout(name: string, seen: string[]): Record<string, unknown> {
    if (seen.includes(name)) throw new TemplateError(`Layout ${name} extends itself (${[...seen, name].join(' → ')})`)
    const file = join(this.dir, 'layouts', name, 'layout.yaml')
    if (!existsSync(file)) throw new TemplateError(`There is no layout ${name} (${file})`)
    const raw = readYaml(file) as Record<string, unknown>
    const { extends: parent, ...own } = raw
    if (parent === undefined) return own
    if (typeof parent !== 'string') throw new TemplateError(`layouts/${name}/layout.yaml: extends must be a layout name`)
    return deepMerge(this.rawLayout(parent, [...seen, name]), own)
  }
}

function readYaml(file: string): unknown {
  if (!existsSync(file)) throw new TemplateError(`Missing template file ${file}`)
  const text = readFileSync(file, 'utf8')
  const ahead = readAhead(text)
  if (ahead !== undefined) return ahead
  try {
    return parseYaml(text, file)
  } catch (error) {
    throw new TemplateError(`${file}: ${(error as Error).message}`)
  }
}

/** A template file's YAML as oasgen reads it. */
function parseYaml(text: string, file?: string): unknown {
  return loadYaml(text, { schema: CORE_SCHEMA, ...(file !== undefined ? { filename: file } : {}) })
}

/** What the build reads ahead (`dist/templates.json`, see ahead.ts): every YAML file of the shipped templates. */
export function shippedReadAhead(): Array<[string, string]> {
  const files = readdirSync(DEFAULT_TEMPLATES, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.yaml')).sort()
  return readAheadEntries(files.map((name) => readFileSync(join(DEFAULT_TEMPLATES, name), 'utf8')), (text) => parseYaml(text))
}

function validate<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  // Without zod's just-in-time parsers: it writes each object schema a parser of its own (`new
  // Function`) on first use, worth it over thousands of parses, not over the one each template
  // file gets. Validating the resolution layout cold took 0.125 G instructions with them, 0.033 G without.
  const result = schema.safeParse(value, { jitless: true })
  if (!result.success) {
    const issues = result.error.issues.map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`).join('\n')
    throw new TemplateError(`templates/${where} is not valid:\n${issues}`)
  }
  return result.data
}

/** Maps merge key by key; anything else (lists included) is replaced. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key]
    out[key] = isPlainObject(prior) && isPlainObject(value) ? deepMerge(prior, value) : value
  }
  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
