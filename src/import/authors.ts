/**
 * Who proposes a revision: its author, as a sponsor. An author is read, in this order, through
 * `--authors map.yaml` (personal names, e-mail addresses, "Author"), then through the delegation
 * registry: a code or alias (`COL`, `US`), a delegation's name in any of the four languages
 * ("Colombia", "Estados Unidos", "Colombie"), or "Delegation of …" / "Delegación de …" /
 * "Délégation de …" / "Delegação de …" with its name as the registry writes it after "of"; case,
 * accents and extra spaces do not matter. A joint author (`CAN/US`, as oasgen writes one) is
 * read part by part.
 */
import { SPONSOR } from '../draft/annotation/transform.js'
import { LANGUAGES } from '../draft/frontmatter.js'
import type { Registry } from '../layout/load.js'

export interface Sponsors {
  codes: string[]
  /** The tag a proposal of theirs is written with: `COL`, `CAN/US`. */
  tag: string
}

/** "Delegation" in the four languages, before the registry's `of` form. */
const DELEGATION = ['delegation', 'delegacion', 'delegation', 'delegacao']

export const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim()

export class AuthorMap {
  private readonly byName = new Map<string, string>()
  private readonly given = new Map<string, Sponsors>()

  /**
   * `map`: author → sponsor code(s), from `--authors` (checked by `checkAuthorMap`); `used`: the
   * codes the draft writes, so that "United States" becomes `US` in a draft that writes `US`.
   */
  constructor(registry: Registry, map: Record<string, string> = {}, used: readonly string[] = []) {
    for (const entry of registry.entries) {
      const codes = [entry.code, ...entry.aliases]
      const written = used.find((code) => codes.includes(code))
      const names = [...codes]
      for (const lang of LANGUAGES) {
        names.push(entry[lang].name)
        names.push(...DELEGATION.map((word) => `${word} ${entry[lang].of}`))
      }
      for (const name of names) if (!this.byName.has(fold(name))) this.byName.set(fold(name), written ?? entry.code)
      // Without the draft's spelling, a code stays as the author wrote it.
      if (written === undefined) for (const code of codes) this.byName.set(fold(code), code)
    }
    for (const [author, codes] of Object.entries(map)) this.given.set(fold(author), sponsorsOf(codes.split(/\s*[,/]\s*/)))
  }

  /** The sponsors an author stands for, or undefined when nothing says. */
  sponsors(author: string): Sponsors | undefined {
    const given = this.given.get(fold(author))
    if (given) return given
    const codes: string[] = []
    for (const part of author.split(/\s*[/,]\s*/)) {
      const code = this.byName.get(fold(part))
      if (code === undefined) return undefined
      if (!codes.includes(code)) codes.push(code)
    }
    return codes.length > 0 ? sponsorsOf(codes) : undefined
  }
}

export function sponsorsOf(codes: string[]): Sponsors {
  return { codes, tag: codes.join('/') }
}

/** Reads the `--authors` map (YAML: author → code or `CAN/US`); a problem is a message for a person. */
export function checkAuthorMap(data: unknown): Record<string, string> | string {
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Array.isArray(data)) return 'it must map authors to sponsor codes (`jdoe@mission.example: COL`)'
  const out: Record<string, string> = {}
  for (const [author, value] of Object.entries(data as Record<string, unknown>)) {
    if (typeof value !== 'string' || !value.split(/\s*[,/]\s*/).every((code) => SPONSOR.test(code))) {
      return `\`${author}\` maps to ${JSON.stringify(value)}, which is not a sponsor code (an upper-case letter and 1–15 letters or digits; \`CAN/US\` for a joint proposal)`
    }
    out[author] = value
  }
  return out
}
