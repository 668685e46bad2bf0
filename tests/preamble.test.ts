// preamble-punctuation (issue 11): the preambular paragraphs end with `;`, the last with `,`
// (official-format.md). A view that leaves out the last one leaves a `;` where the `,` is due:
// the editor is told where, and in which documents.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { pendingSponsors, reportViews } from '../src/build.js'
import { preamblePunctuation } from '../src/view/preamble.js'
import { lastPreambleOf } from '../src/view/resolve.js'
import { viewFileName, type View } from '../src/view/views.js'
import { body, wildBody } from './arbitraries.js'
import { BRACKETED, CLEAN, cli, delegation, draftText, files, folderWith, parse, parseOk, resolve, tempDir } from './helpers.js'

const BODY = [
  'THE GENERAL ASSEMBLY,',
  'RECALLING resolution AG/RES. 1 (I-O/01);',
  '[US: TAKING INTO ACCOUNT the report of the Secretariat,]',
  'RESOLVES:',
  '1. To act.',
].join('\n\n')

const warningsOf = (body: string, views: View[]) => {
  const draft = parseOk(body)
  return preamblePunctuation(views.map((view) => ({ name: viewFileName(view), resolution: resolve(draft, view) })))
}

describe('the last preambular paragraph of a view', () => {
  test('is known with its place, its last printed character and the paragraphs the view left out after it', () => {
    const draft = parseOk(BODY)
    expect(resolve(draft, CLEAN).lastPreamble).toEqual({ start: { line: 7, column: 1 }, ends: ';', removed: [{ line: 9, column: 1 }] })
    expect(resolve(draft, BRACKETED).lastPreamble).toEqual({ start: { line: 9, column: 1 }, ends: ',', removed: [] })
  })

  test('closing brackets, deleted text and note marks are not what it ends with', () => {
    const body = 'THE COUNCIL,\n\nRECALLING [US: ~~the report;~~ the study,][^1]\n\nRESOLVES:\n\n1. To act.\n\n[^1]: A note.'
    expect(resolve(parseOk(body), BRACKETED).lastPreamble?.ends).toBe(',')
    expect(resolve(parseOk(body), CLEAN).lastPreamble?.ends).toBe(';')
  })

  test('none without an operative part, nor when the opening line is all the preamble', () => {
    expect(resolve(parseOk('THE COUNCIL,\n\nRECALLING a;\n\nNOTING b;'), CLEAN).lastPreamble).toBeUndefined()
    expect(resolve(parseOk('THE COUNCIL,\n\nRESOLVES:\n\n1. To act.'), CLEAN).lastPreamble).toBeUndefined()
  })
})

describe('resolved only up to the operative part (what check does)', () => {
  const runs = { numRuns: Number(process.env.FC_RUNS ?? 150) }
  /** Every view of a generated draft (and a scenario): the last preambular paragraph of the part is that of the whole. */
  const sameAsWhole = (text: string) => {
    const draft = parse(draftText(text))
    if (draft.failed || !draft.meta) return
    const scenario: View = { kind: 'scenario', name: 'x', scenario: { rules: [{ choice: 'accept', codes: ['US'] }, { choice: 'show', ref: 'OP1' }], rest: 'reject', context: false } }
    const views = [CLEAN, BRACKETED, scenario, ...pendingSponsors(draft.tree).map(delegation)]
    for (const view of views) expect(lastPreambleOf({ meta: draft.meta, tree: draft.tree }, view)).toEqual(resolve(draft, view).lastPreamble)
  }

  test('the examples above', () => {
    for (const text of [BODY, BODY.replace('RESOLVES:', '[MEX: NOTING the study;]\n\n[MEX: BEARING IN MIND the plan,]\n\nRESOLVES:')]) sameAsWhole(text)
    const draft = parseOk(BODY)
    expect(lastPreambleOf({ meta: draft.meta!, tree: draft.tree }, CLEAN)).toEqual({ start: { line: 7, column: 1 }, ends: ';', removed: [{ line: 9, column: 1 }] })
  })

  test('generated drafts, in every view', () => {
    fc.assert(fc.property(body, sameAsWhole), runs)
  })

  test('generated drafts of every kind of block', () => {
    fc.assert(fc.property(wildBody, sameAsWhole), runs)
  })
})

describe('preamble-punctuation', () => {
  test('a view that leaves out the paragraph ending with `,` is named, with the paragraph it left out', () => {
    expect(warningsOf(BODY, [CLEAN, BRACKETED, delegation('US'), delegation('MEX')])).toEqual([
      {
        place: { line: 7, column: 1 },
        reason:
          'This preambular paragraph is the last in the clean and delegation-MEX views, which leave out the one after it (line 9), and it ends with `;` where the last ends with `,`: correct it by hand in those documents',
      },
    ])
  })

  test('several paragraphs left out are all named', () => {
    const body = BODY.replace('RESOLVES:', '[MEX: NOTING the study;]\n\n[MEX: BEARING IN MIND the plan,]\n\nRESOLVES:')
    expect(warningsOf(body, [CLEAN]).map((w) => w.reason)).toEqual([
      'This preambular paragraph is the last in the clean view, which leaves out the ones after it (lines 9, 11 and 13), and it ends with `;` where the last ends with `,`: correct it by hand in that document',
    ])
  })

  test('nothing when every view ends the preamble with `,`', () => {
    const body = BODY.replace('[US: TAKING INTO ACCOUNT the report of the Secretariat,]', 'TAKING INTO ACCOUNT [US: the report of] the Secretariat,')
    expect(warningsOf(body, [CLEAN, BRACKETED, delegation('US')])).toEqual([])
  })

  test('a draft whose own last preambular paragraph ends with `;` is told so once, for every view', () => {
    const body = 'THE COUNCIL,\n\nRECALLING a;\n\nNOTING [US: b];\n\nRESOLVES:\n\n1. To act.'
    expect(warningsOf(body, [CLEAN, BRACKETED])).toEqual([
      { place: { line: 9, column: 1 }, reason: 'This last preambular paragraph ends with `;` in the clean and bracketed views: the last one ends with `,`' },
    ])
  })

  test('French: the space before `;` changes nothing', () => {
    const body = 'LE CONSEIL,\n\nRAPPELANT a ;\n\n[US: NOTANT b,]\n\nDÉCIDE :\n\n1. Agir.'
    expect(warningsOf(body, [CLEAN]).map((w) => w.place)).toEqual([{ line: 7, column: 1 }])
  })

  test('reported on the draft as a positioned warning', () => {
    const draft = parseOk(BODY)
    reportViews(draft.file, [{ name: 'clean', resolution: resolve(draft, CLEAN) }])
    expect(draft.file.messages.map((m) => `${m.line}:${m.column} ${m.fatal} ${m.ruleId}`)).toEqual(['7:1 false preamble-punctuation'])
  })
})

describe('on the command line', () => {
  test('oasgen check says it for the views a build makes by default', async () => {
    const src = folderWith({ 'd.md': draftText(BODY) })
    const result = await cli(['check', src])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('d.md:7:1  warning  This preambular paragraph is the last in the clean view, which leaves out the one after it (line 9)')
    expect(result.stderr).toContain('preamble-punctuation')
  })

  test('oasgen build says it once, and builds every document', async () => {
    const src = folderWith({ 'd.md': draftText(BODY) })
    const out = tempDir()
    const first = await cli(['build', src, '--format', 'txt', '--out', out])
    expect(first.code).toBe(0)
    expect(first.stderr.match(/preamble-punctuation/g)).toHaveLength(1)
    expect(files(out)).toEqual(['d.bracketed.txt', 'd.clean.txt', 'd.delegation-US.txt'])
    // Up to date the second time: said again all the same.
    const again = await cli(['build', src, '--format', 'txt', '--out', out])
    expect(again.stderr.match(/preamble-punctuation/g)).toHaveLength(1)
  })
})
