// Document symbols (official-format.md, "Symbols"): the known shapes read with drafters'
// spacing and case and printed canonically; anything else a warning at the symbol, never an error.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parseSymbol, SUFFIXES, type DocumentSymbol } from '../src/draft/symbol.js'
import { CLEAN, draftText, md, messages, parse, resolve, txt } from './helpers.js'

describe('the shapes of the grammar', () => {
  test.each([
    // BODY/RES. n/yy, BODY/DEC. n/yy
    ['CICTE/RES. 1/17', 'CICTE/RES. 1/17', 'resolution'],
    ['CICTE/RES.1/17', 'CICTE/RES. 1/17', 'resolution'],
    ['cicte/res. 1/17', 'CICTE/RES. 1/17', 'resolution'],
    ['CICTE/RES 1/17', 'CICTE/RES. 1/17', 'resolution'],
    ['CICTE / RES. 1 / 17', 'CICTE/RES. 1/17', 'resolution'],
    ['CICTE/DEC. 1/03 rev. 2', 'CICTE/DEC. 1/03 rev. 2', 'declaration'],
    ['CICTE/DEC.1/03 REV.2', 'CICTE/DEC. 1/03 rev. 2', 'declaration'],
    // AG/RES. n (ROMAN-O/yy), -E for a special session
    ['AG/RES. 2959 (L-O/20)', 'AG/RES. 2959 (L-O/20)', 'resolution'],
    ['AG/RES.2959(L-O/20)', 'AG/RES. 2959 (L-O/20)', 'resolution'],
    ['ag/res. 2959 (l-o/20)', 'AG/RES. 2959 (L-O/20)', 'resolution'],
    ['AG/RES. 1 (XXXI-E/01)', 'AG/RES. 1 (XXXI-E/01)', 'resolution'],
    ['AG/DEC. 79 (XLIV-O/14)', 'AG/DEC. 79 (XLIV-O/14)', 'declaration'],
    ['CIM/RES. 300 (XXXIX-O/22)', 'CIM/RES. 300 (XXXIX-O/22)', 'resolution'],
    // CP/RES. n (meeting/yy)
    ['CP/RES. 777 (1252/00)', 'CP/RES. 777 (1252/00)', 'resolution'],
    ['CP/RES.777 ( 1252 / 00 )', 'CP/RES. 777 (1252/00)', 'resolution'],
    // PREFIX/doc.n/yy
    ['CICTE/doc.5/17', 'CICTE/doc.5/17', 'document'],
    ['CICTE/doc. 5/17', 'CICTE/doc.5/17', 'document'],
    ['CICTE/DOC.5/17', 'CICTE/doc.5/17', 'document'],
    ['AG/CG/doc.2/18 rev. 1', 'AG/CG/doc.2/18 rev. 1', 'document'],
    // CP/COMMITTEE-n/yy
    ['CP/CSH-1953/20 rev. 1', 'CP/CSH-1953/20 rev. 1', 'committee'],
    ['CP/CSH-1953/20 Rev.1', 'CP/CSH-1953/20 rev. 1', 'committee'],
    ['cp/csh - 1953/20 rev 1', 'CP/CSH-1953/20 rev. 1', 'committee'],
    // suffixes, chained in order
    ['CP/doc.5/20 add. 1 rev. 2 corr. 3', 'CP/doc.5/20 add. 1 rev. 2 corr. 3', 'document'],
    ['CP/doc.5/20 Add.1 Corr.1', 'CP/doc.5/20 add. 1 corr. 1', 'document'],
    // the no-break space Word puts after "RES."
    ['CICTE/RES.\u00a01/17', 'CICTE/RES. 1/17', 'resolution'],
  ])('%s → %s', (written, canonical, shape) => {
    const symbol = parseSymbol(written)
    expect(symbol?.canonical).toBe(canonical)
    expect(symbol?.shape).toBe(shape)
    expect(parseSymbol(canonical)?.canonical).toBe(canonical)
  })

  test('the parts', () => {
    expect(parseSymbol('AG/RES. 2959 (L-O/20) rev. 1')).toEqual({
      shape: 'resolution', body: 'AG', number: '2959', session: 'L-O', year: '20', suffixes: { rev: '1' }, canonical: 'AG/RES. 2959 (L-O/20) rev. 1',
    })
    expect(parseSymbol('CP/CSH-1953/20')).toEqual({ shape: 'committee', body: 'CP', committee: 'CSH', number: '1953', year: '20', suffixes: {}, canonical: 'CP/CSH-1953/20' })
  })

  test.each([
    'OEA/Ser.L/X.2.17', // a series, not a symbol
    'CICTE/RES. 1/2017', // four-digit year
    'CICTE/RES. /17',
    'RES. 1/17', // no body
    'AG/RES. 1 (IIII-O/01)', // not a Roman numeral
    'AG/RES. 1 (L-X/20)', // neither ordinary nor special
    'CP/doc.5/20 rev. 1 add. 2', // suffixes out of order
    'CP/doc.5/20 rev. 1 rev. 2',
    'CICTE/RES. 1/17 draft',
    'CP/INF. 7890/18',
    '',
  ])('%j is not recognised', (written) => {
    expect(parseSymbol(written)).toBeUndefined()
  })
})

/** Symbols in parts, rendered canonically or with drafters' variants. */
const ROMAN: Array<[number, string]> = [[50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']]
const roman = (n: number) => {
  let out = ''
  for (const [value, numeral] of ROMAN) while (n >= value) (out += numeral), (n -= value)
  return out
}

type Piece = { text: string; caseFree?: boolean; dot?: boolean } | { gap: string }

const segment = fc.oneof(fc.constantFrom('AG', 'CP', 'CICTE', 'CIDI', 'CIM', 'CG', 'CEPCIDI'), fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}$/))
const digits = fc.integer({ min: 1, max: 9999 }).map(String)
const year = fc.integer({ min: 0, max: 99 }).map((y) => String(y).padStart(2, '0'))
const suffixes = fc.record({ add: fc.option(digits, { nil: undefined }), rev: fc.option(digits, { nil: undefined }), corr: fc.option(digits, { nil: undefined }) })

/** The pieces of a symbol: text, and gaps where the canonical form has '' or ' '. */
const symbolPieces: fc.Arbitrary<Piece[]> = fc
  .record({
    body: fc.array(segment, { minLength: 1, maxLength: 3 }),
    shape: fc.oneof(
      fc.record({ kind: fc.constantFrom('RES', 'DEC'), n: digits, tail: fc.oneof(year.map((y) => ({ y })), fc.record({ session: fc.integer({ min: 1, max: 60 }), type: fc.constantFrom('O', 'E'), y: year }), fc.record({ meeting: digits, y: year })) }),
      fc.record({ doc: fc.constant(true), n: digits, y: year }),
      fc.record({ committee: fc.stringMatching(/^[A-Z]{2,6}$/), n: digits, y: year }),
    ),
    suffixes,
  })
  .map(({ body, shape, suffixes }) => {
    const pieces: Piece[] = []
    body.forEach((s, i) => {
      if (i > 0) pieces.push({ gap: '' }, { text: '/' }, { gap: '' })
      pieces.push({ text: s, caseFree: true })
    })
    pieces.push({ gap: '' }, { text: '/' }, { gap: '' })
    if ('kind' in shape) {
      pieces.push({ text: shape.kind, caseFree: true }, { text: '.', dot: true }, { gap: ' ' }, { text: shape.n })
      const t = shape.tail
      if ('session' in t) pieces.push({ gap: ' ' }, { text: '(' }, { gap: '' }, { text: roman(t.session), caseFree: true }, { gap: '' }, { text: '-' }, { gap: '' }, { text: t.type, caseFree: true }, { gap: '' }, { text: '/' }, { gap: '' }, { text: t.y }, { gap: '' }, { text: ')' })
      else if ('meeting' in t) pieces.push({ gap: ' ' }, { text: '(' }, { gap: '' }, { text: t.meeting }, { gap: '' }, { text: '/' }, { gap: '' }, { text: t.y }, { gap: '' }, { text: ')' })
      else pieces.push({ gap: '' }, { text: '/' }, { gap: '' }, { text: t.y })
    } else if ('doc' in shape) {
      pieces.push({ text: 'doc', caseFree: true }, { text: '.', dot: true }, { gap: '' }, { text: shape.n }, { gap: '' }, { text: '/' }, { gap: '' }, { text: shape.y })
    } else {
      pieces.push({ text: shape.committee, caseFree: true }, { gap: '' }, { text: '-' }, { gap: '' }, { text: shape.n }, { gap: '' }, { text: '/' }, { gap: '' }, { text: shape.y })
    }
    for (const s of SUFFIXES) {
      const n = suffixes[s]
      if (n !== undefined) pieces.push({ gap: ' ' }, { text: s, caseFree: true }, { text: '.', dot: true }, { gap: ' ' }, { text: n })
    }
    return pieces
  })

const canonicalOf = (pieces: Piece[]) => pieces.map((p) => ('gap' in p ? p.gap : p.text)).join('')

/** A drafter's rendering: any spacing (spaces, tabs, no-break spaces) at each gap, any case, dots dropped. */
const variantOf = (pieces: Piece[]): fc.Arbitrary<string> =>
  fc.tuple(...pieces.map((p): fc.Arbitrary<string> => {
    if ('gap' in p) return fc.constantFrom('', ' ', '  ', '\t', '\u00a0', ' \u00a0')
    if (p.dot) return fc.constantFrom('.', '')
    if (p.caseFree) return fc.constantFrom(p.text, p.text.toLowerCase(), p.text.toUpperCase(), p.text[0]!.toUpperCase() + p.text.slice(1).toLowerCase())
    return fc.constant(p.text)
  })).map((parts) => parts.join(''))

describe('properties', () => {
  test('a generated symbol in canonical form is recognised and is a fixed point', () => {
    fc.assert(
      fc.property(symbolPieces, (pieces) => {
        const canonical = canonicalOf(pieces)
        expect(parseSymbol(canonical)?.canonical).toBe(canonical)
      }),
      { numRuns: 500 },
    )
  })

  test('spacing and case variants of a symbol read as its canonical form', () => {
    fc.assert(
      fc.property(symbolPieces.chain((pieces) => fc.tuple(fc.constant(canonicalOf(pieces)), variantOf(pieces))), ([canonical, variant]) => {
        expect(parseSymbol(`  ${variant} `)?.canonical).toBe(canonical)
      }),
      { numRuns: 1000 },
    )
  })

  test('whatever is recognised prints as a canonical form that reads back to itself', () => {
    const alphabet = fc.constantFrom(...'AGCPRESDECdocadrvor/.()- 0123456789LOXIE'.split(''))
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 30 }), (text) => {
        const symbol: DocumentSymbol | undefined = parseSymbol(text)
        if (symbol) expect(parseSymbol(symbol.canonical)).toEqual(symbol)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('in a draft', () => {
  test('a recognised symbol is printed canonically in every format, with no message', () => {
    const draft = parse(draftText('1. Text.', 'title: T\nsymbol:   cicte/res.1/17\ndate: 2017-04-07'))
    expect(messages(draft)).toEqual([])
    expect(draft.meta?.symbol).toBe('CICTE/RES. 1/17')
    const { doc } = resolve(draft, CLEAN)
    expect(txt(doc)).toMatch(/^ +CICTE\/RES\. 1\/17$/m)
    expect(md(doc)).toContain('\nsymbol: CICTE/RES. 1/17\n')
  })

  test('an unrecognised symbol is a warning at its value in the front matter, printed as written', () => {
    const draft = parse(draftText('1. Text.', 'title: T\nlang: es\nsymbol: CICTE/INFORME 3'))
    expect(draft.failed).toBe(false)
    expect(messages(draft)).toEqual(['4:9 warning symbol-unrecognised'])
    expect(draft.file.messages[0]?.reason).toContain('`CICTE/INFORME 3`')
    expect(draft.meta?.symbol).toBe('CICTE/INFORME 3')
    expect(txt(resolve(draft, CLEAN).doc)).toMatch(/^ +CICTE\/INFORME 3$/m)
  })

  test('the place is exact for a quoted symbol and with --strict still a warning', () => {
    const draft = parse(draftText('1. Text.', 'title: T\nsymbol:    "X/Y"'), { strict: true })
    expect(messages(draft)).toEqual(['3:12 warning symbol-unrecognised'])
    expect(draft.failed).toBe(false)
  })

  test('a draft without a symbol has no symbol message', () => {
    expect(messages(parse(draftText('1. Text.')))).toEqual([])
  })
})
