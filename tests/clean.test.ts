// The clean view never shows a bracket the draft did not write literally, wherever the
// annotation sits (issue 11: a proposal in an image's description printed in the clean copy).
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { annotations } from '../src/draft/parse.js'
import { inline } from './arbitraries.js'
import { BRACKETED, CLEAN, bodyText, draftText, md, messages, parse, parseOk, resolve, txt } from './helpers.js'

describe('an image prints as its description, proposals resolved', () => {
  test.each([
    ['an image', 'A ![chart [US: proposed] here](https://www.oas.org/c.png) b.'],
    ['an image by reference', 'A ![chart [US: proposed] here][c] b.\n\n[c]: https://www.oas.org/c.png'],
  ])('%s', (_, body) => {
    expect(bodyText(body, CLEAN)).toBe('A chart here b.')
    expect(bodyText(body, BRACKETED)).toBe('A chart [US: proposed] here b.')
    expect([...annotations(parseOk(body).tree)].map((a) => a.tag)).toEqual(['US'])
    expect(messages(parse(draftText(body)))).toEqual([])
  })

  test('emphasis and escaped brackets in a description are as written', () => {
    expect(bodyText('A ![*chart* [US: x]](c.png) b.', CLEAN)).toBe('A chart b.')
    expect(bodyText('A ![a \\[b\\] c](c.png) b.', CLEAN)).toBe('A a [b] c b.')
  })
})

describe('brackets that are text', () => {
  test('an autolink is its address, brackets and all, in every view', () => {
    for (const view of [CLEAN, BRACKETED]) expect(bodyText('A <https://www.oas.org/[US:y]> b.', view)).toBe('A https://www.oas.org/[US:y] b.')
    expect([...annotations(parseOk('A <https://www.oas.org/[US:y]> b.').tree)]).toEqual([])
  })

  test('a link title prints nothing, so nothing of a proposal in it', () => {
    expect(bodyText('A [link](https://www.oas.org "title [US: t]") b.', CLEAN)).toBe('A link b.')
  })
})

/** Annotations anywhere a drafter may put one: images, links, footnotes, headings, emphasis. */
const anywhere = fc
  .record({
    text: inline,
    place: fc.constantFrom('plain', 'image', 'image-reference', 'link', 'titled-link', 'emphasis', 'footnote', 'heading'),
  })
  .map(({ text, place }) => {
    switch (place) {
      case 'image':
        return `Text ![${text}](https://www.oas.org/i.png) end.`
      case 'image-reference':
        return `Text ![${text}][i] end.\n\n[i]: https://www.oas.org/i.png`
      case 'link':
        return `Text [${text}](https://www.oas.org) end.`
      case 'titled-link':
        return `Text [words](https://www.oas.org "${text.replace(/"/g, '')}") end.`
      case 'emphasis':
        return `Text *${text}* end.`
      case 'footnote':
        return `Text[^1] end.\n\n[^1]: Note ${text}.`
      case 'heading':
        return `# Part ${text}\n\nText end.`
      default:
        return `Text ${text} end.`
    }
  })

test('property: the clean view prints no bracket when the draft writes none literally', () => {
  fc.assert(
    fc.property(anywhere, (body) => {
      const draft = parse(draftText(body))
      if (draft.failed) return // crossing brackets and the like: tested elsewhere
      const { doc } = resolve(draft, CLEAN)
      expect(txt(doc)).not.toMatch(/[[\]]/)
      expect([...annotations(parse(md(doc)).tree)]).toEqual([])
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 300) },
  )
})
