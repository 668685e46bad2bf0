/**
 * Native Word footnotes, numbered in order of first reference. Their text starts with the
 * layout's prefix (`1. `): the note's own number (`w:footnoteRef`, in no character style, so at the
 * size of the note's text), then the rest of the prefix as text. `package.ts` removes the
 * superscript number docx puts first in every note.
 */
import { BuilderElement, Paragraph, TextRun, type ParagraphChild } from 'docx'
import { aroundNumber, footnotePrefix } from '../../layout/compose.js'
import type { Footnote } from '../../model/types.js'
import { renderRuns, type RunContext } from './runs.js'
import { styleId } from './styles.js'

/** The note's number, as Word and LibreOffice print it; `<w:r><w:footnoteRef/></w:r>`. */
const footnoteNumber = (): ParagraphChild => new TextRun({ children: [new BuilderElement({ name: 'w:footnoteRef' })] })

/** The runs the layout's prefix opens a note with: the note's number where the prefix has it. */
function prefixRuns(prefix: string, n: number): ParagraphChild[] {
  const around = aroundNumber(prefix, n)
  if (around === undefined) return prefix === '' ? [] : [new TextRun(prefix)]
  const [before, after] = around
  return [...(before !== '' ? [new TextRun(before)] : []), footnoteNumber(), ...(after !== '' ? [new TextRun(after)] : [])]
}

export function footnotes(notes: Footnote[], ctx: RunContext): Record<string, { children: Paragraph[] }> {
  const out: Record<string, { children: Paragraph[] }> = {}
  for (const note of notes) {
    const paragraphs = note.paragraphs.length > 0 ? note.paragraphs : [[]]
    out[String(note.number)] = {
      children: paragraphs.map((content, i) => {
        const { children } = renderRuns(content, ctx)
        const prefix = i === 0 ? prefixRuns(footnotePrefix(ctx.layout, note.number), note.number) : []
        return new Paragraph({ style: styleId('footnote'), children: [...prefix, ...children] })
      }),
    }
  }
  return out
}
