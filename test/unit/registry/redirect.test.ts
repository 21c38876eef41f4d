/** The redirect interceptor: credentials never follow to another origin; HTTPS is never downgraded. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { withRedirect } from '../../../src/registry/redirect.js';
import type { HttpRequest, HttpResponse } from '../../../src/registry/http.js';
import type { DeckhandError } from '../../../src/errors.js';

/** hops answers each URL from `table` (status + location) and records what was sent. */
function hops(table: Record<string, [number, string?]>) {
  const seen: HttpRequest[] = [];
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    seen.push(req);
    const [status, location] = table[req.url.href] ?? [200];
    return {
      status,
      headers: location ? { location } : {},
      body: Readable.from([]) as never,
      url: req.url,
    };
  };
  return { send: withRedirect(send, 3), seen };
}

const start = (url: string): HttpRequest => ({
  method: 'GET',
  url: new URL(url),
  headers: { authorization: 'Bearer abc', accept: 'x' },
});

test('same-origin redirect keeps Authorization; the Location is resolved against the request URL', async () => {
  const { send, seen } = hops({ 'https://r/v2/a/blobs/x': [307, '/v2/b/blobs/x?sig=1'] });
  const res = await send(start('https://r/v2/a/blobs/x'));
  assert.equal(res.status, 200);
  assert.equal(seen[1]!.url.href, 'https://r/v2/b/blobs/x?sig=1');
  assert.equal(seen[1]!.headers.authorization, 'Bearer abc');
});

for (const status of [301, 302, 303, 307, 308]) {
  test(`${status} to another host drops Authorization`, async () => {
    const { send, seen } = hops({
      'https://r/v2/a/blobs/x': [status, 'https://cdn.example/blob?X-Amz-Signature=s'],
    });
    await send(start('https://r/v2/a/blobs/x'));
    assert.equal(seen.length, 2);
    assert.equal(seen[1]!.url.host, 'cdn.example');
    assert.equal(seen[1]!.headers.authorization, undefined);
    assert.equal(seen[1]!.headers.accept, 'x');
  });
}

test('another port of the same host is another origin', async () => {
  const { send, seen } = hops({ 'http://r:5000/v2/': [302, 'http://r:5001/v2/'] });
  await send(start('http://r:5000/v2/'));
  assert.equal(seen[1]!.headers.authorization, undefined);
});

test('HTTPS to HTTP is refused', async () => {
  const { send, seen } = hops({ 'https://r/v2/': [302, 'http://r/v2/'] });
  await assert.rejects(
    send(start('https://r/v2/')),
    (e: DeckhandError) => e.code === 'HTTP' && /refusing/.test(e.message),
  );
  assert.equal(seen.length, 1);
});

test('a redirect loop ends with an error', async () => {
  const { send } = hops({ 'https://r/a': [302, '/b'], 'https://r/b': [302, '/a'] });
  await assert.rejects(send(start('https://r/a')), /too many redirects/);
});

test('a 3xx answer to a streamed upload is returned, not followed', async () => {
  const { send, seen } = hops({ 'https://r/up': [307, '/elsewhere'] });
  const res = await send({ ...start('https://r/up'), method: 'PUT', body: Readable.from(['x']) });
  assert.equal(res.status, 307);
  assert.equal(seen.length, 1);
});
