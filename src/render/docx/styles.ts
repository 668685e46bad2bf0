/**
 * Named Word styles from the layout: one paragraph style per layout style name (`OASOperative`,
 * "OAS Operative Paragraph") and the character styles of shown proposals and footnote marks, so
 * an editor restyles the document in Word by changing a style.
 */
import { LineRuleType, UnderlineType, type IParagraphStyleOptions, type IStylesOptions } from 'docx'
import { STYLE_NAMES, type CharacterStyle, type Layout, type ParagraphStyle, type StyleName } from '../../layout/load.js'
import { alignment, halfPoints, twips, WORD_LANGUAGE } from './units.js'

/** The names Word shows for each layout style. */
const READABLE: Record<StyleName, string> = {
  organ: 'Organ',
  header: 'Header Block',
  symbol: 'Symbol',
  'draft-label': 'Draft Label',
  title: 'Title',
  note: 'Note',
  delegation: 'Delegation',
  heading: 'Heading',
  opening: 'Opening',
  preamble: 'Preamble',
  keyword: 'Operative Keyword',
  body: 'Body',
  quote: 'Quote',
  code: 'Code',
  operative: 'Operative Paragraph',
  subparagraph: 'Sub-paragraph',
  subsubparagraph: 'Sub-sub-paragraph',
  bullet: 'Bullet',
  continuation: 'Continuation',
  footnote: 'Footnote',
  footer: 'First Page Footer',
  'page-number': 'Page Number',
  'table-header': 'Table Header',
  'table-cell': 'Table Cell',
}

/** `draft-label` → `OASDraftLabel`. */
export function styleId(name: StyleName): string {
  return 'OAS' + name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')
}

/** The character styles. */
export const CHAR = {
  sponsor: 'OASSponsorTag',
  insertion: 'OASInsertion',
  deletion: 'OASDeletion',
  footnoteMark: 'OASFootnoteMark',
} as const

/** The monospace face for code (`font.mono` in the layout). */
export function monoFont(layout: Layout): string {
  return layout.font.mono
}

/** Paragraph properties of a layout style, as a style or numbering level writes them. */
export function paragraphProperties(style: ParagraphStyle, layout: Layout) {
  return {
    alignment: alignment(style.align),
    indent: {
      left: twips(style.indent ?? 0),
      ...(style.hanging !== undefined ? { hanging: twips(style.hanging) } : style.firstLine !== undefined ? { firstLine: twips(style.firstLine) } : {}),
    },
    spacing: {
      before: twips(style.spaceBefore ?? 0),
      after: twips(style.spaceAfter ?? 0),
      line: Math.round(layout.font.lineHeight * 240),
      lineRule: LineRuleType.AUTO,
    },
    keepNext: style.keepWithNext ?? false,
  }
}

function paragraphStyle(name: StyleName, layout: Layout): IParagraphStyleOptions {
  const style = layout.styles[name]
  const size = style.size ?? (name === 'footnote' ? layout.font.footnoteSize : undefined)
  return {
    id: styleId(name),
    name: `OAS ${READABLE[name]}`,
    basedOn: 'Normal',
    next: name === 'opening' ? styleId('preamble') : name === 'keyword' ? styleId('operative') : styleId(name),
    quickFormat: true,
    paragraph: paragraphProperties(style, layout),
    run: {
      ...(style.bold !== undefined ? { bold: style.bold } : {}),
      ...(style.italic !== undefined ? { italics: style.italic } : {}),
      ...(size !== undefined ? { size: halfPoints(size) } : {}),
      ...(name === 'code' ? { font: monoFont(layout) } : {}),
    },
  }
}

function characterRun(style: CharacterStyle) {
  return {
    ...(style.bold !== undefined ? { bold: style.bold } : {}),
    ...(style.italic !== undefined ? { italics: style.italic } : {}),
    ...(style.underline ? { underline: { type: UnderlineType.SINGLE } } : {}),
    ...(style.strike !== undefined ? { strike: style.strike } : {}),
  }
}

export function styles(layout: Layout): IStylesOptions {
  const { marks } = layout
  return {
    default: {
      document: {
        run: { font: layout.font.family, size: halfPoints(layout.font.size), language: { value: WORD_LANGUAGE[layout.lang] } },
        paragraph: { spacing: { before: 0, after: 0, line: Math.round(layout.font.lineHeight * 240), lineRule: LineRuleType.AUTO } },
      },
      // LibreOffice prints a note's own number in Word's "footnote reference" style; the layout's
      // prefix (`1. `) wants it at the size of the note's text, not raised. Our references in the
      // text have their own style (OAS Footnote Mark).
      footnoteReference: { run: {} },
    },
    paragraphStyles: STYLE_NAMES.map((name) => paragraphStyle(name, layout)),
    characterStyles: [
      { id: CHAR.sponsor, name: 'OAS Sponsor Tag', quickFormat: true, run: characterRun(marks.sponsor) },
      { id: CHAR.insertion, name: 'OAS Proposed Insertion', quickFormat: true, run: characterRun(marks.insertion) },
      { id: CHAR.deletion, name: 'OAS Proposed Deletion', quickFormat: true, run: characterRun(marks.deletion) },
      {
        id: CHAR.footnoteMark,
        name: 'OAS Footnote Mark',
       
        run: layout.footnotes.markSuperscript ? { superScript: true } : {},
      },
    ],
  }
}
