/**
 * Which link targets become live links in a rendered document (HTML `<a href>`, DOCX
 * hyperlinks, PDF link annotations): http, https and mailto. Any other target (javascript:,
 * data:, file:, a relative path) is not followed anywhere a reader could click it; the link's
 * text is printed alone.
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

/**
 * The target as a file that wants plain ASCII keeps it (a PDF's `/URI`, a DOCX relationship):
 * an http(s) host in punycode, the rest percent-encoded (`https://münchen.de/café` →
 * `https://xn--mnchen-3ya.de/caf%C3%A9`), and what the URL standard leaves as written (a space
 * or a lone `%` in a mailto address) encoded too; undefined when it is not safe to link to.
 */
export function asciiUrl(url: string): string | undefined {
  const safe = safeUrl(url)
  if (safe === undefined) return undefined
  return new URL(safe).href.replace(/%(?![0-9A-Fa-f]{2})|[^\x21-\x7e]/gu, (c) => encodeURIComponent(c))
}
