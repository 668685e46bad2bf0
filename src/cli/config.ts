/**
 * `oasgen.config.json` (or `.yaml`, `.yml`) at the project root: the same options as the
 * command line, which overrides it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { nearest } from '../words.js'
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml'
import * as z from 'zod'
import { UsageError } from '../build.js'

export const CONFIG_FILES = ['oasgen.config.json', 'oasgen.config.yaml', 'oasgen.config.yml']

const list = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]))

const configSchema = z.strictObject({
  inputs: list.optional(),
  view: list.optional(),
  delegation: list.optional(),
  format: list.optional(),
  out: z.string().optional(),
  strict: z.boolean().optional(),
  trackChanges: z.boolean().optional(),
  templates: z.string().optional(),
  jobs: z.number().int().min(1).optional(),
  reporter: z.string().optional(),
  force: z.boolean().optional(),
  shard: z.string().optional(),
})
export type Config = z.output<typeof configSchema>

/** The config file in `cwd`, validated; undefined when there is none. */
export function loadConfig(cwd: string): { file: string; config: Config } | undefined {
  const file = CONFIG_FILES.map((name) => join(cwd, name)).find((path) => existsSync(path))
  if (!file) return undefined
  let raw: unknown
  try {
    const text = readFileSync(file, 'utf8')
    raw = file.endsWith('.json') ? JSON.parse(text) : loadYaml(text, { schema: CORE_SCHEMA, filename: file })
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message.split('\n')[0]}`)
  }
  const result = configSchema.safeParse(raw ?? {})
  if (!result.success) {
    const keys = Object.keys(configSchema.shape)
    const problems = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys
          .map((key) => {
            const guess = nearest(key, keys, 3)
            return `unknown option \`${key}\`${guess === undefined ? '' : ` (did you mean \`${guess}\`?)`}`
          })
          .join('; ')
      }
      return `\`${issue.path.join('.')}\`: ${issue.message}`
    })
    throw new UsageError(`${file}: ${problems.join('; ')}`)
  }
  return { file, config: result.data }
}

/** The config as yargs option defaults (the command line overrides them). */
export function configDefaults(config: Config): Record<string, unknown> {
  const { trackChanges, ...rest } = config
  return { ...rest, ...(trackChanges !== undefined ? { 'track-changes': trackChanges } : {}) }
}
