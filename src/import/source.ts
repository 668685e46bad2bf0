/**
 * The draft a DOCX was made from, carried inside it as a custom XML part, so that `oasgen
 * import` finds the exact base of a returned copy by itself. Word and LibreOffice keep custom
 * XML parts they do not understand when they save (tested on a LibreOffice round trip:
 * tests/fixtures/import/libreoffice).
 *
 * The part is `<draft xmlns="urn:oasgen:draft">` with the draft's text and how the document was
 * made (view, delegation or scenario, track changes): the view is what `import` renders the base in to tell
 * the revisions it wrote from those the copy came back with.
 */
import { createHash } from 'node:crypto'
import { escapeXml } from '../render/xml.js'
import type { Scenario } from '../view/scenario.js'
import type { View } from '../view/views.js'

export const SOURCE_NAMESPACE = 'urn:oasgen:draft'

/** What a DOCX says of the draft it was made from. */
export interface DraftSourceFacts {
  /** The draft's text, exactly. */
  text: string
  /** The draft's file name, without folders (a path says more than a colleague needs to know). */
  name: string
  view: View
  trackChanges: boolean
}

/** Characters XML 1.0 cannot hold even as references: such a draft is carried in base64. */
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The custom XML part: the draft's text as XML text (carriage returns as `&#13;`, which parsers keep). */
export function sourceXml(facts: DraftSourceFacts): string {
  const { text, name, view, trackChanges } = facts
  const base64 = NOT_XML.test(text)
  const body = base64 ? Buffer.from(text, 'utf8').toString('base64') : escapeXml(text).replace(/\r/g, '&#13;')
  const attributes: Array<[string, string]> = [
    ['name', name],
    ['view', view.kind],
    ...(view.kind === 'delegation' ? ([['delegation', view.sponsor]] as Array<[string, string]>) : []),
    ...(view.kind === 'scenario' ? ([['scenario', scenarioJson(view)]] as Array<[string, string]>) : []),
    ['trackChanges', String(trackChanges)],
    ['sha256', sha256(text)],
    ...(base64 ? ([['encoding', 'base64']] as Array<[string, string]>) : []),
  ]
  const attrs = attributes.map(([key, value]) => ` ${key}="${escapeXml(value)}"`).join('')
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<draft xmlns="${SOURCE_NAMESPACE}"${attrs}>${body}</draft>`
}

/**
 * A scenario's name, rules and label as JSON, so that import renders the base in the very
 * scenario the copy was sent in (a chair's text differs from the bracketed view).
 */
function scenarioJson(view: Extract<View, { kind: 'scenario' }>): string {
  return JSON.stringify({ name: view.name, scenario: view.scenario, ...(view.label !== undefined ? { label: view.label } : {}) })
}

/**
 * The scenario view a part's `scenario` attribute describes, or undefined when it is not one
 * (a copy's parts can be edited by hand: the shape is checked, not trusted).
 */
export function scenarioFrom(json: string | undefined): Extract<View, { kind: 'scenario' }> | undefined {
  if (json === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { name, scenario, label } = value as Record<string, unknown>
  if (typeof name !== 'string' || typeof scenario !== 'object' || scenario === null) return undefined
  if (label !== undefined && typeof label !== 'string') return undefined
  const { rules, rest, context } = scenario as Record<string, unknown>
  if (!Array.isArray(rules) || (rest !== 'show' && rest !== 'reject') || typeof context !== 'boolean') return undefined
  const choices = ['accept', 'reject', 'show']
  const ruleOk = (rule: unknown): boolean => {
    if (typeof rule !== 'object' || rule === null) return false
    const { choice, ref, codes } = rule as Record<string, unknown>
    if (!choices.includes(choice as string)) return false
    return typeof ref === 'string' || (Array.isArray(codes) && codes.every((code) => typeof code === 'string'))
  }
  if (!rules.every(ruleOk)) return undefined
  return { kind: 'scenario', name, scenario: { rules: rules as Scenario['rules'], rest, context }, ...(label !== undefined ? { label } : {}) }
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

/** A GUID made from the draft's text (`{8-4-4-4-12}`), so that the same draft gives the same bytes. */
export function itemId(xml: string): string {
  const hex = createHash('sha256').update(xml, 'utf8').digest('hex').toUpperCase()
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`
}
