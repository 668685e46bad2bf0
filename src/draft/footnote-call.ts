/**
 * GFM footnotes, with the tokenizer that micromark-extension-gfm-footnote (2.1.0) runs at every
 * `]` made linear. To find the `![` a `]` may close, it walks back through every event of the
 * paragraph, stopping only at a link or label: a paragraph of 20,000 stray `]` took 6 s, 40,000
 * took 25 s. Only an image's label start, still open on micromark's own stack of label starts,
 * can make a footnote call of `![^1]`; when the top of that stack is not one, the answer is no
 * at once; otherwise the extension's own tokenizer decides, its walk ending at that start.
 */
import type { Construct, Extension, State, Token, TokenizeContext } from 'micromark-util-types'
import { gfmFootnote } from 'micromark-extension-gfm-footnote'

export function gfmFootnoteLinear(): Extension {
  const extension = gfmFootnote()
  const text = extension.text as Record<number, Construct>
  const potentialCall = text[93]!
  const tokenize = potentialCall.tokenize
  text[93] = {
    ...potentialCall,
    tokenize(this: TokenizeContext, effects, ok, nok): State {
      const starts = (this as TokenizeContext & { _labelStarts?: Token[] })._labelStarts
      if (starts?.[starts.length - 1]?.type !== 'labelImage') return nok
      return tokenize.call(this, effects, ok, nok)
    },
  }
  return extension
}
