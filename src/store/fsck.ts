/**
 * fsck: re-hash every blob and check that every tagged root's graph is complete. Damage is
 * reported, never thrown; with `repair`, corrupt blobs are deleted so the next pull fetches them again.
 */
import { createReadStream } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ALGORITHMS, Digester, isDigest, type Algorithm } from '../oci/digest.js';
import { displayName } from './index-entries.js';
import { readIndex } from './index-file.js';
import { blobDir, ingestDir } from './paths.js';
import { walkGraph } from './store-graph.js';

/** One thing wrong with a store. */
export interface FsckProblem {
  /** corrupt: bytes do not hash to the name; missing: a reachable blob is absent; broken: a manifest
   *  cannot be parsed; stray: a file under blobs/ whose name is not a digest. */
  kind: 'corrupt' | 'missing' | 'broken' | 'stray';
  message: string;
  digest?: string;
  reference?: string;
  path?: string;
  /** With `repair`: the corrupt blob was deleted. */
  repaired?: boolean;
}

/** The result of a check; `ok` is false when any problem was found. */
export interface FsckReport {
  ok: boolean;
  blobsChecked: number;
  bytesChecked: number;
  references: number;
  /** Files in ingest/ (interrupted writes; `gc` removes them). Not a problem by themselves. */
  ingestFiles: number;
  problems: FsckProblem[];
}

/** Options for fsck. */
export interface FsckOptions {
  /** Delete corrupt blobs; default false. */
  repair?: boolean;
  /** Blobs hashed at once; default 4. */
  concurrency?: number;
}

/** fsck checks the store at `root` and returns a report. */
export async function fsck(root: string, opts: FsckOptions = {}): Promise<FsckReport> {
  const report: FsckReport = {
    ok: true,
    blobsChecked: 0,
    bytesChecked: 0,
    references: 0,
    ingestFiles: 0,
    problems: [],
  };
  const corrupt = new Set<string>();
  const jobs: (() => Promise<void>)[] = [];
  for (const alg of Object.keys(ALGORITHMS) as Algorithm[]) {
    for (const name of await listDir(blobDir(root, alg))) {
      const digest = `${alg}:${name}`;
      const path = join(blobDir(root, alg), name);
      if (!isDigest(digest)) {
        report.problems.push({ kind: 'stray', path, message: `${path} is not named by a ${alg} digest` });
        continue;
      }
      jobs.push(async () => {
        const { got, size } = await hashFile(path, alg);
        report.blobsChecked++;
        report.bytesChecked += size;
        if (got === digest) return;
        corrupt.add(digest);
        const p: FsckProblem = { kind: 'corrupt', digest, path, message: `blob ${digest} hashes to ${got}` };
        if (opts.repair)
          p.repaired = await unlink(path).then(
            () => true,
            () => false,
          );
        report.problems.push(p);
      });
    }
  }
  await runAll(jobs, opts.concurrency ?? 4);
  const idx = await readIndex(root);
  for (const d of idx.manifests) {
    report.references++;
    const reference = displayName(d) ?? d.digest;
    const walk = await walkGraph(root, d);
    for (const m of walk.missing) {
      report.problems.push({
        kind: 'missing',
        digest: m.digest,
        reference,
        message: `${reference}: ${m.digest} is missing`,
      });
    }
    for (const b of walk.broken) {
      if (corrupt.has(b.desc.digest)) continue; // already reported as corrupt
      report.problems.push({
        kind: 'broken',
        digest: b.desc.digest,
        reference,
        message: `${reference}: manifest ${b.desc.digest} is unusable: ${b.error.message}`,
      });
    }
  }
  report.ingestFiles = (await listDir(ingestDir(root))).length;
  report.ok = report.problems.length === 0;
  return report;
}

async function hashFile(path: string, alg: Algorithm): Promise<{ got: string; size: number }> {
  const d = new Digester(alg);
  for await (const chunk of createReadStream(path)) d.update(chunk as Buffer);
  return { got: d.digest(), size: d.size };
}

async function runAll(jobs: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

async function listDir(dir: string): Promise<string[]> {
  return readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
}
