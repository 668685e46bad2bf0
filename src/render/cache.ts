/**
 * Whether renderers may reuse work done for earlier documents in this process: the DOCX parts a
 * layout's documents share, compressed zip entries. Such work only ever depends on what it is made from, so
 * it never changes a byte; the test that holds it to that renders with it off.
 */
let enabled = true

export function caching(): boolean {
  return enabled
}

/** Turns reuse off (every document rendered from scratch) or back on. */
export function setCaching(on: boolean): void {
  enabled = on
}
