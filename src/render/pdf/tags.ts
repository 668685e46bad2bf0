/**
 * The structure tree and the marked content of the pages, written directly: the same objects,
 * in the same order, with the same numbers as pdfkit's own structure API (`doc.struct`,
 * `markStructureContent`, `PDFStructureElement.end`) makes them, without its bookkeeping for
 * every element and every sequence (closures, checks of whole subtrees, a string turned into
 * bytes for each marker). pdfkit's way stays as the reference the tests compare with
 * (`setDirectTags(false)`: tests/pdf-shortcuts.test.ts).
 *
 * What pdfkit does, and is done here too (pdfkit 0.20):
 * - an element's dictionary is an indirect object made when the element is (`{ S: tag }`), its
 *   `/P` set when it joins its parent; all are written when the tree ends, each after its
 *   children (depth first), with `/K`: its children's dictionaries, its marked-content
 *   identifiers on its first page (`/Pg`), `MCR` dictionaries for those on other pages and
 *   `OBJR` dictionaries for its annotations;
 * - a page's key in the parent tree is taken with its first marked content (`structParentTreeKey`),
 *   an annotation's when it joins its element; the tree maps each page's identifiers, in order,
 *   and each annotation to their elements;
 * - a sequence is `/Tag <<\n/MCID n\n>> BDC` … `EMC`, an artifact `/Artifact BMC` … `EMC`.
 *
 * What is done differently: an `OBJR`'s `/Pg` is the page its annotation is on. pdfkit names the
 * page current when the tree ends, the document's last (ISO 32000-1, 14.7.4.3: the page on which
 * the object is rendered); the tests compare with pdfkit's bytes but for those entries.
 */
import type PDFDocument from 'pdfkit'
import type { Canvas } from './draw.js'

type Doc = InstanceType<typeof PDFDocument>

/** A structure element, as paint sees it: its dictionary's entries (`/A`, `/ID`, `/Ref` are set there). */
export interface Node {
  readonly data: Record<string, unknown>
  /** The dictionary (an indirect object), to refer to the element from another. */
  readonly dictionary: object
}

export interface Tags {
  /** The `Document` element, in the tree root. */
  readonly root: Node
  /** A new element: its object number is taken now, its parent given when its first text is painted. */
  element(tag: string): Node
  add(parent: Node, child: Node): void
  /** A marked-content sequence of `node` (tagged `tag`) drawing `ops`, added to the element. */
  content(node: Node, tag: string, ops: string): void
  /** A marked-content sequence of an artifact (`/Artifact BMC`). */
  artifact(ops: string): void
  /** What to give `doc.link` as its `structParent`: the annotation is added to `node`. */
  annotationParent(node: Node): object
  /** Writes the elements (after the last page's content is drawn). */
  end(): void
}

let direct = true

/** Write the structure tree directly (the default), or through pdfkit's structure API (the reference). */
export function setDirectTags(on: boolean): void {
  direct = on
}

export function createTags(doc: Doc, canvas: Canvas): Tags {
  return direct ? new DirectTags(doc, canvas) : new PdfkitTags(doc, canvas)
}

/** What this file uses of pdfkit's PDFReference (pdfkit 0.20). */
interface Reference {
  data: Record<string, unknown>
  end(): void
}

/** What this file uses of pdfkit's document and page (pdfkit 0.20). */
interface DocInternals {
  ref(data: object): Reference
  page: { dictionary: Reference; structParentTreeKey: number }
  getStructTreeRoot(): Reference
  getStructParentTree(): { get(key: number): unknown[]; add(key: number, value: unknown): void }
  createStructParentTreeNextKey(): number
}

/** A marked-content sequence of an element: its page and identifier. */
interface Marked {
  page: Reference
  mcid: number
}

class Element implements Node {
  readonly data: Record<string, unknown>
  /** Children in order: elements, marked content, annotations. */
  readonly kids: Array<Element | Marked | { annotation: Reference; page: Reference }> = []
  constructor(readonly dictionary: Reference) {
    this.data = dictionary.data
  }
}

class DirectTags implements Tags {
  readonly root: Element
  private readonly doc: DocInternals
  /** The page of the last marked content, and its identifiers' elements in the parent tree. */
  private page: DocInternals['page'] | undefined
  private parents: unknown[] = []

  constructor(
    doc: Doc,
    private readonly canvas: Canvas,
  ) {
    this.doc = doc as unknown as DocInternals
    for (const name of ['getStructTreeRoot', 'getStructParentTree', 'createStructParentTreeNextKey'] as const) {
      if (typeof this.doc[name] !== 'function') throw new Error(`pdfkit's document has no ${name}: src/render/pdf/tags.ts was written for pdfkit 0.20`)
    }
    this.root = this.element('Document')
    const treeRoot = this.doc.getStructTreeRoot()
    this.root.data.P = treeRoot
    ;((treeRoot.data.K as unknown[] | undefined) ?? (treeRoot.data.K = [])).push(this.root.dictionary)
  }

  /** Every element made, in order: one never added to the tree (a table row with no text) is still ended. */
  private readonly made: Element[] = []

  element(tag: string): Element {
    const element = new Element(this.doc.ref({ S: tag }))
    this.made.push(element)
    return element
  }

  add(parent: Node, child: Node): void {
    child.data.P = parent.dictionary
    ;(parent as Element).kids.push(child as Element)
  }

  content(node: Node, tag: string, ops: string): void {
    const { page } = this.doc
    if (page !== this.page) {
      this.page = page
      this.parents = this.doc.getStructParentTree().get(page.structParentTreeKey)
    }
    const mcid = this.parents.length
    this.parents.push(node.dictionary)
    this.canvas.raw(`/${tag} <<\n/MCID ${mcid}\n>> BDC\n`)
    this.canvas.write(ops)
    this.canvas.raw('EMC\n')
    ;(node as Element).kids.push({ page: page.dictionary, mcid })
  }

  artifact(ops: string): void {
    this.canvas.raw('/Artifact BMC\n')
    this.canvas.write(ops)
    this.canvas.raw('EMC\n')
  }

  annotationParent(node: Node): object {
    return {
      add: ({ annotationRef }: { annotationRef: Reference }) => {
        const key = this.doc.createStructParentTreeNextKey()
        annotationRef.data.StructParent = key
        this.doc.getStructParentTree().add(key, node.dictionary)
        ;(node as Element).kids.push({ annotation: annotationRef, page: this.doc.page.dictionary })
      },
    }
  }

  end(): void {
    const write = (element: Element) => {
      for (const kid of element.kids) if (kid instanceof Element) write(kid)
      const { data } = element
      const k: unknown[] = (data.K = [])
      for (const kid of element.kids) {
        if (kid instanceof Element) k.push(kid.dictionary)
        else if ('mcid' in kid) {
          data.Pg ??= kid.page
          k.push(data.Pg === kid.page ? kid.mcid : { Type: 'MCR', Pg: kid.page, MCID: kid.mcid })
        } else k.push({ Type: 'OBJR', Obj: kid.annotation, Pg: kid.page })
      }
      element.dictionary.end()
      data.K = null
      written.add(element)
    }
    const written = new Set<Element>()
    write(this.root)
    // pdfkit finishes the file only once every object made is ended: an element left out of the
    // tree is written as an object nothing refers to.
    for (const element of this.made) if (!written.has(element)) element.dictionary.end()
  }
}

/** A pdfkit structure element (its `dictionary` a PDFReference). */
class PdfkitNode implements Node {
  readonly data: Record<string, unknown>
  readonly dictionary: object
  constructor(readonly struct: Struct) {
    this.dictionary = (struct as unknown as { dictionary: Reference }).dictionary
    this.data = (this.dictionary as Reference).data
  }
}

/** pdfkit's own structure API, as oasgen used it before: the reference. */
class PdfkitTags implements Tags {
  readonly root: PdfkitNode

  constructor(
    private readonly doc: Doc,
    private readonly canvas: Canvas,
  ) {
    this.root = this.element('Document')
    doc.addStructure(this.root.struct)
  }

  /** Every element made, in order (see DirectTags). */
  private readonly made: PdfkitNode[] = []

  element(tag: string): PdfkitNode {
    const node = new PdfkitNode(this.doc.struct(tag))
    this.made.push(node)
    return node
  }

  add(parent: Node, child: Node): void {
    ;(parent as PdfkitNode).struct.add((child as PdfkitNode).struct)
  }

  content(node: Node, tag: string, ops: string): void {
    this.canvas.flush()
    const content = this.doc.markStructureContent(tag)
    this.canvas.write(ops)
    this.canvas.flush()
    this.doc.endMarkedContent()
    ;(node as PdfkitNode).struct.add(content)
  }

  artifact(ops: string): void {
    this.canvas.flush()
    this.doc.markContent('Artifact')
    this.canvas.write(ops)
    this.canvas.flush()
    this.doc.endMarkedContent()
  }

  annotationParent(node: Node): object {
    return (node as PdfkitNode).struct
  }

  end(): void {
    this.root.struct.end()
    // pdfkit never flushes an element that has no parent, and never finishes a file with an object not ended.
    for (const node of this.made) if (!(node.struct as unknown as { _flushed?: boolean })._flushed) (node.dictionary as Reference).end()
  }
}

type Struct = ReturnType<Doc['struct']>
