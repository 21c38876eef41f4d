/**
 * Auth selection against two real htpasswd registries: an auth entry applies only to the registry it
 * names (host and port exactly); a registry without one uses the docker config; a wrong entry for one
 * registry does not leak to, or break, the other.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clientOptionsFor, findAuth, sameRegistry } from '../../../../modules/image/auth.js';
import type { ImageData } from '../../../../modules/image/types.js';
import { closeAllClients, openRepository } from '../../../../src/registry/index.js';
import { startRegistry } from '../../../helpers/registry-server.js';
import { makeImage, pushImage } from '../../../helpers/test-images.js';
import { runYaml, taskResult, tempDir } from './fixtures.js';

test('auth entries match host and port exactly; docker.io names are one registry', () => {
  const cases: [string, string, boolean][] = [
    ['127.0.0.1:5000', '127.0.0.1:5000', true],
    ['127.0.0.1:5000', '127.0.0.1:5001', false],
    ['127.0.0.1', '127.0.0.1:5000', false],
    ['https://Registry.Local:5000/v2/', 'registry.local:5000', true],
    ['docker.io', 'registry-1.docker.io', true],
    ['index.docker.io', 'docker.io', true],
    ['docker.io', 'quay.io', false],
  ];
  for (const [entry, registry, want] of cases)
    assert.equal(sameRegistry(entry, registry), want, `${entry} ~ ${registry}`);
  const auths = [
    { repo: 'a.local:5000', username: 'a', password: 'pa-secret' },
    { registry: 'docker.io', username: 'hub', password: 'hub-secret', skip_tls_verify: true },
  ];
  assert.equal(findAuth('a.local', auths), undefined);
  assert.deepEqual(clientOptionsFor('registry-1.docker.io', auths), {
    skipTlsVerify: true,
    credentials: { username: 'hub', password: 'hub-secret' },
  });
  assert.deepEqual(clientOptionsFor('b.local:5000', auths, { plainHttp: true }), { plainHttp: true });
  assert.deepEqual(clientOptionsFor('k.local', [{ repo: 'k.local', insecure: true }]), {
    skipTlsVerify: true,
  });
  assert.deepEqual(
    clientOptionsFor('k.local', [{ repo: 'k.local', insecure: true, skip_tls_verify: false }]),
    {
      skipTlsVerify: false,
    },
  );
});

test('each registry gets its own credentials: the task entry for one, the docker config for the other', async (t) => {
  const a = await startRegistry(t, { tls: true, auth: true });
  const b = await startRegistry(t, { tls: true, auth: true });
  if (!a || !b) return;
  t.after(closeAllClients);
  const img = makeImage({ seed: 'auth-sel' });
  for (const r of [a, b]) {
    const ref = `${r.host}/org/app:1`;
    await pushImage(
      openRepository(ref, { caFile: r.caFile, credentials: { username: r.username, password: r.password } }),
      img,
      ref,
    );
  }
  const dir = await tempDir(t);
  const dockerDir = join(dir, 'docker');
  await mkdir(dockerDir);
  // The docker config knows b only; a's entry in the task must not be sent to b (it would be rejected there).
  const auth = Buffer.from(`${b.username}:${b.password}`).toString('base64');
  await writeFile(join(dockerDir, 'config.json'), JSON.stringify({ auths: { [b.host]: { auth } } }));
  const saved = process.env.DOCKER_CONFIG;
  process.env.DOCKER_CONFIG = dockerDir;
  t.after(() => {
    if (saved === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = saved;
  });
  const play = (aPassword: string) => `
- hosts: localhost
  gather_facts: false
  tasks:
    - name: pull from both
      image:
        pull:
          manifests: ["{{a}}/org/app:1", "{{b}}/org/app:1"]
          images_dir: "{{dir}}/store"
          policy: warn
          auths:
            - { repo: "{{a}}", username: "{{user}}", password: "${aPassword}", ca_file: "{{ca_a}}" }
            - { repo: "{{b}}", ca_file: "{{ca_b}}" }
`;
  const vars = { a: a.host, b: b.host, dir, user: a.username, ca_a: a.caFile, ca_b: b.caFile };
  const ok = await runYaml(dir, play(a.password!), vars);
  const images = (taskResult(ok, 'pull from both').result.data as ImageData).images;
  // Same content in both: whichever finishes second finds its blobs present.
  assert.deepEqual(images.map((i) => i.status).sort(), ['done', 'skipped'], JSON.stringify(images));

  const wrong = await runYaml(dir, play('not-the-password'), { ...vars, dir: join(dir, 'again') });
  const again = (taskResult(wrong, 'pull from both').result.data as ImageData).images;
  assert.equal(again[0]!.status, 'failed', 'the wrong password fails a');
  assert.equal(again[0]!.error_code, 'E_COPY');
  assert.equal(again[1]!.status, 'done', 'b still uses the docker config');
  assert.ok(!JSON.stringify(wrong).includes(b.password!), 'no password in the report');
});
