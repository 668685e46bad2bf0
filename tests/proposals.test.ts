// Spec: draft-format.md §4.1 (proposal states and references), and src/proposals/proposals.ts.
import fc from 'fast-check'
import { unified } from 'unified'
import remarkStringify from 'remark-stringify'
import { describe, expect, test } from 'vitest'
import { remarkDraft } from '../src/draft/annotation/plugin.js'
import { annotations } from '../src/draft/parse.js'
import { proposalsOf, textOf, wordCount } from '../src/proposals/proposals.js'
import { plainText } from '../src/view/resolve.js'
import { body as bodies, richBody } from './arbitraries.js'
import { BRACKETED, CLEAN, bodyText, cli, delegation, draftText, files, folderWith, input, messages, parse, parseOk, resolve, tempDir } from './helpers.js'

const refs = (body: string) => proposalsOf(parseOk(body).tree).proposals.map((p) => p.ref)
const factsOf = (body: string) => proposalsOf(parseOk(body).tree)

describe('states', () => {
  test.each([
    ['[COL withdrawn: x]', 'withdrawn'],
    ['[COL WITHDRAWN: x]', 'withdrawn'],
    ['[CAN/US Withdrawn: x]', 'withdrawn'],
    ['[COL agreed: x]', 'agreed'],
    ['[COL AGREED: x]', 'agreed'],
    ['[COL: x]', 'pending'],
    ['[x]', 'pending'],
  ])('%s is %s: the state word is read in any case, after the last sponsor', (body, state) => {
    const [node] = annotations(parseOk(body).tree)
    expect(node?.state).toBe(state)
    expect(node?.children).toEqual([expect.objectContaining({ type: 'text', value: 'x' })])
  })

  test('a withdrawn proposal keeps its sponsors and tag as written', () => {
    const [node] = annotations(parseOk('[CAN, US withdrawn: ~~a~~ b]').tree)
    expect(node).toMatchObject({ tag: 'CAN, US', sponsors: ['CAN', 'US'], state: 'withdrawn' })
  })

  test('a misspelt state word is a tag-like warning that names the word meant', () => {
    const draft = parse(draftText('[COL withdrawm: x]'))
    expect(messages(draft)).toEqual(['5:1 warning annotation-tag-like'])
    expect(draft.file.messages[0]?.reason).toContain('`withdrawm` is not `withdrawn`')
  })

  test('[withdrawn: x] has an empty sponsor list', () => {
    expect(messages(parse(draftText('[withdrawn: x]')))).toEqual(['5:1 error annotation-empty-sponsor'])
  })

  test('a parsed draft is written back with its state words', () => {
    const draft = parseOk('A [COL withdrawn: ~~b~~ c] [US agreed: d] [MEX: e].')
    const text = unified().use(remarkDraft).use(remarkStringify).stringify(draft.tree)
    expect(text.trim()).toBe('A [COL withdrawn: ~~b~~ c] [US agreed: d] [MEX: e].')
  })

  const body = 'Base [COL withdrawn: ~~old~~ new] text [US: ~~a~~ b] end.'
  test.each([
    ['clean', CLEAN, 'Base old text a end.'],
    ['bracketed', BRACKETED, 'Base old text [US: a b] end.'],
    ["its sponsor's delegation view", delegation('COL'), 'Base old text a end.'],
  ])('withdrawn is rejected and never shown: %s', (_name, view, expected) => {
    expect(bodyText(body, view)).toBe(expected)
  })

  test('a proposal nested in what a withdrawn proposal inserts goes with it, even in its own delegation view', () => {
    expect(bodyText('A [US withdrawn: b [MEX: c] d] e.', delegation('MEX'))).toBe('A e.')
    expect(bodyText('A [US withdrawn: ~~b [MEX: ~~c~~ x]~~ d] e.', BRACKETED)).toBe('A b [MEX: c x] e.')
  })

  test('a withdrawn proposal is not its sponsor\'s pending proposal: no delegation document of its own', async () => {
    const src = folderWith({ 'd.md': draftText('1. A [COL withdrawn: b] [US: c] [MEX agreed: d].') })
    const out = tempDir()
    const result = await cli(['build', src, '--view', 'delegation', '--format', 'md', '--out', out])
    expect(result.code).toBe(0)
    expect(files(out)).toEqual(['d.delegation-US.md'])
  })

  test('a delegation named on the command line with no pending proposal is built, with a warning', async () => {
    const src = folderWith({ 'd.md': draftText('1. A [COL withdrawn: b] [US: c].') })
    const out = tempDir()
    const result = await cli(['build', src, '--delegation', 'COL', '--format', 'txt', '--out', out])
    expect(result.code).toBe(0)
    expect(files(out)).toEqual(['d.delegation-COL.txt'])
    expect(result.stderr).toContain('`COL` has no pending proposal in this draft (each of its proposals is agreed or withdrawn)')
    expect(result.stderr).toContain('delegation-absent')
  })

  test('--strict: withdrawn proposals, and what sits in text they take away, do not stop the plenary copy', async () => {
    const src = folderWith({ 'd.md': draftText('1. A [COL withdrawn: b [US: c]] [MEX agreed: d].'), 'e.md': draftText('1. A [COL withdrawn: ~~b [US: c]~~ x].') })
    const out = tempDir()
    const result = await cli(['build', src, '--view', 'clean', '--strict', '--format', 'txt', '--out', out])
    expect(result.stderr).not.toContain('d.md')
    expect(result.stderr).toContain('e.md:5:26  error  The clean view is for plenary: OP1.1.1, a proposal by US, is not agreed  clean-unagreed')
    expect(files(out)).toEqual(['d.clean.txt'])
  })
})

describe('references', () => {
  test('the working text: OP3.1 (COL) holds OP3.1.1 (its bare bracket); OP4.1 (US) holds OP4.1.1 (COL) and OP4.1.2 (MEX)', () => {
    const { paragraphs, proposals } = proposalsOf(parse(input('csh-omnibus-cyber-2021.md')).tree)
    expect(paragraphs.map((p) => p.ref)).toEqual(['OP1', 'OP2', 'OP3', 'OP4', 'OP5'])
    expect(proposals.map((p) => [p.ref, p.tag, p.parent ?? null])).toEqual([
      ['OP3.1', 'COL', null],
      ['OP3.1.1', '', 'OP3.1'],
      ['OP4.1', 'US', null],
      ['OP4.1.1', 'COL', 'OP4.1'],
      ['OP4.1.2', 'MEX', 'OP4.1'],
    ])
  })

  test('the resolution: four preambular paragraphs (the opening line first), the keyword apart, four operative ones', () => {
    const { paragraphs, proposals } = proposalsOf(parse(input('cicte-res-1-17.md')).tree)
    expect(paragraphs.map((p) => `${p.ref}@${p.line}`)).toEqual(['PP1@18', 'PP2@20', 'PP3@22', 'PP4@24', 'P5@26', 'OP1@28', 'OP2@30', 'OP3@32', 'OP4@34'])
    expect(proposals).toEqual([])
  })

  test('PP, OP, sub-paragraphs (letters, then roman numerals), and order within a paragraph', () => {
    const body = [
      'THE GENERAL ASSEMBLY, [US: x]',
      'RECALLING [COL: y] and [MEX: z];',
      'RESOLVES:',
      '1. First [US: a].',
      '2. Second:',
      '   1. sub [CAN: b] and [US: c]',
      '   2. sub two',
      '      1. deeper [MEX: d]',
      '3. [COL: e [US: f] [MEX: g [CAN: h]]]',
    ].join('\n\n')
    expect(refs(body)).toEqual(['PP1.1', 'PP2.1', 'PP2.2', 'OP1.1', 'OP2.a.1', 'OP2.a.2', 'OP2.b.i.1', 'OP3.1', 'OP3.1.1', 'OP3.1.2', 'OP3.1.2.1'])
    expect(factsOf(body).paragraphs.map((p) => p.ref)).toEqual(['PP1', 'PP2', 'P3', 'OP1', 'OP2', 'OP2.a', 'OP2.b', 'OP2.b.i', 'OP3'])
  })

  test('notes: the footnotes a paragraph refers to, by their FN reference, in order, repeats kept; keyword: the operative keyword', () => {
    const body = ['THE COUNCIL,[^b]', 'RESOLVES:', '1. One[^a] [US: and[^b]].', '   1. sub[^a]', '2. Two.', '[^a]: Note, see[^c].', '[^b]: Other.', '[^c]: Third.'].join('\n\n')
    const { paragraphs } = factsOf(body.replace('\n\n   1.', '\n   1.'))
    expect(paragraphs.map((p) => `${p.ref}${p.keyword ? '(keyword)' : ''}[${p.notes.join(' ')}]`)).toEqual([
      'PP1[FN1]',
      'P2(keyword)[]',
      'OP1[FN2 FN1]',
      'OP1.a[FN2]',
      'OP2[]',
      'FN1[]',
      'FN2[FN3]',
      'FN3[]',
    ])
  })

  test('P: a paragraph outside both parts, by its position in the document; FN: a footnote, by first reference', () => {
    const body = ['THE COUNCIL,', 'RESOLVES:', '1. One[^b].', '2. Two[^a].', '# Annex [US: title]', 'Text [COL: x].', '- item [MEX: y]', '[^a]: Note [CAN: z].', '[^b]: Other [US: w].'].join('\n\n')
    const { paragraphs } = factsOf(body)
    expect(paragraphs.map((p) => `${p.ref}[${p.proposals.join(' ')}]`)).toEqual([
      'PP1[]',
      'P2[]',
      'OP1[]',
      'OP2[]',
      'P5[P5.1]',
      'P6[P6.1]',
      'P7[P7.1]',
      'FN1[FN1.1]',
      'FN2[FN2.1]',
    ])
    expect(factsOf(body).proposals.map((p) => [p.ref, p.tag])).toEqual([
      ['P5.1', 'US'],
      ['P6.1', 'COL'],
      ['P7.1', 'MEX'],
      ['FN1.1', 'US'],
      ['FN2.1', 'CAN'],
    ])
  })

  test('with no operative list, every paragraph is preambular', () => {
    expect(refs('A [US: x].\n\nB [COL: y].')).toEqual(['PP1.1', 'PP2.1'])
  })

  test('a further paragraph or a bullet inside an operative paragraph is part of it', () => {
    expect(refs('1. One [US: a].\n\n   More [COL: b].\n\n   - bullet [MEX: c]\n\n2. Two [CAN: d].')).toEqual(['OP1.1', 'OP1.2', 'OP1.3', 'OP2.1'])
  })

  test('a proposal in text another deletes is nested in it', () => {
    const [outer, inner] = factsOf('1. A [US: ~~old [COL: ~~p~~ q] text~~ new].').proposals
    expect(inner).toMatchObject({ ref: 'OP1.1.1', parent: 'OP1.1', within: 'deletion' })
    expect(outer).toMatchObject({ ref: 'OP1.1', kind: 'replacement', deleted: { text: 'old p text', words: 3 }, inserted: { text: 'new', words: 1 } })
  })

  test('references do not change when a proposal is agreed or withdrawn, even a whole paragraph', () => {
    const before = refs('1. One.\n\n2. [COL: Two.]\n\n3. [US: ~~Three.~~]\n\n4. Four [MEX: x].')
    const after = refs('1. One.\n\n2. [COL withdrawn: Two.]\n\n3. [US agreed: ~~Three.~~]\n\n4. Four [MEX agreed: x].')
    expect(before).toEqual(['OP2.1', 'OP3.1', 'OP4.1'])
    expect(after).toEqual(before)
    // The bracketed view no longer prints the withdrawn and deleted paragraphs: paragraph 4 is printed 2.
    expect(bodyText('1. One.\n\n2. [COL withdrawn: Two.]\n\n3. [US agreed: ~~Three.~~]\n\n4. Four [MEX: x].', BRACKETED)).toBe('1. One.\n\n2. Four [MEX: x].')
  })

  test('a paragraph with nothing a view prints is not numbered', () => {
    expect(refs('1. One.\n\n2. <!-- a note -->\n\n3. Three [US: x].')).toEqual(['OP2.1'])
  })

  test('references are the same in every view: computed on the draft', () => {
    // A paragraph the clean view removes still counts.
    expect(refs('1. [US: One.]\n\n2. Two [COL: x].')).toEqual(['OP1.1', 'OP2.1'])
  })
})

describe('facts', () => {
  const [col, bare, us, colIn, mex] = proposalsOf(parse(input('csh-omnibus-cyber-2021.md')).tree).proposals

  test('the working text, checked by hand: kinds, words, owners, parents', () => {
    expect(col).toMatchObject({ paragraph: 'OP3', sponsors: ['COL'], owners: ['COL'], kind: 'insertion', state: 'pending', moot: false, inserted: { words: 47 }, deleted: { words: 0 } })
    expect(bare).toMatchObject({ sponsors: [], owners: ['COL'], tag: '', kind: 'insertion', parent: 'OP3.1', within: 'insertion', inserted: { words: 47 } })
    // US's own words: "contained" and "the GGE" are US's text (COL and MEX propose to delete them); "set out" and "GEG" are not.
    expect(us).toMatchObject({ kind: 'insertion', inserted: { words: 100 } })
    expect(us?.inserted.text).toContain('in cyberspace contained in the reports of the GGE and OEWG')
    expect(colIn).toMatchObject({ kind: 'replacement', inserted: { text: 'set out', words: 2 }, deleted: { text: 'contained', words: 1 }, parent: 'OP4.1', within: 'insertion' })
    expect(mex).toMatchObject({ kind: 'replacement', inserted: { text: 'GEG', words: 1 }, deleted: { text: 'the GGE', words: 2 } })
  })

  test('positions: from the `[` to after the `]`, in the draft text', () => {
    const text = input('csh-omnibus-cyber-2021.md')
    const slice = (p: typeof mex) => text.slice(p!.position.start.offset, p!.position.end.offset)
    expect(slice(mex)).toBe('[MEX: ~~the GGE~~ GEG]')
    expect(slice(colIn)).toBe('[COL: ~~contained~~ set out]')
    expect(mex?.position.start).toMatchObject({ line: 19, column: 591 })
  })

  test('kinds: insertion, deletion, replacement', () => {
    expect(factsOf('A [US: x] [US: ~~y~~] [US: ~~y~~ z] [US: ~~y~~ ~~w~~].').proposals.map((p) => p.kind)).toEqual(['insertion', 'deletion', 'replacement', 'deletion'])
  })

  test('moot: in what a withdrawn proposal inserts, in what an agreed one deletes, and below', () => {
    const { proposals } = factsOf('A [US withdrawn: b [COL: c [MEX: d]] ~~e [CAN: f]~~] [US agreed: ~~g [COL: h]~~ i [MEX: j]].')
    expect(proposals.map((p) => `${p.ref} ${p.moot}`)).toEqual(['PP1.1 false', 'PP1.1.1 true', 'PP1.1.1.1 true', 'PP1.1.2 false', 'PP1.2 false', 'PP1.2.1 true', 'PP1.2.2 false'])
  })

  test('a bare bracket inside an agreed proposal belongs to whoever owned the text around it', () => {
    const { proposals } = factsOf('A [US: b [COL agreed: c [d]]] [COL agreed: [e]].')
    expect(proposals.map((p) => [p.ref, p.owners])).toEqual([
      ['PP1.1', ['US']],
      ['PP1.1.1', ['COL']],
      ['PP1.1.1.1', ['US']],
      ['PP1.2', ['COL']],
      ['PP1.2.1', []],
    ])
  })

  test('words: runs with a letter or a digit', () => {
    expect(wordCount('the 2021 “CBMs” – and, ')).toBe(4)
  })

  test('text: each piece with the proposals around it; textOf gives the text for any decision', () => {
    const source = input('csh-omnibus-cyber-2021.md')
    const op4 = proposalsOf(parse(source).tree).paragraphs.find((p) => p.ref === 'OP4')
    const pieces = op4!.text.slice(1, 4)
    expect(pieces.map(({ text, in: path }) => ({ text, in: path }))).toEqual([
      { text: 'contained', in: [{ ref: 'OP4.1', within: 'insertion' }, { ref: 'OP4.1.1', within: 'deletion' }] },
      { text: ' set out', in: [{ ref: 'OP4.1', within: 'insertion' }, { ref: 'OP4.1.1', within: 'insertion' }] },
      { text: ' in the reports of ', in: [{ ref: 'OP4.1', within: 'insertion' }] },
    ])
    // Each piece knows where its node starts in the draft.
    for (const piece of pieces) expect(source.slice(piece.offset, piece.offset! + piece.text.length)).toBe(piece.text)
    const paragraph = factsOf('1. Base [US: ~~old~~ new [COL: ~~a~~ b]] end[^1].\n\n   More [MEX: c].\n\n[^1]: Note.').paragraphs[0]!
    expect(textOf(paragraph, () => false)).toBe('Base old end. More .')
    expect(textOf(paragraph, (ref) => ref === 'OP1.1')).toBe('Base new a end. More .')
    expect(textOf(paragraph, () => true)).toBe('Base new b end. More c.')
    expect(factsOf('1. x[^n].\n\n[^n]: Note.').paragraphs.map((p) => p.label ?? null)).toEqual([null, 'n'])
  })

  test('plain data: JSON gives it back whole', () => {
    const data = proposalsOf(parse(input('csh-omnibus-cyber-2021.md')).tree)
    expect(JSON.parse(JSON.stringify(data))).toEqual(data)
  })
})

describe('properties', () => {
  test('every annotation of any draft has one reference, unique, in reading order, and its position holds it', () => {
    fc.assert(
      fc.property(fc.oneof(bodies, richBody), (body) => {
        const text = draftText(body)
        const draft = parse(text)
        if (draft.failed) return
        const { proposals, paragraphs } = proposalsOf(draft.tree)
        expect(proposals).toHaveLength([...annotations(draft.tree)].length)
        expect(new Set(proposals.map((p) => p.ref)).size).toBe(proposals.length)
        expect(paragraphs.flatMap((p) => p.proposals)).toEqual(proposals.map((p) => p.ref))
        // Agreed applied and the rest rejected, the paragraphs' texts are the clean view's (footnotes
        // aside: the view keeps only those it still refers to).
        const state = new Map(proposals.map((p) => [p.ref, p.state]))
        const squeeze = (t: string) => t.replace(/\s+/g, '')
        const { doc } = resolve(draft, CLEAN)
        const clean = doc.blocks.map((b) => ('content' in b ? plainText(b.content) : ''))
        const texts = paragraphs.filter((p) => p.kind !== 'FN').map((p) => textOf(p, (ref) => state.get(ref) === 'agreed'))
        expect(squeeze(texts.join(''))).toBe(squeeze(clean.join('')))
        for (const p of proposals) {
          const written = text.slice(p.position.start.offset, p.position.end.offset)
          expect(written.startsWith(`[${p.tag}`)).toBe(true)
          expect(written.endsWith(']')).toBe(true)
          expect(p.ref.startsWith(`${p.parent ?? p.paragraph}.`)).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })
})
