/** A worker thread of the build pool: builds one draft per task. */
import { buildDraft, type BuildOptions, type DraftReport, type DraftSource, type Previous } from '../build.js'
import { toStop, type Stop } from './stop.js'

export interface Task {
  source: DraftSource
  options: BuildOptions
  previous: Previous
}

/** A draft's report, or what stops the whole build (see stop.ts), said as data. */
export type TaskResult = DraftReport | { stop: Stop }

export default async function build({ source, options, previous }: Task): Promise<TaskResult> {
  try {
    return await buildDraft(source, options, previous)
  } catch (error) {
    const stop = toStop(error)
    if (stop) return { stop }
    throw error
  }
}
