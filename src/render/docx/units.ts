/** Layout lengths are in points; WordprocessingML wants twips and half-points. */
import { AlignmentType } from 'docx'
import type { Language } from '../../draft/frontmatter.js'
import type { ParagraphStyle } from '../../layout/load.js'

/** Points to twentieths of a point. */
export const twips = (points: number): number => Math.round(points * 20)

/** Points to half-points (font sizes). */
export const halfPoints = (points: number): number => Math.round(points * 2)

export function alignment(align: ParagraphStyle['align']): (typeof AlignmentType)[keyof typeof AlignmentType] {
  switch (align) {
    case 'left':
      return AlignmentType.LEFT
    case 'center':
      return AlignmentType.CENTER
    case 'right':
      return AlignmentType.RIGHT
    case 'justify':
      return AlignmentType.JUSTIFIED
  }
}

/** The language tag Word's proofing tools expect for the document's language. */
export const WORD_LANGUAGE: Record<Language, string> = { en: 'en-US', es: 'es-ES', fr: 'fr-FR', pt: 'pt-BR' }

/** The revision and document-property time stamp: W3CDTF, to the second, in UTC. */
export const w3cdtf = (time: Date): string => time.toISOString().replace(/\.\d{3}Z$/, 'Z')
