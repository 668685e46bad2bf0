/**
 * The page's stylesheet, from the layout alone: the page as a centred sheet on screen and as
 * `@page` in print, the font, one rule per paragraph style (`.s-operative`), the marks of shown
 * proposals, footnote marks, and in print the page numbers and the first page's job code in the
 * page margins.
 */
import { pageNumberParts, type Frame } from '../../layout/compose.js'
import { STYLE_NAMES, type CharacterStyle, type Layout, type ParagraphStyle, type StyleName } from '../../layout/load.js'
import { numberedStyle } from '../../layout/compose.js'
import { MAX_LEVEL } from './blocks.js'
import { cssString } from './escape.js'

const pt = (n: number): string => `${Math.round(n * 100) / 100}pt`

/**
 * Single line spacing in em: (ascent + descent + line gap) of Times New Roman and its
 * metric-compatible faces, as Word and the PDF space lines. The layout's `lineHeight` multiplies it.
 */
const SINGLE_LINE = 1.15

/** Faces with the same metrics as the fonts Word documents name, for machines without them. */
const METRIC_COMPATIBLE: Record<string, string[]> = {
  'Times New Roman': ['Tinos', 'Liberation Serif'],
  'Courier New': ['Cousine', 'Liberation Mono'],
  Arial: ['Arimo', 'Liberation Sans'],
}

function fontStack(family: string, generic: 'serif' | 'monospace'): string {
  return [family, ...(METRIC_COMPATIBLE[family] ?? [])].map(cssString).concat(generic).join(', ')
}

const rule = (selector: string, declarations: string[]): string =>
  declarations.length === 0 ? '' : `${selector} { ${declarations.join('; ')} }`

function paragraphDeclarations(name: StyleName, style: ParagraphStyle, layout: Layout): string[] {
  const out = [`text-align: ${style.align}`]
  if (style.bold !== undefined) out.push(`font-weight: ${style.bold ? 'bold' : 'normal'}`)
  if (style.italic !== undefined) out.push(`font-style: ${style.italic ? 'italic' : 'normal'}`)
  const size = style.size ?? (name === 'footnote' ? layout.font.footnoteSize : undefined)
  if (size !== undefined) out.push(`font-size: ${pt(size)}`)
  if (style.indent !== undefined) out.push(`margin-left: ${pt(style.indent)}`)
  // As in Word, a hanging indent wins over a first-line indent.
  const first = style.hanging !== undefined ? -style.hanging : style.firstLine
  if (first !== undefined) out.push(`text-indent: ${pt(first)}`)
  // Padding, not margins: Word adds the space after one paragraph to the space before the next;
  // CSS margins would collapse them into the larger.
  if (style.spaceBefore !== undefined) out.push(`padding-top: ${pt(style.spaceBefore)}`)
  if (style.spaceAfter !== undefined) out.push(`padding-bottom: ${pt(style.spaceAfter)}`)
  if (style.keepWithNext) out.push('break-after: avoid', 'page-break-after: avoid')
  return out
}

/** The width of a numbered style's label: its hanging indent, else the layout's number width. */
function labelWidth(style: ParagraphStyle): number | undefined {
  return style.hanging ?? style.numberWidth
}

function characterDeclarations(style: CharacterStyle): string[] {
  const out: string[] = []
  if (style.bold !== undefined) out.push(`font-weight: ${style.bold ? 'bold' : 'normal'}`)
  if (style.italic !== undefined) out.push(`font-style: ${style.italic ? 'italic' : 'normal'}`)
  // Always set, so that the browser's own underline of <ins> and strike of <del> are the layout's.
  const lines = [style.underline ? 'underline' : '', style.strike ? 'line-through' : ''].filter(Boolean)
  out.push(`text-decoration-line: ${lines.length > 0 ? lines.join(' ') : 'none'}`)
  return out
}

/** `"- " counter(page) " -"`, or undefined when the layout prints no page numbers. */
function pageNumberContent(layout: Layout): string | undefined {
  return pageNumberParts(layout)
    ?.map((part) => (part === '' ? '' : cssString(part)))
    .join(' counter(page) ')
    .trim()
}

/** `@page` rules: size, margins, page numbers from the layout's first numbered page, the job code. */
function pageRules(layout: Layout, frame: Frame): string[] {
  const { size, margins } = layout.page
  const font = `font-family: ${fontStack(layout.font.family, 'serif')}; font-size: ${pt(layout.styles['page-number'].size ?? layout.font.size)}`
  const number = pageNumberContent(layout)
  const numberBox = number === undefined ? '' : ` @top-center { content: ${number}; ${font} }`
  // CSS has no "from page n" for n > 2; like the DOCX, such a layout is numbered from page 2.
  const firstNumber = number !== undefined && layout.pageNumber.from <= 1 ? numberBox : ' @top-center { content: none }'
  const job =
    frame.firstPageFooter === ''
      ? ''
      : ` @bottom-left { content: ${cssString(frame.firstPageFooter)}; vertical-align: middle; font-family: ${fontStack(layout.font.family, 'serif')}; font-size: ${pt(layout.styles.footer.size ?? layout.font.size)} }`
  return [
    `@page { size: ${pt(size[0])} ${pt(size[1])}; margin: ${pt(margins.top)} ${pt(margins.right)} ${pt(margins.bottom)} ${pt(margins.left)};${numberBox} }`,
    `@page :first {${firstNumber}${job} }`,
  ]
}

export interface SheetOptions {
  /** Space above the title area, so that it stands `header.spaceAfter` below the header block. */
  titleGap: number
}

export function stylesheet(layout: Layout, frame: Frame, options: SheetOptions): string {
  const { size, margins } = layout.page
  const textWidth = size[0] - margins.left - margins.right
  const rightAt = Math.min(layout.header.rightAt, textWidth)
  const css: string[] = [
    ...pageRules(layout, frame),
    ':root { color-scheme: light }',
    'html { background: #e9e9e9 }',
    `body { margin: 0; padding: 24px 0; color: #000; font-family: ${fontStack(layout.font.family, 'serif')}; font-size: ${pt(layout.font.size)}; line-height: ${Math.round(SINGLE_LINE * layout.font.lineHeight * 1000) / 1000} }`,
    `.sheet { box-sizing: border-box; display: flex; flex-direction: column; width: ${pt(size[0])}; min-height: ${pt(size[1])}; margin: 0 auto; padding: ${pt(margins.top)} ${pt(margins.right)} ${pt(margins.bottom)} ${pt(margins.left)}; background: #fff; box-shadow: 0 1px 4px rgb(0 0 0 / 35%) }`,
    // The browser's own spacing and sizes go; the paragraph styles below say everything (:where()
    // weighs nothing, so that any style rule wins).
    ':where(.sheet) :where(p, h1, h2, h3, h4, h5, h6, blockquote, pre) { margin: 0; padding: 0; font: inherit }',
    `.header-block { display: grid; grid-template-columns: ${pt(rightAt)} 1fr; break-inside: avoid; page-break-inside: avoid }`,
    options.titleGap > 0 ? `.title-area { padding-top: ${pt(options.titleGap)} }` : '',
    '.text { flex: 1 0 auto }',
    // Paragraph styles.
    ...STYLE_NAMES.map((name) => rule(`.s-${name}`, paragraphDeclarations(name, layout.styles[name], layout))),
    `.s-code, code { font-family: ${fontStack(layout.font.mono, 'monospace')}; font-size: 1em }`,
    '.s-code { white-space: pre-wrap }',
    // Labels: an inline block as wide as the space between the label and the text.
    '.label { display: inline-block; white-space: pre; text-indent: 0; text-align: left }',
    ...(['operative', 'subparagraph', 'subsubparagraph', 'bullet'] as const).map((name) => {
      const width = labelWidth(layout.styles[name])
      return width === undefined ? '' : `.s-${name} > .label { min-width: ${pt(width)} }`
    }),
    // Deeper bullets step in by half an inch; further paragraphs of a sub-paragraph sit at its text.
    ...Array.from({ length: MAX_LEVEL }, (_, i) => `.s-bullet.l${i + 1} { margin-left: ${pt((layout.styles.bullet.indent ?? 0) + i * 36)} }`),
    ...Array.from({ length: MAX_LEVEL - 1 }, (_, i) => {
      const level = i + 2
      return `.s-continuation.l${level} { margin-left: ${pt(layout.styles[numberedStyle(level)].indent ?? 0)}; text-indent: 0 }`
    }),
    'hr.rule { border: 0; border-top: 0.75pt solid currentColor; margin: 0 0 12pt }',
    // Tables: the layout's rules and padding; a section that starts a page (an annex) does so in print.
    `.s-table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 ${pt(layout.table.spaceAfter)} }`,
    `.s-table th, .s-table td { border: ${pt(layout.table.rule)} solid currentColor; padding: ${pt(layout.table.padding)}; vertical-align: top; overflow-wrap: anywhere }`,
    rule('.s-table th', paragraphDeclarations('table-header', layout.styles['table-header'], layout)),
    rule('.s-table td', paragraphDeclarations('table-cell', layout.styles['table-cell'], layout)),
    `.s-table th, .s-table td { padding: ${pt(layout.table.padding)} }`,
    '.s-table thead { display: table-header-group }',
    '.s-table tr { break-inside: avoid; page-break-inside: avoid }',
    '@media print { .new-page { break-before: page; page-break-before: always } }',
    // Shown proposals.
    rule('.sponsor', characterDeclarations(layout.marks.sponsor)),
    rule('ins', characterDeclarations(layout.marks.insertion)),
    rule('del', characterDeclarations(layout.marks.deletion)),
    // Word draws its lines through descenders; so does the page.
    'ins, del, s, .sponsor { text-decoration-skip-ink: none }',
    // Footnotes.
    layout.footnotes.markSuperscript
      ? '.footnote-mark { vertical-align: super; font-size: smaller; line-height: 0 }'
      : '.footnote-mark { vertical-align: baseline; font-size: inherit }',
    'a { color: #0b4da2 }',
    'a.footnote-ref, a.footnote-number { color: inherit; text-decoration: none }',
    'a.footnote-ref:hover, a.footnote-number:hover, a.footnote-ref:focus, a.footnote-number:focus { text-decoration: underline }',
    '.footnotes { padding-top: 12pt }',
    '.footnotes > hr { width: 144pt; margin: 0 0 6pt; border: 0; border-top: 0.75pt solid currentColor }',
    '.footnote:target { background: #fff6bf }',
    '.job { padding-top: 12pt }',
    // Narrow screens: the sheet becomes the page.
    `@media screen and (max-width: ${Math.ceil((size[0] * 4) / 3) + 24}px) { body { padding: 0 } .sheet { width: auto; min-height: 0; padding: 16px; box-shadow: none } .header-block { grid-template-columns: 1fr 1fr } }`,
    // Print: the sheet is the printed page; the page margins come from @page.
    '@media print { html { background: none } body { padding: 0 } .sheet { display: block; width: auto; min-height: 0; padding: 0; box-shadow: none } .job { display: none } a { color: inherit } p, blockquote { orphans: 2; widows: 2 } }',
  ]
  return css.filter(Boolean).join('\n')
}
