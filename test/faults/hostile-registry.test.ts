/**
 * Hostile registries: a small hand-written server answers a pull with crafted lies (a path-traversal
 * digest, a size that lies, bytes that do not match, an index that points back at itself, an oversized
 * manifest, a token endpoint that returns garbage, a blob redirect to another host, an https → http
 * redirect). Each pull is
 * refused with a clear error code, nothing unverified is stored, nothing is written outside images_dir,
 * and credentials never follow a redirect to another host.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseManifests } from '../../modules/image/manifests.js';
import { pullImages } from '../../modules/image/pull.js';
import { digestOf } from '../../src/oci/digest.js';
import { OCI_CONFIG, OCI_INDEX, OCI_LAYER_GZIP, OCI_MANIFEST } from '../../src/oci/media-types.js';
import { closeAllClients } from '../../src/registry/index.js';
import { LayoutStore } from '../../src/store/index.js';
import { storeBlobs } from '../helpers/fault-fixtures.js';
import { listenLoopback } from '../helpers/ports.js';
import { requireTool } from '../helpers/require-tool.js';
import { makeCertificates } from '../helpers/tls.js';

test.after(closeAllClients);

type Handler = (req: IncomingMessage, res: ServerResponse, base: string) => void;

/** serve starts a loopback HTTP server for the test and returns its host:port. */
async function serve(t: { after(fn: () => unknown): void }, handler: Handler): Promise<string> {
  const server = createServer((req, res) =>
    handler(req, res, `127.0.0.1:${(server.address() as AddressInfo).port}`),
  );
  return (await listenLoopback(t, server)).host;
}

const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));
const LAYER = Buffer.from('layer bytes that are honest');
const CONFIG = json({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } });
const desc = (mediaType: string, b: Buffer) => ({ mediaType, digest: digestOf(b), size: b.length });
const manifestWith = (layer: object): Buffer =>
  json({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: desc(OCI_CONFIG, CONFIG), layers: [layer] });

/** registry answers /v2/, manifests by any reference with `manifest`, and blobs from `blobs`. */
function registry(manifest: Buffer, mediaType: string, blobs: Map<string, Buffer>, extra?: Handler): Handler {
  return (req, res, base) => {
    const url = req.url ?? '';
    if (extra && !res.headersSent) {
      extra(req, res, base);
      if (res.headersSent || res.writableEnded) return;
    }
    if (url === '/v2/') return void res.writeHead(200).end('{}');
    if (/\/manifests\//.test(url)) {
      res.writeHead(200, { 'content-type': mediaType, 'content-length': manifest.length });
      return void res.end(req.method === 'HEAD' ? undefined : manifest);
    }
    const m = /\/blobs\/(.+)$/.exec(url);
    const blob = m ? blobs.get(decodeURIComponent(m[1]!)) : undefined;
    if (!blob) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[]}');
    res.writeHead(200, { 'content-length': blob.length, 'content-type': 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : blob);
  };
}

const honest = new Map([
  [digestOf(LAYER), LAYER],
  [digestOf(CONFIG), CONFIG],
]);

interface Case {
  name: string;
  handler: Handler;
  /** Acceptable error codes of the failed image. */
  codes: string[];
  /** What the error must say. */
  says: RegExp;
  auth?: boolean;
}

const selfIndex = json({
  schemaVersion: 2,
  mediaType: OCI_INDEX,
  manifests: [{ mediaType: OCI_INDEX, digest: `sha256:${'ab'.repeat(32)}`, size: 200 }],
});

const cases: Case[] = [
  {
    name: 'a layer digest that is a path traversal',
    handler: registry(
      manifestWith({ mediaType: OCI_LAYER_GZIP, digest: 'sha256:../../../../etc/passwd', size: 10 }),
      OCI_MANIFEST,
      honest,
    ),
    codes: ['E_DIGEST', 'E_INVALID', 'E_MANIFEST', 'E_COPY', 'E_BAD_DIGEST', 'INVALID_DIGEST'],
    says: /invalid digest/,
  },
  {
    name: 'a layer size that lies',
    handler: registry(manifestWith({ ...desc(OCI_LAYER_GZIP, LAYER), size: 5 }), OCI_MANIFEST, honest),
    codes: ['E_SIZE_MISMATCH', 'E_COPY'],
    says: /size mismatch/,
  },
  {
    name: 'blob bytes that do not match the digest',
    handler: registry(
      manifestWith(desc(OCI_LAYER_GZIP, LAYER)),
      OCI_MANIFEST,
      new Map([...honest, [digestOf(LAYER), Buffer.from('layer bytes that are LYING!')]]),
    ),
    codes: ['E_DIGEST_MISMATCH', 'E_COPY'],
    says: /digest mismatch/,
  },
  {
    name: 'an index whose child is the index again (a cycle)',
    handler: registry(selfIndex, OCI_INDEX, honest),
    codes: ['E_DIGEST_MISMATCH', 'DIGEST_MISMATCH', 'E_COPY', 'E_SIZE_MISMATCH'],
    says: /sha256:(ab){32}.*(digest|mismatch|sent a manifest)/,
  },
  {
    name: 'a manifest over the size limit',
    handler: registry(Buffer.alloc(5 << 20, 0x20), OCI_MANIFEST, honest),
    codes: ['TOO_LARGE', 'E_COPY'],
    says: /over the \d+ byte limit/,
  },
  {
    name: 'a token endpoint that returns garbage',
    handler: (req, res, base) => {
      if (req.url?.startsWith('/token')) return void res.writeHead(200).end('<<<not json>>>');
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="http://${base}/token",service="hostile",scope="repository:x/y:pull"`,
        'content-type': 'application/json',
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    },
    codes: ['AUTH', 'UNAUTHORIZED', 'E_AUTH', 'E_COPY', 'TOKEN'],
    says: /token server answered with invalid JSON/,
    auth: true,
  },
];

test('hostile registries: refused with a clear code, nothing unverified stored', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'deckhand-hostile-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  for (const [i, c] of cases.entries()) {
    await t.test(c.name, async (t) => {
      const host = await serve(t, c.handler);
      const dir = join(root, String(i), 'images');
      const auths = c.auth ? [{ repo: host, username: 'u', password: 'hostile-secret-pw' }] : [];
      const started = Date.now();
      const [entry] = await pullImages(parseManifests([`${host}/x/y:1`], { prefix: '' }, 'REF'), dir, {
        auths,
        retries: 0,
      });
      assert.ok(Date.now() - started < 20_000, 'refused promptly, not hung');
      assert.equal(entry!.status, 'failed', JSON.stringify(entry));
      assert.ok(
        c.codes.includes(entry!.error_code ?? ''),
        `${c.name}: code ${entry!.error_code}: ${entry!.error}`,
      );
      assert.match(entry!.error ?? '', c.says);
      assert.ok(!(entry!.error ?? '').includes('hostile-secret-pw'));
      // Only honest, verified blobs may be in the store, and nothing outside images_dir.
      const present = await storeBlobs(dir);
      for (const d of present) assert.ok(honest.has(d), `unverified blob stored: ${d}`);
      assert.deepEqual((await readdir(join(root, String(i)))).sort(), ['images']);
      const report = await (await LayoutStore.open(dir)).fsck();
      assert.ok(report.ok, JSON.stringify(report.problems));
      assert.equal(report.references, 0, 'nothing tagged');
      t.diagnostic(`${entry!.error_code}: ${entry!.error}`);
    });
  }
});

test('a blob redirect to another host: followed, without the credentials', async (t) => {
  const seen: IncomingMessage['headers'][] = [];
  const cdn = await serve(t, (req, res) => {
    seen.push(req.headers);
    const blob = honest.get(decodeURIComponent((req.url ?? '').slice(1)));
    res.writeHead(blob ? 200 : 404, { 'content-length': blob?.length ?? 0 }).end(blob);
  });
  const expected = `Basic ${Buffer.from('u:redirect-secret').toString('base64')}`;
  const host = await serve(t, (req, res) => {
    if (req.headers.authorization !== expected) {
      return void res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
    }
    const url = req.url ?? '';
    if (url === '/v2/') return void res.writeHead(200).end('{}');
    if (/\/manifests\//.test(url)) {
      const m = manifestWith(desc(OCI_LAYER_GZIP, LAYER));
      return void res.writeHead(200, { 'content-type': OCI_MANIFEST, 'content-length': m.length }).end(m);
    }
    const d = /\/blobs\/(.+)$/.exec(url)?.[1];
    res.writeHead(307, { location: `http://${cdn}/${d}` }).end();
  });
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-redirect-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const [entry] = await pullImages(parseManifests([`${host}/x/y:1`], { prefix: '' }, 'REF'), dir, {
    auths: [{ repo: host, username: 'u', password: 'redirect-secret' }],
  });
  assert.equal(entry!.status, 'done', entry!.error ?? '');
  assert.ok(seen.length >= 1, 'the other host was asked for the blob');
  for (const h of seen) assert.equal(h.authorization, undefined, 'no Authorization to another host');
});

test('a redirect from https to http is refused and the credentials stay home', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-downgrade-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  if (!requireTool(t, 'openssl')) return;
  const certs = makeCertificates(dir);
  const seen: IncomingMessage['headers'][] = [];
  const plain = await serve(t, (req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-length': LAYER.length }).end(LAYER);
  });
  const server = createHttpsServer(
    { cert: readFileSync(certs.certFile), key: readFileSync(certs.keyFile) },
    (req, res) => {
      const url = req.url ?? '';
      if (url === '/v2/') return void res.writeHead(200).end('{}');
      if (/\/manifests\//.test(url)) {
        const m = manifestWith(desc(OCI_LAYER_GZIP, LAYER));
        return void res.writeHead(200, { 'content-type': OCI_MANIFEST, 'content-length': m.length }).end(m);
      }
      if (url.endsWith(digestOf(CONFIG))) return void res.writeHead(200).end(CONFIG);
      res.writeHead(307, { location: `http://${plain}${url}` }).end();
    },
  );
  const { host } = await listenLoopback(t, server);
  const [entry] = await pullImages(
    parseManifests([`${host}/x/y:1`], { prefix: '' }, 'REF'),
    join(dir, 'images'),
    {
      auths: [{ repo: host, username: 'u', password: 'downgrade-secret', ca_file: certs.caFile }],
      retries: 0,
    },
  );
  assert.equal(entry!.status, 'failed');
  assert.match(entry!.error ?? '', /refusing a redirect from HTTPS to http/);
  assert.equal(seen.length, 0, 'nothing was sent over plain HTTP');
  const present = await storeBlobs(join(dir, 'images'));
  assert.ok(!present.has(digestOf(LAYER)), 'the layer was not stored');
});
