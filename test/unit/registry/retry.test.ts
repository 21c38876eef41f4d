/** The retry interceptor: which answers are retried, how long it waits, Retry-After. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { withRetry, parseRetryAfter, backoffDelay } from '../../../src/registry/retry.js';
import { resolveRetry } from '../../../src/registry/options.js';
import type { HttpRequest, HttpResponse, Send } from '../../../src/registry/http.js';

const req = (body?: HttpRequest['body']): HttpRequest => ({
  method: 'GET',
  url: new URL('http://r/v2/'),
  headers: {},
  body,
});

function answer(status: number, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body: Readable.from([]) as never, url: new URL('http://r/v2/') };
}

/** scripted returns a Send that plays `script` (a status or an error code per call) and counts calls. */
function scripted(script: (number | string | [number, Record<string, string>])[]): Send & { calls: number } {
  const send = (async () => {
    const step = script[Math.min(send.calls++, script.length - 1)]!;
    if (typeof step === 'string') throw Object.assign(new Error(step), { code: step });
    return Array.isArray(step) ? answer(step[0], step[1]) : answer(step);
  }) as unknown as Send & { calls: number };
  send.calls = 0;
  return send;
}

const fast = resolveRetry({ attempts: 4, baseDelayMs: 1 });

const flows: [string, (number | string | [number, Record<string, string>])[], number | string, number][] = [
  ['200 at once', [200], 200, 1],
  ['500, 502, then 200', [500, 502, 200], 200, 3],
  ['408 and 429 are retried', [408, 429, 200], 200, 3],
  ['503 until attempts run out', [503], 503, 4],
  ['404 is not retried', [404], 404, 1],
  ['401 is not retried (auth handles it)', [401], 401, 1],
  ['ECONNRESET then 200', ['ECONNRESET', 200], 200, 2],
  ['UND_ERR_SOCKET then 200', ['UND_ERR_SOCKET', 200], 200, 2],
  ['a non-transient error is thrown at once', ['ERR_INVALID_URL'], 'ERR_INVALID_URL', 1],
  ['connection errors until attempts run out', ['ECONNREFUSED'], 'ECONNREFUSED', 4],
];
for (const [name, script, want, calls] of flows) {
  test(`withRetry: ${name}`, async () => {
    const send = scripted(script);
    const retrying = withRetry(send, fast);
    if (typeof want === 'number') assert.equal((await retrying(req())).status, want);
    else await assert.rejects(retrying(req()), (e: { code?: string }) => e.code === want);
    assert.equal(send.calls, calls);
  });
}

test('withRetry: a streamed body is sent only once', async () => {
  const send = scripted([500, 200]);
  const res = await withRetry(send, fast)(req(Readable.from(['x'])));
  assert.equal(res.status, 500);
  assert.equal(send.calls, 1);
});

test('withRetry: Retry-After is honoured and capped', async () => {
  const send = scripted([[429, { 'retry-after': '1' }], 200]);
  const delays: number[] = [];
  await withRetry(send, resolveRetry({ baseDelayMs: 1, maxRetryAfterMs: 50 }), {
    onRetry: (i) => delays.push(i.delayMs),
  })(req());
  assert.deepEqual(delays, [50]);
  const send2 = scripted([[503, { 'retry-after': '0' }], 200]);
  const delays2: number[] = [];
  await withRetry(send2, resolveRetry({ baseDelayMs: 1000 }), { onRetry: (i) => delays2.push(i.delayMs) })(
    req(),
  );
  assert.deepEqual(delays2, [0]);
});

test('parseRetryAfter reads seconds and HTTP dates', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('7', now), 7000);
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter(undefined), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(''), undefined);
});

test('backoffDelay grows exponentially with full jitter up to the cap', () => {
  const o = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1000 });
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((n) => backoffDelay(n, o, () => 1)),
    [100, 200, 400, 800, 1000],
  );
  assert.equal(
    backoffDelay(3, o, () => 0),
    0,
  );
});
