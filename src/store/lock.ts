/**
 * A lock on one store's `index.json` that works across processes: an exclusive-create lock file
 * holding the owner's pid, host and a nonce. A lock left by a dead process on this host is
 * recovered; inside one process, callers queue on a promise chain so the file lock is taken once.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { DeckhandError } from '../errors.js';
import { fsError } from './fs-error.js';

/** Options for taking a lock. */
export interface LockOptions {
  /** Give up after this many milliseconds; default 60 000. */
  timeoutMs?: number;
  /** A lock from another host is considered stale after this many milliseconds; default 10 minutes. */
  foreignStaleMs?: number;
  signal?: AbortSignal;
}

interface Owner {
  pid: number;
  host: string;
  nonce: string;
  time: number;
}

const queues = new Map<string, Promise<unknown>>();

/** withLock runs `fn` while holding the lock file at `path`; throws E_LOCK on timeout. */
export async function withLock<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const prev = queues.get(path) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const tail = prev.then(() => mine);
  queues.set(path, tail);
  try {
    await prev;
    const owner = await acquire(path, opts);
    try {
      return await fn();
    } finally {
      await releaseFile(path, owner);
    }
  } finally {
    release();
    if (queues.get(path) === tail) queues.delete(path);
  }
}

async function acquire(path: string, opts: LockOptions): Promise<Owner> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const owner: Owner = {
    pid: process.pid,
    host: hostname(),
    nonce: randomBytes(8).toString('hex'),
    time: Date.now(),
  };
  let delay = 2;
  for (;;) {
    opts.signal?.throwIfAborted();
    if (await tryCreate(path, owner)) return owner;
    const holder = await readOwner(path);
    if (holder === 'gone') continue;
    if (holder === undefined || isStale(holder, opts)) {
      await recover(path, holder);
      continue;
    }
    if (Date.now() > deadline) {
      throw new DeckhandError('E_LOCK', `store is locked by process ${holder.pid} on ${holder.host}`, {
        context: { path },
        details: [`if that process is gone, remove ${path}`],
      });
    }
    await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    delay = Math.min(delay * 2, 100);
  }
}

/** readOwner parses the lock file; 'gone' if it vanished, undefined if it is unreadable garbage. */
async function readOwner(path: string): Promise<Owner | 'gone' | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw fsError(e, path);
  }
  try {
    const o = JSON.parse(text) as Owner;
    return typeof o.pid === 'number' ? o : undefined;
  } catch {
    return undefined;
  }
}

/** tryCreate writes the owner to a private file and links it into place: create-with-content, atomically. */
async function tryCreate(path: string, owner: Owner): Promise<boolean> {
  const temp = `${path}.${owner.pid}.${owner.nonce}.tmp`;
  try {
    const fh = await open(temp, 'w', 0o644);
    try {
      await fh.writeFile(JSON.stringify(owner));
    } finally {
      await fh.close();
    }
    await link(temp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fsError(e, path, 'cannot create the store lock');
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

function isStale(o: Owner, opts: LockOptions): boolean {
  if (o.host !== hostname()) return Date.now() - o.time > (opts.foreignStaleMs ?? 600_000);
  return !alive(o.pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * recover removes a stale lock. The file is first renamed to a private name, so of several
 * processes recovering at once only one gets it; if what it got is not the stale lock it saw
 * (someone recovered and re-locked in between), it puts that lock back with link(), which
 * fails rather than overwrite.
 */
async function recover(path: string, seen: Owner | undefined): Promise<void> {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fsError(e, path);
  }
  const got = await readFile(aside, 'utf8').catch(() => '');
  const same = seen === undefined ? true : got === '' || safeNonce(got) === seen.nonce;
  if (!same) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function safeNonce(text: string): string | undefined {
  try {
    return (JSON.parse(text) as Owner).nonce;
  } catch {
    return undefined;
  }
}

async function releaseFile(path: string, owner: Owner): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => '');
  if (safeNonce(text) === owner.nonce) await unlink(path).catch(() => undefined);
}
