/**
 * The XML of an object from docx's formatter (`{ 'w:b': { _attr: { 'w:val': false } } }`), as
 * docx writes it: the `xml` package's output, quirks and all (docx 9's `stringifyXmlable`, which
 * it does not export). Without indentation, which oasgen never asks for.
 *
 * `runs.ts` writes docx's run properties with it; the test "the DOCX written as text is byte for
 * byte the DOCX docx writes" compares what comes of it with what docx writes.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' }

/** Escapes as the `xml` package did: the five XML characters, and the control characters XML 1.0 forbids, dropped. */
export const escape = (value: string): string => value.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => ESCAPES[c] ?? '')

const escapeValue = (value: unknown): unknown => (typeof value === 'string' ? escape(value) : value)

type Xmlable = Record<string, unknown>

/** One element (`{ name: value }`, where value is text, an object with `_attr`/`_cdata`, or an array of attributes, children and text. */
export function element(data: Xmlable): string {
  const name = Object.keys(data)[0]
  const values = name === undefined ? undefined : data[name]
  const attributes: string[] = []
  const content: string[] = []
  const addAttributes = (attr: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(attr)) attributes.push(`${key}="${String(escapeValue(value))}"`)
  }
  // `content` holds the children's XML; like the xml package, an element with children but no
  // text is opened and closed around them, one whose last item is text likewise, and one with
  // neither is empty (`<w:b/>`). An empty string stands for "open and close" where the xml
  // package left one.
  if (typeof values === 'object') {
    if (values !== null) {
      const { _attr: attr, _cdata: cdata } = values as { _attr?: Record<string, unknown>; _cdata?: string }
      if (attr) addAttributes(attr)
      if (cdata) content.push(`<![CDATA[${cdata.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`)
      if (Array.isArray(values)) {
        let isStringContent = false
        content.push('')
        for (const value of values as unknown[]) {
          if (typeof value === 'object') {
            if (Object.keys(value as object)[0] === '_attr') addAttributes((value as { _attr: Record<string, unknown> })._attr)
            else content.push(element(value as Xmlable))
          } else {
            content.pop()
            isStringContent = true
            content.push(String(escapeValue(value)))
          }
        }
        if (!isStringContent) content.push('')
      }
    }
  } else content.push(values === undefined ? '' : String(escapeValue(values)))
  const open = (name ? `<${name}` : '') + (attributes.length > 0 ? ` ${attributes.join(' ')}` : '')
  if (content.length === 0) return `${open}/>`
  return `${open}${name ? '>' : ''}${content.join('')}${name ? `</${name}>` : ''}`
}
