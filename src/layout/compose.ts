/**
 * The printed lines around the body (organ line, header block, title area, first-page footer,
 * page numbers, footnote marks and number labels) from the layout's Handlebars templates.
 * Every renderer gets them from here, so every format prints the same words.
 */
import Handlebars from 'handlebars'
import { META_KEYS, type Language } from '../draft/frontmatter.js'
import type { DocumentModel, ScenarioNotice } from '../model/types.js'
import { TemplateError, type Layout, type Locale, type NumberingLevel, type Registry, type StyleName } from './load.js'
import { formatNumber } from './numbers.js'

export { formatNumber }

export interface TitleLine {
  style: StyleName
  text: string
}

/** The text around the body of one document. */
export interface Frame {
  /** The line centred above the header block, or ''. */
  organ: string
  /** Header block, left column lines (meeting lines). */
  left: string[]
  /** Header block, right column lines (series, symbol, date, original). */
  right: string[]
  /** Title area lines, in order, each with its paragraph style. */
  title: TitleLine[]
  /** Small print at the foot of the first page (the job code), or ''. */
  firstPageFooter: string
}

const hb = Handlebars.create()
const compiled = new Map<string, HandlebarsTemplateDelegate>()

function compile(source: string): HandlebarsTemplateDelegate {
  let template = compiled.get(source)
  if (!template) {
    // strict: a misspelt field in a layout is an error, not a silently empty line. noEscape: the
    // output is not HTML; each renderer escapes for its own format.
    template = hb.compile(source, { strict: true, noEscape: true })
    compiled.set(source, template)
  }
  return template
}

/** Renders one layout template with the layout's helpers. */
export function renderTemplate(source: string, data: Record<string, unknown>, helpers: Record<string, Handlebars.HelperDelegate>): string {
  try {
    return compile(source)(data, { helpers, allowProtoPropertiesByDefault: false })
  } catch (error) {
    throw new TemplateError(`The layout template ${JSON.stringify(source)} failed: ${(error as Error).message.split('\n')[0]}`)
  }
}

/**
 * The months as ICU writes them in a date (`Intl.DateTimeFormat`, `month: 'long'`; a test holds
 * the table to it). Making a process's first DateTimeFormat loads ICU's locale data: about 0.1 G
 * instructions, more than all the rest a document's dates take.
 */
const MONTHS: Record<Language, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  pt: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
}

/** Day, month name and year of an ISO date in a language, as Intl writes them with a fixed time zone. */
export function dateParts(iso: string, lang: Language): { day: string; month: string; year: string } {
  const date = new Date(`${iso}T12:00:00Z`)
  const year = date.getUTCFullYear()
  // Years of four digits (every date a document bears): Intl writes them and the day as plain numbers.
  if (year >= 1000 && year <= 9999) return { day: String(date.getUTCDate()), month: MONTHS[lang][date.getUTCMonth()]!, year: String(year) }
  return intlDateParts(iso, lang)
}

const dateFormats = new Map<Language, Intl.DateTimeFormat>()

/** `dateParts` through Intl: for any other year, and the test that holds the table to Intl. */
export function intlDateParts(iso: string, lang: Language): { day: string; month: string; year: string } {
  const date = new Date(`${iso}T12:00:00Z`)
  let format = dateFormats.get(lang)
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    dateFormats.set(lang, format)
  }
  const parts = format.formatToParts(date)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return { day: part('day'), month: part('month'), year: part('year') }
}

function helpersFor(layout: Layout, registry: Registry): Record<string, Handlebars.HelperDelegate> {
  const { locale, lang } = layout
  const date = (template: string) => (iso: unknown) => {
    if (typeof iso !== 'string' || iso === '') return ''
    const parts = dateParts(iso, lang)
    return renderTemplate(template, { ...parts, day: locale.dates.days[parts.day] ?? parts.day }, {})
  }
  const names = (code: unknown) => {
    const entry = typeof code === 'string' ? registry.get(code) : undefined
    return entry ? entry[lang] : { name: String(code), of: renderTemplate(locale.labels.unknownOf, { code: String(code) }, {}) }
  }
  return {
    upper: (value: unknown) => (typeof value === 'string' ? value.toLocaleUpperCase(lang) : ''),
    headerDate: date(locale.dates.header),
    textDate: date(locale.dates.text),
    languageName: (code: unknown) => (typeof code === 'string' ? (locale.languages[code as Language] ?? code) : ''),
    delegationName: (code: unknown) => names(code).name,
    delegationOf: (code: unknown) => names(code).of,
    // A state's delegation is headed by the locale's label; the Chair, the Secretariat, a group by their own heading.
    delegationTitle: (code: unknown) => {
      const name = names(code)
      return 'heading' in name && name.heading !== undefined ? name.heading : renderTemplate(locale.labels.delegation, name, {})
    },
    // What a scenario decided, in the locale's words: "Scenario: proposals of Colombia accepted; other proposals rejected".
    scenarioNotice: (notice: unknown) => (isNotice(notice) ? scenarioText(notice, locale.scenario, (code) => names(code).of) : ''),
  }
}

/** The line a scenario's document says what it is with ('' for the three views), in the layout's language: for formats with no title area (md). */
export function scenarioLine(doc: DocumentModel, layout: Layout, registry: Registry): string {
  return doc.scenario ? (helpersFor(layout, registry).scenarioNotice!(doc.scenario, {}) as string) : ''
}

const isNotice = (value: unknown): value is ScenarioNotice => typeof value === 'object' && value !== null && Array.isArray((value as ScenarioNotice).decisions)

/** `a`, `a and b`, `a, b and c`, with the locale's `and`. */
function joinWords(items: string[], and: string): string {
  return items.length <= 1 ? items.join('') : items.slice(0, -1).join(', ') + and + items.at(-1)
}

/** The line a scenario's document is headed with: a clause per decision, then one for the rest. */
function scenarioText(notice: ScenarioNotice, words: Locale['scenario'], of: (code: string) => string): string {
  const clause = (what: string, choice: keyof Locale['scenario']['choices'], many: boolean) =>
    renderTemplate(words.clause, { what, how: words.choices[choice][many ? 'many' : 'one'] }, {})
  const { decisions, rest } = notice
  const clauses = decisions.map(({ choice, sponsors, refs }) => {
    const parts: string[] = []
    if (sponsors.length > 0) parts.push(renderTemplate(words.sponsors, { of: joinWords(sponsors.map(of), words.and) }, {}))
    if (refs.length > 0) parts.push(renderTemplate(words.refs[refs.length === 1 ? 'one' : 'many'], { refs: joinWords(refs, words.and) }, {}))
    return clause(joinWords(parts, words.and), choice, sponsors.length > 0 || refs.length > 1)
  })
  clauses.push(clause(decisions.length > 0 ? words.rest.others : words.rest.all, rest === 'show' ? 'show' : 'reject', true))
  return renderTemplate(words.notice, { label: notice.label ?? words.label, clauses: clauses.join(words.separator) }, {})
}

/** The data every layout template sees. */
function templateData(doc: DocumentModel, layout: Layout): Record<string, unknown> {
  // Absent fields are present as null, so that strict templates may test them with #if.
  const fields = Object.fromEntries(META_KEYS.map((key) => [key, null]))
  return { ...fields, ...doc.meta, delegation: doc.delegation ?? null, scenario: doc.scenario ?? null, t: layout.locale.labels, kind: layout.kind }
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')

/** The lines around the body of `doc`, as `layout` prints them. */
export function frame(doc: DocumentModel, layout: Layout, registry: Registry): Frame {
  const helpers = helpersFor(layout, registry)
  const data = templateData(doc, layout)
  const render = (source: string) => renderTemplate(source, data, helpers)
  return {
    organ: render(layout.header.organ).trim(),
    left: layout.header.left.flatMap((t) => lines(render(t))),
    right: layout.header.right.flatMap((t) => lines(render(t))),
    title: layout.title.flatMap(({ style, text }) => lines(render(text)).map((line) => ({ style, text: line }))),
    firstPageFooter: render(layout.footer.firstPage).trim(),
  }
}

/** The page number line for page `page` (1-based), or '' where the layout prints none. */
export function pageNumberText(layout: Layout, page: number): string {
  return page >= layout.pageNumber.from ? renderTemplate(layout.pageNumber.text, { page }, {}).trim() : ''
}

/** How a footnote reference is marked in the text (`1/`). */
export function footnoteMark(layout: Layout, n: number): string {
  return renderTemplate(layout.footnotes.mark, { n }, {})
}

/** How a footnote's text starts (`1. `). */
export function footnotePrefix(layout: Layout, n: number): string {
  return renderTemplate(layout.footnotes.prefix, { n }, {})
}

/**
 * A footnote mark or prefix cut around the note's number (`1/` → `['', '/']`), for formats that
 * number notes themselves; undefined when the number is not in it exactly once.
 */
export function aroundNumber(text: string, n: number): [before: string, after: string] | undefined {
  const number = String(n)
  const parts = text.split(number)
  return parts.length === 2 ? [parts[0]!, parts[1]!] : undefined
}

/** The numbering level of a numbered paragraph (level 1 is the first), clamped to the last defined. */
export function numberingLevel(layout: Layout, level: number): NumberingLevel {
  return layout.numbering[Math.min(level, layout.numbering.length) - 1]!
}

/** The printed label of a numbered paragraph: `1.`, `a.`, `ii)`. */
export function numberLabel(layout: Layout, level: number, n: number): string {
  const { format, suffix } = numberingLevel(layout, level)
  return formatNumber(n, format) + suffix
}

/** The paragraph style of a numbered paragraph at `level` (1 = operative paragraph). */
export function numberedStyle(level: number): StyleName {
  return level <= 1 ? 'operative' : level === 2 ? 'subparagraph' : 'subsubparagraph'
}

/** Bullet glyphs by level, as Word draws them: •, ◦, ▪, then again. */
const BULLETS = ['•', '◦', '▪']

export function bulletGlyph(level: number): string {
  return BULLETS[(Math.max(level, 1) - 1) % BULLETS.length]!
}

/** How far in a bullet at `level` (1 = top) stands beyond the bullet style's own indent. */
export function bulletStep(level: number): number {
  return (Math.max(level, 1) - 1) * 36
}

/**
 * The page-number line split where the number goes (`['- ', ' -']` for `- {{page}} -`), for
 * formats that print the number with a field of their own (Word's PAGE, CSS counter(page));
 * undefined when the layout prints no page numbers.
 */
export function pageNumberParts(layout: Layout): string[] | undefined {
  const text = pageNumberText(layout, SENTINEL)
  return text === '' ? undefined : text.split(String(SENTINEL))
}
/** A page number no document reaches, to find where the number goes in the rendered line. */
const SENTINEL = 987654321
