/**
 * Proposal references as people type them (`OP4.1`, `op2.a.1`): telling one from a sponsor
 * code, writing it as oasgen does, comparing, and the nearest ones to one that is not there.
 * `proposals.ts` computes the references of a draft.
 */

/**
 * Is `text` written as a reference (`OP4.1`, `op2.a.1`, `PP3.1`, `P7.1`, `FN1.1`, nested
 * `OP4.1.2`)? A sponsor code has no dot; a reference always has one before its proposal's number.
 */
export function isReference(text: string): boolean {
  return /^(?:PP|OP|P|FN)\d+(?:\.[a-z]+){0,2}(?:\.\d+)+$/i.test(text)
}

/** A reference as oasgen writes it: the kind in capitals, letters and numerals in lower case (`op2.A.1` → `OP2.a.1`). */
export function normalRef(text: string): string {
  const [, kind = '', rest = ''] = /^([A-Za-z]+?)(\d.*)$/.exec(text) ?? []
  return kind.toUpperCase() + rest.toLowerCase()
}

/** References compare without regard to case: `op4.1` is `OP4.1`. */
export function sameRef(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase()
}

/** `; the nearest are OP4.1, OP4.1.1 and OP4.2` (or `; it has none`), for messages. */
export function nearestRefs(wanted: string, refs: readonly string[]): string {
  if (refs.length === 0) return '; it has no proposal'
  const key = refKey(wanted)
  const near = [...refs].sort((a, b) => closeness(refKey(a), key) - closeness(refKey(b), key) || refs.indexOf(a) - refs.indexOf(b)).slice(0, 3)
  return `; the nearest ${near.length === 1 ? 'is' : 'are'} ${near.slice(0, -1).join(', ')}${near.length > 1 ? ' and ' : ''}${near.at(-1)}`
}

/** A reference as its parts: `OP4.1.2` → ['OP', 4, 1, 2] (letters and numerals as strings). */
function refKey(ref: string): Array<string | number> {
  const [, kind = '', rest = ''] = /^([A-Za-z]+?)(\d.*)$/.exec(ref) ?? [, ref, '']
  return [kind.toUpperCase(), ...rest.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p.toLowerCase()))]
}

/** How far apart two references are: the first part that differs weighs most. */
function closeness(a: Array<string | number>, b: Array<string | number>): number {
  const length = Math.max(a.length, b.length)
  let distance = 0
  for (let i = 0; i < length; i++) {
    const x = a[i]
    const y = b[i]
    const weight = 1000 ** (12 - Math.min(i, 12))
    if (x === y) continue
    distance += weight * (typeof x === 'number' && typeof y === 'number' ? Math.abs(x - y) : 1)
  }
  return distance
}
