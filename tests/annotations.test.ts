// Spec: draft-format.md §3 (bracket annotations): syntax, nesting, and every error with its place.
import type { Nodes, PhrasingContent } from 'mdast'
import { describe, expect, test } from 'vitest'
import type { Annotation } from '../src/draft/annotation/types.js'
import { annotations } from '../src/draft/parse.js'
import { draftText, messages, parse, parseOk } from './helpers.js'

/** The annotations of a one-paragraph body, as compact objects. */
function shape(node: Nodes): unknown {
  if (node.type === 'text') return node.value
  if (node.type === 'annotation') {
    const a = node as Annotation
    return { tag: a.tag, sponsors: a.sponsors, state: a.state, children: a.children.map(shape) }
  }
  if (node.type === 'delete') return { del: node.children.map(shape) }
  if ('children' in node) return { [node.type]: (node.children as PhrasingContent[]).map(shape) }
  if (node.type === 'inlineCode') return { code: node.value }
  if (node.type === 'footnoteReference') return { fn: node.identifier }
  return node.type
}

function paragraph(body: string): unknown[] {
  const draft = parseOk(body)
  const first = draft.tree.children[0]
  if (first?.type !== 'paragraph') throw new Error(`expected a paragraph, got ${first?.type}`)
  return first.children.map(shape)
}

describe('annotation syntax', () => {
  test('an insertion: [COL: text]', () => {
    expect(paragraph('a [COL: new text] b')).toEqual(['a ', { tag: 'COL', sponsors: ['COL'], state: 'pending', children: ['new text'] }, ' b'])
  })

  test('a replacement: [COL: ~~old~~ new]', () => {
    expect(paragraph('[COL: ~~old~~ new]')).toEqual([{ tag: 'COL', sponsors: ['COL'], state: 'pending', children: [{ del: ['old'] }, ' new'] }])
  })

  test('a deletion: [US: ~~old~~]', () => {
    expect(paragraph('[US: ~~old~~]')).toEqual([{ tag: 'US', sponsors: ['US'], state: 'pending', children: [{ del: ['old'] }] }])
  })

  test.each([
    ['[CAN, US: text]', 'CAN, US'],
    ['[CAN/US: text]', 'CAN/US'],
    ['[CAN ,US: text]', 'CAN ,US'],
    ['[CAN / US / MEX: text]', 'CAN / US / MEX'],
  ])('a joint proposal %s has every sponsor, and keeps its tag as written', (body, tag) => {
    const [node] = paragraph(body) as Array<{ sponsors: string[]; tag: string }>
    expect(node!.tag).toBe(tag)
    expect(node!.sponsors).toEqual(tag.split(/\s*[,/]\s*/))
  })

  test('a bare bracket has no sponsor', () => {
    expect(paragraph('[pending text]')).toEqual([{ tag: '', sponsors: [], state: 'pending', children: ['pending text'] }])
  })

  test('an agreed proposal: [COL agreed: ~~old~~ new]', () => {
    expect(paragraph('[COL agreed: ~~old~~ new]')).toEqual([{ tag: 'COL', sponsors: ['COL'], state: 'agreed', children: [{ del: ['old'] }, ' new'] }])
  })

  test.each([
    ['[Chair: t]', ['Chair']],
    ['[CARICOM: t]', ['CARICOM']],
    ['[Secretariat: t]', ['Secretariat']],
    ['[ABCDEFGHIJKLMNOP: t]', ['ABCDEFGHIJKLMNOP']],
    ['[G20: t]', ['G20']],
    ['[US2/A1B2: t]', ['US2', 'A1B2']],
  ])('sponsor codes: %s', (body, sponsors) => {
    const draft = parse(draftText(body))
    expect([...annotations(draft.tree)][0]?.sponsors).toEqual(sponsors)
  })

  test.each([
    ['[C: t]', 'one letter is not a code'],
    ['[col: t]', 'a code starts with a capital'],
    ['[ABCDEFGHIJKLMNOPQ: t]', 'seventeen characters is too long'],
    ['[2US: t]', 'a code starts with a letter, not a digit'],
    ['[COL : t]', 'the colon follows the sponsor directly'],
    ['[That is: t]', 'two words are not a sponsor list'],
  ])('not a sponsor tag: %s (%s) — a bare bracket', (body) => {
    const [node] = paragraph(body) as Array<{ sponsors: string[]; children: string[] }>
    expect(node!.sponsors).toEqual([])
    expect(node!.children.join('')).toBe(body.slice(1, -1))
  })

  test('escaped brackets are literal text', () => {
    expect(paragraph('a \\[US: not\\] b')).toEqual(['a [US: not] b'])
  })

  test('bracket character references are literal text', () => {
    expect(paragraph('a &#91;x&#93; &lsqb;y&rsqb; b')).toEqual(['a [x] [y] b'])
  })

  test('links and footnote references are not annotations', () => {
    const draft = parseOk('See [the report](https://oas.org) and [the list][ref][^1] [US: x].\n\n[ref]: https://oas.org/list\n[^1]: A note.')
    expect([...annotations(draft.tree)].map((a) => a.tag)).toEqual(['US'])
  })

  test('reference links of every kind are links, when their label is defined; else a bracket', () => {
    const draft = parseOk('Full [text][ref], collapsed [ref][], shortcut [ref], undefined [nope] [US: x].\n\n[ref]: https://oas.org/list')
    expect([...annotations(draft.tree)].map((a) => a.tag)).toEqual(['', 'US'])
    const links = draft.tree.children[0]!.type === 'paragraph' ? draft.tree.children[0]!.children.filter((c) => c.type === 'linkReference') : []
    expect(links.map((l) => [l.referenceType, l.identifier])).toEqual([
      ['full', 'ref'],
      ['collapsed', 'ref'],
      ['shortcut', 'ref'],
    ])
  })

  test('[US: x](url) is a link, as Markdown reads it, not a proposal', () => {
    const draft = parseOk('See [US: x](https://oas.org) here.')
    expect([...annotations(draft.tree)]).toEqual([])
    expect(paragraph('See [US: x](https://oas.org) here.')).toEqual(['See ', { link: ['US: x'] }, ' here.'])
  })

  test.each([
    ['A [US: ] b.', '5:3', 'proposal by US proposes nothing'],
    ['A [US:] b.', '5:3', 'proposal by US proposes nothing'],
    ['A [CAN/US agreed:   ] b.', '5:3', 'proposal by CAN/US proposes nothing'],
    ['A [ ] b.', '5:3', 'brackets hold nothing'],
    ['A [US: x [COL: ]] b.', '5:10', 'proposal by COL proposes nothing'],
  ])('an empty proposal or bracket is a warning: %s', (body, place, reason) => {
    const draft = parse(draftText(body))
    expect(draft.failed).toBe(false)
    expect(messages(draft)).toEqual([`${place} warning annotation-empty`])
    expect(draft.file.messages[0]!.reason).toContain(reason)
  })

  test('a proposal that only deletes, only refers to a footnote, or holds emphasis is not empty', () => {
    expect(messages(parse(draftText('A [US: ~~x~~] b[US: [^1]] c [US: *y*].\n\n[^1]: Note.')))).toEqual([])
  })

  test('a ] inside a code span does not close an annotation', () => {
    expect(paragraph('[US: use `a]b` here]')).toEqual([{ tag: 'US', sponsors: ['US'], state: 'pending', children: ['use ', { code: 'a]b' }, ' here'] }])
  })

  test('inline Markdown inside annotations: emphasis, strong, links, footnote references', () => {
    expect(paragraph('[US: *new* **bold** [site](http://x)[^n]]\n\n[^n]: Note.')).toEqual([
      {
        tag: 'US',
        sponsors: ['US'],
        state: 'pending',
        children: [{ emphasis: ['new'] }, ' ', { strong: ['bold'] }, ' ', { link: ['site'] }, { fn: 'n' }],
      },
    ])
  })

  test('annotations inside emphasis', () => {
    expect(paragraph('*a [US: b] c*')).toEqual([{ emphasis: ['a ', { tag: 'US', sponsors: ['US'], state: 'pending', children: ['b'] }, ' c'] }])
  })

  test('nesting to any depth (the CSH seed, paragraph 4)', () => {
    expect(paragraph('[US: norms [COL: ~~contained~~ set out] in [MEX: ~~the GGE~~ GEG] and OEWG]')).toEqual([
      {
        tag: 'US',
        sponsors: ['US'],
        state: 'pending',
        children: [
          'norms ',
          { tag: 'COL', sponsors: ['COL'], state: 'pending', children: [{ del: ['contained'] }, ' set out'] },
          ' in ',
          { tag: 'MEX', sponsors: ['MEX'], state: 'pending', children: [{ del: ['the GGE'] }, ' GEG'] },
          ' and OEWG',
        ],
      },
    ])
  })

  test('a bare bracket nested in a sponsored one (the CSH seed, paragraph 3)', () => {
    expect(paragraph('[COL: [To request].]')).toEqual([
      { tag: 'COL', sponsors: ['COL'], state: 'pending', children: [{ tag: '', sponsors: [], state: 'pending', children: ['To request'] }, '.'] },
    ])
  })

  test('deep nesting', () => {
    const depth = 12
    const body = '[US: '.repeat(depth) + 'x' + ']'.repeat(depth)
    let node = paragraph(body)[0] as { children: unknown[] }
    for (let i = 1; i < depth; i++) node = node.children[0] as { children: unknown[] }
    expect(node.children).toEqual(['x'])
  })

  test('annotations in headings and footnotes, and across soft line breaks', () => {
    const draft = parseOk('# Annex [US: one]\n\nText[^1] [COL: spans\ntwo lines]\n\n[^1]: Note [MEX: two].')
    expect([...annotations(draft.tree)].map((a) => a.tag)).toEqual(['US', 'COL', 'MEX'])
  })
})

describe('annotation diagnostics', () => {
  test('an unknown sponsor is a warning at the tag, naming the closest code', () => {
    const draft = parse(draftText('Text [COLL: x].'))
    expect(draft.failed).toBe(false)
    expect(messages(draft)).toEqual(['5:7 warning sponsor-unknown'])
    expect(draft.file.messages[0]?.reason).toContain('did you mean `COL`?')
  })

  test('an unknown sponsor is an error under --strict', () => {
    const draft = parse(draftText('Text [COLL: x].'), { strict: true })
    expect(draft.failed).toBe(true)
    expect(messages(draft)).toEqual(['5:7 error sponsor-unknown'])
  })

  test('registry aliases are known: US for the United States', () => {
    expect(parse(draftText('[US: a] [USA: b] [COL: c]'), { strict: true }).failed).toBe(false)
  })

  test.each([
    ['Text [COL: unclosed', '5:6 error annotation-unclosed'],
    ['Text ] stray', '5:6 error annotation-stray-close'],
    ['[: empty]', '5:1 error annotation-empty-sponsor'],
    ['ab [COL,: empty]', '5:4 error annotation-empty-sponsor'],
    ['[, US: empty]', '5:1 error annotation-empty-sponsor'],
    ['[COL/ /US: empty]', '5:1 error annotation-empty-sponsor'],
    ['[agreed: x]', '5:1 error annotation-empty-sponsor'],
    ['[US: ~~old]', '5:6 error annotation-deletion-unclosed'],
    ['[US: *old] new*', '5:1 error annotation-crossing'],
    ['see [^missing]', '5:5 error footnote-undefined'],
  ])('%s → %s', (body, expected) => {
    const draft = parse(draftText(body))
    expect(draft.failed).toBe(true)
    expect(messages(draft)).toContain(expected)
  })

  test('~~ that closes outside its annotation is an error at the ~~', () => {
    const draft = parse(draftText('[US: ~~old] new~~'))
    expect(draft.failed).toBe(true)
    expect(messages(draft)).toContain('5:6 error annotation-deletion-unclosed')
  })

  test('an annotation does not cross a paragraph boundary', () => {
    const draft = parse(draftText('First [US: open\n\nsecond] close'))
    expect(messages(draft)).toEqual(['5:7 error annotation-unclosed', '7:7 error annotation-stray-close'])
  })

  test('an annotation does not cross a list item boundary', () => {
    const draft = parse(draftText('1. First [US: open\n2. second] close'))
    expect(messages(draft)).toEqual(['5:10 error annotation-unclosed', '6:10 error annotation-stray-close'])
  })

  test('places are exact past escapes, entities and indented continuation lines', () => {
    const draft = parse(draftText('1. A \\* &amp; b\n   continued \\[ and [US: here'))
    expect(messages(draft)).toEqual(['6:21 error annotation-unclosed'])
  })

  test('every annotation and text slice of a long paragraph sits exactly where it is written', () => {
    // One text of 800 annotations (about 30,000 characters), with escapes and entities between
    // the marks: places are found by walking on from the last one asked for, and must be exact.
    const body = Array.from({ length: 400 }, (_, i) => `w${i} \\* &amp; [US: a${i} [MEX: &eacute;${i}] b]`).join(' ') + ' end ]'
    const source = draftText(body)
    const lines = source.split('\n')
    // The stray `]` at the very end: its column is the paragraph's length.
    expect(messages(parse(source))).toEqual([`5:${lines[4]!.length} error annotation-stray-close`])
    const text = draftText(body.slice(0, -2))
    const tree = parseOk(body.slice(0, -2)).tree
    const found = [...annotations(tree)]
    expect(found).toHaveLength(800)
    for (const a of found) {
      expect(text.slice(a.position!.start.offset!, a.position!.end.offset!)).toMatch(/^\[(US|MEX): [^]*\]$/)
    }
    // Every piece of text, in or out of an annotation, is its own stretch of the source.
    const decode = (raw: string) => raw.replace(/&amp;/g, '&').replace(/&eacute;/g, 'é').replace(/\\\*/g, '*')
    let pieces = 0
    const walk = (node: Nodes): void => {
      if (node.type === 'text') {
        pieces++
        expect(decode(text.slice(node.position!.start.offset!, node.position!.end.offset!))).toBe(node.value)
      }
      if ('children' in node) for (const child of node.children) walk(child as Nodes)
    }
    walk(tree)
    expect(pieces).toBe(4 * 400 + 1)
  })

  test('~~ outside an annotation is a warning', () => {
    const draft = parse(draftText('Some ~~struck~~ text.'))
    expect(draft.failed).toBe(false)
    expect(messages(draft)).toEqual(['5:6 warning strike-outside-annotation'])
  })

  test('single tildes are not strikethrough', () => {
    const draft = parseOk('About ~5% of ~members~.')
    expect(draft.file.messages).toEqual([])
  })

  test('an unused footnote definition is a warning', () => {
    const draft = parse(draftText('Text.\n\n[^x]: Never used.'))
    expect(messages(draft)).toEqual(['7:1 warning footnote-unused'])
  })

  test('several errors in one draft are all reported', () => {
    const draft = parse(draftText('One [US: open\n\nTwo ] stray\n\nThree [: x]'))
    expect(messages(draft)).toEqual(['5:5 error annotation-unclosed', '7:5 error annotation-stray-close', '9:7 error annotation-empty-sponsor'])
  })
})

describe('what a drafter mistypes', () => {
  test('`agreed` in any case', () => {
    expect(paragraph('[COL AGREED: x] [COL Agreed: y]')).toEqual([
      { tag: 'COL', sponsors: ['COL'], state: 'agreed', children: ['x'] },
      ' ',
      { tag: 'COL', sponsors: ['COL'], state: 'agreed', children: ['y'] },
    ])
  })

  test.each([
    ['[MÉX: x]', '`MÉX` is not a sponsor code'],
    ['[COL : x]', 'the colon must follow the sponsor directly'],
    ['[COL agred: x]', '`agred` is not `agreed`'],
    ['[CAN/Méx: x]', '`Méx` is not a sponsor code'],
  ])('%s looks like a sponsor tag but is not one: a warning', (body, reason) => {
    const draft = parse(draftText(body))
    expect(messages(draft)).toEqual(['5:1 warning annotation-tag-like'])
    expect(draft.file.messages[0]?.reason).toContain(reason)
  })

  test.each(['[That is: x]', '[US a: x]', '[see below]', '[Note 2: x]'])('%s is plain pending text, without a warning', (body) => {
    expect(parse(draftText(body)).file.messages).toEqual([])
  })

  test('a long run of commas is read at once (no exponential backtracking)', () => {
    const draft = parse(draftText(`[ ${', '.repeat(5000)}text] and [${', '.repeat(150)}: x]`))
    expect(messages(draft)).toEqual(['5:10013 error annotation-empty-sponsor'])
  })

  test('escaped tildes are text inside an annotation', () => {
    const draft = parseOk('[US: about \\~\\~ and &#126;&#126; here]')
    expect([...annotations(draft.tree)][0]?.children).toEqual([expect.objectContaining({ type: 'text', value: 'about ~~ and ~~ here' })])
  })

  test('a footnote defined twice: the first definition is used, with a warning', () => {
    const draft = parse(draftText('Text[^1].\n\n[^1]: First.\n\n[^1]: Second.'))
    expect(messages(draft)).toEqual(['9:1 warning footnote-duplicate'])
  })

  test('crossing brackets get one error, not a strike warning too', () => {
    expect(messages(parse(draftText('[US: ~~old] new~~')))).toEqual(['5:6 error annotation-deletion-unclosed'])
  })

  test('the crossing message names the formatting crossed', () => {
    const draft = parse(draftText('*[US: a* b]'))
    expect(draft.file.messages[0]?.reason).toContain('crosses the edge of the emphasis')
  })
})
