// Spec: draft-format.md §1 (front matter).
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import YAML from 'yaml'
import { frontMatterJsonSchema, metaSchema, readValid } from '../src/draft/frontmatter.js'
import { messages, parse, templates } from './helpers.js'

const withFront = (front: string) => parse(`---\n${front}\n---\n\nTHE GENERAL ASSEMBLY,\n`)

describe('front matter', () => {
  test('only title is required; defaults apply', () => {
    const draft = withFront('title: A title')
    expect(draft.failed).toBe(false)
    expect(draft.meta).toMatchObject({ title: 'A title', template: 'resolution', lang: 'en', original: 'en', draft: false, meeting: [] })
    expect(draft.meta?.symbol).toBeUndefined()
  })

  test('every documented field is read', () => {
    const draft = withFront(
      [
        'template: working-paper', 'lang: es', 'symbol: CICTE/RES. 1/17', 'series: OEA/Ser.L/X.2.17', 'date: 2017-04-07',
        'original: en', 'organ: COMITÉ', 'meeting: [A, B]', 'title: T', 'note: N', 'draft: true', 'job: CICTE00865E01',
      ].join('\n'),
    )
    expect(draft.failed).toBe(false)
    expect(draft.meta).toEqual({
      template: 'working-paper', lang: 'es', symbol: 'CICTE/RES. 1/17', series: 'OEA/Ser.L/X.2.17', date: '2017-04-07',
      original: 'en', organ: 'COMITÉ', meeting: ['A', 'B'], title: 'T', note: 'N', draft: true, job: 'CICTE00865E01',
    })
  })

  test('original defaults to lang', () => {
    expect(withFront('title: T\nlang: fr').meta?.original).toBe('fr')
  })

  test('a missing title is an error at the front matter', () => {
    const draft = withFront('lang: en')
    expect(draft.failed).toBe(true)
    expect(messages(draft)).toEqual(['2:1 error front-matter-invalid'])
    expect(draft.file.messages[0]?.reason).toMatch(/`title`.*required/)
  })

  test('an unknown key is a warning naming the closest known key', () => {
    const draft = withFront('title: T\nsymbl: CP/RES. 1 (1/20)')
    expect(draft.failed).toBe(false)
    expect(messages(draft)).toEqual(['3:1 warning front-matter-unknown-key'])
    expect(draft.file.messages[0]?.reason).toContain('did you mean `symbol`?')
  })

  test('an unknown key far from every known key gets no suggestion', () => {
    const draft = withFront('title: T\nxylophone: 1')
    expect(draft.file.messages[0]?.reason).not.toContain('did you mean')
  })

  test.each([
    ['draft: yes please', '3:8', /`draft`.*boolean/],
    ['date: 2017-02-30', '3:7', /`date`.*real date/],
    ['date: 7 April 2017', '3:7', /`date`.*real date/],
    ['lang: de', '3:7', /`lang`.*"en", "es", "fr", "pt".*"de"/],
    ['original: xx', '3:11', /`original`/],
    ['template: pamphlet', '3:11', /`template`.*unknown layout/],
    ['meeting: 12', '3:10', /`meeting`/],
  ])('%s is an error with its line and column', (line, place, reason) => {
    const draft = withFront(`title: T\n${line}`)
    expect(draft.failed).toBe(true)
    expect(messages(draft)[0]).toBe(`${place} error front-matter-invalid`)
    expect(draft.file.messages[0]?.reason).toMatch(reason)
  })

  test('an item of a list in the wrong type is an error at the item, naming it and its value', () => {
    const draft = withFront('title: T\nmeeting: [1, "ok", 2]')
    expect(messages(draft)).toEqual(['3:11 error front-matter-invalid', '3:20 error front-matter-invalid'])
    expect(draft.file.messages.map((m) => m.reason)).toEqual(['Invalid `meeting.0`: expected string, got 1', 'Invalid `meeting.2`: expected string, got 2'])
    const block = withFront('title: T\nmeeting:\n  - ok\n  - [nested]')
    expect(messages(block)).toEqual(['5:5 error front-matter-invalid'])
    expect(block.file.messages[0]!.reason).toBe('Invalid `meeting.1`: expected string, got ["nested"]')
  })

  test('a real leap day is a date', () => {
    expect(withFront('title: T\ndate: 2020-02-29').failed).toBe(false)
    expect(withFront('title: T\ndate: 2021-02-29').failed).toBe(true)
  })

  test('missing front matter is an error at 1:1', () => {
    const draft = parse('THE GENERAL ASSEMBLY,\n')
    expect(messages(draft)).toEqual(['1:1 error front-matter-missing'])
  })

  test('unterminated front matter is an error at 1:1', () => {
    const draft = parse('---\ntitle: T\n\nTHE GENERAL ASSEMBLY,\n')
    expect(messages(draft)).toEqual(['1:1 error front-matter-unterminated'])
  })

  test('YAML that does not parse is an error with its line', () => {
    const draft = parse('---\ntitle: T\nmeeting: [a, b\n---\n\nText\n')
    expect(draft.failed).toBe(true)
    // Where the YAML reader finds the list unclosed: the end of line 3 (the draft's own line).
    expect(messages(draft)).toEqual(['3:15 error front-matter-yaml'])
    expect(messages(parse('---\ntitle: T\nnote: "unclosed\n---\n\nText\n'))).toEqual(['3:16 error front-matter-yaml'])
  })

  test('front matter that is not a map is an error', () => {
    expect(messages(parse('---\n- a\n- b\n---\n\nText\n'))).toEqual(['2:1 error front-matter-type'])
  })

  test('the JSON Schema comes from the same schema and lists the layouts', () => {
    const schema = frontMatterJsonSchema(templates.layouts()) as { required: string[]; properties: Record<string, unknown>; additionalProperties: boolean }
    expect(schema.required).toEqual(['title'])
    expect(Object.keys(schema.properties)).toContain('symbol')
    expect(JSON.stringify(schema.properties.lang)).toContain('"pt"')
  })
})

describe('front matter that only the careful reader rejects', () => {
  test.each([
    ['title: "Working Group\non Cooperation"'],
    ['title: "Working Group"# a comment'],
    ['title: *x'],
  ])('%j is an error with its place, never a crash', (front) => {
    const draft = withFront(front)
    expect(draft.failed).toBe(true)
    expect(messages(draft)[0]).toMatch(/^\d+:\d+ error front-matter-yaml$/)
  })

  test('valid quoted values read the same as unquoted ones', () => {
    expect(withFront('title: "Women\'s rights"\nnote: \'Adopted\'').meta).toMatchObject({ title: "Women's rights", note: 'Adopted' })
  })
})

describe('the fast reader (js-yaml) agrees with the careful one (yaml)', () => {
  // Characters that make quoting hard: quotes of both kinds, backslash, `#`, `: `, tab, carriage
  // return, a Unicode line separator; and escapes, the harmless and the ones the two readers
  // read differently (js-yaml lets an out-of-range \U through).
  const char = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom('a', 'Z', ' ', '#', ':', 'é', '—', '/', '.', ',', '1') },
    { weight: 1, arbitrary: fc.constantFrom('\t', '\r', '\u2028') },
  )
  const escape = fc.constantFrom('\\\\', '\\"', '\\t', '\\n', '\\/', '\\x41', '\\u00e9', '\\U0001F600', '\\U00110000', '\\q')
  const doubleQuoted = fc
    .array(fc.oneof({ weight: 10, arbitrary: char }, { weight: 1, arbitrary: fc.constantFrom("'") }, { weight: 1, arbitrary: escape }), { minLength: 1, maxLength: 10 })
    .map((parts) => `"${parts.join('')}"`)
  const singleQuoted = fc
    .array(fc.oneof({ weight: 4, arbitrary: char }, { weight: 1, arbitrary: fc.constantFrom('"', "''", '\\') }), { minLength: 1, maxLength: 10 })
    .map((parts) => `'${parts.join('')}'`)
  const plain = fc.array(fc.constantFrom('a', 'Z', 'é', '1', ' '), { minLength: 1, maxLength: 10 }).map((cs) => `x${cs.join('').trimEnd()}`)
  // Now and then a value broken on purpose: a quote left open, text after the closing quote, a comment glued to it.
  const broken = fc.constantFrom('"open', "'a' x", '"a"# c', '"a" "b"')
  const value = fc.oneof({ weight: 3, arbitrary: doubleQuoted }, { weight: 3, arbitrary: singleQuoted }, { weight: 3, arbitrary: plain }, { weight: 1, arbitrary: broken })
  // Comments only after plain values: after a quoted one the fast reader always steps aside.
  const entry = (prefix: string) =>
    fc.tuple(value, fc.constantFrom('', ' # note', '\t# x')).map(([v, c]) => `${prefix}${v}${v.startsWith('x') ? c : ''}`)
  const meeting = fc.array(entry('  - '), { minLength: 1, maxLength: 3 }).map((items) => ['meeting:', ...items].join('\n'))
  const front = fc
    .tuple(entry('title: '), fc.option(entry('organ: ')), fc.option(entry('note: ')), fc.option(meeting), fc.boolean())
    .map(([title, organ, note, meet, crlf]) => {
      const text = [title, organ, note, meet].filter((p) => p !== null).join('\n')
      return crlf ? text.replace(/\n/g, '\r\n') : text
    })

  test('whatever the fast reader accepts, the careful one reads the same', () => {
    let fastRuns = 0
    fc.assert(
      fc.property(front, (text) => {
        const fast = readValid(text, templates.layouts())
        if (fast === undefined) return
        fastRuns++
        // The same schema after both readers: the values must be the same (yaml throws on what it rejects).
        const careful = metaSchema(templates.layouts()).parse(YAML.parse(text))
        for (const key of ['title', 'organ', 'note', 'meeting'] as const) expect(fast[key]).toEqual(careful[key])
      }),
      { numRuns: 3000 },
    )
    // The property is about the fast reader: most runs must reach it.
    expect(fastRuns).toBeGreaterThan(600)
  })

  test.each([
    ['an out-of-range \\U escape', 'title: "Bad \\U00110000 escape"'],
    ['a lone carriage return inside quotes', 'title: "Line\rbreak"'],
    ['a carriage return ending the front matter', 'title: "x"\r'],
  ])('%s takes the careful reader', (_, text) => {
    expect(readValid(text, templates.layouts())).toBeUndefined()
  })

  test('a seed-like front matter, quoted, takes the fast reader', () => {
    const text = 'organ: "INTER-AMERICAN COMMITTEE"\nmeeting:\n  - "TWENTIETH REGULAR SESSION"\n  - \'June 13 and 14, 2023\'\ntitle: "Women, Peace and Security: the \\"Americas\\""'
    expect(readValid(text, templates.layouts())).toMatchObject({ title: 'Women, Peace and Security: the "Americas"', meeting: ['TWENTIETH REGULAR SESSION', 'June 13 and 14, 2023'] })
  })
})
