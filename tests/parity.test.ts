// Issue 15: parity of language versions (src/parity/, `oasgen parity`, `oasgen check` on a set).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { DraftSource } from '../src/build.js'
import type { ParsedDraft } from '../src/draft/parse.js'
import { checkSet, findSets, type SetReport } from '../src/parity/index.js'
import { figuresOfText } from '../src/parity/figures.js'
import { body as bodies, richBody } from './arbitraries.js'
import { ROOT, cli, folderWith, parse, templates } from './helpers.js'

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'parity')
const LANGS = ['en', 'es', 'fr', 'pt'] as const
type Lang = (typeof LANGS)[number]
const fixture = (lang: Lang) => readFileSync(join(FIXTURES, `res-cyber.${lang}.md`), 'utf8')

/** Replaces `from` (which must occur exactly once) with `to`: a mutation that cannot silently miss. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from)
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`\`${from}\` is not in the text exactly once`)
  return text.slice(0, at) + to + text.slice(at + from.length)
}

/** Compares the versions given (path → text) as `oasgen parity` does, in-process. */
function compare(texts: Record<string, string>, options: { reference?: Lang; strict?: boolean } = {}) {
  const sources: DraftSource[] = Object.keys(texts).map((path) => ({ path, file: path, stem: path }))
  const drafts = new Map<string, ParsedDraft>(Object.entries(texts).map(([path, text]) => [path, parse(text, { path })]))
  const [set] = findSets(sources, { together: true })
  const report = checkSet(set!, drafts, { templates, strict: options.strict ?? true, ...(options.reference ? { reference: options.reference } : {}) })
  const messages = [...drafts].flatMap(([path, draft]) =>
    draft.file.messages.filter((m) => m.ruleId?.startsWith('parity-')).map((m) => `${path}:${m.line}:${m.column} ${m.ruleId} ${m.reason}`),
  )
  return { report, messages, texts, drafts }
}

/** The text at a message's place (`path:line:col …`), for checking that it points where it should. */
function textAt(texts: Record<string, string>, message: string): string {
  const [, path, line, column] = /^(.+?):(\d+):(\d+) /.exec(message)!
  return texts[path!]!.split('\n')[Number(line) - 1]!.slice(Number(column) - 1)
}

/** The four fixture versions, one of them changed by `mutate`. */
function fourWith(lang: Lang, mutate: (text: string) => string): Record<string, string> {
  return Object.fromEntries(LANGS.map((l) => [`res-cyber.${l}.md`, l === lang ? mutate(fixture(l)) : fixture(l)]))
}

const cells = (report: SetReport, lang: Lang) => report.rows.flatMap((r) => (r.drifts[lang] ?? []).map((d) => `${r.row}: ${d}`))

describe('four aligned versions', () => {
  test('the en, es, fr and pt versions of the fixture agree: no message, every row ✓', () => {
    const { report, messages } = compare(fourWith('en', (t) => t))
    expect(messages).toEqual([])
    expect(report.reference).toBe('en')
    expect(report.versions.map((v) => [v.lang, v.compared])).toEqual(LANGS.map((l) => [l, true]))
    expect(report.rows.map((r) => r.row)).toEqual(['front matter', 'PP1', 'PP2', 'PP3', 'PP4', 'keyword', 'OP1', 'OP1.a', 'OP1.b', 'OP2', 'OP3', 'OP4', 'OP5', 'OP6', 'FN1'])
    for (const lang of ['es', 'fr', 'pt'] as const) expect(cells(report, lang)).toEqual([])
  })

  test('every version checks cleanly on its own', () => {
    for (const lang of LANGS) expect(parse(fixture(lang)).file.messages.map(String)).toEqual([])
  })

  test('US in one version and EUA (Estados Unidos de América) in another are one delegation (the registry says so)', () => {
    expect(fixture('en')).toContain('[US: and that increase')
    expect(fixture('es')).toContain('[EUA: y que aumenten')
  })
})

describe('a seed translated', () => {
  const SEED_SET = join(ROOT, 'tests', 'fixtures', 'parity-seeds')
  const version = (lang: Lang) => readFileSync(join(SEED_SET, `csh-omnibus-cyber-2021.${lang}.md`), 'utf8')

  test('the CSH working paper in en (the seed draft itself), es, fr and pt: the versions agree, each checks cleanly', async () => {
    expect(version('en')).toBe(readFileSync(join(ROOT, 'inputs', 'csh-omnibus-cyber-2021.md'), 'utf8'))
    for (const lang of LANGS) expect(parse(version(lang)).file.messages.map(String)).toEqual([])
    const result = await cli(['parity', SEED_SET])
    expect([result.code, result.stderr]).toEqual([0, ''])
    expect(result.stdout).toContain('csh-omnibus-cyber-2021: en (reference), es, fr, pt: the versions agree')
    expect(result.stdout).toMatch(/│ OP1–OP5 +│ ✓ +│ ✓ +│ ✓ +│ ✓ +│/)
  })

  test('the bracket COL puts around its own paragraph, lost in pt: one message at the COL proposal', () => {
    const texts = Object.fromEntries(LANGS.map((l) => [`s.${l}.md`, l === 'pt' ? edit(version(l), '[COL: [Solicitar', '[COL: Solicitar').replace('Segurança Internacional].]', 'Segurança Internacional].') : version(l)]))
    const { messages } = compare(texts)
    expect(messages).toEqual(['s.pt.md:18:4 parity-proposal-missing operative paragraph 3: the English text has bracketed text here (OP3.1.1, inside OP3.1); the Portuguese text has none'])
    expect(textAt(texts, messages[0]!).startsWith('[COL: Solicitar')).toBe(true)
  })
})

describe('each mutation is exactly one positioned message', () => {
  test.each<[string, Lang, (t: string) => string, string, string]>([
    [
      'a sponsor dropped in fr',
      'fr',
      (t) => edit(t, '[CAN, US: et', '[CAN: et'),
      '[CAN: et',
      'res-cyber.fr.md:31:54 parity-proposal-sponsors operative paragraph 1.b: the English text has a proposal by CAN, US here (OP1.b.1); the French text has a proposal by CAN (OP1.b.1)',
    ],
    [
      'a proposal moved to the next paragraph in es',
      'es',
      (t) => {
        const proposal = ' [EUA: y que aumenten la cooperación, la transparencia, la previsibilidad y la estabilidad entre los Estados en el uso del ciberespacio]'
        return edit(edit(t, proposal, ''), '(A/70/174)[^us]; y', `(A/70/174)[^us]${proposal}; y`)
      },
      '[EUA: y que',
      'res-cyber.es.md:23:238 parity-proposal-moved preambular paragraph 3: the Spanish text has a proposal by EUA here (PP3.1) that the English text has in preambular paragraph 2 (PP2.1)',
    ],
    [
      'a footnote deleted in pt',
      'pt',
      (t) => edit(edit(t, '(A/70/174)[^us]', '(A/70/174)'), '\n[^us]: Os Estados Unidos aderem ao consenso sobre este parágrafo no entendimento de que os relatórios de 2010, 2013 e 2015 não são vinculantes.\n', ''),
      'CONSIDERANDO',
      'res-cyber.pt.md:23:1 parity-footnote preambular paragraph 3: the English text refers to footnote 1 here; the Portuguese text to none',
    ],
    [
      'a year changed in es',
      'es',
      (t) => edit(t, 'primer semestre de 2022', 'primer semestre de 2023'),
      '2023.',
      'res-cyber.es.md:41:77 parity-figures operative paragraph 6: the English text has 2022 where the Spanish text has 2023',
    ],
    [
      'a sub-paragraph added in es',
      'es',
      (t) => edit(t, '   2. la promoción del Portal', '   2. el intercambio de buenas prácticas; y\n   3. la promoción del Portal'),
      'el intercambio',
      'res-cyber.es.md:31:7 parity-structure the Spanish text has operative paragraph 1.b, which the English text does not have (2 sub-paragraphs of operative paragraph 1 in the English text, 3 in the Spanish text)',
    ],
  ])('%s', (_name, lang, mutate, at, expected) => {
    const { report, messages, texts } = compare(fourWith(lang, mutate))
    expect(messages).toEqual([expected])
    expect(textAt(texts, expected).startsWith(at)).toBe(true)
    expect(report.drifts).toBe(1)
  })

  // [name, version changed, mutation, rule, the text the message points at, what it says]
  test.each<[string, Lang, (t: string) => string, string, string, string]>([
    ['a proposal deleted', 'pt', (t) => edit(t, ' [CHL: ~~antes do~~ no]', ''), 'parity-proposal-missing', 'Solicitar ao Grupo', 'operative paragraph 5: the English text has a proposal by CHL here (OP5.2); the Portuguese text has none'],
    ['a proposal added', 'fr', (t) => edit(t, 'au cours du premier semestre', '[MEX: au cours du premier semestre]'), 'parity-proposal-extra', '[MEX: au cours', 'operative paragraph 6: the French text has a proposal by MEX here (OP6.1); the English text has none'],
    ['a replacement written as an insertion', 'es', (t) => edit(t, '[CHL: ~~antes del~~ en el]', '[CHL: en el]'), 'parity-proposal-kind', '[CHL: en el]', 'operative paragraph 5: the English text has a replacement by CHL here (OP5.2); the Spanish text has an insertion by CHL (OP5.2)'],
    ['an agreed proposal left pending', 'pt', (t) => edit(t, '[MEX agreed: combate', '[MEX: combate'), 'parity-proposal-state', '[MEX: combate', 'operative paragraph 2: the English text has an agreed proposal by MEX here (OP2.1); the Portuguese text has a pending proposal by MEX (OP2.1)'],
    ['a withdrawn proposal left pending', 'fr', (t) => edit(t, '[BRA withdrawn:', '[BRA:'), 'parity-proposal-state', '[BRA: à chaque', 'operative paragraph 5: the English text has a withdrawn proposal by BRA here (OP5.1); the French text has a pending proposal by BRA (OP5.1)'],
    ['a nested amendment taken out of the proposal it amends', 'es', (t) => edit(t, ' [MEX: ~~GGE~~ GEG] y del GTCA, y solicitar a la Secretaría del CICTE que apoye este esfuerzo].', ' GGE y del GTCA, y solicitar a la Secretaría del CICTE que apoye este esfuerzo] [MEX: ~~GGE~~ GEG].'), 'parity-proposal-nesting', '[MEX: ~~GGE~~ GEG].', 'operative paragraph 4: the Spanish text has a proposal by MEX (OP4.2) that the English text has inside OP4.1 (OP4.1.2)'],
    ['a symbol cited otherwise', 'fr', (t) => edit(t, '(CP/CSH-1953/20 rev. 1)', '(CP/CSH-1953/20)'), 'parity-figures', 'CP/CSH-1953/20)', 'operative paragraph 1: the English text has CP/CSH-1953/20 rev. 1 where the French text has CP/CSH-1953/20'],
    ['a cited paragraph number changed', 'pt', (t) => edit(t, 'dos parágrafos 1 e 2', 'dos parágrafos 1 e 3'), 'parity-figures', '3 desta', 'operative paragraph 5: the English text has paragraph 2 where the Portuguese text has paragraph 3'],
    ['a year dropped from the note', 'es', (t) => edit(t, 'celebrada el 27 de julio de 2021\n', 'celebrada el 27 de julio\n'), 'parity-figures', 'Cooperación', 'front matter (title, note, organ, meeting lines): the English text has 2021, which the Spanish text does not'],
    ['a series copied from another session', 'pt', (t) => edit(t, 'series: OEA/Ser.L/X.2.21', 'series: OEA/Ser.L/X.2.20'), 'parity-front-matter', 'OEA/Ser.L/X.2.20', 'front matter: `series` is OEA/Ser.L/X.2.21 in the English text and OEA/Ser.L/X.2.20 in the Portuguese text'],
    ['another template', 'es', (t) => edit(t, 'template: resolution', 'template: declaration'), 'parity-front-matter', 'declaration', 'front matter: `template` is resolution in the English text and declaration in the Spanish text'],
    ['the draft mark left out', 'fr', (t) => edit(t, 'draft: true\n', ''), 'parity-front-matter', '---', 'front matter: `draft` is true in the English text'],
    ['a date changed', 'fr', (t) => edit(t, 'date: 2021-07-27', 'date: 2021-07-28'), 'parity-front-matter', '2021-07-28', 'front matter: `date` is 2021-07-27 in the English text and 2021-07-28 in the French text'],
    ['a symbol missing', 'pt', (t) => edit(t, 'symbol: CICTE/doc.7/21\n', ''), 'parity-front-matter', '---', 'front matter: `symbol` is CICTE/doc.7/21 in the English text; the Portuguese text has none'],
    ["the original not written (it defaults to the version's own language)", 'es', (t) => edit(t, 'original: en\n', ''), 'parity-front-matter', '---', 'front matter: `original` is en in the English text and es in the Spanish text'],
    ['the job code copied with the English letter', 'es', (t) => edit(t, 'job: CICTE01153S01', 'job: CICTE01153E01'), 'parity-front-matter', 'CICTE01153E01', "front matter: `job` CICTE01153E01 has the language letter E; the Spanish text's is S (CICTE01153S01)"],
    ['the job code of another document', 'fr', (t) => edit(t, 'job: CICTE01153F01', 'job: CICTE01135F01'), 'parity-front-matter', 'CICTE01135F01', 'front matter: `job` is CICTE01153E01 in the English text and CICTE01135F01 in the French text: apart from the language letter they must agree'],
    ['a keyword without its colon', 'es', (t) => edit(t, 'RESUELVE:', 'RESUELVE'), 'parity-structure', 'RESUELVE', '`RESUELVE` is not read as the operative keyword (the English text has `RESOLVES:`)'],
    ['a keyword missing', 'pt', (t) => edit(t, 'RESOLVE:\n\n', ''), 'parity-structure', 'Instar', 'the English text has the operative keyword `RESOLVES:` before the operative paragraphs; the Portuguese text has none'],
    ['a preambular paragraph lost', 'fr', (t) => edit(t, 'RAPPELANT la résolution CICTE/RES. 1/17, qui a établi le Groupe de travail sur la coopération et les mesures de confiance dans le cyberespace,\n\n', ''), 'parity-structure', 'DÉCIDE', 'the English text has preambular paragraph 4 (line 25), which the French text does not have (4 preambular paragraphs in the English text, 3 in the French text)'],
    ['a sub-paragraph one level down', 'es', (t) => edit(t, '   2. la promoción', '      1. la promoción'), 'parity-structure', 'la promoción', 'operative paragraph 1.a.i: the Spanish text has here, at another level, what the English text has as operative paragraph 1.b (line 31): a sub-paragraph of operative paragraph 1.a rather than a sub-paragraph of operative paragraph 1'],
    ['a sub-paragraph written as an operative paragraph', 'fr', (t) => edit(t, '   2. en promouvant', '2. en promouvant'), 'parity-structure', 'en promouvant', 'operative paragraph 2: the French text has here, at another level, what the English text has as operative paragraph 1.b (line 31): an operative paragraph rather than a sub-paragraph of operative paragraph 1'],
    ['a paragraph written as a heading', 'pt', (t) => edit(t, '\nRESOLVE:', '\n# Recordações\n\nRESOLVE:'), 'parity-structure', '# Recordações', 'the Portuguese text has heading P5, which the English text does not have'],
  ])('%s', (_name, lang, mutate, rule, at, reason) => {
    const { messages, texts } = compare(fourWith(lang, mutate))
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(new RegExp(`^res-cyber\\.${lang}\\.md:\\d+:\\d+ ${rule} `))
    expect(messages[0]).toContain(reason)
    expect(textAt(texts, messages[0]!).startsWith(at)).toBe(true)
  })

  test('a footnote mark moved to another paragraph: one message, where it now is', () => {
    const { messages, report } = compare(fourWith('es', (t) => edit(edit(t, '(A/70/174)[^us]', '(A/70/174)'), 'CICTE/RES. 1/17,', 'CICTE/RES. 1/17[^us],')))
    expect(messages).toEqual([
      'res-cyber.es.md:25:1 parity-footnote preambular paragraph 4: the Spanish text refers here to a footnote (footnote 1) that the English text refers to from preambular paragraph 3',
    ])
    expect(cells(report, 'es')).toEqual(['PP3: footnote moved to PP4'])
  })

  test('a footnote mark moved to a paragraph two further on, and another deleted: each said where it is', () => {
    const texts = fourWith('pt', (t) => edit(edit(edit(t, '(A/70/174)[^us]', '(A/70/174)'), 'CICTE/RES. 1/17,', 'CICTE/RES. 1/17[^us],'), 'CICTE/DEC. 1/16', 'CICTE/DEC. 1/16[^us]'))
    const { messages } = compare(texts)
    // Two marks added (PP2, PP4), one lost (PP3): the nearest is the one moved (of two as near, the first); the other is one more.
    expect(messages.map((m) => m.split(' ').slice(0, 2).join(' '))).toEqual(['res-cyber.pt.md:21:1 parity-footnote', 'res-cyber.pt.md:25:1 parity-footnote'])
    expect(messages[0]).toContain('the Portuguese text refers here to a footnote (footnote 1) that the English text refers to from preambular paragraph 3')
    expect(messages[1]).toContain('the English text refers to none here; the Portuguese text to footnote 1')
  })

  test('the same proposals in another order is a note, not a drift', () => {
    const texts = fourWith('es', (t) => edit(t, '[BRA withdrawn: en cada período ordinario de sesiones del CICTE] [CHL: ~~antes del~~ en el]', '[CHL: ~~antes del~~ en el] [BRA withdrawn: en cada período ordinario de sesiones del CICTE]'))
    const { messages, report, drafts } = compare(texts)
    expect(messages).toEqual([
      expect.stringContaining('parity-proposal-order operative paragraph 5: the same proposals as in the English text, in another order (BRA, CHL there; CHL, BRA here)'),
    ])
    expect(textAt(texts, messages[0]!).startsWith('[CHL: ~~antes del~~')).toBe(true)
    // Not a warning, nor an error with --strict: an information.
    expect(drafts.get('res-cyber.es.md')!.file.messages.map((m) => m.fatal)).toEqual([undefined])
    expect(cells(report, 'es')).toEqual(['OP5: order'])
  })
})

describe('the set', () => {
  test('the reference is the original the versions name; --reference chooses another', () => {
    const { report, messages, texts } = compare(fourWith('es', (t) => edit(t, 'primer semestre de 2022', 'primer semestre de 2023')), { reference: 'es' })
    expect(report.reference).toBe('es')
    // Compared with the Spanish text, the three others have 2022 where it has 2023.
    expect(messages.map((m) => textAt(texts, m).slice(0, 5))).toEqual(['2022.', '2022.', '2022.'])
    expect(messages.map((m) => m.split(':')[0])).toEqual(['res-cyber.en.md', 'res-cyber.fr.md', 'res-cyber.pt.md'])
    expect(messages[0]).toContain('operative paragraph 6: the Spanish text has 2023 where the English text has 2022')
  })

  test('with no version in the original language, the first language there is', () => {
    const { es, fr } = { es: fixture('es'), fr: fixture('fr') }
    const { report } = compare({ 'res-cyber.es.md': es, 'res-cyber.fr.md': fr })
    expect(report.reference).toBe('es')
    expect(report.note).toBe('the original (en) is not among the versions: compared with es')
  })

  test('two versions in one language: the second is not compared; a file name that says another language than `lang`', () => {
    const { messages, report } = compare({ 'res.en.md': fixture('en'), 'res.es.md': fixture('es'), 'res.fr.md': fixture('es') })
    expect(messages).toEqual([
      'res.fr.md:3:7 parity-language The file name says fr, the front matter `lang: es`: the front matter decides; rename the file or correct `lang`',
      'res.fr.md:3:7 parity-language A second version in Spanish (`lang: es`), after res.es.md: only that one is compared',
    ])
    expect(report.versions.map((v) => v.path)).toEqual(['res.en.md', 'res.es.md'])
  })

  test('a version with errors is not compared, and the table says so', async () => {
    const dir = folderWith({ 'r.en.md': fixture('en'), 'r.es.md': edit(fixture('es'), '[CHL: ~~antes del~~ en el]', '[CHL: ~~antes del en el]') })
    const result = await cli(['parity', dir])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('r.es.md:39:189  error  `~~` does not close inside its annotation')
    expect(result.stderr).toContain('annotation-deletion-unclosed')
    expect(result.stdout).toContain('not read: errors')
  })

  test('sets are drafts named <name>.<lang>.md, by folder and name; `parity` puts drafts named otherwise together', () => {
    const source = (path: string): DraftSource => ({ path, file: path, stem: path })
    const sources = ['a/res.en.md', 'a/res.es.md', 'b/res.en.md', 'lone.fr.md', 'x.md', 'y.md'].map(source)
    expect(findSets(sources).map((s) => [s.name, s.sources.map((x) => x.path)])).toEqual([['a/res', ['a/res.en.md', 'a/res.es.md']]])
    expect(findSets(sources, { together: true }).map((s) => s.name)).toEqual(['a/res', 'x.md, y.md'])
  })
})

describe('figures', () => {
  test('in a table, cell by cell', () => {
    const table = (year: string) => `1. One.\n\n| Year | Sponsor |\n| --- | --- |\n| ${year} | [US: x] |\n`
    const { messages } = compare({ 't.en.md': `---\ntitle: T\n---\n\n${table('2021')}`, 't.es.md': `---\ntitle: T\nlang: es\noriginal: en\n---\n\n${table('2022')}` })
    expect(messages).toEqual(['t.es.md:11:3 parity-figures paragraph P2: the English text has 2021 where the Spanish text has 2022'])
  })


  const figures = (text: string, citations: string[] = templates.locale('en').citations) => figuresOfText(text, citations, () => undefined).map((f) => `${f.kind}:${f.key}`)

  test('symbols whole, with their numbers, parentheses and suffixes; the years outside them', () => {
    expect(figures('in 2010 (A/65/201), under AG/RES. 2959 (L-O/20) and CP/CSH-1953/20 Rev. 1; see OEA/Ser.L/X.2.17.')).toEqual([
      'year:2010',
      'symbol:a/65/201',
      'symbol:ag/res.2959(l-o/20)',
      'symbol:cp/csh-1953/20rev.1',
      'symbol:oea/ser.l/x.2.17',
    ])
  })

  test('not years: numbers of other lengths, decimals, dates written with slashes, words with digits', () => {
    expect(figures('12 months, 1.2021 and 20210, 7/4/2017, G2021, 3000, 1799')).toEqual([])
  })

  test('cited paragraphs in the four languages, with their letters and between-words', () => {
    expect(figures('paragraphs 1, 2 and 4(b) and operative paragraph 3')).toEqual(['paragraph:1', 'paragraph:2', 'paragraph:4b', 'paragraph:3'])
    expect(figures('los párrafos resolutivos 1 y 2 b)', templates.locale('es').citations)).toEqual(['paragraph:1', 'paragraph:2b'])
    expect(figures('des paragraphes 1 et 2', templates.locale('fr').citations)).toEqual(['paragraph:1', 'paragraph:2'])
    expect(figures('dos parágrafos 1 e 2', templates.locale('pt').citations)).toEqual(['paragraph:1', 'paragraph:2'])
    expect(figures('this paragraph in 2021')).toEqual(['year:2021'])
  })
})

describe('property: a draft compared with itself relabelled in another language agrees', () => {
  const relabel = (text: string, lang: Lang) =>
    text
      .replace('lang: en', `lang: ${lang}`)
      .replace('job: CICTE00001E01', `job: CICTE00001${templates.locale(lang).skeleton.jobLetter}01`)
      .replace(/^RESOLVES:$/m, String(templates.locale(lang).labels.operative.resolution))
      // A delegation under another of its codes: the registry makes them one.
      .replace(/\bUS\b/g, lang === 'fr' ? 'USA' : 'EUA')
  const front = 'title: T\nlang: en\noriginal: en\nsymbol: CICTE/RES. 1/21\ndate: 2021-07-27\njob: CICTE00001E01'
  for (const [name, generated] of [['bodies', bodies], ['bodies with links and footnotes', richBody]] as const) {
    test(name, () => {
      fc.assert(
        fc.property(generated, fc.constantFrom<Lang>('es', 'fr', 'pt'), (body, lang) => {
          const en = `---\n${front}\n---\n\n${body}\n`
          const { report, messages } = compare({ 'd.en.md': en, [`d.${lang}.md`]: relabel(en, lang) })
          expect(messages).toEqual([])
          expect(report.drifts).toBe(0)
        }),
        { numRuns: Number(process.env.FC_RUNS ?? 100) },
      )
    })
  }
})

describe('the command line', () => {
  const mutated = () => folderWith(fourWith('fr', (t) => edit(t, '[CAN, US: et', '[CAN: et')))

  test('oasgen parity: each drift an error at its place, a table of the set, exit 1', async () => {
    const dir = mutated()
    const result = await cli(['parity', dir])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `${join(dir, 'res-cyber.fr.md')}:31:54  error  operative paragraph 1.b: the English text has a proposal by CAN, US here (OP1.b.1); the French text has a proposal by CAN (OP1.b.1)  parity-proposal-sponsors\n`,
    )
    expect(result.stdout).toContain(`${join(dir, 'res-cyber')}: en (reference), es, fr, pt: 1 drift`)
    expect(result.stdout).toMatch(/│ OP1\.b +│ ✓ +│ ✓ +│ sponsors +│ ✓ +│/)
    expect(result.stdout).toMatch(/│ PP1–OP1\.a +│ ✓ +│ ✓ +│ ✓ +│ ✓ +│/)
    expect(result.stdout).toContain('1 set of language versions, 4 drafts: 1 drift, 1 error, 0 warnings')
  })

  test('a file name with a terminal control in it is printed escaped in the table', async () => {
    const dir = folderWith({ 'r\u001b[31m.en.md': fixture('en'), 'r\u001b[31m.es.md': fixture('es') })
    const result = await cli(['parity', dir])
    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain('\u001b')
    expect(result.stdout).toContain('r\\u001b[31m: en (reference), es: the versions agree')
  })

  test('oasgen parity on versions that agree: exit 0', async () => {
    const result = await cli(['parity', FIXTURES])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('the versions agree')
  })

  test('the table fits the terminal: long cells wrap', async () => {
    const dir = folderWith(fourWith('es', (t) => edit(t, '[CHL: ~~antes del~~ en el]', '').replace('[EUA: Respaldar', '[CAN: Respaldar')))
    const result = await main40(['parity', dir])
    const table = result.split('\n').filter((line) => /^[┌│├└]/.test(line))
    expect(table.length).toBeGreaterThan(5)
    for (const line of table) expect([...line].length).toBeLessThanOrEqual(40)
    expect(result).toContain('proposal')
  })

  test('--reporter json: the sets with their rows, and the messages of each draft', async () => {
    const dir = mutated()
    const result = await cli(['parity', dir, '--reporter', 'json'])
    const json = JSON.parse(result.stdout)
    expect(json.summary).toEqual({ sets: 1, drafts: 4, drifts: 1, errors: 1, warnings: 0 })
    expect(json.sets[0].rows.find((r: { row: string }) => r.row === 'OP1.b').drifts).toEqual({ es: [], fr: ['sponsors'], pt: [] })
    const fr = json.drafts.find((d: { path: string }) => d.path.endsWith('res-cyber.fr.md'))
    expect(fr.messages).toEqual([expect.objectContaining({ line: 31, column: 54, severity: 'error', ruleId: 'parity-proposal-sponsors' })])
  })

  test('--reporter github: annotations', async () => {
    const result = await cli(['parity', mutated(), '--reporter', 'github'])
    expect(result.stdout).toMatch(/^::error file=.*res-cyber\.fr\.md,line=31,col=54,title=parity-proposal-sponsors::operative paragraph 1\.b: /m)
  })

  test('usage errors: no set, an unknown or absent reference language', async () => {
    const one = await cli(['parity', join(FIXTURES, 'res-cyber.en.md')])
    expect(one.code).toBe(2)
    expect(one.stderr).toContain('No language versions to compare')
    const unknown = await cli(['parity', FIXTURES, '--reference', 'de'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Unknown language `de` for --reference; the languages are en, es, fr, pt')
    const absent = await cli(['parity', join(FIXTURES, 'res-cyber.es.md'), join(FIXTURES, 'res-cyber.fr.md'), '--reference', 'pt'])
    expect(absent.code).toBe(2)
    expect(absent.stderr).toContain('No version in pt (--reference)')
  })

  test('oasgen check runs parity on a set among its inputs: warnings, errors under --strict', async () => {
    const dir = mutated()
    writeFileSync(join(dir, 'other.md'), fixture('en'))
    const loose = await cli(['check', dir])
    expect(loose.code).toBe(0)
    expect(loose.stderr).toContain('res-cyber.fr.md:31:54  warning  operative paragraph 1.b')
    expect(loose.stdout).toContain('sponsors')
    expect(loose.stdout).toContain('5 drafts checked: 0 errors, 1 warning')
    const strict = await cli(['check', dir, '--strict'])
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('res-cyber.fr.md:31:54  error  operative paragraph 1.b')
    const json = JSON.parse((await cli(['check', dir, '--reporter', 'json'])).stdout)
    expect(json.sets).toHaveLength(1)
  })

  test('oasgen check on drafts that are no set prints no table', async () => {
    const result = await cli(['check', join(ROOT, 'inputs')])
    expect(result.stdout).toBe('2 drafts checked: 0 errors, 0 warnings\n')
  })
})

/** Runs the command line with a 40-column terminal and returns what it printed on stdout. */
async function main40(argv: string[]): Promise<string> {
  const { main } = await import('../src/cli/main.js')
  let out = ''
  await main({ argv, cwd: ROOT, columns: 40, stdout: (t) => (out += t), stderr: () => {} })
  return out
}
