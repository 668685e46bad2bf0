// What a build guarantees under faults (issue 17, and issue 11's "writing outside the output
// folder"): nothing written or removed outside --out, nothing half-written under a final name,
// a manifest true after any interruption, one build at a time in a folder, every fault of the
// machine one clear message with its own exit code. Real file systems, real processes: a small
// tmpfs for a full disk, a real FIFO, a real second build, kill -9.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { unzipSync } from 'fflate'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote'
import { gfmFootnote } from 'micromark-extension-gfm-footnote'
import { gfmFootnoteLinear } from '../src/draft/footnote-call.js'
import { afterAll, describe, expect, test } from 'vitest'
import { isInside, outputPath } from '../src/io/outputs.js'
import { EnvironmentError } from '../src/io/errors.js'
import { isTemporary, writeWhole, type WriteCalls } from '../src/io/write.js'
import { LOCK } from '../src/io/lock.js'
import { LAUNCHES, ROOT, cli, draftText, input, messages, parse, tempDir, tree } from './helpers.js'

const BIN = join(ROOT, 'bin', 'oasgen.js')

/** A project folder: the two shipped drafts and `extra` generated ones in inputs/. */
function project(extra = 0): string {
  const dir = tempDir('oasgen-faults-')
  mkdirSync(join(dir, 'inputs', 'cicte'), { recursive: true })
  writeFileSync(join(dir, 'inputs', 'csh.md'), input('csh-omnibus-cyber-2021.md'))
  writeFileSync(join(dir, 'inputs', 'cicte', 'res1.md'), input('cicte-res-1-17.md'))
  for (let i = 0; i < extra; i++) writeFileSync(join(dir, 'inputs', `d${String(i).padStart(2, '0')}.md`), draftText(`THE COUNCIL,\n\nRESOLVES:\n\n1. Text ${i} [US: insert ${i}] [COL: ~~old~~ new].`))
  return dir
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')
const manifestOf = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { outputs: Array<{ path: string; sha256: string; bytes: number }> }

/** Every file below `dir`, dot-files included, relative. */
function allFiles(dir: string): string[] {
  return Object.keys(tree(dir)).sort()
}

/** The manifest of `out` describes exactly the files there: each listed file exists with its size and sha256, each file is listed. */
function expectManifestTrue(out: string): void {
  const listed = manifestOf(out).outputs
  for (const output of listed) {
    const data = readFileSync(join(out, output.path))
    expect({ path: output.path, sha256: sha256(data), bytes: data.byteLength }).toEqual({ path: output.path, sha256: output.sha256, bytes: output.bytes })
  }
  expect(listed.map((o) => o.path).sort()).toEqual(allFiles(out).filter((f) => f !== 'manifest.json'))
}

/** Runs the real binary. */
function oasgen(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Whether this machine lets the tests mount a small tmpfs (root, outside a restricted container). */
const canMount = (() => {
  if (process.platform !== 'linux') return false
  const probe = mkdtempSync(join(tmpdir(), 'oasgen-mount-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' })
    execFileSync('umount', [probe], { stdio: 'ignore' })
    return true
  } catch {
    return false
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
})()
const mounted: string[] = []
afterAll(() => {
  for (const dir of mounted) spawnSync('umount', [dir])
})
/** A fresh tmpfs of `size` (e.g. `300k`), with `options` (e.g. `ro`). */
function tmpfs(size: string, options = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'oasgen-tmpfs-'))
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options ? `,${options}` : ''}`, 'tmpfs', dir])
  mounted.push(dir)
  return dir
}
const onTmpfs = canMount ? test : test.skip
if (!canMount) console.warn('faults.test.ts: cannot mount a tmpfs here (not root, or a container without CAP_SYS_ADMIN): the full-disk and read-only tests are skipped')

describe('nothing outside the output folder', () => {
  test('--delegation must be a sponsor code: `../../../d` is a usage error and the draft d.md is untouched', async () => {
    const dir = project()
    writeFileSync(join(dir, 'd.md'), draftText('1. The draft itself.'))
    const before = readFileSync(join(dir, 'd.md'), 'utf8')
    for (const code of ['../../../d', 'a/b', 'COL/..', 'X', 'col', 'A23456789012345678', '']) {
      const result = await cli(['build', 'inputs', '--format', 'md', '--out', 'out/deep/er', '--delegation', code], dir)
      if (code === '') continue // an empty code is no code: every sponsor
      expect(result.code, code).toBe(2)
      expect(result.stderr).toContain('--delegation takes sponsor codes')
    }
    expect(readFileSync(join(dir, 'd.md'), 'utf8')).toBe(before)
    expect(readdirSync(dir).sort()).toEqual(['d.md', 'inputs', 'out'])
  })

  test('a manifest entry outside the folder is ignored with a warning, and never removed (file of a draft removed as stale)', async () => {
    const dir = project()
    const args = ['build', 'inputs', '--format', 'md', '--out', 'out']
    expect((await cli(args, dir)).code).toBe(0)
    writeFileSync(join(dir, 'victim.txt'), 'precious')
    writeFileSync(join(dir, 'out', 'keep.txt'), 'also precious')
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')) as { outputs: Array<Record<string, unknown>> }
    const entry = manifest.outputs.find((o) => o.path === 'csh.delegation-MEX.md')!
    for (const path of ['../victim.txt', '/' + join(dir, 'victim.txt').slice(1), 'sub/../../victim.txt', './keep.txt']) manifest.outputs.push({ ...entry, path })
    writeFileSync(join(dir, 'out', 'manifest.json'), JSON.stringify(manifest))
    // The MEX proposal is gone: its document is stale, and so would the forged entries be.
    writeFileSync(join(dir, 'inputs', 'csh.md'), input('csh-omnibus-cyber-2021.md').replace('[MEX: ~~the GGE~~ GEG]', 'the GGE'))
    const result = await cli(args, dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('1 stale removed')
    expect(result.stderr).toContain('lists 4 paths outside the output folder, ignored')
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('precious')
    expect(readFileSync(join(dir, 'out', 'keep.txt'), 'utf8')).toBe('also precious')
    expect(manifestOf(join(dir, 'out')).outputs.map((o) => o.path)).not.toContain('../victim.txt')
  })

  test('a draft whose file name holds `\\..\\..\\` is written inside the folder under its own name', async () => {
    const dir = tempDir('oasgen-faults-')
    mkdirSync(join(dir, 'drafts'))
    writeFileSync(join(dir, 'drafts', 'x\\..\\..\\evil.md'), draftText('1. Text.'))
    const result = await cli(['build', 'drafts', '--format', 'md', '--view', 'clean', '--out', 'a/out'], dir)
    expect(result.code).toBe(0)
    expect(readdirSync(join(dir, 'a', 'out')).sort()).toEqual(['manifest.json', 'x\\..\\..\\evil.clean.md'])
    expect(readdirSync(dir).sort()).toEqual(['a', 'drafts'])
  })

  test('what a draft writes (sponsor tags, front matter) never names a path', async () => {
    const dir = tempDir('oasgen-faults-')
    writeFileSync(join(dir, 'x.md'), draftText('1. [../../y: a] [COL/..: b] [/etc/z: c] [US: d].', 'title: ../../t\nsymbol: ../../../s\njob: ../j'))
    const result = await cli(['build', 'x.md', '--format', 'md', '--out', 'out'], dir)
    expect(result.code).toBe(0)
    expect(allFiles(join(dir, 'out'))).toEqual(['manifest.json', 'x.bracketed.md', 'x.clean.md', 'x.delegation-US.md'])
    expect(readdirSync(dir).sort()).toEqual(['out', 'x.md'])
  })

  test('outputPath, the one place output paths are made, refuses any part that leaves the folder', () => {
    const out = '/tmp/o'
    expect(outputPath(out, 'sub/x', 'delegation-US', 'md')).toEqual({ path: 'sub/x.delegation-US.md', file: '/tmp/o/sub/x.delegation-US.md' })
    for (const [stem, view] of [['../x', 'clean'], ['/etc/x', 'clean'], ['a/../../x', 'clean'], ['x', 'delegation-../../d'], ['x', 'a/b'], ['a//b', 'clean'], ['./x', 'clean']] as const) {
      expect(() => outputPath(out, stem, view, 'md'), `${stem} ${view}`).toThrow(/would be written outside the output folder/)
    }
    for (const path of ['../v', 'a/../../v', '/v', '', 'a/./../../v', 'x\0y']) expect(isInside(out, path), path).toBe(false)
    for (const path of ['v', 'a/b/v', '..v', 'v..', '..\\v']) expect(isInside(out, path), path).toBe(true)
  })

  test('a folder inside the output folder that is a link to elsewhere is not written through', async () => {
    const dir = project()
    mkdirSync(join(dir, 'out'))
    mkdirSync(join(dir, 'elsewhere'))
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'out', 'cicte'))
    const result = await cli(['build', 'inputs', '--format', 'md', '--view', 'clean', '--jobs', '1', '--out', 'out'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/out\/cicte leads outside the output folder .* through a symbolic link/)
    expect(readdirSync(join(dir, 'elsewhere'))).toEqual([])
  })
})

describe('nothing half-written under a final name', () => {
  onTmpfs('a full disk: one clear error (exit 74), no truncated file, no temporary file; the next build makes the manifest true', () => {
    const dir = project()
    const disk = tmpfs('300k')
    const full = oasgen(['build', 'inputs', '--format', 'docx,pdf', '--jobs', '1', '--out', join(disk, 'out')], dir)
    expect(full.code).toBe(74)
    expect(full.stderr).toMatch(/: no space left on the device: free some space and build again \(no file was left half-written\)\n$/)
    expect(full.stderr.match(/no space left/g)).toHaveLength(1)
    expect(full.stderr).not.toContain('internal')
    const written = allFiles(join(disk, 'out'))
    expect(written.filter((f) => f.endsWith('.docx')).length).toBeGreaterThan(0)
    for (const file of written.filter((f) => f.endsWith('.docx'))) expect(() => unzipSync(readFileSync(join(disk, 'out', file))), file).not.toThrow()
    for (const file of written.filter((f) => f.endsWith('.pdf'))) expect(readFileSync(join(disk, 'out', file)).subarray(-6).toString(), file).toMatch(/%%EOF\s*$/)
    expect(written.filter((f) => isTemporary(f.split('/').pop()!))).toEqual([])
    // Space again: the next build finishes and its manifest describes the folder.
    execFileSync('mount', ['-o', 'remount,size=4m', disk])
    const next = oasgen(['build', 'inputs', '--format', 'docx,pdf', '--out', join(disk, 'out')], dir)
    expect(next.code).toBe(0)
    expectManifestTrue(join(disk, 'out'))
  })

  onTmpfs('a read-only output folder: one message naming it (exit 74)', () => {
    const dir = project()
    const disk = tmpfs('1m', 'ro')
    const result = oasgen(['build', 'inputs', '--format', 'md', '--out', disk], dir)
    expect(result.code).toBe(74)
    expect(result.stderr).toBe(`oasgen: ${disk}/.oasgen-lock: the file system is read-only: choose another output folder (--out)\n`)
  })

  test('short writes are completed, and a failed flush leaves the old file and no temporary file', async () => {
    const dir = tempDir('oasgen-faults-')
    const target = join(dir, 'x.docx')
    writeFileSync(target, 'old bytes')
    const data = new Uint8Array(100_000).map((_, i) => i % 251)
    // A file system that writes at most 1,000 bytes a call.
    const short: WriteCalls = {
      open: (async (...args: Parameters<typeof open>) => {
        const handle = await open(...args)
        const write = handle.write.bind(handle) as (b: Uint8Array, o: number, l: number) => Promise<{ bytesWritten: number }>
        return Object.assign(handle, { write: (b: Uint8Array, o: number, l: number) => write(b, o, Math.min(l, 1000)) })
      }) as typeof open,
      rename: (await import('node:fs/promises')).rename,
    }
    await writeWhole(target, data, short)
    expect(sha256(await readFile(target))).toBe(sha256(data))
    // A device that reports the full disk only when flushed (delayed allocation).
    const late: WriteCalls = {
      ...short,
      open: (async (...args: Parameters<typeof open>) => {
        const handle = await open(...args)
        return Object.assign(handle, { datasync: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, fsync'), { code: 'ENOSPC' })) })
      }) as typeof open,
    }
    const error = await writeWhole(target, new Uint8Array([1, 2, 3]), late).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EnvironmentError)
    expect((error as EnvironmentError).path).toBe(target)
    expect(sha256(await readFile(target))).toBe(sha256(data))
    expect(readdirSync(dir)).toEqual(['x.docx'])
  })
})

describe('interrupted builds', () => {
  /** Starts the real binary; resolves when it ends. */
  function start(args: string[], cwd: string): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })))
    return { child, done }
  }
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 3000 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  }

  test('kill -9 at any point: no partial file; the next build, of any drafts, removes the leftovers and writes a true manifest', async () => {
    const dir = project(24)
    const out = join(dir, 'out')
    for (let round = 0; round < 5; round++) {
      // --force: every round writes again, over the files of the round before.
      const { child, done } = start(['build', 'inputs', '--format', 'docx,md', '--jobs', '2', '--force', '--out', 'out'], dir)
      await until(() => existsSync(out) && readdirSync(out).some((f) => f.endsWith('.docx')))
      await new Promise((r) => setTimeout(r, (round * 97) % 400))
      child.kill('SIGKILL')
      expect((await done).signal).toBe('SIGKILL')
      for (const file of allFiles(out).filter((f) => f.endsWith('.docx'))) expect(() => unzipSync(readFileSync(join(out, file))), file).not.toThrow()
      // The next build builds one draft only: the manifest must still be true for all the others.
      const next = oasgen(['build', 'inputs/d03.md', '--format', 'md', '--view', 'clean', '--out', 'out'], dir)
      expect(next.code).toBe(0)
      expect(allFiles(out).filter((f) => isTemporary(f.split('/').pop()!) || f.startsWith('.oasgen'))).toEqual([])
      expectManifestTrue(out)
    }
  }, 120_000)

  test.each(LAUNCHES)('a second Ctrl-C during a long render ends the process at once (by the signal), leaving no partial file; started $name', async (launch) => {
    const dir = tempDir('oasgen-faults-')
    const long = Array.from({ length: 5000 }, (_, i) => `${i + 1}. Paragraph ${i} [US: with a proposal ${i}] [COL: ~~and~~ or] more words to fill the line.`).join('\n')
    writeFileSync(join(dir, 'z.md'), draftText(`THE COUNCIL,\n\nRESOLVES:\n\n${long}`))
    const child = spawn(launch.command, [...launch.before, 'build', 'z.md', '--format', 'pdf,docx', '--out', 'out'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...launch.env } })
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
    // The build has its lock (its handlers are set): the first Ctrl-C; once it is heard, the second.
    await until(() => existsSync(join(dir, 'out', LOCK)))
    // The lock comes a few steps before the draft is handed to a lane (the folder's leftovers,
    // the manifest): a Ctrl-C there stops the build before any draft, with 130. Half a second
    // later the render (over 4 s on a quiet machine) is under way.
    await new Promise((resolve) => setTimeout(resolve, 500))
    child.kill('SIGINT')
    await until(() => stderr.includes('stopping after the drafts under way'))
    expect(stderr).toContain('stopping after the drafts under way (SIGINT; again to stop at once)')
    child.kill('SIGINT')
    // Killed by the signal itself (before, a handler ran exit(130) once the render was done).
    expect(await exited).toEqual({ code: null, signal: 'SIGINT' })
    expect(allFiles(join(dir, 'out')).filter((f) => f.startsWith('z.'))).toEqual([])
    // The next build takes the lock over and finds nothing to repair.
    expect(oasgen(['build', 'z.md', '--format', 'md', '--view', 'clean', '--out', 'out'], dir).code).toBe(0)
  }, 90_000)

  test('a second build into the same folder waits for the first; the manifest lists what both wrote', async () => {
    const dir = project(30)
    mkdirSync(join(dir, 'more'))
    for (let i = 0; i < 10; i++) writeFileSync(join(dir, 'more', `m${i}.md`), draftText(`1. More ${i} [MEX: text].`))
    const first = start(['build', 'inputs', '--format', 'docx,md', '--jobs', '1', '--out', 'out'], dir)
    await until(() => existsSync(join(dir, 'out', LOCK)))
    const second = start(['build', 'more', '--format', 'docx,md', '--jobs', '1', '--out', 'out'], dir)
    const [a, b] = await Promise.all([first.done, second.done])
    expect([a.code, b.code]).toEqual([0, 0])
    expect(b.stderr).toMatch(/oasgen: waiting for another build to finish with .*out \(process \d+ on .*\); if no build is running, delete .*\.oasgen-lock/)
    expectManifestTrue(join(dir, 'out'))
    // 30 drafts × 4 views, the CSH seed's 5 views, the CICTE seed's 2, 10 drafts × 3 views; in 2 formats.
    expect(manifestOf(join(dir, 'out')).outputs).toHaveLength((30 * 4 + 5 + 2 + 10 * 3) * 2)
  }, 60_000)

  test('a lock left by a build that is gone (kill -9) is taken over at once', async () => {
    const dir = project()
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    mkdirSync(join(dir, 'out'))
    writeFileSync(join(dir, 'out', LOCK), JSON.stringify({ pid: Number(gone.stdout), host: (await import('node:os')).hostname(), since: '2020-01-01T00:00:00Z' }))
    const result = await cli(['build', 'inputs', '--format', 'md', '--out', 'out'], dir)
    expect(result.code).toBe(0)
    expect(result.stderr).not.toContain('waiting')
    expect(existsSync(join(dir, 'out', LOCK))).toBe(false)
  })

  test('waiting for a lock stops on Ctrl-C (exit 130), writing nothing', async () => {
    const dir = project()
    const holder = spawn('sleep', ['30'])
    mkdirSync(join(dir, 'out'))
    writeFileSync(join(dir, 'out', LOCK), JSON.stringify({ pid: holder.pid, host: (await import('node:os')).hostname(), since: new Date().toISOString() }))
    const controller = new AbortController()
    // The github reporter says the wait on stdout, where the test sees it: Ctrl-C then.
    const result = await cli(['build', 'inputs', '--format', 'md', '--reporter', 'github', '--out', 'out'], dir, controller.signal, (text) => {
      if (text.includes('waiting for another build')) controller.abort()
    })
    holder.kill()
    expect(result.code).toBe(130)
    expect(result.stdout).toContain(`::warning title=oasgen::waiting for another build to finish with ${join(dir, 'out')} (process ${holder.pid}`)
    expect(allFiles(join(dir, 'out'))).toEqual([LOCK])
  })
})

describe('an output folder that is an input folder', () => {
  test('files oasgen wrote are never read as drafts (5 → 13 → 33 → 81 before)', async () => {
    const dir = project(3)
    const counts: number[] = []
    for (let i = 0; i < 4; i++) {
      const result = await cli(['build', 'inputs', '--format', 'md', '--out', 'inputs'], dir)
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('5 drafts')
      counts.push(allFiles(join(dir, 'inputs')).length)
    }
    expect(counts).toEqual([counts[0], counts[0], counts[0], counts[0]])
  })

  test('an output named on the command line is a usage error', async () => {
    const dir = project()
    await cli(['build', 'inputs', '--format', 'md', '--out', 'inputs'], dir)
    const result = await cli(['build', 'inputs/csh.clean.md', '--format', 'md', '--out', 'inputs'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('inputs/csh.clean.md is a file oasgen wrote into')
  })
})

describe('drafts that are not regular files', () => {
  test('a FIFO, a link to /dev/zero, a folder named .md, a link that leads nowhere: each one error, at once; the others build', () => {
    const dir = project()
    execFileSync('mkfifo', [join(dir, 'inputs', 'fifo.md')])
    symlinkSync('/dev/zero', join(dir, 'inputs', 'zero.md'))
    symlinkSync(join(dir, 'nowhere.md'), join(dir, 'inputs', 'dangling.md'))
    symlinkSync(join(dir, 'inputs', 'loop-b.md'), join(dir, 'inputs', 'loop-a.md'))
    symlinkSync(join(dir, 'inputs', 'loop-a.md'), join(dir, 'inputs', 'loop-b.md'))
    const result = oasgen(['build', 'inputs', 'inputs/fifo.md', '--format', 'md', '--out', 'out'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('inputs/fifo.md  error  The draft is a FIFO (named pipe), not a file: oasgen reads drafts only from regular files  draft-unreadable')
    expect(result.stderr).toContain('inputs/zero.md  error  The draft is a character device, not a file')
    expect(result.stderr).toContain('inputs/dangling.md  error  The draft cannot be read: it does not exist (removed, or a symbolic link that leads nowhere)')
    expect(result.stderr).toContain('inputs/loop-a.md  error  The draft cannot be read: a loop of symbolic links')
    expect(result.stdout).toContain('✓ inputs/csh.md')
  })

  test('a draft over the size limit is an error; --max-draft-size sets the limit', async () => {
    const dir = project()
    writeFileSync(join(dir, 'inputs', 'big.md'), draftText(`1. ${'word '.repeat(1000)}`))
    const result = await cli(['build', 'inputs', '--format', 'md', '--view', 'clean', '--max-draft-size', '4KB', '--out', 'out'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('inputs/big.md  error  The draft is larger than 0 MB')
    expect(result.stderr).toContain('draft-too-large')
    expect((await cli(['build', 'inputs', '--max-draft-size', 'lots'], dir)).code).toBe(2)
    expect((await cli(['build', 'inputs', '--format', 'md', '--max-draft-size', '1', '--out', 'out'], dir)).code).toBe(0)
  })

  test('linked drafts and folders in an input folder are followed, each folder once (a loop ends)', async () => {
    const dir = project()
    mkdirSync(join(dir, 'elsewhere'))
    writeFileSync(join(dir, 'elsewhere', 'linked.md'), draftText('1. Linked.'))
    symlinkSync(join(dir, 'elsewhere', 'linked.md'), join(dir, 'inputs', 'link.md'))
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'inputs', 'more'))
    symlinkSync(join(dir, 'inputs'), join(dir, 'inputs', 'cicte', 'up'))
    const result = await cli(['build', 'inputs', '--format', 'md', '--view', 'clean', '--out', 'out'], dir)
    expect(result.code).toBe(0)
    expect(allFiles(join(dir, 'out'))).toEqual(['cicte/res1.clean.md', 'csh.clean.md', 'link.clean.md', 'manifest.json', 'more/linked.clean.md'])
  })
})

describe('faults of the environment are not oasgen bugs', () => {
  test('a loop of links named as input: exit 74, naming it', () => {
    const dir = project()
    symlinkSync(join(dir, 'b.md'), join(dir, 'a.md'))
    symlinkSync(join(dir, 'a.md'), join(dir, 'b.md'))
    const result = oasgen(['build', 'a.md', '--out', 'out'], dir)
    expect(result.code).toBe(74)
    expect(result.stderr).toBe('oasgen: a.md: a loop of symbolic links\n')
  })

  test('manifest.json that is a folder: exit 74, one message', () => {
    const dir = project()
    mkdirSync(join(dir, 'out', 'manifest.json'), { recursive: true })
    const result = oasgen(['build', 'inputs', '--format', 'md', '--out', 'out'], dir)
    expect(result.code).toBe(74)
    expect(result.stderr).toBe('oasgen: out/manifest.json: a folder stands where oasgen keeps its manifest: move it away or choose another output folder (--out)\n')
  })

  test('an output folder, or a folder inside it, that is a file: exit 74, naming the file in the way once', () => {
    const dir = project()
    writeFileSync(join(dir, 'out'), 'a file')
    const result = oasgen(['build', 'inputs', '--format', 'md', '--out', 'out/sub'], dir)
    expect(result.code).toBe(74)
    expect(result.stderr).toBe('oasgen: out: a file stands where oasgen needs a folder: move it away or choose another output folder (--out)\n')
    mkdirSync(join(dir, 'out2'))
    writeFileSync(join(dir, 'out2', 'cicte'), 'a file')
    const inner = oasgen(['build', 'inputs', '--format', 'md', '--jobs', '1', '--out', 'out2'], dir)
    expect(inner.code).toBe(74)
    expect(inner.stderr).toContain('oasgen: out2/cicte: a file stands where oasgen needs a folder')
    expect(inner.stderr.match(/a file stands/g)).toHaveLength(1)
  })

  test('an output folder oasgen may not write (not as root): exit 74, naming it', () => {
    if (process.getuid?.() === 0) return // root may write anywhere; the read-only tmpfs test covers the message
    const dir = project()
    mkdirSync(join(dir, 'out'))
    chmodSync(join(dir, 'out'), 0o555)
    const result = oasgen(['build', 'inputs', '--format', 'md', '--out', 'out'], dir)
    expect(result.code).toBe(74)
    expect(result.stderr).toContain('permission denied')
  })

  test.each([['99999999999999999999'], ['-1'], ['1e9'], ['8640000000000'], ['253402300800'], [' 5'], ['now']])('SOURCE_DATE_EPOCH=%s is refused: exit 2, naming the variable', (value) => {
    const dir = project()
    const result = oasgen(['build', 'inputs', '--format', 'docx', '--out', 'out'], dir, { SOURCE_DATE_EPOCH: value })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, from 0 to 253402300799 (9999-12-31), not \`${value}\``)
    expect(existsSync(join(dir, 'out'))).toBe(false)
  })

  test('SOURCE_DATE_EPOCH at the ends of the range is written as asked', () => {
    const dir = project()
    const result = oasgen(['build', 'inputs/cicte/res1.md', '--format', 'docx', '--view', 'clean', '--out', 'out'], dir, { SOURCE_DATE_EPOCH: '253402300799' })
    expect(result.code).toBe(0)
    const core = new TextDecoder().decode(unzipSync(readFileSync(join(dir, 'out', 'res1.clean.docx')))['docProps/core.xml'])
    expect(core).toContain('9999-12-31T23:59:59Z')
  })
})

describe('the terminal', () => {
  // A symbol holding a line break, a forged message line and ANSI colour codes.
  const forged = 'title: T\nsymbol: "X\\nfake.md:1:1  error  forged\\e[31m\\u2028\\u202e\\u009b"'

  test.each([['human'], ['github'], ['json']])('front-matter values are escaped in every reporter (%s), of check and build', async (reporter) => {
    const dir = tempDir('oasgen-faults-')
    writeFileSync(join(dir, 'x\u001b[2J.md'), draftText('1. Text.', forged))
    for (const command of ['check', 'build']) {
      const result = await cli([command, '.', '--reporter', reporter, ...(command === 'build' ? ['--format', 'md', '--out', 'out'] : [])], dir)
      const printed = result.stdout + result.stderr
      expect(printed, command).toContain('symbol-unrecognised')
      expect(printed).not.toMatch(/[\u001b\u009b\u2028\u202e]/)
      expect(printed.split('\n').filter((line) => /^(::error|fake\.md)/.test(line))).toEqual([])
      if (reporter === 'json') expect(JSON.stringify(JSON.parse(result.stdout))).toContain('\\nfake.md:1:1  error  forged\\u001b[31m')
      else expect(printed).toContain('X\\nfake.md:1:1  error  forged\\u001b[31m\\u2028\\u202e\\u009b')
      if (reporter === 'human') expect(printed).toContain('x\\u001b[2J.md')
    }
  })

  test('a render warning about the same place is said once, not once per view and format', async () => {
    const dir = tempDir('oasgen-faults-')
    writeFileSync(join(dir, 'snow.md'), draftText('1. A snowman ☃ [US: here].'))
    const result = await cli(['build', 'snow.md', '--format', 'pdf', '--out', 'out'], dir)
    expect(result.code).toBe(0)
    expect(result.stderr.match(/font-missing-glyph/g)).toHaveLength(1)
    // Each output still lists it in the manifest.
    expect(manifestOf(join(dir, 'out')).outputs.map((o) => (o as unknown as { warnings: string[] }).warnings.some((w) => w.startsWith('font-missing-glyph')))).toEqual([true, true, true])
  })
})

describe('no quadratic time', () => {
  // Guarded by the test's time limit, not timed: before, 100,000 `]` took minutes, 32,000 keys 56 s.
  test('100,000 stray `]` in one paragraph: each one error, in linear time', () => {
    const draft = parse(draftText(`1. Text ${']'.repeat(100_000)}`))
    expect(draft.file.messages.filter((m) => m.ruleId === 'annotation-stray-close')).toHaveLength(100_000)
  }, 60_000)

  test('32,000 unknown front-matter keys: each one warning, in linear time', () => {
    const keys = Array.from({ length: 32_000 }, (_, i) => `k${i}: 1`).join('\n')
    const draft = parse(draftText('1. Text.', `title: T\n${keys}`))
    expect(draft.failed).toBe(false)
    expect(draft.file.messages.filter((m) => m.ruleId === 'front-matter-unknown-key')).toHaveLength(32_000)
  }, 60_000)

  test('a key written twice is still an error at the second one', () => {
    expect(messages(parse(draftText('1. Text.', 'title: T\nk: 1\ntitle: U')))).toEqual(['4:1 error front-matter-yaml'])
  })

  test('the linear footnote tokenizer reads every bracket string as the extension does', () => {
    const withExtension = (extension: () => unknown) => (text: string) =>
      JSON.stringify(fromMarkdown(text, { extensions: [extension() as never], mdastExtensions: [gfmFootnoteFromMarkdown()] }), (key, value: unknown) => (key === 'position' ? undefined : value))
    const original = withExtension(gfmFootnote)
    const linear = withExtension(gfmFootnoteLinear)
    const piece = fc.constantFrom('[', ']', '![', '![^1', '^', '^1', 'x', ' ', '[^1]', '(u)', '\\]', '`', '*', '\n')
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = `${pieces.join('')}\n\n[^1]: note\n`
        expect(linear(text)).toBe(original(text))
      }),
      { numRuns: 1000 },
    )
  })
})

describe('--watch follows drafts by path', () => {
  /** Runs `build --watch` in this process until `script` is done; returns what it printed. */
  async function watching(dir: string, script: (said: () => string) => Promise<void>): Promise<string> {
    const controller = new AbortController()
    let printed = ''
    let ready: () => void = () => {}
    const started = new Promise<void>((resolve) => (ready = resolve))
    const done = cli(['build', 'inputs', '--watch', '--format', 'md', '--view', 'clean', '--out', 'out'], dir, controller.signal, (text) => {
      printed += text
      if (text.startsWith('watching')) ready()
    })
    await started
    await script(() => printed)
    controller.abort()
    await done
    return printed
  }
  /** Waits (a bounded number of looks) until `check` holds. */
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 20))
    expect(check()).toBe(true)
  }
  const text = (dir: string, path: string) => (existsSync(join(dir, 'out', path)) ? readFileSync(join(dir, 'out', path), 'utf8') : '')

  test('a save builds that draft only; a save by rename, a delete and a new file, a folder deleted and made again are all seen', async () => {
    const dir = project(4)
    const draft = (words: string) => draftText(`1. ${words}.`)
    const printed = await watching(dir, async (said) => {
      const before = readFileSync(join(dir, 'out', 'd01.clean.md'))
      writeFileSync(join(dir, 'inputs', 'd00.md'), draft('Saved in place'))
      await until(() => text(dir, 'd00.clean.md').includes('Saved in place'))
      await until(() => said().includes('1 draft, 1 file written to out,'))
      expect(readFileSync(join(dir, 'out', 'd01.clean.md'))).toEqual(before)
      // An editor's save: written beside, renamed over.
      writeFileSync(join(dir, 'inputs', '.d00.md.swp'), draft('Saved by rename'))
      ;(await import('node:fs')).renameSync(join(dir, 'inputs', '.d00.md.swp'), join(dir, 'inputs', 'd00.md'))
      await until(() => text(dir, 'd00.clean.md').includes('Saved by rename'))
      // Deleted: its outputs go, from the folder and the manifest; written again: built again.
      rmSync(join(dir, 'inputs', 'd02.md'))
      await until(() => !existsSync(join(dir, 'out', 'd02.clean.md')))
      await until(() => !manifestOf(join(dir, 'out')).outputs.some((o) => o.path === 'd02.clean.md'))
      writeFileSync(join(dir, 'inputs', 'd02.md'), draft('Back again'))
      await until(() => text(dir, 'd02.clean.md').includes('Back again'))
      // The whole folder deleted, then made again.
      rmSync(join(dir, 'inputs'), { recursive: true })
      await until(() => !existsSync(join(dir, 'out', 'csh.clean.md')))
      mkdirSync(join(dir, 'inputs'))
      writeFileSync(join(dir, 'inputs', 'new.md'), draft('A new folder'))
      await until(() => text(dir, 'new.clean.md').includes('A new folder'))
      writeFileSync(join(dir, 'inputs', 'new.md'), draft('Saved in the new folder'))
      await until(() => text(dir, 'new.clean.md').includes('Saved in the new folder'))
    })
    expect(printed).not.toContain('oasgen: ')
    expectManifestTrue(join(dir, 'out'))
    expect(allFiles(join(dir, 'out'))).toEqual(['manifest.json', 'new.clean.md'])
  }, 60_000)

  test('a normal build removes the outputs of a deleted draft too, and leaves other inputs’ outputs alone', async () => {
    const dir = project(2)
    mkdirSync(join(dir, 'more'))
    writeFileSync(join(dir, 'more', 'm.md'), draftText('1. More.'))
    const args = (input: string) => ['build', input, '--format', 'md', '--view', 'clean', '--out', 'out']
    await cli(args('inputs'), dir)
    await cli(args('more'), dir)
    rmSync(join(dir, 'inputs', 'd01.md'))
    const result = await cli(args('inputs'), dir)
    expect(result.stdout).toContain('1 stale removed')
    expect(allFiles(join(dir, 'out'))).toEqual(['cicte/res1.clean.md', 'csh.clean.md', 'd00.clean.md', 'm.clean.md', 'manifest.json'])
    expectManifestTrue(join(dir, 'out'))
  })
})

describe('front matter says what was written', () => {
  test.each([
    ['date: 0000-01-01', '4:7 Invalid `date`: a year before 1000 is no date of a document: write the four digits of the year (YYYY-MM-DD)'],
    ['date: 0999-12-31', '4:7 Invalid `date`: a year before 1000 is no date of a document: write the four digits of the year (YYYY-MM-DD)'],
    ['draft: 1e400', '4:8 Invalid `draft`: expected boolean, got 1e400'],
    ['draft: -.inf', '4:8 Invalid `draft`: expected boolean, got -.inf'],
    ['lang: .nan', '4:7 Invalid `lang`: expected one of "en", "es", "fr", "pt", got .nan'],
  ])('%s', (line, message) => {
    const draft = parse(`---\ntitle: T\nsymbol: CICTE/RES. 1/17\n${line}\n---\n\n1. Text.\n`)
    expect(draft.file.messages.map((m) => `${m.line}:${m.column} ${m.reason}`)).toEqual([message])
  })

  test('title: .nan is a title that is not text, said as written', () => {
    const draft = parse('---\ntitle: .nan\n---\n\n1. Text.\n')
    expect(draft.file.messages.map((m) => m.reason)).toEqual(['Invalid `title`: expected string, got .nan'])
  })

  test('year 1000 and later are dates', () => {
    expect(parse(draftText('1. Text.', 'title: T\ndate: 1000-01-01')).failed).toBe(false)
  })
})
