/**
 * Scenarios (spec section 4.1): for every pending proposal, *accept* (applied), *reject* or
 * *show*, from rules by reference and by sponsor and a rule for the rest. The three views are
 * scenarios (`scenarioOf`); resolution (`resolve.ts`) asks a scenario's plan what to do with
 * each annotation, and knows no view.
 *
 * - A proposal named by reference follows that rule; otherwise the first sponsor rule (in the
 *   order the rules were given: the command line's) naming one of its owners; otherwise the
 *   rest. A joint proposal whose owners are named by rules that disagree is a warning.
 * - Agreed proposals are applied and withdrawn ones rejected, in every scenario.
 * - With `context`, a proposal rejected by the rest rule that encloses a shown one is shown,
 *   for context (the delegation view).
 * - A proposal nested in what a rejected proposal inserts, or in what an applied one deletes,
 *   is gone with that text: when it was itself accepted, a warning names both.
 *
 * Planning is a pure function of the draft's tree and the scenario, linear in the tree.
 */
import type { Nodes, Root } from 'mdast'
import type { Annotation } from '../draft/annotation/types.js'
import { ownersInside, proposalsByNode, type ProposalFacts } from '../proposals/proposals.js'
import { nearestRefs, normalRef, sameRef } from '../proposals/references.js'
import type { ScenarioNotice } from '../model/types.js'
import type { View } from './views.js'

export type Choice = 'accept' | 'reject' | 'show'

/** What resolution does with an annotation. */
export type Decision = 'applied' | 'rejected' | 'shown'

/** One rule of a scenario: proposals by reference, or by sponsor (a delegation's codes, aliases included). */
export type Rule = { choice: Choice; ref: string } | { choice: Choice; codes: string[] }

export interface Scenario {
  /** In the order given: the first that names a proposal's owner decides. */
  rules: Rule[]
  /** What happens to a pending proposal no rule names. */
  rest: 'show' | 'reject'
  /** Show a proposal the rest rejects when it encloses a shown one (for context). */
  context: boolean
}

/** A problem with a scenario on a draft: plain data, placed at the proposal it is about. */
export interface ScenarioWarning {
  kind: 'falls' | 'joint' | 'unknown-reference'
  message: string
  line?: number
  column?: number
}

export interface Plan {
  decisions: Map<Annotation, Decision>
  /** Annotations shown only because they enclose a shown one. */
  context: Set<Annotation>
  warnings: ScenarioWarning[]
}

const CLEAN: Scenario = { rules: [], rest: 'reject', context: false }
const BRACKETED: Scenario = { rules: [], rest: 'show', context: false }

/** The scenario a view is: clean rejects the rest, bracketed shows it, delegation shows its sponsor's with context. */
export function scenarioOf(view: View): Scenario {
  switch (view.kind) {
    case 'clean':
      return CLEAN
    case 'bracketed':
      return BRACKETED
    case 'delegation':
      return { rules: [{ choice: 'show', codes: [view.sponsor, ...(view.aliases ?? [])] }], rest: 'reject', context: true }
    case 'scenario':
      return view.scenario
  }
}

/**
 * What a scenario's document says it is: its decisions grouped by choice, in the order each
 * choice was first given, a sponsor by the code given first for it (`COL`, not its aliases), a
 * proposal by its reference as oasgen writes it.
 */
export function noticeOf(scenario: Scenario): ScenarioNotice {
  const decisions: ScenarioNotice['decisions'] = []
  for (const rule of scenario.rules) {
    let decision = decisions.find((d) => d.choice === rule.choice)
    if (!decision) decisions.push((decision = { choice: rule.choice, sponsors: [], refs: [] }))
    const [list, name] = 'ref' in rule ? [decision.refs, normalRef(rule.ref)] : [decision.sponsors, rule.codes[0]!]
    if (!list.includes(name)) list.push(name)
  }
  return { decisions, rest: scenario.rest }
}

/** Decides every annotation of `tree` for `scenario`, with the scenario's warnings. */
export function plan(tree: Root, scenario: Scenario): Plan {
  // References are needed to follow rules by reference and to name proposals in warnings: a
  // view's scenario (no rule, or one that shows) needs neither.
  const named = scenario.rules.length > 1 || scenario.rules.some((r) => 'ref' in r || r.choice === 'accept')
  const facts = named ? proposalsByNode(tree) : undefined
  const planner = new Planner(scenario, facts)
  planner.decideBelow(tree, [])
  planner.checkFalls(tree.children, true)
  if (facts) planner.checkReferences(facts)
  return { decisions: planner.decisions, context: planner.context, warnings: planner.warnings }
}

/**
 * What `scenario` decides for each annotation inside `node` (a block, or a root), whose
 * enclosing proposal's owners are `inherited`: `plan` without its warnings, for a part of a
 * draft. Rules by reference need the whole draft's references: only `plan` follows them.
 */
export function decisionsIn(node: Nodes, scenario: Scenario, inherited: readonly string[] = []): Map<Annotation, Decision> {
  const planner = new Planner(scenario, undefined)
  planner.decideBelow(node, inherited)
  return planner.decisions
}

/** What `scenario` decides for one annotation (and those in it), whose enclosing proposal's owners are `inherited`. */
export function decideOne(node: Annotation, scenario: Scenario, inherited: readonly string[]): Decision {
  return decisionsIn({ type: 'paragraph', children: [node] }, scenario, inherited).get(node)!
}

class Planner {
  readonly decisions = new Map<Annotation, Decision>()
  readonly context = new Set<Annotation>()
  readonly warnings: ScenarioWarning[] = []
  /** The rule each annotation followed (undefined: the rest). */
  private readonly followed = new Map<Annotation, Rule>()

  constructor(
    private readonly scenario: Scenario,
    private readonly facts: Map<Annotation, ProposalFacts> | undefined,
  ) {}

  /**
   * Decides the annotations in `node`, innermost first (a proposal shown for context needs to
   * know what it encloses); true when one of them is shown, looking through agreed ones.
   */
  decideBelow(node: Nodes, inherited: readonly string[]): boolean {
    if (!('children' in node)) return false
    let shown = false
    for (const child of node.children) if ('children' in child) shown = this.decideNode(child, inherited) || shown
    return shown
  }

  /** `decideBelow` for one node: an annotation is decided after those inside it. */
  private decideNode(node: Nodes, inherited: readonly string[]): boolean {
    if (node.type !== 'annotation') return 'children' in node && this.decideBelow(node, inherited)
    let inside = false
    for (const part of node.children) if ('children' in part) inside = this.decideNode(part, ownersInside(node, part, inherited)) || inside
    const decision = this.decide(node, inherited, inside)
    this.decisions.set(node, decision)
    return node.state === 'agreed' ? inside : decision === 'shown'
  }

  private decide(node: Annotation, inherited: readonly string[], enclosesShown: boolean): Decision {
    if (node.state === 'agreed') return 'applied'
    if (node.state === 'withdrawn') return 'rejected'
    const owners = node.sponsors.length > 0 ? node.sponsors : inherited
    const rule = this.ruleFor(node, owners)
    if (rule) this.followed.set(node, rule)
    const choice = rule?.choice ?? this.scenario.rest
    if (choice === 'accept') return 'applied'
    if (choice === 'show') return 'shown'
    if (!rule && this.scenario.context && enclosesShown) {
      this.context.add(node)
      return 'shown'
    }
    return 'rejected'
  }

  private ruleFor(node: Annotation, owners: readonly string[]): Rule | undefined {
    const ref = this.facts?.get(node)?.ref
    const named = ref === undefined ? undefined : this.scenario.rules.find((r) => 'ref' in r && sameRef(r.ref, ref))
    if (named) return named
    const matching = this.scenario.rules.filter((r): r is Extract<Rule, { codes: string[] }> => 'codes' in r && r.codes.some((c) => owners.includes(c)))
    const first = matching[0]
    const other = matching.find((r) => r.choice !== first?.choice)
    if (first && other) {
      const start = node.position?.start
      this.warnings.push({
        kind: 'joint',
        message: `${ref ?? 'This proposal'}, a joint proposal by ${node.tag || owners.join('/')}, is to ${first.choice} (${first.codes[0]}) and to ${other.choice} (${other.codes[0]}): the first named wins, ${first.choice}`,
        ...(start ? { line: start.line, column: start.column } : {}),
      })
    }
    return first
  }

  /**
   * Walks the proposals whose text survives (`alive`), and warns about each accepted proposal
   * whose text goes with a rejected proposal around it, or with what an applied one deletes.
   */
  checkFalls(nodes: readonly Nodes[], alive: boolean, killer?: { node: Annotation; deletes: boolean }): void {
    for (const child of nodes) {
      if (child.type !== 'annotation') {
        if ('children' in child) this.checkFalls(child.children, alive, killer)
        continue
      }
      if (!alive && killer && this.followed.get(child)?.choice === 'accept') this.warnFalls(child, killer)
      const decision = this.decisions.get(child)
      for (const part of child.children) {
        const deletes = part.type === 'delete'
        const survives = alive && (deletes ? decision !== 'applied' : decision !== 'rejected')
        this.checkFalls([part], survives, alive && !survives ? { node: child, deletes } : killer)
      }
    }
  }

  private warnFalls(node: Annotation, killer: { node: Annotation; deletes: boolean }): void {
    const name = (n: Annotation) => `${this.facts?.get(n)?.ref ?? 'a proposal'}${n.tag ? ` (${n.tag})` : ''}`
    const start = node.position?.start
    const why = killer.deletes ? `the text ${name(killer.node)} deletes, which is applied` : `${name(killer.node)}, which is ${killer.node.state === 'withdrawn' ? 'withdrawn' : 'rejected'}`
    this.warnings.push({
      kind: 'falls',
      message: `${name(node)} is accepted but falls with ${why}`,
      ...(start ? { line: start.line, column: start.column } : {}),
    })
  }

  /** A reference that names no proposal of the draft: a warning with the nearest ones. */
  checkReferences(facts: Map<Annotation, ProposalFacts>): void {
    const refs = [...facts.values()].map((f) => f.ref)
    for (const rule of this.scenario.rules) {
      if (!('ref' in rule) || refs.some((ref) => sameRef(ref, rule.ref))) continue
      this.warnings.push({ kind: 'unknown-reference', message: `No proposal of this draft is ${rule.ref}${nearestRefs(rule.ref, refs)}` })
    }
  }
}
