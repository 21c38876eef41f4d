/** The registry client against a real docker-registry over HTTPS (a CA made by openssl) with htpasswd auth. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { openRepository, openRegistry, closeAllClients, RegistryError } from '../../../src/registry/index.js';
import { startRegistry } from '../../helpers/registry-server.js';
import { makeImage, pushImage, pushOrder } from '../../helpers/test-images.js';
import { redact } from '../../../src/redact.js';

test.after(closeAllClients);

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-tls-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** everything printable about an error, to look for secrets in. */
function printable(e: RegistryError): string {
  return [e.message, ...e.details, e.request ?? '', JSON.stringify(e.context)].join('\n');
}

test('registry client over HTTPS with htpasswd', async (t) => {
  const reg = await startRegistry(t, { tls: true, auth: true });
  if (!reg) return;
  const credentials = { username: reg.username!, password: reg.password! };
  const retry = { attempts: 2, baseDelayMs: 10 };

  await t.test('with the CA and the right password: push and pull work', async () => {
    const img = makeImage({ seed: 'tls-1', layers: 2, layerSize: 50_000 });
    const repo = openRepository(`${reg.host}/secure/app`, { caFile: reg.caFile, credentials });
    await pushImage(repo, img, 'v1');
    const root = await repo.resolve('v1');
    assert.equal(root.digest, img.root.digest);
    for (const d of pushOrder(img)) {
      assert.ok((await buffer(await repo.fetch(d))).equals(img.blobs.get(d.digest) as Buffer));
    }
    const ping = await openRegistry(reg.host, { caFile: reg.caFile, credentials }).ping();
    assert.equal(ping.url, reg.url, 'a TLS loopback registry is spoken to over HTTPS');
  });

  await t.test(
    'the 401 of the scheme probe is learnt: the first request already carries the password',
    async () => {
      // A new client (a user agent of its own keeps it out of the shared-client cache).
      const repo = openRepository(`${reg.host}/secure/app`, {
        caFile: reg.caFile,
        credentials,
        userAgent: 'probe-test',
      });
      assert.equal((await repo.resolve('v1')).mediaType.length > 0, true);
      // GET /v2/ (401, learnt) then HEAD of the tag with Basic auth: two requests, not three.
      assert.equal(repo.client.stats.requests, 2);
    },
  );

  await t.test('a wrong password gives UNAUTHORIZED, clearly worded, with no secret in it', async () => {
    const wrong = { username: reg.username!, password: 'not-the-password-0123' };
    const repo = openRepository(`${reg.host}/secure/app`, { caFile: reg.caFile, credentials: wrong, retry });
    const err = await repo.resolve('v1').then(
      () => assert.fail('resolve should fail'),
      (e: unknown) => e as RegistryError,
    );
    assert.equal(err.code, 'UNAUTHORIZED');
    assert.match(err.message, new RegExp(reg.host.replace(/\./g, '\\.')));
    for (const secret of [
      wrong.password,
      Buffer.from(`${wrong.username}:${wrong.password}`).toString('base64'),
    ]) {
      assert.ok(!printable(err).includes(secret), 'no secret in the error');
    }
    assert.equal(redact(`x ${wrong.password} y`), 'x *** y', 'the password was registered as a secret');
  });

  await t.test('no credentials at all gives UNAUTHORIZED', async () => {
    const empty = tempDir(t);
    const repo = openRepository(`${reg.host}/secure/app`, {
      caFile: reg.caFile,
      dockerConfigDir: empty,
      retry,
    });
    await assert.rejects(repo.resolve('v1'), (e: RegistryError) => e.code === 'UNAUTHORIZED');
  });

  await t.test('credentials fall back to the docker config', async () => {
    const dir = tempDir(t);
    const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [`https://${reg.host}`]: { auth } } }));
    const repo = openRepository(`${reg.host}/secure/app`, { caFile: reg.caFile, dockerConfigDir: dir });
    assert.equal((await repo.resolve('v1')).mediaType.includes('manifest'), true);
  });

  await t.test('without the CA: a TLS error that names the fix', async () => {
    const repo = openRepository(`${reg.host}/secure/app`, { credentials, retry });
    const err = await repo.resolve('v1').then(
      () => assert.fail('resolve should fail'),
      (e: unknown) => e as RegistryError,
    );
    assert.equal(err.code, 'TLS');
    const text = printable(err);
    assert.match(text, /ca_file/);
    assert.match(text, /skip_tls_verify/);
  });

  await t.test('the CA is trusted from certs.d/<host>/ca.crt', async () => {
    const certsDir = tempDir(t);
    mkdirSync(join(certsDir, reg.host));
    copyFileSync(reg.caFile!, join(certsDir, reg.host, 'ca.crt'));
    const repo = openRepository(`${reg.host}/secure/app`, { certsDir, credentials });
    assert.ok((await repo.tags()).includes('v1'));
  });

  await t.test('skip_tls_verify works without the CA', async () => {
    const repo = openRepository(`${reg.host}/secure/app`, { skipTlsVerify: true, credentials });
    assert.ok((await repo.tags()).includes('v1'));
  });

  await t.test('plain HTTP asked of a TLS registry is a TLS error that says so', async () => {
    const repo = openRepository(`${reg.host}/secure/app`, { plainHttp: true, credentials, retry });
    await assert.rejects(
      repo.tags(),
      (e: RegistryError) => e.code === 'TLS' && /plain_http/.test(printable(e)),
    );
  });
});
