/** fast-check generators of draft text, shared by the property tests of the parser, the views and the renderers. */
import fc from 'fast-check'

export const SPONSORS = ['US', 'COL', 'MEX', 'CAN'] as const
const word = fc.constantFrom('the', 'member', 'States', 'to', 'promote', 'cyberspace', '2021', 'norms', 'OEWG', 'GEG', 'and,', 'report;', 'de', 'résolution', '“CBMs”')
const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '))

/** Draft inline text with annotations nested up to depth 3. */
export const inline: fc.Arbitrary<string> = fc.letrec<{ node: string; annotation: string }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', maxDepth: 3 }, words, words.map((w) => `*${w}*`), tie('annotation')),
  annotation: fc
    .record({
      sponsors: fc.subarray([...SPONSORS], { minLength: 0, maxLength: 2 }),
      joint: fc.constantFrom(', ', '/'),
      agreed: fc.boolean(),
      deleted: fc.option(words, { nil: undefined }),
      inserted: fc.array(tie('node'), { minLength: 0, maxLength: 3 }),
    })
    .map(({ sponsors, joint, agreed, deleted, inserted }) => {
      const tag = sponsors.length > 0 ? `${sponsors.join(joint)}${agreed ? ' agreed' : ''}: ` : ''
      // An agreed proposal always inserts a word, so that applying it never empties a paragraph
      // (an emptied paragraph is dropped, and its annotations with it: tested in views.test.ts).
      const insertion = agreed && sponsors.length > 0 ? [...inserted, 'agreed'] : inserted
      const body = [deleted === undefined ? '' : `~~${deleted}~~`, ...insertion].filter(Boolean).join(' ')
      return `[${tag}${body || 'text'}]`
    }),
})).node

const paragraph = fc.array(inline, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' '))
export const body = fc
  .record({
    preamble: fc.array(paragraph, { maxLength: 3 }),
    operative: fc.array(fc.record({ text: paragraph, sub: fc.array(paragraph, { maxLength: 2 }) }), { minLength: 1, maxLength: 5 }),
  })
  .map(({ preamble, operative }) => {
    const items = operative.map(({ text, sub }) => [`1. ${text}`, ...sub.map((s) => `   1. ${s}`)].join('\n'))
    return [...preamble, ...(operative.length > 0 ? ['RESOLVES:', items.join('\n\n')] : [])].join('\n\n')
  })


/** A generated body with, at times, a footnote (holding a link) and a link in the preamble. */
export const richBody = fc.record({ text: body, note: fc.boolean(), link: fc.boolean() }).map(({ text, note, link }) =>
  [
    link ? 'See [the report of the Secretariat on cooperation](https://www.oas.org/r) first.\n\n' : '',
    text,
    note ? ' See[^1] the note.\n\n[^1]: A note, with [a link](https://www.oas.org/n).' : '',
  ].join(''),
)
