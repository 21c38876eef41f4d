/** Mutual TLS against a real docker-registry that demands client certificates signed by its CA. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRepository, closeAllClients, type RegistryError } from '../../../src/registry/index.js';
import { startRegistry } from '../../helpers/registry-server.js';
import { makeImage, pushImage } from '../../helpers/test-images.js';

test.after(closeAllClients);

test('client certificates', async (t) => {
  const reg = await startRegistry(t, { mtls: true });
  if (!reg) return;
  const img = makeImage({ seed: 'mtls', layers: 1 });

  await t.test('cert_file and key_file are presented', async () => {
    const repo = openRepository(`${reg.host}/m/app`, {
      caFile: reg.caFile,
      certFile: reg.clientCertFile,
      keyFile: reg.clientKeyFile,
    });
    await pushImage(repo, img, 'v1');
    assert.equal((await repo.resolve('v1')).digest, img.root.digest);
  });

  await t.test('certs.d/<host>/ca.crt, client.cert and client.key are used', async (t) => {
    const certsDir = mkdtempSync(join(tmpdir(), 'deckhand-certsd-'));
    t.after(() => rmSync(certsDir, { recursive: true, force: true }));
    const hostDir = join(certsDir, reg.host);
    mkdirSync(hostDir);
    copyFileSync(reg.caFile!, join(hostDir, 'ca.crt'));
    copyFileSync(reg.clientCertFile!, join(hostDir, 'client.cert'));
    copyFileSync(reg.clientKeyFile!, join(hostDir, 'client.key'));
    const repo = openRepository(`${reg.host}/m/app`, { certsDir });
    assert.deepEqual(await repo.tags(), ['v1']);
  });

  await t.test('without a client certificate: an error that names cert_file', async () => {
    const repo = openRepository(`${reg.host}/m/app`, { caFile: reg.caFile, retry: { attempts: 1 } });
    const err = await repo.tags().then(
      () => assert.fail('should fail'),
      (e: unknown) => e as RegistryError,
    );
    // TLS 1.2 fails the handshake (TLS); TLS 1.3 closes the connection after it (NETWORK).
    assert.ok(['TLS', 'NETWORK'].includes(err.code), `${err.code}: ${err.message}`);
    assert.match(err.details.join('\n'), /cert_file/);
  });

  await t.test('cert_file without key_file is a usage error', () => {
    assert.throws(
      () =>
        openRepository(`${reg.host}/m/app`, {
          caFile: reg.caFile,
          certFile: reg.clientCertFile,
          retry: { attempts: 2 },
        }),
      (e: RegistryError) => e.code === 'E_USAGE',
    );
  });
});
