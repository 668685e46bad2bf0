/**
 * Which link targets become live links in a rendered document (HTML `<a href>`, PDF link
 * annotations): http, https and mailto. Any other target (javascript:, data:, file:, a relative
 * path) is not followed anywhere a reader could click it; the link's text is printed alone.
 */

/** http, https and mailto links are links; any other target (javascript:, data:, relative) is not. */
const SAFE = /^(?:https?:\/\/|mailto:)/i

/** The link target when it is safe to link to, else undefined (the link's text is printed alone). */
export function safeUrl(url: string): string | undefined {
  if (!SAFE.test(url)) return undefined
  try {
    new URL(url)
  } catch {
    return undefined
  }
  return url
}
