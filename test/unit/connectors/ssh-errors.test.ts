/** classifySshError and unreachableError on OpenSSH's real diagnostics. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySshError, unreachableError, type SshFailure } from '../../../src/connectors/ssh-errors.js';
import { registerSecret } from '../../../src/redact.js';

const cases: Array<[string, SshFailure]> = [
  [
    'No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\nHost key verification failed.',
    'host-key-unknown',
  ],
  [
    '@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key for [h]:22 has changed and you have requested strict checking.\nHost key verification failed.',
    'host-key-changed',
  ],
  ['deploy@10.0.0.1: Permission denied (publickey,password).', 'auth'],
  ['Received disconnect from 10.0.0.1 port 22:2: Too many authentication failures', 'auth'],
  ['ssh: connect to host 127.0.0.1 port 1: Connection refused', 'refused'],
  ['ssh: connect to host 10.255.255.1 port 22: Connection timed out', 'timeout'],
  ['Timeout, server 10.0.0.1 not responding.', 'timeout'],
  ['ssh: Could not resolve hostname nope.invalid: Name or service not known', 'dns'],
  ['ssh: connect to host 10.0.0.1 port 22: No route to host', 'network'],
  ['Connection to 127.0.0.1 closed by remote host.', 'closed'],
  ['kex_exchange_identification: Connection closed by remote host', 'closed'],
  ['something else entirely', 'other'],
];

for (const [stderr, reason] of cases) {
  test(`classifySshError → ${reason}: ${stderr.split('\n').at(-1)}`, () => {
    assert.equal(classifySshError(stderr).reason, reason);
  });
}

test('unreachableError names the host, keeps ssh lines as details, and redacts secrets', () => {
  registerSecret('pw-in-stderr-42');
  const e = unreachableError('web1', 'root@10.0.0.1:22', 'weird failure pw-in-stderr-42\n', 'connect');
  assert.equal(e.code, 'E_UNREACHABLE');
  assert.equal(e.reason, 'other');
  assert.equal(e.context.host, 'web1');
  assert.match(
    e.message,
    /^cannot connect to web1 \(root@10\.0\.0\.1:22\): ssh failed: weird failure \*\*\*$/,
  );
  assert.deepEqual(e.details, ['weird failure ***']);
});

test('unreachableError: a lost connection with an unclassified cause can be forced to closed', () => {
  const e = unreachableError('web1', 'h', '', 'lost', 'closed');
  assert.equal(e.reason, 'closed');
  assert.match(e.message, /^lost the connection to web1/);
});
