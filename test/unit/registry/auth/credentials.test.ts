/** Credentials from the docker config: auths (every key spelling), credHelpers, credsStore. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerCredentials, hostOfKey, registryMatches } from '../../../../src/registry/auth/credentials.js';
import { redact } from '../../../../src/redact.js';
import type { DeckhandError } from '../../../../src/errors.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function setup(
  t: { after: (fn: () => void) => void },
  config: unknown,
): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-creds-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // A credential helper that knows one server per name, as docker-credential-* helpers do.
  const helper = join(bin, 'docker-credential-fake');
  writeFileSync(
    helper,
    `#!/bin/sh\nread server\ncase "$server" in\n  helped.example|https://index.docker.io/v1/) echo '{"ServerURL":"'$server'","Username":"helper-user","Secret":"helper-secret-'$server'"}';;\n  token.example) echo '{"Username":"<token>","Secret":"identity-tok"}';;\n  *) echo "credentials not found in native keychain"; exit 1;;\nesac\n`,
  );
  chmodSync(helper, 0o755);
  return { dir, env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` } };
}

const config = {
  auths: {
    'https://index.docker.io/v1/': { auth: b64('hubuser:hub-password') },
    'https://a.example:5000': { auth: b64('a-user:a-pass:with:colons') },
    'b.example': { username: 'b-user', password: 'b-password' },
    'http://c.example/v1/': { identitytoken: 'c-identity-token' },
  },
  credHelpers: { 'helped.example': 'fake' },
};

const cases: [string, Record<string, string> | undefined][] = [
  ['docker.io', { username: 'hubuser', password: 'hub-password' }],
  ['registry-1.docker.io', { username: 'hubuser', password: 'hub-password' }],
  ['a.example:5000', { username: 'a-user', password: 'a-pass:with:colons' }],
  ['a.example', undefined],
  ['a.example:5001', undefined],
  ['b.example', { username: 'b-user', password: 'b-password' }],
  ['B.EXAMPLE', { username: 'b-user', password: 'b-password' }],
  ['c.example', { identityToken: 'c-identity-token' }],
  ['helped.example', { username: 'helper-user', password: 'helper-secret-helped.example' }],
  ['nobody.example', undefined],
];
for (const [host, want] of cases) {
  test(`dockerCredentials(${host})`, async (t) => {
    const { dir, env } = setup(t, config);
    assert.deepEqual(await dockerCredentials(host, { configDir: dir, env }), want);
  });
}

test('credsStore is asked when nothing else matches; "<token>" means an identity token', async (t) => {
  const { dir, env } = setup(t, { credsStore: 'fake' });
  assert.deepEqual(await dockerCredentials('docker.io', { configDir: dir, env }), {
    username: 'helper-user',
    password: 'helper-secret-https://index.docker.io/v1/',
  });
  assert.deepEqual(await dockerCredentials('token.example', { configDir: dir, env }), {
    identityToken: 'identity-tok',
  });
  assert.equal(await dockerCredentials('unknown.example', { configDir: dir, env }), undefined);
});

test('passwords read from the config are registered as secrets', async (t) => {
  const { dir, env } = setup(t, config);
  await dockerCredentials('b.example', { configDir: dir, env });
  assert.equal(redact('password is b-password'), 'password is ***');
});

test('a missing config means no credentials; a broken one is an E_FILE error', async (t) => {
  assert.equal(
    await dockerCredentials('b.example', { configDir: join(tmpdir(), 'does-not-exist-deckhand') }),
    undefined,
  );
  const { dir } = setup(t, '{ not json');
  await assert.rejects(
    dockerCredentials('b.example', { configDir: dir }),
    (e: DeckhandError) => e.code === 'E_FILE',
  );
});

test('$DOCKER_CONFIG is where the config is looked for', async (t) => {
  const { dir, env } = setup(t, config);
  assert.deepEqual(await dockerCredentials('b.example', { env: { ...env, DOCKER_CONFIG: dir } }), {
    username: 'b-user',
    password: 'b-password',
  });
});

test('hostOfKey', () => {
  assert.equal(hostOfKey('https://index.docker.io/v1/'), 'index.docker.io');
  assert.equal(hostOfKey('HTTP://Host:5000/v2/'), 'host:5000');
  assert.equal(hostOfKey('host:5000'), 'host:5000');
});

const matchCases: [string, string, boolean][] = [
  ['docker.io', 'docker.io', true],
  ['docker.io', 'registry-1.docker.io', true],
  ['https://index.docker.io/v1/', 'docker.io', true],
  ['registry.local:5000', 'registry.local:5000', true],
  ['registry.local:5000', 'registry.local', false],
  ['registry.local', 'registry.local:5000', false],
  ['https://Registry.Local:5000/', 'registry.local:5000', true],
  ['quay.io', 'docker.io', false],
  ['evil.docker.io.example', 'docker.io', false],
];
for (const [entry, registry, want] of matchCases) {
  test(`registryMatches(${entry}, ${registry}) is ${want}`, () => {
    assert.equal(registryMatches(entry, registry), want);
  });
}
