// Deep nesting (issue 11): every stage handles MAX_DEPTH levels, with room to spare, and a
// draft that nests deeper stops with a positioned `nesting-too-deep` error, the same in every
// thread and whatever the size of the batch.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Nodes } from 'mdast'
import { describe, expect, test } from 'vitest'
import { annotationToMarkdown } from '../src/draft/annotation/to-markdown.js'
import { MAX_DEPTH } from '../src/draft/depth.js'
import { draftBlocks } from '../src/import/blocks.js'
import { plainText, resolveView } from '../src/view/resolve.js'
import { BRACKETED, CLEAN, ROOT, cli, delegation, draftText, folderWith, md, messages, parse, parseOk, resolve } from './helpers.js'

/** `n` levels of `wrap` around `x`, outermost last made. */
const nest = (n: number, wrap: (inner: string, level: number) => string) => {
  let text = 'x'
  for (let i = 0; i < n; i++) text = wrap(text, i)
  return text
}

/** Bodies whose deepest text is `n` levels deep, one for each way of nesting. */
const SHAPES: Record<string, (n: number) => string> = {
  'proposals of one sponsor': (n) => nest(n, (x) => `[US: a ${x}]`),
  // The innermost proposal has no deletion: a deletion is a level inside its proposal.
  'proposals of two sponsors, with deletions': (n) => nest(n, (x, i) => (i % 2 ? `[COL: ~~b~~ ${x}]` : `[US: a ${x}]`)),
  'bare brackets': (n) => nest(n, (x) => `[a ${x}]`),
  'emphasis and strong emphasis': (n) => nest(n, (x, i) => (i % 2 ? `*a ${x} b*` : `**a ${x} b**`)),
  'proposals inside emphasis': (n) => nest(n, (x, i) => (i % 2 ? `*a ${x} b*` : `[MEX: a ${x}]`)),
  'a proposal in an operative paragraph': (n) => `RESOLVES:\n\n1. ${nest(n - 1, (x) => `[US: a ${x}]`)}`,
  quotations: (n) => `${'> '.repeat(n - 1)}x [US: y]`,
  'sub-paragraphs': (n) => Array.from({ length: n - 1 }, (_, i) => `${'   '.repeat(i)}1. a [US: b]`).join('\n'),
  'a footnote': (n) => `Text[^1].\n\n[^1]: ${nest(n - 1, (x) => `[US: a ${x}]`)}`,
  'a link': (n) => `[${nest(n - 1, (x) => `[US: a ${x}]`)}](https://www.oas.org)`,
}

describe('the depth limit', () => {
  test.each(Object.entries(SHAPES))('%s: exactly the limit parses without a nesting message', (_, shape) => {
    const draft = parse(draftText(shape(MAX_DEPTH)))
    expect(messages(draft).filter((m) => m.endsWith('nesting-too-deep'))).toEqual([])
  })

  test.each(Object.entries(SHAPES))('%s: one level more, and 10,000 levels, are a positioned error naming the limit', (_, shape) => {
    // Nested lists need an indentation that grows with the depth: 10,000 levels would be 150 MB.
    for (const n of [MAX_DEPTH + 1, shape === SHAPES['sub-paragraphs'] ? 2 * MAX_DEPTH : 10_000]) {
      const draft = parse(draftText(shape(n)))
      expect(draft.failed).toBe(true)
      const [message, ...others] = draft.file.messages
      expect(others).toEqual([])
      expect(message?.ruleId).toBe('nesting-too-deep')
      expect(message?.reason).toContain(`more than ${MAX_DEPTH} levels deep`)
      expect(message?.line).toBeGreaterThanOrEqual(5)
      expect(message?.column).toBeGreaterThan(0)
    }
  })

  test('the error is at the level past the limit, wherever the draft goes on', () => {
    const at = (n: number) => messages(parse(draftText(SHAPES['proposals of one sponsor']!(n))))
    // `[US: a ` is 7 characters: the 101st bracket starts at column 701.
    expect(at(MAX_DEPTH + 1)).toEqual(['5:701 error nesting-too-deep'])
    expect(at(MAX_DEPTH + 300)).toEqual(['5:701 error nesting-too-deep'])
    expect(at(10_000)).toEqual(['5:701 error nesting-too-deep'])
  })

  test('lists and maps in the front matter have the same limit', () => {
    const deep = (n: number) => `title: T\nmeeting: ${'['.repeat(n)}a${']'.repeat(n)}`
    expect(messages(parse(draftText('Text.', deep(MAX_DEPTH - 1)))).filter((m) => m.endsWith('nesting-too-deep'))).toEqual([])
    for (const n of [MAX_DEPTH + 1, 10_000]) expect(messages(parse(draftText('Text.', deep(n))))).toEqual(['3:109 error nesting-too-deep'])
    const block = Array.from({ length: MAX_DEPTH + 1 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')
    // Line 3 holds the first level: the 101st is on line 103.
    expect(messages(parse(draftText('Text.', `title: T\n${block}`)))).toEqual([`${MAX_DEPTH + 3}:${MAX_DEPTH + 1} error nesting-too-deep`])
  })
})

/**
 * Every view and format of each shape at the limit, in a process whose stack is a fifth of
 * Node's default (984 KB): every stage has five times the room it needs in a main thread,
 * the smallest stack oasgen runs on.
 */
describe('every stage at the limit', () => {
  test('parse, every view, every format (and track changes) with a fifth of the stack', () => {
    const dir = folderWith(Object.fromEntries(Object.values(SHAPES).map((shape, i) => [`d${i}.md`, draftText(shape(MAX_DEPTH))])))
    const script = join(dir, 'all-stages.mjs')
    writeFileSync(
      script,
      `import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
const { parseDraft, resolveView, renderer, Templates, FORMATS } = await import(${JSON.stringify(join(ROOT, 'dist', 'index.js'))})
const templates = new Templates()
const views = [{ kind: 'clean' }, { kind: 'bracketed' }, { kind: 'delegation', sponsor: 'US' }, { kind: 'delegation', sponsor: 'COL' }]
let count = 0
for (const name of readdirSync(${JSON.stringify(dir)}).filter((f) => f.endsWith('.md'))) {
  const draft = parseDraft(readFileSync(join(${JSON.stringify(dir)}, name), 'utf8'), { templates, path: name })
  if (draft.failed) throw new Error(name + ': ' + draft.file.messages.join('; '))
  for (const view of views) {
    const { doc } = resolveView({ meta: draft.meta, tree: draft.tree }, view)
    for (const format of FORMATS) {
      for (const trackChanges of format === 'docx' ? [false, true] : [false]) {
        const layout = templates.layout(doc.meta.template, doc.meta.lang)
        await (await renderer(format))({ doc, layout, registry: templates.registry(), options: { trackChanges, time: new Date(0), warn: () => {} } })
        count++
      }
    }
  }
}
console.log(count)
`,
    )
    const result = spawnSync(process.execPath, ['--stack-size=196', script], { encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(Number(result.stdout.trim())).toBe(Object.keys(SHAPES).length * 4 * 6)
  })
})

describe('the same in every thread', () => {
  test('a batch that hands drafts to worker threads reports what one draft alone reports', async () => {
    const deep = draftText(SHAPES['proposals inside emphasis']!(1_000))
    const dir = folderWith(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`d${i}.md`, deep])))
    const alone = await cli(['build', 'd0.md', '--format', 'txt', '--out', 'alone', '--reporter', 'json'], dir)
    const pooled = await cli(['build', '.', '--format', 'txt', '--out', 'pooled', '--jobs', '3', '--reporter', 'json'], dir)
    expect(alone.code).toBe(1)
    expect(pooled.code).toBe(1)
    const messagesOf = (stdout: string) =>
      (JSON.parse(stdout) as { drafts: Array<{ messages: unknown[] }> }).drafts.map((d) => JSON.stringify(d.messages))
    const [one] = messagesOf(alone.stdout)
    expect(one).toContain('nesting-too-deep')
    expect(new Set(messagesOf(pooled.stdout))).toEqual(new Set([one]))
  })
})

/**
 * Work, counted rather than timed: what a stage does for nested proposals grows with their
 * number, not with the square of the depth nor twice at every level (20 nested proposals
 * took 48 s to write as md).
 */
describe('work grows with the draft', () => {
  test('the md writer writes each nested proposal once', () => {
    const handlers = annotationToMarkdown.handlers as unknown as Record<string, ((...args: unknown[]) => string) & { peek?: unknown }>
    const original = handlers.annotation!
    let calls = 0
    handlers.annotation = Object.assign((...args: unknown[]) => (calls++, original(...args)), { peek: original.peek })
    try {
      const depth = 16
      const doc = resolve(parseOk(nest(depth, (x) => `[US: a ${x}]`)), BRACKETED).doc
      const text = md(doc)
      expect(calls).toBe(depth)
      expect(text).toContain(`${'[US: a '.repeat(depth)}x${']'.repeat(depth)}`)
    } finally {
      handlers.annotation = original
    }
  })

  test('a delegation view reads each node of the draft a bounded number of times', () => {
    // Proposals of COL around one of US: whether each COL proposal encloses a shown one was
    // asked again at every level.
    const depth = MAX_DEPTH - 1
    const draft = parseOk(`Text ${nest(depth, (x, i) => (i === 0 ? `[US: a ${x}]` : `[COL: a ${x}]`))}`)
    let nodes = 0
    let reads = 0
    const proxies = new WeakMap<object, Nodes>()
    const counted = (node: Nodes): Nodes => {
      let proxy = proxies.get(node)
      if (!proxy) {
        nodes++
        proxy = new Proxy(node, {
          get(target, key, receiver) {
            const value = Reflect.get(target, key, receiver) as unknown
            if (key !== 'children') return value
            reads++
            return (value as Nodes[]).map(counted)
          },
        })
        proxies.set(node, proxy)
      }
      return proxy
    }
    const tree = counted(draft.tree) as typeof draft.tree
    for (const view of [CLEAN, BRACKETED, delegation('US')]) {
      reads = 0
      const { doc } = resolveView({ meta: draft.meta!, tree }, view)
      expect(doc.blocks).toHaveLength(1)
      expect(reads).toBeLessThanOrEqual(4 * nodes)
      // The import's side: the characters the view prints of each block, decided the same way.
      reads = 0
      const [block] = draftBlocks(tree, { view, brackets: false })
      const words = (text: string) => text.replace(/\s+/g, ' ').trim()
      expect(words(block!.atoms.map((a) => a.key).join(''))).toBe(words(plainText(doc.blocks[0]!.type === 'paragraph' ? doc.blocks[0]!.content : [])))
      expect(reads).toBeLessThanOrEqual(4 * nodes)
    }
  })
})
