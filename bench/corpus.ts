/**
 * A deterministic generator of realistic drafts for the benchmark.
 *
 * Every draft is a function of (seed, index) alone, through a seeded PRNG: the same corpus on
 * every run and every machine, and the first N drafts of a 2N corpus are the N-draft corpus.
 *
 * A draft: front matter (symbol, series, date, organ, meeting lines, title, note, job); an
 * opening line; 4–8 preambular paragraphs with capitalised leading words; `RESOLVES:`; 10–20
 * operative paragraphs, some with lettered sub-paragraphs; a few footnotes; about one
 * annotation per 40 words (insertions, replacements, deletions, joint, bare, agreed), nested up
 * to depth 3. About 1,100–2,100 words: 3–5 pages in the PDF layout (~400 words a page).
 *
 * The omnibus: 1,000 operative paragraphs carrying exactly 5,000 annotations.
 *
 * Standalone: `node --import tsx bench/corpus.ts <dir> [N] [seed]` writes a corpus (unchecked).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// ————————————————————————————————————————— PRNG ——————————————————————————————————————————

/** sfc32, seeded through splitmix32 from a string: small, fast, good enough, deterministic. */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: string) {
    let h = 1779033703 ^ seed.length
    for (let i = 0; i < seed.length; i++) {
      h = Math.imul(h ^ seed.charCodeAt(i), 3432918353)
      h = (h << 13) | (h >>> 19)
    }
    const next = (): number => {
      h = Math.imul(h ^ (h >>> 16), 2246822507)
      h = Math.imul(h ^ (h >>> 13), 3266489909)
      return (h ^= h >>> 16) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.next()
  }

  /** A float in [0, 1). */
  next(): number {
    this.a >>>= 0
    this.b >>>= 0
    this.c >>>= 0
    this.d >>>= 0
    let t = (this.a + this.b) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.d = (this.d + 1) | 0
    t = (t + this.d) | 0
    this.c = (this.c + t) | 0
    return (t >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)]!
  }

  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0)
    let r = this.next() * total
    for (const [item, w] of items) {
      r -= w
      if (r < 0) return item
    }
    return items[items.length - 1]![0]
  }
}

// ——————————————————————————————————————— vocabulary ————————————————————————————————————————

/** Real sponsor codes (all in templates/delegations.yaml; `US` is the alias of USA), by how often they propose. */
export const SPONSORS: ReadonlyArray<readonly [string, number]> = [
  ['US', 20],
  ['COL', 14],
  ['MEX', 14],
  ['CAN', 12],
  ['BRA', 10],
  ['ARG', 8],
  ['CHL', 8],
  ['PER', 7],
  ['CARICOM', 7],
]

const ORGANS = [
  {
    organ: 'INTER-AMERICAN COMMITTEE AGAINST TERRORISM',
    opening: 'THE MEMBER STATES OF THE INTER-AMERICAN COMMITTEE AGAINST TERRORISM (CICTE) OF THE ORGANIZATION OF AMERICAN STATES (OAS), gathered at the {ordinal} regular session, held in {city}, on {dates},',
    symbol: (n: number, y: number) => `CICTE/RES. ${n}/${y % 100}`,
    series: (y: number) => `OEA/Ser.L/X.2.${y % 100}`,
    job: 'CICTE',
  },
  {
    organ: 'GENERAL ASSEMBLY',
    opening: 'THE GENERAL ASSEMBLY OF THE ORGANIZATION OF AMERICAN STATES, gathered at its {ordinal} regular session, held in {city}, on {dates},',
    symbol: (n: number, y: number) => `AG/RES. ${2900 + n} (${['L', 'LI', 'LII', 'LIII', 'LIV'][y % 5]}-O/${y % 100})`,
    series: (y: number) => `OEA/Ser.P/${['L', 'LI', 'LII', 'LIII', 'LIV'][y % 5]}-O.2`,
    job: 'AG',
  },
  {
    organ: 'PERMANENT COUNCIL OF THE ORGANIZATION OF AMERICAN STATES',
    opening: 'THE PERMANENT COUNCIL OF THE ORGANIZATION OF AMERICAN STATES,',
    symbol: (n: number, y: number) => `CP/RES. ${1200 + n} (${2300 + (y % 100)}/${y % 100})`,
    series: () => 'OEA/Ser.G',
    job: 'CP',
  },
  {
    organ: 'INTER-AMERICAN COMMISSION OF WOMEN',
    opening: 'THE ASSEMBLY OF DELEGATES OF THE INTER-AMERICAN COMMISSION OF WOMEN (CIM), gathered at its {ordinal} regular session, held in {city}, on {dates},',
    symbol: (n: number, y: number) => `CIM/RES. ${300 + n} (${['XXXVIII', 'XXXIX', 'XL'][y % 3]}-O/${y % 100})`,
    series: () => 'OEA/Ser.L/II.2.39',
    job: 'CIM',
  },
] as const

const ORDINALS = ['seventeenth', 'eighteenth', 'nineteenth', 'twentieth', 'twenty-first', 'twenty-second', 'fiftieth', 'fifty-first', 'fifty-second', 'fifty-third']
const CITIES = ['Washington, D.C.', 'Lima, Peru', 'Medellín, Colombia', 'Asunción, Paraguay', 'Santo Domingo, Dominican Republic', 'Cancún, Mexico', 'Ottawa, Canada', 'Bridgetown, Barbados']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

const TITLES = [
  'Advancing Hemispheric Security: A Multidimensional Approach',
  'Strengthening Cooperation and Confidence-Building Measures in Cyberspace',
  'Promotion of Hemispheric Cooperation against Transnational Organized Crime',
  'Inter-American Program for the Prevention of Terrorism and Violent Extremism',
  'Strengthening Democracy and the Protection of Electoral Processes',
  'International Law and the Protection of Critical Infrastructure',
  'Follow-up on the Inter-American Plan of Action on Disaster Risk Reduction',
  'Promotion and Protection of Human Rights in the Digital Environment',
  'Women, Peace and Security in the Americas',
  'Strengthening National Capacities for Incident Response',
]

const PREAMBLE_LEADS = [
  'RECALLING',
  'REAFFIRMING',
  'TAKING INTO ACCOUNT',
  'CONSIDERING',
  'RECOGNIZING',
  'BEARING IN MIND',
  'NOTING WITH SATISFACTION',
  'NOTING WITH CONCERN',
  'EMPHASIZING',
  'WELCOMING',
  'ACKNOWLEDGING',
  'HAVING SEEN',
  'CONVINCED',
  'STRESSING',
  'UNDERSCORING',
  'GUIDED BY',
]

const OPERATIVE_LEADS = [
  'To urge member states to',
  'To request the General Secretariat to',
  'To instruct the CICTE Secretariat to',
  'To encourage member states to',
  'To reaffirm the commitment of member states to',
  'To invite permanent observers and other donors to',
  'To request the Committee on Hemispheric Security to',
  'To call upon member states that have not yet done so to',
  'To recommend that the Permanent Council',
  'To entrust the Inter-American Juridical Committee to',
  'To welcome the efforts of member states to',
  'To support the initiatives of the Working Group to',
]

const VERBS = [
  'strengthen', 'promote', 'support', 'implement', 'develop', 'enhance', 'coordinate', 'foster', 'consolidate',
  'facilitate', 'continue', 'increase', 'review', 'exchange', 'identify', 'assess', 'encourage', 'expand',
]

const OBJECTS = [
  'national capacities for incident response',
  'confidence-building measures in cyberspace',
  'regional cooperation on cybersecurity and cybercrime',
  'the exchange of good practices among member states',
  'the Inter-American Program for the Prevention of Terrorism',
  'the network of national points of contact',
  'technical assistance and training programs',
  'transparency, predictability and stability in cyberspace',
  'the protection of critical infrastructure',
  'the participation of women in decision-making processes',
  'an open, accessible, interoperable, reliable, peaceful and secure digital environment',
  'the norms of responsible state behavior',
  'the early warning mechanisms of the region',
  'judicial cooperation in criminal matters',
  'the work of the Inter-American Committee on Ports',
  'dialogue with civil society and the private sector',
  'the Point of Contacts Portal',
  'the implementation of international humanitarian law',
  'the resilience of small island developing states',
  'the capacities of national statistical offices',
]

/** Connectors followed by a verb phrase, and by a noun phrase. */
const TO_VERB = ['in order to', 'so as to', 'and to', 'with the aim to', 'and further to']
const TO_NOUN = [
  'in accordance with', 'taking into account', 'in coordination with', 'as well as', 'including', 'in particular',
  'in line with', 'on the basis of', 'through', 'with regard to', 'together with',
]

/** How a preambular paragraph goes on after its capitalised leading words. */
const PREAMBLE_STARTS: ReadonlyArray<readonly [string, boolean]> = [
  ['the importance of', false],
  ['the need to', true],
  ['that member states have undertaken to', true],
  ['the progress made in', false],
  ['the efforts of member states to', true],
  ['that it is necessary to', true],
  ['the contribution of', false],
]

const TAILS = [
  'within available financial and human resources',
  'in full respect of international law',
  'on a voluntary basis',
  'as appropriate',
  'in accordance with their domestic legislation',
  'with the support of the CICTE Secretariat',
  'at the next regular session of the General Assembly',
  'in consultation with the member states',
]

/** References: kept whole (one token), never split by a deletion. */
const REFERENCES = [
  '(CP/CSH-1953/20 rev. 1)',
  '(A/65/201)',
  '(A/68/98)',
  '(A/70/174)',
  '(AG/RES. 2959 (L-O/20))',
  '(CICTE/DEC. 1/16)',
  '(CP/RES. 1165 (2280/20))',
  '(OEA/Ser.G CP/doc.5710/21)',
]

const INSERTS = [
  'hemispheric', 'voluntary', 'regional', 'and the private sector', 'as appropriate', 'including the Point of Contacts Portal',
  'in full respect of international law', 'and civil society', 'national', 'within available resources', 'effective',
  'and relevant stakeholders', 'subject to the availability of funds', 'in a gender-sensitive manner', 'periodically',
  'and to report thereon', 'multilateral', 'sustainable', 'upon request', 'with particular attention to small island developing states',
]

const FOOTNOTES = [
  'The United States does not join consensus on this paragraph and will present its position in a statement for the record.',
  'The Delegation of Mexico reserves its position on this paragraph pending consultations with its capital.',
  'Colombia understands that the measures referred to are voluntary and non-binding.',
  'Canada recalls its statement at the third meeting of the Working Group.',
  'Brazil considers that the term used in this paragraph should be read in accordance with the agreed language of the United Nations.',
  'The member states of CARICOM note the particular circumstances of small island developing states.',
  'Argentina will submit its comments in writing before the next meeting.',
  'Chile and Peru request that the Secretariat circulate the revised estimates before the next session.',
]

// ——————————————————————————————————————— text pieces ———————————————————————————————————————

/** A token is one word, or a reference kept whole (its spaces are not word breaks for deletion). */
type Token = string

function words(text: string): Token[] {
  return text.split(' ').filter(Boolean)
}

/** About `target` words of resolution prose, as tokens; starting with a verb or a noun phrase. */
function prose(rng: Rng, target: number, verbFirst = rng.chance(0.5)): Token[] {
  const out: Token[] = []
  let verb = verbFirst
  while (countWords(out) < target) {
    if (out.length > 0) {
      verb = rng.chance(0.45)
      out.push(...words(rng.pick(verb ? TO_VERB : TO_NOUN)))
    }
    if (verb) out.push(rng.pick(VERBS))
    out.push(...words(rng.pick(OBJECTS)))
    if (rng.chance(0.15)) out.push(rng.pick(REFERENCES))
    if (rng.chance(0.2)) out.push(...words(rng.pick(TAILS)))
    if (rng.chance(0.05)) out.push('*inter alia*')
    if (rng.chance(0.25)) out[out.length - 1] += ','
  }
  // No trailing comma: the caller adds the paragraph's own punctuation.
  out[out.length - 1] = out[out.length - 1]!.replace(/,$/, '')
  return out
}

export function countWords(tokens: readonly string[]): number {
  let n = 0
  for (const t of tokens) n += t.split(' ').length
  return n
}

// ——————————————————————————————————————— annotations ———————————————————————————————————————

type Kind = 'insert' | 'replace' | 'delete' | 'bare'

/** An annotation to be written, with the annotations nested in its inserted text. */
interface Note {
  kind: Kind
  /** The tag as written, e.g. `COL`, `CAN/US`, `CAN, US`; '' for a bare bracket. */
  tag: string
  agreed: boolean
  children: Note[]
  depth: number
}

function sponsorTag(rng: Rng): string {
  if (rng.chance(0.12)) {
    const a = rng.weighted(SPONSORS)
    let b = rng.weighted(SPONSORS)
    while (b === a) b = rng.weighted(SPONSORS)
    return `${a}${rng.chance(0.5) ? '/' : ', '}${b}`
  }
  return rng.weighted(SPONSORS)
}

function newNote(rng: Rng, depth: number): Note {
  const kind = rng.weighted<Kind>([
    ['insert', 34],
    ['replace', 30],
    ['delete', 18],
    ['bare', 10],
  ])
  const tag = kind === 'bare' ? '' : sponsorTag(rng)
  const agreed = tag !== '' && rng.chance(0.08)
  return { kind, tag, agreed, children: [], depth }
}

/** Can a note hold nested annotations in its inserted text? */
function canHost(note: Note): boolean {
  return note.depth < 3 && note.kind !== 'delete' && !note.agreed
}

/**
 * `count` annotations as a forest: most at top level, about one in four nested in an earlier
 * one's inserted text, never deeper than `maxDepth` in all (counting the top level as 1).
 */
function forest(rng: Rng, count: number, baseDepth: number): Note[] {
  const top: Note[] = []
  const hosts: Note[] = []
  for (let i = 0; i < count; i++) {
    const open = hosts.filter(canHost)
    if (open.length > 0 && rng.chance(0.25)) {
      const host = rng.pick(open)
      const child = newNote(rng, host.depth + 1)
      host.children.push(child)
      hosts.push(child)
    } else {
      const note = newNote(rng, baseDepth)
      top.push(note)
      hosts.push(note)
    }
  }
  return top
}

/** Counts what `weave` writes, for the checks against the parsed tree. */
export interface Tally {
  annotations: number
  maxDepth: number
  footnotes: number
}

/** Writes `base` with `notes` placed in it; a deletion or replacement takes base words as its `~~old~~`. */
function weave(rng: Rng, base: Token[], notes: Note[], tally: Tally): string {
  const slots = notes.map(() => rng.int(0, base.length)).sort((a, b) => a - b)
  const parts: string[] = []
  let cursor = 0
  notes.forEach((note, i) => {
    const at = Math.max(slots[i]!, cursor)
    parts.push(...base.slice(cursor, at))
    const limit = Math.min(slots[i + 1] ?? base.length, base.length)
    const take = note.kind === 'replace' || note.kind === 'delete' ? Math.min(rng.int(1, 3), Math.max(0, limit - at)) : 0
    const old = base.slice(at, at + take)
    cursor = at + take
    parts.push(annotation(rng, note, old, tally))
  })
  parts.push(...base.slice(cursor))
  return parts.join(' ')
}

function annotation(rng: Rng, note: Note, old: Token[], tally: Tally): string {
  tally.annotations++
  tally.maxDepth = Math.max(tally.maxDepth, note.depth)
  let kind = note.kind
  // A deletion needs base text; with none where it landed, it becomes an insertion.
  if ((kind === 'delete' || kind === 'replace') && old.length === 0) kind = 'insert'
  const inner: string[] = []
  if (kind === 'delete' || kind === 'replace') inner.push(`~~${old.join(' ')}~~`)
  if (kind !== 'delete') {
    const text = note.children.length > 0 ? prose(rng, rng.int(8, 20)) : kind === 'replace' && rng.chance(0.6) ? words(rng.pick(INSERTS)).slice(0, 3) : words(rng.pick(INSERTS))
    inner.push(weave(rng, text, note.children, tally))
  } else if (note.children.length > 0) {
    // A deletion hosts no amendments: write its children next to it instead.
    inner.push(weave(rng, [], note.children, tally))
  }
  const tag = note.tag === '' ? '' : `${note.tag}${note.agreed ? ' agreed' : ''}: `
  return `[${tag}${inner.join(' ')}]`
}

// ————————————————————————————————————————— drafts ——————————————————————————————————————————

interface Block {
  kind: 'opening' | 'preamble' | 'keyword' | 'operative'
  /** Nesting level for operative items: 0 top-level, 1 lettered, 2 roman. */
  level: number
  text: Token[]
  /** Text written before the tokens (not annotated): preamble leading words. */
  lead: string
  /** Punctuation after the text. */
  end: string
  /** The whole paragraph is one sponsor's proposal. */
  proposal: boolean
  annotations: number
  footnote: number | undefined
  annotated: boolean
}

function block(kind: Block['kind'], text: Token[], options: Partial<Block> = {}): Block {
  return { kind, level: 0, text, lead: '', end: '', proposal: false, annotations: 0, footnote: undefined, annotated: true, ...options }
}

export interface GeneratedDraft {
  name: string
  text: string
  /** What the generator wrote, to check against the parsed draft. */
  tally: Tally
  /** Words of the body as written (annotations' text included, markup excluded). */
  words: number
}

export interface DraftShape {
  preamble: [number, number]
  operative: [number, number]
  /** Words of each operative paragraph (top level). */
  operativeWords: [number, number]
  /** Words per annotation; or a fixed total of annotations. */
  wordsPerAnnotation?: number
  annotations?: number
  footnotes: [number, number]
  /** Target words of the whole body, when given: operative paragraphs are sized to reach it. */
  targetWords?: [number, number]
}

const REGULAR: DraftShape = {
  preamble: [4, 8],
  operative: [10, 20],
  operativeWords: [40, 110],
  wordsPerAnnotation: 40,
  footnotes: [1, 4],
  targetWords: [1050, 1650],
}

const OMNIBUS: DraftShape = {
  preamble: [8, 8],
  operative: [1000, 1000],
  operativeWords: [25, 70],
  annotations: 5000,
  footnotes: [12, 12],
}

function frontMatter(rng: Rng, index: number, omnibus: boolean): { yaml: string; opening: string } {
  const organ = rng.pick(ORGANS)
  const year = rng.int(2016, 2024)
  const month = rng.int(1, 12)
  const day = rng.int(1, 26)
  const city = rng.pick(CITIES)
  const dates = `${MONTHS[month - 1]} ${day} and ${day + 1}, ${year}`
  const ordinal = rng.pick(ORDINALS)
  const opening = organ.opening.replace('{ordinal}', ordinal).replace('{city}', city).replace('{dates}', dates)
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`
  const title = omnibus ? 'Advancing Hemispheric Security: A Multidimensional Approach (omnibus)' : rng.pick(TITLES)
  const q = (s: string) => JSON.stringify(s)
  const lines = [
    '---',
    'template: resolution',
    'lang: en',
    `organ: ${q(organ.organ)}`,
    'meeting:',
    `  - ${q(`${ordinal.toUpperCase()} REGULAR SESSION`)}`,
    `  - ${q(dates)}`,
    `  - ${q(city)}`,
    `series: ${q(organ.series(year))}`,
    `symbol: ${q(organ.symbol(index + 1, year))}`,
    `date: ${date}`,
    'original: en',
    `title: ${q(title)}`,
    `note: ${q(`Adopted at the ${rng.pick(['first', 'second', 'third', 'fourth', 'sixth'])} plenary session, held on ${MONTHS[month - 1]} ${day + 1}, ${year}`)}`,
  ]
  if (rng.chance(0.3)) lines.push('draft: true')
  lines.push(`job: ${organ.job}${String(10000 + index).padStart(5, '0')}E01`, '---')
  return { yaml: lines.join('\n'), opening }
}

function plan(rng: Rng, shape: DraftShape, opening: string): Block[] {
  const blocks: Block[] = [block('opening', words(opening), { annotated: false })]
  const preambles = rng.int(...shape.preamble)
  for (let i = 0; i < preambles; i++) {
    const lead = rng.pick(PREAMBLE_LEADS)
    const [start, verb] = rng.pick(PREAMBLE_STARTS)
    const text = [...words(start), ...prose(rng, rng.int(25, 75), verb)]
    blocks.push(block('preamble', text, { lead, end: i === preambles - 1 ? ',' : i === preambles - 2 && rng.chance(0.5) ? '; and' : ';' }))
  }
  blocks.push(block('keyword', ['RESOLVES:'], { annotated: false }))
  const operatives = rng.int(...shape.operative)
  const bodyWords = blocks.reduce((n, b) => n + countWords(b.text), 0)
  const target = shape.targetWords ? rng.int(...shape.targetWords) : undefined
  // Size operative paragraphs to reach the target (insertions add about a sixth on top).
  const perOperative = target ? Math.max(25, Math.round((target * 0.86 - bodyWords) / operatives)) : undefined
  for (let i = 0; i < operatives; i++) {
    const size = perOperative ? rng.int(Math.round(perOperative * 0.6), Math.round(perOperative * 1.4)) : rng.int(...shape.operativeWords)
    if (rng.chance(0.15) && size > 50) {
      // An introduction and lettered sub-paragraphs, sometimes a roman third level.
      const lead = rng.pick(OPERATIVE_LEADS)
      blocks.push(block('operative', words(lead), { end: ':', annotated: false }))
      const subs = rng.int(2, 5)
      for (let s = 0; s < subs; s++) {
        const last = s === subs - 1
        blocks.push(block('operative', prose(rng, Math.max(8, Math.round(size / subs)), true), { level: 1, end: last ? '.' : s === subs - 2 ? '; and' : ';' }))
        if (!last && rng.chance(0.1)) {
          blocks.push(block('operative', prose(rng, 10, true), { level: 2, end: ';' }))
          blocks.push(block('operative', prose(rng, 10, true), { level: 2, end: ';' }))
        }
      }
    } else {
      const text = [...words(rng.pick(OPERATIVE_LEADS)), ...prose(rng, size, true)]
      blocks.push(block('operative', text, { end: '.', proposal: rng.chance(0.08) }))
    }
  }
  return blocks
}

/** Shares `total` annotations among the annotated blocks in proportion to their words. */
function allocate(rng: Rng, blocks: Block[], total: number): void {
  const open = blocks.filter((b) => b.annotated)
  const weights = open.map((b) => countWords(b.text))
  const sum = weights.reduce((a, b) => a + b, 0)
  const shares = weights.map((w) => (w / sum) * total)
  let given = 0
  open.forEach((b, i) => {
    b.annotations = Math.floor(shares[i]!)
    given += b.annotations
  })
  // Hand out the rest at random, weighted by the fractional parts: exact total, no pattern.
  const rest = open.map((b, i) => [b, shares[i]! - Math.floor(shares[i]!) + 1e-9] as const)
  for (; given < total; given++) rng.weighted(rest).annotations++
}

function writeBlock(rng: Rng, b: Block, tally: Tally): string {
  if (!b.annotated) return b.text.join(' ') + b.end
  let text: string
  if (b.proposal && b.annotations > 0) {
    // `[COL: To request … [MEX: ~~a~~ b] …].` — the paragraph is one sponsor's proposal,
    // amended inside by others.
    const note: Note = { kind: 'insert', tag: sponsorTag(rng), agreed: false, depth: 1, children: forest(rng, b.annotations - 1, 2) }
    tally.annotations++
    text = `[${note.tag}: ${weave(rng, b.text, note.children, tally)}${b.end}]`
  } else {
    text = weave(rng, b.text, forest(rng, b.annotations, 1), tally) + b.end
  }
  if (b.lead) text = `${b.lead} ${text}`
  if (b.footnote !== undefined) text += `[^${b.footnote}]`
  return text
}

/** Plain words of what was written, markup taken out. */
function plainWords(markdown: string): number {
  const stripped = markdown
    .replace(/\[\^\d+\]/g, ' ')
    .replace(/\[[A-Z][A-Za-z0-9]*(?:\s*[,/]\s*[A-Z][A-Za-z0-9]*)*(?: agreed)?:/g, ' ')
    .replace(/[[\]~*]/g, ' ')
  return stripped.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
}

function generate(rng: Rng, name: string, index: number, shape: DraftShape, omnibus: boolean): GeneratedDraft {
  const { yaml, opening } = frontMatter(rng, index, omnibus)
  const blocks = plan(rng, shape, opening)
  const baseWords = blocks.reduce((n, b) => n + (b.annotated ? countWords(b.text) : 0), 0)
  // Inserted text adds about a sixth to the words: aim at one annotation per 40 words written.
  const total = shape.annotations ?? Math.round((baseWords * 1.16) / (shape.wordsPerAnnotation ?? 40))
  allocate(rng, blocks, total)
  const candidates = blocks.filter((b) => b.kind === 'preamble' || (b.kind === 'operative' && b.end === '.'))
  const footnotes = rng.int(...shape.footnotes)
  const chosen = new Set<Block>()
  while (chosen.size < Math.min(footnotes, candidates.length)) chosen.add(rng.pick(candidates))
  let n = 0
  for (const b of blocks) if (chosen.has(b)) b.footnote = ++n

  const tally: Tally = { annotations: 0, maxDepth: 0, footnotes: n }
  const lines: string[] = [yaml, '']
  const numbers = [0, 0, 0]
  const indents = [0, 0, 0]
  for (const b of blocks) {
    const text = writeBlock(rng, b, tally)
    if (b.kind !== 'operative') {
      lines.push(text, '')
      continue
    }
    // Ordered lists: typed numbers are ignored by oasgen; write them as a drafter would.
    numbers[b.level] = numbers[b.level]! + 1
    for (let l = b.level + 1; l < 3; l++) numbers[l] = 0
    const marker = `${numbers[b.level]}. `
    const indent = b.level === 0 ? 0 : indents[b.level - 1]! + (b.level === 1 ? `${numbers[0]}. `.length : `${numbers[1]}. `.length)
    indents[b.level] = indent
    lines.push(' '.repeat(indent) + marker + text, '')
  }
  for (let i = 1; i <= n; i++) lines.push(`[^${i}]: ${rng.pick(FOOTNOTES)}`, '')
  const body = lines.slice(2).join('\n')
  return { name, text: lines.join('\n'), tally, words: plainWords(body) }
}

/** Draft `index` of the corpus for `seed`: the same text on every run. */
export function generateDraft(seed: string, index: number): GeneratedDraft {
  const rng = new Rng(`${seed}:draft:${index}`)
  return generate(rng, `draft-${String(index + 1).padStart(4, '0')}`, index, REGULAR, false)
}

/** The omnibus: 1,000 operative paragraphs, 5,000 annotations. */
export function generateOmnibus(seed: string): GeneratedDraft {
  const rng = new Rng(`${seed}:omnibus`)
  return generate(rng, 'omnibus', 999, OMNIBUS, true)
}

/** A long draft like the omnibus: `operative` operative paragraphs carrying exactly `annotations` annotations (compare's bench). */
export function generateLong(seed: string, operative: number, annotations: number): GeneratedDraft {
  const rng = new Rng(`${seed}:long:${operative}:${annotations}`)
  return generate(rng, `long-${operative}`, 998, { ...OMNIBUS, operative: [operative, operative], annotations }, true)
}

/** Writes drafts 0..n-1 into `dir` (created) and returns them. */
export function writeCorpus(dir: string, seed: string, n: number): GeneratedDraft[] {
  mkdirSync(dir, { recursive: true })
  const drafts: GeneratedDraft[] = []
  for (let i = 0; i < n; i++) {
    const draft = generateDraft(seed, i)
    writeFileSync(join(dir, `${draft.name}.md`), draft.text)
    drafts.push(draft)
  }
  return drafts
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dir, count = '40', seed = 'oasgen-bench-1'] = process.argv.slice(2)
  if (!dir) {
    process.stderr.write('usage: node --import tsx bench/corpus.ts <dir> [N] [seed]\n')
    process.exit(2)
  }
  const drafts = writeCorpus(dir, seed, Number(count))
  const omnibus = generateOmnibus(seed)
  writeFileSync(join(dir, 'omnibus.md'), omnibus.text)
  process.stdout.write(`${drafts.length} drafts and omnibus.md written to ${dir}\n`)
}
