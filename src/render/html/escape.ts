/**
 * Escaping for the places a value lands in the page: HTML text and attributes, and CSS strings
 * (inside `<style>`); link targets are checked by `safeUrl` (../url.ts). Every value from the
 * draft, the front matter, the layout or the registry goes through one of these; nothing is
 * trusted to be plain.
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
