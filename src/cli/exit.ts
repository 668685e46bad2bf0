/**
 * oasgen's exit codes: 0 success; 1 a draft has errors (or the templates are broken); 2 usage
 * error; 70 a bug of oasgen (bin/oasgen.js); 74 a fault of the environment (a full disk, no
 * permission, a file in the way: EX_IOERR of sysexits.h); 130 stopped.
 */
export const EXIT = { ok: 0, content: 1, usage: 2, internal: 70, environment: 74, interrupted: 130 } as const
