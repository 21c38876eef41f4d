/**
 * Bearer token auth end to end against a small token-auth registry front on 127.0.0.1: anonymous and
 * credentialed tokens, `token`/`access_token`, the per-scope cache, `insufficient_scope`, a revoked token.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../../../src/registry/client.js';
import { openRepository } from '../../../../src/registry/index.js';
import { redact } from '../../../../src/redact.js';
import type { DeckhandError } from '../../../../src/errors.js';

interface FakeOptions {
  /** Basic credentials the token endpoint demands (anonymous when absent). */
  user?: { username: string; password: string };
  /** Extra scope every API request needs beyond the one it asks for. */
  extraScope?: string;
  /** Answer with `access_token` instead of `token`. */
  accessToken?: boolean;
  /** Token lifetime in seconds (default 300); the API rejects older tokens. */
  expiresIn?: number;
}

/** A registry API that accepts only tokens from its own token endpoint, each carrying its scopes. */
async function fakeTokenRegistry(t: TestContext, opts: FakeOptions = {}) {
  const issued = new Map<string, string[]>();
  const issuedAt = new Map<string, number>();
  const tokenRequests: URLSearchParams[] = [];
  const state = { revoked: false, expiredSeen: 0, apiAuthHeaders: [] as (string | undefined)[] };
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/token') {
      tokenRequests.push(url.searchParams);
      if (opts.user) {
        const want = `Basic ${Buffer.from(`${opts.user.username}:${opts.user.password}`).toString('base64')}`;
        if (req.headers.authorization !== want)
          return json(401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad creds' }] });
      }
      const token = `tok-${++n}-${'x'.repeat(12)}`;
      issued.set(token, url.searchParams.getAll('scope'));
      issuedAt.set(token, Date.now());
      state.revoked = false;
      return json(
        200,
        opts.accessToken
          ? { access_token: token, expires_in: opts.expiresIn ?? 300 }
          : { token, expires_in: opts.expiresIn ?? 300 },
      );
    }
    state.apiAuthHeaders.push(req.headers.authorization);
    const repo = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname)?.[1] ?? 'a/b';
    const needed = [`repository:${repo}:pull`, ...(opts.extraScope ? [opts.extraScope] : [])];
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const scopes = token ? issued.get(token) : undefined;
    const realm = `realm="http://127.0.0.1:${port}/token",service="fake"`;
    const expired = !!token && Date.now() - (issuedAt.get(token) ?? 0) > (opts.expiresIn ?? 300) * 1000;
    if (expired) state.expiredSeen++;
    if (!scopes || state.revoked || expired) {
      return json(
        401,
        { errors: [{ code: 'UNAUTHORIZED' }] },
        {
          'www-authenticate': `Bearer ${realm},scope="${needed[0]}"${token ? ',error="invalid_token"' : ''}`,
        },
      );
    }
    const missing = needed.filter((s) => !scopes.includes(s));
    if (missing.length) {
      return json(
        401,
        { errors: [{ code: 'UNAUTHORIZED' }] },
        { 'www-authenticate': `Bearer ${realm},scope="${missing.join(' ')}",error="insufficient_scope"` },
      );
    }
    return json(200, { name: repo, tags: ['v1'] });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  t.after(() => new Promise((r) => (server.closeAllConnections(), server.close(r))));
  return { host: `127.0.0.1:${port}`, tokenRequests, state, revoke: () => void (state.revoked = true) };
}

function noDockerConfig(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-nodocker-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('anonymous bearer token, cached per scope', async (t) => {
  const fake = await fakeTokenRegistry(t);
  const client = new RegistryClient(fake.host, { plainHttp: true, dockerConfigDir: noDockerConfig(t) });
  t.after(() => client.close());
  const { Repository } = await import('../../../../src/registry/repository.js');
  const repo = new Repository(client, 'a/b');
  assert.deepEqual(await repo.tags(), ['v1']);
  assert.deepEqual(await repo.tags(), ['v1']);
  assert.equal(fake.tokenRequests.length, 1, 'the second request used the cached token');
  assert.deepEqual(fake.tokenRequests[0]!.getAll('scope'), ['repository:a/b:pull']);
  assert.equal(fake.tokenRequests[0]!.get('service'), 'fake');
  assert.equal(fake.state.apiAuthHeaders[0], undefined, 'the first request goes out without credentials');
  const other = new Repository(client, 'c/d');
  await other.tags();
  assert.equal(fake.tokenRequests.length, 2, 'another scope needs another token');
});

for (const accessToken of [false, true]) {
  test(`bearer with credentials (${accessToken ? 'access_token' : 'token'}); the token is masked`, async (t) => {
    const user = { username: 'alice', password: 'alice-password-1' };
    const fake = await fakeTokenRegistry(t, { user, accessToken });
    const repo = openRepository(`${fake.host}/a/b`, {
      plainHttp: true,
      credentials: user,
      retry: { attempts: 1 },
    });
    t.after(() => repo.client.close());
    assert.deepEqual(await repo.tags(), ['v1']);
    assert.equal(fake.tokenRequests[0]!.get('account'), 'alice');
    const sent = fake.state.apiAuthHeaders.at(-1)!;
    assert.match(sent, /^Bearer tok-/);
    assert.equal(redact(sent.slice('Bearer '.length)), '***');
  });
}

test('bearer with a wrong password is UNAUTHORIZED without the secret', async (t) => {
  const fake = await fakeTokenRegistry(t, { user: { username: 'alice', password: 'right-password' } });
  const wrong = { username: 'alice', password: 'wrong-password-9' };
  const repo = openRepository(`${fake.host}/a/b`, {
    plainHttp: true,
    credentials: wrong,
    retry: { attempts: 1 },
  });
  t.after(() => repo.client.close());
  await assert.rejects(repo.tags(), (e: DeckhandError) => {
    assert.equal(e.code, 'UNAUTHORIZED');
    assert.ok(!`${e.message}${e.details.join()}`.includes('wrong-password-9'));
    return true;
  });
});

test('insufficient_scope: the token is renewed with the scope the registry asked for', async (t) => {
  const fake = await fakeTokenRegistry(t, { extraScope: 'repository:a/b:metadata' });
  const repo = openRepository(`${fake.host}/a/b`, { plainHttp: true, dockerConfigDir: noDockerConfig(t) });
  t.after(() => repo.client.close());
  assert.deepEqual(await repo.tags(), ['v1']);
  assert.equal(fake.tokenRequests.length, 2);
  assert.deepEqual(fake.tokenRequests[1]!.getAll('scope').sort(), [
    'repository:a/b:metadata',
    'repository:a/b:pull',
  ]);
});

test('a token the registry stops accepting is renewed once', async (t) => {
  const fake = await fakeTokenRegistry(t);
  const repo = openRepository(`${fake.host}/a/b`, { plainHttp: true, dockerConfigDir: noDockerConfig(t) });
  t.after(() => repo.client.close());
  await repo.tags();
  fake.revoke();
  assert.deepEqual(await repo.tags(), ['v1']);
  assert.equal(fake.tokenRequests.length, 2);
});

test('parallel requests for one scope share one token request', async (t) => {
  const fake = await fakeTokenRegistry(t);
  const repo = openRepository(`${fake.host}/a/b`, { plainHttp: true, dockerConfigDir: noDockerConfig(t) });
  t.after(() => repo.client.close());
  await repo.tags(); // learns the challenge
  fake.revoke();
  const results = await Promise.all([1, 2, 3, 4, 5].map(() => repo.tags()));
  assert.equal(results.length, 5);
  assert.equal(fake.tokenRequests.length, 2);
});

test('a token near its expiry is renewed before it is sent', async (t) => {
  const fake = await fakeTokenRegistry(t, { expiresIn: 2 });
  const repo = openRepository(`${fake.host}/a/b`, { plainHttp: true, dockerConfigDir: noDockerConfig(t) });
  t.after(() => repo.client.close());
  await repo.tags();
  await repo.tags();
  assert.equal(fake.tokenRequests.length, 1, 'a fresh token is reused');
  await new Promise((r) => setTimeout(r, 1600));
  await repo.tags();
  assert.equal(fake.tokenRequests.length, 2, 'a token in the last quarter of its life is renewed');
  assert.equal(fake.state.expiredSeen, 0, 'no expired token was ever sent');
});
