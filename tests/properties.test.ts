// Property-based tests (fast-check) over generated drafts: the parser and the views.
import fc from 'fast-check'
import type { Nodes } from 'mdast'
import { describe, expect, test } from 'vitest'
import { annotations } from '../src/draft/parse.js'
import type { Block, Inline } from '../src/model/types.js'
import { body, SPONSORS, wildBody } from './arbitraries.js'
import { BRACKETED, CLEAN, delegation, draftText, md, parse, resolve } from './helpers.js'

const VIEWS = [CLEAN, BRACKETED, delegation('US'), delegation('COL')]

function* inlinesOf(blocks: Block[]): Generator<Inline> {
  const walk = function* (list: Inline[]): Generator<Inline> {
    for (const inline of list) {
      yield inline
      if ('children' in inline) yield* walk(inline.children)
    }
  }
  for (const block of blocks) if ('content' in block) yield* walk(block.content)
}

/** The non-agreed annotations as a nested shape (agreed ones are applied, so they vanish). */
function shape(node: Nodes): unknown[] {
  if (!('children' in node)) return []
  return node.children.flatMap((child) => {
    if (child.type === 'annotation' && child.state === 'pending') return [{ tag: child.tag, inner: shape(child) }]
    return shape(child)
  })
}

const runs = { numRuns: Number(process.env.FC_RUNS ?? 150) }

describe('parser properties', () => {
  test('parsing never throws, whatever the input', () => {
    const char = fc.constantFrom('[', ']', '~', '*', '_', '`', '\\', '\n', ' ', 'a', 'U', 'S', ':', '^', '(', ')', '#', '-', '1', '.', '&', '>', '|', '!', '<')
    fc.assert(
      fc.property(fc.array(char, { maxLength: 80 }), (chars) => {
        const draft = parse(draftText(chars.join('')))
        for (const message of draft.file.messages) {
          expect(message.line).toBeGreaterThan(0)
          expect(message.column).toBeGreaterThan(0)
        }
        if (!draft.failed) for (const view of VIEWS) resolve(draft, view)
      }),
      { numRuns: 400 },
    )
  })

  test('generated drafts parse without errors', () => {
    fc.assert(
      fc.property(body, (text) => {
        const draft = parse(draftText(text), { strict: true })
        expect(draft.file.messages.map(String)).toEqual([])
      }),
      runs,
    )
  })

  test('the bracketed md re-parses to the same annotations', () => {
    fc.assert(
      fc.property(body, (text) => {
        const draft = parse(draftText(text))
        const again = parse(md(resolve(draft, BRACKETED).doc))
        expect(shape(again.tree)).toEqual(shape(draft.tree))
      }),
      runs,
    )
  })
})

describe('view properties', () => {
  test('the clean view contains no annotation', () => {
    fc.assert(
      fc.property(body, (text) => {
        const { doc } = resolve(parse(draftText(text)), CLEAN)
        expect([...inlinesOf(doc.blocks)].filter((i) => i.type === 'proposal' || i.type === 'insertion' || i.type === 'deletion')).toEqual([])
        expect([...annotations(parse(md(doc)).tree)]).toEqual([])
      }),
      runs,
    )
  })

  test('every view is idempotent through md', () => {
    fc.assert(
      fc.property(body, fc.constantFrom(...VIEWS), (text, view) => {
        const once = md(resolve(parse(draftText(text)), view).doc)
        const again = parse(once)
        expect(again.failed).toBe(false)
        expect(md(resolve(again, view).doc)).toBe(once)
      }),
      runs,
    )
  })

  test('every view is a fixed point through md, on drafts with every construct anywhere (issue 11)', () => {
    // Long run: FC_RUNS=100000 npx vitest run tests/properties.test.ts -t 'fixed point'
    fc.assert(
      fc.property(wildBody, fc.constantFrom(...VIEWS), (text, view) => {
        const draft = parse(draftText(text))
        for (const message of draft.file.messages) expect(message.line).toBeGreaterThan(0)
        // Drafts with errors (an unbalanced `*` across a bracket, a `~~` that cannot close) are refused: not this property's.
        fc.pre(!draft.failed)
        const once = md(resolve(draft, view).doc)
        const again = parse(once)
        expect(again.file.messages.filter((m) => m.fatal).map(String)).toEqual([])
        expect(md(resolve(again, view).doc)).toBe(once)
      }),
      runs,
    )
  })

  test('a delegation view shows only proposals of its sponsor, or ones enclosing them', () => {
    /** True when some proposal inside `list` (at any depth) is the sponsor's own. */
    const enclosesOwn = (list: Inline[], sponsor: string): boolean =>
      list.some((inline) => (inline.type === 'proposal' && inline.authors.includes(sponsor)) || ('children' in inline && enclosesOwn(inline.children, sponsor)))
    fc.assert(
      fc.property(body, fc.constantFrom(...SPONSORS), (text, sponsor) => {
        const { doc } = resolve(parse(draftText(text)), delegation(sponsor))
        for (const inline of inlinesOf(doc.blocks)) {
          if (inline.type !== 'proposal') continue
          const own = inline.authors.includes(sponsor)
          expect(own || enclosesOwn(inline.children, sponsor)).toBe(true)
          expect(inline.context).toBe(!own)
        }
      }),
      runs,
    )
  })

  test('numbers run 1, 2, 3 … at every level after resolution', () => {
    fc.assert(
      fc.property(body, fc.constantFrom(...VIEWS), (text, view) => {
        const { doc } = resolve(parse(draftText(text)), view)
        const expected = new Map<string, number>()
        let last = 0
        for (const block of doc.blocks) {
          if (block.type !== 'numbered') continue
          if (block.level <= last) for (const key of [...expected.keys()]) if (Number(key.split(':')[1]) > block.level) expected.delete(key)
          const key = `${block.listIndex}:${block.level}`
          const next = (block.level > last ? 0 : (expected.get(key) ?? 0)) + 1
          expect(block.number).toBe(next)
          expected.set(key, next)
          last = block.level
        }
      }),
      runs,
    )
  })
})
