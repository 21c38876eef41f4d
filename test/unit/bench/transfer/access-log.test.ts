import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countWire } from '../../../../bench/transfer/access-log.js';

const D1 = `sha256:${'a'.repeat(64)}`;
const line = (req: string, status: number, size: number | '-') =>
  `127.0.0.1 - - [23/Nov/2026:14:00:00 +0000] "${req} HTTP/1.1" ${status} ${size} "" "deckhand/0.1.0"`;

const cases: { name: string; lines: string[]; bytes: number; requests: Record<string, number> }[] = [
  {
    name: 'a blob GET counts its response size',
    lines: [line(`GET /v2/bench/a/blobs/${D1}`, 200, 1000)],
    bytes: 1000,
    requests: { 'GET blob': 1 },
  },
  {
    name: 'a manifest GET is a request but not blob bytes',
    lines: [line('GET /v2/bench/a/manifests/v1', 200, 500)],
    bytes: 0,
    requests: { 'GET manifest': 1 },
  },
  {
    name: 'a completed upload counts the digest size; POST and PATCH do not add bytes',
    lines: [
      line('POST /v2/bench/a/blobs/uploads/', 202, 0),
      line('PATCH /v2/bench/a/blobs/uploads/u1?_state=x', 202, 0),
      line(`PUT /v2/bench/a/blobs/uploads/u1?_state=x&digest=${encodeURIComponent(D1)}`, 201, 0),
    ],
    bytes: 4242,
    requests: { 'POST upload': 1, 'PATCH upload': 1, 'PUT upload': 1 },
  },
  {
    name: 'failed requests and HEADs move no bytes',
    lines: [line(`GET /v2/bench/a/blobs/${D1}`, 404, 120), line(`HEAD /v2/bench/a/blobs/${D1}`, 200, 0)],
    bytes: 0,
    requests: { 'GET blob': 1, 'HEAD blob': 1 },
  },
  { name: 'other lines are ignored', lines: ['time="…" level=info msg="listening"'], bytes: 0, requests: {} },
];

for (const c of cases) {
  test(`countWire: ${c.name}`, () => {
    const got = countWire(c.lines, new Map([[D1, 4242]]));
    assert.equal(got.blobBytes, c.bytes);
    assert.deepEqual(got.requests, c.requests);
  });
}
