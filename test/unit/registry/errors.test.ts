/** Registry errors: stable codes from wire bodies and statuses, messages that name where, no secrets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  errorFromResponse,
  errorFromNetwork,
  parseWireErrors,
  type Subject,
} from '../../../src/registry/errors.js';
import { registerSecret } from '../../../src/redact.js';

const ctx = { registry: 'reg.example:5000', repository: 'team/app', reference: 'v1' };
const wire = (code: string, message = 'x') =>
  JSON.stringify({ errors: [{ code, message, detail: { a: 1 } }] });

const cases: [string, number, string, Subject | undefined, string][] = [
  ['wire MANIFEST_UNKNOWN', 404, wire('MANIFEST_UNKNOWN'), 'manifest', 'MANIFEST_UNKNOWN'],
  ['wire NAME_UNKNOWN wins over subject', 404, wire('NAME_UNKNOWN'), 'manifest', 'NAME_UNKNOWN'],
  ['wire DENIED', 403, wire('DENIED'), undefined, 'DENIED'],
  [
    'wire TOOMANYREQUESTS-like unknown code falls back to status',
    429,
    wire('TOOMANYREQUESTS'),
    undefined,
    'TOO_MANY_REQUESTS',
  ],
  ['bare 404 on a blob', 404, '', 'blob', 'BLOB_UNKNOWN'],
  ['bare 404 on a manifest', 404, '', 'manifest', 'MANIFEST_UNKNOWN'],
  ['bare 404 on tags', 404, 'not json', 'tags', 'NAME_UNKNOWN'],
  ['bare 401', 401, '', undefined, 'UNAUTHORIZED'],
  ['bare 403', 403, '', undefined, 'DENIED'],
  ['413', 413, '', 'upload', 'TOO_LARGE'],
  ['500', 500, '<html>', undefined, 'HTTP'],
  ['wire BLOB_UPLOAD_INVALID', 400, wire('BLOB_UPLOAD_INVALID'), 'upload', 'BLOB_UPLOAD_INVALID'],
  ['wire DIGEST_INVALID', 400, wire('DIGEST_INVALID'), 'upload', 'DIGEST_INVALID'],
];
for (const [name, status, body, subject, code] of cases) {
  test(`errorFromResponse: ${name} → ${code}`, () => {
    const e = errorFromResponse({
      status,
      body,
      method: 'GET',
      url: 'https://reg.example:5000/v2/team/app/manifests/v1',
      subject,
      context: ctx,
    });
    assert.equal(e.code, code);
    assert.equal(e.status, status);
    assert.match(e.message, /^reg\.example:5000\/team\/app \(v1\): /);
    assert.match(e.message, new RegExp(`HTTP ${status}`));
    assert.deepEqual(e.context, ctx);
  });
}

test('errorFromResponse keeps the registry message and hints for people', () => {
  const e = errorFromResponse({
    status: 401,
    body: wire('UNAUTHORIZED', 'authentication required'),
    method: 'HEAD',
    url: 'https://r/v2/',
    context: { registry: 'r' },
  });
  assert.match(e.message, /unauthorized \(HTTP 401: authentication required\)/);
  assert.ok(e.details.some((d) => /username and password/.test(d)));
  assert.deepEqual(e.wireErrors, [
    { code: 'UNAUTHORIZED', message: 'authentication required', detail: { a: 1 } },
  ]);
});

test('URLs in errors carry only allow-listed query values, and registered secrets are masked', () => {
  registerSecret('s3cr3t-token-value');
  const e = errorFromResponse({
    status: 500,
    body: wire('UNKNOWN', 'failed for s3cr3t-token-value'),
    method: 'PUT',
    url: 'https://r/v2/a/blobs/uploads/u?_state=STATE&digest=sha256:abc&X-Amz-Signature=SIG',
    context: { registry: 'r' },
  });
  const all = [e.message, ...e.details, e.request].join('\n');
  assert.ok(!all.includes('STATE') && !all.includes('SIG') && !all.includes('s3cr3t-token-value'), all);
  assert.match(all, /digest=sha256%3Aabc|digest=sha256:abc/);
});

const network: [string, unknown, string, RegExp][] = [
  [
    'self-signed',
    Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    'TLS',
    /ca_file.*skip_tls_verify/,
  ],
  [
    'unknown CA wrapped by undici',
    Object.assign(new Error('fetch failed'), {
      cause: Object.assign(new Error('unable to verify'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
    }),
    'TLS',
    /ca_file/,
  ],
  [
    'plain HTTP server',
    Object.assign(new Error('wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }),
    'TLS',
    /plain_http/,
  ],
  [
    'refused',
    Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    'NETWORK',
    /GET https:\/\/r\/v2\//,
  ],
  [
    'headers timeout',
    Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }),
    'TIMEOUT',
    /GET/,
  ],
];
for (const [name, cause, code, detail] of network) {
  test(`errorFromNetwork: ${name} → ${code}`, () => {
    const e = errorFromNetwork(cause, 'GET', 'https://r/v2/', { registry: 'r' });
    assert.equal(e.code, code);
    assert.equal(e.cause, cause);
    assert.match(e.details.join('\n'), detail);
  });
}

test('parseWireErrors ignores what is not an error list', () => {
  assert.deepEqual(parseWireErrors('{"errors":[{"code":"X"},{"nocode":1},null]}'), [
    { code: 'X', message: undefined, detail: undefined },
  ]);
  assert.deepEqual(parseWireErrors('{"errors":"no"}'), []);
  assert.deepEqual(parseWireErrors('<html>'), []);
});

test('errorFromNetwork: an HTTPS connection closed before any answer hints at a client certificate', () => {
  const closed = Object.assign(new Error('other side closed'), {
    code: 'UND_ERR_SOCKET',
    socket: { bytesRead: 0 },
  });
  const https = errorFromNetwork(closed, 'GET', 'https://r/v2/', { registry: 'r' });
  assert.equal(https.code, 'NETWORK');
  assert.match(https.details.join('\n'), /cert_file and key_file/);
  const http = errorFromNetwork(closed, 'GET', 'http://r/v2/', { registry: 'r' });
  assert.doesNotMatch(http.details.join('\n'), /cert_file/);
});
