/** oasgen's exit codes: 0 success; 1 a draft has errors (or the templates are broken); 2 usage error; 130 stopped. */
export const EXIT = { ok: 0, content: 1, usage: 2, interrupted: 130 } as const
