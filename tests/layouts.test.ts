/**
 * Every layout in every language: the two shipped drafts re-targeted at each layout and
 * language render the seeds' structure with that layout's and language's labels, in txt and
 * docx, and in pdf and html where their renderers exist. Then the Spanish forms, the registry's names in the
 * delegation subtitle, and a layout added in a templates folder without code, through the CLI.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { extractText, getDocumentProxy } from 'unpdf'
import { describe, expect, test } from 'vitest'
import { LANGUAGES, type Language } from '../src/draft/frontmatter.js'
import { DEFAULT_TEMPLATES } from '../src/layout/load.js'
import { skeleton } from '../src/layout/skeleton.js'
import { render as renderDocx } from '../src/render/docx/index.js'
import { render as renderHtml } from '../src/render/html/index.js'
import { render as renderPdf } from '../src/render/pdf/index.js'
import { renderText } from '../src/render/txt.js'
import type { RenderInput } from '../src/render/types.js'
import type { View } from '../src/view/views.js'
import { BRACKETED, CLEAN, cli, delegation, input, parse, resolve, tempDir, templates } from './helpers.js'

const LAYOUTS = ['resolution', 'declaration', 'working-paper', 'committee'] as const
type LayoutName = (typeof LAYOUTS)[number]


/** A shipped draft with its front matter's `template:` and `lang:` replaced (and `draft: true`). */
function retarget(text: string, layout: string, lang: Language): string {
  const out = text.replace(/^template: .*$/m, `template: ${layout}`).replace(/^lang: .*$/m, `lang: ${lang}\ndraft: true`)
  expect(out).toContain(`template: ${layout}\n`)
  return out
}

function renderInput(text: string, view: View): RenderInput {
  const draft = parse(text)
  expect(draft.file.messages.filter((m) => m.fatal !== undefined)).toEqual([])
  const { doc } = resolve(draft, view)
  return { doc, layout: templates.layout(doc.meta.template, doc.meta.lang), registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn: () => {} } }
}

/** The text of a docx: one line per paragraph of the document (header block, body), then the footnotes. */
function docxText(bytes: Uint8Array): string {
  const files = unzipSync(bytes)
  const part = (name: string) => (files[name] ? strFromU8(files[name]) : '')
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
  const paragraphs = (xml: string) =>
    [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) =>
      [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => (m[1] === undefined ? '\t' : decode(m[1]))).join(''),
    )
  return [...paragraphs(part('word/document.xml')), ...paragraphs(part('word/footnotes.xml'))].join('\n')
}

/** The level texts of the docx numbering definitions (`%1.`, `%2)` …). */
function docxLevelTexts(bytes: Uint8Array): string[] {
  const xml = strFromU8(unzipSync(bytes)['word/numbering.xml']!)
  return [...new Set([...xml.matchAll(/<w:lvlText w:val="([^"]*)"/g)].map((m) => m[1]!))]
}


/** The visible text of a page, roughly: the body without tags, entities decoded. */
function htmlText(bytes: Uint8Array): string {
  const html = new TextDecoder().decode(bytes)
  const body = html.replace(/^[\s\S]*?<body[^>]*>/, '').replace(/<(style|script)[\s\S]*?<\/\1>/g, '')
  return body
    .replace(/<\/(p|div|li|h\d|header|section|td|tr|table)>|<br\s*\/?>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&')
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })
  return text
}

/** Words in reading order, whatever the line breaks: for formats that wrap lines. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim()

const HEADER_DATE = {
  cicte: { en: '7 April 2017', es: '7 abril 2017', fr: '7 avril 2017', pt: '7 abril 2017' },
  csh: { en: '27 July 2021', es: '27 julio 2021', fr: '27 juillet 2021', pt: '27 julho 2021' },
} as const
/** CICTE's original is English; the CSH draft gives none, so its original is the document's language. */
const ORIGINAL = {
  cicte: { en: 'Original: English', es: 'Original: inglés', fr: 'Original : anglais', pt: 'Original: inglês' },
  csh: { en: 'Original: English', es: 'Original: español', fr: 'Original : français', pt: 'Original: português' },
} as const
const DRAFT_LABEL = {
  resolution: { en: 'DRAFT RESOLUTION', es: 'PROYECTO DE RESOLUCIÓN', fr: 'PROJET DE RÉSOLUTION', pt: 'PROJETO DE RESOLUÇÃO' },
  declaration: { en: 'DRAFT DECLARATION', es: 'PROYECTO DE DECLARACIÓN', fr: 'PROJET DE DÉCLARATION', pt: 'PROJETO DE DECLARAÇÃO' },
} as const
const PROPOSALS_OF_COLOMBIA = {
  en: 'Proposals of the Delegation of Colombia',
  es: 'Propuestas de la Delegación de Colombia',
  fr: 'Propositions de la Délégation de la Colombie',
  pt: 'Propostas da Delegação da Colômbia',
} as const
const SUB_LABEL = { en: 'a.', es: 'a)', fr: 'a)', pt: 'a)' } as const

const kindOf = (layout: LayoutName) => (layout === 'declaration' ? 'declaration' : 'resolution')
/** Resolutions and declarations repeat the symbol above the title; the others do not. */
const symbolAboveTitle = (layout: LayoutName) => layout === 'resolution' || layout === 'declaration'

const CICTE_TITLE = 'ESTABLISHMENT OF A WORKING GROUP ON COOPERATION AND CONFIDENCE-BUILDING MEASURES IN CYBERSPACE'
const CSH_TITLE = 'PROPOSED TEXT TO BE INCLUDED IN THE OMNIBUS RESOLUTION OF THE CSH'

/**
 * What every format must print for one layout and language: the header block's lines (in any
 * order: formats read its two columns differently), then the rest in reading order.
 */
interface Expected {
  header: string[]
  rest: string[]
}

/** The symbol is printed in the header block, and again above the title by the layouts that repeat it. */
function expectSymbols(text: string, layout: LayoutName, lang: Language): void {
  expect(count(text, 'CICTE/RES. 1/17')).toBe(symbolAboveTitle(layout) ? 2 : 1)
  expect(text.lastIndexOf('CICTE/RES. 1/17')).toBeLessThan(text.indexOf(DRAFT_LABEL[kindOf(layout)][lang]))
}

function expectedCicte(layout: LayoutName, lang: Language): Expected {
  return {
    header: ['INTER-AMERICAN COMMITTEE AGAINST TERRORISM', 'SEVENTEENTH REGULAR SESSION', 'CICTE/RES. 1/17', HEADER_DATE.cicte[lang], ORIGINAL.cicte[lang]],
    rest: [
    DRAFT_LABEL[kindOf(layout)][lang],
    CICTE_TITLE,
    '(Adopted at the sixth plenary session, held on April 7, 2017)',
    'THE MEMBER STATES OF THE INTER-AMERICAN COMMITTEE AGAINST TERRORISM',
    'TAKING INTO ACCOUNT that in CICTE/DEC. 1/16',
    'RESOLVES:',
    'To establish a “Working Group',
    'That the first meeting of this Working Group will convene',
    ],
  }
}

function expectedCsh(layout: LayoutName, lang: Language, view: 'bracketed' | 'COL'): Expected {
  return {
    header: ['PERMANENT COUNCIL OF THE ORGANIZATION OF AMERICAN STATES', 'COMMITTEE ON HEMISPHERIC SECURITY', HEADER_DATE.csh[lang], ORIGINAL.csh[lang]],
    rest: [
    DRAFT_LABEL[kindOf(layout)][lang],
    CSH_TITLE,
    '(Considered at the third meeting of the Working Group on July 27, 2021)',
    ...(view === 'COL' ? [PROPOSALS_OF_COLOMBIA[lang]] : []),
    'To urge member states',
    '[COL: [To request that the Secretariat',
    ...(view === 'bracketed' ? ['[US: To endorse the 2021 consensus reports', '[MEX: the GGE GEG]'] : ['[COL: contained set out]']),
    'To convene the Fourth Meeting',
    ],
  }
}

/**
 * The header's lines all come before the rest, which comes in order; spaces aside (the txt wraps
 * a long line of the title area into centred lines).
 */
function expectDocument(wrapped: string, expected: Expected): void {
  const spaced = (t: string) => t.replace(/\s+/g, ' ')
  const text = spaced(wrapped)
  const header = expected.header.map(spaced)
  const rest = expected.rest.map(spaced)
  const start = text.indexOf(rest[0]!)
  expect(start, `«${rest[0]}» in:\n${text}`).toBeGreaterThanOrEqual(0)
  for (const line of header) {
    const found = text.indexOf(line)
    expect(found >= 0 && found < start, `«${line}» before «${rest[0]}» in:\n${text}`).toBe(true)
  }
  expectInOrder(text.slice(start), rest)
}

/** Each expected piece occurs, in order. */
function expectInOrder(text: string, pieces: string[]): void {
  let at = 0
  for (const piece of pieces) {
    const found = text.indexOf(piece, at)
    expect(found, `«${piece}» after position ${at} in:\n${text}`).toBeGreaterThanOrEqual(0)
    at = found + piece.length
  }
}

const count = (text: string, piece: string) => text.split(piece).length - 1

describe.each(LAYOUTS)('the %s layout', (layout) => {
  describe.each(LANGUAGES)('in %s', (lang) => {
    const cicte = renderInput(retarget(input('cicte-res-1-17.md'), layout, lang), CLEAN)
    const csh = renderInput(retarget(input('csh-omnibus-cyber-2021.md'), layout, lang), BRACKETED)
    const cshCol = renderInput(retarget(input('csh-omnibus-cyber-2021.md'), layout, lang), delegation('COL'))

    test('txt: header block, title area and body with the labels of the layout and language', () => {
      const text = renderText(cicte)
      expectDocument(text, expectedCicte(layout, lang))
      expectSymbols(text, layout, lang)
      expect(text).toMatch(/^4\. That the first meeting/m)
      expectDocument(renderText(csh), expectedCsh(layout, lang, 'bracketed'))
      expectDocument(renderText(cshCol), expectedCsh(layout, lang, 'COL'))
      expect(renderText(csh)).toMatch(/^5\. To convene/m)
      expect(renderText(cshCol)).toMatch(/^5\. To convene/m) // the US proposal stays, for context
    })

    test('txt: the committee layout puts the organ at the head of the left column; the others centre it', () => {
      const [first] = renderText(cicte).split('\n')
      if (layout === 'committee') expect(first).toMatch(/^INTER-AMERICAN COMMITTEE AGAINST TERRORISM {4,}OEA\/Ser\.L\/X\.2\.17$/)
      else expect(first).toMatch(/^ {10,}INTER-AMERICAN COMMITTEE AGAINST TERRORISM$/)
    })

    test('docx: the same words, paragraph by paragraph, and the language’s sub-paragraph labels', async () => {
      const bytes = await renderDocx(cicte)
      const text = docxText(bytes)
      expectDocument(text, expectedCicte(layout, lang))
      expectSymbols(text, layout, lang)
      expectDocument(docxText(await renderDocx(csh)), expectedCsh(layout, lang, 'bracketed'))
      expectDocument(docxText(await renderDocx(cshCol)), expectedCsh(layout, lang, 'COL'))
      expect(docxLevelTexts(bytes)).toEqual(expect.arrayContaining(['%1.', `%2${SUB_LABEL[lang].slice(1)}`]))
    })

    test('pdf: the same words in reading order', async () => {
      const text = flat(await pdfText(await renderPdf(cicte)))
      expectDocument(text, expectedCicte(layout, lang))
      expectSymbols(text, layout, lang)
      expectDocument(flat(await pdfText(await renderPdf(csh))), expectedCsh(layout, lang, 'bracketed'))
      expectDocument(flat(await pdfText(await renderPdf(cshCol))), expectedCsh(layout, lang, 'COL'))
    })

    test('html: the same words in reading order', async () => {
      const text = flat(htmlText(await renderHtml(cicte)))
      expectDocument(text, expectedCicte(layout, lang))
      expectSymbols(text, layout, lang)
      expectDocument(flat(htmlText(await renderHtml(csh))), expectedCsh(layout, lang, 'bracketed'))
      expectDocument(flat(htmlText(await renderHtml(cshCol))), expectedCsh(layout, lang, 'COL'))
    })

    test('a new draft renders with the locale’s keyword, sub-paragraph label and dates', () => {
      const draft = renderInput(skeleton(templates, layout, lang), CLEAN)
      const text = renderText(draft)
      const keyword = templates.locale(lang).labels.operative[kindOf(layout)]!
      if (layout !== 'working-paper') expect(text).toContain(`\n${keyword}\n`)
      expect(text).toMatch(new RegExp(`^ {4}${SUB_LABEL[lang].replace('.', '\\.').replace(')', '\\)')} \\S`, 'm'))
      expect(text).toMatch(/^2\. .*\.1\/$/m) // the footnote mark
      expect(text).toMatch(/^1\. \S/m) // the footnote
      expect(text).toContain({ en: '1 January 2026', es: '1 enero 2026', fr: '1er janvier 2026', pt: '1º janeiro 2026' }[lang])
    })
  })
})


describe('Spanish', () => {
  test('header date 7 abril 2017, PROYECTO DE RESOLUCIÓN, Original: inglés', () => {
    const text = renderText(renderInput(retarget(input('cicte-res-1-17.md'), 'resolution', 'es'), CLEAN))
    expect(text).toMatch(/ 7 abril 2017\n/)
    expect(text).toMatch(/^ +PROYECTO DE RESOLUCIÓN$/m)
    expect(text).toMatch(/ Original: inglés\n/)
  })

  test('a new Spanish draft: RESUELVE:, sub-paragraph a), 1 enero 2026 in the header, the text date as written', () => {
    const source = skeleton(templates, 'resolution', 'es')
    expect(source).toContain('\nRESUELVE:\n')
    const text = renderText(renderInput(source, CLEAN))
    expect(text).toContain('\nRESUELVE:\n\n1. Solicitar a la Secretaría General que:\n\n    a) apoye a los Estados Miembros en este ámbito.\n\n2. ')
    expect(text).toMatch(/ 1 enero 2026\n/)
    expect(text).toContain('(Considerado en la primera sesión, celebrada el 1 de enero de 2026)')
    expect(text).toMatch(/^ +PROYECTO DE RESOLUCIÓN$/m)
    expect(text).toMatch(/^ +TÍTULO DE LA RESOLUCIÓN$/m)
  })

  test('a new Spanish declaration: DECLARA: and PROYECTO DE DECLARACIÓN', () => {
    const text = renderText(renderInput(skeleton(templates, 'declaration', 'es'), CLEAN))
    expect(text).toContain('\nDECLARA:\n')
    expect(text).toMatch(/^ +PROYECTO DE DECLARACIÓN$/m)
    expect(text).toMatch(/^ +AG\/DEC\. 1 \(LVI-O\/26\)$/m)
  })
})

describe('the registry names the delegations in the subtitle of their view, in four languages', () => {
  const names = {
    US: ['Proposals of the Delegation of the United States', 'Propuestas de la Delegación de los Estados Unidos', 'Propositions de la Délégation des États-Unis', 'Propostas da Delegação dos Estados Unidos'],
    MEX: ['Proposals of the Delegation of Mexico', 'Propuestas de la Delegación de México', 'Propositions de la Délégation du Mexique', 'Propostas da Delegação do México'],
    COL: Object.values(PROPOSALS_OF_COLOMBIA),
  }
  test.each(Object.entries(names))('%s', async (code, expected) => {
    for (const [i, lang] of LANGUAGES.entries()) {
      const doc = renderInput(retarget(input('csh-omnibus-cyber-2021.md'), 'working-paper', lang), delegation(code))
      expect(renderText(doc)).toMatch(new RegExp(`^ +${expected[i]}$`, 'm'))
      expect(docxText(await renderDocx(doc)).split('\n')).toContain(expected[i])
    }
  })
})

describe('a layout added in a templates folder, without code, through the CLI', () => {
  test('layouts lists it, new writes a draft for it, build renders it with its own lines', async () => {
    const dir = tempDir('oasgen-layouts-')
    const folder = join(dir, 'templates')
    cpSync(DEFAULT_TEMPLATES, folder, { recursive: true })
    mkdirSync(join(folder, 'layouts', 'cicte-declaration'))
    writeFileSync(
      join(folder, 'layouts', 'cicte-declaration', 'layout.yaml'),
      [
        '# A CICTE declaration: the organ above the title instead of the header block.',
        'extends: declaration',
        'description: Declaration of CICTE, its name above the title',
        'header:',
        '  organ: ""',
        'title:',
        '  - { style: symbol, text: "{{symbol}}" }',
        '  - { style: organ, text: "{{organ}}" }',
        '  - { style: draft-label, text: "{{#if draft}}{{lookup t.draft kind}}{{/if}}" }',
        '  - { style: title, text: "{{upper title}}" }',
        'skeleton:',
        '  symbol: CICTE/DEC. 1/26',
        '  job: CICTE00001',
        '',
      ].join('\n'),
    )

    const listed = await cli(['layouts', '--templates', folder], dir)
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/^ {2}cicte-declaration +Declaration of CICTE, its name above the title$/m)

    const written = await cli(['new', 'drafts/dec.md', '--layout', 'cicte-declaration', '--lang', 'pt', '--templates', folder], dir)
    expect(written.stderr).toBe('')
    expect(written.code).toBe(0)
    const source = readFileSync(join(dir, 'drafts', 'dec.md'), 'utf8')
    expect(source).toMatch(/^---\ntemplate: cicte-declaration\nlang: pt\n/)
    expect(source).toContain('symbol: CICTE/DEC. 1/26\n')

    const built = await cli(['build', 'drafts', '--templates', folder, '--format', 'txt,docx', '--view', 'clean', '--out', 'out'], dir)
    expect(built.stderr).toBe('')
    expect(built.code).toBe(0)
    const text = readFileSync(join(dir, 'out', 'dec.clean.txt'), 'utf8')
    expectInOrder(text, ['CICTE/DEC. 1/26', '1º janeiro 2026', 'Original: português', 'CICTE/DEC. 1/26', 'ASSEMBLEIA GERAL', 'PROJETO DE DECLARAÇÃO', 'TÍTULO DA DECLARAÇÃO', 'A ASSEMBLEIA GERAL,', 'DECLARA:', '    a) apoie'])
    expect(text.split('\n')[0]).not.toContain('ASSEMBLEIA GERAL')
    expectInOrder(docxText(readFileSync(join(dir, 'out', 'dec.clean.docx'))), ['CICTE/DEC. 1/26', 'ASSEMBLEIA GERAL', 'PROJETO DE DECLARAÇÃO', 'DECLARA:'])
  })
})
