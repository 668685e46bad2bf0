// Text never silently lost (issue 11): every Markdown construct that can take the draft's text
// away without printing it is a positioned message at the place it starts.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { BRACKETED, cli, draftText, files, folderWith, messages, parse, resolve, tempDir, txt, words } from './helpers.js'

const at = (body: string) => messages(parse(draftText(body)))

describe('HTML comments', () => {
  test('a comment never closed, on a line of its own, is an error at its place: it would take the rest of the draft', () => {
    const body = 'THE COUNCIL,\n\n<!-- TODO: check with COL\n\nRESOLVES:\n\n1. To act.'
    expect(at(body)).toEqual(['7:1 error html-comment-unclosed'])
    expect(parse(draftText(body)).file.messages[0]?.reason).toBe(
      'This HTML comment is never closed with `-->`: every line after it to the end of the draft (4 lines) would print nothing. Close it, or write `\\<` if it is text',
    )
  })

  test('in a list item, it takes the rest of the item', () => {
    expect(at('1. a\n   <!-- x\n   y\n2. b')).toEqual(['6:4 error html-comment-unclosed'])
    expect(parse(draftText('1. a\n   <!-- x\n   y\n2. b')).file.messages[0]?.reason).toContain('the line after it, to the end of its list item or quotation, would print nothing')
  })

  test('closed comments are editors’ notes, and print nothing without a word', () => {
    expect(at('<!-- a note\nover two lines -->\n\nText.')).toEqual([])
    expect(at('<!-->\n\nText.')).toEqual([])
    expect(at('Text <!-- inline note --> and more.')).toEqual([])
  })

  test('inside a paragraph, an unclosed `<!--` is text, printed as written', () => {
    expect(at('Text <!-- not a comment')).toEqual([])
    expect(txt(resolve(parse(draftText('Text <!-- not a comment')), BRACKETED).doc)).toContain('Text <!-- not a comment')
  })
})

describe('raw HTML blocks', () => {
  test.each([
    ['a tag alone on its line runs on to the next blank line', '<br>\nRESOLVES:\n\n1. To act.', 'RESOLVES:'],
    ['text after a comment on its line', '<!-- a note --> RESOLVES:\n\n1. To act.', 'RESOLVES:'],
    ['a block element', '<div>To act now.</div>\n\nText.', 'To act now.'],
  ])('%s: an error quoting the text', (_, body, quoted) => {
    const draft = parse(draftText(body))
    expect(messages(draft)).toEqual(['5:1 error html-block-text'])
    expect(draft.file.messages[0]?.reason).toContain(`(“${quoted}”)`)
  })

  test.each([
    ['<pre>\ntext', '`</pre>`'],
    ['<?php\nx', '`?>`'],
    ['<![CDATA[\nx', '`]]>`'],
  ])('%s: never closed, an error naming what closes it', (body, close) => {
    const draft = parse(draftText(`Text.\n\n${body}`))
    expect(messages(draft)).toEqual(['7:1 error html-block-text'])
    expect(draft.file.messages[0]?.reason).toContain(`never closed with ${close}`)
  })

  test('markup alone prints nothing without a word; text between HTML blocks is a paragraph', () => {
    expect(at('<div>\n<span class="x"></span>\n</div>\n\nText.')).toEqual([])
    expect(at('<div>\n\nText\n\n</div>')).toEqual([])
    expect(at('<p>&nbsp;</p>\n\nText.')).toEqual([])
  })
})

describe('code fences', () => {
  test('a fence never closed is an error: the rest would print as verbatim code', () => {
    expect(at('Text.\n\n```\n1. To act.\n\n2. More.')).toEqual(['7:1 error code-fence-unclosed'])
    expect(at('> ~~~~\n> code\n\nText.')).toEqual(['5:3 error code-fence-unclosed'])
  })

  test('a closed fence, and a shorter fence inside a longer one, are fine', () => {
    expect(at('```\ncode\n```\n\nText.')).toEqual([])
    expect(at('````\n```\ncode\n````\n\nText.')).toEqual([])
    expect(at('Text.\n\n    indented code')).toEqual([])
  })
})

describe('link definitions', () => {
  test('a definition no link refers to is a warning: `[Note]: pending` prints nothing', () => {
    const draft = parse(draftText('[Note]: pending\n\nText.'))
    expect(messages(draft)).toEqual(['5:1 warning definition-unused'])
    expect(draft.file.messages[0]?.reason).toContain('write `\\[Note]` if it is text of the draft')
  })

  test('a definition a link uses is silent', () => {
    expect(at('[oas]: https://www.oas.org\n\nSee [the OAS][oas] and [oas].')).toEqual([])
  })
})

test('on the command line: an error at its place, a non-zero exit, nothing written', async () => {
  const src = folderWith({ 'd.md': draftText('THE COUNCIL,\n\n<!-- TODO: check with COL\n\nRESOLVES:\n\n1. To act.') })
  const out = tempDir()
  const result = await cli(['build', src, '--format', 'txt', '--out', out])
  expect(result.code).toBe(1)
  expect(result.stderr).toContain('d.md:7:1  error  This HTML comment is never closed')
  expect(files(out)).toEqual([])
})

/**
 * The invariant, on generated drafts: a construct that could swallow what follows it is put
 * between paragraphs; either the draft says so at the construct's line, or every word of the
 * paragraphs after it is printed.
 */
test('property: after any swallowing construct, the words that follow are printed, or a message names the line', () => {
  const word = fc.constantFrom('member', 'States', 'promote', 'cyberspace', 'norms', 'report')
  const paragraph = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' '))
  const construct = fc.constantFrom(
    '<!-- TODO: check', '<!-- closed -->', '<br>', '<div>', '<!-- note --> text', '```', '~~~', '[Note]: pending', '[Note]: pending "and', '<pre>', '<?x', '<!DOCTYPE',
  )
  fc.assert(
    fc.property(fc.array(paragraph, { maxLength: 3 }), construct, fc.boolean(), fc.array(paragraph, { minLength: 1, maxLength: 3 }), (before, swallow, tight, after) => {
      const lines = before.length
      const body = [...before, `${swallow}${tight ? '\n' : '\n\n'}${after.join('\n\n')}`].join('\n\n')
      const draft = parse(draftText(body))
      const line = 5 + 2 * lines
      if (draft.file.messages.some((m) => m.line === line && m.ruleId !== 'draft-empty')) return
      expect(draft.failed).toBe(false)
      const printed = words(txt(resolve(draft, BRACKETED).doc))
      for (const w of words(after.join(' '))) expect(printed).toContain(w)
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 300) },
  )
})
