/**
 * The command line. `main` takes its world as arguments (argv, output, working folder, an
 * abort signal) and returns the exit code; only `bin/oasgen.js` touches `process`.
 *
 * Exit codes: see `EXIT` (exit.ts) and the README's section on faults.
 */
import { relative } from 'node:path'
import yargs, { type Argv, type CommandModule } from 'yargs'
import { UsageError } from '../build.js'
import { EnvironmentError } from '../io/errors.js'
import { TemplateError } from '../layout/load.js'
import { VIEW_NAMES } from '../view/views.js'
import { DEFAULT_FORMATS, FORMATS } from '../render/types.js'
import type { BuildArgs } from './commands/build.js'
import { configDefaults, loadConfig } from './config.js'
import { EXIT } from './exit.js'
import { escapeTerminal } from './messages.js'
import { REPORTERS } from './reporter-names.js'
import { VERSION } from '../version.js'


export { EXIT }

export interface Io {
  argv: string[]
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  /** The terminal for progress bars, when stderr is one. */
  progress?: NodeJS.WriteStream
  /** The width of the terminal stdout is, for tables; undefined when it is not one. */
  columns?: number
  /** Aborts a build (Ctrl-C) or a watch. */
  signal?: AbortSignal
}


export async function main(io: Io): Promise<number> {
  // A command's handler only says what to do; it is done once yargs has finished checking the
  // whole command line (yargs calls a handler before it reports an unknown option).
  let action: (() => Promise<number>) | undefined
  let usageError: string | undefined
  const signal = io.signal ?? new AbortController().signal
  try {
    const parser = commands(yargs(io.argv), io, signal, (a) => (action = a))
      .fail((message, error) => {
        if (error && !(error instanceof UsageError)) throw error
        usageError = message ?? error?.message
      })
    const output = await new Promise<string>((resolveOutput, reject) => {
      parser
        .parseAsync(io.argv, {}, (error, _argv, text) => {
          if (error && !usageError) reject(error)
          else resolveOutput(text)
        })
        .catch(reject)
    })
    if (usageError) {
      io.stderr(`${escapeTerminal(usageError)}\nRun \`oasgen --help\` for usage.\n`)
      return EXIT.usage
    }
    if (output) io.stdout(output + '\n')
    return action ? await action() : EXIT.ok
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${escapeTerminal(error.message)}\nRun \`oasgen --help\` for usage.\n`)
      return EXIT.usage
    }
    if (error instanceof TemplateError) {
      io.stderr(`oasgen: ${escapeTerminal(error.message)}\n`)
      return EXIT.content
    }
    if (error instanceof EnvironmentError) {
      const shown = relative(io.cwd, error.path)
      io.stderr(`oasgen: ${escapeTerminal(shown && !shown.startsWith('..') ? shown : error.path)}: ${error.reason}\n`)
      return EXIT.environment
    }
    throw error
  }
}

/**
 * The scenario options in the order the command line writes them (the first that names a
 * proposal decides it), which yargs does not keep across options; undefined without any.
 */
export function scenarioArgs(argv: string[], more: { rest: 'show' | 'reject' | undefined; name: string | undefined; label?: string | undefined }): BuildArgs['scenario'] {
  const rules: Array<{ choice: 'accept' | 'reject' | 'show'; target: string }> = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break
    const option = /^--(accept|reject|show)(?:=(.*))?$/s.exec(argv[i]!)
    if (!option) continue
    const value = option[2] ?? argv[++i] ?? ''
    for (const target of value.split(',')) rules.push({ choice: option[1] as 'accept' | 'reject' | 'show', target: target.trim() })
  }
  if (rules.length === 0 && more.rest === undefined && more.name === undefined && more.label === undefined) return undefined
  return { rules, rest: more.rest ?? 'show', ...(more.name !== undefined ? { name: more.name } : {}), ...(more.label !== undefined ? { label: more.label } : {}) }
}

/** `oasgen agree` or `oasgen withdraw`: the same command, marking another state. */
function markCommand(name: 'agree' | 'withdraw', state: 'agreed' | 'withdrawn', io: Io, setAction: (action: () => Promise<number>) => void): CommandModule<object, { draft: string; refs: string[]; templates: string | undefined }> {
  const what = state === 'agreed' ? '' : ' (kept for the record, in no view)'
  return {
    command: `${name} <draft> <refs..>`,
    describe: `Mark proposals ${state} in the draft${what}, changing nothing else in it`,
    builder: (a) =>
      a
        .positional('draft', { describe: 'The draft', type: 'string', demandOption: true })
        .positional('refs', { describe: 'Proposal references (OP4.1 OP2.a.1; see `oasgen status`)', type: 'string', array: true, demandOption: true })
        .option('templates', { describe: 'Templates folder', type: 'string' })
        .example(`$0 ${name} draft.md OP4.1 OP2.a.1`, `[COL: …] becomes [COL ${state}: …] in both proposals`) as unknown as Argv<{ draft: string; refs: string[]; templates: string | undefined }>,
    handler: async (args) => {
      const { mark } = await import('./commands/mark.js')
      setAction(() => mark(io, { file: args.draft, refs: args.refs, state, templates: args.templates }))
    },
  }
}

function commands(y: Argv, io: Io, signal: AbortSignal, setAction: (action: () => Promise<number>) => void): Argv {
  return y
    .scriptName('oasgen')
    .usage('$0 <command> [options]\n\nMarkdown drafts of resolutions in, official documents out.')
    .command(
      'build [inputs..]',
      'Render drafts in each view and format',
      (b) =>
        b
          .positional('inputs', { describe: 'Draft files or folders', type: 'string', array: true, default: ['inputs'] })
          .option('view', { alias: 'v', describe: `View(s): ${Object.keys(VIEW_NAMES).join(', ')}`, type: 'string', array: true })
          .option('delegation', { alias: 'd', describe: 'Sponsor code(s) for the delegation view (implies --view delegation)', type: 'string', array: true })
          .option('format', { alias: 'f', describe: `Format(s): ${FORMATS.join(', ')} [default: ${DEFAULT_FORMATS.join(', ')}]`, type: 'string', array: true })
          .option('out', { alias: 'o', describe: 'Output folder', type: 'string', default: 'outputs' })
          .option('strict', { describe: 'Unknown sponsors, and unagreed text in the clean view, are errors', type: 'boolean', default: false })
          .option('track-changes', { describe: 'DOCX: shown proposals as Word revisions by their sponsors', type: 'boolean', default: false })
          .option('templates', { describe: 'Templates folder (layouts, locales, delegations)', type: 'string' })
          .option('jobs', { alias: 'j', describe: 'Drafts built at once [default: the cores]', type: 'number' })
          .option('shard', { describe: 'Build only part K of N of the drafts (K/N), for a CI matrix', type: 'string' })
          .option('force', { describe: 'Rebuild outputs that are up to date', type: 'boolean', default: false })
          .option('reporter', { describe: `How to report: ${REPORTERS.join(', ')}`, type: 'string', default: 'human' })
          .option('watch', { alias: 'w', describe: 'Build again when a draft or template changes', type: 'boolean', default: false })
          .option('max-draft-size', { describe: 'Refuse drafts larger than this (50MB, 512KB; a number is MB)', type: 'string' })
          .option('side-by-side', { describe: 'For each set of language versions (<name>.<lang>.md), the reference and this language in two columns: en, es, fr, pt', type: 'string' })
          .option('accept', { describe: 'Scenario: apply the proposals of these sponsors (COL,US) or these proposals (OP4.1); its document says what it decided, under the title', type: 'string' })
          .option('reject', { describe: 'Scenario: reject the proposals of these sponsors or these proposals', type: 'string' })
          .option('show', { describe: 'Scenario: show the proposals of these sponsors or these proposals', type: 'string' })
          .option('rest', { describe: 'Scenario: what becomes of the proposals no --accept, --reject or --show names', choices: ['show', 'reject'] })
          .option('annex', { describe: 'Append an annex to the DOCX, PDF and HTML: status (the status of proposals)', type: 'string', choices: ['status'] })
          .option('name', { describe: 'Scenario: its name in the file names (<draft>.scenario-<name>.<format>) [default: from the options]', type: 'string' })
          .option('label', { describe: "Scenario: the words that head the line under its title saying what it decided (\"Chair's text\") [default: Scenario, in the document's language]", type: 'string' })
          // oasgen.config.json gives the build's defaults; the command line overrides them.
          .config(configDefaults(loadConfig(io.cwd)?.config ?? {}))
          .example('$0 build', 'Every draft in inputs/, every view, into outputs/')
          .example('$0 build draft.md --view clean --format pdf', 'The plenary copy of one draft as PDF')
          .example('$0 build inputs --delegation COL --format docx --track-changes', "Colombia's proposals as Word revisions")
          .example('$0 build --shard 2/4 --reporter github', 'The second quarter of the drafts, in a CI matrix job')
          .example('$0 build --watch --format pdf', 'Rebuild the PDFs as drafts are saved')
          .example('$0 build drafts --side-by-side es', 'English and Spanish in two columns, bracketed, DOCX and PDF')
          .example('$0 build draft.md --accept COL,US --reject MEX --rest reject --name chair-text', "A chair's text: COL's and US's proposals applied, the others rejected")
          .example('$0 build draft.md --accept OP4.1 --format pdf', 'The text if proposal OP4.1 were accepted, the others shown'),
      async (args) => {
        const buildArgs: BuildArgs = {
          inputs: args.inputs as string[],
          view: args.view,
          delegation: args.delegation,
          format: args.format,
          out: args.out,
          strict: args.strict,
          trackChanges: args['track-changes'],
          annex: args.annex === undefined ? undefined : ([args.annex].flat() as Array<'status'>),
          templates: args.templates,
          jobs: args.jobs,
          shard: args.shard,
          force: args.force,
          reporter: args.reporter,
          watch: args.watch,
          maxDraftSize: args['max-draft-size'],
          sideBySide: args['side-by-side'],
          scenario: scenarioArgs(io.argv, { rest: args.rest as 'show' | 'reject' | undefined, name: args.name, label: args.label }),
        }
        // Each command's modules load only when it runs, to keep start-up short.
        if (args.watch) {
          const { watch } = await import('./commands/watch.js')
          setAction(() => watch(io, buildArgs, signal))
        } else {
          const { build } = await import('./commands/build.js')
          setAction(() => build(io, buildArgs, signal))
        }
      },
    )
    .command(
      'check [inputs..]',
      'Check drafts and report problems, writing nothing',
      (c) =>
        c
          .positional('inputs', { describe: 'Draft files or folders', type: 'string', array: true, default: ['inputs'] })
          .option('strict', { describe: 'Unknown sponsors are errors', type: 'boolean', default: false })
          .option('templates', { describe: 'Templates folder', type: 'string' })
          .option('reporter', { describe: `How to report: ${REPORTERS.join(', ')}`, type: 'string', default: 'human' })
          .example('$0 check inputs/draft.md', 'Report problems in one draft')
          .example('$0 check --reporter github', 'Problems as annotations on a pull request')
          .example('$0 build draft.md --view clean --strict', 'Is it ready for plenary? (every proposal agreed)'),
      async (args) => {
        const { check } = await import('./commands/check.js')
        setAction(() => check(io, { inputs: args.inputs as string[], strict: args.strict, templates: args.templates, reporter: args.reporter }))
      },
    )
    .command(
      'parity <inputs..>',
      'Check that the language versions of a draft agree: structure, proposals, footnotes, figures',
      (c) =>
        c
          .positional('inputs', { describe: 'Drafts (one set), or folders and drafts named <name>.<lang>.md', type: 'string', array: true, demandOption: true })
          .option('reference', { describe: 'The version the others are compared with: en, es, fr, pt [default: the original]', type: 'string' })
          .option('templates', { describe: 'Templates folder', type: 'string' })
          .option('reporter', { describe: `How to report: ${REPORTERS.join(', ')}`, type: 'string', default: 'human' })
          .example('$0 parity drafts/res-cyber.*.md', 'Compare the four versions with the original')
          .example('$0 parity drafts --reference es', 'Every set in drafts/, compared with its Spanish version'),
      async (args) => {
        const { parity } = await import('./commands/parity.js')
        setAction(() => parity(io, { inputs: args.inputs as string[], reference: args.reference, templates: args.templates, reporter: args.reporter }))
      },
    )
    .command(
      'status [inputs..]',
      'Where every proposal stands: a row per proposal, a summary per delegation and per paragraph',
      (t) =>
        t
          .positional('inputs', { describe: 'Draft files or folders', type: 'string', array: true, default: ['inputs'] })
          .option('format', { alias: 'f', describe: 'table (the terminal), md, csv, json (printed); html, docx, pdf (written to --out)', type: 'string', default: 'table' })
          .option('out', { alias: 'o', describe: 'Output folder for html, docx, pdf', type: 'string', default: 'outputs' })
          .option('templates', { describe: 'Templates folder', type: 'string' })
          .example('$0 status draft.md', 'The proposals of a draft, their references and states')
          .example('$0 status inputs --format csv > status.csv', 'Every draft, for a spreadsheet')
          .example('$0 status draft.md --format pdf', 'The status table as a document: outputs/draft.status.pdf'),
      async (args) => {
        const { status } = await import('./commands/status.js')
        setAction(() => status(io, { inputs: args.inputs as string[], format: args.format, out: args.out, templates: args.templates }))
      },
    )
    .command(markCommand('agree', 'agreed', io, setAction))
    .command(markCommand('withdraw', 'withdrawn', io, setAction))
    .command(
      'new <file>',
      'Write a new draft for a layout and language, ready to build',
      (n) =>
        n
          .positional('file', { describe: 'The draft to write', type: 'string', demandOption: true })
          .option('layout', { alias: 'l', describe: 'Layout (see `oasgen layouts`)', type: 'string', default: 'resolution' })
          .option('lang', { describe: 'Language: en, es, fr, pt', type: 'string', default: 'en' })
          .option('force', { describe: 'Overwrite the file if it exists', type: 'boolean', default: false })
          .option('templates', { describe: 'Templates folder', type: 'string' })
          .example('$0 new drafts/cyber.md --layout declaration --lang es', 'A Spanish draft declaration'),
      async (args) => {
        const { newDraft } = await import('./commands/new.js')
        // Only --force on this command line overwrites: a `force` in the config file is for builds.
        const force = args.force && io.argv.some((a) => a === '--force' || a.startsWith('--force='))
        setAction(() => newDraft(io, { file: args.file, layout: args.layout, lang: args.lang, force, templates: args.templates }))
      },
    )
    .command(
      'import <copies..>',
      "Read delegations' Word revisions in returned DOCX copies back into the bracketed draft",
      (i) =>
        i
          .positional('copies', { describe: 'Returned DOCX copies (several are merged into one draft)', type: 'string', array: true, demandOption: true })
          .option('base', { describe: 'The draft the copies were made from [default: the one a --track-changes DOCX carries]', type: 'string' })
          .option('as', { describe: "Every new revision (and untracked change) is this delegation's: CODE for all copies, or copy.docx=CODE", type: 'string', array: true })
          .option('authors', { describe: 'YAML map of revision authors to sponsor codes (jdoe@mission.example: COL)', type: 'string' })
          .option('out', { alias: 'o', describe: 'Write the draft here (atomically) [default: standard output]', type: 'string' })
          .option('templates', { describe: 'Templates folder', type: 'string' })
          .option('reporter', { describe: `How to report: ${REPORTERS.join(', ')}`, type: 'string', default: 'human' })
          .example('$0 import COL.docx --out draft.md', "Colombia's revisions into the draft the copy was made from")
          .example('$0 import COL.docx MEX.docx US.docx --base draft.md --out draft.md', 'Three copies merged into one draft')
          .example('$0 import edited.docx --as MEX --base draft.md', 'A copy edited without track changes: the differences are MEX proposals'),
      async (args) => {
        const { importCommand } = await import('./commands/import.js')
        setAction(() =>
          importCommand(io, {
            files: args.copies as string[],
            base: args.base,
            as: (args.as as string[] | undefined) ?? [],
            authors: args.authors,
            out: args.out,
            templates: args.templates,
            reporter: args.reporter,
          }),
        )
      },
    )
    .command(
      'compare <old> <new> [more..]',
      'What changed between revisions of a draft, proposal by proposal',
      (c) =>
        c
          .positional('old', { describe: 'The earlier revision', type: 'string', demandOption: true })
          .positional('new', { describe: 'The later revision', type: 'string', demandOption: true })
          .positional('more', { describe: 'Later revisions still, in order', type: 'string', array: true })
          .option('format', { alias: 'f', describe: 'The report: txt, md, json; the compare document: html, docx, pdf', type: 'string', default: 'txt' })
          .option('out', { alias: 'o', describe: 'Write to this file [default: the report to stdout, the document to outputs/<new>.compare.<format>]', type: 'string' })
          .option('templates', { describe: 'Templates folder', type: 'string' })
          .option('strict', { describe: 'Exit 1 when a revision changed text outside every proposal or cannot be followed (each change positioned on stderr)', type: 'boolean', default: false })
          .example('$0 compare rev1.md rev2.md', 'What changed, proposal by proposal')
          .example('$0 compare rev1.md rev2.md rev3.md --format md', 'The chain of changes, and how the text converges')
          .example('$0 compare rev1.md rev2.md --format pdf', 'Rev. 2 with a mark per changed proposal, and the annex of changes')
          .example('$0 compare rev1.md rev2.md --format json --out changes.json', 'For other tools (schema/compare.schema.json)')
          .example('$0 compare rev1.md rev2.md --strict', 'Fail when agreed text changed outside every proposal'),
      async (args) => {
        const { compare } = await import('./commands/compare.js')
        const revisions = [args.old, args.new, ...((args.more as string[] | undefined) ?? [])]
        setAction(() => compare(io, { revisions, format: args.format, out: args.out, templates: args.templates, strict: args.strict }))
      },
    )
    .command(
      'layouts',
      'List the layouts and languages',
      (l) => l.option('templates', { describe: 'Templates folder', type: 'string' }),
      async (args) => {
        const { layouts } = await import('./commands/layouts.js')
        setAction(() => layouts(io, { templates: args.templates }))
      },
    )
    .demandCommand(1, 'Name a command: build, check, compare, parity, status, agree, withdraw, import, new or layouts')
    .strict()
    .help()
    .alias('h', 'help')
    // oasgen's own version: left to itself, yargs prints that of the package.json nearest the
    // working folder, the user's project.
    .version(VERSION)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
}
