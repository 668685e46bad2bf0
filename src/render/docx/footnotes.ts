/**
 * Native Word footnotes, numbered in order of first reference. Their text starts with the
 * layout's prefix (`1. `) in place of Word's automatic number, since the reference in the text
 * carries its own mark (`1/`); `package.ts` removes the automatic number docx puts there.
 */
import { Paragraph, TextRun } from 'docx'
import { footnotePrefix } from '../../layout/compose.js'
import type { Footnote } from '../../model/types.js'
import { renderRuns, type RunContext } from './runs.js'
import { styleId } from './styles.js'

export function footnotes(notes: Footnote[], ctx: RunContext): Record<string, { children: Paragraph[] }> {
  const out: Record<string, { children: Paragraph[] }> = {}
  for (const note of notes) {
    const paragraphs = note.paragraphs.length > 0 ? note.paragraphs : [[]]
    out[String(note.number)] = {
      children: paragraphs.map((content, i) => {
        const { children } = renderRuns(content, ctx)
        const prefix = i === 0 ? [new TextRun(footnotePrefix(ctx.layout, note.number))] : []
        return new Paragraph({ style: styleId('footnote'), children: [...prefix, ...children] })
      }),
    }
  }
  return out
}
