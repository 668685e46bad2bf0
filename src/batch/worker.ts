/** A worker thread of the build pool: builds one draft per task. */
import { buildDraft, type BuildOptions, type DraftReport, type DraftSource, type Previous } from '../build.js'
import { TemplateError } from '../layout/load.js'

export interface Task {
  source: DraftSource
  options: BuildOptions
  previous: Previous
}

/** A broken templates folder stops the whole build; an error's class does not cross threads, so it is said as data. */
export type TaskResult = DraftReport | { templateError: string }

export default async function build({ source, options, previous }: Task): Promise<TaskResult> {
  try {
    return await buildDraft(source, options, previous)
  } catch (error) {
    if (error instanceof TemplateError) return { templateError: error.message }
    throw error
  }
}
