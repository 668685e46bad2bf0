/**
 * Compares one language version with the reference version, paragraph by paragraph, and says
 * every drift as a positioned message in the version that differs: front matter fields that do
 * not depend on language, the structure (paragraphs, sub-paragraphs, headings, the operative
 * keyword), the proposals of each paragraph (sponsors as delegations, kind, state, nesting,
 * order), footnote references, and figures (years, symbols, cited paragraph numbers).
 *
 * Each drift is said once: a paragraph that one version lacks is one message (what it holds is
 * not then reported as missing too), a proposal moved to the next paragraph is one message (not
 * a missing one and an added one), a footnote deleted is one message (at the paragraph that
 * referred to it).
 */
import type { Place, RuleId } from '../diagnostics.js'
import type { Language } from '../draft/frontmatter.js'
import { align, type Pair } from './align.js'
import type { Figure } from './figures.js'
import { inSpan, type Outline, type Para, type ProposalNode } from './outline.js'

export interface Drift {
  rule: RuleId
  reason: string
  /** Where, in the version that differs. */
  place: Place | undefined
  /** The row of the summary table: a paragraph of the reference version (`OP4`), `front matter` or `keyword`. */
  row: string
  /** What the summary table prints in that row: `sponsors`, `proposal missing`, `added OP1.c` … */
  label: string
}

export interface CompareContext {
  /** A language's name in messages: `English`. */
  language: (lang: Language) => string
  /** A language's letter in job codes (`E`, `S`), when the locale says. */
  jobLetter: (lang: Language) => string | undefined
}

export const FRONT_ROW = 'front matter'
export const KEYWORD_ROW = 'keyword'

/** The front matter fields that do not depend on language (`job` apart from its letter). */
export const SHARED_FIELDS = ['template', 'symbol', 'series', 'date', 'original', 'draft'] as const

/** A proposal of one side with no counterpart on the other, kept until moves are paired up. */
interface Loose {
  node: ProposalNode
  /** The index of the paragraph pair it was found in (reading order), to tell a neighbour. */
  pair: number
  row: string
  /** The paragraph's name in messages. */
  where: string
  /** For a proposal missing from the other version: where to say so there. */
  place: Place | undefined
}

export function compareVersions(ref: Outline, other: Outline, context: CompareContext): Drift[] {
  return new Comparison(ref, other, context).run()
}

class Comparison {
  private readonly drifts: Drift[] = []
  private readonly missing: Loose[] = []
  private readonly added: Loose[] = []
  /** The other version's side of the proposals found moved. */
  private readonly moved: Loose[] = []
  /** Footnotes paired through the paragraphs that refer to them: reference `FN1` → other `FN1`. */
  private readonly notes = new Map<string, string>()
  private readonly notesBack = new Map<string, string>()
  /** Paragraphs of the reference version and those of the other that stand for them. */
  private readonly counterparts = new Map<Para, Para>()
  /** Messages about a paragraph the other version lacks, placed once every pair is known. */
  private readonly gaps: Array<{ para: Para; drift: Drift; fallback: Place | undefined }> = []
  /** Messages about a paragraph the reference version lacks: one alike where a gap is may be that paragraph at another level. */
  private readonly extras: Array<{ para: Para; drift: Drift }> = []
  /** Paired paragraphs that refer to different numbers of footnotes, kept until moved marks are paired up. */
  private readonly noteGaps: Array<{ a: Para; b: Para; pair: number; row: string }> = []
  /** Figures to compare once the proposals with no counterpart are known (their figures go with them). */
  private readonly pendingFigures: Array<{ a: readonly Figure[]; b: readonly Figure[]; where: string; place: Place | undefined; row: string }> = []
  private pairs = 0
  private row = FRONT_ROW
  private readonly a: string
  private readonly b: string

  constructor(
    private readonly ref: Outline,
    private readonly other: Outline,
    private readonly context: CompareContext,
  ) {
    this.a = `the ${context.language(ref.version.lang)} text`
    this.b = `the ${context.language(other.version.lang)} text`
  }

  run(): Drift[] {
    this.frontMatter()
    const unread = this.unreadKeyword()
    this.list(this.ref.preamble, unread ? this.other.preamble.slice(0, -1) : this.other.preamble, 'preambular paragraphs', undefined)
    this.keyword(unread)
    this.list(this.ref.operative, this.other.operative, 'operative paragraphs', undefined)
    this.list(this.ref.other, this.other.other, 'paragraphs outside the preamble and the operative part', undefined)
    this.noteMoves()
    this.footnotes()
    this.noteMoves()
    this.moves()
    this.allFigures()
    this.placeGaps()
    return this.drifts
  }

  private say(rule: RuleId, reason: string, place: Place | undefined, label: string, row = this.row): Drift {
    const drift = { rule, reason, place, row, label }
    this.drifts.push(drift)
    return drift
  }

  private pair(a: Para, b: Para): void {
    this.counterparts.set(a, b)
    this.pairs++
    this.paragraph(a, b)
  }

  // Front matter ------------------------------------------------------------------------------

  private frontMatter(): void {
    const a = this.ref.version.draft
    const b = this.other.version.draft
    const at = (key: string) => b.placeOf(key) ?? { line: 1, column: 1 }
    for (const field of SHARED_FIELDS) {
      const x = a.meta[field]
      const y = b.meta[field]
      if (String(x ?? '') === String(y ?? '')) continue
      // `original` and `draft` have defaults: say what the draft printed, written or not.
      const reason =
        y === undefined || y === ''
          ? `front matter: \`${field}\` is ${x} in ${this.a}; ${this.b} has none`
          : x === undefined || x === ''
            ? `front matter: ${this.b} has \`${field}\` ${y}; ${this.a} has none`
            : `front matter: \`${field}\` is ${x} in ${this.a} and ${y} in ${this.b}`
      this.say('parity-front-matter', reason, at(field), field)
    }
    this.job(a.meta.job, b.meta.job, at('job'))
    this.figures(this.ref.frontFigures, this.other.frontFigures, 'front matter (title, note, organ, meeting lines)', at('title'))
  }

  /** Job codes agree but for the language letter (`CICTE01153E01`, `CICTE01153S01`), which is the version's own. */
  private job(x: string | undefined, y: string | undefined, place: Place): void {
    if (x === undefined && y === undefined) return
    if (x === undefined || y === undefined) {
      this.say('parity-front-matter', x === undefined ? `front matter: ${this.b} has \`job\` ${y}; ${this.a} has none` : `front matter: \`job\` is ${x} in ${this.a}; ${this.b} has none`, place, 'job')
      return
    }
    const split = (job: string) => /^(.*?)([A-Z])(\d+)$/.exec(job)
    const [p, q] = [split(x), split(y)]
    if (!p || !q) {
      if (x !== y) this.say('parity-front-matter', `front matter: \`job\` is ${x} in ${this.a} and ${y} in ${this.b}`, place, 'job')
      return
    }
    if (p[1] !== q[1] || p[3] !== q[3]) {
      this.say('parity-front-matter', `front matter: \`job\` is ${x} in ${this.a} and ${y} in ${this.b}: apart from the language letter they must agree`, place, 'job')
      return
    }
    const letter = this.context.jobLetter(this.other.version.lang)
    if (letter !== undefined && q[2] !== letter) {
      this.say('parity-front-matter', `front matter: \`job\` ${y} has the language letter ${q[2]}; ${this.b}'s is ${letter} (${x.replace(/[A-Z](\d+)$/, `${letter}$1`)})`, place, 'job')
    }
  }

  // Structure -----------------------------------------------------------------------------------

  /**
   * The other version's last preambular paragraph, when the reference has the operative keyword
   * and the other has none but one more preambular paragraph in capitals: its keyword, written
   * so that it is not read as one (`RESUELVE`, no colon).
   */
  private unreadKeyword(): Para | undefined {
    const last = this.other.preamble[this.other.preamble.length - 1]
    if (!this.ref.keyword || this.other.keyword || !last || this.other.preamble.length !== this.ref.preamble.length + 1) return undefined
    return /^[\p{Lu}\s]+[.:;]?$/u.test(last.text) && last.text.split(/\s+/).length <= 4 ? last : undefined
  }

  private keyword(unread: Para | undefined): void {
    const [a, b] = [this.ref.keyword, this.other.keyword]
    if (a) this.row = KEYWORD_ROW
    if (unread) {
      this.say(
        'parity-structure',
        `\`${unread.text}\` is not read as the operative keyword (${this.a} has \`${a!.text}\`): write it in capitals followed by a colon, alone on its line, just before the operative paragraphs`,
        unread.place,
        'keyword',
      )
    } else if (a && !b) {
      this.say('parity-structure', `${this.a} has the operative keyword \`${a.text}\` before the operative paragraphs; ${this.b} has none`, this.other.operative[0]?.place, 'keyword missing')
    } else if (b && !a) {
      this.say('parity-structure', `${this.b} has an operative keyword (\`${b.text}\`) that ${this.a} does not have`, b.place, 'keyword added')
    } else if (a && b) {
      this.pair(a, b)
    }
  }

  /** The paragraphs of one part (or the sub-paragraphs of one paragraph), paired, then each pair compared. */
  private list(a: readonly Para[], b: readonly Para[], what: string, parent: { a: Para; b: Para } | undefined): void {
    const pairs = align(a, b, signature)
    const counts = `${a.length} ${what} in ${this.a}, ${b.length} in ${this.b}`
    for (const pair of pairs) {
      if (pair.a && pair.b) {
        this.row = pair.a.facts.ref
        this.pair(pair.a, pair.b)
        this.list(pair.a.children, pair.b.children, `sub-paragraphs of ${name(pair.a)}`, { a: pair.a, b: pair.b })
      } else if (pair.a) {
        this.row = pair.a.facts.ref
        const drift = this.say('parity-structure', `${this.a} has ${name(pair.a)} (line ${pair.a.facts.line}), which ${this.b} does not have (${counts})`, undefined, 'missing')
        this.gaps.push({ para: pair.a, drift, fallback: parent?.b.place })
      } else {
        const drift = this.say('parity-structure', `${this.b} has ${name(pair.b)}, which ${this.a} does not have (${counts})`, pair.b.place, `added ${pair.b.facts.ref}`)
        this.extras.push({ para: pair.b, drift })
      }
    }
  }

  /**
   * A paragraph the other version lacks is said where it would stand there: at the paragraph
   * that follows it (the first after it that has a counterpart), else the last before it. When
   * the other version has, just there, a paragraph alike at another level (`1.b` written as
   * `1.a.i`, or as operative paragraph 2), the two are one message: the paragraph is at another
   * level.
   */
  private placeGaps(): void {
    const body = [...this.ref.preamble, ...(this.ref.keyword ? [this.ref.keyword] : []), ...flat(this.ref.operative), ...this.ref.other].sort((p, q) => p.facts.line - q.facts.line)
    const dropped = new Set<Drift>()
    for (const { para, drift, fallback } of this.gaps) {
      const order = para.facts.kind === 'FN' ? this.ref.footnotes : body
      const i = order.indexOf(para)
      const next = order.slice(i + 1).find((p) => this.counterparts.has(p))
      const previous = order.slice(0, Math.max(i, 0)).reverse().find((p) => this.counterparts.has(p))
      drift.place = ((next ?? previous) && this.counterparts.get((next ?? previous)!)!.place) ?? fallback
      const [from, to] = [previous && this.counterparts.get(previous)!.facts.line, next && this.counterparts.get(next)!.facts.line]
      const moved = this.extras.find(
        ({ para: b, drift: added }) =>
          !dropped.has(added) &&
          b.facts.kind === para.facts.kind &&
          b.facts.numbers.length !== para.facts.numbers.length &&
          signature(b) === signature(para) &&
          (from === undefined || b.facts.line > from) &&
          (to === undefined || b.facts.line < to),
      )
      if (!moved) continue
      dropped.add(drift).add(moved.drift)
      this.say(
        'parity-structure',
        `${name(moved.para)}: ${this.b} has here, at another level, what ${this.a} has as ${name(para)} (line ${para.facts.line}): ${levelName(moved.para)} rather than ${levelName(para)}`,
        moved.para.place,
        `level (${moved.para.facts.ref})`,
        drift.row,
      )
    }
    for (let k = this.drifts.length - 1; k >= 0; k--) if (dropped.has(this.drifts[k]!)) this.drifts.splice(k, 1)
  }

  /** One pair of paragraphs that stand for each other. */
  private paragraph(a: Para, b: Para): void {
    const where = name(b)
    if ((a.heading ?? 0) !== (b.heading ?? 0)) {
      const kind = (p: Para) => (p.heading ? `a heading of level ${p.heading}` : 'a paragraph')
      this.say('parity-structure', `${where}: ${this.a} has ${kind(a)} here; ${this.b} has ${kind(b)}`, b.place, 'heading')
    }
    this.proposals(a.proposals, b.proposals, { pair: this.pairs, where, place: b.place }, undefined)
    this.footnoteRefs(a, b)
    this.figures(a.figures, b.figures, where, b.place)
  }

  // Proposals -----------------------------------------------------------------------------------

  /** The proposals of one paragraph (or those nested in one proposal), paired, then compared. */
  private proposals(a: readonly ProposalNode[], b: readonly ProposalNode[], at: { pair: number; where: string; place: Place | undefined }, parents: { a: ProposalNode; b: ProposalNode } | undefined): void {
    let pairs: Array<Pair<ProposalNode>>
    const [x, y] = [a.map(proposalSignature), b.map(proposalSignature)]
    if (x.join('\n') !== y.join('\n') && [...x].sort().join('\n') === [...y].sort().join('\n')) {
      // The same proposals in another order: word order differs between languages; say it once.
      const used = new Set<ProposalNode>()
      pairs = a.map((node) => {
        const match = b.find((m) => !used.has(m) && proposalSignature(m) === proposalSignature(node))!
        used.add(match)
        return { a: node, b: match }
      })
      this.say(
        'parity-proposal-order',
        `${at.where}: the same proposals as in ${this.a}, in another order (${a.map((n) => n.facts.tag || 'bracket').join(', ')} there; ${b.map((n) => n.facts.tag || 'bracket').join(', ')} here): check that only the word order of the language moved them`,
        b[0]?.facts.position.start ?? at.place,
        'order',
      )
    } else {
      pairs = align(a, b, proposalKeys)
    }
    for (const pair of pairs) {
      if (pair.a && pair.b) {
        this.proposal(pair.a, pair.b, at.where)
        this.proposals(pair.a.children, pair.b.children, at, { a: pair.a, b: pair.b })
      } else if (pair.a) {
        this.missing.push({ node: pair.a, pair: at.pair, row: this.row, where: at.where, place: parents ? parents.b.facts.position.start : at.place })
      } else {
        this.added.push({ node: pair.b, pair: at.pair, row: this.row, where: at.where, place: pair.b.facts.position.start })
      }
    }
  }

  /** Two proposals that stand for each other: the same delegations, kind, state and place in their parent. */
  private proposal(a: ProposalNode, b: ProposalNode, where: string): void {
    const sponsors = a.delegations.join(' ') !== b.delegations.join(' ')
    const kind = a.facts.kind !== b.facts.kind
    const state = a.facts.state !== b.facts.state
    const within = a.facts.within !== b.facts.within
    if (!sponsors && !kind && !state && !within) return
    const rule: RuleId = sponsors ? 'parity-proposal-sponsors' : kind ? 'parity-proposal-kind' : state ? 'parity-proposal-state' : 'parity-proposal-nesting'
    const facets = { sponsors, kind, state }
    let reason = `${where}: ${this.a} has ${describe(a, facets)} here (${a.facts.ref}); ${this.b} has ${describe(b, facets)} (${b.facts.ref})`
    if (within) reason += `, in the ${b.facts.within} of ${b.facts.parent} rather than in its ${a.facts.within}`
    this.say(rule, reason, b.facts.position.start, rule.replace('parity-proposal-', ''))
  }

  /**
   * Proposals one version lacks where the other has them: a missing one and an added one alike,
   * in the same or the next paragraph, are one proposal moved (or nested otherwise).
   */
  private moves(): void {
    for (const lost of this.missing) {
      const found = this.added.findIndex((extra) => Math.abs(extra.pair - lost.pair) <= 1 && proposalSignature(extra.node) === proposalSignature(lost.node))
      if (found === -1) {
        this.say('parity-proposal-missing', `${lost.where}: ${this.a} has ${describe(lost.node)} here (${lost.node.facts.ref}${inside(lost.node)}); ${this.b} has none`, lost.place, 'proposal missing', lost.row)
        continue
      }
      const [extra] = this.added.splice(found, 1) as [Loose]
      this.moved.push(extra)
      if (extra.pair === lost.pair) {
        this.say(
          'parity-proposal-nesting',
          `${extra.where}: ${this.b} has ${describe(extra.node)} (${extra.node.facts.ref}${inside(extra.node)}) that ${this.a} has ${lost.node.facts.parent ? `inside ${lost.node.facts.parent}` : 'outside any other proposal'} (${lost.node.facts.ref})`,
          extra.place,
          'nesting',
          lost.row,
        )
      } else {
        this.say(
          'parity-proposal-moved',
          `${extra.where}: ${this.b} has ${describe(extra.node)} here (${extra.node.facts.ref}) that ${this.a} has in ${lost.where} (${lost.node.facts.ref})`,
          extra.place,
          `proposal moved to ${extra.row}`,
          lost.row,
        )
      }
    }
    for (const extra of this.added) {
      this.say('parity-proposal-extra', `${extra.where}: ${this.b} has ${describe(extra.node)} here (${extra.node.facts.ref}${inside(extra.node)}); ${this.a} has none`, extra.place, 'proposal added', extra.row)
    }
  }

  // Footnotes -------------------------------------------------------------------------------------

  /** The footnotes two paragraphs refer to: as many, and the same notes (paired on the way). */
  private footnoteRefs(a: Para, b: Para): void {
    const [x, y] = [a.facts.notes, b.facts.notes]
    if (x.length !== y.length) {
      this.noteGaps.push({ a, b, pair: this.pairs, row: this.row })
      return
    }
    for (let i = 0; i < x.length; i++) {
      const [p, q] = [x[i]!, y[i]!]
      const known = this.notes.get(p)
      const back = this.notesBack.get(q)
      if ((known !== undefined && known !== q) || (back !== undefined && back !== p)) {
        this.say('parity-footnote', `${name(b)}: ${this.a} refers to footnote ${p.slice(2)} here; ${this.b} to footnote ${q.slice(2)}, which stands for another note elsewhere`, b.place, 'footnote')
        continue
      }
      this.notes.set(p, q)
      this.notesBack.set(q, p)
    }
  }

  /**
   * Paragraphs that refer to fewer footnotes than in the reference version, and the nearest that
   * refer to as many more: one footnote mark moved, said once, where it now stands. The others
   * are said where they are.
   */
  private noteMoves(): void {
    const gaps = this.noteGaps.splice(0)
    const delta = (gap: (typeof gaps)[number]) => gap.b.facts.notes.length - gap.a.facts.notes.length
    const said = new Set<(typeof gaps)[number]>()
    for (const lost of gaps) {
      if (delta(lost) > 0 || said.has(lost)) continue
      const gain = gaps
        .filter((g) => !said.has(g) && delta(g) === -delta(lost))
        .sort((g, h) => Math.abs(g.pair - lost.pair) - Math.abs(h.pair - lost.pair))[0]
      if (!gain) continue
      said.add(lost).add(gain)
      const moved = gain.a.facts.notes.length === 0 ? ` (${numbers(gain.b.facts.notes)})` : ''
      const count = delta(gain) === 1 ? 'a footnote' : `${delta(gain)} footnotes`
      this.say('parity-footnote', `${name(gain.b)}: ${this.b} refers here to ${count}${moved} that ${this.a} refers to from ${name(lost.a)}`, gain.b.place, `footnote moved to ${gain.row}`, lost.row)
      // Marks moved whole: the notes they refer to stand for each other.
      if (lost.b.facts.notes.length === 0 && gain.a.facts.notes.length === 0) {
        lost.a.facts.notes.forEach((p, k) => {
          const q = gain.b.facts.notes[k]!
          if (!this.notes.has(p) && !this.notesBack.has(q)) {
            this.notes.set(p, q)
            this.notesBack.set(q, p)
          }
        })
      }
    }
    for (const gap of gaps) {
      if (said.has(gap)) continue
      this.say('parity-footnote', `${name(gap.b)}: ${this.a} refers to ${numbers(gap.a.facts.notes)} here; ${this.b} to ${numbers(gap.b.facts.notes)}`, gap.b.place, 'footnote', gap.row)
    }
  }

  /**
   * Footnotes paired through their references are compared like paragraphs; a note with no
   * reference in either version is paired by position among those. A note whose reference is
   * missing has been reported at that reference.
   */
  private footnotes(): void {
    const referred = (outline: Outline) => new Set([...outline.preamble, outline.keyword, ...flat(outline.operative), ...outline.other, ...outline.footnotes].flatMap((p) => p?.facts.notes ?? []))
    const refOf = new Map(this.other.footnotes.map((p) => [p.facts.ref, p]))
    for (const a of this.ref.footnotes) {
      const b = refOf.get(this.notes.get(a.facts.ref) ?? '')
      if (!b) continue
      this.row = a.facts.ref
      this.pair(a, b)
    }
    const [x, y] = [referred(this.ref), referred(this.other)]
    this.list(
      this.ref.footnotes.filter((p) => !x.has(p.facts.ref)),
      this.other.footnotes.filter((p) => !y.has(p.facts.ref)),
      'footnotes that nothing refers to',
      undefined,
    )
  }

  // Figures ---------------------------------------------------------------------------------------

  private figures(a: readonly Figure[], b: readonly Figure[], where: string, place: Place | undefined): void {
    this.pendingFigures.push({ a, b, where, place, row: this.row })
  }

  /**
   * Years, symbols and cited paragraph numbers: the same in both versions of a paragraph,
   * whatever their order, but for those inside a proposal that has no counterpart (missing,
   * added or moved): the message about that proposal says it.
   */
  private allFigures(): void {
    const spans = (nodes: Loose[]) => nodes.map((n) => n.node.facts.position)
    const [x, y] = [spans(this.missing), spans([...this.added, ...this.moved])]
    for (const { a, b, where, place, row } of this.pendingFigures) {
      this.row = row
      this.compareFigures(
        a.filter((f) => !x.some((span) => inSpan(f.place, span))),
        b.filter((f) => !y.some((span) => inSpan(f.place, span))),
        where,
        place,
      )
    }
  }

  /** Years, symbols and cited paragraph numbers: the same in both, whatever their order. */
  private compareFigures(a: readonly Figure[], b: readonly Figure[], where: string, place: Place | undefined): void {
    const lost = without(a, b)
    const extra = without(b, a)
    if (lost.length === 0 && extra.length === 0) return
    const list = (figures: Figure[]) => figures.map(show).join(', ')
    const reason =
      lost.length > 0 && extra.length > 0
        ? `${where}: ${this.a} has ${list(lost)} where ${this.b} has ${list(extra)}`
        : lost.length > 0
          ? `${where}: ${this.a} has ${list(lost)}, which ${this.b} does not`
          : `${where}: ${this.b} has ${list(extra)}, which ${this.a} does not`
    this.say('parity-figures', reason, extra[0]?.place ?? place, 'figures')
  }
}

/** What can be compared of a paragraph without reading its words: for placing an added or missing one. */
function signature(p: Para): string {
  const figures = (keys: readonly string[]) => [...keys].sort().join(',')
  return [p.heading ?? '', p.proposals.map(proposalSignature).join(','), p.facts.notes.length, figures(p.figures.map((f) => f.key)), figures(p.noteFigures), p.children.length].join('|')
}

/** What can be compared of a proposal without reading words: delegations, kind, state, and the same of those nested in it. */
function proposalSignature(node: ProposalNode): string {
  return `${ownSignature(node)}(${node.children.map(proposalSignature).join(',')})`
}

/** A proposal's delegations, kind and state. */
function ownSignature(node: ProposalNode): string {
  return `${node.delegations.join('+')}:${node.facts.kind}:${node.facts.state}`
}

/** For pairing the proposals of a list: those alike in themselves, preferring those alike in the proposals they hold, then in their figures too. */
function proposalKeys(node: ProposalNode): [string, string, string] {
  const deep = proposalSignature(node)
  return [ownSignature(node), deep, `${deep}|${[...node.figures].sort().join(',')}`]
}

/** `an operative paragraph`, `a sub-paragraph of operative paragraph 1.a`. */
function levelName(p: Para): string {
  const { numbers } = p.facts
  return numbers.length <= 1 ? 'an operative paragraph' : `a sub-paragraph of operative paragraph ${p.facts.ref.slice(2, p.facts.ref.lastIndexOf('.'))}`
}

/** `footnote 1`, `footnotes 1, 2`, `none`. */
function numbers(refs: readonly string[]): string {
  return refs.length === 0 ? 'none' : `${refs.length === 1 ? 'footnote' : 'footnotes'} ${refs.map((r) => r.slice(2)).join(', ')}`
}

/** `operative paragraph 4`, `preambular paragraph 2`, `operative paragraph 1.b`, `footnote 1`, `paragraph P12`. */
function name(p: Para): string {
  const { kind, ref } = p.facts
  if (kind === 'PP') return `preambular paragraph ${ref.slice(2)}`
  if (kind === 'OP') return `operative paragraph ${ref.slice(2)}`
  if (kind === 'FN') return `footnote ${ref.slice(2)}`
  return `${p.heading ? 'heading' : 'paragraph'} ${ref}`
}

/** `a proposal by MEX`, `an agreed replacement by CAN, US`, `bracketed text`: the facets asked for spelt out. */
function describe(node: ProposalNode, facets: { sponsors?: boolean; kind?: boolean; state?: boolean } = {}): string {
  const { tag, kind, state } = node.facts
  const noun = facets.kind ? kind : tag ? 'proposal' : 'bracketed text'
  const words = [facets.state ? state : '', noun].filter(Boolean).join(' ')
  const article = tag || facets.kind || facets.state ? (/^[aeiou]/.test(words) ? 'an ' : 'a ') : ''
  const by = tag ? ` by ${tag}` : facets.sponsors || facets.kind || facets.state ? ' with no sponsor' : ''
  return `${article}${words}${by}`
}

const inside = (node: ProposalNode) => (node.facts.parent ? `, inside ${node.facts.parent}` : '')

function show(figure: Figure): string {
  return figure.kind === 'paragraph' ? `paragraph ${figure.text}` : figure.text
}

/** The figures of `a` that `b` lacks, counting repeats. */
function without(a: readonly Figure[], b: readonly Figure[]): Figure[] {
  const left = new Map<string, number>()
  for (const f of b) left.set(f.key, (left.get(f.key) ?? 0) + 1)
  return a.filter((f) => {
    const n = left.get(f.key) ?? 0
    if (n > 0) left.set(f.key, n - 1)
    return n === 0
  })
}

function flat(paras: readonly Para[]): Para[] {
  return paras.flatMap((p) => [p, ...flat(p.children)])
}
