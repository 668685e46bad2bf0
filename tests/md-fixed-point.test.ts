// Spec: draft-format.md §5, the md format: "building it again in the same view changes nothing"
// (issue 11). Each case below is a draft that fuzzing found (shrunk) whose md changed when built
// again, or did not read back; the property over every kind of draft is in properties.test.ts.
import { describe, expect, test } from 'vitest'
import type { View } from '../src/view/views.js'
import { BRACKETED, CLEAN, delegation, draftText, md, parse, resolve } from './helpers.js'

/** The md of `body` in `view`, after checking that it reads back without a message and builds again the same. */
function fixed(body: string, view: View): string {
  const draft = parse(draftText(body))
  expect(draft.file.messages.filter((m) => m.fatal).map(String)).toEqual([])
  const once = md(resolve(draft, view).doc)
  const again = parse(once)
  // Reading back says nothing the draft did not (struck text outside a proposal is warned of in both).
  const said = new Set(draft.file.messages.map((m) => m.reason))
  expect(again.file.messages.filter((m) => !said.has(m.reason)).map(String)).toEqual([])
  expect(md(resolve(again, view).doc)).toBe(once)
  return once.split('---\n').slice(2).join('---\n').trim()
}

describe('bracketed text that a view leaves looking like a sponsor tag', () => {
  test('a withdrawn proposal at its start taken out leaves `[:a c]`: written `[\\:a c]`, not an empty sponsor list', () => {
    expect(fixed('[[US withdrawn: ~~:a~~ b] c]', BRACKETED)).toBe('[\\:a c]')
  })

  test('an agreed one applied leaves `[US: x]`: written `[US\\: x]`, bracketed text, not a proposal by US', () => {
    expect(fixed('[[COL agreed: US]: x]', BRACKETED)).toBe('[US\\: x]')
    // Read back, it is no proposal of US's: the US view rejects it as any bare bracket.
    expect(fixed('[[COL agreed: US]: x] y', delegation('US'))).toBe('y')
  })

  test('an escaped colon is never a tag’s: `[US\\: x]` is bracketed text by no one', () => {
    const draft = parse(draftText('A [US\\: x] b.'))
    expect(draft.file.messages).toEqual([])
    expect(md(resolve(draft, delegation('US')).doc)).toContain('A b.')
  })
})

describe('blocks written in their containers', () => {
  test('a heading and a sub-list in a quoted item stay in that item and that quotation', () => {
    expect(fixed('> 1. [text]\n>\n>    # a\n>\n>    1. b', CLEAN)).toBe('> 1. # a\n>\n>    1. b')
  })

  test('a table after a sub-list stays in its item, a blank line apart', () => {
    expect(fixed('1. a\n\n   1. b\n\n      1. c\n\n      | d |\n      | --- |', CLEAN)).toContain('   1. b\n\n      1. c\n\n      | d |\n      | - |')
  })

  test('an item’s sub-list after its further paragraph stays after it (the notes keep their order)', () => {
    expect(fixed('1. - a\n\n   b[^1]\n\n   + c[^2]\n\n[^1]: One.\n\n[^2]: Two.', BRACKETED)).toBe('1. - a\n\n   b[^1]\n   - c[^2]\n\n[^1]: One.\n\n[^2]: Two.')
  })

  test('a heading in an operative paragraph keeps the numbering going', () => {
    expect(fixed('RESOLVES:\n\n1. a\n\n   # h\n\n2. b', BRACKETED)).toBe('RESOLVES:\n\n1. a\n\n   # h\n\n2. b')
  })
})

describe('spaces tidied the same however the text is cut into runs', () => {
  test('a proposal taken out before ` :` leaves `b` and ` :`, tidied as `b :` would be: `b:`', () => {
    expect(fixed('A b[COL: x] : c.', CLEAN)).toBe('A b: c.')
  })
})

describe('what a view takes out leaves nothing Markdown cannot write', () => {
  test('a line break left at the end of a paragraph goes (a trailing `\\` would read as a backslash)', () => {
    expect(fixed('1. a [text]  \n   [text]', CLEAN)).toBe('1. a')
  })

  test('the mark of a note left empty goes with the space after it: `*[^2] a*` is `*a*`, not `*&#x20;a*` (which reads back as `*a*`)', () => {
    // Note 2's first definition (in the item) has no words: the note goes, and so does its mark.
    const body = '1. *[^2] a* b\n\n   1. [^2]:\n      c\n\n[^2]: Note a'
    expect(fixed(body, CLEAN)).toBe('1. *a* b\n   1. c')
    expect(fixed('1. A [^2] b\n\n   1. [^2]:\n      c\n\n[^2]: Note a', CLEAN)).toBe('1. A b\n   1. c')
  })

  test('a line break left at its start goes too', () => {
    expect(fixed('[text]  \nb', CLEAN)).toBe('b')
  })

  test('a paragraph left starting `[^1]:` or `[x]:` keeps its colon escaped: it would read as a definition, its text gone', () => {
    expect(fixed('1. a\n\n   [CAN agreed: [^1]:a] b\n\n[^1]: Note.', CLEAN)).toBe('1. a\n\n   [^1]\\:a b\n\n[^1]: Note.')
    expect(fixed('[US agreed: [x]]: b', BRACKETED)).toBe('[x]\\: b')
    expect(fixed('[^1]: [US agreed: [x]]: b\n\nA[^1].', BRACKETED)).toBe('A[^1].\n\n[^1]: [x]\\: b')
  })

  test('bracketed text left as `[^x]` keeps its caret escaped: it would read as a footnote never defined', () => {
    expect(fixed('1. [US: [[MEX: ~~\\^\\(~~ x] see]] y', delegation('US'))).toBe('1. [US: [\\^(see]] y')
  })

  test('a no-break space a view leaves after a sponsor tag goes, as reading the tag takes it', () => {
    expect(fixed('[US: [COL agreed: ~~a~~ &nbsp;a] b]', BRACKETED)).toBe('[US: a b]')
  })

  test('a table row whose words are all past the header’s columns is dropped as a row without words', () => {
    expect(fixed('| a | b |\n| --- | --- |\n| . | , | words |', CLEAN)).toBe('| a | b |\n| - | - |')
  })

  test('a link in a link’s text (an autolink inside a proposal) is its text, as the link around it prints', () => {
    expect(fixed('A [[SEC agreed: <https://www.oas.org>a] see](https://www.oas.org/l)', BRACKETED)).toBe('A [https://www.oas.orga see](https://www.oas.org/l)')
  })
})

describe('neighbouring runs that share a mark are written in one wrapper', () => {
  test('struck code and struck text: `~~`code`a~~`, not `~~`code`~~~~a~~` (four tildes read as none)', () => {
    expect(fixed('1. [~~`code`a~~][oas]a\n\n[oas]: https://www.oas.org', CLEAN)).toBe('1. [~~`code`a~~](https://www.oas.org)a')
    expect(fixed('1. [~~a` ~~a~~ `~~][oas]a\n\n[oas]: https://www.oas.org', CLEAN)).toBe('1. [~~a`~~a~~`~~](https://www.oas.org)a')
  })

  test('the mark of the longer stretch wraps the other: `*__a__ b*`, `**a _b_**`', () => {
    expect(fixed('***a** b*', BRACKETED)).toBe('*__a__ b*')
    expect(fixed('**a *b***', BRACKETED)).toBe('**a _b_**')
    expect(fixed('*`c`a*', BRACKETED)).toBe('*`c`a*')
  })
})

describe('a withdrawn proposal’s deleted words are base text: a bracket in them is nobody’s', () => {
  // `[oas]` before `[^2]` or a link's text is bracketed text, not a reference link: in the draft
  // it was written inside the withdrawn proposal, in the md at the top; either way nobody's, so
  // a delegation view takes it out both times.
  test('in the view of the proposal’s sponsor, before a footnote reference', () => {
    expect(fixed('*[[US withdrawn: ~~[oas][^2]~~] see](https://www.oas.org/l)*\n\n[^2]: Two.\n\n[oas]: https://www.oas.org', delegation('US'))).toBe(
      '[[^2]*&#x20;see*](https://www.oas.org/l)\n\n[^2]: Two.',
    )
  })

  test('in the view of the proposal’s sponsor, before a link', () => {
    expect(fixed('[COL withdrawn: ~~[oas][x](https://www.oas.org/a)a~~] *[text]*\n\n[oas]: https://www.oas.org', delegation('COL'))).toBe('[x](https://www.oas.org/a)a')
  })

  test('inside a proposal it is that proposal’s sponsors’, as any bracket there', () => {
    expect(fixed('[US: [COL withdrawn: ~~[text]~~] b] c', delegation('US'))).toBe('[US: [text] b] c')
  })
})
