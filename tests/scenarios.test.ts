// Spec: draft-format.md §4.1 (scenarios), and the three views as scenarios (src/view/scenario.ts).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import type { Nodes, Root } from 'mdast'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import type { Annotation } from '../src/draft/annotation/types.js'
import { Templates } from '../src/layout/load.js'
import type { DocumentModel } from '../src/model/types.js'
import { statusOf } from '../src/status/status.js'
import { renderer } from '../src/render/index.js'
import { FORMATS, type Format } from '../src/render/types.js'
import { resolvePlan, resolveView } from '../src/view/resolve.js'
import { plan, type Decision, type Plan, type Scenario } from '../src/view/scenario.js'
import { isFor, type View } from '../src/view/views.js'
import { SPONSORS, body as bodies, richBody, tableBody } from './arbitraries.js'
import { BRACKETED, CLEAN, cli, delegation, draftText, files, folderWith, input, parse, parseOk, tempDir, templates as registryTemplates, txt } from './helpers.js'

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

  const sameThroughBoth = async (body: string, view: View) => {
    const text = draftText(body)
    if (parse(text).failed) return
    const { now, before } = both(text, view)
    expect(now).toEqual(before)
    for (const format of ['txt', 'md', 'html'] as const) expect((await bytes(now, format)).equals(await bytes(before, format))).toBe(true)
  }
  const VIEWS = fc.constantFrom<View>(CLEAN, BRACKETED, ...SPONSORS.map(delegation))

  test('generated drafts (links, notes), every view: the same model, the same txt, md and html', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(bodies, richBody), VIEWS, sameThroughBoth), { numRuns: 250 })
  }, 120_000)

  test('generated drafts with withdrawn proposals and tables, every view: the same', async () => {
    await fc.assert(fc.asyncProperty(tableBody, VIEWS, sameThroughBoth), { numRuns: 120 })
  }, 120_000)

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

  test('a joint proposal: the decision written first on the command line wins, across options, with a warning naming it', async () => {
    const src = folderWith({ 'j.md': draftText('1. A [CAN/US: b] c.') })
    const build = async (...args: string[]) => {
      const out = tempDir()
      const result = await cli(['build', join(src, 'j.md'), ...args, '--name', 'j', '--format', 'txt', '--out', out])
      return { result, text: readFileSync(join(out, 'j.scenario-j.txt'), 'utf8') }
    }
    const rejectFirst = await build('--reject', 'USA', '--accept', 'CAN')
    expect(rejectFirst.text).toContain('1. A c.')
    expect(rejectFirst.result.stderr).toContain('j.md:5:6  warning  OP1.1, a joint proposal by CAN/US, is to reject (USA) and to accept (CAN): the first named wins, reject  scenario-joint')
    const acceptFirst = await build('--accept=CAN', '--reject', 'US')
    expect(acceptFirst.text).toContain('1. A b c.')
    expect(acceptFirst.result.stderr).toContain('the first named wins, accept  scenario-joint')
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

// ---------------------------------------------------------------------------------------------
// Proposals in a draft's tables: numbered, listed, marked and decided like any other

describe('proposals in table cells', () => {
  const TABLES = [
    'THE GENERAL ASSEMBLY,',
    '',
    '| Body | Budget |',
    '| --- | --- |',
    '| CICTE | [US: 100] [MEX: ~~50~~ 60] |',
    '',
    'RESOLVES:',
    '',
    '1. To adopt the following [COL: new] table:',
    '',
    '   | Item | Amount |',
    '   | --- | --- |',
    '   | A | [CAN: ~~10~~ 20] |',
    '',
    '2. To end [MEX: now].',
    '',
    '| Annex | Value |',
    '| --- | --- |',
    '| X | [COL: [Y]] |',
  ].join('\n')

  test('references: a table in an operative paragraph is part of it; any other table is a P, row by row, cell by cell', () => {
    const report = statusOf(parseOk(TABLES).tree, registryTemplates.registry())
    expect(report.proposals.map((p) => `${p.ref} ${p.tag} ${p.kind} ${p.amends ?? ''}`.trim())).toEqual([
      'P2.1 US insertion',
      'P2.2 MEX replacement',
      'OP1.1 COL insertion',
      'OP1.2 CAN replacement',
      'OP2.1 MEX insertion',
      'P6.1 COL insertion',
      'P6.1.1  insertion P6.1',
    ])
    expect(report.paragraphs.map((p) => `${p.ref} ${p.pending} ${p.free}`)).toEqual(['PP1 0 true', 'P2 2 false', 'P3 0 true', 'OP1 2 false', 'OP2 1 false', 'P6 2 false'])
  })

  test('agree and withdraw mark them in their cells, every other byte the same; a scenario follows them by reference', async () => {
    const text = draftText(TABLES)
    const dir = folderWith({ 't.md': text })
    const path = join(dir, 't.md')
    expect((await cli(['agree', path, 'p2.2', 'OP1.2'])).code).toBe(0)
    expect((await cli(['withdraw', path, 'P6.1'])).code).toBe(0)
    expect(readFileSync(path, 'utf8')).toBe(text.replace('[MEX: ~~50', '[MEX agreed: ~~50').replace('[CAN:', '[CAN agreed:').replace('[COL: [Y]]', '[COL withdrawn: [Y]]'))
    const status = await cli(['status', path, '--format', 'csv'])
    expect(status.stdout).toContain(`${path},P2.2,P2,MEX,MEX,replacement,1,1,,agreed,no,`)
    expect(status.stdout).toContain(`${path},P6.1,P6,COL,COL,insertion,1,0,,withdrawn,no,`)
    expect(status.stdout).toContain(`${path},P6.1.1,P6,,COL,insertion,1,0,P6.1,pending,yes,`)

    const { text: scenario } = scenarioText(TABLES, { rules: [ref('accept', 'P2.1'), ref('accept', 'OP1.2'), by('reject', 'MEX')], rest: 'show', context: true })
    expect(scenario).toContain('│ CICTE │ 100 50 │')
    expect(scenario).toContain('│ A    │ 20     │')
    expect(scenario).toContain('[COL: [Y]]')
  })
})

// ---------------------------------------------------------------------------------------------
// A scenario's document says what it is

/** A txt's paragraphs (between blank lines), each line's spaces around it taken off, lines joined by a space: a wrapped line whole again. */
const txtParagraphs = (text: string) => text.split(/\n\s*\n/).map((p) => p.split('\n').map((l) => l.trim()).join(' '))

describe('a scenario says what it is, under its title, in the language of the document', () => {
  const DRAFT = '1. To [COL: ~~note~~ welcome] the report [US: and its annex] [MEX: in full] [CAN: today].'
  const rules: Scenario['rules'] = [by('accept', 'COL', 'CO'), by('accept', 'US', 'USA'), ref('reject', 'op1.3'), by('show', 'Chair'), by('reject', 'G20')]
  const noticeIn = (lang: string, scenario: Scenario) => {
    const draft = parseOk(DRAFT, `title: Test\nlang: ${lang}`)
    const { doc } = resolveView({ meta: draft.meta!, tree: draft.tree }, { kind: 'scenario', name: 'x', scenario })
    const paragraphs = txtParagraphs(txt(doc))
    return paragraphs[paragraphs.indexOf('TEST') + 1]
  }

  // Decisions grouped by choice, in the order each was first given; a sponsor by its registry name, an unknown code as written.
  test.each([
    ['en', 'Scenario: proposals of Colombia and of the United States accepted; proposals of G20 and proposal OP1.3 rejected; proposals of the Chair in brackets; other proposals rejected'],
    ['es', 'Escenario: propuestas de Colombia y de los Estados Unidos aceptadas; propuestas de G20 y propuesta OP1.3 rechazadas; propuestas de la Presidencia entre corchetes; demás propuestas rechazadas'],
    ['fr', 'Scénario\u00a0: propositions de la Colombie et des États-Unis acceptées\u00a0; propositions de G20 et proposition OP1.3 rejetées\u00a0; propositions de la Présidence entre crochets\u00a0; autres propositions rejetées'],
    ['pt', 'Cenário: propostas da Colômbia e dos Estados Unidos aceitas; propostas de G20 e proposta OP1.3 rejeitadas; propostas da Presidência entre colchetes; demais propostas rejeitadas'],
  ])('%s', (lang, line) => {
    expect(noticeIn(lang, { rules, rest: 'reject', context: true })).toBe(line)
  })

  test('one decision of sponsors and references together agrees in number; no rule: all proposals', () => {
    expect(noticeIn('es', { rules: [by('accept', 'COL'), ref('accept', 'OP1.2'), ref('accept', 'OP1.3')], rest: 'show', context: true })).toBe(
      'Escenario: propuestas de Colombia y propuestas OP1.2 y OP1.3 aceptadas; demás propuestas entre corchetes',
    )
    expect(noticeIn('en', { rules: [], rest: 'reject', context: true })).toBe('Scenario: all proposals rejected')
  })

  test('--label heads the line with the words given, in any language; it is part of the files\' key; a line break is a usage error', async () => {
    const src = folderWith({ 'csh.md': input('csh-omnibus-cyber-2021.md').replace('lang: en', 'lang: fr') })
    const out = tempDir()
    const args = ['build', join(src, 'csh.md'), '--accept', 'COL', '--rest', 'reject', '--name', 'chair', '--format', 'txt', '--out', out]
    expect((await cli([...args, '--label', "Texte de la présidence"])).code).toBe(0)
    const line = 'Texte de la présidence\u00a0: propositions de la Colombie acceptées\u00a0; autres propositions rejetées'
    expect(txtParagraphs(readFileSync(join(out, 'csh.scenario-chair.txt'), 'utf8'))).toContain(line)
    expect((await cli(args)).code).toBe(0)
    expect(readFileSync(join(out, 'csh.scenario-chair.txt'), 'utf8')).toContain('Scénario\u00a0: propositions de la Colombie')
    const bad = await cli([...args, '--label', 'a\nb'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--label "a\\nb" cannot head a line')
  })

  test('the three views say nothing of the kind', () => {
    for (const view of [CLEAN, BRACKETED, delegation('COL')]) {
      const { doc } = resolveView(parseOk(DRAFT) as Parameters<typeof resolveView>[0], view)
      expect(doc.scenario).toBeUndefined()
      expect(txt(doc)).not.toMatch(/Scenario|accepted|rejected/)
    }
  })

  test('every format prints it: the title area of the DOCX, PDF, HTML and txt, a comment in the md (built again: the same file)', async () => {
    const src = folderWith({ 'csh.md': input('csh-omnibus-cyber-2021.md') })
    const out = tempDir()
    const args = ['--accept', 'COL,US', '--reject', 'MEX', '--rest', 'reject', '--name', 'chair-text']
    expect((await cli(['build', join(src, 'csh.md'), ...args, '--format', 'txt,md,html,docx,pdf', '--out', out])).code).toBe(0)
    const line = 'Scenario: proposals of Colombia and of the United States accepted; proposals of Mexico rejected; other proposals rejected'
    const base = join(out, 'csh.scenario-chair-text')
    // The txt wraps it (wider than 80 columns) into centred lines.
    expect(txtParagraphs(readFileSync(`${base}.txt`, 'utf8'))).toContain(line)
    const md = readFileSync(`${base}.md`, 'utf8')
    expect(md).toMatch(new RegExp(`^---\\n[\\s\\S]*?\\n---\\n\\n<!-- ${line.replace(/[.;]/g, '\\$&')} -->\\n\\n`))
    expect(readFileSync(`${base}.html`, 'utf8')).toMatch(new RegExp(`<title>[^<]*— ${line}</title>[\\s\\S]*<p class="s-delegation">${line}</p>`))
    const docx = strFromU8(unzipSync(readFileSync(`${base}.docx`))['word/document.xml']!)
    expect(docx).toMatch(new RegExp(`<w:pStyle w:val="OASDelegation"/>[\\s\\S]*?<w:t[^>]*>${line}</w:t>`))
    const pdf = execFileSync('pdftotext', [`${base}.pdf`, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    expect(pdf).toContain(line)
    // Its draft, built again in the same scenario, is the same file.
    const again = tempDir()
    const redo = folderWith({ 'csh.md': md })
    expect((await cli(['build', join(redo, 'csh.md'), ...args, '--format', 'md', '--out', again])).code).toBe(0)
    expect(readFileSync(join(again, 'csh.scenario-chair-text.md'), 'utf8')).toBe(md)
  })
})
