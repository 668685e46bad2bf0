/**
 * Problems in a draft are positioned messages (vfile messages), each with a rule id from the
 * closed list below. Only programmer mistakes throw.
 */
import type { VFile } from 'vfile'

/** Every rule oasgen reports, with its default severity and what it is about. */
export const RULES = {
  'draft-encoding': { severity: 'error', about: 'The draft is not UTF-8 text.' },
  'draft-unreadable': { severity: 'error', about: 'The draft is not a regular file (a FIFO, a device, a folder, a link that leads nowhere) or cannot be read.' },
  'draft-too-large': { severity: 'error', about: 'The draft is larger than the size limit (--max-draft-size, 50 MB by default).' },
  'draft-empty': { severity: 'warning', about: 'A draft with nothing after its front matter.' },
  'front-matter-missing': { severity: 'error', about: 'The draft does not start with YAML front matter (`---`).' },
  'front-matter-unterminated': { severity: 'error', about: 'The front matter has no closing `---`.' },
  'front-matter-yaml': { severity: 'error', about: 'The front matter is not valid YAML.' },
  'front-matter-type': { severity: 'error', about: 'The front matter is not a map of keys and values.' },
  'front-matter-invalid': { severity: 'error', about: 'A front matter value has the wrong type or value, or `title` is missing.' },
  'front-matter-unknown-key': { severity: 'warning', about: 'A front matter key oasgen does not know.' },
  'annotation-unclosed': { severity: 'error', about: 'A `[` that no `]` closes in its paragraph or list item.' },
  'annotation-stray-close': { severity: 'error', about: 'A `]` that closes no `[`.' },
  'annotation-empty-sponsor': { severity: 'error', about: 'A sponsor list with an empty entry (`[: …]`, `[COL,: …]`).' },
  'annotation-crossing': { severity: 'error', about: 'An annotation that starts and ends in different formatting (emphasis, link).' },
  'annotation-deletion-unclosed': { severity: 'error', about: 'A `~~` that does not close inside its annotation.' },
  'sponsor-unknown': { severity: 'warning', about: 'A sponsor code that is not in the delegation registry (an error under --strict).' },
  'annotation-empty': { severity: 'warning', about: 'A proposal or bracket with nothing in it (`[US: ]`, `[ ]`).' },
  'annotation-tag-like': { severity: 'warning', about: 'A bare bracket whose text looks like a sponsor tag that is not one (`[MÉX: …]`).' },
  'delegation-absent': { severity: 'warning', about: 'A delegation view asked for a sponsor with no proposal in the draft.' },
  'strike-outside-annotation': { severity: 'warning', about: '`~~…~~` outside any annotation has no meaning in an official text.' },
  'footnote-undefined': { severity: 'error', about: 'A footnote reference with no definition.' },
  'footnote-duplicate': { severity: 'warning', about: 'A footnote defined twice: the first definition is used.' },
  'footnote-unused': { severity: 'warning', about: 'A footnote definition that nothing refers to.' },
  'list-restart': { severity: 'warning', about: 'A numbered list after another in the same place, written to go on from it (`4.`): it is numbered from 1.' },
  'clean-unagreed': { severity: 'error', about: 'The clean view under --strict met a proposal that is not agreed.' },
  'clean-rejected': { severity: 'info', about: 'How many proposals the clean view rejected.' },
  'scenario-falls': { severity: 'warning', about: 'A scenario accepts a proposal whose text goes with a rejected proposal around it (or with text an applied one deletes).' },
  'scenario-joint': { severity: 'warning', about: 'A scenario accepts a joint proposal for one sponsor and rejects (or shows) it for another: the first named wins.' },
  'scenario-reference-unknown': { severity: 'error', about: 'A scenario names a proposal reference (`OP4.1`) that the draft does not have.' },
  'symbol-unrecognised': { severity: 'warning', about: 'A document symbol that matches none of the known shapes.' },
  'import-not-docx': { severity: 'error', about: 'import: a file that is not a DOCX oasgen can read (not a zip, no Word document in it, a part that is not XML).' },
  'import-no-base': { severity: 'error', about: 'import: copies made from different drafts, with no --base to merge them into, or a base draft with errors.' },
  'import-new-draft': { severity: 'warning', about: 'import: a copy with no draft and no --base, read as a new draft (its text with every revision rejected).' },
  'import-author-unknown': { severity: 'error', about: 'import: a revision author that maps to no sponsor (map it with --authors, or give the copy with --as).' },
  'import-untracked': { severity: 'warning', about: 'import: text changed without track changes, not imported (use --as CODE to import it).' },
  'import-revision-resolved': { severity: 'warning', about: 'import: a revision oasgen wrote was accepted or rejected in the copy; the draft keeps the proposal.' },
  'import-conflict': { severity: 'warning', about: 'import: two copies change the same words; both are kept, one nested in the other or side by side.' },
  'import-move': { severity: 'warning', about: 'import: moved text, imported as a deletion and an insertion.' },
  'import-comment': { severity: 'warning', about: 'import: a comment, which cannot become a proposal (its author and anchor are given).' },
  'import-formatting': { severity: 'warning', about: 'import: a formatting-only change, which cannot become a proposal.' },
  'import-frame': { severity: 'warning', about: 'import: an edit in the header block or title area, which cannot become a proposal.' },
  'import-paragraphs': { severity: 'warning', about: 'import: paragraphs split or joined, which cannot become a proposal (the edits in them are imported).' },
  'import-unsupported': { severity: 'warning', about: 'import: a table, field, formula, image, endnote or page-header revision, not part of the draft format.' },
  'html-comment-unclosed': { severity: 'error', about: 'An HTML comment never closed: the rest of the draft (or of its list item) would print nothing.' },
  'html-block-text': { severity: 'error', about: 'Raw HTML that holds text of the draft (or is never closed): raw HTML prints nothing.' },
  'code-fence-unclosed': { severity: 'error', about: 'A code fence never closed: the rest of the draft would print as verbatim code.' },
  'definition-unused': { severity: 'warning', about: 'A link definition (`[label]: …`) that no link refers to: it prints nothing.' },
  'character-forbidden': { severity: 'warning', about: 'A character no DOCX (XML 1.0) or web page may hold (U+FFFF, a control character …): printed as U+FFFD.' },
  'preamble-punctuation': { severity: 'warning', about: 'A preambular paragraph that a view prints last still ends with `;` where the last ends with `,`.' },
  'nesting-too-deep': { severity: 'error', about: 'Text nested more than 100 levels deep (brackets, emphasis, lists, quotations; or lists and maps in the front matter).' },
  'internal-error': { severity: 'error', about: 'oasgen failed on a draft: a bug of ours, to report.' },
  'font-missing-glyph': { severity: 'warning', about: 'A character that no font of the layout can draw.' },
  'compare-base-edit': { severity: 'warning', about: 'compare: a revision changed text outside every proposal, and no proposal agreed into the text explains it (an error under compare --strict).' },
  'compare-uncertain': { severity: 'warning', about: 'compare: a paragraph or proposal that cannot be matched with confidence to one of the other revision (an error under compare --strict).' },
  'parity-language': { severity: 'warning', about: 'Language versions of one draft: two in one language, or a file name whose language is not the front matter\'s `lang`.' },
  'parity-front-matter': { severity: 'warning', about: 'A front matter field that does not depend on language (symbol, series, date, template, original, draft, job) differs from the reference version.' },
  'parity-structure': { severity: 'warning', about: 'A paragraph, sub-paragraph, heading or the operative keyword that the reference version has and this one does not, or the other way round.' },
  'parity-proposal-missing': { severity: 'warning', about: 'A proposal of the reference version that this version does not have in that paragraph.' },
  'parity-proposal-extra': { severity: 'warning', about: 'A proposal that the reference version does not have in that paragraph.' },
  'parity-proposal-moved': { severity: 'warning', about: 'A proposal that this version has in another paragraph than the reference version.' },
  'parity-proposal-nesting': { severity: 'warning', about: 'A proposal nested otherwise than in the reference version (in another proposal, or in its deletion rather than its insertion).' },
  'parity-proposal-sponsors': { severity: 'warning', about: 'A proposal whose sponsors, as delegations, are not those of the reference version.' },
  'parity-proposal-kind': { severity: 'warning', about: 'A proposal of another kind (insertion, deletion, replacement) than in the reference version.' },
  'parity-proposal-state': { severity: 'warning', about: 'A proposal in another state (pending, agreed, withdrawn) than in the reference version.' },
  'parity-proposal-order': { severity: 'info', about: 'The same proposals in a paragraph, in another order than in the reference version (word order differs between languages).' },
  'parity-footnote': { severity: 'warning', about: 'A footnote that the reference version refers to from a paragraph and this version does not, or the other way round.' },
  'parity-figures': { severity: 'warning', about: 'Years, document symbols or paragraph numbers cited in a paragraph that differ from the reference version.' },
} as const satisfies Record<string, { severity: 'error' | 'warning' | 'info'; about: string }>

export type RuleId = keyof typeof RULES

/** A 1-based line and column in the draft. */
export interface Place {
  line: number
  column: number
}

export const SOURCE = 'oasgen'

/** Collects the messages of one draft on its vfile. */
export class Diagnostics {
  constructor(
    readonly file: VFile,
    /** Under --strict, warnings of these rules become errors. */
    readonly strictRules: ReadonlySet<RuleId> = new Set(),
  ) {}

  report(rule: RuleId, reason: string, place?: Place): void {
    const severity = this.strictRules.has(rule) ? 'error' : RULES[rule].severity
    const message = this.file.message(reason, { place, ruleId: rule, source: SOURCE })
    message.fatal = severity === 'error' ? true : severity === 'warning' ? false : undefined
  }

  error(rule: RuleId, reason: string, place?: Place): void {
    this.report(rule, reason, place)
  }

  warning(rule: RuleId, reason: string, place?: Place): void {
    this.report(rule, reason, place)
  }

  get hasErrors(): boolean {
    return this.file.messages.some((m) => m.fatal === true)
  }
}

/** The parity rules (`oasgen parity`, and `oasgen check` on a set of language versions). */
export const PARITY_RULES: ReadonlySet<RuleId> = new Set(
  (Object.keys(RULES) as RuleId[]).filter((rule) => rule.startsWith('parity-') && RULES[rule].severity === 'warning'),
)

/** The rules that --strict turns into errors: unknown sponsors, and language versions that drift. */
export const STRICT_RULES: ReadonlySet<RuleId> = new Set(['sponsor-unknown', ...PARITY_RULES])
