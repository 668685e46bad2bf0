/**
 * Where every proposal of a draft stands (`oasgen status`, `oasgen build --annex status`): one
 * row per proposal, a summary per delegation and one per paragraph, as plain data
 * (`statusOf`), and the same as tables of the document model (`statusBlocks`), which every
 * renderer lays out like any block, in the draft's language.
 *
 * The JSON of `oasgen status --format json` is `StatusReport` (version 1): new fields may be
 * added; none is renamed or removed without a new version.
 */
import type { Nodes, Root } from 'mdast'
import type { ProposalState } from '../draft/annotation/types.js'
import type { Registry, ScenarioLabels, StatusLabels } from '../layout/load.js'
import type { Block, Cell, Table } from '../model/types.js'
import { proposalsByNode, proposalsOf, type ProposalFacts } from '../proposals/proposals.js'
import { plan, type Choice, type Scenario } from '../view/scenario.js'

/**
 * A proposal's row: its reference, paragraph, sponsors (as written, `[]` for a bare bracket), tag,
 * owners (a bare bracket's are those of the proposal around it), kind, state and whether it is
 * moot, as `proposalsOf` gives them, with its words and place.
 */
export interface StatusRow extends Pick<ProposalFacts, 'ref' | 'paragraph' | 'sponsors' | 'tag' | 'owners' | 'kind' | 'state' | 'moot'> {
  inserted: number
  deleted: number
  /** The proposal it amends. */
  amends: string | null
  line: number
  column: number
}

export interface DelegationSummary {
  /** A sponsor code as first written in the draft; '' for bare brackets owned by no one. */
  code: string
  pending: number
  agreed: number
  withdrawn: number
}

export interface ParagraphSummary {
  ref: string
  pending: number
  agreed: number
  withdrawn: number
  /** No pending proposal left in it (moot ones aside): its text is settled. */
  free: boolean
}

export interface StatusReport {
  proposals: StatusRow[]
  delegations: DelegationSummary[]
  paragraphs: ParagraphSummary[]
}

/**
 * The status of a draft. A joint proposal counts for each of its sponsors; a delegation known
 * to the registry under two codes (`US`, `USA`) is one row, under the code written first; a bare
 * bracket inside a proposal is part of it and not counted again for its delegation, and one
 * outside any counts for no sponsor (`code: ''`). A moot proposal is counted nowhere: its state
 * is its tag's, but nothing is pending on it.
 */
export function statusOf(tree: Root, registry?: Registry): StatusReport {
  const { paragraphs, proposals } = proposalsOf(tree)
  const proposalRows: StatusRow[] = proposals.map((p) => ({
    ref: p.ref,
    paragraph: p.paragraph,
    sponsors: p.sponsors,
    tag: p.tag,
    owners: p.owners,
    kind: p.kind,
    inserted: p.inserted.words,
    deleted: p.deleted.words,
    amends: p.parent ?? null,
    state: p.state,
    moot: p.moot,
    line: p.position.start.line,
    column: p.position.start.column,
  }))
  const delegations = new Map<string, DelegationSummary>()
  const byRef = new Map(proposalRows.map((r) => [r.ref, r]))
  for (const row of proposalRows) {
    // A bare bracket inside a proposal is part of it (spec section 3): not counted again.
    if (row.moot || (row.tag === '' && row.owners.length > 0)) continue
    const codes = row.sponsors.length > 0 ? row.sponsors : ['']
    for (const code of new Set(codes.map((c) => registry?.get(c)?.code ?? c))) {
      let summary = delegations.get(code)
      if (!summary) {
        const written = codes.find((c) => (registry?.get(c)?.code ?? c) === code) ?? code
        summary = { code: written, pending: 0, agreed: 0, withdrawn: 0 }
        delegations.set(code, summary)
      }
      summary[row.state]++
    }
  }
  return {
    proposals: proposalRows,
    delegations: [...delegations.values()],
    paragraphs: paragraphs.map((p) => {
      const rows = p.proposals.map((ref) => byRef.get(ref)!).filter((r) => !r.moot)
      const count = (state: ProposalState) => rows.filter((r) => r.state === state).length
      return { ref: p.ref, pending: count('pending'), agreed: count('agreed'), withdrawn: count('withdrawn'), free: count('pending') === 0 }
    }),
  }
}

/**
 * What a scenario's document does with each proposal, by reference: `accept` (its change is made),
 * `show` (in brackets) or `reject` (its text is not there: rejected, withdrawn, or inside text
 * that another proposal's outcome takes away, as a proposal nested in a rejected one). Agreed
 * proposals are accepted in every scenario.
 */
export function scenarioOutcomes(tree: Root, scenario: Scenario): Map<string, Choice> {
  const { decisions } = plan(tree, scenario)
  const facts = proposalsByNode(tree)
  const outcomes = new Map<string, Choice>()
  const walk = (nodes: readonly Nodes[], alive: boolean): void => {
    for (const node of nodes) {
      if (node.type !== 'annotation') {
        if ('children' in node) walk(node.children, alive)
        continue
      }
      const decision = decisions.get(node)
      const ref = facts.get(node)?.ref
      if (ref !== undefined) outcomes.set(ref, !alive || decision === 'rejected' ? 'reject' : decision === 'applied' ? 'accept' : 'show')
      for (const part of node.children) walk([part], alive && (part.type === 'delete' ? decision !== 'applied' : decision !== 'rejected'))
    }
  }
  walk(tree.children, true)
  return outcomes
}

/** The proposals table's last column in a scenario's document: its heading and, by reference, what the scenario did. */
export interface ScenarioColumn {
  heading: string
  outcomes: ReadonlyMap<string, string>
}

/** The column of `scenario` on `tree`, in the words of the line under the document's title (`accepted`, `in brackets`). */
export function scenarioColumn(tree: Root, scenario: Scenario, words: ScenarioLabels): ScenarioColumn {
  const outcomes = new Map([...scenarioOutcomes(tree, scenario)].map(([ref, choice]) => [ref, words.choices[choice].one]))
  return { heading: words.column, outcomes }
}

const text = (value: string): Cell => (value === '' ? [] : [{ type: 'text', value, marks: [] }])
const number = (n: number): Cell => text(String(n))

/**
 * The three tables of a status, with their words in the draft's language; in a scenario's
 * document, the proposals' table ends with what the scenario did with each (`scenario`).
 */
export function statusTables(report: StatusReport, words: StatusLabels, scenario?: ScenarioColumn): { proposals: Table; delegations: Table; paragraphs: Table } {
  const c = words.columns
  return {
    proposals: {
      type: 'table',
      header: [c.reference, c.paragraph, c.sponsors, c.kind, c.inserted, c.deleted, c.amends, c.state, ...(scenario ? [scenario.heading] : [])].map(text),
      align: ['left', 'left', 'left', 'left', 'right', 'right', 'left', 'left', ...(scenario ? (['left'] as const) : [])],
      rows: report.proposals.map((row) => [
        text(row.ref),
        text(row.paragraph),
        // A bare bracket's owners in parentheses: the proposal is theirs, though its tag names no one.
        text(row.tag !== '' ? row.tag : row.owners.length > 0 ? `(${row.owners.join('/')})` : words.noSponsor),
        text(words.kinds[row.kind]),
        number(row.inserted),
        number(row.deleted),
        text(row.amends ?? ''),
        text(row.moot ? `${words.states[row.state]} (${words.states.moot})` : words.states[row.state]),
        ...(scenario ? [text(scenario.outcomes.get(row.ref)!)] : []),
      ]),
    },
    delegations: {
      type: 'table',
      header: [c.delegation, c.pending, c.agreed, c.withdrawn].map(text),
      align: ['left', 'right', 'right', 'right'],
      rows: report.delegations.map((d) => [text(d.code || words.noSponsor), number(d.pending), number(d.agreed), number(d.withdrawn)]),
    },
    paragraphs: {
      type: 'table',
      header: [c.paragraph, c.pending, c.agreed, c.withdrawn, c.free].map(text),
      align: ['left', 'right', 'right', 'right', 'left'],
      rows: report.paragraphs.map((p) => [text(p.ref), number(p.pending), number(p.agreed), number(p.withdrawn), text(p.free ? words.yes : words.no)]),
    },
  }
}

/**
 * The status as blocks of the document model: its title (starting a page, under `ANNEX`, when
 * it is an annex), then the proposals, the delegations and the paragraphs, each under a heading.
 */
export function statusBlocks(report: StatusReport, words: StatusLabels, options: { annex: boolean; scenario?: ScenarioColumn }): Block[] {
  const heading = (depth: number, value: string, pageBreakBefore = false): Block => ({ type: 'heading', depth, content: text(value), ...(pageBreakBefore ? { pageBreakBefore } : {}) })
  const tables = statusTables(report, words, options.scenario)
  const title = options.annex ? [heading(1, words.annex, true), heading(1, words.title)] : [heading(1, words.title)]
  if (report.proposals.length === 0) return [...title, { type: 'paragraph', role: 'body', content: text(words.none) }]
  return [
    ...title,
    heading(2, words.proposals),
    tables.proposals,
    heading(2, words.delegations),
    tables.delegations,
    heading(2, words.paragraphs),
    tables.paragraphs,
  ]
}
