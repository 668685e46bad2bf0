/** fast-check generators of draft text, shared by the property tests of the parser, the views and the renderers. */
import fc from 'fast-check'

export const SPONSORS = ['US', 'COL', 'MEX', 'CAN'] as const
const word = fc.constantFrom('the', 'member', 'States', 'to', 'promote', 'cyberspace', '2021', 'norms', 'OEWG', 'GEG', 'and,', 'report;', 'de', 'résolution', '“CBMs”')
const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '))

/**
 * Draft inline text with annotations nested up to depth 3, and whatever else `extra` makes; a
 * sponsored annotation is at times agreed, and with `withdrawn` at times withdrawn too.
 */
function inlineOf(extra: Array<fc.Arbitrary<string>>, withdrawn = false): fc.Arbitrary<string> {
  return fc.letrec<{ node: string; annotation: string }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', maxDepth: 3 }, words, words.map((w) => `*${w}*`), tie('annotation'), ...extra),
    annotation: fc
      .record({
        sponsors: fc.subarray([...SPONSORS], { minLength: 0, maxLength: 2 }),
        joint: fc.constantFrom(', ', '/'),
        agreed: fc.boolean(),
        withdraw: withdrawn ? fc.boolean() : fc.constant(false),
        deleted: fc.option(words, { nil: undefined }),
        inserted: fc.array(tie('node'), { minLength: 0, maxLength: 3 }),
      })
      .map(({ sponsors, joint, agreed, withdraw, deleted, inserted }) => {
        const state = withdraw ? ' withdrawn' : agreed ? ' agreed' : ''
        const tag = sponsors.length > 0 ? `${sponsors.join(joint)}${state}: ` : ''
        // An agreed proposal always inserts a word, so that applying it never empties a paragraph
        // (an emptied paragraph is dropped, and its annotations with it: tested in views.test.ts).
        const insertion = agreed && !withdraw && sponsors.length > 0 ? [...inserted, 'agreed'] : inserted
        const body = [deleted === undefined ? '' : `~~${deleted}~~`, ...insertion].filter(Boolean).join(' ')
        return `[${tag}${body || 'text'}]`
      }),
  })).node
}

function bodyOf(inline: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const paragraph = fc.array(inline, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' '))
  return fc
    .record({
      preamble: fc.array(paragraph, { maxLength: 3 }),
      operative: fc.array(fc.record({ text: paragraph, sub: fc.array(paragraph, { maxLength: 2 }) }), { minLength: 1, maxLength: 5 }),
    })
    .map(({ preamble, operative }) => {
      const items = operative.map(({ text, sub }) => [`1. ${text}`, ...sub.map((s) => `   1. ${s}`)].join('\n'))
      return [...preamble, ...(operative.length > 0 ? ['RESOLVES:', items.join('\n\n')] : [])].join('\n\n')
    })
}

export const inline = inlineOf([])
export const body = bodyOf(inline)

/** A link to one of two addresses (so that two links may share one), its text words, at times with a footnote mark. */
const link = fc
  .record({ text: words, mark: fc.constantFrom('', '', '[^1]', '[^2]'), to: fc.constantFrom('a', 'b') })
  .map(({ text, mark, to }) => `[${text}${mark}](https://www.oas.org/${to})`)
/** A reference to one of two footnotes, so that a note may be referred to twice, or from a rejected proposal only. */
const note = fc.constantFrom(' see[^1]', ' see[^2]')

/**
 * Generated bodies with links and footnote references anywhere an annotation's text may be
 * (inside proposals, deletions excepted), the two footnotes defined (one holding a link).
 */
export const richBody = bodyOf(inlineOf([link, note])).map(
  (text) => `${text}\n\n[^1]: A note, with [a link](https://www.oas.org/n).\n\n[^2]: Another note.`,
)

/** Inline text whose proposals may also be withdrawn. */
const stateInline = inlineOf([], true)
const row = fc.tuple(stateInline, stateInline).map(([a, b]) => `| ${a} | ${b} |`)
const tableOf = (indent: string) =>
  fc.record({ head: row, rows: fc.array(row, { minLength: 1, maxLength: 3 }) }).map(({ head, rows }) => [head, '| --- | --- |', ...rows].map((line) => indent + line).join('\n'))

/**
 * Generated bodies whose proposals may be agreed or withdrawn, with GFM tables holding
 * proposals in their cells: at times one in the first operative paragraph, at times one after
 * the operative list.
 */
export const tableBody = fc
  .record({ body: bodyOf(stateInline), inItem: fc.option(tableOf('   '), { nil: undefined }), after: fc.option(tableOf(''), { nil: undefined }) })
  .map(({ body, inItem, after }) => {
    const text = inItem === undefined ? body : body.replace(/^1\. .*$/m, (line) => `${line}\n\n${inItem}\n`)
    return after === undefined ? text : `${text}\n\n${after}`
  })
