/**
 * `oasgen agree <draft> <refs..>` and `oasgen withdraw <draft> <refs..>`: mark proposals in the
 * draft itself, in the room, changing nothing else in the file (src/proposals/mark.ts), written
 * whole or not at all. Marking what is already so writes nothing.
 */
import { chmodSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { checkDraft, messagesOf, readDraft, templatesAt, UsageError } from '../../build.js'
import { parseDraft } from '../../draft/parse.js'
import { writeWhole } from '../../io/write.js'
import { templatesFolder } from '../../layout/load.js'
import { MarkError, markProposals, type Mark } from '../../proposals/mark.js'
import { proposalsOf } from '../../proposals/proposals.js'
import { isReference, normalRef } from '../../proposals/references.js'
import { EXIT } from '../exit.js'
import type { Io } from '../main.js'
import { formatMessage } from '../messages.js'

export interface MarkArgs {
  file: string
  refs: string[]
  state: Mark
  templates: string | undefined
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf])

export async function mark(io: Io, args: MarkArgs): Promise<number> {
  const refs = args.refs.flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean)
  if (refs.length === 0) throw new UsageError(`Name the proposals to mark ${args.state}, by reference: \`oasgen ${verb(args.state)} ${args.file} OP4.1\``)
  const bad = refs.find((r) => !isReference(r))
  if (bad) throw new UsageError(`\`${bad}\` is not a proposal's reference (OP4.1, OP2.a.1, PP3.1, OP4.1.2); \`oasgen status ${args.file}\` lists them`)
  const path = resolve(io.cwd, args.file)
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`No such draft: ${args.file}`)
  const templates = templatesAt(templatesFolder(io.cwd, args.templates))
  const source = { path: args.file, file: path, stem: '' }
  const read = readDraft(path)
  const draft = checkDraft(source, { templates, strict: false }, read)
  if (draft.failed || !('text' in read)) {
    for (const m of messagesOf(draft.file)) if (m.severity === 'error') io.stderr(formatMessage(args.file, m) + '\n')
    io.stderr(`${args.file} has errors: nothing was marked; fix them first (\`oasgen check ${args.file}\`)\n`)
    return EXIT.content
  }
  let marked
  try {
    marked = markProposals(read.text, draft.tree, refs.map(normalRef), args.state)
  } catch (error) {
    if (!(error instanceof MarkError)) throw error
    io.stderr(error.message.split('\n').map((line) => `${args.file}  error  ${line}\n`).join('') + `Nothing was marked.\n`)
    return EXIT.usage
  }
  const lines = marked.results.map(({ ref, tag, before, moot }) => {
    const was = before === args.state ? `was ${before} already` : before === 'pending' ? args.state : `${args.state} (was ${before})`
    return `${ref} (${tag}) ${was}${moot ? '; its text is gone in every view (it sits in a withdrawn proposal, or in text an agreed one deletes)' : ''}`
  })
  if (marked.text === read.text) {
    io.stdout(`${args.file}: nothing to change: ${lines.join('; ')}\n`)
    return EXIT.ok
  }
  check(marked.text, draft.tree, refs.map(normalRef), args.state, templates, args.file)
  const bytes = Buffer.from(marked.text, 'utf8')
  const original = statSync(path)
  const hadBom = readFileSync(path).subarray(0, 3).equals(BOM)
  await writeWhole(path, hadBom ? Buffer.concat([BOM, bytes]) : bytes)
  chmodSync(path, original.mode & 0o7777)
  io.stdout(`✓ ${args.file}: ${lines.join('; ')}\n`)
  return EXIT.ok
}

const verb = (state: Mark) => (state === 'agreed' ? 'agree' : 'withdraw')

/**
 * The marked text read again has the same proposals, the same references, and only the marked
 * ones changed state: anything else is a bug of ours, and nothing is written.
 */
function check(text: string, before: Parameters<typeof proposalsOf>[0], refs: string[], state: Mark, templates: ReturnType<typeof templatesAt>, path: string): void {
  const again = parseDraft(text, { path, templates })
  const old = proposalsOf(before).proposals
  const now = proposalsOf(again.tree).proposals
  const same =
    !again.failed &&
    old.length === now.length &&
    old.every((p, i) => {
      const q = now[i]!
      const marked = refs.some((r) => r.toUpperCase() === p.ref.toUpperCase())
      return q.ref === p.ref && q.tag === p.tag && q.state === (marked ? state : p.state)
    })
  if (!same) throw new Error(`marking ${refs.join(', ')} ${state} would change the draft otherwise than asked; nothing was written`)
}
