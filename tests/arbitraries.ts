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

/**
 * Text that is hard for Markdown and for the draft syntax to read back: colons and tag-like
 * words, single and escaped tildes, carets, escaped brackets and bracket references, code spans,
 * escapes, list, heading and quotation markers in the middle of a line, pipes, links, autolinks,
 * images, footnote references, quotes and punctuation. None of it is an annotation mark: the
 * annotations are made around it, balanced, by `wildInline`.
 */
const plain = fc.constantFrom(
  'a', 'States', '2021', 'de', 'résolution', 'OEWG', 'a b', 'x',
  ':', 'US:', 'COL:', 'agreed:', ' : ', 'US agreed', 'Chair', 'MEX, CAN:', 'US/COL',
  '~', '\\~\\~', '~5%', 'a~b', '^', '^1', 'x^2', '\\[', '\\]', '\\[US: x\\]', '&#91;', '&#93;', '&lsqb;', '&rsqb;', '\\[^1\\]',
  '`code`', '`[US: x]`', '``a`b``', '` ~~a~~ `',
  '\\*', '\\_', '\\#', '\\\\', '\\>', '\\!', '\\`', '\\-', '\\+', '\\.', '\\(', '\\|', '\\~', '\\^',
  '!', '(', ')', '(a)', '#', '##', '-', '--', '---', '+', '1.', '1)', '2.', '10.', '>', '|', '<', '&', '&amp;', '&nbsp;', '"', "'", '“a”', '«', '»', '…', '.', ',', ';', '?', ' ', '  ',
  '[^1]', '[^2]', '[x](https://www.oas.org/a)', '[x *y*](https://www.oas.org/b "t")', '[x][oas]', '[oas]', '[x]()', '<https://www.oas.org>',
  'https://www.oas.org/c', '![img](https://www.oas.org/i.png)', '![a *b*][oas]',
)
/** Emphasis markers anywhere, balanced or not (the unbalanced ones may cross an annotation: such drafts are refused, and skipped). */
const emphatic = fc.constantFrom('*', '_', '**', '__', '*a*', '_a_', '**b**', '***c***', 'a*b', 'a_b_c', '*a', 'b*', '_a', 'b_', '*a* b', '__a__')
const tricky = fc.oneof({ arbitrary: plain, weight: 30 }, { arbitrary: emphatic, weight: 1 })
/** Tokens side by side or spaced, as a careless hand types them. */
const trickyRun = fc
  .array(fc.tuple(tricky, fc.constantFrom('', ' ', ' ', ' ')), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map(([token, gap]) => token + gap).join('').trimEnd())

/** Inline text of the tricky kind with annotations (sponsored, bare, agreed, nested, emphasised, in links) around parts of it. */
export const wildInline: fc.Arbitrary<string> = fc.letrec<{ node: string; annotation: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    trickyRun,
    trickyRun,
    tie('annotation'),
    fc.tuple(fc.constantFrom('*', '**', '_'), tie('node')).map(([mark, node]) => `${mark}${node}${mark}`),
    tie('annotation').map((a) => `[${a} see](https://www.oas.org/l)`),
  ),
  annotation: fc
    .record({
      sponsors: fc.subarray([...SPONSORS, 'Chair', 'SEC'], { minLength: 0, maxLength: 2 }),
      joint: fc.constantFrom(', ', '/', ','),
      state: fc.constantFrom('', '', '', ' agreed', ' AGREED', ' withdrawn'),
      space: fc.constantFrom(' ', ' ', '', '  '),
      deleted: fc.option(trickyRun, { nil: undefined }),
      inserted: fc.array(tie('node'), { minLength: 0, maxLength: 3 }),
      gap: fc.constantFrom(' ', '', ' ', '\n'),
    })
    .map(({ sponsors, joint, state, space, deleted, inserted, gap }) => {
      const tag = sponsors.length > 0 ? `${sponsors.join(joint)}${state}:${space}` : ''
      // The deletion's `~~` must be able to open and close (CommonMark's flanking rules): no space
      // or tilde inside its edges, and a space after it when it ends with punctuation.
      const struck = deleted === undefined ? '' : `~~${deleted.trim().replace(/^~/, 'a~').replace(/~$/, '~a')}~~`
      const after = /[\p{L}\p{N}]~~$/u.test(struck) ? gap : ' '
      const body = struck + (struck && inserted.length > 0 ? after : '') + inserted.join(gap)
      return `[${tag}${body || 'text'}]`
    }),
})).node

/** A paragraph's inline text: one or more pieces, spaced or not, at times over two lines. */
const wildText = fc
  .tuple(fc.array(wildInline, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', ' ', '', '\n', '  \n', '\\\n'))
  .map(([parts, gap]) => parts.join(gap))

/** Lines indented by `indent` (blank lines stay empty). */
const indented = (text: string, indent: string) =>
  text
    .split('\n')
    .map((line) => (line === '' ? '' : indent + line))
    .join('\n')

/** A block at the top of a draft, or (indented) inside a list item or a quotation. */
const wildBlock: fc.Arbitrary<string> = fc.letrec<{ block: string; leaf: string }>((tie) => ({
  leaf: fc.oneof(
    { arbitrary: wildText, weight: 6 },
    { arbitrary: fc.tuple(fc.constantFrom('# ', '## ', '### ', '###### ', '#'), wildInline).map(([mark, text]) => `${mark}${text.replace(/\n/g, ' ')}`), weight: 2 },
    { arbitrary: fc.tuple(fc.constantFrom('1. ', '2. ', '1) ', '- ', '* ', '+ ', '10. '), wildText).map(([mark, text]) => mark + indented(text, ' '.repeat(mark.length)).slice(mark.length)), weight: 4 },
    {
      // A table: a header, its delimiter row, rows; cells are wild inline text on one line.
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.array(wildInline, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.constantFrom('---', ':--', '--:', ':-:'))
        .map(([columns, rows, delimiter]) =>
          rows
            .map((cells) => `| ${cells.slice(0, columns).map((c) => c.replace(/\n/g, ' ')).join(' | ')} |`)
            .flatMap((row, index) => (index === 0 ? [row, `|${` ${delimiter} |`.repeat(columns)}`] : [row]))
            .join('\n'),
        ),
      weight: 1,
    },
    { arbitrary: fc.constantFrom('---', '***', '```\ncode [US: x]\n```', '    indented code', '<!-- a comment -->'), weight: 1 },
  ),
  block: fc.oneof(
    { depthSize: 'small', maxDepth: 2 },
    { arbitrary: tie('leaf'), weight: 8 },
    // A quotation of blocks (lists too).
    { arbitrary: fc.array(tie('block'), { minLength: 1, maxLength: 3 }).map((blocks) => blocks.join('\n\n').split('\n').map((line) => (line === '' ? '>' : `> ${line}`)).join('\n')), weight: 1 },
    // A list item holding further blocks: sub-items, paragraphs, headings, quotations, tables.
    {
      arbitrary: fc
        .tuple(fc.constantFrom('1. ', '- ', '2. ', '1) '), wildText, fc.array(tie('block'), { minLength: 1, maxLength: 3 }), fc.constantFrom('\n\n', '\n'))
        .map(([mark, text, blocks, gap]) => `${mark}${text.replace(/\n/g, ' ')}${gap}${indented(blocks.join('\n\n'), ' '.repeat(mark.length))}`),
      weight: 2,
    },
  ),
})).block

/**
 * Whole bodies of such text: blocks of every kind, nested in list items and quotations, joined by
 * a line break or a blank line, the two footnotes and a link definition at the end. Many are not
 * valid drafts (a `~~` left open inside a proposal, brackets that cross emphasis): properties
 * test the valid ones.
 */
export const wildBody = fc
  .tuple(fc.array(fc.tuple(wildBlock, fc.constantFrom('\n\n', '\n\n', '\n')), { minLength: 1, maxLength: 4 }), wildInline, wildInline)
  .map(([blocks, note1, note2]) => {
    const text = blocks.map(([block, end]) => block + end).join('')
    return `${text.trimEnd()}\n\n[^1]: Note ${note1}\n\n[^2]: Note ${note2}\n\n[oas]: https://www.oas.org`
  })
