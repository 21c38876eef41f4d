/**
 * Fixtures of the faults suite: a registry seeded with a set of images that share no blob (so the bytes
 * a re-run must move are exactly the bytes missing from the store), the built CLI as a child process
 * that can be signalled at a chosen moment, and a look at what a store holds on disk.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestContext } from 'node:test';
import { closeAllClients, openRepository } from '../../src/registry/index.js';
import { MAIN } from '../e2e/cli/deckhand.js';
import { startRegistry, type RunningRegistry } from './registry-server.js';
import { makeImage, makeIndex, pushImage, type TestImage } from './test-images.js';

/** A registry holding `images` (full reference → image). */
export interface SeededSet {
  reg: RunningRegistry;
  images: Map<string, TestImage>;
}

/** seedDisjointSet pushes large and small images (no blob shared between two of them) to a new registry. */
export async function seedDisjointSet(
  t: TestContext,
  opts: { large?: number; small?: number; largeSize?: number; prefix?: string } = {},
): Promise<SeededSet | undefined> {
  const reg = await startRegistry(t);
  if (!reg) return undefined;
  t.after(closeAllClients);
  const images = new Map<string, TestImage>();
  const prefix = opts.prefix ?? 'set';
  for (let i = 0; i < (opts.large ?? 2); i++) {
    const ref = `${reg.host}/${prefix}/large-${i}:v1`;
    images.set(
      ref,
      makeImage({ seed: `${prefix}-large-${i}`, layers: 3, layerSize: opts.largeSize ?? 3 << 20 }),
    );
  }
  for (let i = 0; i < (opts.small ?? 6); i++) {
    const ref = `${reg.host}/${prefix}/small-${i}:v1`;
    const seed = `${prefix}-small-${i}`;
    images.set(
      ref,
      i % 3 === 2 ? makeIndex({ seed, layerSize: 3000 + i }) : makeImage({ seed, layerSize: 5000 + i * 13 }),
    );
  }
  for (const [ref, img] of images) await pushImage(openRepository(ref, { plainHttp: true }), img, ref);
  return { reg, images };
}

/** storeBlobs lists the digests present in a layout's blobs/sha256 (none when the store does not exist). */
export async function storeBlobs(dir: string): Promise<Set<string>> {
  try {
    return new Set((await readdir(join(dir, 'blobs', 'sha256'))).map((h) => `sha256:${h}`));
  } catch {
    return new Set();
  }
}

/** ingestFiles lists the files in a layout's ingest area (interrupted writes). */
export async function ingestFiles(dir: string): Promise<string[]> {
  try {
    return await readdir(join(dir, 'ingest'));
  } catch {
    return [];
  }
}

/** missingBytes sums the sizes of the images' blobs that `present` lacks. */
export function missingBytes(images: Iterable<TestImage>, present: Set<string>): number {
  const all = new Map<string, number>();
  for (const img of images) for (const [d, b] of img.blobs) all.set(d, b.length);
  let n = 0;
  for (const [d, size] of all) if (!present.has(d)) n += size;
  return n;
}

/** A finished CLI child. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from the signal to the exit (undefined when no signal was sent). */
  exitAfterSignalMs?: number;
}

/**
 * cli runs `node dist/src/cli/main.js ...args`; with `signalAfterMs` it sends `signal` (default SIGKILL)
 * that many ms after the spawn, or when `signalWhen` first returns true for the output so far.
 */
export function cli(
  args: string[],
  opts: {
    signal?: NodeJS.Signals;
    signalAfterMs?: number;
    signalWhen?: (stdout: string) => boolean;
    /** Polled every 5 ms; the signal goes when it first resolves true. */
    signalPoll?: () => Promise<boolean>;
    env?: Record<string, string>;
    cwd?: string;
  } = {},
): Promise<ChildRun> {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: opts.cwd,
  });
  let stdout = '';
  let stderr = '';
  let signalledAt: number | undefined;
  const send = (): void => {
    if (signalledAt !== undefined || child.exitCode !== null) return;
    signalledAt = Date.now();
    child.kill(opts.signal ?? 'SIGKILL');
  };
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString('utf8');
    if (opts.signalWhen?.(stdout)) send();
  });
  child.stderr.on('data', (b: Buffer) => void (stderr += b.toString('utf8')));
  const timer = opts.signalAfterMs !== undefined ? setTimeout(send, opts.signalAfterMs) : undefined;
  let polling = opts.signalPoll !== undefined;
  const poll = async (): Promise<void> => {
    while (polling && signalledAt === undefined) {
      if (await opts.signalPoll!()) send();
      await sleep(5);
    }
  };
  void poll();
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      polling = false;
      resolve({
        code,
        signal,
        stdout,
        stderr,
        exitAfterSignalMs: signalledAt === undefined ? undefined : Date.now() - signalledAt,
      });
    });
  });
}
