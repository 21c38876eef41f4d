/** RegistryClient basics: API host mapping, loopback detection, one shared client per registry and options. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHost, isLoopback, registryClient, closeAllClients } from '../../../src/registry/client.js';

test.after(closeAllClients);

const hosts: [string, string][] = [
  ['docker.io', 'registry-1.docker.io'],
  ['index.docker.io', 'registry-1.docker.io'],
  ['quay.io', 'quay.io'],
  ['localhost:5000', 'localhost:5000'],
];
for (const [registry, want] of hosts) {
  test(`apiHost(${registry}) is ${want}`, () => assert.equal(apiHost(registry), want));
}

const loopback: [string, boolean][] = [
  ['localhost', true],
  ['localhost:5000', true],
  ['127.0.0.1:5000', true],
  ['127.1.2.3', true],
  ['[::1]:5000', true],
  ['10.0.0.1:5000', false],
  ['localhost.example.com', false],
  ['registry.local', false],
];
for (const [host, want] of loopback) {
  test(`isLoopback(${host}) is ${want}`, () => assert.equal(isLoopback(host), want));
}

test('repositories of one registry with equal options share one client; other options get their own', () => {
  const a = registryClient('r.example:5000', {
    plainHttp: true,
    credentials: { username: 'u', password: 'p1' },
  });
  const b = registryClient('r.example:5000', {
    plainHttp: true,
    credentials: { username: 'u', password: 'p1' },
  });
  const c = registryClient('r.example:5000', {
    plainHttp: true,
    credentials: { username: 'u', password: 'p2' },
  });
  const d = registryClient('other.example:5000', {
    plainHttp: true,
    credentials: { username: 'u', password: 'p1' },
  });
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.notEqual(a, d);
});

test('the base URL follows plainHttp, and is HTTPS for remote hosts', async () => {
  assert.equal((await registryClient('r.example', { plainHttp: true }).baseUrl()).href, 'http://r.example/');
  assert.equal((await registryClient('r.example').baseUrl()).href, 'https://r.example/');
  assert.equal((await registryClient('docker.io').baseUrl()).href, 'https://registry-1.docker.io/');
  assert.equal(
    (await registryClient('localhost:1', { plainHttp: false }).baseUrl()).href,
    'https://localhost:1/',
  );
});
