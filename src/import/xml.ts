/**
 * XML parts of a DOCX as small element trees, read by fast-xml-parser (ordered mode, so that
 * runs stay in document order, mixed with the text around them).
 *
 * Why fast-xml-parser: it is maintained, has no native code, checks that a part is well formed
 * (`parse(text, true)`), decodes entities and character references, and reads a large
 * `document.xml` several times faster than a DOM implementation; oasgen needs no DOM, only the
 * elements in order.
 *
 * Names are given with the prefixes OOXML documents conventionally use (`w:p`, `m:oMath`),
 * whatever prefix the producer chose: a prefix is read through its namespace declaration.
 */
import { XMLParser } from 'fast-xml-parser'

export interface XmlElement {
  /** `w:p`: the conventional prefix of the element's namespace, and its local name. */
  name: string
  /** Attributes by conventional name (`w:val`), namespace declarations left out. */
  attrs: Record<string, string>
  children: XmlNode[]
}
export type XmlNode = XmlElement | string

/** A part that is not well-formed XML: the message says where. */
export class XmlError extends Error {
  override name = 'XmlError'
}

/** Namespaces → the prefix OOXML documents write them with. Transitional and Strict alike. */
const PREFIXES: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.openxmlformats.org/officeDocument/2006/math': 'm',
  'http://purl.oclc.org/ooxml/officeDocument/math': 'm',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'rel',
  'http://schemas.openxmlformats.org/package/2006/content-types': 'ct',
  'http://schemas.openxmlformats.org/package/2006/metadata/core-properties': 'cp',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://schemas.openxmlformats.org/officeDocument/2006/customXml': 'ds',
  'http://www.w3.org/XML/1998/namespace': 'xml',
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
})

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> }

/** Parses one part; throws `XmlError` when it is not well formed. */
export function parseXml(text: string): XmlElement {
  let ordered: Ordered[]
  try {
    ordered = parser.parse(text, true) as Ordered[]
  } catch (error) {
    throw new XmlError(xmlProblem(error))
  }
  const root = ordered.map((node) => convert(node, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]))).find((n): n is XmlElement => typeof n !== 'string')
  if (!root) throw new XmlError('it holds no element')
  return root
}

function xmlProblem(error: unknown): string {
  const err = (error as { err?: { msg?: string; line?: number; col?: number } }).err
  if (err?.msg) return `${err.msg}${err.line ? ` (line ${err.line}, column ${err.col ?? 1})` : ''}`
  return error instanceof Error ? error.message : String(error)
}

function convert(node: Ordered, scope: Map<string, string>): XmlNode {
  const keys = Object.keys(node).filter((key) => key !== ':@')
  const key = keys[0]!
  if (key === '#text') return String(node['#text'])
  const raw = node[':@'] ?? {}
  let inner = scope
  for (const [attr, value] of Object.entries(raw)) {
    if (attr === 'xmlns' || attr.startsWith('xmlns:')) {
      if (inner === scope) inner = new Map(scope)
      inner.set(attr === 'xmlns' ? '' : attr.slice(6), value)
    }
  }
  const attrs: Record<string, string> = {}
  for (const [attr, value] of Object.entries(raw)) {
    if (attr === 'xmlns' || attr.startsWith('xmlns:')) continue
    // Unprefixed attributes are in no namespace: kept as written.
    attrs[attr.includes(':') ? qualified(attr, inner, false) : attr] = value
  }
  const children = ((node[key] as Ordered[] | undefined) ?? []).map((child) => convert(child, inner))
  return { name: qualified(key, inner, true), attrs, children }
}

function qualified(name: string, scope: Map<string, string>, element: boolean): string {
  const colon = name.indexOf(':')
  const prefix = colon < 0 ? (element ? '' : undefined) : name.slice(0, colon)
  const local = colon < 0 ? name : name.slice(colon + 1)
  if (prefix === undefined) return local
  const uri = scope.get(prefix)
  if (uri === undefined) return name
  const known = PREFIXES[uri]
  if (known !== undefined) return `${known}:${local}`
  // Another namespace: named by its URI, so that no prefix can pass for a known one.
  return `{${uri}}${local}`
}

/** The child elements of `element`, or those named `name`. */
export function elements(element: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = []
  for (const child of element.children) if (typeof child !== 'string' && (name === undefined || child.name === name)) out.push(child)
  return out
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!element) return undefined
  for (const c of element.children) if (typeof c !== 'string' && c.name === name) return c
  return undefined
}

/** The text inside an element, all descendants joined. */
export function textOf(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('')
}
