// Spec: draft-format.md §5, the md and txt formats.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { View } from '../src/view/views.js'
import { BRACKETED, CLEAN, delegation, input, md, parse, parseOk, resolve, txt } from './helpers.js'

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

describe('txt: the title area wider than the page', () => {
  /** The lines between the header block (and its blank line) and the body's first paragraph, blank ones left out. */
  const titleArea = (text: string, body: string) => {
    const lines = text.split('\n')
    return lines.slice(0, lines.findIndex((l) => l.startsWith(body))).filter((l) => l.trim() !== '' && !/\S {2,}\S|Original:/.test(l))
  }
  const centredIn80 = (line: string) => line.length - line.trimStart().length === Math.floor((80 - line.trim().length) / 2)

  test('the seed title is wrapped at spaces into two centred lines as even as they can be', () => {
    const text = txt(resolve(parse(input('cicte-res-1-17.md')), CLEAN).doc)
    const lines = titleArea(text, 'THE MEMBER STATES')
    expect(lines.map((l) => l.trim())).toEqual([
      'INTER-AMERICAN COMMITTEE AGAINST TERRORISM',
      'CICTE/RES. 1/17',
      'ESTABLISHMENT OF A WORKING GROUP ON COOPERATION',
      'AND CONFIDENCE-BUILDING MEASURES IN CYBERSPACE',
      '(Adopted at the sixth plenary session, held on April 7, 2017)',
    ])
    for (const line of lines) expect(line, line).toSatisfy(centredIn80)
    // The two lines of the title are one paragraph of the title area: no blank line between them.
    expect(text).toContain('COOPERATION\n                 AND CONFIDENCE')
  })

  test("a scenario's line, a long note, a word wider than the page: wrapped, centred, never cut", () => {
    const scenario: View = { kind: 'scenario', name: 's', scenario: { rules: [{ choice: 'accept', codes: ['COL'] }, { choice: 'accept', codes: ['US'] }, { choice: 'reject', codes: ['MEX'] }], rest: 'reject', context: true } }
    const url = `https://www.oas.org/${'x'.repeat(90)}`
    const front = `title: A title\nnote: Considered at the third meeting of the Working Group on Cooperation and Confidence-Building Measures in Cyberspace, see ${url}`
    const text = txt(resolve(parseOk('1. To [COL: note] [US: welcome] [MEX: today].', front), scenario).doc)
    const lines = titleArea(text, '1. ')
    expect(lines.map((l) => l.trim())).toEqual([
      'A TITLE',
      '(Considered at the third meeting of the Working Group on Cooperation and',
      'Confidence-Building Measures in Cyberspace, see',
      `${url})`,
      'Scenario: proposals of Colombia and of the United States',
      'accepted; proposals of Mexico rejected; other proposals rejected',
    ])
    for (const line of lines.filter((l) => l.trim().length <= 80)) expect(line, line).toSatisfy(centredIn80)
    expect(lines[3]).toBe(`${url})`)
  })

  test('property: the words of a title, in order, in as few lines as fit 80 columns, each centred', () => {
    const word = fc.oneof({ arbitrary: fc.stringMatching(/^[A-Z]{1,12}$/), weight: 20 }, { arbitrary: fc.stringMatching(/^[a-z]{70,100}$/), weight: 1 }, { arbitrary: fc.constantFrom('RÉSOLUTION', 'CONFIANZA', '1/17', '—'), weight: 3 })
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), (words) => {
        const title = words.join(' ')
        const lines = titleArea(txt(resolve(parseOk('1. To note.', `title: "${title}"`), CLEAN).doc), '1. ').map((l) => l.trimEnd())
        expect(lines.map((l) => l.trim()).join(' ')).toBe(title.toUpperCase())
        for (const line of lines) {
          expect(line.trim().length <= 80 || !line.trim().includes(' '), line).toBe(true)
          if (line.trim().length <= 80) expect(line, line).toSatisfy(centredIn80)
        }
        // As few lines as filling each to 80 columns gives.
        let count = 0
        let used = Infinity
        for (const w of title.toUpperCase().split(' ')) {
          if (used + 1 + w.length > 80) {
            count++
            used = w.length
          } else used += 1 + w.length
        }
        expect(lines).toHaveLength(count)
      }),
      { numRuns: 200 },
    )
  })
})

describe('txt: the header block within the page', () => {
  /** The header block's lines: those above the first blank line, after the organ line if there is one. */
  const headerLines = (text: string, organ = true) => {
    const lines = text.split('\n')
    return lines.slice(organ ? 1 : 0, lines.indexOf(''))
  }
  /** The header's two columns read apart, at the column where the first line's right cell starts (after its gap). */
  const columns = (lines: string[]) => {
    const gap = / {2,}/.exec(lines[0]!)!
    const column = gap.index + gap[0].length
    const side = (cut: (l: string) => string) => lines.map(cut).map((l) => l.trim()).filter((l) => l !== '').join(' ')
    return { column, left: side((l) => l.slice(0, column)), right: side((l) => l.slice(column)) }
  }
  const fits = (line: string) => line.length <= 80

  test('the csh draft: the long meeting line is wrapped beside the right column, every header line within 80 columns', () => {
    const text = txt(resolve(parse(input('csh-omnibus-cyber-2021.md')), CLEAN).doc)
    expect(headerLines(text)).toEqual([
      'COMMITTEE ON HEMISPHERIC SECURITY                   27 July 2021',
      'Working Group on Cooperation and                    Original: English',
      'Confidence-Building Measures in Cyberspace',
    ])
    const cicte = headerLines(txt(resolve(parse(input('cicte-res-1-17.md')), CLEAN).doc))
    // A header that fits stays as it was: the right column at column 52.
    expect(cicte[0]).toBe('SEVENTEENTH REGULAR SESSION                         OEA/Ser.L/X.2.17')
    for (const line of cicte) expect(line, line).toSatisfy(fits)
  })

  test('the shipped drafts, every view and layout: every line above the body within 80 columns', () => {
    for (const name of ['cicte-res-1-17.md', 'csh-omnibus-cyber-2021.md']) {
      const draft = parse(input(name))
      const sponsors = [...new Set([...input(name).matchAll(/\[([A-Z]+)(?: agreed)?:/g)].map((m) => m[1]!))]
      for (const template of ['resolution', 'committee', 'declaration', 'working-paper'])
        for (const view of [CLEAN, BRACKETED, ...sponsors.map(delegation)]) {
          const { doc } = resolve({ ...draft, meta: { ...draft.meta!, template } } as typeof draft, view)
          const text = txt(doc)
          const body = text.split('\n').findIndex((l) => /^(\d+\.|[A-Z ]{8,}[,:]|THE )/.test(l) && l.length > 80)
          for (const line of text.split('\n').slice(0, body)) expect(line, `${name} ${template} ${view.kind}: ${line}`).toSatisfy(fits)
        }
    }
  })

  test("property: generated header values: each column's words in order, the right column at one place, every line within 80 columns", () => {
    const word = fc.oneof({ arbitrary: fc.stringMatching(/^[A-Za-z]{1,12}$/), weight: 20 }, { arbitrary: fc.constantFrom('Confidence-Building', 'OEA/Ser.G', 'CP/CSH-1953/20', 'Réunion', '—'), weight: 3 })
    const line = (most: number) => fc.array(word, { minLength: 1, maxLength: most }).map((w) => w.join(' '))
    fc.assert(
      fc.property(fc.array(line(14), { minLength: 1, maxLength: 4 }), line(5), line(6), (meeting, series, symbol) => {
        const front = `title: T\nseries: "${series}"\nsymbol: "${symbol}"\ndate: 2021-07-27\nmeeting:\n${meeting.map((m) => `  - "${m}"`).join('\n')}`
        const lines = headerLines(txt(resolve(parseOk('1. To note.', front), CLEAN).doc), false)
        for (const l of lines) expect(l, l).toSatisfy(fits)
        const { column, left, right } = columns(lines)
        expect(left).toBe(meeting.join(' '))
        expect(right).toBe(`${series} ${symbol} 27 July 2021 Original: English`)
        // Each line's left part ends before the gap: nothing of the left column runs into the right one.
        for (const l of lines) expect(l.length <= column - 4 || l.slice(column - 4, column) === '    ', l).toBe(true)
        expect(column).toBeGreaterThanOrEqual(40)
      }),
      { numRuns: 200 },
    )
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
