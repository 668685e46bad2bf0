// Spec: draft-format.md §5, the md and txt formats.
import { describe, expect, test } from 'vitest'
import { BRACKETED, CLEAN, delegation, md, parse, parseOk, resolve, txt } from './helpers.js'

const FRONT = 'title: Cooperation in cyberspace\nsymbol: CP/RES. 1 (2000/25)\ndate: 2025-03-04\norgan: PERMANENT COUNCIL\nmeeting: [REGULAR MEETING]\nnote: Adopted on March 4, 2025'
const BODY = [
  'THE PERMANENT COUNCIL,',
  'RECALLING resolution AG/RES. 2959[^us];',
  'RESOLVES:',
  '1. To urge [US: ~~all~~ the] States[^mex]:\n   1. to report;\n   2. to meet.',
  '2. To thank the \\[former\\] Chair.',
  '[^us]: The United States objects.',
  '[^mex]: Mexico joins [COL: this] note.',
].join('\n\n')

describe('txt', () => {
  const text = txt(resolve(parseOk(BODY, FRONT), BRACKETED).doc)

  test('header lines, title, note in parentheses, then the body in reading order', () => {
    const rows = text.split('\n').map((l) => l.trim().split(/\s{2,}/)).filter((r) => r[0] !== '')
    expect(rows.slice(0, 8)).toEqual([
      ['PERMANENT COUNCIL'],
      ['REGULAR MEETING', 'CP/RES. 1 (2000/25)'],
      ['4 March 2025'],
      ['Original: English'],
      ['CP/RES. 1 (2000/25)'],
      ['COOPERATION IN CYBERSPACE'],
      ['(Adopted on March 4, 2025)'],
      ['THE PERMANENT COUNCIL,'],
    ])
  })

  test('numbers and letters, annotations as written, footnote marks as printed, footnotes at the end', () => {
    expect(text).toContain('\n1. To urge [US: all the] States2/:\n')
    expect(text).toContain('\n    a. to report;\n\n    b. to meet.\n')
    expect(text).toContain('\n2. To thank the [former] Chair.\n')
    expect(text).toContain('RECALLING resolution AG/RES. 29591/;')
    expect(text.trimEnd().split('\n').slice(-3)).toEqual(['1. The United States objects.', '', '2. Mexico joins [COL: this] note.'])
  })

  test('the clean view resolves the footnotes too', () => {
    expect(txt(resolve(parseOk(BODY, FRONT), CLEAN).doc)).toContain('2. Mexico joins note.')
  })

  test('a delegation view names the delegation under the title', () => {
    expect(txt(resolve(parseOk(BODY, FRONT), delegation('US')).doc)).toContain('Proposals of the Delegation of the United States')
  })
})

describe('md', () => {
  const once = md(resolve(parseOk(BODY, FRONT), BRACKETED).doc)

  test('front matter in the documented order: template and lang always, other defaults left out', () => {
    expect(once.split('---\n')[1]).toBe(
      [
        'template: resolution', 'lang: en', 'symbol: CP/RES. 1 (2000/25)', 'date: 2025-03-04', 'organ: PERMANENT COUNCIL',
        'meeting:', '  - REGULAR MEETING', 'title: Cooperation in cyberspace', 'note: Adopted on March 4, 2025', '',
      ].join('\n'),
    )
  })

  test('annotations, escaped brackets, lists and footnotes written back in the draft format', () => {
    expect(once).toContain('1. To urge [US: ~~all~~ the] States[^mex]:\n   1. to report;\n   2. to meet.')
    expect(once).toContain('2. To thank the \\[former\\] Chair.')
    expect(once).toContain('[^us]: The United States objects.')
    expect(once).toContain('[^mex]: Mexico joins [COL: this] note.')
  })

  test('building the md again in the same view changes nothing', () => {
    const again = parse(once)
    expect(again.file.messages).toEqual([])
    expect(md(resolve(again, BRACKETED).doc)).toBe(once)
  })

  test('agreed proposals are applied in every view', () => {
    expect(md(resolve(parseOk('1. A [US agreed: ~~b~~ c] d.'), BRACKETED).doc)).toContain('1. A c d.')
  })
})
