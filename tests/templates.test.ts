// templates/: the delegation registry, locales and layouts are data, read and checked here.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import yaml from 'js-yaml'
import { describe, expect, test } from 'vitest'
import { LANGUAGES } from '../src/draft/frontmatter.js'
import { dateParts, intlDateParts, footnoteMark, frame, numberLabel, pageNumberText } from '../src/layout/compose.js'
import { READ_AHEAD_FILE, readAhead, readAheadEntries, setReadAhead } from '../src/layout/ahead.js'
import { DEFAULT_TEMPLATES, shippedReadAhead, Templates, TemplateError } from '../src/layout/load.js'
import type { DocumentModel } from '../src/model/types.js'
import { CLEAN, delegation, parseOk, resolve, templates } from './helpers.js'

describe('the delegation registry', () => {
  const registry = templates.registry()
  const states = registry.entries.filter((e) => e.kind === 'state')

  test('has the 35 OAS member states keyed by ISO alpha-3, plus Chair and Secretariat', () => {
    expect(states).toHaveLength(35)
    for (const state of states) expect(state.code).toMatch(/^[A-Z]{3}$/)
    expect(registry.has('Chair')).toBe(true)
    expect(registry.has('Secretariat')).toBe(true)
  })

  test('knows the codes the seeds use, through aliases', () => {
    expect(registry.get('US')?.code).toBe('USA')
    expect(registry.get('COL')?.en.name).toBe('Colombia')
    expect(registry.get('MEX')?.es.name).toBe('México')
  })

  test('knows the codes the Spanish and Portuguese versions write: EUA (Estados Unidos de América), RD', () => {
    expect(['US', 'EUA'].map((code) => registry.get(code)?.code)).toEqual(['USA', 'USA'])
    expect(['DR', 'RD'].map((code) => registry.get(code)?.code)).toEqual(['DOM', 'DOM'])
  })

  test('names every delegation in English, Spanish, French and Portuguese', () => {
    for (const entry of registry.entries) for (const lang of ['en', 'es', 'fr', 'pt'] as const) expect(entry[lang].name.length).toBeGreaterThan(1)
    expect(['en', 'es', 'fr', 'pt'].map((l) => registry.get('US')![l as 'en'].of)).toEqual([
      'of the United States',
      'de los Estados Unidos',
      'des États-Unis',
      'dos Estados Unidos',
    ])
  })

  test('knows the three-letter codes drafters type for each member state (OAS and sports bodies)', () => {
    const customary: Record<string, string> = {
      ANT: 'ATG', BAH: 'BHS', BAR: 'BRB', BIZ: 'BLZ', CHI: 'CHL', CRC: 'CRI', ESA: 'SLV', GRN: 'GRD', GUA: 'GTM', HAI: 'HTI',
      HON: 'HND', NCA: 'NIC', PAR: 'PRY', SKN: 'KNA', VIN: 'VCT', TRI: 'TTO', URU: 'URY', LCA: 'LCA', DMA: 'DMA', TTO: 'TTO',
    }
    for (const [typed, iso] of Object.entries(customary)) expect([typed, registry.get(typed)?.code]).toEqual([typed, iso])
  })

  test('no code or alias names two delegations, in the shipped registry', () => {
    // The Registry refuses a code listed twice (below); this reads the file itself, so that a
    // registry edited by hand is held to it even before oasgen loads it.
    const raw = readFileSync(join(DEFAULT_TEMPLATES, 'delegations.yaml'), 'utf8')
    const named = new Map<string, string[]>()
    let entry = ''
    for (const line of raw.split('\n')) {
      const key = /^(\w+):\s*$/.exec(line)
      if (key) named.set(key[1]!, [...(named.get(key[1]!) ?? []), (entry = key[1]!)])
      const aliases = /^ {2}aliases: \[(.*)\]/.exec(line)
      for (const alias of aliases?.[1]?.split(',').map((a) => a.trim()).filter(Boolean) ?? []) named.set(alias, [...(named.get(alias) ?? []), entry])
    }
    expect([...named].filter(([, entries]) => entries.length > 1)).toEqual([])
    // Codes differ in case only for entries that are not states (`Chair`, `CHAIR`): never two entries.
    const byUpper = new Map<string, Set<string>>()
    for (const [code, [owner]] of named) byUpper.set(code.toUpperCase(), new Set([...(byUpper.get(code.toUpperCase()) ?? []), owner!]))
    expect([...byUpper].filter(([, owners]) => owners.size > 1)).toEqual([])
    expect(named.size).toBe(registry.codes().length)
  })

  test('the Chair, the Secretariat and CARICOM have headings of their own in every language', () => {
    const headings = (code: string) => (['en', 'es', 'fr', 'pt'] as const).map((lang) => registry.get(code)![lang].heading)
    expect(headings('Chair')).toEqual(['Proposals of the Chair', 'Propuestas de la Presidencia', 'Propositions de la Présidence', 'Propostas da Presidência'])
    expect(headings('Secretariat')).toEqual(['Proposals of the Secretariat', 'Propuestas de la Secretaría', 'Propositions du Secrétariat', 'Propostas da Secretaria'])
    expect(headings('CARICOM')).toEqual(['Proposals of CARICOM', 'Propuestas de la CARICOM', 'Propositions de la CARICOM', 'Propostas da CARICOM'])
    for (const entry of registry.entries.filter((e) => e.kind !== 'state')) for (const lang of ['en', 'es', 'fr', 'pt'] as const) expect(entry[lang].heading).toBeTruthy()
  })

  test('an entry that is not a state with no heading is a template error', () => {
    const dir = copyTemplates()
    writeFileSync(join(dir, 'delegations.yaml'), 'SICA:\n  kind: group\n  en: {name: a, of: b}\n  es: {name: a, of: b}\n  fr: {name: a, of: b}\n  pt: {name: a, of: b}\n')
    expect(() => new Templates(dir).registry()).toThrow(/en\.heading: a group is not a state's delegation/)
  })

  test('the articles the OAS writes before country names', () => {
    const of = (code: string) => (['es', 'fr', 'pt'] as const).map((lang) => registry.get(code)![lang].of)
    expect(of('ECU')).toEqual(['del Ecuador', "de l'Équateur", 'do Equador'])
    expect(of('PER')).toEqual(['del Perú', 'du Pérou', 'do Peru'])
    expect(of('ARG')).toEqual(['de la Argentina', "de l'Argentine", 'da Argentina'])
    expect(of('BRA')).toEqual(['del Brasil', 'du Brésil', 'do Brasil'])
    expect(of('CAN')).toEqual(['del Canadá', 'du Canada', 'do Canadá'])
    expect(of('PRY')).toEqual(['del Paraguay', 'du Paraguay', 'do Paraguai'])
    expect(of('URY')).toEqual(['del Uruguay', "de l'Uruguay", 'do Uruguai'])
    expect(of('BHS')).toEqual(['de las Bahamas', 'des Bahamas', 'das Bahamas'])
    expect(of('CRI')).toEqual(['de Costa Rica', 'du Costa Rica', 'da Costa Rica'])
    expect(of('TTO')).toEqual(['de Trinidad y Tobago', 'de la Trinité-et-Tobago', 'de Trinidad e Tobago'])
    expect(of('COL')).toEqual(['de Colombia', 'de la Colombie', 'da Colômbia'])
  })

  test('a code listed twice is a template error', () => {
    const dir = copyTemplates()
    writeFileSync(
      join(dir, 'delegations.yaml'),
      'USA:\n  kind: state\n  aliases: [US]\n  en: {name: a, of: b}\n  es: {name: a, of: b}\n  fr: {name: a, of: b}\n  pt: {name: a, of: b}\nUS:\n  kind: state\n  en: {name: a, of: b}\n  es: {name: a, of: b}\n  fr: {name: a, of: b}\n  pt: {name: a, of: b}\n',
    )
    expect(() => new Templates(dir).registry()).toThrow(/US is listed twice/)
  })
})

function copyTemplates(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oasgen-templates-'))
  cpSync(DEFAULT_TEMPLATES, dir, { recursive: true })
  return dir
}

describe('locales', () => {
  test.each([
    ['en', { day: '7', month: 'April', year: '2017' }],
    ['es', { day: '7', month: 'abril', year: '2017' }],
    ['fr', { day: '7', month: 'avril', year: '2017' }],
    ['pt', { day: '7', month: 'abril', year: '2017' }],
  ] as const)('dates in %s come from Intl in UTC', (lang, parts) => {
    expect(dateParts('2017-04-07', lang)).toEqual(parts)
  })

  test('the months oasgen knows are those Intl writes, and so is every part of any date a document bears', () => {
    for (const lang of LANGUAGES) {
      for (let month = 1; month <= 12; month++) {
        const iso = `2023-${String(month).padStart(2, '0')}-01`
        expect(dateParts(iso, lang)).toEqual(intlDateParts(iso, lang))
      }
    }
    const iso = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(iso, fc.constantFrom(...LANGUAGES), (iso, lang) => {
        expect(dateParts(iso, lang)).toEqual(intlDateParts(iso, lang))
      }),
      { numRuns: 1000 },
    )
    // Other years go to Intl itself.
    expect(dateParts('0999-05-01', 'fr')).toEqual(intlDateParts('0999-05-01', 'fr'))
  })

  const frameOf = (front: string, view = CLEAN) => {
    const { doc } = resolve(parseOk('1. Text.', front), view)
    return frame(doc, templates.layout(doc.meta.template, doc.meta.lang), templates.registry())
  }

  test.each([
    ['en', '7 April 2017', 'Original: English', 'DRAFT RESOLUTION', 'Proposals of the Delegation of Colombia'],
    ['es', '7 abril 2017', 'Original: inglés', 'PROYECTO DE RESOLUCIÓN', 'Propuestas de la Delegación de Colombia'],
    ['fr', '7 avril 2017', 'Original : anglais', 'PROJET DE RÉSOLUTION', 'Propositions de la Délégation de la Colombie'],
    ['pt', '7 abril 2017', 'Original: inglês', 'PROJETO DE RESOLUÇÃO', 'Propostas da Delegação da Colômbia'],
  ])('labels in %s', (lang, date, original, draft, proposals) => {
    const f = frameOf(`title: t\nlang: ${lang}\noriginal: en\ndate: 2017-04-07\ndraft: true`, delegation('COL'))
    expect(f.right).toEqual([date, original])
    expect(f.title.map((l) => l.text)).toEqual([draft, 'T', proposals])
  })

  test.each([
    ['en', '1 April 2017', 'April 1, 2017'],
    ['es', '1 abril 2017', '1 de abril de 2017'],
    ['fr', '1er avril 2017', '1er avril 2017'],
    ['pt', '1º abril 2017', '1º de abril de 2017'],
  ])('the first of the month in %s: %s, %s', (lang, header, text) => {
    const layout = templates.layout('resolution', lang as 'en')
    const f = frameOf(`title: t\nlang: ${lang}\ndate: 2017-04-01`)
    expect(f.right[0]).toBe(header)
    // The text date, through a layout template that prints it.
    const custom = { ...layout, footer: { ...layout.footer, firstPage: '{{textDate date}}' } }
    const { doc } = resolve(parseOk('1. Text.', `title: t\nlang: ${lang}\ndate: 2017-04-01`), CLEAN)
    expect(frame(doc, custom, templates.registry()).firstPageFooter).toBe(text)
    // Other days are numbers.
    expect(frameOf(`title: t\nlang: ${lang}\ndate: 2017-04-11`).right[0]).toMatch(/^11 /)
  })

  test.each([
    ['en', 'URU', 'Proposals of the Delegation of Uruguay'],
    ['es', 'URU', 'Propuestas de la Delegación del Uruguay'],
    ['es', 'ECU', 'Propuestas de la Delegación del Ecuador'],
    ['fr', 'CHI', 'Propositions de la Délégation du Chili'],
    ['pt', 'PAR', 'Propostas da Delegação do Paraguai'],
    ['en', 'Chair', 'Proposals of the Chair'],
    ['es', 'Chair', 'Propuestas de la Presidencia'],
    ['fr', 'Chair', 'Propositions de la Présidence'],
    ['pt', 'Chair', 'Propostas da Presidência'],
    ['en', 'CARICOM', 'Proposals of CARICOM'],
    ['es', 'Secretariat', 'Propuestas de la Secretaría'],
  ])('the heading of a delegation view in %s, for %s: %s', (lang, code, heading) => {
    const f = frameOf(`title: t\nlang: ${lang}`, delegation(code))
    expect(f.title.map((l) => l.text)).toEqual(['T', heading])
  })

  test.each([
    ['en', 'Proposals of the Delegation of G20'],
    ['es', 'Propuestas de la Delegación de G20'],
    ['fr', 'Propositions de la Délégation de G20'],
    ['pt', 'Propostas da Delegação de G20'],
  ])('a delegation the registry does not know, in %s: %s', (lang, heading) => {
    const f = frameOf(`title: t\nlang: ${lang}`, delegation('G20'))
    expect(f.title.map((l) => l.text)).toEqual(['T', heading])
  })

  test('number labels: 1. a. i. in English, 1. a) i) in Spanish', () => {
    const en = templates.layout('resolution', 'en')
    const es = templates.layout('resolution', 'es')
    expect([1, 2, 3].map((level) => numberLabel(en, level, 2))).toEqual(['2.', 'b.', 'ii.'])
    expect([1, 2, 3].map((level) => numberLabel(es, level, 4))).toEqual(['4.', 'd)', 'iv)'])
    expect(numberLabel(en, 2, 27)).toBe('aa.')
  })

  test('page numbers from page 2, footnote marks as 1/', () => {
    const layout = templates.layout('resolution', 'en')
    expect([1, 2, 10].map((p) => pageNumberText(layout, p))).toEqual(['', '- 2 -', '- 10 -'])
    expect(footnoteMark(layout, 3)).toBe('3/')
  })
})

describe('layouts', () => {
  test('the shipped layouts', () => {
    expect(templates.layouts()).toEqual(expect.arrayContaining(['resolution', 'working-paper']))
  })

  test('each header line is left out when its field is absent', () => {
    const { doc } = resolve(parseOk('1. Text.', 'title: t'), CLEAN)
    const f = frame(doc, templates.layout('resolution', 'en'), templates.registry())
    expect(f).toEqual({ organ: '', left: [], right: ['Original: English'], title: [{ style: 'title', text: 'T' }], firstPageFooter: '' })
  })

  test('the working paper prints no symbol above the title', () => {
    const { doc } = resolve(parseOk('1. Text.', 'title: t\ntemplate: working-paper\nsymbol: CP/CSH-1953/20 rev. 1'), CLEAN)
    const f = frame(doc, templates.layout('working-paper', 'en'), templates.registry())
    expect(f.right).toContain('CP/CSH-1953/20 rev. 1')
    expect(f.title.map((l) => l.style)).toEqual(['title'])
  })

  test('a layout added in a templates folder works without code, extending another', () => {
    const dir = copyTemplates()
    mkdirSync(join(dir, 'layouts', 'note-verbale'))
    writeFileSync(
      join(dir, 'layouts', 'note-verbale', 'layout.yaml'),
      'extends: resolution\ndescription: A note\nkind: resolution\ntitle:\n  - { style: title, text: "NOTE: {{upper title}} ({{headerDate date}})" }\n',
    )
    const custom = new Templates(dir)
    expect(custom.layouts()).toContain('note-verbale')
    const doc: DocumentModel = { ...resolve(parseOk('1. Text.', 'title: t\ndate: 2020-01-02'), CLEAN).doc }
    const f = frame(doc, custom.layout('note-verbale', 'en'), custom.registry())
    expect(f.title).toEqual([{ style: 'title', text: 'NOTE: T (2 January 2020)' }])
  })

  test('a misspelt field in a layout template is an error, not an empty line', () => {
    const dir = copyTemplates()
    writeFileSync(join(dir, 'layouts', 'resolution', 'layout.yaml'), readFileSync(join(DEFAULT_TEMPLATES, 'layouts', 'resolution', 'layout.yaml'), 'utf8').replace('"{{series}}"', '"{{seires}}"'))
    const custom = new Templates(dir)
    const { doc } = resolve(parseOk('x'), CLEAN)
    expect(() => frame(doc, custom.layout('resolution', 'en'), custom.registry())).toThrow(/seires/)
  })

  test('an invalid layout file is a template error naming the file and field', () => {
    const dir = copyTemplates()
    writeFileSync(join(dir, 'layouts', 'working-paper', 'layout.yaml'), 'extends: resolution\npage: { size: [1] }\n')
    expect(() => new Templates(dir).layout('working-paper', 'en')).toThrow(TemplateError)
    expect(() => new Templates(dir).layout('working-paper', 'en')).toThrow(/layouts\/working-paper\/layout.yaml is not valid:\n {2}page/)
  })
})

describe('the shipped templates read ahead by the build (dist/templates.json)', () => {
  const yamlFiles = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.yaml'))
  const everything = (t: Templates) => ({
    registry: t.registry().entries,
    locales: LANGUAGES.map((lang) => t.locale(lang)),
    layouts: t.layouts().flatMap((name) => LANGUAGES.map((lang) => t.layout(name, lang))),
  })

  test('holds every YAML file of templates/, each with the value reading it gives', () => {
    const built = new Map(JSON.parse(readFileSync(READ_AHEAD_FILE, 'utf8')) as Array<[string, string]>)
    const files = yamlFiles(DEFAULT_TEMPLATES)
    expect(files.length).toBeGreaterThanOrEqual(9)
    for (const name of files) {
      const text = readFileSync(join(DEFAULT_TEMPLATES, name), 'utf8')
      expect(built.has(text)).toBe(true)
      expect(readAhead(text)).toEqual(yaml.load(text, { schema: yaml.CORE_SCHEMA }))
    }
    expect(new Map(shippedReadAhead())).toEqual(built)
  })

  test('templates read ahead are the templates read as YAML: registry, locales, every layout in every language', () => {
    const ahead = everything(new Templates())
    setReadAhead(false)
    try {
      expect(everything(new Templates())).toEqual(ahead)
    } finally {
      setReadAhead(true)
    }
  })

  test('a file edited (or of another folder) is read as YAML; the others of its folder still ahead', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oasgen-ahead-'))
    cpSync(DEFAULT_TEMPLATES, dir, { recursive: true })
    const file = join(dir, 'delegations.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('en: { name: Argentina,', 'en: { name: Argentine Republic,'))
    const edited = new Templates(dir)
    expect(edited.registry().get('ARG')?.en.name).toBe('Argentine Republic')
    expect(readAhead(readFileSync(file, 'utf8'))).toBeUndefined()
    expect(readAhead(readFileSync(join(dir, 'locales', 'en.yaml'), 'utf8'))).toBeDefined()
    expect(edited.locale('en')).toEqual(templates.locale('en'))
  })

  test('a value JSON would not give back exactly is not kept', () => {
    const entries = readAheadEntries(['a: .nan\n', 'b: -0.0\n', 'c: -.inf\n', 'd: [1, x]\n'], (text) => yaml.load(text, { schema: yaml.CORE_SCHEMA }))
    expect(entries).toEqual([['d: [1, x]\n', '{"d":[1,"x"]}']])
  })
})
