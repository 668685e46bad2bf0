// Spec: draft-format.md §4.1 (scenarios), and the three views as scenarios (src/view/scenario.ts).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import type { Nodes, Root } from 'mdast'
import { describe, expect, test } from 'vitest'
import type { Annotation } from '../src/draft/annotation/types.js'
import { Templates } from '../src/layout/load.js'
import type { DocumentModel } from '../src/model/types.js'
import { renderer } from '../src/render/index.js'
import { FORMATS, type Format } from '../src/render/types.js'
import { resolvePlan, resolveView } from '../src/view/resolve.js'
import { plan, type Decision, type Plan, type Scenario } from '../src/view/scenario.js'
import { isFor, type View } from '../src/view/views.js'
import { SPONSORS, body as bodies, richBody } from './arbitraries.js'
import { BRACKETED, CLEAN, cli, delegation, draftText, files, folderWith, input, parse, parseOk, tempDir, txt } from './helpers.js'

const templates = new Templates()

// ---------------------------------------------------------------------------------------------
// The views as they were decided before scenarios (oasgen 0.1, src/view/resolve.ts), verbatim:
// the oracle the scenarios must reproduce byte for byte.

function legacyDecide(node: Annotation, view: View, inherited: readonly string[]): Decision {
  if (node.state === 'agreed') return 'applied'
  if (node.state === 'withdrawn') return 'rejected'
  switch (view.kind) {
    case 'clean':
      return 'rejected'
    case 'bracketed':
      return 'shown'
    case 'delegation': {
      const sponsors = node.sponsors.length > 0 ? node.sponsors : inherited
      if (isFor(view, sponsors)) return 'shown'
      return legacyEnclosesShown(node, view, sponsors) ? 'shown' : 'rejected'
    }
    case 'scenario':
      throw new Error('no scenario before scenarios')
  }
}

function legacyEnclosesShown(node: Nodes, view: View, inherited: readonly string[]): boolean {
  if (!('children' in node)) return false
  return node.children.some((child) => {
    if (child.type !== 'annotation') return legacyEnclosesShown(child, view, inherited)
    return child.state === 'agreed' ? legacyEnclosesShown(child, view, inherited) : legacyDecide(child, view, inherited) === 'shown'
  })
}

const legacyOwnersInside = (node: Annotation, inherited: readonly string[]) => (node.state === 'agreed' || node.sponsors.length === 0 ? inherited : node.sponsors)

/** The plan the old views made: each annotation's decision, and context where a delegation view showed another's proposal. */
function legacyPlan(tree: Root, view: View): Plan {
  const decisions = new Map<Annotation, Decision>()
  const context = new Set<Annotation>()
  const walk = (node: Nodes, inherited: readonly string[]) => {
    if (node.type === 'annotation') {
      const decision = legacyDecide(node, view, inherited)
      decisions.set(node, decision)
      const inside = legacyOwnersInside(node, inherited)
      if (decision === 'shown' && view.kind === 'delegation' && !isFor(view, inside)) context.add(node)
      for (const child of node.children) walk(child, inside)
      return
    }
    if ('children' in node) for (const child of node.children) walk(child, inherited)
  }
  walk(tree, [])
  return { decisions, context, warnings: [] }
}

async function bytes(doc: DocumentModel, format: Format): Promise<Buffer> {
  const render = await renderer(format)
  const layout = templates.layout(doc.meta.template, doc.meta.lang)
  return Buffer.from(await render({ doc, layout, registry: templates.registry(), options: { trackChanges: false, time: new Date(0), warn: () => {} } }))
}

/** The document of a view through scenarios, and through the old views. */
function both(text: string, view: View): { now: DocumentModel; before: DocumentModel } {
  const draft = parse(text)
  if (!draft.meta) throw new Error('no front matter')
  const now = resolveView({ meta: draft.meta, tree: draft.tree }, view).doc
  const before = resolvePlan({ meta: draft.meta, tree: draft.tree }, legacyPlan(draft.tree, view)).doc
  if (view.kind === 'delegation') before.delegation = view.sponsor
  return { now, before }
}

describe('the three views are scenarios, byte for byte', () => {
  const seeds = ['cicte-res-1-17.md', 'csh-omnibus-cyber-2021.md']
  const views = [CLEAN, BRACKETED, delegation('US'), delegation('COL'), delegation('MEX'), { kind: 'delegation', sponsor: 'US', aliases: ['USA'] } as View]
  test.each(seeds.flatMap((seed) => views.map((view) => [seed, view] as const)))('%s, %o: every format', async (seed, view) => {
    const { now, before } = both(input(seed), view)
    expect(now).toEqual(before)
    for (const format of FORMATS) expect((await bytes(now, format)).equals(await bytes(before, format))).toBe(true)
  })

  test('generated drafts, every view: the same model, the same txt, md and html', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(bodies, richBody), fc.constantFrom<View>(CLEAN, BRACKETED, ...SPONSORS.map(delegation)), async (body, view) => {
        const text = draftText(body)
        if (parse(text).failed) return
        const { now, before } = both(text, view)
        expect(now).toEqual(before)
        for (const format of ['txt', 'md', 'html'] as const) expect((await bytes(now, format)).equals(await bytes(before, format))).toBe(true)
      }),
      { numRuns: 250 },
    )
  })

  test('a draft with withdrawn proposals: the same, in every view', () => {
    const text = draftText('1. A [US withdrawn: b [MEX: c]] [COL: ~~d [US: e]~~ f] [CAN withdrawn: ~~g [MEX: h]~~].')
    for (const view of [CLEAN, BRACKETED, ...SPONSORS.map(delegation)]) {
      const { now, before } = both(text, view)
      expect(now).toEqual(before)
    }
  })
})

// ---------------------------------------------------------------------------------------------
// The rules of section 4.1

const codes = (...c: string[]) => c
function scenarioText(body: string, scenario: Scenario): { text: string; warnings: string[] } {
  const draft = parseOk(body)
  const decided = plan(draft.tree, scenario)
  const { doc } = resolvePlan({ meta: draft.meta!, tree: draft.tree }, decided)
  return { text: txt(doc).split('\n').slice(4).join('\n').trim(), warnings: decided.warnings.map((w) => `${w.kind}: ${w.message}`) }
}
const by = (choice: 'accept' | 'reject' | 'show', ...c: string[]) => ({ choice, codes: codes(...c) })
const ref = (choice: 'accept' | 'reject' | 'show', r: string) => ({ choice, ref: r })

describe('scenarios', () => {
  const body = '1. Base [COL: ~~a~~ b] and [US: ~~c~~ d] and [MEX: e] end.'
  test('accept applies, reject rejects, the rest is shown or rejected', () => {
    expect(scenarioText(body, { rules: [by('accept', 'COL'), by('reject', 'US')], rest: 'show', context: true }).text).toBe('1. Base b and c and [MEX: e] end.')
    expect(scenarioText(body, { rules: [by('accept', 'COL'), by('reject', 'US')], rest: 'reject', context: true }).text).toBe('1. Base b and c and end.')
  })

  test('a proposal named by reference follows that, whatever its sponsor', () => {
    const text = '1. [COL: x] and [COL: y] and [US: z].'
    expect(scenarioText(text, { rules: [by('reject', 'COL'), ref('accept', 'OP1.2')], rest: 'show', context: true }).text).toBe('1. and y and [US: z].')
  })

  test('a bare bracket follows the sponsor of the proposal around it', () => {
    expect(scenarioText('1. [COL: a [b] c] [d].', { rules: [by('accept', 'COL')], rest: 'reject', context: true }).text).toBe('1. a b c.')
  })

  test('agreed and withdrawn proposals are applied and rejected in every scenario', () => {
    const text = '1. [COL agreed: a] [COL withdrawn: b] [COL: c].'
    expect(scenarioText(text, { rules: [by('reject', 'COL')], rest: 'show', context: true }).text).toBe('1. a.')
    expect(scenarioText(text, { rules: [by('accept', 'COL')], rest: 'show', context: true }).text).toBe('1. a c.')
    expect(scenarioText(text, { rules: [ref('accept', 'OP1.2')], rest: 'show', context: true }).text).toBe('1. a [COL: c].')
  })

  test('an accepted amendment of a rejected proposal falls with it: a warning names both', () => {
    const { text, warnings } = scenarioText(input('csh-omnibus-cyber-2021.md').split('---\n').slice(2).join('---\n'), {
      rules: [by('accept', 'COL'), by('reject', 'US')],
      rest: 'reject',
      context: true,
    })
    expect(text).not.toContain('endorse')
    expect(warnings).toEqual(['falls: OP4.1.1 (COL) is accepted but falls with OP4.1 (US), which is rejected'])
  })

  test('an accepted proposal in text an applied one deletes falls with that text', () => {
    const { text, warnings } = scenarioText('1. A [US: ~~old [COL: ~~p~~ q] text~~ new].', { rules: [by('accept', 'US', 'COL')], rest: 'show', context: true })
    expect(text).toBe('1. A new.')
    expect(warnings).toEqual(['falls: OP1.1.1 (COL) is accepted but falls with the text OP1.1 (US) deletes, which is applied'])
  })

  test('a proposal nested in a withdrawn one falls with it', () => {
    expect(scenarioText('1. A [US withdrawn: b [COL: c]].', { rules: [by('accept', 'COL')], rest: 'show', context: true }).warnings).toEqual([
      'falls: OP1.1.1 (COL) is accepted but falls with OP1.1 (US), which is withdrawn',
    ])
  })

  test('a joint proposal accepted for one sponsor and rejected for another: a warning; the first named wins', () => {
    const text = '1. A [CAN/US: b].'
    const first = scenarioText(text, { rules: [by('accept', 'CAN'), by('reject', 'US')], rest: 'show', context: true })
    expect(first.text).toBe('1. A b.')
    expect(first.warnings).toEqual(['joint: OP1.1, a joint proposal by CAN/US, is to accept (CAN) and to reject (US): the first named wins, accept'])
    expect(scenarioText(text, { rules: [by('reject', 'US'), by('accept', 'CAN')], rest: 'show', context: true }).text).toBe('1. A.')
  })

  test('with context, a proposal the rest rejects is shown when it encloses a shown one', () => {
    const text = '1. [US: a [MEX: ~~b~~ c] d].'
    expect(scenarioText(text, { rules: [by('show', 'MEX')], rest: 'reject', context: true }).text).toBe('1. [US: a [MEX: b c] d].')
    // Named to be rejected, it is not shown for context, and what it holds goes with it.
    expect(scenarioText(text, { rules: [by('reject', 'US'), by('show', 'MEX')], rest: 'reject', context: true }).text).toBe('')
  })

  test('a reference to no proposal of the draft is a warning of its own kind, with the nearest references', () => {
    const draft = parseOk('1. [US: a [MEX: b]].\n\n2. [COL: c].')
    expect(plan(draft.tree, { rules: [ref('accept', 'OP1.2')], rest: 'show', context: true }).warnings).toEqual([
      { kind: 'unknown-reference', message: 'No proposal of this draft is OP1.2; the nearest are OP1.1, OP1.1.1 and OP2.1' },
    ])
  })
})

// ---------------------------------------------------------------------------------------------
// The command line

describe('oasgen build --accept/--reject/--show/--rest/--name', () => {
  const csh = () => folderWith({ 'csh.md': readFileSync(join(import.meta.dirname, '..', 'inputs', 'csh-omnibus-cyber-2021.md'), 'utf8') })

  test('a scenario alone builds itself, named from its options in the order written', async () => {
    const out = tempDir()
    const result = await cli(['build', join(csh(), 'csh.md'), '--reject', 'COL', '--accept', 'US,MEX', '--rest', 'reject', '--format', 'txt', '--out', out])
    expect(result.code).toBe(0)
    expect(files(out)).toEqual(['csh.scenario-reject-COL_accept-US-MEX_rest-reject.txt'])
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.outputs[0]).toMatchObject({ view: 'scenario', scenario: 'reject-COL_accept-US-MEX_rest-reject' })
  })

  test('--name names it; with --view, the views are built too; every format works', async () => {
    const out = tempDir()
    const result = await cli(['build', join(csh(), 'csh.md'), '--accept', 'OP4.1', '--reject', 'COL', '--rest', 'reject', '--name', 'chair-text', '--view', 'clean', '--out', out, '--format', 'txt,md,html,docx,pdf'])
    expect(result.code).toBe(0)
    expect(files(out)).toEqual(['html', 'md', 'pdf', 'docx', 'txt'].flatMap((f) => [`csh.clean.${f}`, `csh.scenario-chair-text.${f}`]).sort())
    const text = readFileSync(join(out, 'csh.scenario-chair-text.txt'), 'utf8')
    expect(text).toContain('3. To endorse the 2021 consensus reports')
    expect(text).toContain('norms for responsible state behavior in cyberspace contained in the reports of the GGE and OEWG')
  })

  test('the same scenario under the same name with other rules is built again', async () => {
    const src = csh()
    const out = tempDir()
    await cli(['build', join(src, 'csh.md'), '--accept', 'US', '--name', 'x', '--format', 'txt', '--out', out])
    const first = readFileSync(join(out, 'csh.scenario-x.txt'), 'utf8')
    await cli(['build', join(src, 'csh.md'), '--reject', 'US', '--name', 'x', '--format', 'txt', '--out', out])
    expect(readFileSync(join(out, 'csh.scenario-x.txt'), 'utf8')).not.toBe(first)
  })

  test('warnings name both proposals; an unknown reference is an error with the nearest ones, nothing written', async () => {
    const src = csh()
    const out = tempDir()
    const falls = await cli(['build', join(src, 'csh.md'), '--accept', 'COL', '--reject', 'US', '--format', 'txt', '--out', out])
    expect(falls.code).toBe(0)
    expect(falls.stderr).toContain('csh.md:19:544  warning  OP4.1.1 (COL) is accepted but falls with OP4.1 (US), which is rejected  scenario-falls')
    const unknown = await cli(['build', join(src, 'csh.md'), '--accept', 'op4.2', '--format', 'txt', '--out', tempDir()])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('error  No proposal of this draft is OP4.2; the nearest are OP4.1, OP4.1.1 and OP4.1.2  scenario-reference-unknown')
  })

  test.each([
    [['--accept', '../x'], '--accept `../x` is neither a sponsor code'],
    [['--accept', 'COL', '--name', '../../evil'], '--name `../../evil` cannot be part of a file name'],
    [['--rest', 'maybe'], 'Invalid values'],
  ])('usage errors: %j', async (args, message) => {
    const out = tempDir()
    const result = await cli(['build', join(csh(), 'csh.md'), ...args, '--format', 'txt', '--out', out])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(files(out)).toEqual([])
  })
})
