// The acceptance texts: the shipped drafts reproduce shared/seeds/ word for word, and md output
// is a fixed point of building again.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { frame } from '../src/layout/compose.js'
import { BRACKETED, CLEAN, SHARED_SEEDS, delegation, input, md, parse, resolve, seed, templates, txt, words } from './helpers.js'

const SEEDS = [
  ['cicte-res-1-17.md', 'cicte-res-1-17.txt'],
  ['csh-omnibus-cyber-2021.md', 'csh-omnibus-cyber-2021.txt'],
] as const

describe.each(SEEDS)('%s', (draftName, seedName) => {
  const draft = parse(input(draftName), { path: draftName })

  test.runIf(existsSync(SHARED_SEEDS))('the fixture is still the seed in shared/seeds/', () => {
    expect(seed(seedName)).toBe(readFileSync(join(SHARED_SEEDS, seedName), 'utf8'))
  })

  test('parses without a message', () => {
    expect(draft.file.messages.map(String)).toEqual([])
  })

  test('the bracketed txt is the seed word for word, after the header block', () => {
    const { doc } = resolve(draft, BRACKETED)
    const f = frame(doc, templates.layout(doc.meta.template, doc.meta.lang), templates.registry())
    // The header block (the organ line, then two columns side by side, a long line wrapped) is its lines' words.
    const header = words([f.organ, ...f.left, ...f.right].join(' '))
    expect(header.length).toBeGreaterThan(5)
    const printed = words(txt(doc))
    expect(printed.slice(0, header.length).sort()).toEqual(header.sort())
    expect(printed.slice(header.length)).toEqual(words(seed(seedName)))
  })

  test('the md of every view builds again to the same md', () => {
    for (const view of [CLEAN, BRACKETED, delegation('US'), delegation('COL'), delegation('MEX')]) {
      const once = md(resolve(draft, view).doc)
      const again = parse(once, { path: 'again.md' })
      expect(again.file.messages.map(String)).toEqual([])
      expect(md(resolve(again, view).doc)).toBe(once)
    }
  })
})

test('the CICTE resolution keeps its header block, symbol, note and job code', () => {
  const { doc } = resolve(parse(input('cicte-res-1-17.md')), CLEAN)
  const f = frame(doc, templates.layout(doc.meta.template, doc.meta.lang), templates.registry())
  expect(f).toEqual({
    organ: 'INTER-AMERICAN COMMITTEE AGAINST TERRORISM',
    left: ['SEVENTEENTH REGULAR SESSION', 'April 6 and 7, 2017', 'Washington, D.C.'],
    right: ['OEA/Ser.L/X.2.17', 'CICTE/RES. 1/17', '7 April 2017', 'Original: English'],
    title: [
      { style: 'symbol', text: 'CICTE/RES. 1/17' },
      { style: 'title', text: 'ESTABLISHMENT OF A WORKING GROUP ON COOPERATION AND CONFIDENCE-BUILDING MEASURES IN CYBERSPACE' },
      { style: 'note', text: '(Adopted at the sixth plenary session, held on April 7, 2017)' },
    ],
    firstPageFooter: 'CICTE00865E01',
  })
})

test('the bracketed md of the working paper keeps every annotation as written', () => {
  const text = md(resolve(parse(input('csh-omnibus-cyber-2021.md')), BRACKETED).doc)
  expect(text).toContain('3. [COL: [To request that the Secretariat')
  expect(text).toContain('cyberspace [COL: ~~contained~~ set out] in the reports of [MEX: ~~the GGE~~ GEG] and OEWG')
  expect(text).toMatch(/^---\ntemplate: working-paper\n/)
})
