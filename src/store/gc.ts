/**
 * Garbage collection: delete blobs that no tagged root reaches, and ingest files left by dead
 * processes. Runs under the index lock so no tag can appear half-way; blobs younger than the grace
 * period are kept because another process may have pushed them and not yet tagged its root.
 */
import { readdir, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ALGORITHMS } from '../oci/digest.js';
import { fsError } from './fs-error.js';
import { readIndex } from './index-file.js';
import { withLock } from './lock.js';
import { blobDir, ingestDir, lockPath } from './paths.js';
import { walkGraph } from './store-graph.js';
import type { LockOptions } from './lock.js';

/** Options for gc. */
export interface GcOptions {
  /** Report what would go, delete nothing; default false. */
  dryRun?: boolean;
  /** Keep unreachable blobs and ingest files younger than this; default 10 minutes. */
  graceMs?: number;
  lock?: LockOptions;
}

/** What gc removed (or would remove, with dryRun). */
export interface GcReport {
  removedBlobs: string[];
  removedIngest: string[];
  bytesFreed: number;
  /** Blobs kept only because they are younger than the grace period. */
  keptYoung: number;
}

/** gc removes what no reference reaches; a damaged graph keeps everything it can still reach. */
export async function gc(root: string, opts: GcOptions = {}): Promise<GcReport> {
  const grace = opts.graceMs ?? 10 * 60_000;
  const report: GcReport = { removedBlobs: [], removedIngest: [], bytesFreed: 0, keptYoung: 0 };
  await withLock(
    lockPath(root),
    async () => {
      const reachable = new Set<string>();
      for (const d of (await readIndex(root)).manifests) {
        for (const digest of (await walkGraph(root, d)).nodes.keys()) reachable.add(digest);
      }
      const now = Date.now();
      for (const alg of Object.keys(ALGORITHMS)) {
        for (const hex of await listDir(blobDir(root, alg))) {
          const digest = `${alg}:${hex}`;
          if (reachable.has(digest)) continue;
          const path = join(blobDir(root, alg), hex);
          const st = await stat(path).catch(() => undefined);
          if (!st) continue;
          if (now - st.mtimeMs < grace) {
            report.keptYoung++;
            continue;
          }
          if (!opts.dryRun) await unlink(path).catch(() => undefined);
          report.removedBlobs.push(digest);
          report.bytesFreed += st.size;
        }
      }
      for (const name of await listDir(ingestDir(root))) {
        const path = join(ingestDir(root), name);
        const st = await stat(path).catch(() => undefined);
        if (!st || !(isDeadOwner(name) || now - st.mtimeMs >= grace)) continue;
        if (!opts.dryRun) await rm(path, { force: true, recursive: true });
        report.removedIngest.push(name);
        report.bytesFreed += st.size;
      }
      // Temporary index and lock files of a process killed while writing them.
      for (const name of await listDir(root)) {
        const pid = leftoverPid(name);
        if (pid === undefined) continue;
        const path = join(root, name);
        const st = await stat(path).catch(() => undefined);
        if (!st || !(isDead(pid) || now - st.mtimeMs >= grace)) continue;
        if (!opts.dryRun) await unlink(path).catch(() => undefined);
        report.removedIngest.push(name);
      }
    },
    opts.lock,
  );
  return report;
}

/** isDeadOwner reads the pid from an ingest file name (`<hex>.<pid>.<rand>.part`) and checks it. */
export function isDeadOwner(name: string): boolean {
  return isDead(Number(name.split('.')[1]));
}

/** leftoverPid returns the writer's pid of `index.json.<pid>.<rand>.tmp`, `index.json.lock.<pid>.<nonce>.tmp` or `index.json.lock.stale.<pid>.<rand>`. */
export function leftoverPid(name: string): number | undefined {
  const m = /^index\.json\.(?:lock\.(?:stale\.)?)?(\d+)\.[0-9a-f]+(?:\.tmp)?$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

function isDead(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fsError(e, dir);
  }
}
