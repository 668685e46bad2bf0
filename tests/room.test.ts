// Spec: draft-format.md §4.1 in the room: `oasgen agree`/`withdraw` (byte-preserving, idempotent,
// atomic), `oasgen status` in every format, `oasgen build --annex status`, and the property that
// ties scenarios to agreeing: accepting proposals in a scenario is agreeing them in the draft.
import { execFileSync } from 'node:child_process'
import { chmodSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { strFromU8, unzipSync } from 'fflate'
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, test } from 'vitest'
import { markProposals, MarkError } from '../src/proposals/mark.js'
import { proposalsOf } from '../src/proposals/proposals.js'
import { statusOf } from '../src/status/status.js'
import { resolvePlan } from '../src/view/resolve.js'
import { plan } from '../src/view/scenario.js'
import { SPONSORS, body as bodies, tableBody } from './arbitraries.js'
import { CLEAN, cli, draftText, files, folderWith, input, parse, parseOk, resolve, tempDir, templates, txt } from './helpers.js'

const CSH = () => input('csh-omnibus-cyber-2021.md')

describe('oasgen agree / withdraw', () => {
  test('marks the tag and changes no other byte; atomic, the file mode kept', async () => {
    const dir = folderWith({ 'd.md': CSH() })
    const path = join(dir, 'd.md')
    chmodSync(path, 0o640)
    const result = await cli(['agree', path, 'OP4.1.2', 'op3.1'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`✓ ${path}: OP4.1.2 (MEX) agreed; OP3.1 (COL) agreed\n`)
    const after = readFileSync(path, 'utf8')
    expect(after).toBe(CSH().replace('3. [COL: [To', '3. [COL agreed: [To').replace('[MEX: ~~the GGE~~ GEG]', '[MEX agreed: ~~the GGE~~ GEG]'))
    expect(statSync(path).mode & 0o777).toBe(0o640)
    expect(files(dir)).toEqual(['d.md']) // no temporary file left
  })

  test('agreeing twice changes nothing, and writes nothing', async () => {
    const dir = folderWith({ 'd.md': CSH() })
    const path = join(dir, 'd.md')
    await cli(['agree', path, 'OP4.1'])
    const once = readFileSync(path)
    const mtime = statSync(path).mtimeMs
    const again = await cli(['agree', path, 'OP4.1'])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('nothing to change: OP4.1 (US) was agreed already')
    expect(readFileSync(path).equals(once)).toBe(true)
    expect(statSync(path).mtimeMs).toBe(mtime)
  })

  test('withdraw replaces a state word as written in any case; agree brings it back', async () => {
    const dir = folderWith({ 'd.md': draftText('1. A [CAN, US AGREED: b]\r\n   and [MEX: c].') })
    const path = join(dir, 'd.md')
    expect((await cli(['withdraw', path, 'OP1.1'])).stdout).toContain('OP1.1 (CAN, US) withdrawn (was agreed)')
    expect(readFileSync(path, 'utf8')).toBe(draftText('1. A [CAN, US withdrawn: b]\r\n   and [MEX: c].'))
    await cli(['agree', path, 'OP1.1'])
    expect(readFileSync(path, 'utf8')).toBe(draftText('1. A [CAN, US agreed: b]\r\n   and [MEX: c].'))
  })

  test('a byte-order mark and CRLF line ends are kept', async () => {
    const text = '\uFEFF' + draftText('1. A [COL: b].').replace(/\n/g, '\r\n')
    const dir = folderWith({ 'd.md': text })
    await cli(['agree', join(dir, 'd.md'), 'OP1.1'])
    expect(readFileSync(join(dir, 'd.md'), 'utf8')).toBe(text.replace('[COL:', '[COL agreed:'))
  })

  test('an unknown reference is an error listing the nearest ones; nothing is marked', async () => {
    const dir = folderWith({ 'd.md': CSH() })
    const path = join(dir, 'd.md')
    const result = await cli(['agree', path, 'OP4.1', 'OP4.3'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${path}  error  No proposal of this draft is OP4.3; the nearest are OP4.1, OP4.1.1 and OP4.1.2`)
    expect(readFileSync(path, 'utf8')).toBe(CSH())
  })

  test('a bracket with no sponsor has no tag to mark; a sponsor code is not a reference; a broken draft is not touched', async () => {
    const dir = folderWith({ 'd.md': CSH(), 'bad.md': draftText('1. A [COL: b') })
    expect((await cli(['withdraw', join(dir, 'd.md'), 'OP3.1.1'])).stderr).toContain('OP3.1.1 is a bracket with no sponsor')
    const code = await cli(['agree', join(dir, 'd.md'), 'COL'])
    expect(code.code).toBe(2)
    expect(code.stderr).toContain('`COL` is not a proposal\'s reference')
    const bad = await cli(['agree', join(dir, 'bad.md'), 'OP1.1'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('annotation-unclosed')
    expect(readFileSync(join(dir, 'd.md'), 'utf8')).toBe(CSH())
  })

  test('property: marking changes only the tags asked for, and marking again changes nothing', () => {
    fc.assert(
      fc.property(bodies, fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom('agreed' as const, 'withdrawn' as const), (body, picks, state) => {
        const text = draftText(body)
        const draft = parse(text)
        if (draft.failed) return
        const sponsored = proposalsOf(draft.tree).proposals.filter((p) => p.tag !== '')
        if (sponsored.length === 0) return
        const refs = picks.map((i) => sponsored[i % sponsored.length]!.ref)
        const once = markProposals(text, draft.tree, refs, state).text
        // Every other byte the same: what is left when the state words are taken out.
        const bare = (t: string) => t.replace(/(\[[A-Z][A-Za-z0-9]{1,15}(?:\s*[,/]\s*[A-Z][A-Za-z0-9]{1,15})*) (?:agreed|withdrawn):/g, '$1:')
        expect(bare(once)).toBe(bare(text))
        const again = parse(once)
        expect(again.failed).toBe(false)
        const after = proposalsOf(again.tree).proposals
        expect(after.map((p) => p.ref)).toEqual(proposalsOf(draft.tree).proposals.map((p) => p.ref))
        for (const p of after) if (refs.includes(p.ref)) expect(p.state).toBe(state)
        expect(markProposals(once, again.tree, refs, state).text).toBe(once)
      }),
      { numRuns: 200 },
    )
  })

  test('property: a scenario accepting some proposals and rejecting the rest is the clean text of the draft with them agreed (tables and withdrawn proposals too)', () => {
    fc.assert(
      fc.property(fc.oneof(bodies, tableBody), fc.array(fc.nat(), { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 3 }), (body, accepted, rejected) => {
        const text = draftText(body)
        const draft = parse(text)
        if (draft.failed || !draft.meta) return
        const sponsored = proposalsOf(draft.tree).proposals.filter((p) => p.tag !== '' && p.state === 'pending')
        if (sponsored.length === 0) return
        const accept = [...new Set(accepted.map((i) => sponsored[i % sponsored.length]!.ref))]
        const reject = rejected.map((i) => sponsored[i % sponsored.length]!.ref).filter((r) => !accept.includes(r))
        const scenario = plan(draft.tree, { rules: [...accept.map((ref) => ({ choice: 'accept' as const, ref })), ...reject.map((ref) => ({ choice: 'reject' as const, ref }))], rest: 'reject', context: false })
        const viaScenario = txt(resolvePlan({ meta: draft.meta, tree: draft.tree }, scenario).doc)
        const agreed = parse(markProposals(text, draft.tree, accept, 'agreed').text)
        const viaAgree = txt(resolve(agreed, CLEAN).doc)
        expect(viaScenario).toBe(viaAgree)
      }),
      { numRuns: 300 },
    )
  }, 120_000)

  test('property: a scenario accepting delegations is the clean text of the draft with their proposals agreed', () => {
    fc.assert(
      fc.property(fc.oneof(bodies, tableBody), fc.subarray([...SPONSORS], { minLength: 1 }), (body, accepted) => {
        const text = draftText(body)
        const draft = parse(text)
        if (draft.failed || !draft.meta) return
        const proposals = proposalsOf(draft.tree).proposals.filter((p) => p.state === 'pending')
        const ours = (p: { owners: string[] }) => p.owners.some((o) => (accepted as string[]).includes(o))
        // A bracket with no sponsor has no tag to agree: a scenario accepts it with its owner's proposal, `agree` cannot.
        if (proposals.some((p) => p.tag === '' && ours(p))) return
        const scenario = plan(draft.tree, { rules: [{ choice: 'accept', codes: accepted }], rest: 'reject', context: false })
        const agreed = parse(markProposals(text, draft.tree, proposals.filter(ours).map((p) => p.ref), 'agreed').text)
        expect(txt(resolvePlan({ meta: draft.meta, tree: draft.tree }, scenario).doc)).toBe(txt(resolve(agreed, CLEAN).doc))
      }),
      { numRuns: 200 },
    )
  }, 120_000)

  test('markProposals names every reference it cannot mark at once', () => {
    const draft = parseOk('1. A [COL: b] [c].')
    expect(() => markProposals(draftText('1. A [COL: b] [c].'), draft.tree, ['OP1.3', 'OP1.2'], 'agreed')).toThrow(MarkError)
    expect(() => markProposals(draftText('1. A [COL: b] [c].'), draft.tree, ['OP1.3', 'OP1.2'], 'agreed')).toThrow(/OP1\.3[^]*OP1\.2 is a bracket with no sponsor/)
  })
})

describe('oasgen status', () => {
  test('the working text, checked by hand', () => {
    const report = statusOf(parse(CSH()).tree, templates.registry())
    expect(report.proposals.map((p) => [p.ref, p.paragraph, p.tag, p.kind, p.inserted, p.deleted, p.amends, p.state])).toEqual([
      ['OP3.1', 'OP3', 'COL', 'insertion', 47, 0, null, 'pending'],
      ['OP3.1.1', 'OP3', '', 'insertion', 47, 0, 'OP3.1', 'pending'],
      ['OP4.1', 'OP4', 'US', 'insertion', 100, 0, null, 'pending'],
      ['OP4.1.1', 'OP4', 'COL', 'replacement', 2, 1, 'OP4.1', 'pending'],
      ['OP4.1.2', 'OP4', 'MEX', 'replacement', 1, 2, 'OP4.1', 'pending'],
    ])
    // COL's bare bracket is part of COL's proposal: COL has two pending proposals, not three.
    expect(report.delegations).toEqual([
      { code: 'COL', pending: 2, agreed: 0, withdrawn: 0 },
      { code: 'US', pending: 1, agreed: 0, withdrawn: 0 },
      { code: 'MEX', pending: 1, agreed: 0, withdrawn: 0 },
    ])
    expect(report.paragraphs.map((p) => `${p.ref} ${p.pending} ${p.free}`)).toEqual(['OP1 0 true', 'OP2 0 true', 'OP3 2 false', 'OP4 3 false', 'OP5 0 true'])
  })

  test('the resolution, which has no proposal: every paragraph free of brackets, and the terminal says so', async () => {
    const report = statusOf(parse(input('cicte-res-1-17.md')).tree, templates.registry())
    expect(report.proposals).toEqual([])
    expect(report.delegations).toEqual([])
    expect(report.paragraphs.map((p) => `${p.ref} ${p.pending + p.agreed + p.withdrawn} ${p.free}`)).toEqual(
      ['PP1', 'PP2', 'PP3', 'PP4', 'P5', 'OP1', 'OP2', 'OP3', 'OP4'].map((ref) => `${ref} 0 true`),
    )
    const printed = await cli(['status', join('inputs', 'cicte-res-1-17.md')])
    expect(printed.code).toBe(0)
    expect(printed.stdout).toContain('The draft has no proposal.')
  })

  test('a draft written for the purpose: states, joint sponsors, aliases, moot proposals, bare brackets', () => {
    const draft = parseOk(
      [
        'THE COUNCIL, [US agreed: having met]',
        'RESOLVES:',
        '1. To [CAN/US: ~~note~~ welcome] the report [USA withdrawn: and its annex [MEX: in full]].',
        '2. To [pending words] act.',
        '   1. sub [COL withdrawn: ~~x~~].',
      ].join('\n\n'),
    )
    const report = statusOf(draft.tree, templates.registry())
    expect(report.proposals.map((p) => `${p.ref} ${p.tag || '-'} ${p.kind} ${p.state}${p.moot ? ' moot' : ''}`)).toEqual([
      'PP1.1 US insertion agreed',
      'OP1.1 CAN/US replacement pending',
      'OP1.2 USA insertion withdrawn',
      'OP1.2.1 MEX insertion pending moot',
      'OP2.1 - insertion pending',
      'OP2.a.1 COL deletion withdrawn',
    ])
    // US and USA are one delegation, under the code written first; the moot MEX proposal counts nowhere.
    expect(report.delegations).toEqual([
      { code: 'US', pending: 1, agreed: 1, withdrawn: 1 },
      { code: 'CAN', pending: 1, agreed: 0, withdrawn: 0 },
      { code: '', pending: 1, agreed: 0, withdrawn: 0 },
      { code: 'COL', pending: 0, agreed: 0, withdrawn: 1 },
    ])
    expect(report.paragraphs.map((p) => `${p.ref} ${p.pending}/${p.agreed}/${p.withdrawn} ${p.free ? 'free' : 'bracketed'}`)).toEqual([
      'PP1 0/1/0 free',
      'P2 0/0/0 free',
      'OP1 1/0/1 bracketed',
      'OP2 1/0/0 bracketed',
      'OP2.a 0/0/1 free',
    ])
  })

  test('table: fits the terminal; a table too wide for it is printed a record at a time, nothing cut', async () => {
    const path = join(ROOT_INPUTS, 'csh-omnibus-cyber-2021.md')
    const wide = await cliWithColumns(['status', path], 120)
    expect(wide.code).toBe(0)
    expect(wide.stdout).toMatch(/│ OP4\.1\.2 +│ OP4 +│ MEX +│ replacement │ +1 │ +2 │ OP4\.1 +│ pending │/)
    const narrow = await cliWithColumns(['status', path], 60)
    const tableLines = narrow.stdout.split('\n').filter((l) => /^[│┌├└─]/.test(l))
    expect(Math.max(...tableLines.map((l) => [...l].length))).toBeLessThanOrEqual(60)
    expect(narrow.stdout).not.toContain('…')
    expect(narrow.stdout).toContain('── OP4.1.2 ──\nParagraph       OP4\nSponsors        MEX\nKind            replacement\nWords inserted  1\nWords deleted   2\nAmends          OP4.1\nState           pending')
    expect(narrow.stdout).toMatch(/│ COL +│ +2 │ +0 │ +0 │/) // the summaries still fit as tables
  })

  test('md, csv, json: stable, documented shapes', async () => {
    const path = join(ROOT_INPUTS, 'csh-omnibus-cyber-2021.md')
    const md = (await cli(['status', path, '--format', 'md'])).stdout
    expect(md).toContain('| OP4.1.1   | OP4       | COL      | replacement |              2 |             1 | OP4.1  | pending |')
    const csv = (await cli(['status', path, '--format', 'csv'])).stdout.split('\n')
    expect(csv[0]).toBe('draft,reference,paragraph,sponsors,owners,kind,inserted,deleted,amends,state,moot,line,column')
    expect(csv[5]).toBe(`${path},OP4.1.2,OP4,MEX,MEX,replacement,1,2,OP4.1,pending,no,19,591`)
    const json = JSON.parse((await cli(['status', path, '--format', 'json'])).stdout)
    expect(json.version).toBe(1)
    expect(Object.keys(json.drafts[0])).toEqual(['path', 'title', 'lang', 'proposals', 'delegations', 'paragraphs'])
    expect(json.drafts[0].proposals[4]).toEqual({ ref: 'OP4.1.2', paragraph: 'OP4', sponsors: ['MEX'], tag: 'MEX', owners: ['MEX'], kind: 'replacement', inserted: 1, deleted: 2, amends: 'OP4.1', state: 'pending', moot: false, line: 19, column: 591 })
  })

  test('html, docx, pdf: documents in the draft\'s layout and language, written to --out', async () => {
    const out = tempDir()
    const src = folderWith({ 'es.md': draftText('1. Texto [COL: nuevo].', 'title: Prueba\nlang: es') })
    for (const format of ['html', 'docx', 'pdf']) expect((await cli(['status', src, '--format', format, '--out', out])).code).toBe(0)
    expect(files(out)).toEqual(['es.status.docx', 'es.status.html', 'es.status.pdf'])
    const html = readFileSync(join(out, 'es.status.html'), 'utf8')
    expect(html).toContain('ESTADO DE LAS PROPUESTAS')
    expect(html).toContain('<th scope="col">Proponentes</th>')
    expect(strFromU8(unzipSync(readFileSync(join(out, 'es.status.docx')))['word/document.xml']!)).toContain('Sin corchetes')
    expect(execFileSync('pdftotext', ['-layout', join(out, 'es.status.pdf'), '-'], { encoding: 'utf8' })).toMatch(/OP1\.1\s+OP1\s+COL\s+adición\s+1\s+0\s+pendiente/)
  })

  test('a draft with errors is reported and the others still listed (exit 1); an unknown format is a usage error', async () => {
    const src = folderWith({ 'a.md': draftText('1. A [COL: b].'), 'b.md': draftText('1. A [COL: b') })
    const result = await cli(['status', src, '--format', 'json'])
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).drafts.map((d: { path: string }) => d.path)).toEqual([join(src, 'a.md')])
    expect(result.stderr).toContain('b.md: not read, it has errors')
    expect((await cli(['status', src, '--format', 'xlsx'])).code).toBe(2)
  })
})

describe('oasgen build --annex status', () => {
  test('the DOCX, PDF and HTML of any view end with the status table on a page of its own; md and txt do not', async () => {
    const out = tempDir()
    const path = join(ROOT_INPUTS, 'csh-omnibus-cyber-2021.md')
    const result = await cli(['build', path, '--annex', 'status', '--view', 'clean', '--accept', 'MEX', '--format', 'pdf,docx,html,md,txt', '--out', out])
    expect(result.code).toBe(0)
    for (const name of ['csh-omnibus-cyber-2021.clean', 'csh-omnibus-cyber-2021.scenario-accept-MEX']) {
      const pages = execFileSync('pdftotext', ['-layout', join(out, `${name}.pdf`), '-'], { encoding: 'utf8' }).split('\f')
      const annex = pages.findIndex((p) => p.includes('ANNEX'))
      expect(annex).toBeGreaterThan(0)
      expect(pages[annex]).toMatch(/^\s*- ?\d ?-\s+ANNEX\s+STATUS OF PROPOSALS\s+Proposals\s+Reference/)
      expect(pages[annex]).toMatch(/OP4\.1\.2\s+OP4\s+MEX\s+replacement\s+1\s+2\s+OP4\.1\s+pending/)
      const docx = strFromU8(unzipSync(readFileSync(join(out, `${name}.docx`)))['word/document.xml']!)
      expect(docx).toMatch(/<w:pageBreakBefore\/>(?:(?!<\/w:p>).)*ANNEX/)
      expect(readFileSync(join(out, `${name}.html`), 'utf8')).toContain('<h2 class="s-heading new-page">ANNEX</h2>')
      expect(readFileSync(join(out, `${name}.md`), 'utf8')).not.toContain('ANNEX')
      expect(readFileSync(join(out, `${name}.txt`), 'utf8')).not.toContain('ANNEX')
    }
  })

  test("a scenario's annex says what the scenario did with each proposal (PDF, DOCX); a view's annex does not", async () => {
    const out = tempDir()
    const path = join(ROOT_INPUTS, 'csh-omnibus-cyber-2021.md')
    const result = await cli(['build', path, '--annex', 'status', '--view', 'bracketed', '--accept', 'MEX', '--reject', 'COL', '--format', 'pdf,docx', '--out', out])
    expect(result.code).toBe(0)
    const scenario = 'csh-omnibus-cyber-2021.scenario-accept-MEX_reject-COL'
    // COL's proposal (and the bare bracket in it) and its amendment rejected, MEX's accepted, the US
    // proposal around it in brackets (the rest is shown): the state column still says the draft's.
    const expected = [
      ['OP3.1', 'pending', 'rejected'],
      ['OP3.1.1', 'pending', 'rejected'],
      ['OP4.1', 'pending', 'in brackets'],
      ['OP4.1.1', 'pending', 'rejected'],
      ['OP4.1.2', 'pending', 'accepted'],
    ]
    const proposals = docxTables(readFileSync(join(out, `${scenario}.docx`))).find((t) => t[0]![0] === 'Reference')!
    expect(proposals[0]).toEqual(['Reference', 'Paragraph', 'Sponsors', 'Kind', 'Words inserted', 'Words deleted', 'Amends', 'State', 'In this scenario'])
    expect(proposals.slice(1).map((row) => [row[0], row[7], row[8]])).toEqual(expected)
    const annex = execFileSync('pdftotext', ['-layout', join(out, `${scenario}.pdf`), '-'], { encoding: 'utf8' }).split('\f').find((p) => p.includes('ANNEX'))!
    for (const [ref, state, outcome] of expected) expect(annex).toMatch(new RegExp(`^${ref!.replace(/\./g, '\\.')}\\s.*\\s${state}\\s+${outcome!.split(' ')[0]}$`, 'm'))
    // The bracketed view's annex is the draft's status alone.
    const view = docxTables(readFileSync(join(out, 'csh-omnibus-cyber-2021.bracketed.docx'))).find((t) => t[0]![0] === 'Reference')!
    expect(view[0]).toHaveLength(8)
    expect(execFileSync('pdftotext', ['-layout', join(out, 'csh-omnibus-cyber-2021.bracketed.pdf'), '-'], { encoding: 'utf8' })).not.toContain('scenario')
  })

  test("a proposal the scenario accepts inside one it rejects is rejected in its annex, as its document prints it (Spanish words)", async () => {
    const out = tempDir()
    const draft = folderWith({ 'd.md': draftText('1. Tomar nota [US: del informe [MEX: ~~completo~~ de hoy] y] del [COL: plan].', 'title: Prueba\nlang: es') })
    const result = await cli(['build', join(draft, 'd.md'), '--annex', 'status', '--accept', 'MEX', '--reject', 'US', '--format', 'docx', '--out', out])
    expect(result.code).toBe(0)
    expect(result.stderr + result.stdout).toContain('scenario-falls')
    const proposals = docxTables(readFileSync(join(out, 'd.scenario-accept-MEX_reject-US.docx'))).find((t) => t[0]![0] === 'Referencia')!
    expect(proposals.map((row) => [row[0], row.at(-1)])).toEqual([
      ['Referencia', 'En este escenario'],
      ['OP1.1', 'rechazada'],
      ['OP1.1.1', 'rechazada'],
      ['OP1.2', 'entre corchetes'],
    ])
  })

  test('asking for the annex builds outputs built without it again', async () => {
    const out = tempDir()
    const path = join(ROOT_INPUTS, 'csh-omnibus-cyber-2021.md')
    await cli(['build', path, '--view', 'clean', '--format', 'html', '--out', out])
    const again = await cli(['build', path, '--view', 'clean', '--format', 'html', '--annex', 'status', '--out', out])
    expect(again.stderr + again.stdout).toContain('1 file written')
    expect(readFileSync(join(out, 'csh-omnibus-cyber-2021.clean.html'), 'utf8')).toContain('STATUS OF PROPOSALS')
  })
})

const ROOT_INPUTS = join(import.meta.dirname, '..', 'inputs')

/** The text of each cell of each table of a DOCX's body, row by row (paragraphs joined by a space). */
function docxTables(bytes: Uint8Array): string[][][] {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']!)
  const many = new Set(['w:tbl', 'w:tr', 'w:tc', 'w:p', 'w:r', 'w:t'])
  type Node = Record<string, Node[] | string>
  const parsed = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => many.has(name) }).parse(xml) as { 'w:document': { 'w:body': Node } }
  const list = (node: Node, key: string) => (node[key] ?? []) as Node[]
  const textOf = (cell: Node) =>
    list(cell, 'w:p')
      .map((p) => list(p, 'w:r').map((r) => (r['w:t'] as unknown as Array<string | { '#text'?: string }> | undefined ?? []).map((t) => (typeof t === 'string' ? t : t['#text'] ?? '')).join('')).join(''))
      .join(' ')
  return list(parsed['w:document']['w:body'], 'w:tbl').map((table) => list(table, 'w:tr').map((row) => list(row, 'w:tc').map(textOf)))
}

async function cliWithColumns(argv: string[], columns: number) {
  const { main } = await import('../src/cli/main.js')
  let stdout = ''
  let stderr = ''
  const code = await main({ argv, cwd: process.cwd(), columns, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) })
  return { code, stdout, stderr }
}

