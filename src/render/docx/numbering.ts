/**
 * Real Word numbering: one abstract numbering for numbered paragraphs, its level formats and
 * suffixes from `layout.numbering` (`%1.`, `%2.`, `%3)`), its indents from the paragraph styles of
 * each level; a concrete instance per list of the document (`listIndex`), so numbering restarts
 * in each list and each document. Bullets get an abstract numbering of their own.
 */
import { LevelFormat, LevelSuffix, type ILevelsOptions, type INumberingOptions } from 'docx'
import { bulletGlyph, bulletStep, numberedStyle, numberingLevel } from '../../layout/compose.js'
import type { Layout } from '../../layout/load.js'
import { twips } from './units.js'

export const NUMBERED = 'oas-numbered'
export const BULLETED = 'oas-bulleted'

/** Word has nine list levels. */
const LEVELS = 9


/** The Word level (0–8) of a model level (1–…). */
export const wordLevel = (level: number): number => Math.min(Math.max(level, 1), LEVELS) - 1

/**
 * Where a numbered level puts its label and its text: with a hanging indent, the label hangs
 * in the indent; with a first-line indent, the label starts there and the text follows after
 * `numberWidth` (a tab stop), or after a space when the style gives no width.
 */
function numberedLevel(layout: Layout, index: number): ILevelsOptions {
  const level = index + 1
  const { format, suffix } = numberingLevel(layout, level)
  const style = layout.styles[numberedStyle(level)]
  const left = style.indent ?? 0
  const hanging = style.hanging
  const firstLine = style.firstLine ?? 0
  const tabStop = hanging === undefined && style.numberWidth !== undefined ? left + firstLine + style.numberWidth : undefined
  return {
    level: index,
    format: LevelFormat[FORMATS[format]],
    text: `%${level}${suffix}`,
    start: 1,
    suffix: hanging !== undefined || tabStop !== undefined ? LevelSuffix.TAB : LevelSuffix.SPACE,
    style: {
      paragraph: {
        indent: hanging !== undefined ? { left: twips(left), hanging: twips(hanging) } : { left: twips(left), firstLine: twips(firstLine) },
        ...(tabStop !== undefined ? { leftTabStop: twips(tabStop) } : {}),
      },
    },
  }
}

const FORMATS = {
  decimal: 'DECIMAL',
  lowerLetter: 'LOWER_LETTER',
  upperLetter: 'UPPER_LETTER',
  lowerRoman: 'LOWER_ROMAN',
  upperRoman: 'UPPER_ROMAN',
} as const

/** Left indent of a bullet at `index` (0-based level): the bullet style's, one step in per level. */
export function bulletIndent(layout: Layout, index: number): number {
  return (layout.styles.bullet.indent ?? 0) + bulletStep(index + 1)
}

function bulletLevel(layout: Layout, index: number): ILevelsOptions {
  const hanging = layout.styles.bullet.hanging ?? 18
  return {
    level: index,
    format: LevelFormat.BULLET,
    text: bulletGlyph(index + 1),
    suffix: LevelSuffix.TAB,
    style: { paragraph: { indent: { left: twips(bulletIndent(layout, index)), hanging: twips(hanging) } } },
  }
}

export function numbering(layout: Layout): INumberingOptions {
  const indexes = Array.from({ length: LEVELS }, (_, i) => i)
  return {
    config: [
      { reference: NUMBERED, levels: indexes.map((i) => numberedLevel(layout, i)) },
      { reference: BULLETED, levels: indexes.map((i) => bulletLevel(layout, i)) },
    ],
  }
}
