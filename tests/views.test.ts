// Spec: draft-format.md §2 (body structure) and §4 (views), with the worked examples.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { runs, type Run } from '../src/model/runs.js'
import type { Block, Inline } from '../src/model/types.js'
import { plainText } from '../src/view/resolve.js'
import { isTidy, rulesOf, tidyText, tidyUnits, type Stretch } from '../src/view/tidy.js'
import { parseViewKind, viewFileName } from '../src/view/views.js'
import { annotations } from '../src/draft/parse.js'
import { BRACKETED, CLEAN, bodyText, delegation, draftText, input, md, messages, parse, parseOk, resolve } from './helpers.js'

const one = (body: string, view: Parameters<typeof resolve>[1]) => bodyText(body, view)

/** Renders inlines with the marks a reader sees: ~~deleted~~, __inserted__, [TAG: …]. */
function marked(inlines: Inline[]): string {
  // The view's structure, not its drawing: a text cut at its edge spaces (runs' `edge`) is one text.
  const merged: Run[] = []
  for (const r of runs(inlines)) {
    const last = merged.at(-1)
    if (r.type === 'text' && last?.type === 'text' && last.parts === r.parts && last.marks === r.marks && last.link === r.link) merged[merged.length - 1] = { ...last, text: last.text + r.text }
    else merged.push(r)
  }
  return merged
    .map((r) => {
      if (r.type === 'open' || r.type === 'close') return r.text
      if (r.type === 'footnote') return `^${r.number}`
      if (r.type === 'break') return '\n'
      const kind = r.parts.at(-1)?.kind
      return kind === 'deletion' ? `~~${r.text}~~` : kind === 'insertion' ? `__${r.text}__` : r.text
    })
    .join('')
}

const blocksOf = (body: string, view: Parameters<typeof resolve>[1]) => resolve(parseOk(body), view).doc.blocks
const contentOf = (block: Block | undefined) => (block && 'content' in block ? block.content : [])

describe('the view table', () => {
  const body = 'Base [COL agreed: ~~old~~ new] text [COL: ~~a~~ b] and [US: ~~c~~ d] end [pending] stop.'
  test('clean: agreed applied, everything else rejected', () => {
    expect(one(body, CLEAN)).toBe('Base new text a and c end stop.')
  })
  test('bracketed: agreed applied, every other annotation shown', () => {
    const [block] = blocksOf(body, BRACKETED)
    expect(marked(contentOf(block))).toBe('Base new text [COL: ~~a~~__ b__] and [US: ~~c~~__ d__] end [__pending__] stop.')
  })
  test('delegation: the chosen sponsor shown, the others rejected', () => {
    const [block] = blocksOf(body, delegation('COL'))
    expect(marked(contentOf(block))).toBe('Base new text [COL: ~~a~~__ b__] and c end stop.')
  })
  test('aliases full and full-bracketed name the bracketed view', () => {
    expect(parseViewKind('full')).toBe('bracketed')
    expect(parseViewKind('full-bracketed')).toBe('bracketed')
    expect(parseViewKind('clean')).toBe('clean')
    expect(parseViewKind('nope')).toBeUndefined()
    expect(parseViewKind('__proto__')).toBeUndefined()
  })
  test('output names: clean, bracketed, delegation-<CODE>', () => {
    expect([CLEAN, BRACKETED, delegation('COL')].map(viewFileName)).toEqual(['clean', 'bracketed', 'delegation-COL'])
  })
})

describe('applied and rejected', () => {
  test('applied: insertions stay as plain text, deletions go, brackets go', () => {
    expect(one('A [US agreed: ~~old~~ *new*] B.', BRACKETED)).toBe('A new B.')
  })
  test('rejected: insertions go, deletions stay as plain base text', () => {
    expect(one('A [US: ~~old~~ new] B.', CLEAN)).toBe('A old B.')
  })
  test('a rejected bare annotation without deletions disappears whole', () => {
    expect(one('A [pending words] B.', CLEAN)).toBe('A B.')
  })
  test('a rejected annotation takes its nested proposals with it', () => {
    expect(one('A [US: x [COL agreed: y] z] B.', CLEAN)).toBe('A B.')
  })
  test('deleted base text keeps the proposals nested in it', () => {
    expect(one('A [US: ~~old [COL: ~~p~~ q] text~~] B.', CLEAN)).toBe('A old p text B.')
  })
  test('an agreed proposal nested in a shown one is applied inside it', () => {
    const [block] = blocksOf('[US: a [MEX agreed: ~~b~~ c] d]', BRACKETED)
    expect(marked(contentOf(block))).toBe('[US: __a c d__]')
  })
  test('emphasis and footnotes survive resolution', () => {
    const { doc } = resolve(parseOk('A *b* [US agreed: **c**[^n]].\n\n[^n]: Note.'), CLEAN)
    const content = contentOf(doc.blocks[0])
    expect(content).toEqual([
      { type: 'text', value: 'A ', marks: [] },
      { type: 'text', value: 'b', marks: ['italic'] },
      { type: 'text', value: ' ', marks: [] },
      { type: 'text', value: 'c', marks: ['bold'] },
      { type: 'footnoteRef', number: 1, label: 'n' },
      { type: 'text', value: '.', marks: [] },
    ])
  })
  test('~~ outside annotations is printed struck through as written, in every view', () => {
    for (const view of [CLEAN, BRACKETED, delegation('US')]) {
      const [block] = blocksOf('Some ~~struck~~ text.', view)
      expect(contentOf(block)).toContainEqual({ type: 'text', value: 'struck', marks: ['strike'] })
    }
  })
})

describe('the delegation view', () => {
  test('an annotation enclosing a shown one is shown, for context', () => {
    const [block] = blocksOf('[US: a [MEX: ~~b~~ c] d [COL: ~~e~~ f]]', delegation('MEX'))
    expect(marked(contentOf(block))).toBe('[US: __a __[MEX: ~~b~~__ c__]__ d e__]')
    const proposal = contentOf(block)[0]
    expect(proposal).toMatchObject({ type: 'proposal', tag: 'US', context: true })
  })
  test('a bare bracket inside a sponsored one belongs to its sponsor', () => {
    const [block] = blocksOf('[COL: [To request].]', delegation('COL'))
    expect(marked(contentOf(block))).toBe('[COL: [__To request__]__.__]')
    expect(blocksOf('[COL: [To request].]', delegation('US'))).toEqual([])
  })
  test('a joint proposal is shown in each sponsor’s view', () => {
    for (const code of ['CAN', 'US']) expect(one('A [CAN/US: b] c.', delegation(code))).toBe('A [CAN/US: b] c.')
    expect(one('A [CAN/US: b] c.', delegation('MEX'))).toBe('A c.')
  })
  test('a top-level bare bracket is rejected in a delegation view', () => {
    expect(one('A [pending] b.', delegation('US'))).toBe('A b.')
  })
  test('the view knows whose document it is', () => {
    expect(resolve(parseOk('x'), delegation('COL')).doc.delegation).toBe('COL')
    expect(resolve(parseOk('x'), CLEAN).doc.delegation).toBeUndefined()
  })
})

describe('removal, tidying and numbering', () => {
  test('a paragraph left with no letter or digit is removed', () => {
    const blocks = blocksOf('Keep.\n\n[US: Gone entirely].\n\n[COL: —] ;', CLEAN)
    expect(blocks.map((b) => plainText(contentOf(b)))).toEqual(['Keep.'])
  })
  test('a list item left with no letter or digit is removed and the rest renumbered', () => {
    const blocks = blocksOf('1. One.\n2. [US: Two.]\n3. Three.', CLEAN)
    expect(blocks.map((b) => (b.type === 'numbered' ? [b.number, plainText(b.content)] : b.type))).toEqual([
      [1, 'One.'],
      [2, 'Three.'],
    ])
  })
  test('a paragraph or list item holding a shown proposal stays, even one of no letter or digit', () => {
    const body = '1. One.\n2. [US: …]\n3. […]\n4. Four.\n\n[—]'
    const numbered = (view: Parameters<typeof resolve>[1]) =>
      blocksOf(body, view).map((b) => (b.type === 'numbered' ? `${b.number}. ${marked(b.content)}` : marked(contentOf(b))))
    expect(numbered(BRACKETED)).toEqual(['1. One.', '2. [US: __…__]', '3. [__…__]', '4. Four.', '[__—__]'])
    expect(numbered(delegation('US'))).toEqual(['1. One.', '2. [US: __…__]', '3. Four.'])
    expect(numbered(CLEAN)).toEqual(['1. One.', '2. Four.'])
  })
  test('the numbers typed in the draft are ignored', () => {
    const blocks = blocksOf('7. One.\n7. Two.\n1. Three.', BRACKETED)
    expect(blocks.map((b) => (b.type === 'numbered' ? b.number : 0))).toEqual([1, 2, 3])
  })
  test('no double spaces and no space before , . ; :', () => {
    expect(one('A [US: x] , b [US: y] . c [US: z] ; d [US: w] : e  f.', CLEAN)).toBe('A, b. c; d: e f.')
  })
  test('spacing is not tidied across a shown bracket', () => {
    expect(one('A [US: x] , b.', BRACKETED)).toBe('A [US: x] , b.')
  })
  test('French keeps its space before : and ;', () => {
    expect(bodyText('DÉCIDE :\n\n1. A [US: x] ; b [US: y] , c.', CLEAN, 'title: T\nlang: fr')).toBe('DÉCIDE :\n\n1. A ; b, c.')
  })
  test('sub-paragraphs are lettered, a third level gets roman numerals, each level counted by position', () => {
    const text = one('1. One:\n   1. first;\n   2. [US: gone]\n   3. second:\n      1. deep;\n      2. deeper.\n2. Two.', CLEAN)
    expect(text).toBe('1. One:\n\n    a. first;\n\n    b. second:\n\n        i. deep;\n\n        ii. deeper.\n\n2. Two.')
  })
  test('Spanish letters sub-paragraphs a)', () => {
    expect(bodyText('1. Uno:\n   1. primero.', CLEAN, 'title: T\nlang: es')).toBe('1. Uno:\n\n    a) primero.')
  })
  test.each(['es', 'fr', 'pt'])('%s: a), then i) at the third level', (lang) => {
    expect(bodyText('1. Uno:\n   1. a:\n      1. b;\n      2. c.', CLEAN, `title: T\nlang: ${lang}`)).toBe('1. Uno:\n\n    a) a:\n\n        i) b;\n\n        ii) c.')
  })
  test('footnotes are numbered in order of first reference, after resolution', () => {
    const { doc } = resolve(parseOk('A[^b] [US: B[^a]] C[^c] D[^b].\n\n[^a]: Note a.\n[^b]: Note b.\n[^c]: Note c.'), CLEAN)
    expect(doc.footnotes.map((f) => [f.number, f.label, plainText(f.paragraphs[0] ?? [])])).toEqual([
      [1, 'b', 'Note b.'],
      [2, 'c', 'Note c.'],
    ])
    expect(runs(contentOf(doc.blocks[0])).filter((r) => r.type === 'footnote').map((r) => (r as { number: number }).number)).toEqual([1, 2, 1])
  })
  test('a note referred to from a note is numbered where it is first referred to, before the next one of the text', () => {
    const { doc } = resolve(parseOk('A[^x] B[^y].\n\n[^x]: Note x[^z].\n\n[^y]: Note y.\n\n[^z]: Note z.'), BRACKETED)
    expect(doc.footnotes.map((f) => [f.number, f.label])).toEqual([[1, 'x'], [2, 'z'], [3, 'y']])
  })
  test('notes that each refer to the next, a chain as long as the draft, are numbered in order', () => {
    const n = 1500
    const notes = Array.from({ length: n }, (_, i) => `[^${i + 1}]: Note ${i + 1}${i + 1 < n ? `[^${i + 2}]` : ''}.`)
    const { doc } = resolve(parseOk(`Text[^1].\n\n${notes.join('\n\n')}`), BRACKETED)
    expect(doc.footnotes.map((f) => f.number)).toEqual(Array.from({ length: n }, (_, i) => i + 1))
    expect(plainText(doc.footnotes[n - 2]!.paragraphs[0]!)).toBe(`Note ${n - 1}.`)
  })
  test('annotations in footnotes are resolved by the same view', () => {
    const { doc } = resolve(parseOk('A[^n].\n\n[^n]: Note [US: ~~old~~ new].'), CLEAN)
    expect(plainText(doc.footnotes[0]!.paragraphs[0]!)).toBe('Note old.')
  })
})

describe('body structure', () => {
  const roles = (body: string) => blocksOf(body, BRACKETED).map((b) => (b.type === 'paragraph' ? b.role : b.type === 'numbered' ? `${b.list}-${b.level}` : b.type))

  test('preamble, opening line, operative keyword, operative paragraphs', () => {
    expect(roles('THE GENERAL ASSEMBLY,\n\nRECALLING x;\n\nRESOLVES:\n\n1. To a.\n2. To b.')).toEqual(['opening', 'preamble', 'keyword', 'operative-1', 'operative-1'])
  })
  test.each(['DECLARES:', 'RESUELVE:', 'DÉCIDE :', 'RESOLVE:', 'DECIDE:'])('%s is an operative keyword', (keyword) => {
    expect(roles(`OPENING,\n\n${keyword}\n\n1. A.`)).toEqual(['opening', 'keyword', 'operative-1'])
  })
  test('CONSIDERING: followed by "That …" paragraphs is preamble', () => {
    expect(roles('THE COUNCIL,\n\nCONSIDERING:\n\nThat a;\n\nThat b,\n\nRESOLVES:\n\n1. A.')).toEqual(['opening', 'preamble', 'preamble', 'preamble', 'keyword', 'operative-1'])
  })
  test('a paragraph in mixed case before the list is not a keyword', () => {
    expect(roles('OPENING,\n\nResolves:\n\n1. A.')).toEqual(['opening', 'preamble', 'operative-1'])
  })
  test('a working paper is just the list', () => {
    expect(roles('1. A.\n2. B.')).toEqual(['operative-1', 'operative-1'])
  })
  test('only the first top-level ordered list is the operative part; headings are section titles', () => {
    expect(roles('OPENING,\n\n1. A.\n\n# Annex\n\nText.\n\n1. B.\n\n- bullet')).toEqual(['opening', 'operative-1', 'heading', 'body', 'list-1', 'bullet'])
  })
  test('a later list written to go on from the operative one is numbered from 1, with a warning', () => {
    const draft = parse(draftText('RESOLVES:\n\n1. A.\n2. B.\n\nNot indented.\n\n3. C.\n4. D.'))
    expect(messages(draft)).toEqual(['12:1 warning list-restart'])
    expect(draft.file.messages[0]!.reason).toContain('not from 3 as written')
    expect(draft.file.messages[0]!.reason).toContain('the paragraph on line 10')
    expect(draft.file.messages[0]!.reason).toContain('indent it by 3 spaces')
    const blocks = resolve(draft, CLEAN).doc.blocks
    expect(blocks.map((b) => (b.type === 'numbered' ? b.number : b.type))).toEqual(['paragraph', 1, 2, 'paragraph', 1, 2])
    // Indented, the paragraph is part of item 2 and the list goes on: no warning.
    const indented = parse(draftText('RESOLVES:\n\n1. A.\n2. B.\n\n   Indented.\n\n3. C.'))
    expect(messages(indented)).toEqual([])
    expect(resolve(indented, CLEAN).doc.blocks.map((b) => (b.type === 'numbered' ? b.number : b.type))).toEqual(['paragraph', 1, 2, 'continuation', 3])
    // A later list from 1 (an annex) is meant to be one of its own.
    expect(messages(parse(draftText('1. A.\n\n# Annex\n\n1. B.')))).toEqual([])
  })
  test.each([
    ['the same in sub-paragraphs', '1. A:\n   1. first;\n   2. second;\n\n   Not indented enough.\n\n   3. third.\n2. B.', '11:4', ['from 3', 'paragraph on line 9', "indent it by 6 spaces (under the item's text)"]],
    ['after an item 10. (4 spaces, not 3)', `${Array.from({ length: 10 }, (_, i) => `${i + 1}. X.`).join('\n')}\n\n   Three spaces.\n\n11. K.`, '18:1', ['from 11', 'paragraph on line 16', 'indent it by 4 spaces']],
    ['after an editor’s comment', '1. A.\n2. B.\n\n<!-- COL asks to move C up -->\n\n3. C.', '10:1', ['the comment on line 8', 'Indent it by 3 spaces (under the item\'s text) to keep it inside the item, or remove it']],
    ['after a bullet list', '1. A.\n\n- b\n\n2. B.', '9:1', ['the bullet list on line 7', 'Number this list from 1 if it is a list of its own']],
    ['after a heading', '1. A.\n\n# Annex\n\n2. B.', '9:1', ['from 2', 'heading on line 7', 'Number this list from 1 if it is a list of its own']],
    ['another delimiter', '1. A.\n2. B.\n3) C.', '7:1', ['from 3', 'another delimiter']],
  ])('list-restart: %s', (_, body, place, parts) => {
    const draft = parse(draftText(body))
    expect(messages(draft)).toEqual([`${place} warning list-restart`])
    for (const part of parts) expect(draft.file.messages[0]!.reason).toContain(part)
  })
  test('no list-restart in a footnote: its lists print without numbers', () => {
    expect(messages(parse(draftText('T[^1].\n\n[^1]: N:\n    1. one;\n    2. two;\n\n    and\n\n    3. three.')))).toEqual([])
  })
  test('a first list that starts at 3 is numbered from 1 without a word: typed numbers are ignored', () => {
    const draft = parse(draftText('3. A.\n4. B.'))
    expect(messages(draft)).toEqual([])
    expect(resolve(draft, CLEAN).doc.blocks.map((b) => (b.type === 'numbered' ? b.number : 0))).toEqual([1, 2])
  })
  test('a second paragraph in a list item continues it', () => {
    const blocks = blocksOf('1. First.\n\n   More of the first.\n2. Second.', BRACKETED)
    expect(blocks.map((b) => b.type)).toEqual(['numbered', 'continuation', 'numbered'])
  })
  test('HTML comments (editors’ notes) print nothing', () => {
    expect(one('<!-- note to self -->\n\nText <!-- inline --> here.', BRACKETED)).toBe('Text here.')
  })
})

describe('the worked examples (draft-format.md §4)', () => {
  const csh = parse(input('csh-omnibus-cyber-2021.md'), { path: 'csh.md' })
  const numbered = (view: Parameters<typeof resolve>[1]) =>
    resolve(csh, view).doc.blocks.filter((b): b is Extract<Block, { type: 'numbered' }> => b.type === 'numbered')

  test('the draft parses clean', () => {
    expect(csh.file.messages).toEqual([])
  })
  test('bracketed: paragraph 4 with its marks', () => {
    const p4 = numbered(BRACKETED)[3]!
    expect(p4.number).toBe(4)
    const text = marked(p4.content)
    expect(text).toMatch(/^\[US: __To endorse/)
    expect(text).toContain(' in cyberspace __[COL: ~~contained~~__ set out__]__ in the reports of __[MEX: ~~the GGE~~__ GEG__]__ and OEWG')
    expect(text).toMatch(/support this effort__\]\.$/)
    expect(plainText(p4.content)).toContain('cyberspace contained set out in the reports of the GGE GEG and OEWG')
  })
  test('clean: paragraphs 3 and 4 rejected whole; the last is numbered 3', () => {
    const list = numbered(CLEAN)
    expect(list).toHaveLength(3)
    expect(list[2]!.number).toBe(3)
    expect(plainText(list[2]!.content)).toMatch(/^To convene the Fourth Meeting/)
  })
  test('delegation US: COL’s paragraph gone, the US proposal with “contained” and “the GGE” plain', () => {
    const list = numbered(delegation('US'))
    expect(list).toHaveLength(4)
    expect(list[2]!.number).toBe(3)
    const text = marked(list[2]!.content)
    expect(text).toMatch(/^\[US: __To endorse/)
    expect(text).toContain(' in cyberspace contained in the reports of the GGE and OEWG, and to request')
    expect(text).not.toContain('[COL')
    expect(text).not.toContain('[MEX')
    expect(list[3]!.number).toBe(4)
  })
  test('delegation MEX: the US proposal shown for context, with only the MEX amendment shown', () => {
    const list = numbered(delegation('MEX'))
    expect(list).toHaveLength(4)
    const p3 = list[2]!
    expect(p3.content[0]).toMatchObject({ type: 'proposal', tag: 'US', context: true })
    const text = marked(p3.content)
    expect(text).toContain('cyberspace contained in the reports of __[MEX: ~~the GGE~~__ GEG__]__ and OEWG')
  })
  test('delegation COL: paragraph 3 is COL’s with its inner bracket; paragraph 4 the US proposal for context', () => {
    const list = numbered(delegation('COL'))
    expect(list).toHaveLength(5)
    expect(marked(list[2]!.content)).toMatch(/^\[COL: \[__To request that the Secretariat.*Security__\]__\.__\]$/)
    const p4 = marked(list[3]!.content)
    expect(list[3]!.content[0]).toMatchObject({ type: 'proposal', tag: 'US', context: true })
    expect(p4).toContain('[COL: ~~contained~~__ set out__]__ in the reports of the GGE and OEWG')
  })
})

describe('tidying what resolution leaves (decisions.md)', () => {
  test.each([
    ['Text [US: a][^1] end.\n\n[^1]: N.', 'Text1/ end.'],
    ['([US: new] annex)', '(annex)'],
    ['“[US: y] quoted”', '“quoted”'],
    ['x [US: z]? Yes [US: w]!', 'x? Yes!'],
    ['about .5 percent [US: x], and', 'about .5 percent, and'],
    ['A [US: ~~a~~ ~~b~~ c] d', 'A a b d'],
  ])('%j → %j in the clean view', (body, expected) => {
    expect(one(body, CLEAN).split('\n')[0]).toBe(expected)
  })

  test('French keeps its spaces before ? ! ; : and inside « »', () => {
    expect(bodyText('Un [US: x] ? oui ; non : « a » [US: y] !', CLEAN, 'title: T\nlang: fr')).toBe('Un ? oui ; non : « a » !')
  })

  test('a bare bracket keeps its leading space, so that it never turns into a proposal', () => {
    const text = md(resolve(parseOk('A [ US: spaced] b.'), BRACKETED).doc)
    expect(text).toContain('A [ US: spaced] b.')
    expect([...annotations(parse(text).tree)].map((a) => a.sponsors)).toEqual([[]])
  })

  test('a character outside the basic plane (𝑥, an emoji) takes no other character with the spaces', () => {
    expect(one('THE COUNCIL, 𝑥 , and 😀 ( y ) [US: z] ,\n\n1. A 𝑥 ; b.', CLEAN)).toBe('THE COUNCIL, 𝑥, and 😀 (y),\n\n1. A 𝑥; b.')
  })

  const char = fc.constantFrom(' ', ' ', ' ', '\u00a0', '\t', '\n', '\u2009', '\u3000', 'a', 'b', '5', '𝑥', ',', '.', ';', ':', '?', '!', '(', ')', ']', '”', '’', '“', '‘', '¿', '¡', '«', '»')
  const run = fc.record({ value: fc.array(char, { maxLength: 12 }).map((chars) => chars.join('')), code: fc.boolean() })
  const stretch = fc.record({ runs: fc.array(run, { maxLength: 4 }), trimStart: fc.boolean(), trimEnd: fc.boolean(), lang: fc.constantFrom('en', 'es', 'fr', 'pt' as const) })

  test('a stretch without code is tidied on whole strings as it is a unit at a time', () => {
    fc.assert(
      fc.property(stretch, ({ runs, trimStart, trimEnd, lang }) => {
        const make = (): Stretch => ({ runs: runs.map(({ value }) => ({ type: 'text', value, marks: [] })), trimStart, trimEnd })
        const [byText, byUnits] = [make(), make()]
        tidyText(byText, rulesOf(lang))
        tidyUnits(byUnits, rulesOf(lang))
        expect(byText.runs.map((r) => r.value)).toEqual(byUnits.runs.map((r) => r.value))
      }),
      { numRuns: 5000 },
    )
  })

  test('a stretch said to be tidy already is one that tidying leaves as it is (the quick way out is sound)', () => {
    let tidyOnes = 0
    fc.assert(
      fc.property(stretch, ({ runs, trimStart, trimEnd, lang }) => {
        const s: Stretch = { runs: runs.map(({ value, code }) => ({ type: 'text', value, marks: code ? ['code'] : [] })), trimStart, trimEnd }
        if (!isTidy(s, rulesOf(lang))) return
        tidyOnes++
        tidyUnits(s, rulesOf(lang))
        expect(s.runs.map((r) => r.value)).toEqual(runs.map((r) => r.value))
      }),
      { numRuns: 3000 },
    )
    expect(tidyOnes).toBeGreaterThan(300)
  })

  test('the quick way out reads a stretch as the regular expressions of the rules do (one pass, no regular expression)', () => {
    // The answer as it was first written: white space other than one plain space, a space at an
    // edge that takes it away, a space that punctuation takes away.
    const byPatterns = (s: Stretch, lang: 'en' | 'es' | 'fr' | 'pt') => {
      const r = rulesOf(lang)
      if (s.runs.some((run) => run.marks.includes('code'))) return false
      const text = s.runs.map((run) => run.value).join('')
      if (/[^\S ]| {2}/.test(text) || (s.trimStart && text.startsWith(' ')) || (s.trimEnd && text.endsWith(' '))) return false
      return !r.anyBefore.test(text) && !r.anyAfter.test(text)
    }
    const white = fc.constantFrom(' ', '\u00a0', '\t', '\n', '\r', '\v', '\f', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', '\u0085', '\u180e')
    const unit = fc.oneof(char, white, char)
    const lines = fc.record({
      runs: fc.array(fc.record({ value: fc.array(unit, { maxLength: 10 }).map((u) => u.join('')), code: fc.boolean() }), { maxLength: 4 }),
      trimStart: fc.boolean(),
      trimEnd: fc.boolean(),
      lang: fc.constantFrom('en', 'es', 'fr', 'pt' as const),
    })
    let tidyOnes = 0
    fc.assert(
      fc.property(lines, ({ runs, trimStart, trimEnd, lang }) => {
        const s: Stretch = { runs: runs.map(({ value, code }) => ({ type: 'text', value, marks: code && value.length % 3 === 0 ? ['code'] : [] })), trimStart, trimEnd }
        const expected = byPatterns(s, lang)
        if (expected) tidyOnes++
        expect(isTidy(s, rulesOf(lang))).toBe(expected)
      }),
      { numRuns: 20000 },
    )
    expect(tidyOnes).toBeGreaterThan(1000)
  })

  test('a footnote the view empties loses its mark, and the others close up', () => {
    const { doc } = resolve(parseOk('A[^1] B[^2].\n\n[^1]: [US: only a proposal].\n\n[^2]: Kept.'), CLEAN)
    expect(doc.footnotes.map((f) => [f.number, plainText(f.paragraphs[0]!)])).toEqual([[1, 'Kept.']])
    expect(runs(contentOf(doc.blocks[0])).filter((r) => r.type === 'footnote')).toEqual([{ type: 'footnote', number: 1, parts: [] }])
  })
})

describe('registry aliases are one delegation', () => {
  test('US and USA proposals are both shown in the view for US', () => {
    const view = { kind: 'delegation' as const, sponsor: 'US', aliases: ['USA'] }
    expect(one('A [US: b] [USA: c] [COL: d] e.', view)).toBe('A [US: b] [USA: c] e.')
  })
})

test('a delegation view of deeply nested proposals is resolved at once (not exponential in the depth)', () => {
  const depth = 40
  const body = '[COL: a '.repeat(depth) + '[US: b]' + ']'.repeat(depth)
  const [block] = blocksOf(body, delegation('US'))
  const proposals = runs(contentOf(block)).filter((r) => r.type === 'open')
  expect(proposals).toHaveLength(depth + 1)
  expect(proposals.at(-1)).toMatchObject({ tag: 'US', context: false })
  expect(proposals[0]).toMatchObject({ tag: 'COL', context: true })
})
