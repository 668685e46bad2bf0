// Types of scripts/launcher.mjs (plain JavaScript: `npm run build` runs it with node alone).
export declare const PLAIN_LINE: string
export declare const SNAPSHOT_LINE: string
export declare const BLOBS: readonly string[]
export declare function runsWithSh(line: string, dir: string): boolean
export declare function hasSnapshot(root?: string): boolean
export declare function writeLauncher(options?: { root?: string; plain?: boolean; snapshotLine?: string }): string
