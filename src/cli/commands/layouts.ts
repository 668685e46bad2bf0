/** `oasgen layouts`: the layouts and languages a templates folder offers. */
import { templatesAt } from '../../build.js'
import { templatesFolder } from '../../layout/load.js'
import type { Io } from '../main.js'

export interface LayoutsArgs {
  templates: string | undefined
}

export async function layouts(io: Io, args: LayoutsArgs): Promise<number> {
  const templates = templatesAt(templatesFolder(io.cwd, args.templates))
  const languages = templates.languages()
  const rows = (entries: Array<[string, string]>) => {
    const width = Math.max(0, ...entries.map(([name]) => name.length)) + 2
    return entries.map(([name, about]) => `  ${name.padEnd(width)}${about}\n`).join('')
  }
  // Read with the first language: a layout's description does not depend on it, and reading it
  // validates the layout, so a broken one is reported here rather than at build time.
  const first = languages[0] ?? 'en'
  const layoutRows = templates.layouts().map((name): [string, string] => [name, templates.layout(name, first).description])
  const languageRows = languages.map((lang): [string, string] => [lang, templates.locale(lang).name])
  io.stdout(`Layouts (--layout):\n${rows(layoutRows)}\nLanguages (--lang):\n${rows(languageRows)}`)
  return 0
}
