/**
 * Importing KubeKey v4's own image directory (DESIGN.md §5; kubekey `pkg/modules/image/repository.go`):
 *   blobs/sha256:<hex>                          every layer and config
 *   <host>/<repo>/manifests/<tag>               the manifest bytes of a tag (older releases)
 *   <host>/<repo>/manifests/sha256:<hex>        a manifest by digest (index children, newer releases)
 *   <host>/<repo>/manifests/layout              JSON {tag: digest} (newer releases)
 * Every blob and manifest is re-hashed on the way in; a tag whose graph is incomplete is skipped.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { DeckhandError, errorMessage } from '../errors.js';
import type { Descriptor } from '../oci/descriptor.js';
import { digestOf, isDigest } from '../oci/digest.js';
import { fsError } from './fs-error.js';
import { ingest } from './ingest.js';
import type { LayoutStore } from './layout-store.js';
import { sniffMediaType } from './sniff.js';

/** What an import did. */
export interface KubeKeyImportReport {
  imported: { reference: string; digest: string }[];
  skipped: { reference: string; reason: string }[];
  blobs: number;
}

interface TagJob {
  reference: string;
  desc: Descriptor;
}

/** importKubeKey copies a KubeKey image directory into `store`; throws E_STORE if `dir` is not one. */
export async function importKubeKey(store: LayoutStore, dir: string): Promise<KubeKeyImportReport> {
  const report: KubeKeyImportReport = { imported: [], skipped: [], blobs: 0 };
  const blobNames = await readdir(join(dir, 'blobs')).catch((e: unknown) => {
    throw new DeckhandError('E_STORE', `${dir} is not a KubeKey image directory (no blobs/)`, {
      cause: e,
      context: { path: dir },
    });
  });
  for (const name of blobNames) {
    if (!isDigest(name)) {
      report.skipped.push({ reference: join('blobs', name), reason: 'file name is not a digest' });
      continue;
    }
    const path = join(dir, 'blobs', name);
    const size = (await stat(path)).size;
    try {
      await ingest(
        store.root,
        { mediaType: 'application/octet-stream', digest: name, size },
        createReadStream(path),
      );
      report.blobs++;
    } catch (e) {
      // A damaged blob costs only the images that use it (their tags are skipped below); a full disk stops all.
      if (!(e instanceof DeckhandError) || !['E_DIGEST_MISMATCH', 'E_SIZE_MISMATCH'].includes(e.code))
        throw e;
      report.skipped.push({ reference: join('blobs', name), reason: e.message });
    }
  }
  const tags: TagJob[] = [];
  for (const mdir of await findManifestDirs(dir)) {
    const repo = relative(dir, join(mdir, '..')).split(sep).join('/');
    await importRepo(store, mdir, repo, tags, report);
  }
  for (const t of tags) {
    try {
      await store.tag(t.desc, t.reference);
      report.imported.push({ reference: t.reference, digest: t.desc.digest });
    } catch (e) {
      report.skipped.push({ reference: t.reference, reason: errorMessage(e) });
    }
  }
  return report;
}

async function importRepo(
  store: LayoutStore,
  mdir: string,
  repo: string,
  tags: TagJob[],
  report: KubeKeyImportReport,
): Promise<void> {
  const byDigest = new Map<string, Descriptor>();
  let layout: Record<string, string> = {};
  for (const name of await readdir(mdir)) {
    const path = join(mdir, name);
    if (name === 'layout') {
      layout = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
      continue;
    }
    try {
      const bytes = await readFile(path);
      const digest = digestOf(bytes);
      if (name.includes(':') && name !== digest) throw new Error(`content hashes to ${digest}, not ${name}`);
      const desc: Descriptor = { mediaType: sniffMediaType(bytes, digest), digest, size: bytes.length };
      await ingest(store.root, desc, Readable.from([bytes]));
      byDigest.set(digest, desc);
      if (!name.includes(':')) tags.push({ reference: `${repo}:${name}`, desc });
    } catch (e) {
      report.skipped.push({ reference: `${repo}/manifests/${name}`, reason: errorMessage(e) });
    }
  }
  for (const [tag, digest] of Object.entries(layout)) {
    const desc = byDigest.get(digest);
    if (desc) tags.push({ reference: `${repo}:${tag}`, desc });
    else report.skipped.push({ reference: `${repo}:${tag}`, reason: `manifest ${digest} is not in ${mdir}` });
  }
}

/** findManifestDirs finds every `<host>/<repo>/manifests` directory below `dir` (blobs/ excluded). */
async function findManifestDirs(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      throw fsError(e, d);
    }
    for (const e of entries) {
      if (!e.isDirectory() || (depth === 0 && e.name === 'blobs')) continue;
      const p = join(d, e.name);
      if (e.name === 'manifests' && depth >= 2) out.push(p);
      else if (depth < 16) await walk(p, depth + 1);
    }
  };
  await walk(dir, 0);
  return out.sort();
}
