/**
 * `preamble-punctuation`: the preambular paragraphs of a resolution each end with `;`, the last
 * with `,` (official-format.md). When a view leaves out the paragraph that ended with `,` (a
 * rejected proposal), the paragraph it leaves last still ends with `;`: an editor must correct
 * that document by hand, so each such paragraph is named once, with the views it is wrong in.
 */
import type { Place } from '../diagnostics.js'
import type { Resolution } from './resolve.js'

export interface PreambleWarning {
  place: Place
  reason: string
}

const listed = (names: string[]) => (names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`)

/** One warning per preambular paragraph that some of `views` print last with a `;`. */
export function preamblePunctuation(views: ReadonlyArray<{ name: string; resolution: Pick<Resolution, 'lastPreamble'> }>): PreambleWarning[] {
  const byPlace = new Map<string, { place: Place; views: string[]; removed: Place[] }>()
  for (const { name, resolution } of views) {
    const last = resolution.lastPreamble
    if (last?.ends !== ';') continue
    const key = `${last.start.line}:${last.start.column}`
    const entry = byPlace.get(key) ?? { place: last.start, views: [], removed: [] }
    entry.views.push(name)
    for (const place of last.removed) if (!entry.removed.some((p) => p.line === place.line)) entry.removed.push(place)
    byPlace.set(key, entry)
  }
  return [...byPlace.values()].map(({ place, views, removed }) => {
    const where = `the ${listed(views)} ${views.length === 1 ? 'view' : 'views'}`
    const documents = views.length === 1 ? 'that document' : 'those documents'
    if (removed.length === 0) {
      return { place, reason: `This last preambular paragraph ends with \`;\` in ${where}: the last one ends with \`,\`` }
    }
    const lines = removed.map((p) => p.line).sort((a, b) => a - b)
    return {
      place,
      reason: `This preambular paragraph is the last in ${where}, which leave${views.length === 1 ? 's' : ''} out ${lines.length === 1 ? `the one after it (line ${lines[0]})` : `the ones after it (lines ${listed(lines.map(String))})`}, and it ends with \`;\` where the last ends with \`,\`: correct it by hand in ${documents}`,
    }
  })
}
