/** The reporters' names: apart from the reporters, so that the option list loads nothing else. */
import { UsageError } from '../build.js'
export const REPORTERS = ['human', 'json', 'github'] as const
export type ReporterName = (typeof REPORTERS)[number]

/** The reporter a name on the command line means; an unknown name is a usage error. */
export function reporterName(name: string): ReporterName {
  if (!(REPORTERS as readonly string[]).includes(name)) throw new UsageError(`Unknown reporter \`${name}\`; the reporters are ${REPORTERS.join(', ')}`)
  return name as ReporterName
}
