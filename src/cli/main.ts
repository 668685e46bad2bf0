/**
 * The command line. `main` takes its world as arguments (argv, output streams, working folder)
 * and returns the exit code; only `bin/oasgen.js` calls `process.exit`.
 *
 * Exit codes: 0 success; 1 a draft has errors (or a template problem); 2 usage error.
 */
import { relative } from 'node:path'
import yargs from 'yargs'
import { buildDraft, checkDraft, findDrafts, UsageError, type DraftResult } from '../build.js'
import { TemplateError, Templates, DEFAULT_TEMPLATES } from '../layout/load.js'
import { FORMATS, type Format } from '../render/types.js'
import { VIEW_NAMES, parseViewKind, type ViewKind } from '../view/views.js'
import { countMessages, formatMessages } from './report.js'

export interface Io {
  argv: string[]
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
}

export const EXIT = { ok: 0, content: 1, usage: 2 } as const

const DEFAULT_FORMATS: Format[] = ['docx']
const DEFAULT_VIEWS: ViewKind[] = ['clean', 'bracketed', 'delegation']

export async function main(io: Io): Promise<number> {
  let code: number = EXIT.ok
  let usageError: string | undefined
  const parser = yargs(io.argv)
    .scriptName('oasgen')
    .usage('$0 <command> [options]\n\nMarkdown drafts of resolutions in, official documents out.')
    .command(
      'build [inputs..]',
      'Render drafts in each view and format',
      (y) =>
        y
          .positional('inputs', { describe: 'Draft files or folders', type: 'string', array: true, default: ['inputs'] })
          .option('view', {
            alias: 'v',
            describe: `View(s): ${Object.keys(VIEW_NAMES).join(', ')}`,
            type: 'string',
            array: true,
          })
          .option('delegation', { alias: 'd', describe: 'Sponsor code(s) for the delegation view (implies --view delegation)', type: 'string', array: true })
          .option('format', { alias: 'f', describe: `Format(s): ${FORMATS.join(', ')}`, type: 'string', array: true })
          .option('out', { alias: 'o', describe: 'Output folder', type: 'string', default: 'outputs' })
          .option('strict', { describe: 'Unknown sponsors, and unagreed text in the clean view, are errors', type: 'boolean', default: false })
          .option('track-changes', { describe: 'DOCX: shown proposals as Word revisions by their sponsors', type: 'boolean', default: false })
          .option('templates', { describe: 'Templates folder (layouts, locales, delegations)', type: 'string' })
          .example('$0 build', 'Every draft in inputs/, every view, DOCX and PDF, into outputs/')
          .example('$0 build draft.md --view clean --format pdf', 'The plenary copy of one draft as PDF')
          .example('$0 build inputs --delegation COL --format docx --track-changes', "Colombia's proposals as Word revisions")
          .example('$0 build --view bracketed --format md --format txt', 'The bracketed working text as Markdown and plain text'),
      async (args) => {
        code = await build(io, {
          inputs: args.inputs as string[],
          views: args.view,
          delegations: args.delegation,
          formats: args.format,
          out: args.out,
          strict: args.strict,
          trackChanges: args['track-changes'],
          templates: args.templates,
        })
      },
    )
    .command(
      'check [inputs..]',
      'Check drafts and report problems, writing nothing',
      (y) =>
        y
          .positional('inputs', { describe: 'Draft files or folders', type: 'string', array: true, default: ['inputs'] })
          .option('strict', { describe: 'Unknown sponsors and unagreed text are errors', type: 'boolean', default: false })
          .option('templates', { describe: 'Templates folder', type: 'string' })
          .example('$0 check inputs/draft.md', 'Report problems in one draft'),
      async (args) => {
        code = await check(io, { inputs: args.inputs as string[], strict: args.strict, templates: args.templates })
      },
    )
    .demandCommand(1, 'Name a command: build or check')
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error && !(error instanceof UsageError)) throw error
      usageError = message ?? error?.message
    })
  try {
    const output = await new Promise<string>((resolveOutput, reject) => {
      parser
        .parseAsync(io.argv, {}, (error, _argv, text) => {
          if (error && !usageError) reject(error)
          else resolveOutput(text)
        })
        .catch(reject)
    })
    if (usageError) {
      io.stderr(`${usageError}\nRun \`oasgen --help\` for usage.\n`)
      return EXIT.usage
    }
    if (output) io.stdout(output + '\n')
    return code
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\nRun \`oasgen --help\` for usage.\n`)
      return EXIT.usage
    }
    if (error instanceof TemplateError) {
      io.stderr(`oasgen: ${error.message}\n`)
      return EXIT.content
    }
    throw error
  }
}

interface BuildArgs {
  inputs: string[]
  views: string[] | undefined
  delegations: string[] | undefined
  formats: string[] | undefined
  out: string
  strict: boolean
  trackChanges: boolean
  templates: string | undefined
}

function parseList<T extends string>(values: string[] | undefined, what: string, parse: (v: string) => T | undefined, fallback: T[]): T[] {
  if (!values || values.length === 0) return fallback
  const out: T[] = []
  for (const raw of values.flatMap((v) => v.split(','))) {
    const value = parse(raw.trim())
    if (!value) throw new UsageError(`Unknown ${what} \`${raw}\``)
    if (!out.includes(value)) out.push(value)
  }
  return out
}

async function build(io: Io, args: BuildArgs): Promise<number> {
  const templates = new Templates(args.templates ?? DEFAULT_TEMPLATES)
  const delegations = (args.delegations ?? []).flatMap((d) => d.split(',')).map((d) => d.trim()).filter(Boolean)
  const defaultViews = delegations.length > 0 && !args.views ? (['delegation'] as ViewKind[]) : DEFAULT_VIEWS
  const views = parseList(args.views, 'view', parseViewKind, defaultViews)
  if (delegations.length > 0 && !views.includes('delegation')) views.push('delegation')
  const formats = parseList(args.formats, 'format', (f) => (FORMATS as readonly string[]).includes(f) ? (f as Format) : undefined, DEFAULT_FORMATS)
  const sources = findDrafts(args.inputs)
  if (sources.length === 0) throw new UsageError(`No drafts (*.md) found in ${args.inputs.join(', ')}`)
  const started = performance.now()
  const results: DraftResult[] = []
  for (const source of sources) {
    let result: DraftResult
    try {
      result = await buildDraft(source, { templates, out: args.out, views, delegations, formats, strict: args.strict, trackChanges: args.trackChanges })
    } catch (error) {
      if (error instanceof TemplateError) throw error
      // A bug of ours, not the draft's: report it plainly and go on with the other drafts.
      io.stderr(`${source.path}  error  oasgen failed on this draft: ${(error as Error).message} (please report this)\n`)
      if (process.env.OASGEN_DEBUG) io.stderr(`${(error as Error).stack}\n`)
      results.push({ source, file: checkDraft(source, { templates, strict: false }).file, outputs: [], failed: true })
      continue
    }
    results.push(result)
    for (const line of formatMessages(result.file)) io.stderr(line + '\n')
    const status = result.failed ? '✗' : '✓'
    const detail = result.failed ? 'not built: it has errors' : `${result.outputs.length} file${result.outputs.length === 1 ? '' : 's'}`
    io.stdout(`${status} ${relative(io.cwd, source.path) || source.path} → ${detail}\n`)
  }
  const failed = results.filter((r) => r.failed).length
  const written = results.reduce((n, r) => n + r.outputs.length, 0)
  const { errors, warnings } = countMessages(results.map((r) => r.file))
  const seconds = ((performance.now() - started) / 1000).toFixed(2)
  io.stdout(`${results.length} draft${results.length === 1 ? '' : 's'}, ${written} file${written === 1 ? '' : 's'} written to ${args.out}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${seconds} s\n`)
  return failed > 0 ? EXIT.content : EXIT.ok
}

async function check(io: Io, args: { inputs: string[]; strict: boolean; templates: string | undefined }): Promise<number> {
  const templates = new Templates(args.templates ?? DEFAULT_TEMPLATES)
  const sources = findDrafts(args.inputs)
  if (sources.length === 0) throw new UsageError(`No drafts (*.md) found in ${args.inputs.join(', ')}`)
  let failed = 0
  const files = []
  for (const source of sources) {
    const draft = checkDraft(source, { templates, strict: args.strict, clean: args.strict })
    files.push(draft.file)
    if (draft.failed) failed++
    for (const line of formatMessages(draft.file)) io.stderr(line + '\n')
  }
  const { errors, warnings } = countMessages(files)
  io.stdout(`${sources.length} draft${sources.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`)
  return failed > 0 ? EXIT.content : EXIT.ok
}
