// The DOCX renderer writes the body and the notes as text (src/render/docx/write.ts) into parts
// docx compiles once per layout (template.ts). Every part of what it writes is byte for byte what
// docx writes from its own objects (oracle.ts, how oasgen wrote DOCX before): the seeds, bench
// drafts and generated drafts, every view, with and without track changes, in every layout.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { generateDraft } from '../bench/corpus.js'
import { pendingSponsors } from '../src/build.js'
import type { Block, DocumentModel, Inline } from '../src/model/types.js'
import { render } from '../src/render/docx/index.js'
import { renderWithDocx } from '../src/render/docx/oracle.js'
import type { View } from '../src/view/views.js'
import { richBody, tableBody, wildBody } from './arbitraries.js'
import { draftText, parse, resolve, ROOT, templates } from './helpers.js'

const INPUTS = join(ROOT, 'inputs')
const LAYOUTS = ['resolution', 'committee', 'declaration', 'working-paper']

/** Every view of a draft: clean, bracketed and one per sponsor with a pending proposal. */
function viewsOf(text: string): View[] {
  const draft = parse(text)
  if (draft.failed) throw new Error(`draft has errors:\n${draft.file.messages.map(String).join('\n')}`)
  return [{ kind: 'clean' }, { kind: 'bracketed' }, ...pendingSponsors(draft.tree).map((sponsor): View => ({ kind: 'delegation', sponsor }))]
}

/** The package's entries: XML as text, so that a difference reads as one. */
function entries(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, /\.(xml|rels)$/.test(name) ? strFromU8(data) : Buffer.from(data).toString('hex')]))
}

/** Renders `doc` both ways, with and without track changes, and compares every part, then the bytes. */
async function expectSame(doc: DocumentModel, customXml?: string): Promise<void> {
  const layout = templates.layout(doc.meta.template, doc.meta.lang)
  for (const trackChanges of [false, true]) {
    const input = { doc, layout, registry: templates.registry(), options: { trackChanges, time: new Date(Date.UTC(2021, 5, 1, 12)), warn: () => {}, ...(customXml !== undefined ? { customXml } : {}) } }
    const [text, reference] = [await render(input), await renderWithDocx(input)]
    expect(entries(text)).toEqual(entries(reference))
    expect(Buffer.from(text).equals(Buffer.from(reference))).toBe(true)
  }
}

async function expectSameViews(text: string): Promise<void> {
  const draft = parse(text)
  for (const view of viewsOf(text)) await expectSame(resolve(draft, view).doc)
}

/** A draft text with valid front matter in `layout`, or undefined when the body is not a valid draft. */
function valid(body: string, layout = 'resolution'): string | undefined {
  const text = draftText(body, `title: Test\ntemplate: ${layout}`)
  return parse(text).failed ? undefined : text
}

describe('the DOCX written as text is byte for byte the DOCX docx writes', () => {
  test('the seeds, every view', async () => {
    const seeds = readdirSync(INPUTS).filter((f) => f.endsWith('.md'))
    expect(seeds.length).toBeGreaterThan(1)
    for (const name of seeds) await expectSameViews(readFileSync(join(INPUTS, name), 'utf8'))
  }, 300_000)

  test('bench drafts of 9 sponsors, every view', async () => {
    for (const i of [1, 2]) await expectSameViews(generateDraft('oasgen-bench-1', i).text)
  }, 300_000)

  test('generated drafts with links, notes, nested proposals and tables, every view, every layout', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(richBody, tableBody), fc.constantFrom(...LAYOUTS), async (body, layout) => {
        const text = valid(body, layout)
        if (text !== undefined) await expectSameViews(text)
      }),
      { numRuns: 25 },
    )
  }, 300_000)

  test('generated drafts of every block: headings, quotations, lists in lists, code, rules, tables, links', async () => {
    let drafts = 0
    await fc.assert(
      fc.asyncProperty(wildBody, async (body) => {
        const text = valid(body)
        if (text === undefined) return
        drafts++
        const draft = parse(text)
        for (const view of [{ kind: 'clean' }, { kind: 'bracketed' }] as View[]) await expectSame(resolve(draft, view).doc)
      }),
      { numRuns: 60 },
    )
    expect(drafts).toBeGreaterThan(10)
  }, 300_000)

  test('what only the API or other stages hand a renderer: characters XML forbids, annex headings, odd links, a custom XML part', async () => {
    const text = draftText(
      '1. To note [US: the "R&D" [x](https://www.oas.org/a?b=1&c=2#frag)] and [MEX: ~~old~~ new][^1].\n\n[^1]: A note on [it](https://www.oas.org/n#) and [y](mailto:a@b.org).',
      `title: 'R&D, 1 < 2, the "States'' reports'\nsymbol: "CP/RES. 1 (2021)"`,
    )
    const { doc } = resolve(parse(text), { kind: 'bracketed' })
    // Text no draft can hold (the parser replaces it): control characters and lone surrogates, as the API may pass them.
    const odd = (inlines: Inline[]): Inline[] => [...inlines, { type: 'text', value: ' \u0001a\u000B\uD800b\uDFFF<&>"\'\u0085', marks: [] }]
    const blocks: Block[] = doc.blocks.map((block) => ('content' in block ? { ...block, content: odd(block.content) } : block))
    const annex: Block = { type: 'heading', depth: 1, content: [{ type: 'text', value: 'Annex', marks: ['bold'] }], pageBreakBefore: true }
    const meta = { ...doc.meta, title: `${doc.meta.title} \u0002`, organ: undefined }
    await expectSame({ ...doc, meta, blocks: [...blocks, annex, { type: 'rule' }, { type: 'heading', depth: 12, content: [] }] }, '<draft xmlns="urn:oasgen:draft">text</draft>')
  }, 300_000)
})
