/**
 * Errors that stop a whole build rather than fail one draft: a broken templates folder, a fault
 * of the environment (a full disk, no permission), a usage error found late (an output path that
 * would leave the output folder). An error's class does not cross threads, so a worker says it
 * as data, and the build's thread throws it again as the error it was.
 */
import { EnvironmentError, UsageError } from '../io/errors.js'
import { TemplateError } from '../layout/load.js'

export type Stop = { kind: 'template'; message: string } | { kind: 'usage'; message: string } | { kind: 'environment'; path: string; reason: string }

/** The stop an error is, or undefined when it is a draft's own failure. */
export function toStop(error: unknown): Stop | undefined {
  if (error instanceof TemplateError) return { kind: 'template', message: error.message }
  if (error instanceof UsageError) return { kind: 'usage', message: error.message }
  if (error instanceof EnvironmentError) return { kind: 'environment', path: error.path, reason: error.reason }
  return undefined
}

export function fromStop(stop: Stop): Error {
  switch (stop.kind) {
    case 'template':
      return new TemplateError(stop.message)
    case 'usage':
      return new UsageError(stop.message)
    case 'environment':
      return new EnvironmentError(stop.path, stop.reason)
  }
}

/** True for an error that stops the build. */
export const stopsBuild = (error: unknown): boolean => toStop(error) !== undefined
