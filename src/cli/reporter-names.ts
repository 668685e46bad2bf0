/** The reporters' names: apart from the reporters, so that the option list loads nothing else. */
export const REPORTERS = ['human', 'json', 'github'] as const
export type ReporterName = (typeof REPORTERS)[number]
