/** `oasgen new <file>`: write a draft skeleton for a layout and language that builds cleanly at once. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { templatesAt, UsageError } from '../../build.js'
import { LANGUAGES, type Language } from '../../draft/frontmatter.js'
import { templatesFolder } from '../../layout/load.js'
import { skeleton } from '../../layout/skeleton.js'
import type { Io } from '../main.js'

export interface NewArgs {
  file: string
  layout: string
  lang: string
  force: boolean
  templates: string | undefined
}

export async function newDraft(io: Io, args: NewArgs): Promise<number> {
  const templates = templatesAt(templatesFolder(io.cwd, args.templates))
  const layouts = templates.layouts()
  if (!layouts.includes(args.layout)) throw new UsageError(`Unknown layout \`${args.layout}\`; the layouts are: ${layouts.join(', ')}`)
  const languages = templates.languages()
  if (!(LANGUAGES as readonly string[]).includes(args.lang) || !languages.includes(args.lang as Language)) {
    throw new UsageError(`Unknown language \`${args.lang}\`; the languages are: ${languages.join(', ')}`)
  }
  const text = skeleton(templates, args.layout, args.lang as Language)
  const path = resolve(io.cwd, args.file)
  mkdirSync(dirname(path), { recursive: true })
  try {
    // `wx` refuses an existing file without a window between checking and writing.
    writeFileSync(path, text, { flag: args.force ? 'w' : 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${args.file} exists; choose another name, or overwrite it with --force`)
    throw error
  }
  io.stdout(`✓ ${args.file}: a new ${args.layout} in ${templates.locale(args.lang as Language).name}; build it with \`oasgen build ${args.file}\`\n`)
  return 0
}
