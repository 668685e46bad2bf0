/**
 * OAS document symbols (shared/spec/official-format.md, "Symbols"): the shapes oasgen knows,
 * read with the spacing and case drafters type, and printed canonically.
 *
 * | shape | canonical |
 * | --- | --- |
 * | `BODY/RES. n/yy`, `BODY/DEC. n/yy` | `CICTE/RES. 1/17`, `CICTE/DEC. 1/03` |
 * | `BODY/RES. n (ROMAN-O/yy)`, `-E` for a special session | `AG/RES. 2959 (L-O/20)` |
 * | `BODY/RES. n (meeting/yy)` | `CP/RES. 777 (1252/00)` |
 * | `PREFIX/doc.n/yy` | `CICTE/doc.5/17`, `AG/CG/doc.2/18` |
 * | `PREFIX/COMMITTEE-n/yy` | `CP/CSH-1953/20` |
 *
 * followed by any of ` add. n`, ` rev. n`, ` corr. n`, in that order. Bodies and prefixes are
 * one or more upper-case segments separated by `/`; which body uses which shape is not checked
 * (bodies invent new ones). Anything else is unrecognised: the caller warns, never fails.
 */

export type SymbolShape = 'resolution' | 'declaration' | 'document' | 'committee'

/** The suffixes, in the order they are chained. */
export const SUFFIXES = ['add', 'rev', 'corr'] as const
export type Suffix = (typeof SUFFIXES)[number]

/** A recognised symbol, in parts. */
export interface DocumentSymbol {
  shape: SymbolShape
  /** The body or prefix: `CICTE`, `AG`, `AG/CG`, `CP`. */
  body: string
  /** The committee of a committee document: `CSH`. */
  committee?: string
  /** The number, as written (digits). */
  number: string
  /** The session of an Assembly resolution (`L-O`, `XXXI-E`) or the meeting of a Council one (`1252`). */
  session?: string
  /** Two-digit year. */
  year: string
  /** `add.`, `rev.`, `corr.` numbers, when present. */
  suffixes: Partial<Record<Suffix, string>>
  /** The symbol as oasgen prints it. */
  canonical: string
}

// Gaps where drafters put spaces, or not. `\s` includes the no-break space Word pastes.
const _ = '\\s*'
const SEGMENT = '[A-Za-z][A-Za-z0-9]*'
const YEAR = '(?<year>\\d{2})'
const NUMBER = '(?<number>\\d+)'

const BODY = `(?<body>${SEGMENT}(?:${_}/${_}${SEGMENT})*)${_}/${_}`
const SUFFIX_PART = SUFFIXES.map((s) => `(?:${_}${s}${_}\\.?${_}(?<${s}>\\d+))?`).join('')

const SHAPES: Array<{ shape: SymbolShape | 'resolution-or-declaration'; pattern: RegExp }> = [
  {
    shape: 'resolution-or-declaration',
    pattern: new RegExp(
      `^${BODY}(?<kind>RES|DEC)${_}\\.?${_}${NUMBER}` +
        `(?:${_}/${_}${YEAR}|${_}\\(${_}(?<session>[IVXLCDM]+${_}-${_}[OE]|\\d+)${_}/${_}(?<sessionYear>\\d{2})${_}\\))` +
        `${SUFFIX_PART}$`,
      'i',
    ),
  },
  { shape: 'document', pattern: new RegExp(`^${BODY}doc${_}\\.?${_}${NUMBER}${_}/${_}${YEAR}${SUFFIX_PART}$`, 'i') },
  {
    shape: 'committee',
    pattern: new RegExp(`^${BODY}(?<committee>[A-Za-z]+)${_}-${_}${NUMBER}${_}/${_}${YEAR}${SUFFIX_PART}$`, 'i'),
  },
]

const ROMAN = /^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/

/** Reads a symbol; undefined when it has none of the known shapes. */
export function parseSymbol(text: string): DocumentSymbol | undefined {
  const source = text.trim()
  for (const { shape, pattern } of SHAPES) {
    const groups = pattern.exec(source)?.groups
    if (!groups) continue
    const body = groups.body!.split('/').map((s) => s.trim().toUpperCase()).join('/')
    const suffixes: DocumentSymbol['suffixes'] = {}
    for (const s of SUFFIXES) if (groups[s] !== undefined) suffixes[s] = groups[s]
    const suffixText = SUFFIXES.filter((s) => suffixes[s] !== undefined).map((s) => ` ${s}. ${suffixes[s]}`).join('')
    const number = groups.number!
    if (shape === 'resolution-or-declaration') {
      const kind = groups.kind!.toUpperCase() as 'RES' | 'DEC'
      let session: string | undefined
      if (groups.session !== undefined) {
        session = groups.session.replace(/\s+/g, '').toUpperCase()
        const roman = session.split('-')[0]!
        if (/^[IVXLCDM]/.test(session) && (roman === '' || !ROMAN.test(roman))) continue
      }
      const year = groups.year ?? groups.sessionYear!
      const tail = session === undefined ? `/${year}` : ` (${session}/${year})`
      return {
        shape: kind === 'RES' ? 'resolution' : 'declaration',
        body,
        number,
        ...(session !== undefined ? { session } : {}),
        year,
        suffixes,
        canonical: `${body}/${kind}. ${number}${tail}${suffixText}`,
      }
    }
    const year = groups.year!
    if (shape === 'document') {
      return { shape, body, number, year, suffixes, canonical: `${body}/doc.${number}/${year}${suffixText}` }
    }
    const committee = groups.committee!.toUpperCase()
    return { shape: 'committee', body, committee, number, year, suffixes, canonical: `${body}/${committee}-${number}/${year}${suffixText}` }
  }
  return undefined
}

/** The canonical form of a symbol, or undefined when it is not recognised. */
export function canonicalSymbol(text: string): string | undefined {
  return parseSymbol(text)?.canonical
}
