/**
 * Escaping for the three places a value lands in the page: HTML text and attributes, CSS strings
 * (inside `<style>`), and link targets. Every value from the draft, the front matter, the layout
 * or the registry goes through one of these; nothing is trusted to be plain.
 */

import { escapeXml } from '../xml.js'

/** Text or an attribute value (always written in double quotes). */
export const escape = escapeXml

/**
 * A quoted CSS string. Anything but letters, digits and a few harmless punctuation marks is a hex
 * escape, so no value can close the string, the rule or the `<style>` element.
 */
export function cssString(value: string): string {
  const body = Array.from(value, (c) => (/^[\p{L}\p{N} .,:;/()_-]$/u.test(c) ? c : `\\${c.codePointAt(0)!.toString(16)} `)).join('')
  return `"${body}"`
}

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
