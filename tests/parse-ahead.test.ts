// Drafts parsed ahead on a second thread (src/batch/parse-ahead.ts, issue 16): a parsed draft
// that crosses between threads as data is the same parsed draft on arrival, and a batch that
// parses on the second thread writes the same bytes and says the same things as one that does not.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { AHEAD, AHEAD_MAX_CHARS, parseAhead } from '../src/batch/parse-ahead.js'
import { runBatch, type BatchOptions } from '../src/batch/run.js'
import { findDrafts, messagesOf, type DraftReport } from '../src/build.js'
import { META_KEYS } from '../src/draft/frontmatter.js'
import { fromData, toData } from '../src/draft/transfer.js'
import { generateDraft } from '../bench/corpus.js'
import { DEFAULT_TEMPLATES } from '../src/layout/load.js'
import { body, richBody, tableBody, wildBody } from './arbitraries.js'
import { cli, input, parse, tempDir, templates, tree } from './helpers.js'

/** Front matter of every kind a draft may have: valid, careful-path valid, with warnings, with errors. */
const FRONTS = [
  'title: Test',
  "title: 'Quoted: title'\nsymbol: CP/RES. 777 (1252/00)\ndate: 2020-06-01\nlang: es",
  'title: "Text" # a comment after the quote\nsymbol: nonsense symbol',
  'title: Test\nbogus: 1\nmeeting: [a, b]',
  'title: [unclosed',
  'date: 2020-13-40\ntitle: Wrong date',
  'title: Test\ntitle: Twice',
]

/** Every field of a draft's messages that a later stage or a reporter reads. */
const fieldsOf = (draft: ReturnType<typeof parse>) =>
  draft.file.messages.map((m) => ({ reason: m.reason, line: m.line, column: m.column, place: m.place, ruleId: m.ruleId, source: m.source, fatal: m.fatal, file: m.file }))

describe('a parsed draft as data (src/draft/transfer.ts)', () => {
  test('is the same parsed draft after crossing a thread (structured clone): tree, metadata, messages, places', () => {
    const text = fc.tuple(fc.constantFrom(...FRONTS), fc.oneof(body, richBody, tableBody, wildBody)).map(([front, b]) => `---\n${front}\n---\n\n${b}\n`)
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), fc.boolean(), (written, strict) => {
        const draft = parse(written, { strict, path: 'in/draft.md' })
        const back = fromData(structuredClone(toData(draft)), templates.layouts())
        expect(back.tree).toStrictEqual(draft.tree)
        expect(back.meta).toStrictEqual(draft.meta)
        expect(back.failed).toBe(draft.failed)
        expect(back.front).toStrictEqual(draft.front)
        expect(String(back.file.value)).toBe(String(draft.file.value))
        expect(back.file.path).toBe(draft.file.path)
        expect(fieldsOf(back)).toStrictEqual(fieldsOf(draft))
        expect(messagesOf(back.file)).toStrictEqual(messagesOf(draft.file))
        for (const key of META_KEYS) expect(back.placeOf(key)).toStrictEqual(draft.placeOf(key))
      }),
      { numRuns: 150 },
    )
  })

  test('the seeds cross whole, and a later message lands on the vfile as on the original', () => {
    for (const name of ['csh-omnibus-cyber-2021.md', 'cicte-res-1-17.md']) {
      const draft = parse(input(name), { path: name })
      const back = fromData(structuredClone(toData(draft)), templates.layouts())
      expect(back.tree).toStrictEqual(draft.tree)
      expect(back.meta).toStrictEqual(draft.meta)
      for (const d of [draft, back]) d.file.message('later', { place: { line: 3, column: 2 }, ruleId: 'clean-rejected', source: 'oasgen' })
      expect(fieldsOf(back)).toStrictEqual(fieldsOf(draft))
    }
  })
})

/** A folder of drafts: the shipped ones, bench drafts, and drafts with every kind of problem. */
function drafts(): string {
  const dir = tempDir('oasgen-ahead-')
  const inputs = join(dir, 'in')
  mkdirSync(join(inputs, 'sub'), { recursive: true })
  writeFileSync(join(inputs, 'csh.md'), input('csh-omnibus-cyber-2021.md'))
  writeFileSync(join(inputs, 'sub', 'cicte.md'), input('cicte-res-1-17.md'))
  for (let i = 0; i < 4; i++) {
    const { name, text } = generateDraft('oasgen-bench-1', i)
    writeFileSync(join(inputs, `${name}.md`), text)
  }
  writeFileSync(join(inputs, 'bad-front.md'), '---\ntitle: [\n---\n\nText.\n')
  writeFileSync(join(inputs, 'unclosed.md'), '---\ntitle: Unclosed\n---\n\nText [US: never closed.\n')
  writeFileSync(join(inputs, 'warnings.md'), '---\ntitle: Warnings\nbogus: 1\n---\n\nText [XYZ: unknown] and a forbidden \u0001 character.[^1]\n\n[^1]: Note.\n\n[^2]: Unused.\n')
  writeFileSync(join(inputs, 'latin1.md'), Buffer.from('---\ntitle: T\n---\n\ncaf\xe9\n', 'latin1'))
  return dir
}

/** Waits until `done()` holds, for at most 20 s (the other thread is slow on a loaded machine). */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the other thread did not get there in 20 s')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const outcome = (reports: DraftReport[]) => reports.map((r) => ({ path: r.source.path, failed: r.failed, messages: r.messages, written: r.written.map((o) => o.path) }))

describe('a batch that parses drafts ahead on a second thread', () => {
  test('writes the same bytes and reports the same messages as one that parses in its own thread, every draft parsed there', async () => {
    const dir = drafts()
    const sources = findDrafts(['in'], dir)
    const options = (out: string, parseAhead: BatchOptions['parseAhead']): BatchOptions => ({
      templates: DEFAULT_TEMPLATES,
      out: join(dir, out),
      views: ['clean', 'bracketed', 'delegation'],
      delegations: [],
      formats: ['md', 'txt', 'docx', 'pdf'],
      strict: false,
      trackChanges: false,
      force: false,
      jobs: 1,
      parseAhead,
    })
    const here = await runBatch(sources, options('here', false))
    const there = await runBatch(sources, options('there', 'only'))
    expect(here.parsedAhead).toBe(0)
    expect(there.parsedAhead).toBe(sources.length)
    expect(outcome(there.reports)).toStrictEqual(outcome(here.reports))
    expect(outcome(here.reports).filter((r) => r.failed).map((r) => r.path).sort()).toEqual(['in/bad-front.md', 'in/latin1.md', 'in/unclosed.md'])
    const written = tree(join(dir, 'here'))
    expect(Object.keys(written).length).toBeGreaterThan(40)
    expect(tree(join(dir, 'there'))).toStrictEqual(written)
  })

  test('a second thread that cannot start leaves every draft to this one, each given once', async () => {
    const dir = drafts()
    const sources = findDrafts(['in'], dir)
    // Its templates folder does not exist: the second thread fails as it loads.
    const ahead = (await parseAhead(sources, { templates: join(dir, 'no-templates'), strict: false, clean: false }, () => templates.layouts(), { here: false, low: false }))!
    const given: number[] = []
    for (let next = await ahead.next(); next; next = await ahead.next()) {
      expect(next.parsed).toBeUndefined()
      given.push(next.index)
    }
    await ahead.close()
    expect(given.sort((a, b) => a - b)).toEqual(sources.map((_, i) => i))
    expect(ahead.parsedThere).toBe(0)
  })

  test('both threads take drafts from one counter: each draft is given once, parsed by one of them', async () => {
    const dir = drafts()
    const sources = findDrafts(['in'], dir)
    const ahead = (await parseAhead(sources, { templates: DEFAULT_TEMPLATES, strict: false, clean: true }, () => templates.layouts(), { low: false }))!
    // The other thread has parsed one before this one starts taking: both threads then parse.
    await until(() => ahead.waiting > 0)
    const given: number[] = []
    let parsed = 0
    for (let next = await ahead.next(); next; next = await ahead.next()) {
      given.push(next.index)
      if (next.parsed) {
        parsed++
        expect(next.parsed.draft?.file.path).toBe(sources[next.index]!.path)
      }
      // This thread is slow at times, as while it renders: the other thread claims more then.
      if (next.index % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await ahead.close()
    expect(given.sort((a, b) => a - b)).toEqual(sources.map((_, i) => i))
    expect(parsed).toBeGreaterThan(0)
    expect(ahead.parsedThere).toBe(parsed)
  })

  test('a draft over AHEAD_MAX_CHARS comes read but not parsed, and the batch builds it the same', async () => {
    const dir = tempDir('oasgen-ahead-long-')
    mkdirSync(join(dir, 'in'))
    const long = `---\ntitle: Long\n---\n\nRESOLVES:\n\n${Array.from({ length: 9000 }, (_, i) => `${i + 1}. To note [US: item ${i}] in the ${'long '.repeat(20)}text.`).join('\n\n')}\n`
    expect(long.length).toBeGreaterThan(AHEAD_MAX_CHARS)
    writeFileSync(join(dir, 'in', 'long.md'), long)
    writeFileSync(join(dir, 'in', 'short.md'), input('cicte-res-1-17.md'))
    const sources = findDrafts(['in'], dir)
    const ahead = (await parseAhead(sources, { templates: DEFAULT_TEMPLATES, strict: false, clean: false }, () => templates.layouts(), { here: false, low: false }))!
    const taken = new Map<string, Awaited<ReturnType<typeof ahead.next>>>()
    for (let next = await ahead.next(); next; next = await ahead.next()) taken.set(sources[next.index]!.path, next)
    await ahead.close()
    const readLong = taken.get('in/long.md')?.parsed
    expect(readLong && 'text' in readLong.read ? readLong.read.text : undefined).toBe(long)
    expect(readLong?.draft).toBeUndefined()
    expect(taken.get('in/cicte.md') ?? taken.get('in/short.md')).toMatchObject({ parsed: { draft: expect.anything() } })
    const options = (out: string, parseAhead: BatchOptions['parseAhead']): BatchOptions => ({
      templates: DEFAULT_TEMPLATES, out: join(dir, out), views: ['bracketed'], delegations: [], formats: ['md', 'txt'], strict: false, trackChanges: false, force: false, jobs: 1, parseAhead,
    })
    const here = await runBatch(sources, options('here', false))
    const there = await runBatch(sources, options('there', 'only'))
    expect(there.parsedAhead).toBe(1)
    expect(outcome(there.reports)).toStrictEqual(outcome(here.reports))
    expect(tree(join(dir, 'there'))).toStrictEqual(tree(join(dir, 'here')))
  })

  test('the other thread parses at most AHEAD drafts more than this one has taken', async () => {
    const dir = drafts()
    const sources = findDrafts(['in'], dir)
    const ahead = (await parseAhead(sources, { templates: DEFAULT_TEMPLATES, strict: false, clean: false }, () => templates.layouts(), { here: false, low: false }))!
    const settle = async () => {
      await until(() => ahead.waiting >= AHEAD)
      // Time for more, were it not held back.
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    await settle()
    expect(ahead.waiting).toBe(AHEAD)
    for (let i = 0; i < 3; i++) expect((await ahead.next())?.parsed).toBeDefined()
    await settle()
    expect(ahead.waiting).toBe(AHEAD)
    let given = 3
    while (await ahead.next()) given++
    await ahead.close()
    expect(given).toBe(sources.length)
    expect(ahead.parsedThere).toBe(sources.length)
  })

  test('a stopped build (default --jobs, the second thread reading ahead) writes the drafts under way and a true manifest', async () => {
    const dir = drafts()
    for (let i = 4; i < 12; i++) {
      const { name, text } = generateDraft('oasgen-bench-1', i)
      writeFileSync(join(dir, 'in', `${name}.md`), text)
    }
    const controller = new AbortController()
    const result = await cli(['build', 'in', '--format', 'md', '--out', 'out'], dir, controller.signal, (text) => {
      if (/^[✓✗]/.test(text)) controller.abort()
    })
    expect(result.code).toBe(130)
    // The draft that finished and those under way in this thread's other three lanes: no more.
    expect(result.stdout).toMatch(/interrupted: [1-4] drafts?, /)
    const written = Object.keys(tree(join(dir, 'out'))).filter((f) => f !== 'manifest.json')
    expect(written.length).toBeGreaterThan(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')) as { outputs: Array<{ path: string }> }
    expect(manifest.outputs.map((o) => o.path).sort()).toEqual(written.sort())
  })
})
