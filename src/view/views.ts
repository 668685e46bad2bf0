/** The views of a draft, and their names on the command line and in file names. */

export type View = { kind: 'clean' } | { kind: 'bracketed' } | { kind: 'delegation'; sponsor: string }
export type ViewKind = View['kind']

/** View names the command line accepts, with their aliases. */
export const VIEW_NAMES: Record<string, ViewKind> = {
  clean: 'clean',
  bracketed: 'bracketed',
  full: 'bracketed',
  'full-bracketed': 'bracketed',
  delegation: 'delegation',
}

export function parseViewKind(name: string): ViewKind | undefined {
  return Object.hasOwn(VIEW_NAMES, name) ? VIEW_NAMES[name] : undefined
}

/** The view's part of an output file name: `clean`, `bracketed`, `delegation-COL`. */
export function viewFileName(view: View): string {
  return view.kind === 'delegation' ? `delegation-${view.sponsor}` : view.kind
}
