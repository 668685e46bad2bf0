/** A worker thread of the build pool: builds one draft per task. */
import { buildDraft, type BuildOptions, type DraftReport, type DraftSource, type Previous } from '../build.js'

export interface Task {
  source: DraftSource
  options: BuildOptions
  previous: Previous
}

export default function build({ source, options, previous }: Task): Promise<DraftReport> {
  return buildDraft(source, options, previous)
}
