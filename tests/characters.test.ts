// Characters XML 1.0 forbids (and the controls and noncharacters HTML forbids) never reach a
// DOCX part nor the HTML (issue 11: U+FFFF in the text made document.xml unreadable): replaced
// where the draft is read, with a warning at the place, in the body and in front matter values.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { hasForbidden } from '../src/draft/characters.js'
import { renderer } from '../src/render/index.js'
import { BRACKETED, CLEAN, draftText, messages, parse, resolve, tempDir, templates } from './helpers.js'

/** XML 1.0's Char production, negated, and the controls and noncharacters HTML forbids. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u
const NOT_HTML = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\p{Noncharacter_Code_Point}]|[\uD800-\uDFFF]/u

const XMLLINT = spawnSync('xmllint', ['--version']).status === 0

async function outputs(text: string) {
  const draft = parse(text)
  expect(draft.failed).toBe(false)
  const out: { docx: Record<string, string>; html: string[] } = { docx: {}, html: [] }
  for (const view of [CLEAN, BRACKETED]) {
    const { doc } = resolve(draft, view)
    const input = { doc, layout: templates.layout(doc.meta.template, doc.meta.lang), registry: templates.registry(), options: { trackChanges: view === BRACKETED, time: new Date(0), warn: () => {} } }
    for (const [name, bytes] of Object.entries(unzipSync(await (await renderer('docx'))(input)))) {
      if (name.endsWith('.xml') || name.endsWith('.rels')) out.docx[`${view.kind}/${name}`] = strFromU8(bytes)
    }
    out.html.push(new TextDecoder().decode(await (await renderer('html'))(input)))
  }
  return { draft, ...out }
}

const BODY = 'THE COUNCIL,\n\nRESOLVES:\n\n1. To act \uFFFF now \u0001 [US: x\u000B y] z \u0085 \u{1FFFF}.'
const FRONT = 'title: "Cooperation \\uFFFF in cyberspace"\nmeeting: ["A \\x01 B", "C"]\nnote: "a\\fb"'

describe('in the body', () => {
  test('each line that holds one is a warning at its first; they print as U+FFFD (a line tab as a space)', async () => {
    const { draft, docx, html } = await outputs(draftText(BODY))
    expect(messages(draft)).toEqual(['9:11 warning character-forbidden'])
    expect(draft.file.messages[0]?.reason).toBe(
      'This line holds 5 characters that no DOCX or web page may hold (U+FFFF, U+0001, U+000B and 2 more): printed as U+FFFD (�) or a space',
    )
    expect(docx['bracketed/word/document.xml']).toContain('To act \uFFFD now \uFFFD ')
    expect(docx['bracketed/word/document.xml']).toContain('x y')
    for (const [name, xml] of Object.entries(docx)) expect([name, NOT_XML.test(xml)]).toEqual([name, false])
    for (const page of html) expect(NOT_HTML.test(page)).toBe(false)
  })

  test('a lone surrogate (from the API: a file that is UTF-8 holds none) is replaced too', () => {
    const draft = parse(draftText('Text \uD800 and \uDC00.'))
    expect(messages(draft)).toEqual(['5:6 warning character-forbidden'])
    expect(resolve(draft, CLEAN).doc.blocks[0]).toMatchObject({ content: [{ value: 'Text \uFFFD and \uFFFD.' }] })
  })

  test('a form feed written as a character reference (`&#12;`, which CommonMark decodes) too', () => {
    const draft = parse(draftText('Text &#12; here.'))
    expect(messages(draft)).toEqual(['5:1 warning character-forbidden'])
    expect(resolve(draft, CLEAN).doc.blocks[0]).toMatchObject({ content: [{ value: 'Text here.' }] })
  })
})

describe('the quick test', () => {
  // The rule as written: every unit or code point a document may not hold.
  const EXACT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Noncharacter_Code_Point}\uD800-\uDFFF]/u
  test('hasForbidden reads a text as the rule does, astral characters, pairs and lone surrogates included', () => {
    const unit = fc.oneof(
      fc.constantFrom('a', ' ', '\t', '\n', '\r', 'é', '“', '\uFFFD', '\uFDCF', '\uFDD0', '\uFDEF', '\uFDF0', '\uFFFE', '\uFFFF', '\u007F', '\u009F', '\u00A0', '\u000B', '\u000C', '\u0000', '\u001F', '\u0020'),
      fc.constantFrom('\u{1FFFE}', '\u{1FFFF}', '\u{10FFFF}', '\u{1FFFD}', '😀', '𝑥', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    )
    let clean = 0
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 8 }), (units) => {
        const text = units.join('')
        if (!EXACT.test(text)) clean++
        expect(hasForbidden(text)).toBe(EXACT.test(text))
      }),
      { numRuns: 20000 },
    )
    expect(clean).toBeGreaterThan(1000)
  })
})

describe('in front matter values', () => {
  test('a YAML escape writes one: a warning at the value, replaced in every header line and property', async () => {
    const { draft, docx, html } = await outputs(draftText('Text.', FRONT))
    expect(messages(draft).sort()).toEqual(['2:8 warning character-forbidden', '3:10 warning character-forbidden', '4:7 warning character-forbidden'])
    expect(draft.meta?.title).toBe('Cooperation \uFFFD in cyberspace')
    expect(draft.meta?.meeting).toEqual(['A \uFFFD B', 'C'])
    expect(draft.meta?.note).toBe('a b')
    expect(docx['clean/docProps/core.xml']).toContain('Cooperation \uFFFD in cyberspace')
    for (const [name, xml] of Object.entries(docx)) expect([name, NOT_XML.test(xml)]).toEqual([name, false])
    for (const page of html) expect(NOT_HTML.test(page)).toBe(false)
  })
})

test.skipIf(!XMLLINT)('every part of the DOCX reads as XML (xmllint)', async () => {
  const { docx } = await outputs(draftText(BODY, FRONT))
  const dir = tempDir()
  const files = Object.entries(docx).map(([name, xml], i) => {
    const file = join(dir, `${i}.xml`)
    writeFileSync(file, xml)
    return file
  })
  const result = spawnSync('xmllint', ['--noout', ...files], { encoding: 'utf8' })
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
})

test('property: whatever characters the body and the title hold, no DOCX part nor page holds one XML or HTML forbids', async () => {
  const char = fc.oneof(
    fc.constantFrom('\uFFFF', '\uFFFE', '\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u001F', '\u007F', '\u0085', '\uFDD0', '\uD800', '\uDFFF', '\u{10FFFE}', '\t', 'é', '中'),
    fc.constantFrom('a', 'b', ' ', '.'),
  )
  const text = fc.array(char, { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''))
  await fc.assert(
    fc.asyncProperty(text, text, async (body, title) => {
      const draft = parse(draftText(`Text ${body} end.`, `title: ${JSON.stringify(`T ${title}`)}`))
      if (draft.failed) return // what a NUL does to the front matter YAML is reported there
      const { docx, html } = await outputs(draftText(`Text ${body} end.`, `title: ${JSON.stringify(`T ${title}`)}`))
      for (const xml of Object.values(docx)) expect(NOT_XML.test(xml)).toBe(false)
      for (const page of html) expect(NOT_HTML.test(page)).toBe(false)
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 60) },
  )
})
