/**
 * The draft `oasgen new` writes: the layout's `skeleton` templates (front matter and body) over
 * the locale's `skeleton` words. Nothing here knows one layout or language from another; the
 * words and the shape are data in `templates/`. A skeleton must check cleanly (no error, no
 * warning): one that does not is a mistake in the templates, reported as such.
 */
import Handlebars from 'handlebars'
import { stringify } from 'yaml'
import type { Language } from '../draft/frontmatter.js'
import { parseDraft } from '../draft/parse.js'
import { TemplateError, type Templates } from './load.js'

const hb = Handlebars.create()

/** The text of a new draft for `layout` in `lang`, checked. */
export function skeleton(templates: Templates, layout: string, lang: Language): string {
  const data = templates.layout(layout, lang)
  const where = `templates/layouts/${layout}/layout.yaml`
  if (!data.skeleton) throw new TemplateError(`${where} has no \`skeleton\`: \`oasgen new\` cannot write a draft for it`)
  const { front, body, ...placeholders } = data.skeleton
  const context = { ...placeholders, layout, lang, kind: data.kind, t: data.locale.labels, s: data.locale.skeleton }
  const helpers: Record<string, Handlebars.HelperDelegate> = {
    yaml: (value: unknown) => {
      if (typeof value !== 'string') throw new Error(`yaml: expected a word (a string), got ${JSON.stringify(value)}`)
      return stringify(value, { lineWidth: 0 }).trimEnd()
    },
    word: (words: unknown, key: unknown) => {
      const value = typeof words === 'object' && words !== null ? (words as Record<string, unknown>)[String(key)] : undefined
      if (typeof value !== 'string') throw new Error(`word: no word ${JSON.stringify(key)} among ${JSON.stringify(words)}`)
      return value
    },
  }
  const render = (part: 'front' | 'body', source: string): string => {
    try {
      return hb.compile(source, { strict: true, noEscape: true })(context, { helpers, allowProtoPropertiesByDefault: false })
    } catch (error) {
      const message = (error as Error).message.split('\n')[0]
      throw new TemplateError(`${where}: skeleton.${part} failed for ${lang} (templates/locales/${lang}.yaml, \`skeleton\`): ${message}`)
    }
  }
  const text = `---\n${render('front', front).trimEnd()}\n---\n\n${render('body', body).trimEnd()}\n`
  const draft = parseDraft(text, { path: `new ${layout} ${lang}`, templates })
  if (draft.file.messages.length > 0) {
    const problems = draft.file.messages.map((m) => `  ${m.line ?? 1}:${m.column ?? 1}  ${m.reason}  ${m.ruleId ?? ''}`).join('\n')
    throw new TemplateError(`${where}: the skeleton in ${lang} does not check cleanly:\n${problems}\n${text}`)
  }
  return text
}
