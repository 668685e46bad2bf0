/**
 * The thread that reads and parses a batch's drafts ahead of the thread that builds them
 * (src/batch/parse-ahead.ts): it claims the next draft not yet claimed by either thread, reads and
 * checks it as `buildDraft` would, and sends it as data, until none is left.
 */
import { readlinkSync } from 'node:fs'
import { constants, setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { checkDraft, readDraft, templatesAt } from '../build.js'
import { toData } from '../draft/transfer.js'
import { AHEAD, AHEAD_MAX_CHARS, CLAIMED, GIVEN, type AheadData, type AheadMessage } from './parse-ahead.js'

// This thread only runs ahead: it yields its core to the building thread and to the threads that
// serve it (its garbage collection, its file writes). On Linux a thread's priority is its own,
// set through its thread id; elsewhere the thread keeps the process's.
const { sources, options, claims, low } = workerData as AheadData
try {
  if (low) setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), constants.priority.PRIORITY_LOW)
} catch {
  // not Linux: the usual priority
}

const templates = templatesAt(options.templates)
const port = parentPort!

/** The next draft to parse, once this thread is not too far ahead of the one that builds. */
const claim = (): number => {
  for (;;) {
    const given = Atomics.load(claims, GIVEN)
    const claimed = Atomics.load(claims, CLAIMED)
    if (claimed >= sources.length || claimed - given < AHEAD) return Atomics.add(claims, CLAIMED, 1)
    Atomics.wait(claims, GIVEN, given)
  }
}

for (let index = claim(); index < sources.length; index = claim()) {
  const source = sources[index]!
  try {
    const read = readDraft(source.file, options.maxDraftBytes)
    if ('text' in read && read.text.length > AHEAD_MAX_CHARS) {
      // A long draft is parsed where it is built (parsed trees waiting here are memory), from
      // the text read here.
      port.postMessage({ index, read } satisfies AheadMessage)
      continue
    }
    const draft = toData(checkDraft(source, { templates, strict: options.strict, clean: options.clean }, read))
    // The text goes once when parsing left it as read (no forbidden characters in it).
    port.postMessage(('text' in read && read.text === draft.value ? { index, draft } : { index, read, draft }) satisfies AheadMessage)
  } catch {
    // A bug of ours on this draft, or a tree that cannot be sent: the building thread parses it
    // again and reports it as its own.
    port.postMessage({ index } satisfies AheadMessage)
  }
}
