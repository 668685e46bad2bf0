/**
 * What `oasgen compare --format json` prints: its zod schema, the one source of truth for the
 * types of `src/compare/` and for `schema/compare.schema.json` (`npm run schema`). The shape is
 * stable: fields are added, never renamed or removed, within `version` 1.
 */
import * as z from 'zod'

/** What happened to a paragraph between two revisions. */
export const PARAGRAPH_CHANGES = ['kept', 'moved', 'new', 'deleted', 'split', 'merged', 'uncertain'] as const
/** What happened to a proposal between two revisions (a matched proposal may have several). */
export const PROPOSAL_CHANGES = ['new', 'withdrawn', 'agreed', 'reopened', 'amended', 'co-sponsored', 'merged', 'moved', 'unchanged', 'uncertain'] as const

export type ParagraphChangeKind = (typeof PARAGRAPH_CHANGES)[number]
export type ProposalChangeKind = (typeof PROPOSAL_CHANGES)[number]

const ref = z.string().describe('A reference as `proposalsOf` numbers it: `OP4`, `PP3`, `OP2.a` (paragraphs), `OP4.1`, `OP4.1.2` (proposals).')

const wordDiff = z
  .array(z.strictObject({ op: z.enum(['same', 'added', 'removed']), text: z.string() }))
  .describe('A word-level diff, in reading order: runs of words kept, added or removed.')

const paragraphChange = z.strictObject({
  change: z
    .enum(PARAGRAPH_CHANGES)
    .describe(
      'kept (in order, perhaps renumbered), moved (out of order), new, deleted, split (the old paragraph cut into several: one line per new paragraph), merged (several old paragraphs joined into one: one line per old paragraph), or uncertain: more than one paragraph matches as well, so none is chosen.',
    ),
  old: ref.optional().describe('Its reference in the old revision (absent for a new paragraph).'),
  new: ref.optional().describe('Its reference in the new revision (absent for a deleted paragraph).'),
  similarity: z.number().min(0).max(1).optional().describe('How alike its texts are (1: the same), for a paragraph in both.'),
  candidates: z.array(ref).optional().describe('For an uncertain paragraph: the paragraphs of the other revision it could be.'),
})

const proposalSide = z.strictObject({
  ref,
  paragraph: ref,
  sponsors: z.array(z.string()).describe('As written; empty for bracketed text with no sponsor.'),
  state: z.enum(['pending', 'agreed', 'withdrawn']),
  kind: z.enum(['insertion', 'deletion', 'replacement']),
  inserted: z.string(),
  deleted: z.string(),
})

const proposalChange = z.strictObject({
  changes: z.array(z.enum(PROPOSAL_CHANGES)).min(1).describe('What changed; `unchanged`, `new` and `uncertain` stand alone.'),
  old: proposalSide.optional().describe('The proposal in the old revision (absent for a new or merged one).'),
  new: proposalSide.optional().describe('The proposal in the new revision (absent when it is gone).'),
  merged: z.array(proposalSide).optional().describe('For `merged`: the old proposals that became this one.'),
  how: z
    .enum(['marked', 'in the text', 'gone'])
    .optional()
    .describe('For `agreed` and `withdrawn`: marked so in its tag, its text now in the base text (agreed), or taken out of the draft (withdrawn).'),
  sponsors: z.strictObject({ added: z.array(z.string()), removed: z.array(z.string()) }).optional().describe('For `co-sponsored`, `merged`.'),
  inserted: wordDiff.optional().describe('For `amended`: its inserted text, old to new.'),
  deleted: wordDiff.optional().describe('For `amended`: the text it deletes, old to new.'),
  candidates: z.array(ref).optional().describe('For `uncertain`: the proposals of the other revision it could be.'),
  marker: z.number().int().positive().optional().describe('Its number in the compare document (the marker ‹n› in the text and the annex), for every change but `unchanged`.'),
})

const baseEdit = z.strictObject({
  old: ref.optional().describe('The paragraph in the old revision (absent when the paragraph is new).'),
  new: ref.optional().describe('The paragraph in the new revision (absent when it was deleted).'),
  removed: z.string().describe('Base text (outside every proposal) taken out.'),
  added: z.string().describe('Base text put in.'),
  context: z.string().describe('The words before it in the new revision (the old one, when deleted), to find it.'),
  line: z.number().int().positive().optional().describe('Where it is in the new revision (the old one, when deleted): its first word added, or the word after the words removed. Absent when the revision was compared without its text (the API).'),
  column: z.number().int().positive().optional().describe('The column of that word, from 1.'),
})

const counts = (keys: readonly string[]) => z.strictObject(Object.fromEntries(keys.map((k) => [k, z.number().int().nonnegative()])))

const revision = z.strictObject({
  label: z.string().describe('How the revision is named: its symbol when the revisions have different ones, else its file name.'),
  path: z.string(),
  pending: z.number().int().nonnegative().describe('Proposals neither agreed nor withdrawn (nor lost with one that is).'),
  bracketedWords: z.number().int().nonnegative().describe('Words the bracketed view prints inside a pending proposal.'),
  paragraphs: z.number().int().nonnegative().describe('Paragraphs (footnotes aside).'),
  free: z.number().int().nonnegative().describe('Of those, paragraphs with no pending proposal.'),
  byDelegation: z.record(z.string(), z.number().int().nonnegative()).describe('Pending proposals per sponsor.'),
})

const comparison = z.strictObject({
  old: z.number().int().nonnegative().describe('Index of the old revision in `revisions`.'),
  new: z.number().int().nonnegative().describe('Index of the new revision in `revisions`.'),
  paragraphs: z.array(paragraphChange).describe('The concordance, in the new revision’s order; deleted paragraphs where they were.'),
  proposals: z.array(proposalChange).describe('Every proposal of either revision, in the new revision’s order; gone ones where they were.'),
  baseEdits: z.array(baseEdit).describe('Changes to text outside every proposal that no agreed proposal explains.'),
  summary: z.strictObject({
    paragraphs: counts(PARAGRAPH_CHANGES),
    proposals: counts(PROPOSAL_CHANGES),
    byDelegation: z.record(z.string(), counts(PROPOSAL_CHANGES)).describe('Per sponsor (`—` for bracketed text with none): its proposals by change.'),
    baseEdits: z.number().int().nonnegative(),
  }),
})

export const compareReportSchema = z.strictObject({
  version: z.literal(1),
  revisions: z.array(revision).min(2).describe('Every revision given, in order, with its figures.'),
  comparisons: z.array(comparison).min(1).describe('Each revision against the one before it.'),
})

export type WordDiff = z.infer<typeof wordDiff>
export type ParagraphChange = z.infer<typeof paragraphChange>
export type ProposalSide = z.infer<typeof proposalSide>
export type ProposalChange = z.infer<typeof proposalChange>
export type BaseEdit = z.infer<typeof baseEdit>
export type RevisionFigures = z.infer<typeof revision>
export type Comparison = z.infer<typeof comparison>
export type CompareReport = z.infer<typeof compareReportSchema>

/** The text of `schema/compare.schema.json`, shipped with the package (`npm run schema`). */
export function compareJsonSchemaText(): string {
  const schema = z.toJSONSchema(compareReportSchema, { target: 'draft-07' }) as Record<string, unknown>
  return JSON.stringify({ $schema: schema.$schema, title: 'oasgen compare --format json', ...schema }, null, 2) + '\n'
}
