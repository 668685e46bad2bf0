/**
 * Numbers as numbering levels print them (`3`, `c`, `iii`): plain functions, apart from the
 * layout templates (compose.ts), so that what only needs a number (a proposal's reference) does
 * not load Handlebars.
 */
import type { NumberingLevel } from './load.js'

export function formatNumber(n: number, format: NumberingLevel['format']): string {
  switch (format) {
    case 'decimal':
      return String(n)
    case 'lowerLetter':
      return letters(n)
    case 'upperLetter':
      return letters(n).toUpperCase()
    case 'lowerRoman':
      return roman(n).toLowerCase()
    case 'upperRoman':
      return roman(n)
  }
}

/** a … z, aa … zz (as Word numbers letters past z). */
function letters(n: number): string {
  const letter = String.fromCharCode(97 + ((n - 1) % 26))
  return letter.repeat(Math.floor((n - 1) / 26) + 1)
}

function roman(n: number): string {
  const table: Array<[number, string]> = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ]
  let out = ''
  let rest = n
  for (const [value, numeral] of table) {
    while (rest >= value) {
      out += numeral
      rest -= value
    }
  }
  return out
}

