/**
 * Generates the quickstart's bundled image (issue 6): a real multi-platform OCI index (linux/amd64 +
 * linux/arm64) whose layers are small valid gzipped tars, written with our LayoutStore into
 * playbooks/fixtures/hello-image/ and checked in. Deterministic: fixed timestamps, fixed gzip header,
 * so running it again gives the same digests (`--check` verifies that without writing).
 *   npm run build && node dist/scripts/make-fixture.js [--check]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Descriptor, Platform } from '../src/oci/descriptor.js';
import { digestOf } from '../src/oci/digest.js';
import { OCI_CONFIG, OCI_INDEX, OCI_LAYER_GZIP, OCI_MANIFEST } from '../src/oci/media-types.js';
import { LayoutStore } from '../src/store/index.js';
import { tar } from './tar-writer.js';

/** The reference the fixture is stored under. */
export const FIXTURE_REFERENCE = 'deckhand.local/quickstart/hello:1.0';
/** Where the fixture lives, relative to the repository root. */
export const FIXTURE_DIR = 'playbooks/fixtures/hello-image';

const CREATED = '2026-01-01T00:00:00Z';
const MTIME = Date.parse(CREATED) / 1000;
const PLATFORMS: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
];

interface Blob {
  desc: Descriptor;
  data: Buffer;
}

function blob(mediaType: string, data: Buffer): Blob {
  return { desc: { mediaType, digest: digestOf(data), size: data.length }, data };
}

/** gzip with a fixed header: zlib writes mtime 0, and the OS byte is pinned to "unix" on every platform. */
function gzip(data: Buffer): Buffer {
  const out = gzipSync(data, { level: 9 });
  out[9] = 3;
  return out;
}

function layer(entries: Parameters<typeof tar>[0]): { blob: Blob; diffId: string } {
  const raw = tar(entries, MTIME);
  return { blob: blob(OCI_LAYER_GZIP, gzip(raw)), diffId: digestOf(raw) };
}

/** buildFixture returns every blob of the image, children first, and the index last. */
export function buildFixture(): Blob[] {
  const shared = layer([
    { path: 'etc/' },
    { path: 'etc/quickstart-release', content: 'NAME="deckhand quickstart"\nVERSION="1.0"\n' },
    { path: 'hello.txt', content: 'Hello from the deckhand quickstart image.\n' },
  ]);
  const out: Blob[] = [shared.blob];
  const manifests: Descriptor[] = [];
  for (const p of PLATFORMS) {
    const own = layer([{ path: 'platform.txt', content: `${p.os}/${p.architecture}\n` }]);
    const config = blob(
      OCI_CONFIG,
      Buffer.from(
        JSON.stringify({
          created: CREATED,
          architecture: p.architecture,
          os: p.os,
          config: { Cmd: ['/bin/cat', '/hello.txt'], Labels: { 'org.opencontainers.image.title': 'hello' } },
          rootfs: { type: 'layers', diff_ids: [shared.diffId, own.diffId] },
          history: [{ created: CREATED, comment: 'deckhand scripts/make-fixture.ts' }],
        }),
      ),
    );
    const manifest = blob(
      OCI_MANIFEST,
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: OCI_MANIFEST,
          config: config.desc,
          layers: [shared.blob.desc, own.blob.desc],
        }),
      ),
    );
    out.push(own.blob, config, manifest);
    manifests.push({ ...manifest.desc, platform: p });
  }
  out.push(
    blob(
      OCI_INDEX,
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: OCI_INDEX,
          manifests,
          annotations: { 'org.opencontainers.image.created': CREATED },
        }),
      ),
    ),
  );
  return out;
}

/** writeFixture writes the image into a fresh layout at `dir` and returns the index descriptor. */
export async function writeFixture(dir: string): Promise<Descriptor> {
  rmSync(dir, { recursive: true, force: true });
  const store = await LayoutStore.init(dir);
  const blobs = buildFixture();
  for (const b of blobs) await store.push(b.desc, Readable.from([b.data]));
  const root = blobs[blobs.length - 1].desc;
  await store.tag(root, FIXTURE_REFERENCE);
  rmSync(join(dir, 'ingest'), { recursive: true, force: true });
  rmSync(join(dir, 'index.json.lock'), { force: true });
  return root;
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found');
    dir = up;
  }
  return dir;
}

async function main(): Promise<void> {
  const target = join(repoRoot(), FIXTURE_DIR);
  if (process.argv.includes('--check')) {
    const tmp = mkdtempSync(join(tmpdir(), 'deckhand-fixture-'));
    try {
      const fresh = await writeFixture(join(tmp, 'image'));
      const current = await (await LayoutStore.open(target)).resolve(FIXTURE_REFERENCE);
      if (current.digest !== fresh.digest) {
        process.stderr.write(`${FIXTURE_DIR} is stale: ${current.digest}, regenerated ${fresh.digest}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${FIXTURE_DIR} is up to date (${fresh.digest})\n`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return;
  }
  const root = await writeFixture(target);
  process.stdout.write(`wrote ${FIXTURE_REFERENCE} (${root.digest}) to ${FIXTURE_DIR}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
