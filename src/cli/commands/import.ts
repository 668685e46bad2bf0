/**
 * `oasgen import <returned.docx…>`: the revisions of returned copies into the bracketed draft,
 * written to `--out` (atomically) or to standard output. Messages go through the reporters
 * `check` uses; with the draft on standard output they go to standard error (the JSON reporter
 * puts the draft in its object instead).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml'
import { messagesOf, readDraft, templatesAt, UsageError } from '../../build.js'
import { SPONSOR } from '../../draft/annotation/transform.js'
import { checkAuthorMap } from '../../import/authors.js'
import { makeFolder, writeWhole } from '../../io/write.js'
import { importCopies, type ImportCopy } from '../../import/index.js'
import { templatesFolder } from '../../layout/load.js'
import { plural } from '../../words.js'
import { EXIT } from '../exit.js'
import type { Io } from '../main.js'
import { formatMessage, githubAnnotations } from '../messages.js'
import { reporterName } from '../reporter-names.js'

export interface ImportArgs {
  files: string[]
  base: string | undefined
  /** `CODE` (every copy) or `file.docx=CODE`. */
  as: string[]
  authors: string | undefined
  out: string | undefined
  templates: string | undefined
  reporter: string
}

export async function importCommand(io: Io, args: ImportArgs): Promise<number> {
  const reporter = reporterName(args.reporter)
  const templates = templatesAt(templatesFolder(io.cwd, args.templates))
  const asOf = attributions(args.as, args.files)
  const copies: ImportCopy[] = args.files.map((path) => {
    const file = resolve(io.cwd, path)
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`No such file: ${path}`)
    const as = asOf(path)
    return { path, bytes: readFileSync(file), ...(as !== undefined ? { as } : {}) }
  })
  const base = args.base === undefined ? undefined : readBase(io.cwd, args.base)
  const authors = args.authors === undefined ? undefined : readAuthors(io.cwd, args.authors)
  const result = await importCopies(copies, { templates, ...(base ? { base } : {}), ...(authors ? { authors } : {}) })

  const files = result.files.map((file) => ({ path: file.path, messages: messagesOf(file) }))
  const { summary } = result
  const written = !result.failed && args.out !== undefined
  if (written) {
    const target = resolve(io.cwd, args.out!)
    await makeFolder(dirname(target))
    await writeWhole(target, new TextEncoder().encode(result.text!))
  }
  const line = `${plural(summary.copies, 'copy').replace('copys', 'copies')} read: ${plural(summary.proposals, 'proposal')} imported, ${plural(summary.conflicts, 'conflict')}, ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}${result.failed ? '; nothing written' : written ? ` → ${args.out}` : ''}\n`
  const toStdout = !result.failed && args.out === undefined
  if (reporter === 'json') {
    const object = { summary: { ...summary, failed: result.failed, out: written ? args.out : null }, files, ...(toStdout ? { draft: result.text } : {}) }
    io.stdout(JSON.stringify(object, null, 2) + '\n')
    return result.failed ? EXIT.content : EXIT.ok
  }
  // The draft owns standard output when it goes there; everything else is said on standard error.
  const say = toStdout ? io.stderr : io.stdout
  if (reporter === 'github') for (const file of files) say(githubAnnotations(file.path, file.messages))
  else for (const file of files) for (const m of file.messages) io.stderr(formatMessage(file.path, m) + '\n')
  if (toStdout) io.stdout(result.text!)
  say(line)
  return result.failed ? EXIT.content : EXIT.ok
}

/** `--as CODE` for every copy, `--as copy.docx=CODE` for one; a code must be a sponsor code. */
function attributions(given: string[], files: string[]): (path: string) => string | undefined {
  let all: string | undefined
  const byFile = new Map<string, string>()
  for (const entry of given) {
    const eq = entry.lastIndexOf('=')
    const code = eq < 0 ? entry : entry.slice(eq + 1)
    if (!code.split(/\s*[,/]\s*/).every((c) => SPONSOR.test(c))) {
      throw new UsageError(`--as ${entry}: \`${code}\` is not a sponsor code (an upper-case letter and 1–15 letters or digits, as in COL or CAN/US)`)
    }
    if (eq < 0) {
      if (all !== undefined && all !== code) throw new UsageError(`--as ${all} and --as ${code}: name each copy's delegation with --as copy.docx=CODE`)
      all = code
      continue
    }
    const file = entry.slice(0, eq)
    if (!files.some((f) => f === file || basename(f) === file)) throw new UsageError(`--as ${entry}: ${file} is not one of the copies imported`)
    byFile.set(file, code)
  }
  return (path) => byFile.get(path) ?? byFile.get(basename(path)) ?? all
}

function readBase(cwd: string, path: string): { path: string; text: string } {
  const file = resolve(cwd, path)
  if (!existsSync(file)) throw new UsageError(`No such file: ${path} (--base)`)
  const read = readDraft(file)
  if ('problem' in read) throw new UsageError(`--base ${path}: ${read.problem}`)
  if (!('text' in read)) throw new UsageError(`--base ${path} is not UTF-8 text (line ${read.line})`)
  return { path, text: read.text }
}

function readAuthors(cwd: string, path: string): Record<string, string> {
  const file = resolve(cwd, path)
  if (!existsSync(file)) throw new UsageError(`No such file: ${path} (--authors)`)
  let data: unknown
  try {
    data = loadYaml(readFileSync(file, 'utf8'), { schema: CORE_SCHEMA, filename: path })
  } catch (error) {
    throw new UsageError(`--authors ${path} is not valid YAML: ${(error as Error).message}`)
  }
  const map = checkAuthorMap(data)
  if (typeof map === 'string') throw new UsageError(`--authors ${path}: ${map}`)
  return map
}
