// Issue 15, property tests: generated drafts, "translated" into another language (other words,
// the language's keyword and job letter, US written EUA or USA), agree with their English text;
// and each single mutation of the translation (a proposal deleted, its sponsors, kind, state or
// nesting changed, a footnote moved, a year, symbol or cited paragraph changed, a heading, the
// operative keyword or a paragraph dropped, a sub-paragraph added) is exactly one message, with
// its rule, at the place in the translation where the drift is.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { DraftSource } from '../src/build.js'
import type { ParsedDraft } from '../src/draft/parse.js'
import { checkSet, findSets } from '../src/parity/index.js'
import { parse, templates } from './helpers.js'

type Lang = 'en' | 'es' | 'fr' | 'pt'
type State = 'pending' | 'agreed' | 'withdrawn'

/** A word of the text, written in each language; `figure` words are the same in all (years, symbols). */
interface Words {
  type: 'words'
  /** An index into WORDS. */
  word: number
}
interface Figure {
  type: 'figure'
  kind: 'year' | 'symbol' | 'cited'
  text: string
}
interface Proposal {
  type: 'proposal'
  sponsors: string[]
  state: State
  /** The words it proposes to delete (an index into WORDS), if any. */
  deleted?: number
  /** What it inserts: words first (so that it is never empty), then words, figures and nested proposals. */
  inserted: Inline[]
}
type Inline = Words | Figure | Proposal

interface Paragraph {
  /** Its words, then its content; an operative paragraph starts with a verb, a preambular one with a capitalised one. */
  content: Inline[]
  /** A footnote mark at its end (outside every proposal). */
  note?: 1 | 2
}
interface Operative extends Paragraph {
  subs: Paragraph[]
}
interface Heading {
  depth: 1 | 2
  word: number
}
interface Draft {
  /** Headings and preambular paragraphs, in order. */
  preamble: Array<Paragraph | Heading>
  keyword: boolean
  operative: Operative[]
  /** The front matter's date, when a mutation changes it. */
  date?: string
}

/** The operative keyword's place in `Written.at`. */
const KEYWORD = {}

/** Words in each language; none holds a figure or a citation word. */
const WORDS: Record<Lang, string[]> = {
  en: ['member States', 'to promote', 'cyberspace', 'the norms', 'cooperation', 'national capacities'],
  es: ['Estados Miembros', 'promover', 'ciberespacio', 'las normas', 'cooperación', 'capacidades nacionales'],
  fr: ['États membres', 'promouvoir', 'cyberespace', 'les normes', 'coopération', 'capacités nationales'],
  pt: ['Estados membros', 'promover', 'ciberespaço', 'as normas', 'cooperação', 'capacidades nacionais'],
}
const PREAMBLE: Record<Lang, string> = { en: 'RECALLING', es: 'RECORDANDO', fr: 'RAPPELANT', pt: 'RECORDANDO' }
const OPERATIVE: Record<Lang, string> = { en: 'To urge', es: 'Instar', fr: 'De prier', pt: 'Instar' }
const CITED: Record<Lang, string> = { en: 'paragraph', es: 'párrafo', fr: 'paragraphe', pt: 'parágrafo' }
const NOTES: Record<Lang, [string, string]> = {
  en: ['A note on the reports of 2015.', 'Another note.'],
  es: ['Una nota sobre los informes de 2015.', 'Otra nota.'],
  fr: ['Une note sur les rapports de 2015.', 'Une autre note.'],
  pt: ['Uma nota sobre os relatórios de 2015.', 'Outra nota.'],
}
/** The United States as each version writes it: the registry makes these one delegation. */
const US: Record<Lang, string> = { en: 'US', es: 'EUA', fr: 'US', pt: 'USA' }
const SPONSORS = ['US', 'COL', 'MEX', 'CAN'] as const

// Generators ------------------------------------------------------------------------------------

const wordArb = fc.nat({ max: WORDS.en.length - 1 })
const words: fc.Arbitrary<Words> = wordArb.map((word) => ({ type: 'words', word }))
const figure: fc.Arbitrary<Figure> = fc.oneof(
  fc.constantFrom('2010', '2013', '2021').map((text) => ({ type: 'figure' as const, kind: 'year' as const, text })),
  fc.constantFrom('A/65/201', 'CP/CSH-1953/20 rev. 1').map((text) => ({ type: 'figure' as const, kind: 'symbol' as const, text })),
  fc.constantFrom('2', '3').map((text) => ({ type: 'figure' as const, kind: 'cited' as const, text })),
)
const { inline } = fc.letrec<{ inline: Inline; proposal: Proposal }>((tie) => ({
  inline: fc.oneof({ depthSize: 'small', maxDepth: 2 }, words, figure, tie('proposal')),
  proposal: fc
    .record({
      sponsors: fc.subarray([...SPONSORS], { minLength: 0, maxLength: 2 }),
      state: fc.constantFrom<State>('pending', 'pending', 'agreed', 'withdrawn'),
      deleted: fc.option(wordArb, { nil: undefined }),
      lead: fc.option(words, { nil: undefined }),
      rest: fc.array(tie('inline'), { maxLength: 2 }),
    })
    .map(({ sponsors, state, deleted, lead, rest }): Proposal => {
      // A deletion deletes only: what it would insert, and the proposals nested in it, go with `inserted`.
      const inserted = lead === undefined && deleted !== undefined ? [] : [lead ?? { type: 'words' as const, word: 0 }, ...rest]
      return { type: 'proposal', sponsors, state: sponsors.length === 0 ? 'pending' : state, ...(deleted === undefined ? {} : { deleted }), inserted }
    }),
}))
const paragraph: fc.Arbitrary<Paragraph> = fc
  .record({ content: fc.array(inline, { maxLength: 4 }), note: fc.constantFrom<undefined | 1 | 2>(undefined, undefined, 1, 2) })
  .map(({ content, note }) => ({ content, ...(note ? { note } : {}) }))
const heading: fc.Arbitrary<Heading> = fc.record({ depth: fc.constantFrom<1 | 2>(1, 2), word: wordArb })
const draftArb: fc.Arbitrary<Draft> = fc.record({
  preamble: fc.array(fc.oneof({ weight: 3, arbitrary: paragraph }, { weight: 1, arbitrary: heading }), { maxLength: 4 }),
  keyword: fc.constant(true),
  operative: fc.array(fc.record({ content: paragraph.map((p) => p.content), note: fc.constantFrom<undefined | 1 | 2>(undefined, 1, 2), subs: fc.array(paragraph, { maxLength: 3 }) }), { minLength: 1, maxLength: 4 }).map((ops) =>
    ops.map(({ note, ...op }): Operative => ({ ...op, ...(note ? { note } : {}) })),
  ),
})

// Writing a draft -------------------------------------------------------------------------------

/** A draft's text in one language, and where each of its parts starts (offsets into the text). */
interface Written {
  text: string
  at: Map<object, number>
}

function write(draft: Draft, lang: Lang): Written {
  let text = ''
  const at = new Map<object, number>()
  const put = (s: string) => (text += s)
  const job = `CICTE00001${templates.locale(lang).skeleton.jobLetter}01`
  put(`---\ntitle: T\nlang: ${lang}\noriginal: en\nsymbol: CICTE/RES. 1/21\ndate: ${draft.date ?? '2021-07-27'}\njob: ${job}\n---\n\n`)
  /** `tight`: the first item follows what is before it directly (a proposal's tag, its deletion). */
  const inlines = (content: readonly Inline[], tight = false) => {
    content.forEach((item, i) => {
      if (i > 0 || !tight) put(' ')
      if (item.type === 'words') put(WORDS[lang][item.word]!)
      else if (item.type === 'figure') {
        // A symbol in parentheses, as the seeds cite them: a figure after it is not read as its suffix.
        put(item.kind === 'cited' ? `${CITED[lang]} ` : item.kind === 'symbol' ? '(' : '')
        at.set(item, text.length)
        put(item.text)
        if (item.kind === 'symbol') put(')')
      } else {
        at.set(item, text.length)
        const sponsors = item.sponsors.map((s) => (s === 'US' ? US[lang] : s)).join(', ')
        const tag = sponsors ? `${sponsors}${item.state === 'pending' ? '' : ` ${item.state}`}: ` : ''
        put(`[${tag}`)
        if (item.deleted !== undefined) put(`~~${WORDS[lang][item.deleted]}~~`)
        inlines(item.inserted, item.deleted === undefined)
        put(']')
      }
    })
  }
  const para = (p: Paragraph, lead: string, indent: string) => {
    at.set(p, text.length)
    put(lead)
    inlines(p.content)
    if (p.note) put(`[^${p.note}]`)
    put(indent ? ';\n' : ',\n\n')
  }
  for (const item of draft.preamble) {
    if ('depth' in item) {
      at.set(item, text.length)
      put(`${'#'.repeat(item.depth)} ${WORDS[lang][item.word]}\n\n`)
    } else para(item, PREAMBLE[lang], '')
  }
  at.set(KEYWORD, text.length)
  if (draft.keyword) put(`${templates.locale(lang).labels.operative.resolution}\n\n`)
  for (const op of draft.operative) {
    put('1. ')
    para(op, OPERATIVE[lang], ' ')
    for (const sub of op.subs) {
      put('   1. ')
      para(sub, WORDS[lang][1]!, ' ')
    }
    put('\n')
  }
  const notes = new Set(allParagraphs(draft).flatMap((p) => (p.note ? [p.note] : [])))
  for (const n of [1, 2] as const) if (notes.has(n)) put(`[^${n}]: ${NOTES[lang][n - 1]}\n\n`)
  return { text, at }
}

function allParagraphs(draft: Draft): Paragraph[] {
  return [...draft.preamble.filter((p): p is Paragraph => !('depth' in p)), ...draft.operative.flatMap((op) => [op, ...op.subs])]
}

/** Every proposal of a draft, with the list that holds it and the proposal around it. */
function proposals(draft: Draft): Array<{ node: Proposal; list: Inline[]; parent?: Proposal; paragraph: Paragraph }> {
  const found: Array<{ node: Proposal; list: Inline[]; parent?: Proposal; paragraph: Paragraph }> = []
  const walk = (list: Inline[], paragraph: Paragraph, parent?: Proposal) => {
    for (const item of list) {
      if (item.type !== 'proposal') continue
      found.push({ node: item, list, paragraph, ...(parent ? { parent } : {}) })
      walk(item.inserted, paragraph, item)
    }
  }
  for (const p of allParagraphs(draft)) walk(p.content, p)
  return found
}

function figures(draft: Draft): Array<{ node: Figure; paragraph: Paragraph }> {
  const found: Array<{ node: Figure; paragraph: Paragraph }> = []
  const walk = (list: readonly Inline[], paragraph: Paragraph) => {
    for (const item of list) {
      if (item.type === 'figure') found.push({ node: item, paragraph })
      else if (item.type === 'proposal') walk(item.inserted, paragraph)
    }
  }
  for (const p of allParagraphs(draft)) walk(p.content, p)
  return found
}

// Mutations -------------------------------------------------------------------------------------

/**
 * A mutation of the translation: the rule it must be reported under, and the parts of the
 * mutated draft where the message may stand (more than one only where the versions cannot tell
 * them apart without reading words: two proposals alike side by side, two paragraphs alike).
 */
interface Mutated {
  rule: string
  at: object[] | 'job' | 'date'
}
type Mutation = (draft: Draft, pick: number) => Mutated | undefined

const choose = <T>(items: readonly T[], pick: number): T | undefined => (items.length === 0 ? undefined : items[pick % items.length])

/** What parity sees of a proposal without reading words: its delegations, kind, state and nested ones. */
function proposalKey(p: Proposal): string {
  const kind = p.deleted === undefined ? 'insertion' : p.inserted.length === 0 ? 'deletion' : 'replacement'
  const nested = p.inserted.filter((i): i is Proposal => i.type === 'proposal').map(proposalKey)
  return `${[...p.sponsors].sort().join('+')}:${kind}:${p.state}(${nested.join(',')})`
}

/** What parity sees of a paragraph without reading words: its proposals, notes and figures. */
function paragraphKey(p: Paragraph): string {
  const found = figures({ preamble: [p], keyword: true, operative: [] }).map(({ node }) => node.text)
  return [p.content.filter((i): i is Proposal => i.type === 'proposal').map(proposalKey).join(','), p.note ? 1 : 0, found.sort().join(',')].join('|')
}

/** The proposals of `list` alike `node`, in a run of proposals that are all alike. */
function alike(list: readonly Inline[], node: Proposal): Proposal[] {
  const key = proposalKey(node)
  return list.filter((i): i is Proposal => i.type === 'proposal' && proposalKey(i) === key)
}

/**
 * Drops `found`, one of `items` (the preamble's headings, or its paragraphs). Those alike (by
 * `key`) in a row around it are told apart by nothing: the message may stand at what follows any
 * of them in the version.
 */
function dropFromPreamble<T extends Paragraph | Heading>(draft: Draft, items: readonly T[], found: T, key: (item: T) => string): Mutated {
  const i = items.indexOf(found)
  let [first, last] = [i, i]
  while (first > 0 && key(items[first - 1]!) === key(found)) first--
  while (last < items.length - 1 && key(items[last + 1]!) === key(found)) last++
  const following = (item: T): object => {
    let k = draft.preamble.indexOf(item) + 1
    if (draft.preamble[k] === found) k++
    return draft.preamble[k] ?? KEYWORD
  }
  const at = items.slice(first, last + 1).map(following)
  draft.preamble.splice(draft.preamble.indexOf(found), 1)
  return { rule: 'parity-structure', at }
}

const MUTATIONS: Record<string, Mutation> = {
  'a proposal deleted': (draft, pick) => {
    const found = choose(proposals(draft), pick)
    if (!found) return undefined
    found.list.splice(found.list.indexOf(found.node), 1)
    return { rule: 'parity-proposal-missing', at: [found.parent ?? found.paragraph] }
  },
  'the sponsors of a proposal changed': (draft, pick) => {
    const found = choose(
      proposals(draft).filter(({ node }) => node.sponsors.length > 0),
      pick,
    )
    if (!found) return undefined
    const { node } = found
    const other = SPONSORS.find((s) => !node.sponsors.includes(s))!
    node.sponsors = pick % 2 === 0 && node.sponsors.length > 1 ? node.sponsors.slice(1) : [...node.sponsors.slice(0, 1), other]
    return { rule: 'parity-proposal-sponsors', at: [node] }
  },
  'the kind of a proposal changed': (draft, pick) => {
    const found = choose(proposals(draft), pick)
    if (!found) return undefined
    const { node } = found
    if (node.deleted === undefined) node.deleted = 2
    else if (node.inserted.length === 0) node.inserted = [{ type: 'words', word: 3 }]
    else if (node.inserted.every((i) => i.type === 'words') && pick % 2 === 0) node.inserted = []
    else delete node.deleted
    return { rule: 'parity-proposal-kind', at: [node] }
  },
  'the state of a proposal changed': (draft, pick) => {
    const found = choose(
      proposals(draft).filter(({ node }) => node.sponsors.length > 0),
      pick,
    )
    if (!found) return undefined
    const states = (['pending', 'agreed', 'withdrawn'] as const).filter((s) => s !== found.node.state)
    found.node.state = states[pick % 2]!
    return { rule: 'parity-proposal-state', at: [found.node] }
  },
  'a nested proposal taken out of the one around it': (draft, pick) => {
    const found = choose(
      proposals(draft).filter(({ parent }) => parent),
      pick,
    )
    if (!found) return undefined
    const { node, list, parent, paragraph } = found
    list.splice(list.indexOf(node), 1)
    const outer = proposals(draft).find((p) => p.node === parent)?.list ?? paragraph.content
    outer.splice(outer.indexOf(parent!) + 1, 0, node)
    return { rule: 'parity-proposal-nesting', at: alike(outer, node) }
  },
  'a footnote mark moved to another paragraph': (draft, pick) => {
    const paragraphs = allParagraphs(draft)
    const from = choose(
      paragraphs.filter((p) => p.note),
      pick,
    )
    const to = choose(
      paragraphs.filter((p) => !p.note),
      pick >> 3,
    )
    if (!from || !to) return undefined
    to.note = from.note!
    delete from.note
    return { rule: 'parity-footnote', at: [to] }
  },
  'a year, a symbol or a cited paragraph changed': (draft, pick) => {
    const found = choose(figures(draft), pick)
    if (!found) return undefined
    const { node } = found
    node.text = node.kind === 'year' ? '2099' : node.kind === 'symbol' ? 'A/65/209' : '9'
    return { rule: 'parity-figures', at: [node] }
  },
  'a heading dropped': (draft, pick) => {
    const headings = draft.preamble.filter((p): p is Heading => 'depth' in p)
    const found = choose(headings, pick)
    return found && dropFromPreamble(draft, headings, found, (h) => String(h.depth))
  },
  'a proposal moved to the next preambular paragraph': (draft, pick) => {
    const preamble = draft.preamble.filter((p): p is Paragraph => !('depth' in p))
    const from = choose(
      preamble.slice(0, -1).filter((p) => p.content.some((i) => i.type === 'proposal')),
      pick,
    )
    if (!from) return undefined
    const to = preamble[preamble.indexOf(from) + 1]!
    const node = choose(
      from.content.filter((i): i is Proposal => i.type === 'proposal'),
      pick >> 2,
    )!
    from.content.splice(from.content.indexOf(node), 1)
    to.content.push(node)
    return { rule: 'parity-proposal-moved', at: alike(to.content, node) }
  },
  'a preambular paragraph dropped': (draft, pick) => {
    const preamble = draft.preamble.filter((p): p is Paragraph => !('depth' in p))
    const found = choose(preamble, pick)
    return found && dropFromPreamble(draft, preamble, found, paragraphKey)
  },
  'the operative keyword dropped': (draft) => {
    draft.keyword = false
    return { rule: 'parity-structure', at: [draft.operative[0]!] }
  },
  'a sub-paragraph added': (draft, pick) => {
    const op = choose(draft.operative, pick)!
    const added: Paragraph = { content: [{ type: 'words', word: 4 }] }
    const k = pick % (op.subs.length + 1)
    op.subs.splice(k, 0, added)
    // Sub-paragraphs with no proposal, note or figure are alike: the added one may be any of those around it.
    const plain = (p: Paragraph) => p.content.every((i) => i.type === 'words') && !p.note
    let [first, last] = [k, k]
    while (first > 0 && plain(op.subs[first - 1]!)) first--
    while (last < op.subs.length - 1 && plain(op.subs[last + 1]!)) last++
    return { rule: 'parity-structure', at: op.subs.slice(first, last + 1) }
  },
  'the date changed': (draft) => {
    draft.date = '2021-07-28'
    return { rule: 'parity-front-matter', at: 'date' }
  },
}

// The check, as `oasgen parity` runs it -------------------------------------------------------------

function compare(texts: Record<string, string>) {
  const sources: DraftSource[] = Object.keys(texts).map((path) => ({ path, file: path, stem: path }))
  const drafts = new Map<string, ParsedDraft>(Object.entries(texts).map(([path, text]) => [path, parse(text, { path })]))
  for (const [path, draft] of drafts) if (draft.failed) throw new Error(`${path} does not parse:\n${draft.file.messages.join('\n')}\n${texts[path]}`)
  const [set] = findSets(sources)
  const report = checkSet(set!, drafts, { templates, strict: true })
  const messages = [...drafts].flatMap(([, draft]) => draft.file.messages.filter((m) => m.ruleId?.startsWith('parity-')))
  return { report, messages }
}

/** `line:column` of an offset. */
function place(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n')
  return `${before.length}:${before[before.length - 1]!.length + 1}`
}

const RUNS = Number(process.env.FC_RUNS ?? 100)
/** Each mutation is a property of its own: half as many runs each (run with FC_RUNS=300 before changing src/parity/). */
const MUTATION_RUNS = Math.max(1, Math.round(RUNS / 2))
const LANG = fc.constantFrom<Lang>('es', 'fr', 'pt')

describe('property: generated drafts and their translations', () => {
  test('an untouched translation reports nothing', () => {
    fc.assert(
      fc.property(draftArb, LANG, (draft, lang) => {
        const { report, messages } = compare({ 'd.en.md': write(draft, 'en').text, [`d.${lang}.md`]: write(draft, lang).text })
        expect(messages.map(String)).toEqual([])
        expect(report.drifts).toBe(0)
      }),
      { numRuns: RUNS },
    )
  })

  test.each(Object.keys(MUTATIONS))('%s: one message, its rule, at its place', (name) => {
    const mutate = MUTATIONS[name]!
    fc.assert(
      fc.property(draftArb, fc.nat(), LANG, (draft, pick, lang) => {
        const changed = structuredClone(draft)
        const mutation = mutate(changed, pick)
        fc.pre(mutation !== undefined)
        const en = write(draft, 'en').text
        const written = write(changed, lang)
        const { messages, report } = compare({ 'd.en.md': en, [`d.${lang}.md`]: written.text })
        const said = messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`)
        expect(said.length, `${said.join('\n')}\n${written.text}`).toBe(1)
        const [message] = messages
        expect(message!.ruleId).toBe(mutation!.rule)
        expect(message!.file).toBe(`d.${lang}.md`)
        const places =
          mutation!.at === 'date' || mutation!.at === 'job'
            ? [place(written.text, written.text.indexOf(`${mutation!.at}: `) + mutation!.at.length + 2)]
            : mutation!.at.map((part) => place(written.text, written.at.get(part)!))
        expect(places).toContain(`${message!.line}:${message!.column}`)
        expect(report.drifts).toBe(1)
      }),
      { numRuns: MUTATION_RUNS },
    )
  })
})
