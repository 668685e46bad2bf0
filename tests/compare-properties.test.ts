// Property tests of compare (issue 14): known edits applied to drafts (the seeds and generated
// ones, tests/revisions.ts) are exactly what compare reports; a revision compared with itself
// reports nothing; compare is symmetric where it should be.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { BUDGET, candidatePairs, EXHAUSTIVE, NEAREST, RARE, type Candidate } from '../src/compare/candidates.js'
import { compareRevisions } from '../src/compare/compare.js'
import type { Comparison } from '../src/compare/schema.js'
import { bagOfAll, placedWords, wordBag, wordCounter, wordShare, words } from '../src/compare/text.js'
import { keptPieces, proposalsOf, textOf } from '../src/proposals/proposals.js'
import { body, wildBody } from './arbitraries.js'
import { draftText, input, parse } from './helpers.js'
import { applyEdits, edit, readDraft, withNeighbour, writeDraft, type Draft, type Expected } from './revisions.js'

const revision = (text: string, path: string) => {
  const draft = parse(text, { path })
  if (draft.failed || !draft.meta) throw new Error(`draft has errors:\n${draft.file.messages.map(String).join('\n')}\n${text}`)
  return { path, meta: draft.meta, tree: draft.tree }
}
const comparison = (a: string, b: string): Comparison => compareRevisions([revision(a, 'a.md'), revision(b, 'b.md')]).comparisons[0]!
/** A comparison's proposals (those `shown`, by their changes), one line each: `changes old→new`. */
const proposalLines = (c: Comparison, shown: (change: string) => boolean = () => true) =>
  c.proposals.filter((p) => shown(p.changes.join())).map((p) => `${p.changes.join('+')} ${p.old?.ref ?? '-'}→${p.new?.ref ?? '-'}`)

/** References → the words of their own (`pa3`, `qa7`) of a revision's paragraphs and proposals. */
function idsOf(text: string) {
  const facts = proposalsOf(parse(text).tree)
  const paragraphs = new Map(facts.paragraphs.map((p) => [p.ref, /\bpa\d+\b/.exec(textOf(p, () => false))?.[0]]))
  const tokens = (p: { inserted: { text: string }; deleted: { text: string } }) => `${p.inserted.text} ${p.deleted.text}`.match(/\bqa\d+\b/g) ?? []
  const proposals = new Map<string, string | undefined>()
  for (const p of facts.proposals) {
    const theirs = new Set(facts.proposals.filter((q) => q.ref.startsWith(`${p.ref}.`)).flatMap(tokens))
    proposals.set(p.ref, tokens(p).filter((t) => !theirs.has(t)).at(-1))
  }
  return { paragraph: (ref: string | undefined) => paragraphs.get(ref!), proposal: (ref: string | undefined) => proposals.get(ref!) }
}

/** What compare reported, in the words of their own of paragraphs and proposals. */
function reported(a: string, b: string, c: Comparison) {
  const o = idsOf(a)
  const n = idsOf(b)
  const paragraphs: Record<string, string> = {}
  for (const p of c.paragraphs) {
    if (p.change === 'kept' || p.change === 'moved') {
      expect(o.paragraph(p.old), `${p.old} → ${p.new}`).toBe(n.paragraph(p.new))
      if (p.change === 'moved') paragraphs[o.paragraph(p.old)!] = 'moved'
    } else if (p.change === 'new') paragraphs[n.paragraph(p.new)!] = 'new'
    else paragraphs[o.paragraph(p.old) ?? n.paragraph(p.new)!] = p.change
  }
  const proposals: Record<string, string> = {}
  for (const p of c.proposals) {
    if (p.merged) proposals[n.proposal(p.new!.ref)!] = `merged ${p.merged.map((m) => o.proposal(m.ref)).join('+')}`
    else if (!p.old) proposals[n.proposal(p.new!.ref)!] = p.changes.join('+')
    else {
      if (p.new) expect(o.proposal(p.old.ref), `${p.old.ref} → ${p.new.ref}`).toBe(n.proposal(p.new.ref))
      if (!p.changes.includes('unchanged')) proposals[o.proposal(p.old.ref)!] = p.changes.join('+')
    }
  }
  const baseEdits = [...new Set(c.baseEdits.map((e) => (e.old !== undefined ? o.paragraph(e.old) : n.paragraph(e.new))!))].sort()
  return { paragraphs, proposals, baseEdits }
}

function wanted(e: Expected) {
  const paragraphs: Record<string, string> = Object.fromEntries(e.paragraphs)
  for (const id of e.newParagraphs) paragraphs[id] = 'new'
  const proposals: Record<string, string> = Object.fromEntries(e.proposals)
  for (const id of e.newProposals) proposals[id] = 'new'
  for (const [id, from] of e.merged) proposals[id] = `merged ${from.join('+')}`
  return { paragraphs, proposals, baseEdits: [...e.baseEdits].sort() }
}

const seeds = ['csh-omnibus-cyber-2021.md', 'cicte-res-1-17.md'].map((name) => readDraft(input(name))!)
/** Generated drafts of the shape tests/revisions.ts reads (most are). */
const generated = body.map((b) => readDraft(draftText(b))).filter((d): d is Draft => d !== undefined)
const drafts = fc.oneof(fc.constantFrom(...seeds), generated).chain((d) => fc.oneof(fc.constant(d), fc.nat().map((k) => withNeighbour(d, k))))

describe('compare recovers exactly the edits applied', () => {
  test('the seeds are read, and written back unchanged in meaning', () => {
    for (const draft of seeds) {
      expect(draft).toBeDefined()
      const text = writeDraft(draft)
      const c = comparison(text, writeDraft({ ...draft, typed: draft.typed === 'ones' ? 'sequence' : 'ones' }))
      expect(reported(text, text, c)).toEqual({ paragraphs: {}, proposals: {}, baseEdits: [] })
    }
  })

  test('on the seeds and generated drafts, for any edits', () => {
    fc.assert(
      fc.property(drafts, fc.array(edit, { minLength: 1, maxLength: 4 }), (draft, edits) => {
        const { draft: edited, expected } = applyEdits(draft, edits)
        const a = writeDraft(draft)
        const b = writeDraft(edited)
        const c = comparison(a, b)
        expect(reported(a, b, c), `${expected.made.join('; ')}\n--- old\n${a}\n--- new\n${b}`).toEqual(wanted(expected))
      }),
      { numRuns: 250 },
    )
  }, 120_000)

  // The property's counterexample of seed 478931569, path 2:172:173:173:173:173:173:173: OP1 cut
  // after "member", and a proposal added to OP2. Each part is as like the whole as the other (the
  // first, 0.65, by its nested proposals, every one applied; the second, 0.66, by its base words),
  // so pairing by similarity left OP1 uncertain between them, and the split went unseen.
  test('a paragraph split where each part is as like it as the other (one by its proposals, one by its base words): split, not uncertain; and joined back, merged', () => {
    const front = '---\ntitle: Test\n---\n\nRESOLVES:\n\n'
    const first = '1. pa22 [ *to* de [US/COL: ~~norms 2021 promote~~ promote OEWG *de and, norms OEWG* qa19] qa20] résolution GEG OEWG member'
    const second = 'to cyberspace member GEG [MEX, CAN: ~~the the 2021 résolution~~ qa21] OEWG promote'
    const nested = '1. pa26 promote OEWG report; member [COL/CAN agreed: ~~the cyberspace~~ to 2021 [COL: ~~States cyberspace States norms~~ *2021 “CBMs” to* *States* [US agreed: norms norms report; to GEG States agreed qa23] qa24] agreed qa25]'
    const rest = '   1. pa27 *promote “CBMs” the*\n\n1. pa28 the promote States to *the*\n'
    const a = `${front}${first} ${second}\n\n${nested}\n${rest}`
    const b = `${front}${first}\n\n1. ${second}\n\n${nested} [US: harbour lantern qa12917]\n${rest}`
    const c = comparison(a, b)
    expect(c.paragraphs).toEqual([
      { change: 'kept', old: 'P1', new: 'P1', similarity: 1 },
      { change: 'split', old: 'OP1', new: 'OP1', similarity: 1 },
      { change: 'split', old: 'OP1', new: 'OP2', similarity: 1 },
      { change: 'kept', old: 'OP2', new: 'OP3', similarity: 1 },
      { change: 'kept', old: 'OP2.a', new: 'OP3.a', similarity: 1 },
      { change: 'kept', old: 'OP3', new: 'OP4', similarity: 1 },
    ])
    expect(proposalLines(c)).toEqual([
      'unchanged OP1.1→OP1.1',
      'unchanged OP1.1.1→OP1.1.1',
      'unchanged OP1.2→OP2.1',
      'unchanged OP2.1→OP3.1',
      'unchanged OP2.1.1→OP3.1.1',
      'unchanged OP2.1.1.1→OP3.1.1.1',
      'new -→OP3.2',
    ])
    expect(c.baseEdits).toEqual([])
    // And joined back: the new paragraph as like each of the two, merged.
    const back = comparison(b, a)
    expect(back.paragraphs.filter((p) => p.change !== 'kept')).toEqual([
      { change: 'merged', old: 'OP1', new: 'OP1', similarity: 1 },
      { change: 'merged', old: 'OP2', new: 'OP1', similarity: 1 },
    ])
    expect(proposalLines(back, (change) => change !== 'unchanged')).toEqual(['withdrawn OP3.2→-'])
    expect(back.baseEdits).toEqual([])
  })

  // The property's sample #1763 of seed 3 (fc.sample of [drafts, edits], 5,000 runs): a proposal
  // added at the end of OP1.b and OP2 deleted with its sub-paragraph. The new OP1.b is 0.84 alike
  // to the old one alone and 0.89 to it joined with OP2, clearing the margin only by the characters
  // OP2's short text shares with the proposal added; none of OP2's words is in the new paragraph.
  test('a short paragraph deleted after one that gained a proposal: deleted, not merged into it (none of its words went in)', () => {
    const front = '---\ntitle: Test\n---\n\nRESOLVES:\n\n'
    const op1 = [
      '1. pa17509 [ [MEX agreed: report; States and, [US, MEX: ~~GEG~~ promote States States and, member qa17505] agreed qa17506] norms qa17507] *report; résolution and,* [MEX agreed: agreed qa17508]',
      '   1. pa17515 [COL, CAN agreed: ~~report; to~~ de and, *de OEWG résolution* agreed qa17510] [US agreed: ~~and,~~ [ GEG [US: ~~de OEWG “CBMs”~~ report; résolution and, norms OEWG cyberspace member “CBMs” qa17511] qa17512] [US agreed: promote States norms norms de de agreed qa17513] agreed qa17514]',
      '   1. pa17518 *2021 cyberspace and, 2021* [MEX agreed: ~~and, promote cyberspace~~ *de promote* [COL agreed: *résolution* agreed qa17516] agreed qa17517] de norms States',
    ].join('\n')
    const op2 = '1. pa17520 [COL: text qa17519]\n   1. pa17521 cyberspace GEG States report; member report; “CBMs” norms States résolution\n'
    const a = `${front}${op1}\n\n${op2}`
    const b = `${front}${op1} [US: harbour lantern qa51147]\n`
    const c = comparison(a, b)
    expect(c.paragraphs).toEqual([
      { change: 'kept', old: 'P1', new: 'P1', similarity: 1 },
      { change: 'kept', old: 'OP1', new: 'OP1', similarity: 1 },
      { change: 'kept', old: 'OP1.a', new: 'OP1.a', similarity: 1 },
      { change: 'kept', old: 'OP1.b', new: 'OP1.b', similarity: 1 },
      { change: 'deleted', old: 'OP2' },
      { change: 'deleted', old: 'OP2.a' },
    ])
    const unchanged = ['OP1.1', 'OP1.1.1', 'OP1.1.1.1', 'OP1.2', 'OP1.a.1', 'OP1.a.2', 'OP1.a.2.1', 'OP1.a.2.1.1', 'OP1.a.2.2', 'OP1.b.1', 'OP1.b.1.1']
    expect(proposalLines(c)).toEqual([...unchanged.map((ref) => `unchanged ${ref}→${ref}`), 'withdrawn OP2.1→-', 'new -→OP1.b.2'])
    expect(c.baseEdits).toEqual([
      { old: 'OP2', removed: 'pa17520', added: '', context: '' },
      { old: 'OP2.a', removed: 'pa17521 cyberspace GEG States report; member report; “CBMs” norms States résolution', added: '', context: '' },
    ])
    // In the words of their own: what the edits made, and nothing else.
    expect(reported(a, b, c)).toEqual({ paragraphs: { pa17520: 'deleted', pa17521: 'deleted' }, proposals: { qa17519: 'withdrawn', qa51147: 'new' }, baseEdits: ['pa17520', 'pa17521'] })
  })

  test('a revision compared with itself reports nothing', () => {
    fc.assert(
      fc.property(drafts, (draft) => {
        const a = writeDraft(draft)
        const c = comparison(a, a)
        expect(c.paragraphs.every((p) => p.change === 'kept' && p.old === p.new)).toBe(true)
        expect(c.proposals.every((p) => p.changes.join() === 'unchanged' && p.old?.ref === p.new?.ref)).toBe(true)
        expect(c.baseEdits).toEqual([])
      }),
      { numRuns: 100 },
    )
  }, 120_000)

  test('symmetry: what is new one way is withdrawn (gone) or deleted the other; amended, co-sponsored, moved, kept both ways', () => {
    const symmetric = ['add', 'withdraw-remove', 'amend', 'co-sponsor', 'move', 'delete-paragraph', 'add-paragraph'] as const
    fc.assert(
      fc.property(drafts, fc.array(edit.filter((e) => (symmetric as readonly string[]).includes(e.kind)), { minLength: 1, maxLength: 3 }), (draft, edits) => {
        const a = writeDraft(draft)
        const b = writeDraft(applyEdits(draft, edits).draft)
        const forth = reported(a, b, comparison(a, b))
        const back = reported(b, a, comparison(b, a))
        const swap: Record<string, string> = { new: 'withdrawn', withdrawn: 'new', deleted: 'new' }
        const swapParagraph: Record<string, string> = { new: 'deleted', deleted: 'new' }
        const turn = (r: Record<string, string>, table: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([id, change]) => [id, table[change] ?? change]))
        expect(turn(forth.proposals, swap)).toEqual(back.proposals)
        expect(turn(forth.paragraphs, swapParagraph)).toEqual(back.paragraphs)
        expect(forth.baseEdits).toEqual(back.baseEdits)
      }),
      { numRuns: 150 },
    )
  }, 120_000)
})

describe('what keeps compare linear on long drafts', () => {
  const word = fc.stringMatching(/^[a-z]{3,9}$/)
  const sentence = fc.array(word, { minLength: 6, maxLength: 14 }).map((ws) => ws.join(' '))
  const placed = (texts: string[]): Candidate[] => texts.map((text, i) => ({ text, at: i / texts.length }))
  const sorted = (pairs: Array<[number, number]>) => pairs.map(([i, j]) => `${i} ${j}`).sort()

  test('candidates: every pair when the other list is short; the same pairs whichever list comes first', () => {
    fc.assert(
      fc.property(fc.array(sentence, { maxLength: 30 }), fc.array(sentence, { maxLength: EXHAUSTIVE + 20 }), (a, b) => {
        const forth = candidatePairs(placed(a), placed(b))
        expect(sorted(candidatePairs(placed(b), placed(a)).map(([j, i]) => [i, j]))).toEqual(sorted(forth))
        // Both lists short: each with each, once.
        if (b.length <= EXHAUSTIVE && a.length <= EXHAUSTIVE) expect(forth).toEqual(a.flatMap((_, i) => b.map((_, j): [number, number] => [i, j])))
      }),
      { numRuns: 60 },
    )
  })

  test('candidates in long lists: a text and its edited copy, moved anywhere, are a candidate pair; each item has a bounded number of candidates', () => {
    fc.assert(
      fc.property(fc.uniqueArray(sentence, { minLength: EXHAUSTIVE + 1, maxLength: 2 * RARE }), fc.nat(), fc.nat(), word, (texts, from, to, other) => {
        const k = from % texts.length
        const ws = texts[k]!.split(' ')
        ws[ws.length >> 1] = other
        const moved = texts.filter((_, i) => i !== k)
        const at = to % texts.length
        moved.splice(at, 0, ws.join(' '))
        const pairs = candidatePairs(placed(texts), placed(moved))
        expect(sorted(pairs)).toContain(`${k} ${at}`)
      }),
      { numRuns: 40 },
    )
    // 1,000 against 1,000: each item meets at most BUDGET by its trigrams and NEAREST by place, each way; not the million pairs.
    const rng = fc.sample(fc.array(sentence, { minLength: 1000, maxLength: 1000 }), { numRuns: 1, seed: 14 })[0]!
    const long = placed(rng)
    const pairs = candidatePairs(long, placed([...rng].reverse()))
    expect(pairs.length).toBeLessThanOrEqual(2 * long.length * (BUDGET + NEAREST))
    expect(pairs.length).toBeGreaterThanOrEqual(long.length)
  })

  test('wordShare: every word of a text is in the text cut in two and joined back in any order, a capital and a full stop added; each word missing counts once', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 20 }), fc.nat(), fc.array(fc.stringMatching(/^[0-9]{2,4}$/), { maxLength: 5 }), (ws, at, missing) => {
        const cut = at % ws.length
        const [first, second] = [ws.slice(0, cut), ws.slice(cut)]
        const capital = (part: string[]) => part.map((w, k) => (k === 0 ? w[0]!.toUpperCase() + w.slice(1) : w))
        const moved = [...capital(second), ...first].join(' ') + '.'
        expect(wordShare(wordBag(ws.join(' ')), wordBag(moved))).toBe(1)
        expect(wordShare(wordBag(ws.join(' ')), bagOfAll([wordBag(capital(second).join(' ')), wordBag(first.join('  '))]))).toBe(1)
        // Words not there (digits: no word of `ws`), each one counted, repeats too.
        expect(wordShare(wordBag([...ws, ...missing].join(' ')), wordBag(ws.join(' ')))).toBeCloseTo(ws.length / (ws.length + missing.length), 12)
        expect(wordShare(wordBag(`${ws.join(' ')} ${ws.join(' ')}`), wordBag(ws.join(' ')))).toBe(0.5)
      }),
      { numRuns: 200 },
    )
  })

  test('placedWords gives the words textOf and words() give, each placed at a run of the draft that starts with its first character', () => {
    const check = (text: string) => {
      const draft = parse(text)
      fc.pre(!draft.failed)
      for (const paragraph of proposalsOf(draft.tree).paragraphs) {
        // With no proposal applied, every one, and every other one: the base texts compare reads.
        for (const applied of [() => false, () => true, (ref: string) => ref.length % 2 === 0]) {
          const placed = placedWords(keptPieces(paragraph, applied), text)
          expect(placed.words).toEqual(words(textOf(paragraph, applied)))
          placed.words.forEach((word, k) => {
            const start = placed.starts[k]!
            expect(start, word).toBeGreaterThanOrEqual(0)
            // Found as written, or (an escape, an entity) where the search stood: in the paragraph's lines.
            if (text[start] === word[0]) return
            expect(text.slice(0, start).split('\n').length, word).toBeGreaterThanOrEqual(paragraph.line)
          })
          expect(placed.starts).toEqual([...placed.starts].sort((x, y) => x - y))
        }
      }
    }
    fc.assert(fc.property(body, (b) => check(draftText(b))), { numRuns: 150 })
    fc.assert(fc.property(wildBody, (b) => check(draftText(b))), { numRuns: 150 })
    for (const name of ['csh-omnibus-cyber-2021.md', 'cicte-res-1-17.md']) check(input(name))
  })

  test('wordCounter counts the words of the pieces so far as words() counts them joined', () => {
    const piece = fc.stringMatching(/^[a-z ,.;:?!)\]”’\n]{0,12}$/)
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const counter = wordCounter()
        pieces.forEach((p, i) => {
          counter.add(p)
          expect(counter.count, JSON.stringify(pieces.slice(0, i + 1))).toBe(words(pieces.slice(0, i + 1).join('')).length)
        })
      }),
      { numRuns: 300 },
    )
  })
})
