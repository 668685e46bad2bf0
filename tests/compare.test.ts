// `oasgen compare` (issue 14): paragraph concordance, proposals matched and classified, base-text
// edits, chains of revisions, the JSON and its schema, the command line.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { unzipSync, strFromU8 } from 'fflate'
import { extractText, getDocumentProxy } from 'unpdf'
import { compareRevisions } from '../src/compare/compare.js'
import { compareDocument } from '../src/compare/document.js'
import { reportText } from '../src/compare/report.js'
import { plainText } from '../src/view/resolve.js'
import { compareJsonSchemaText, compareReportSchema, type Comparison } from '../src/compare/schema.js'
import type { Table } from '../src/model/types.js'
import { cli, draftText, folderWith, input, parse, ROOT, tempDir, txt } from './helpers.js'

const revision = (text: string, path = 'draft.md') => {
  const draft = parse(text, { path })
  if (draft.failed || !draft.meta) throw new Error(`draft has errors: ${draft.file.messages.map(String).join('\n')}`)
  return { path, meta: draft.meta, tree: draft.tree }
}
/** The comparison of two bodies (minimal front matter). */
const compareBodies = (a: string, b: string): Comparison => compareRevisions([revision(draftText(a), 'a.md'), revision(draftText(b), 'b.md')]).comparisons[0]!
const paragraphLines = (c: Comparison) => c.paragraphs.map((p) => `${p.change} ${p.old ?? '-'}→${p.new ?? '-'}`)
const proposalLines = (c: Comparison) => c.proposals.map((p) => `${p.changes.join('+')} ${p.merged ? p.merged.map((m) => m.ref).join('+') : (p.old?.ref ?? '-')}→${p.new?.ref ?? '-'}`)

/** The working text, revised by hand: one change of each common kind. */
function revisedWorkingText(): { a: string; b: string } {
  const a = input('csh-omnibus-cyber-2021.md')
  const b = a
    .replace('[MEX: ~~the GGE~~ GEG]', '[MEX, CAN: ~~the GGE~~ GEG]')
    .replace('2. To promote', '2. To foster')
    .replace('[COL: ~~contained~~ set out]', 'set out')
    .replace('3. [COL:', '3. [COL withdrawn:')
    .replace('5. To convene', '5. To welcome [CAN: the work of] the Group.\n\n6. To convene')
  return { a, b }
}

const five = ['1. One [US: a].', '2. Two.', '3. Three [COL: c].', '4. Four [MEX: d].', '5. Five.']

describe('paragraph concordance', () => {
  test('deleting paragraph 3 of 5 maps 4→3 and 5→4', () => {
    const c = compareBodies(five.join('\n\n'), [five[0], five[1], five[3], five[4]].join('\n\n'))
    expect(paragraphLines(c)).toEqual(['kept OP1→OP1', 'kept OP2→OP2', 'deleted OP3→-', 'kept OP4→OP3', 'kept OP5→OP4'])
    expect(proposalLines(c)).toEqual(['unchanged OP1.1→OP1.1', 'withdrawn OP3.1→-', 'unchanged OP4.1→OP3.1'])
    expect(c.proposals[1]).toMatchObject({ how: 'gone', marker: 1 })
    expect(c.baseEdits).toEqual([{ old: 'OP3', removed: 'Three.', added: '', context: '' }])
  })

  test('a paragraph moved over two others is moved; the rest are kept, renumbered', () => {
    const c = compareBodies(five.join('\n\n'), [five[1], five[2], five[3], five[0], five[4]].join('\n\n'))
    expect(paragraphLines(c)).toEqual(['kept OP2→OP1', 'kept OP3→OP2', 'kept OP4→OP3', 'moved OP1→OP4', 'kept OP5→OP5'])
    expect(proposalLines(c)).toEqual(['unchanged OP3.1→OP2.1', 'unchanged OP4.1→OP3.1', 'moved OP1.1→OP4.1'])
  })

  test('aligned on the clean text and on every word: proposals added, amended, agreed do not lose a paragraph', () => {
    const a = '1. To urge member states to continue implementing the measures [US: agreed on] in 2021.\n\n2. To promote cooperation [COL: and exchanges].'
    const b = '1. To urge member states to continue implementing the measures agreed on in 2021 [MEX: and 2022].\n\n2. To promote cooperation [COL: and good exchanges] [CAN: in cyberspace].'
    expect(paragraphLines(compareBodies(a, b))).toEqual(['kept OP1→OP1', 'kept OP2→OP2'])
  })

  test('preamble, operative paragraphs and sub-paragraphs: a sub-paragraph inserted renumbers those after it', () => {
    const a = 'THE COUNCIL,\n\nRECALLING its resolutions;\n\nRESOLVES:\n\n1. To ask:\n   1. the first thing;\n   2. the second thing [US: now].'
    const b = 'THE COUNCIL,\n\nRECALLING its resolutions;\n\nRESOLVES:\n\n1. To ask:\n   1. the first thing;\n   2. a wholly different request about budgets;\n   3. the second thing [US: now].'
    const c = compareBodies(a, b)
    expect(paragraphLines(c)).toEqual(['kept PP1→PP1', 'kept PP2→PP2', 'kept P3→P3', 'kept OP1→OP1', 'kept OP1.a→OP1.a', 'new -→OP1.b', 'kept OP1.b→OP1.c'])
    expect(proposalLines(c)).toEqual(['unchanged OP1.b.1→OP1.c.1'])
    expect(c.baseEdits).toEqual([{ new: 'OP1.b', removed: '', added: 'a wholly different request about budgets;', context: '' }])
  })

  test('a paragraph split in two, and the two merged back: one text cut or joined, its proposals unchanged, the cut its only base-text edit', () => {
    const whole = '1. Keep this one.\n\n2. To request the Secretariat to report on cyber norms [US: each year], and to convene a meeting of experts on confidence-building measures [MEX: in 2025].\n\n3. Last one.'
    const cut = '1. Keep this one.\n\n2. To request the Secretariat to report on cyber norms [US: each year].\n\n3. To convene a meeting of experts on confidence-building measures [MEX: in 2025].\n\n4. Last one.'
    const split = compareBodies(whole, cut)
    expect(paragraphLines(split)).toEqual(['kept OP1→OP1', 'split OP2→OP2', 'split OP2→OP3', 'kept OP3→OP4'])
    expect(proposalLines(split)).toEqual(['unchanged OP2.1→OP2.1', 'unchanged OP2.2→OP3.1'])
    expect(split.baseEdits).toEqual([{ old: 'OP2', new: 'OP2', removed: 'norms, and to', added: 'norms. To', context: 'Secretariat to report on cyber' }])
    expect(split.summary.paragraphs).toMatchObject({ kept: 2, split: 2, new: 0, deleted: 0 })
    const merged = compareBodies(cut, whole)
    expect(paragraphLines(merged)).toEqual(['kept OP1→OP1', 'merged OP2→OP2', 'merged OP3→OP2', 'kept OP4→OP3'])
    expect(proposalLines(merged)).toEqual(['unchanged OP2.1→OP2.1', 'unchanged OP3.1→OP2.2'])
    expect(merged.baseEdits).toEqual([{ old: 'OP2', new: 'OP2', removed: 'norms. To', added: 'norms, and to', context: 'Secretariat to report on cyber' }])
    // Said in one line each in the report.
    const report = (a: string, b: string) => reportText(compareRevisions([revision(draftText(a), 'a.md'), revision(draftText(b), 'b.md')]), 'txt')
    expect(report(whole, cut)).toContain('Paragraphs: 2 kept, 2 split\n  former OP2: split into OP2, OP3\n  OP4 (former OP3): kept\n')
    expect(report(cut, whole)).toContain('Paragraphs: 2 kept, 2 merged\n  OP2: merged from former OP2, OP3\n  OP3 (former OP4): kept\n')
  })

  test('a paragraph split where its first part stays most of it (paired with it at first): split, and a proposal agreed into the second part', () => {
    const a = '1. To request the General Secretariat to continue supporting member states in the implementation of the regional confidence-building measures in cyberspace and to report [COL: annually] on the measures.'
    const b = '1. To request the General Secretariat to continue supporting member states in the implementation of the regional confidence-building measures in cyberspace.\n\n2. To report annually on the measures.'
    const c = compareBodies(a, b)
    expect(paragraphLines(c)).toEqual(['split OP1→OP1', 'split OP1→OP2'])
    expect(proposalLines(c)).toEqual(['agreed OP1.1→-'])
    expect(c.proposals[0]).toMatchObject({ how: 'in the text' })
    expect(c.baseEdits.map((e) => `${e.old}→${e.new}: ${e.removed} → ${e.added}`)).toEqual(['OP1→OP1: cyberspace and to → cyberspace. To'])
  })

  test('two paragraphs as like the old one as each other: uncertain, and none chosen', () => {
    const c = compareBodies('1. Keep.\n\n2. To request the Secretariat to report on cyber norms.', '1. Keep.\n\n2. To request the Secretariat to report on cyber norms A.\n\n3. To request the Secretariat to report on cyber norms B.')
    expect(paragraphLines(c)).toEqual(['kept OP1→OP1', 'uncertain OP2→-', 'uncertain -→OP2', 'uncertain -→OP3'])
    expect(c.paragraphs[1]?.candidates).toEqual(['OP2', 'OP3'])
  })
})

describe('proposals', () => {
  test('the working text, revised by hand: each change, and the one base-text edit', () => {
    const { a, b } = revisedWorkingText()
    const c = compareRevisions([revision(a, 'rev0.md'), revision(b, 'rev1.md')]).comparisons[0]!
    expect(proposalLines(c)).toEqual([
      'withdrawn OP3.1→OP3.1',
      'unchanged OP3.1.1→OP3.1.1',
      'amended OP4.1→OP4.1',
      'agreed OP4.1.1→-',
      'co-sponsored OP4.1.2→OP4.1.1',
      'new -→OP5.1',
    ])
    expect(c.proposals.map((p) => p.how ?? null)).toEqual(['marked', null, null, 'in the text', null, null])
    expect(c.proposals[2]?.inserted?.filter((d) => d.op !== 'same')).toEqual([
      { op: 'removed', text: 'contained' },
      { op: 'added', text: 'set out' },
    ])
    expect(c.proposals[4]?.sponsors).toEqual({ added: ['CAN'], removed: [] })
    expect(c.baseEdits).toEqual([
      { old: 'OP2', new: 'OP2', removed: 'promote', added: 'foster', context: 'To' },
      { new: 'OP5', removed: '', added: 'To welcome the Group.', context: '' },
    ])
    expect(paragraphLines(c)).toEqual(['kept OP1→OP1', 'kept OP2→OP2', 'kept OP3→OP3', 'kept OP4→OP4', 'new -→OP5', 'kept OP5→OP6'])
    expect(c.summary.byDelegation.CAN).toMatchObject({ new: 1, 'co-sponsored': 1 })
    expect(c.summary.proposals).toMatchObject({ new: 1, withdrawn: 1, agreed: 1, amended: 1, 'co-sponsored': 1, unchanged: 1 })
    expect(c.proposals.map((p) => p.marker ?? null)).toEqual([1, null, 2, 3, 4, 5])
  })

  test('agreed by its tag; agreed already and now in the text; withdrawn already and now gone', () => {
    const c = compareBodies('1. A [US: b] c [COL agreed: d] e [MEX withdrawn: f] g.', '1. A [US agreed: b] c d e g.')
    expect(proposalLines(c)).toEqual(['agreed PP1.1→PP1.1', 'agreed PP1.2→-', 'withdrawn PP1.3→-'].map((l) => l.replaceAll('PP', 'OP')))
    expect(c.proposals.map((p) => `${p.how} ${p.old?.state}`)).toEqual(['marked pending', 'in the text agreed', 'gone withdrawn'])
    expect(c.baseEdits).toEqual([])
  })

  test('a proposal taken out before a full stop leaves the space it stood in, which is no base-text edit', () => {
    const c = compareBodies('1. Open to experts [MEX: and civil society].', '1. Open to experts.')
    expect(proposalLines(c)).toEqual(['withdrawn OP1.1→-'])
    expect(c.baseEdits).toEqual([])
  })

  test('an agreed deletion: the words it deleted are gone from the text, and no base-text edit is reported', () => {
    const c = compareBodies('1. To note [US: ~~with concern~~] the report.', '1. To note the report.')
    expect(proposalLines(c)).toEqual(['agreed OP1.1→-'])
    expect(c.baseEdits).toEqual([])
  })

  test('amended: the same sponsor at the same spot, even with other words', () => {
    const c = compareBodies('1. To note [COL: ~~with concern~~ gravely] the report.', '1. To note [COL: ~~with concern~~ with deep alarm] the report.')
    expect(proposalLines(c)).toEqual(['amended OP1.1→OP1.1'])
    expect(c.proposals[0]?.inserted).toEqual([
      { op: 'removed', text: 'gravely' },
      { op: 'added', text: 'with deep alarm' },
    ])
    expect(c.proposals[0]?.deleted).toBeUndefined()
  })

  test('merged: two proposals of one place become one, with the sponsors of both', () => {
    const c = compareBodies('1. To note [COL: the report] [MEX: of the Secretariat] today.', '1. To note [COL, MEX: the report of the Secretariat] today.')
    expect(proposalLines(c)).toEqual(['merged OP1.1+OP1.2→OP1.1'])
    expect(c.proposals[0]?.merged?.map((m) => m.sponsors)).toEqual([['COL'], ['MEX']])
    expect(c.proposals[0]?.sponsors).toBeUndefined()
    const joined = compareBodies('1. To note [COL: the report] [MEX: of the Secretariat] today.', '1. To note [COL, MEX, CAN: the report of the Secretariat] today.')
    expect(joined.proposals[0]?.sponsors).toEqual({ added: ['CAN'], removed: [] })
  })

  test('moved to another paragraph with its text; and moved with its paragraph', () => {
    const c = compareBodies('1. One [US: to be moved].\n\n2. Two.', '1. One.\n\n2. Two [US: to be moved].')
    expect(proposalLines(c)).toEqual(['moved OP1.1→OP2.1'])
  })

  test('two new proposals as like an old one as each other: uncertain, never guessed', () => {
    const c = compareBodies('1. A [COL: the annual report] b c.', '1. A b [COL: the annual reports] c [COL: the annual report.]')
    expect(proposalLines(c)).toEqual(['uncertain OP1.1→-', 'uncertain -→OP1.1', 'uncertain -→OP1.2'])
    expect(c.proposals[0]?.candidates).toEqual(['OP1.1', 'OP1.2'])
  })

  test('co-sponsored: the same text at the same place, sponsors added or removed', () => {
    const c = compareBodies('1. A [CAN, US: b] c.', '1. A [US: b] c.')
    expect(proposalLines(c)).toEqual(['co-sponsored OP1.1→OP1.1'])
    expect(c.proposals[0]?.sponsors).toEqual({ added: [], removed: ['CAN'] })
  })

  test('reopened: an agreed proposal pending again', () => {
    expect(proposalLines(compareBodies('1. A [US agreed: b] c.', '1. A [US: b] c.'))).toEqual(['reopened OP1.1→OP1.1'])
  })
})

describe('identity and symmetry', () => {
  test.each(['csh-omnibus-cyber-2021.md', 'cicte-res-1-17.md'])('%s compared with itself reports nothing', async (name) => {
    const text = input(name)
    const c = compareRevisions([revision(text, 'a.md'), revision(text, 'b.md')]).comparisons[0]!
    expect(c.paragraphs.every((p) => p.change === 'kept' && p.old === p.new && p.similarity === 1)).toBe(true)
    expect(c.proposals.every((p) => p.changes.join() === 'unchanged' && p.marker === undefined)).toBe(true)
    expect(c.baseEdits).toEqual([])
    const result = await cli(['compare', join('inputs', name), join('inputs', name)])
    // The same file name twice: each is named by its path.
    expect(result.stdout).toBe(`inputs/${name} → inputs/${name}\n\nNo changes.\n`)
  })

  test('new ↔ withdrawn, new ↔ deleted, amended, co-sponsored and moved both ways', () => {
    const a = '1. One [US: a b c] and [COL: x].\n\n2. Two [MEX: m].\n\n3. Three.\n\n4. Four [CAN: k].'
    const b = '1. One [US: a b d] and [COL, MEX: x].\n\n2. Three [CHL: new one].\n\n3. Four [CAN: k].\n\n4. Five.'
    const forth = compareBodies(a, b)
    const back = compareBodies(b, a)
    const flip = (c: Comparison) =>
      c.proposals.map((p) => `${p.changes.map((k) => (k === 'new' ? 'withdrawn' : k === 'withdrawn' ? 'new' : k)).join('+')} ${p.new?.ref ?? '-'}→${p.old?.ref ?? '-'}`).sort()
    expect(flip(forth)).toEqual(proposalLines(back).sort())
    const flipParagraph = (c: Comparison) =>
      c.paragraphs.map((p) => `${p.change === 'new' ? 'deleted' : p.change === 'deleted' ? 'new' : p.change} ${p.new ?? '-'}→${p.old ?? '-'}`).sort()
    expect(flipParagraph(forth)).toEqual(paragraphLines(back).sort())
    expect(proposalLines(forth).sort()).toEqual(['amended OP1.1→OP1.1', 'co-sponsored OP1.2→OP1.2', 'new -→OP2.1', 'unchanged OP4.1→OP3.1', 'withdrawn OP2.1→-'])
  })
})

describe('more than two revisions', () => {
  test('the chain of changes, and each revision’s figures: the text converging', () => {
    const r1 = draftText('1. A [US: b c] d [COL: e].\n\n2. F [MEX: ~~g~~ h].\n\n3. I.', 'title: T\nsymbol: CP/CSH-1/21')
    const r2 = draftText('1. A [US agreed: b c] d [COL: e].\n\n2. F [MEX: ~~g~~ h].\n\n3. I.', 'title: T\nsymbol: CP/CSH-1/21 rev. 1')
    const r3 = draftText('1. A b c d.\n\n2. F h.\n\n3. I.', 'title: T\nsymbol: CP/CSH-1/21 rev. 2')
    const report = compareRevisions([revision(r1, 'r1.md'), revision(r2, 'r2.md'), revision(r3, 'r3.md')])
    expect(report.revisions.map((r) => [r.label, r.pending, r.bracketedWords, `${r.free}/${r.paragraphs}`])).toEqual([
      ['CP/CSH-1/21', 3, 5, '1/3'],
      ['CP/CSH-1/21 rev. 1', 2, 3, '1/3'],
      ['CP/CSH-1/21 rev. 2', 0, 0, '3/3'],
    ])
    expect(report.comparisons.map((c) => [c.old, c.new, proposalLines(c)])).toEqual([
      [0, 1, ['agreed OP1.1→OP1.1', 'unchanged OP1.2→OP1.2', 'unchanged OP2.1→OP2.1']],
      [1, 2, ['agreed OP1.1→-', 'withdrawn OP1.2→-', 'agreed OP2.1→-']],
    ])
    expect(report.revisions[0]?.byDelegation).toEqual({ COL: 1, MEX: 1, US: 1 })
  })
})

describe('json', () => {
  test('is what schema/compare.schema.json describes (`npm run schema` writes it), and the same for the same inputs', async () => {
    expect(readFileSync(join(ROOT, 'schema', 'compare.schema.json'), 'utf8')).toBe(compareJsonSchemaText())
    const dir = folderWith({ 'a.md': input('csh-omnibus-cyber-2021.md'), 'b.md': input('csh-omnibus-cyber-2021.md').replace('[COL: ~~contained~~ set out]', 'set out') })
    const first = await cli(['compare', join(dir, 'a.md'), join(dir, 'b.md'), '--format', 'json'])
    expect(first.code).toBe(0)
    const report = compareReportSchema.parse(JSON.parse(first.stdout))
    expect(report.comparisons[0]?.summary.proposals.agreed).toBe(1)
    expect((await cli(['compare', join(dir, 'a.md'), join(dir, 'b.md'), '--format', 'json'])).stdout).toBe(first.stdout)
  })
})

describe('command line', () => {
  test('txt: the changes a reader needs, word diffs as [-old-]{+new+}', async () => {
    const dir = folderWith({ 'a.md': draftText('1. One [US: a b c d e f].\n\n2. Two.\n\n3. Three [COL: x].'), 'b.md': draftText('1. One [US: a b c d e g].\n\n2. Three [COL, MEX: x].') })
    const result = await cli(['compare', join(dir, 'a.md'), join(dir, 'b.md')])
    expect(result.code).toBe(0)
    const [report, delegations] = result.stdout.split(/(?<=By delegation:\n)/)
    expect(report).toBe(
      [
        'a.md → b.md',
        '',
        'Paragraphs: 2 kept, 1 deleted',
        '  former OP2: deleted',
        '  OP2 (former OP3): kept',
        '',
        'Proposals: 1 amended, 1 co-sponsored',
        '  ‹1› OP1.1 (US) amended: inserts … b c d e [-f-] {+g+}',
        '  ‹2› OP2.1 (former OP3.1) (COL, MEX) co-sponsored (+MEX)',
        '',
        'Base text edits (outside any proposal): 1',
        '  former OP2: removed Two.',
        '',
        'By delegation:',
        '',
      ].join('\n'),
    )
    // Drawn as the txt format draws tables (cli-table3), counts to the right.
    expect(delegations?.split('\n').filter((l) => l.startsWith('│')).map((l) => l.split('│').map((c) => c.trim()).filter(Boolean).join(' '))).toEqual([
      'delegation amended co-sponsored',
      'COL 0 1',
      'MEX 0 1',
      'US 1 0',
    ])
  })

  test('the README’s example is what compare prints', async () => {
    const { a, b } = revisedWorkingText()
    const dir = folderWith({ 'rev0.md': a, 'rev1.md': b })
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const example = /```\n(rev0\.md → rev1\.md\n[\s\S]*?)```/.exec(readme)?.[1]
    const { stdout } = await cli(['compare', 'rev0.md', 'rev1.md'], dir)
    expect(stdout.split('By delegation:')[0]).toBe(`${example}\n`)
  })

  test('no control character from a proposal or a symbol reaches the terminal (replaced where the draft is read)', async () => {
    const dir = folderWith({ 'a.md': draftText('1. One.', 'title: T\nsymbol: "X\\u001b[31m"'), 'b.md': draftText('1. One [US: bad\u0085x].', 'title: T\nsymbol: "Y"') })
    const result = await cli(['compare', join(dir, 'a.md'), join(dir, 'b.md')])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('X\ufffd[31m → Y')
    expect(result.stdout).toContain('bad\ufffdx')
    expect(result.stdout).not.toMatch(/[\u001b\u0085]/)
  })

  test('--out writes the file (atomically, folders made), --format md', async () => {
    const out = join(tempDir(), 'sub', 'changes.md')
    const result = await cli(['compare', 'inputs/csh-omnibus-cyber-2021.md', 'inputs/csh-omnibus-cyber-2021.md', '--format', 'md', '--out', out])
    expect(result.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe('## inputs/csh-omnibus-cyber-2021.md → inputs/csh-omnibus-cyber-2021.md\n\nNo changes.\n')
  })

  test('a revision with errors: its messages, positioned, exit 1, nothing written', async () => {
    const dir = folderWith({ 'a.md': draftText('1. One [US: open.'), 'b.md': draftText('1. One.') })
    const out = join(dir, 'out.json')
    const result = await cli(['compare', join(dir, 'a.md'), join(dir, 'b.md'), '--format', 'json', '--out', out])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${join(dir, 'a.md')}:5:8  error`)
    expect(result.stderr).toContain('annotation-unclosed')
    expect(() => readFileSync(out)).toThrow()
  })

  test('--strict: each base-text edit and each uncertain match an error positioned in its revision, exit 1, the report written all the same', async () => {
    const { a, b } = revisedWorkingText()
    const lineOf = (text: string, start: string) => text.split('\n').findIndex((l) => l.startsWith(start)) + 1
    const dir = folderWith({ 'rev0.md': a, 'rev1.md': b })
    const strict = await cli(['compare', 'rev0.md', 'rev1.md', '--strict', '--format', 'json', '--out', 'changes.json'], dir)
    expect(strict.code).toBe(1)
    expect(strict.stdout).toBe('✓ changes.json\n')
    // Each at its first word added, in the JSON as in the message: "foster", and the new paragraph's "To".
    const foster = { line: lineOf(b, '2. To foster'), column: '2. To '.length + 1 }
    const welcome = { line: lineOf(b, '5. To welcome'), column: '5. '.length + 1 }
    expect(JSON.parse(readFileSync(join(dir, 'changes.json'), 'utf8')).comparisons[0].baseEdits.map((e: { line: number; column: number }) => ({ line: e.line, column: e.column }))).toEqual([foster, welcome])
    const why = 'Text outside every proposal changed from rev0.md to rev1.md, and no agreed proposal explains it'
    expect(strict.stderr.split('\n')).toEqual([
      `rev1.md:${foster.line}:${foster.column}  error  ${why}: OP2: promote → foster after “To”  compare-base-edit`,
      `rev1.md:${welcome.line}:${welcome.column}  error  ${why}: OP5: added To welcome the Group.  compare-base-edit`,
      'oasgen compare --strict: 2 changes that no proposal accounts for (above)',
      '',
    ])
    // The README shows this run.
    const example = /```\n\$ npx oasgen compare rev0\.md rev1\.md --strict --format json --out changes\.json\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'))?.[1]
    expect(example).toBe(strict.stdout + strict.stderr)
    // Only proposals changed: nothing to refuse.
    const proposalsOnly = folderWith({ 'a.md': draftText('1. One [US: a].\n\n2. Two [COL: b].'), 'b.md': draftText('1. One [US agreed: a].\n\n2. Two [COL, MEX: b] [CAN: c].') })
    expect(await cli(['compare', 'a.md', 'b.md', '--strict'], proposalsOnly)).toMatchObject({ code: 0, stderr: '' })
    // A paragraph compare cannot follow, and two proposals it cannot tell apart: positioned where they stand, the gone one in the old revision.
    const doubt = folderWith({
      'a.md': draftText('1. Keep.\n\n2. To request the Secretariat to report on cyber norms.\n\n3. To note [US: the report of the Group of Experts].'),
      'b.md': draftText('1. Keep.\n\n2. To request the Secretariat to report on cyber norms A.\n\n3. To request the Secretariat to report on cyber norms B.\n\n4. To note [US: the reports of the Group of Experts] [US: the report of the Group of Expert].'),
    })
    const result = await cli(['compare', 'a.md', 'b.md', '--strict'], doubt)
    expect(result.code).toBe(1)
    const messages = result.stderr.split('\n').filter((l) => l.includes('compare-uncertain'))
    expect(messages.map((l) => l.replace(/  error .*/, ''))).toEqual(['a.md:7:1', 'a.md:9:12', 'b.md:7:1', 'b.md:9:1', 'b.md:11:12', 'b.md:11:54'])
    expect(messages[0]).toContain('OP2: cannot be matched with confidence to a paragraph of b.md (could be OP2 or OP3)')
    expect(messages[1]).toContain('OP3.1 (US): cannot be matched with confidence to a proposal of b.md (could be OP4.1 or OP4.2)')
  })

  test('--strict: a base-text edit is placed at its word: over lines, after escapes, in emphasis, a deleted paragraph in the old revision', async () => {
    const a = draftText('RESOLVES:\n\n1. To promote cooperation [US: among States].\n\n2. To thank the Chair\n   and the \\[former\\] Vice-Chair for their work.\n\n3. To end *soon*.\n\n4. To go.\n\n5. To stay here.')
    const b = draftText('RESOLVES:\n\n1. To promote cooperation [US: among States].\n\n2. To thank the Chair\n   and the \\[former\\] Vice-Chair.\n\n3. To end *now*.\n\n4. To stay.')
    const result = await cli(['compare', 'a.md', 'b.md', '--strict'], folderWith({ 'a.md': a, 'b.md': b }))
    expect(result.code).toBe(1)
    /** The line and column of `word` in `text`, after `after` (a unique string). */
    const at = (text: string, after: string, word: string) => {
      const offset = text.indexOf(word, text.indexOf(after))
      const before = text.slice(0, offset).split('\n')
      return `${before.length}:${before.at(-1)!.length + 1}`
    }
    expect(result.stderr.split('\n').filter((l) => l.includes('compare-base-edit')).map((l) => l.replace(/  error .* explains it: /, ' ').replace(/( after .*)?  compare-base-edit$/, ''))).toEqual([
      // A paragraph deleted (paragraph 5 of a is 4 of b): in the old revision, at its first word.
      `a.md:${at(a, '4. To', 'To')} former OP4: removed To go.`,
      // Words removed and put in on the paragraph's second line, after escaped brackets: at "Vice-Chair".
      `b.md:${at(b, '[former', 'Vice-Chair')} OP2: Vice-Chair for their work. → Vice-Chair.`,
      // In emphasis: at "now", inside its asterisks.
      `b.md:${at(b, '3. To', 'now')} OP3: soon. → now.`,
      `b.md:${at(b, '4. To', 'stay')} OP4 (former OP5): stay here. → stay.`,
    ])
  })

  test.each([
    [['compare', 'inputs/cicte-res-1-17.md'], 'Missing required argument: new'],
    [['compare', 'inputs/cicte-res-1-17.md', 'nope.md'], 'No such draft: nope.md'],
    [['compare', 'inputs/cicte-res-1-17.md', 'inputs/cicte-res-1-17.md', '--format', 'odt'], 'Unknown format `odt`'],
  ])('usage errors exit 2: %j', async (argv, message) => {
    const result = await cli(argv)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
  })

  test('--help lists compare', async () => {
    expect((await cli(['--help'])).stdout).toContain('compare <old> <new> [more..]')
  })
})


describe('the compare document', () => {
  test('the new text, bracketed, a bold mark after each changed proposal, those gone at the end of their paragraph; then the annex', () => {
    const { a, b } = revisedWorkingText()
    const next = revision(b, 'rev1.md')
    const report = compareRevisions([revision(a, 'rev0.md'), next])
    const doc = compareDocument({ report, meta: next.meta, tree: next.tree })
    const texts = doc.blocks.map((block) => ('content' in block ? plainText(block.content) : block.type))
    expect(texts[0]).toBe('Compared with rev0.md: each mark ‹n› in the text refers to change n in the annex.')
    // OP3 (COL, withdrawn) is not printed: its mark ‹1› is in the annex only.
    expect(texts[3]).toMatch(/support this effort‹2, 4›\. ‹3›$/)
    expect(texts[4]).toBe('To welcome the work of‹5› the Group.')
    const marks = doc.blocks.flatMap((block) => ('content' in block ? block.content : [])).filter((i) => i.type === 'text' && i.value.startsWith('‹'))
    expect(marks.every((m) => m.type === 'text' && m.marks.includes('bold'))).toBe(true)
    const annex = doc.blocks.findIndex((block) => block.type === 'heading')
    expect(doc.blocks[annex]).toMatchObject({ type: 'heading', depth: 1, pageBreakBefore: true, content: [{ value: 'Annex: changes from rev0.md to rev1.md' }] })
    const tables = doc.blocks.filter((block) => block.type === 'table')
    expect(tables.map((t) => t.header.map(plainText).join('|'))).toEqual([
      'Mark|Proposal|Sponsors|Change',
      'Paragraph|Former number|Change',
      'Paragraph|Removed|Added|After',
      'Delegation|new|withdrawn|agreed|amended|co-sponsored|unchanged',
    ])
    expect(tables[0]!.rows.map((r) => r.map(plainText).join('|'))).toEqual([
      '‹1›|OP3.1|COL|withdrawn',
      '‹2›|OP4.1|US|amended; text: … state behavior in cyberspace contained set out in the reports of …',
      '‹3›|former OP4.1.1|COL|agreed, now in the text',
      '‹4›|OP4.1.1 (former OP4.1.2)|MEX, CAN|co-sponsored (+CAN)',
      '‹5›|OP5.1|CAN|new: inserts “the work of”',
    ])
    expect(tables[1]!.rows.map((r) => r.map(plainText).join('|')).slice(3)).toEqual(['OP4|OP4|kept', 'OP5|—|new', 'OP6|OP5|kept, renumbered'])
    // The struck and bold words of the amendment, as the renderers print marks.
    const amended = tables[0]!.rows[1]![3]!
    expect(amended.filter((i) => i.type === 'text' && i.marks.length > 0).map((i) => i.type === 'text' && `${i.marks.join()}:${i.value}`)).toEqual(['strike:contained', 'bold:set out'])
    // Through a renderer that knows nothing of compare: the txt prints the marks and the tables.
    const printed = txt(doc)
    expect(printed).toContain('the CICTE Secretariat support this effort]‹2, 4›. ‹3›')
    expect(printed).toMatch(/│ ‹5› +│ OP5\.1 +│ CAN +│ new: inserts “the work of” +│/)
  })

  test('three revisions: the marks are the last change’s, the annex has each change and the revisions’ figures', () => {
    const r = [
      draftText('1. A [US: b c] d.\n\n2. E [COL: f].', 'title: T\nsymbol: CP/CSH-1/21'),
      draftText('1. A [US: b c] d.\n\n2. E [COL agreed: f].', 'title: T\nsymbol: CP/CSH-1/21 rev. 1'),
      draftText('1. A [US: b c g] d.\n\n2. E f.', 'title: T\nsymbol: CP/CSH-1/21 rev. 2'),
    ].map((text, k) => revision(text, `r${k}.md`))
    const report = compareRevisions(r)
    const doc = compareDocument({ report, meta: r[2]!.meta, tree: r[2]!.tree })
    const headings = doc.blocks.filter((b) => b.type === 'heading' && b.depth === 1).map((b) => 'content' in b && plainText(b.content))
    expect(headings).toEqual(['Annex 1: changes from CP/CSH-1/21 to CP/CSH-1/21 rev. 1', 'Annex 2: changes from CP/CSH-1/21 rev. 1 to CP/CSH-1/21 rev. 2', 'The revisions'])
    const first = doc.blocks[1]
    expect(first && 'content' in first && plainText(first.content)).toBe('A b c g‹1› d.')
    const last = doc.blocks[doc.blocks.length - 1]!
    expect(last.type === 'table' && last.rows.map((row) => row.map(plainText).join('|'))).toEqual(['CP/CSH-1/21|2|3|0 of 2', 'CP/CSH-1/21 rev. 1|1|2|1 of 2', 'CP/CSH-1/21 rev. 2|1|3|1 of 2'])
  })

  test('a draft with a table: marks in the cells of the proposals that changed, a gone proposal’s mark in the last cell; the same through pdf', async () => {
    const quotas = (header: string, rows: string[]) => `1. To adopt the quotas below.\n\n   | Member state | ${header} |\n   | :--- | ---: |\n${rows.map((r) => `   | ${r} |`).join('\n')}\n\n2. To report on [COL: the quotas] each year.`
    const a = draftText(quotas('Quota [US: ~~(%)~~ (per cent)]', ['Colombia | 1.2', 'Mexico | [MEX: 8.0]', '[PER: Peru] | [PER: 0.5]']), 'title: Quotas')
    const b = draftText(quotas('Quota [US agreed: ~~(%)~~ (per cent)]', ['Colombia | 1.3', 'Mexico | [MEX, CAN: 8.0]', '[PER: Peru] | [PER: 0.6]', 'Chile | [CHL: 0.7]']), 'title: Quotas')
    const next = revision(b, 'rev1.md')
    const report = compareRevisions([revision(a, 'rev0.md'), next])
    const c = report.comparisons[0]!
    expect(proposalLines(c)).toEqual(['agreed OP1.1→OP1.1', 'co-sponsored OP1.2→OP1.2', 'unchanged OP1.3→OP1.3', 'amended OP1.4→OP1.4', 'new -→OP1.5', 'unchanged OP2.1→OP2.1'])
    expect(c.baseEdits.map((e) => `${e.new}: ${e.removed} → ${e.added}`)).toEqual(['OP1: 1.2 → 1.3', 'OP1:  → Chile'])
    const doc = compareDocument({ report, meta: next.meta, tree: next.tree })
    const table = doc.blocks.find((block): block is Table => block.type === 'table')!
    expect(table.header.map(plainText)).toEqual(['Member state', 'Quota (per cent)'])
    expect(table.rows.map((row) => row.map(plainText).join(' | '))).toEqual(['Colombia | 1.3', 'Mexico | 8.0‹2›', 'Peru | 0.6‹3›', 'Chile | 0.7‹4› ‹1›'])
    const dir = folderWith({ 'rev0.md': a, 'rev1.md': b })
    expect(await cli(['compare', 'rev0.md', 'rev1.md', '--format', 'pdf'], dir)).toMatchObject({ code: 0, stderr: '' })
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(readFileSync(join(dir, 'outputs', 'rev1.compare.pdf')))), { mergePages: true })
    expect(text).toMatch(/\[MEX, CAN: 8\.0\]‹2›/)
    expect(text).toMatch(/\[CHL: 0\.7\]‹4› ‹1›/)
  })

  test('docx, pdf and html through the renderers: marks and annex in each, the same bytes every time, outputs/<new>.compare.<format> by default', async () => {
    const { a, b } = revisedWorkingText()
    const dir = folderWith({ 'rev0.md': a, 'rev1.md': b })
    const run = (format: string) => cli(['compare', 'rev0.md', 'rev1.md', '--format', format], dir)
    for (const format of ['docx', 'pdf', 'html']) expect(await run(format)).toMatchObject({ code: 0, stdout: `✓ outputs/rev1.compare.${format}\n`, stderr: '' })
    const read = (format: string) => new Uint8Array(readFileSync(join(dir, 'outputs', `rev1.compare.${format}`)))
    const first = { docx: read('docx'), pdf: read('pdf'), html: read('html') }
    const xml = strFromU8(unzipSync(first.docx)['word/document.xml']!)
    for (const header of ['Mark', 'Former number', 'Removed', 'Delegation']) expect(xml).toContain(`<w:t xml:space="preserve">${header}</w:t>`)
    expect(xml).toContain('‹2, 4›')
    expect(xml).toContain('Annex: changes from rev0.md to rev1.md')
    const { text } = await extractText(await getDocumentProxy(first.pdf.slice()), { mergePages: true })
    expect(text).toContain('support this effort]‹2, 4›. ‹3›')
    expect(text).toContain('Base text edits (outside any proposal)')
    const html = strFromU8(first.html)
    expect(html).toContain('‹5›')
    expect(html.match(/<table/g)).toHaveLength(4)
    for (const format of ['docx', 'pdf', 'html'] as const) {
      await run(format)
      expect(read(format)).toEqual(first[format])
    }
  })
})
