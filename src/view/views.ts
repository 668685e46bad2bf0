/** The views of a draft, and their names on the command line and in file names. */
import type { Scenario } from './scenario.js'

export type View =
  | { kind: 'clean' }
  | { kind: 'bracketed' }
  | {
      kind: 'delegation'
      /** The delegation's code, as the draft (or the command line) writes it: `US`. */
      sponsor: string
      /** Other codes of the same delegation (registry aliases: `USA`), shown as its own too. */
      aliases?: string[]
    }
  | {
      /** Any other scenario (`--accept`, `--reject`, `--show`, `--rest`), named for its file. */
      kind: 'scenario'
      /** The file name's part after `scenario-`: `--name`, or made from the rules (`scenarioSlug`). */
      name: string
      scenario: Scenario
      /** The words that head the line its document says what it decided in (`Chair's text`); the locale's when none. */
      label?: string
    }

/** True when `codes` include the delegation the view is for. */
export function isFor(view: Extract<View, { kind: 'delegation' }>, codes: readonly string[]): boolean {
  return codes.some((code) => code === view.sponsor || (view.aliases?.includes(code) ?? false))
}
export type ViewKind = Exclude<View['kind'], 'scenario'>

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

/** The view's part of an output file name: `clean`, `bracketed`, `delegation-COL`, `scenario-chair-text`. */
export function viewFileName(view: View): string {
  return view.kind === 'delegation' ? `delegation-${view.sponsor}` : view.kind === 'scenario' ? `scenario-${view.name}` : view.kind
}
