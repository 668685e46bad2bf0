/**
 * Faults of the machine a build runs on, as opposed to faults of a draft (its own messages) or
 * of how oasgen was called (usage errors): a full disk, a folder oasgen may not write, a file
 * standing where a folder must be, a loop of symbolic links. Each is said once for the build,
 * naming the path, with its own exit code (`EXIT.environment`), never as a bug of oasgen.
 */

/** A mistake in how oasgen was called (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** A fault of the environment, with the path it concerns. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError'
  constructor(
    /** The absolute path the fault concerns. */
    readonly path: string,
    /** What went wrong and what to do, without the path. */
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`)
  }
}

/** What an errno code means for a user, and what they can do about it. */
const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device: free some space and build again (no file was left half-written)',
  EDQUOT: 'the disk quota is used up: free some space and build again (no file was left half-written)',
  EACCES: 'permission denied: oasgen may not write here (check the folder’s owner and permissions)',
  EPERM: 'operation not permitted: oasgen may not write here (check the folder’s owner and permissions)',
  EROFS: 'the file system is read-only: choose another output folder (--out)',
  EEXIST: 'a file stands where oasgen needs a folder: move it away or choose another output folder (--out)',
  ENOTDIR: 'a file stands where oasgen needs a folder: move it away or choose another output folder (--out)',
  EISDIR: 'a folder stands where oasgen writes a file: move it away or choose another output folder (--out)',
  ELOOP: 'a loop of symbolic links',
  ENAMETOOLONG: 'the path is too long for the file system',
  EMFILE: 'too many open files: raise the limit (ulimit -n) or build with fewer --jobs',
  ENFILE: 'too many open files on the system: raise the limit or build with fewer --jobs',
  EIO: 'an input/output error of the device',
  EBUSY: 'the file or folder is busy (in use by another program)',
  ENOENT: 'it does not exist (it was removed while oasgen was working)',
}

/** The environment error that `error` (a Node system error about `path`) is, or undefined when it is none. */
export function asEnvironmentError(error: unknown, path: string): EnvironmentError | undefined {
  if (error instanceof EnvironmentError) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const reason = code !== undefined ? REASONS[code] : undefined
  return reason !== undefined ? new EnvironmentError(path, reason) : undefined
}

/** Runs `work`, turning a system error about `path` into the environment error it is. */
export async function about<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw asEnvironmentError(error, path) ?? error
  }
}

/** The same, for synchronous work. */
export function aboutSync<T>(path: string, work: () => T): T {
  try {
    return work()
  } catch (error) {
    throw asEnvironmentError(error, path) ?? error
  }
}
