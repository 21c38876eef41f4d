/** connectByVars picks the connector from host variables; a missing ssh client is a clear E_CONNECTION. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectByVars } from '../../../src/connectors/ssh-connect.js';
import { sshConnector } from '../../../src/connectors/ssh.js';

test('connectByVars: localhost and ansible_connection local get the local connector', async () => {
  const connect = connectByVars();
  for (const [host, vars] of [
    ['localhost', {}],
    ['web1', { ansible_connection: 'local' }],
    ['web2', { connector: { type: 'local' } }],
  ] as const) {
    const c = await connect(host, vars);
    assert.equal(c.kind, 'local', host);
    assert.equal(c.host, host);
    await c.close();
  }
});

test('connectByVars: defaultType local keeps unnamed hosts local', async () => {
  const c = await connectByVars({ defaultType: 'local' })('web1', {});
  assert.equal(c.kind, 'local');
});

test('connectByVars: bad connection variables are E_CONNECTION before any ssh runs', async () => {
  await assert.rejects(connectByVars()('web1', { ansible_connection: 'winrm' }), { code: 'E_CONNECTION' });
});

test('a missing ssh client is E_CONNECTION naming the host, not an internal error', async () => {
  const settings = { address: '127.0.0.1', extraArgs: [], become: false };
  await assert.rejects(
    sshConnector('web1', settings, { sshPath: '/no/such/ssh' }),
    (e: { code?: string; message: string }) => {
      assert.equal(e.code, 'E_CONNECTION');
      assert.match(e.message, /web1/);
      assert.match(e.message, /openssh-client/);
      return true;
    },
  );
});
