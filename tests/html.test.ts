/**
 * The HTML renderer: first read back as markup (a strict little parser that rejects anything but
 * the well-formed, quoted, escaped HTML the renderer should write), then in a real headless
 * browser (Debian's chromium driven by playwright-core): the page's visible text in reading
 * order against the seeds and the txt format, and the computed styles of the marks.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { frame, numberLabel } from '../src/layout/compose.js'
import type { Layout } from '../src/layout/load.js'
import type { DocumentModel } from '../src/model/types.js'
import { render } from '../src/render/html/index.js'
import type { View } from '../src/view/views.js'
import fc from 'fast-check'
import { richBody } from './arbitraries.js'
import { BRACKETED, CLEAN, ROOT, delegation, draftText, input, model, seed, templates, txt, words } from './helpers.js'

// ---------------------------------------------------------------------------------------------
// Building pages

const CHROMIUM = '/usr/bin/chromium'
const HOSTILE = readFileSync(join(ROOT, 'tests', 'fixtures', 'html', 'hostile.md'), 'utf8')

const layoutOf = (doc: DocumentModel): Layout => templates.layout(doc.meta.template, doc.meta.lang)

async function html(doc: DocumentModel, layout: Layout = layoutOf(doc), time = new Date(0)): Promise<string> {
  const bytes = await render({ doc, layout, registry: templates.registry(), options: { trackChanges: false, time, warn: () => {} } })
  return new TextDecoder().decode(bytes)
}

/** A small resolution with every kind of numbering, footnotes (one twice) and nested proposals. */
const SMALL = readFileSync(join(ROOT, 'tests', 'fixtures', 'sample.md'), 'utf8')

/** Every other kind of block: headings, bullets, continuations, quotes, code, rules. */
const BLOCKS = `---
title: Blocks
---

# An annex heading

Then a body paragraph.

1. An item.

   Its further paragraph.

- A bullet.
  - A deeper bullet.

> A quotation.

    code <block>
      indented & kept

---

The end.
`

// ---------------------------------------------------------------------------------------------
// A strict reader for the renderer's own output: elements, quoted attributes, text. Anything else
// (an unescaped `<` or quote, an unclosed or crossed element) throws.

interface El {
  tag: string
  attrs: Record<string, string>
  children: Array<El | string>
  parent?: El
}

const VOID = new Set(['meta', 'br', 'hr'])
const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }
function decode(s: string): string {
  if (/&(?!amp;|lt;|gt;|quot;|#39;)/.test(s)) throw new Error(`a bare & in ${JSON.stringify(s)}`)
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITY[e]!)
}

function readHtml(source: string): El {
  const root: El = { tag: '#root', attrs: {}, children: [] }
  let current = root
  const token = /<!DOCTYPE html>|<\/([a-z][a-z0-9]*)>|<([a-z][a-z0-9]*)((?: [a-z][a-z-]*="[^"<]*")*)>|([^<]+)/gy
  let m: RegExpExecArray | null
  while (token.lastIndex < source.length && (m = token.exec(source)) !== null) {
    const [, close, open, attrs, text] = m
    if (close !== undefined) {
      if (close !== current.tag) throw new Error(`</${close}> closes <${current.tag}>`)
      current = current.parent!
    } else if (open !== undefined) {
      const el: El = { tag: open, attrs: {}, children: [], parent: current }
      for (const [, name, value] of (attrs ?? '').matchAll(/ ([a-z-]+)="([^"]*)"/g)) el.attrs[name!] = decode(value!)
      current.children.push(el)
      if (!VOID.has(open)) current = el
    } else if (text !== undefined) {
      current.children.push(current.tag === 'style' ? text : decode(text))
    }
  }
  if (token.lastIndex !== source.length) throw new Error(`cannot read the HTML at ${JSON.stringify(source.slice(token.lastIndex, token.lastIndex + 60))}`)
  if (current !== root) throw new Error(`<${current.tag}> is not closed`)
  return root
}

function all(el: El, match: (e: El) => boolean): El[] {
  const out: El[] = []
  const walk = (e: El) => {
    for (const child of e.children) {
      if (typeof child === 'string') continue
      if (match(child)) out.push(child)
      walk(child)
    }
  }
  walk(el)
  return out
}

const is = (tag: string, cls?: string) => (e: El) => e.tag === tag && (cls === undefined || (e.attrs.class ?? '').split(' ').includes(cls))
const textOf = (el: El): string => el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('')
const one = (el: El, match: (e: El) => boolean): El => {
  const found = all(el, match)
  if (found.length !== 1) throw new Error(`expected one element, found ${found.length}`)
  return found[0]!
}
/** `ins[US] > span.proposal[COL]`: the element's ancestors, outermost first, up to the paragraph. */
function trail(el: El): string[] {
  const out: string[] = []
  for (let e = el.parent; e && e.tag !== 'p'; e = e.parent) {
    const sponsor = e.attrs['data-sponsor'] === undefined ? '' : `[${e.attrs['data-sponsor']}]`
    out.unshift(`${e.tag}${e.attrs.class ? `.${e.attrs.class.split(' ')[0]}` : ''}${sponsor}`)
  }
  return out
}
const describeEl = (e: El): string => `${e.tag}${e.attrs['data-sponsor'] === undefined ? '' : `[${e.attrs['data-sponsor']}]`}:${textOf(e)}`

// ---------------------------------------------------------------------------------------------
// Markup

describe('html: the page', async () => {
  const doc = model(input('cicte-res-1-17.md'), CLEAN)
  const page = await html(doc)
  const tree = readHtml(page)

  test('is one well-formed, self-contained document: no scripts, no external resources', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true)
    expect(all(tree, (e) => ['script', 'link', 'img', 'iframe', 'object'].includes(e.tag))).toEqual([])
    expect(page).not.toMatch(/\bsrc=|url\(|@import/)
    expect(all(tree, is('style'))).toHaveLength(1)
    expect(all(tree, (e) => Object.keys(e.attrs).some((a) => a.startsWith('on')))).toEqual([])
  })

  test('has the language, the title and the symbol as description', () => {
    expect(one(tree, is('html')).attrs.lang).toBe('en')
    expect(textOf(one(tree, is('title')))).toBe(`CICTE/RES. 1/17 — ${doc.meta.title}`)
    expect(one(tree, (e) => e.tag === 'meta' && e.attrs.name === 'description').attrs.content).toBe('CICTE/RES. 1/17')
  })

  test('prints the header block in two columns under the organ line, then the title area', () => {
    const f = frame(doc, layoutOf(doc), templates.registry())
    const lines = (cls: string) => all(one(tree, is('div', cls)), is('p')).map(textOf)
    expect(textOf(one(tree, is('p', 's-organ')))).toBe(f.organ)
    expect(lines('header-left')).toEqual(f.left)
    expect(lines('header-right')).toEqual(f.right)
    expect(all(one(tree, is('div', 'title-area')), () => true).map((e) => `${e.tag}.${e.attrs.class}: ${textOf(e)}`)).toEqual([
      'p.s-symbol: CICTE/RES. 1/17',
      'h1.s-title: ESTABLISHMENT OF A WORKING GROUP ON COOPERATION AND CONFIDENCE-BUILDING MEASURES IN CYBERSPACE',
      'p.s-note: (Adopted at the sixth plenary session, held on April 7, 2017)',
    ])
    expect(textOf(one(tree, is('footer', 'job')))).toBe('CICTE00865E01')
  })

  test('gives each paragraph the class of its layout style', () => {
    const text = one(tree, is('div', 'text'))
    expect(text.children.filter((c): c is El => typeof c !== 'string').map((e) => `${e.tag}.${e.attrs.class}`)).toEqual([
      'p.s-opening', 'p.s-preamble', 'p.s-preamble', 'p.s-preamble', 'p.s-keyword',
      'p.s-operative', 'p.s-operative', 'p.s-operative', 'p.s-operative',
    ])
  })

  test('writes the stylesheet from the layout: page, font, paragraph styles, marks', () => {
    const css = textOf(one(tree, is('style')))
    expect(css).toContain('@page { size: 612pt 792pt; margin: 72pt 72pt 72pt 72pt;')
    expect(css).toContain('@top-center { content: "- " counter(page) " -";')
    expect(css).toMatch(/@page :first \{ @top-center \{ content: none \} @bottom-left \{ content: "CICTE00865E01";/)
    expect(css).toMatch(/body \{[^}]*font-family: "Times New Roman", [^}]*font-size: 12pt/)
    expect(css).toContain('.sheet { box-sizing: border-box; display: flex; flex-direction: column; width: 612pt; min-height: 792pt; margin: 0 auto; padding: 72pt 72pt 72pt 72pt;')
    expect(css).toContain('.s-title { text-align: center; font-weight: bold; padding-bottom: 12pt; break-after: avoid; page-break-after: avoid }')
    expect(css).toContain('.s-operative { text-align: justify; text-indent: 36pt; padding-bottom: 12pt }')
    expect(css).toContain('.s-subparagraph { text-align: justify; margin-left: 72pt; text-indent: -36pt; padding-bottom: 12pt }')
    expect(css).toContain('.s-operative > .label { min-width: 36pt }')
    expect(css).toContain('.s-footnote { text-align: justify; font-size: 10pt; padding-bottom: 0pt }')
    expect(css).toContain('.header-block { display: grid; grid-template-columns: 288pt 1fr;')
    expect(css).toContain('.sponsor { font-weight: bold; text-decoration-line: none }')
    expect(css).toContain('ins { text-decoration-line: underline }')
    expect(css).toContain('del { text-decoration-line: line-through }')
    expect(css).toContain('.footnote-mark { vertical-align: super;')
    expect(css).toContain('@media print {')
  })

  test('is the same bytes every time, whatever the clock says', async () => {
    expect(await html(doc, layoutOf(doc), new Date('2030-01-01T00:00:00Z'))).toBe(page)
    expect(await html(model(input('cicte-res-1-17.md'), CLEAN))).toBe(page)
    expect(page).not.toMatch(/2030|1970/)
  })
})

describe('html: shown proposals', async () => {
  const tree = readHtml(await html(model(input('csh-omnibus-cyber-2021.md'))))
  const paragraphs = all(tree, is('p', 's-operative'))

  test('nest as in the draft: proposals in spans, proposed text in <ins>, deletions in <del>', () => {
    const p4 = paragraphs[3]!
    const col = all(p4, (e) => is('span', 'proposal')(e) && e.attrs['data-sponsor'] === 'COL')
    const mex = all(p4, (e) => is('span', 'proposal')(e) && e.attrs['data-sponsor'] === 'MEX')
    expect(col).toHaveLength(1)
    // The proposal spans nest; the outer <ins> is closed around them, so that a browser does not
    // underline the amendment with the text it amends (each text shows its innermost mark, as in
    // the DOCX and the PDF).
    expect(trail(col[0]!)).toEqual(['span.proposal[US]'])
    expect(trail(mex[0]!)).toEqual(['span.proposal[US]'])
    expect(all(p4, is('ins')).filter((e) => all(e, is('span', 'proposal')).length > 0)).toEqual([])
    expect(all(p4, is('ins')).map((e) => e.attrs['data-sponsor'])).toEqual(['US', 'COL', 'US', 'MEX', 'US'])
    expect(col[0]!.attrs['data-context']).toBe('false')
    expect(col[0]!.children.filter((c): c is El => typeof c !== 'string').map(describeEl)).toEqual([
      'span:[COL: ', 'del[COL]:contained', 'ins[COL]:set out', 'span:]',
    ])
    // The space at the edge of the insertion is proposed text all the same, outside the <ins>
    // so as not to be underlined (as in the DOCX and the PDF).
    expect(textOf(col[0]!)).toBe('[COL: contained set out]')
    expect(all(p4, is('del')).map(describeEl)).toEqual(['del[COL]:contained', 'del[MEX]:the GGE'])
    expect(all(p4, is('span', 'sponsor')).map(textOf)).toEqual(['[US: ', '[COL: ', ']', '[MEX: ', ']', ']'])
  })

  test('closes <ins> and <del> around a footnote mark and the spaces at its edges: never underlined or struck, as in the DOCX and the PDF', async () => {
    const page = readHtml(await html(model(draftText('1. To do [US: a thing[^1] well [COL: ~~now[^2]~~ later]].\n\n[^1]: One.\n[^2]: Two.'))))
    const refs = all(page, is('a', 'footnote-ref'))
    expect(refs).toHaveLength(2)
    for (const ref of refs) expect(trail(ref).filter((t) => /^(?:ins|del)\b/.test(t))).toEqual([])
    expect(all(page, is('ins')).map(textOf)).toEqual(['a thing', 'well', 'later'])
    expect(all(page, is('del')).map(textOf)).toEqual(['now'])
  })

  test('a bare bracket carries the sponsors it inherits', () => {
    const p3 = paragraphs[2]!
    const bare = one(p3, is('span', 'bare'))
    expect(bare.attrs['data-sponsor']).toBe('COL')
    expect(trail(bare)).toEqual(['span.proposal[COL]'])
    expect(textOf(p3)).toMatch(/^3\. \[COL: \[To request .* Security\]\.\]$/)
  })

  test('a proposal shown for context says so', async () => {
    const page = readHtml(await html(model(input('csh-omnibus-cyber-2021.md'), delegation('COL'))))
    const proposals = all(page, is('span', 'proposal')).map((e) => `${e.attrs['data-sponsor']}:${e.attrs['data-context']}`)
    expect(proposals).toEqual(['COL:false', 'COL:false', 'US:true', 'COL:false'])
    expect(all(page, is('p', 's-delegation')).map(textOf)).toEqual(['Proposals of the Delegation of Colombia'])
    expect(textOf(one(page, is('title')))).toBe(`${model(input('csh-omnibus-cyber-2021.md')).meta.title} — Proposals of the Delegation of Colombia`)
  })

  test('lists several sponsors separated by spaces', async () => {
    const page = readHtml(await html(model(SMALL)))
    const joint = all(page, (e) => e.attrs['data-sponsor'] === 'CAN US')
    expect(joint.map((e) => e.tag)).toEqual(['span', 'ins'])
    expect(textOf(joint[0]!)).toBe('[CAN/US: jointly]')
  })
})

describe('html: numbering, footnotes, drafter marks', async () => {
  const doc = model(SMALL)
  const layout = layoutOf(doc)
  const tree = readHtml(await html(doc))

  test('labels are text, as the layout numbers them, restarting in each list', () => {
    const labels = all(tree, is('span', 'label')).map(textOf)
    expect(labels).toEqual(['1. ', 'a. ', 'b. ', 'i. ', 'c. ', '2. ', 'a. ', '1. ', '2. '])
    const expected = doc.blocks.flatMap((b) => (b.type === 'numbered' ? [`${numberLabel(layout, b.level, b.number)} `] : []))
    expect(labels).toEqual(expected)
    const numbered = all(tree, (e) => e.tag === 'p' && e.attrs['data-level'] !== undefined)
    expect(numbered.map((p) => `${p.attrs.class}:${p.attrs['data-level']}`)).toEqual([
      's-operative:1', 's-subparagraph:2', 's-subparagraph:2', 's-subsubparagraph:3', 's-subparagraph:2',
      's-operative:1', 's-subparagraph:2', 's-operative:1', 's-operative:1',
    ])
  })

  test('labels follow the language: a) in Spanish', async () => {
    const es = model(SMALL.replace('title: Test of footnotes', 'title: Prueba\nlang: es'))
    const page = readHtml(await html(es))
    expect(one(page, is('html')).attrs.lang).toBe('es')
    expect(all(page, is('span', 'label')).map(textOf).slice(0, 4)).toEqual(['1. ', 'a) ', 'b) ', 'i) '])
    expect(all(page, is('p', 's-draft-label')).map(textOf)).toEqual(['PROYECTO DE RESOLUCIÓN'])
  })

  test('marks footnote references as the layout says, linked both ways', () => {
    const refs = all(tree, is('a', 'footnote-ref'))
    expect(refs.map((a) => `${a.attrs.id} ${a.attrs.href} ${textOf(a)}`)).toEqual([
      'fnref-1 #fn-1 1/', 'fnref-2 #fn-2 2/', 'fnref-1-2 #fn-1 1/',
    ])
    expect(refs.every((a) => a.children.length === 1 && (a.children[0] as El).tag === 'sup')).toBe(true)
    const notes = all(tree, is('div', 'footnote'))
    expect(notes.map((n) => `${n.attrs.id}: ${all(n, is('p')).map(textOf).join(' | ')}`)).toEqual([
      'fn-1: 1. The United States has consistently objected to this paragraph.',
      'fn-2: 2. Second note. | Its second paragraph.',
    ])
    expect(all(tree, is('a', 'footnote-number')).map((a) => a.attrs.href)).toEqual(['#fnref-1', '#fnref-2'])
  })

  test('generated drafts, every view: well-formed markup, no link inside a link, every reference finds its note', async () => {
    await fc.assert(
      fc.asyncProperty(richBody, fc.constantFrom(CLEAN, BRACKETED, delegation('US'), delegation('COL')), async (body, view) => {
        const page = readHtml(await html(model(draftText(body), view)))
        expect(all(page, is('a')).filter((a) => all(a, is('a')).length > 0)).toEqual([])
        const ids = new Set(all(page, (e) => e.attrs.id !== undefined).map((e) => e.attrs.id))
        for (const a of all(page, is('a', 'footnote-ref'))) expect(ids.has(a.attrs.href!.slice(1))).toBe(true)
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40) },
    )
  })

  test('a footnote mark in a link’s text stands between two pieces of the link: links never nest', async () => {
    const page = readHtml(await html(model('---\ntitle: T\n---\n\nSee [the report[^1] of 2021](https://www.oas.org/a) and [the annex [US: as amended[^1]]](https://www.oas.org/b).\n\n[^1]: A note.\n')))
    const links = all(page, is('a'))
    expect(links.filter((a) => all(a, is('a')).length > 1)).toEqual([])
    expect(links.filter((a) => a.attrs.href?.startsWith('https:')).map((a) => `${a.attrs.href} ${textOf(a)}`)).toEqual([
      'https://www.oas.org/a the report',
      'https://www.oas.org/a  of 2021',
      'https://www.oas.org/b the annex [US: as amended1/]',
    ])
    // Between the pieces, the reference links to its note; deeper in (in a proposal in the
    // link's text), it is a mark with its id.
    expect(all(page, is('a', 'footnote-ref')).map((a) => `${a.attrs.id} ${a.attrs.href}`)).toEqual(['fnref-1 #fn-1'])
    expect(all(page, is('span', 'footnote-ref')).map((e) => `${e.attrs.id} ${textOf(e)}`)).toEqual(['fnref-1-2 1/'])
  })

  test('without superscript marks, the mark is a plain span', async () => {
    const plain: Layout = { ...layout, footnotes: { ...layout.footnotes, markSuperscript: false, mark: '({{n}})' } }
    const page = await html(doc, plain)
    expect(page).toContain('<a class="footnote-ref" id="fnref-1" href="#fn-1"><span class="footnote-mark">(1)</span></a>')
    expect(page).toContain('.footnote-mark { vertical-align: baseline; font-size: inherit }')
  })

  test('the marks of proposals are the layout’s', async () => {
    const other: Layout = { ...layout, marks: { sponsor: { italic: true }, insertion: { bold: true }, deletion: { strike: true, underline: true } } }
    const css = await html(doc, other)
    expect(css).toContain('.sponsor { font-style: italic; text-decoration-line: none }')
    expect(css).toContain('ins { font-weight: bold; text-decoration-line: none }')
    expect(css).toContain('del { text-decoration-line: underline line-through }')
  })

  test('drafter marks and links are elements', () => {
    const p = all(tree, is('p', 's-operative'))[1]!
    expect(textOf(one(p, is('em')))).toBe('agreed')
    expect(textOf(one(p, is('strong')))).toBe('bold')
    expect(textOf(one(p, is('code')))).toBe('code')
    expect(one(p, (e) => e.tag === 'a' && e.attrs.href === 'https://www.oas.org').children).toEqual(['the site'])
  })
})

describe('html: other blocks', async () => {
  const tree = readHtml(await html(model(BLOCKS)))

  test('each block is one element in the class of its style', () => {
    const text = one(tree, is('div', 'text'))
    expect(text.children.filter((c): c is El => typeof c !== 'string').map((e) => `${e.tag}.${e.attrs.class ?? ''}: ${textOf(e)}`)).toEqual([
      'h2.s-heading: An annex heading',
      'p.s-opening: Then a body paragraph.',
      'p.s-operative: 1. An item.',
      'p.s-continuation l1: Its further paragraph.',
      'p.s-bullet l1: • A bullet.',
      'p.s-bullet l2: ◦ A deeper bullet.',
      'blockquote.s-quote: A quotation.',
      'pre.s-code: \ncode <block>\n  indented & kept',
      'hr.rule: ',
      'p.s-body: The end.',
    ])
  })
})

describe('html: every value is escaped', async () => {
  const doc = model(HOSTILE)
  const page = await html(doc)
  const tree = readHtml(page)

  test('the page reads back as the renderer’s own elements only', () => {
    const tags = new Set(all(tree, () => true).map((e) => e.tag))
    const allowed = ['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'footer', 'div', 'section', 'p', 'h1', 'span', 'a', 'sup', 'ins', 'del', 'strong', 'em', 'code', 'hr']
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([])
    const attributes = new Set(all(tree, () => true).flatMap((e) => Object.keys(e.attrs)))
    expect([...attributes].filter((a) => !['lang', 'charset', 'name', 'content', 'class', 'id', 'href', 'role', 'data-sponsor', 'data-context', 'data-level'].includes(a))).toEqual([])
  })

  test('text, title, description and header lines keep their characters', () => {
    expect(textOf(one(tree, is('title')))).toBe(`${doc.meta.symbol} — ${doc.meta.title}`)
    expect(one(tree, (e) => e.attrs.name === 'description').attrs.content).toBe('CP/RES. 1 (2000/21) "><img src=x onerror=alert(2)>')
    expect(textOf(one(tree, is('p', 's-organ')))).toBe('</style><script>alert(3)</script>')
    expect(all(one(tree, is('div', 'header-left')), is('p')).map(textOf)).toEqual(["A & B <b>bold</b> 'single'"])
    expect(textOf(one(tree, is('h1')))).toBe(`<SCRIPT>ALERT('TITLE')</SCRIPT> & "QUOTED" "><IMG SRC=X ONERROR=ALERT(1)>`)
    expect(textOf(one(tree, is('p', 's-note')))).toBe(`(it's "noted" <i>)`)
    expect(textOf(one(tree, is('p', 's-opening')))).toBe(`THE COUNCIL <script>alert(5)</script> & "quotes" 'single' "><img src=x onerror=alert(6)>,`)
    expect(all(tree, is('del')).map(textOf)).toEqual(['"><img src=x onerror=alert(9)>'])
    expect(all(tree, is('ins')).map(textOf)).toEqual(['<ins onclick="x">', '&'])
    expect(textOf(one(tree, is('p', 's-footnote')))).toBe('1. Note <script>alert(10)</script> & "quotes".')
    expect(textOf(one(tree, is('footer')))).toBe('J"}</style><script>alert(4)</script>')
  })

  test('only http, https and mailto links are links; the others are their text', () => {
    const links = all(tree, (e) => e.tag === 'a' && !(e.attrs.class ?? '').startsWith('footnote'))
    expect(links.map((a) => `${textOf(a)} ${a.attrs.href}`)).toEqual([`b https://www.oas.org/?a=1&b="2"&c='3'`, 'c mailto:info@oas.org'])
    expect(textOf(all(tree, is('p', 's-operative'))[0]!)).toMatch(/^1\. See a and b and c and d and e and <code> and <b>1\/\.$/)
  })

  test('the stylesheet cannot be closed from a value', () => {
    const css = textOf(one(tree, is('style')))
    expect(css).not.toContain('<')
    expect(css).toContain('content: "J\\22 \\7d \\3c /style\\3e \\3c script\\3e alert(4)\\3c /script\\3e "')
  })

  test('values the parser never produces are escaped too: sponsors, link targets, labels', async () => {
    const evil = '"><script>x</script>'
    const forged: DocumentModel = {
      ...doc,
      blocks: [
        {
          type: 'paragraph',
          role: 'body',
          content: [
            { type: 'proposal', sponsors: [evil], tag: evil, authors: [evil], context: false, children: [{ type: 'insertion', children: [{ type: 'text', value: evil, marks: ['bold', 'code'] }] }] },
            { type: 'link', url: `https://x.org/${evil}`, children: [{ type: 'text', value: 'x', marks: [] }] },
            { type: 'link', url: ` javascript:alert(1)`, children: [{ type: 'text', value: 'y', marks: [] }] },
            { type: 'link', url: `https:not a url`, children: [{ type: 'text', value: 'z', marks: [] }] },
          ],
        },
      ],
      footnotes: [],
    }
    const layout = layoutOf(doc)
    const forgedLayout: Layout = { ...layout, footnotes: { ...layout.footnotes, mark: evil } }
    const out = readHtml(await html(forged, forgedLayout))
    const p = one(out, is('p', 's-body'))
    expect(textOf(p)).toBe(`[${evil}: ${evil}]xyz`)
    expect(one(p, is('span', 'proposal')).attrs['data-sponsor']).toBe(evil)
    expect(one(p, is('ins')).attrs['data-sponsor']).toBe(evil)
    expect(all(p, is('a')).map((a) => a.attrs.href)).toEqual([`https://x.org/${evil}`])
  })
})

// ---------------------------------------------------------------------------------------------
// In the browser

const SEEDS = [
  ['cicte-res-1-17.md', 'cicte-res-1-17.txt'],
  ['csh-omnibus-cyber-2021.md', 'csh-omnibus-cyber-2021.txt'],
] as const

const VIEWS: Array<[string, View]> = [
  ['clean', CLEAN],
  ['bracketed', BRACKETED],
  ['delegation US', delegation('US')],
  ['delegation COL', delegation('COL')],
  ['delegation MEX', delegation('MEX')],
]

/** The header block's words as the page reads them: organ, left column, right column. */
function headerWords(doc: DocumentModel): { page: string[]; txtCount: number; job: string[] } {
  const f = frame(doc, layoutOf(doc), templates.registry())
  const page = words([f.organ, ...f.left, ...f.right].join(' '))
  return { page, txtCount: page.length, job: words(f.firstPageFooter) }
}

/** The words the txt format prints after its header block, without its footnote rule. */
const txtBody = (doc: DocumentModel, skip: number): string[] => words(txt(doc)).slice(skip).filter((w) => !/^_+$/.test(w))

const HAS_CHROMIUM = existsSync(CHROMIUM)
const BROWSER_SUITE = HAS_CHROMIUM
  ? `html in headless Chromium (${CHROMIUM})`
  : `html in headless Chromium: SKIPPED, ${CHROMIUM} is not installed (apt-get install chromium)`

describe.skipIf(!HAS_CHROMIUM)(BROWSER_SUITE, () => {
  let browser: Browser
  let tab: Page

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    tab = await browser.newPage()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
  })

  /** Loads a page; fails on anything the page would fetch or run. */
  async function load(source: string): Promise<void> {
    const requests: string[] = []
    const listener = (request: { url(): string }) => requests.push(request.url())
    tab.on('request', listener)
    await tab.setContent(source, { waitUntil: 'load' })
    tab.off('request', listener)
    expect(requests).toEqual([])
  }

  const innerText = async (): Promise<string> => (await tab.evaluate('document.body.innerText')) as string

  test.each(SEEDS)('%s, bracketed: the visible text is the seed, word for word, after the header block', async (draftName, seedName) => {
    const doc = model(input(draftName))
    const { page, job } = headerWords(doc)
    await load(await html(doc))
    expect(words(await innerText())).toEqual([...page, ...words(seed(seedName)), ...job])
  })

  test.each(SEEDS.flatMap(([draftName]) => VIEWS.map(([name, view]) => [draftName, name, view] as const)))(
    '%s, %s: the visible text is the txt format’s',
    async (draftName, _name, view) => {
      const doc = model(input(draftName), view)
      const { page, txtCount, job } = headerWords(doc)
      await load(await html(doc))
      expect(words(await innerText())).toEqual([...page, ...txtBody(doc, txtCount), ...job])
    },
  )

  test('generated drafts, every view: the visible text is the txt format’s', async () => {
    await fc.assert(
      fc.asyncProperty(richBody, fc.constantFrom(CLEAN, BRACKETED, delegation('US'), delegation('COL')), async (body, view) => {
        const doc = model(draftText(body), view)
        const { page, txtCount, job } = headerWords(doc)
        await load(await html(doc))
        expect(words(await innerText())).toEqual([...page, ...txtBody(doc, txtCount), ...job])
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40) },
    )
  })

  test('footnotes, sub-paragraphs and marks read as the txt format prints them', async () => {
    const doc = model(SMALL)
    const { page, txtCount } = headerWords(doc)
    await load(await html(doc))
    expect(words(await innerText())).toEqual([...page, ...txtBody(doc, txtCount)])
  })

  test('other blocks read as the txt format prints them, but for bullets and rules', async () => {
    const doc = model(BLOCKS)
    await load(await html(doc))
    const glyphs = /^(?:[-•◦▪]|\*)$/
    expect(words(await innerText()).filter((w) => !glyphs.test(w))).toEqual(txtBody(doc, 0).filter((w) => !glyphs.test(w)))
    expect(await tab.evaluate(`document.querySelector('pre').innerText`)).toBe('code <block>\n  indented & kept')
  })

  test('the marks have the layout’s computed styles', async () => {
    await load(await html(model(SMALL)))
    const styles = (await tab.evaluate(`(() => {
      const of = (selector, property) => [...document.querySelectorAll(selector)].map((e) => getComputedStyle(e)[property])
      return {
        del: of('del', 'textDecorationLine'),
        ins: of('ins', 'textDecorationLine'),
        sponsor: of('.sponsor', 'fontWeight'),
        mark: of('.footnote-mark', 'verticalAlign'),
        markSize: of('.footnote-mark', 'fontSize'),
        bodySize: getComputedStyle(document.querySelector('.s-operative')).fontSize,
        title: [getComputedStyle(document.querySelector('h1')).fontWeight, getComputedStyle(document.querySelector('h1')).textAlign],
        footnote: getComputedStyle(document.querySelector('.s-footnote')).fontSize,
        strike: of('s', 'textDecorationLine'),
      }
    })()`)) as Record<string, string[]>
    expect(styles.del!.length).toBeGreaterThan(0)
    expect(styles.del!.every((v) => v.includes('line-through'))).toBe(true)
    expect(styles.ins!.length).toBeGreaterThan(0)
    expect(styles.ins!.every((v) => v.includes('underline'))).toBe(true)
    expect(styles.sponsor!.length).toBeGreaterThan(0)
    expect(styles.sponsor!.every((v) => Number(v) >= 700)).toBe(true)
    expect(styles.mark).toEqual(['super', 'super', 'super'])
    expect(styles.markSize!.every((v) => parseFloat(v) < parseFloat(styles.bodySize as unknown as string))).toBe(true)
    expect(styles.title).toEqual(['700', 'center'])
    expect(styles.footnote).toBe('13.3333px') // 10 pt
  })

  test('labels and text sit where the layout puts them; the header’s right column at rightAt', async () => {
    await load(await html(model(SMALL)))
    // CSS pixels: 1 pt = 4/3 px. Offsets from the left edge of the text column.
    const boxes = (await tab.evaluate(`(() => {
      const left = document.querySelector('.text').getBoundingClientRect().left
      const at = (e) => { const r = e.getBoundingClientRect(); return [Math.round(r.left - left), Math.round(r.right - left)] }
      return {
        operative: at(document.querySelector('.s-operative > .label')),
        sub: at(document.querySelector('.s-subparagraph > .label')),
        subsub: at(document.querySelector('.s-subsubparagraph > .label')),
        right: Math.round(document.querySelector('.header-right').getBoundingClientRect().left - left),
        sheet: Math.round(document.querySelector('.sheet').getBoundingClientRect().width),
      }
    })()`)) as Record<string, number[] | number>
    expect(boxes.operative).toEqual([48, 96]) // label at 36 pt, text at 72 pt
    expect(boxes.sub).toEqual([48, 96]) // label hangs from 72 pt to 36 pt
    expect(boxes.subsub).toEqual([96, 144])
    expect(boxes.right).toBe(384) // 288 pt
    expect(boxes.sheet).toBe(816) // 612 pt
  })

  test('a hostile draft runs nothing and shows its characters', async () => {
    const doc = model(HOSTILE)
    await load(await html(doc))
    const found = (await tab.evaluate(`({
      elements: document.querySelectorAll('script, img, iframe, object, [onclick], [onerror]').length,
      title: document.title,
      description: document.querySelector('meta[name=description]').content,
      links: [...document.querySelectorAll('a[href]')].map((a) => a.protocol),
    })`)) as { elements: number; title: string; description: string; links: string[] }
    expect(found.elements).toBe(0)
    expect(found.title).toBe(`${doc.meta.symbol} — ${doc.meta.title}`)
    expect(found.description).toBe(doc.meta.symbol)
    expect(new Set(found.links)).toEqual(new Set(['https:', 'mailto:', 'about:']))
    const text = await innerText()
    for (const s of ['</style><script>alert(3)</script>', `<script>alert(5)</script> & "quotes" 'single' "><img src=x onerror=alert(6)>`, '<ins onclick="x">', 'J"}</style><script>alert(4)</script>']) {
      expect(text).toContain(s)
    }
  })

  test('prints on US Letter pages, numbered from page 2', async () => {
    await load(await html(model(input('cicte-res-1-17.md'), CLEAN)))
    const pdf = await tab.pdf({ preferCSSPageSize: true })
    const { getDocumentProxy, extractText } = await import('unpdf')
    const proxy = await getDocumentProxy(new Uint8Array(pdf))
    const first = await proxy.getPage(1)
    expect(first.getViewport({ scale: 1 }).width).toBeCloseTo(612, 0)
    expect(first.getViewport({ scale: 1 }).height).toBeCloseTo(792, 0)
    const { text } = await extractText(proxy, { mergePages: false })
    expect(proxy.numPages).toBeGreaterThanOrEqual(2)
    expect(text[0]).toContain('CICTE00865E01')
    expect(text[0]).not.toContain('- 1 -')
    expect(text[1]).toContain('- 2 -')
    expect(text[1]).not.toContain('CICTE00865E01')
  })
})
