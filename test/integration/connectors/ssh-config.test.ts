/**
 * ssh_config support: host aliases and ProxyJump work because the system client reads the config;
 * settings from host variables (connectionSettings) drive a real connection, KubeKey's inline key too.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sshdFor, stopSharedSshd, type TestSshd } from '../../helpers/sshd.js';
import { sshConnector, sshConnectorFromVars } from '../../../src/connectors/ssh.js';
import { connectionSettings } from '../../../src/connectors/connection-settings.js';

after(stopSharedSshd);

async function writeConfig(s: TestSshd): Promise<string> {
  const file = join(s.dir, 'ssh_config');
  await writeFile(
    file,
    [
      'Host web-alias',
      '  HostName 127.0.0.1',
      `  Port ${s.port}`,
      `  User ${s.user}`,
      'Host behind-jump',
      '  HostName 127.0.0.1',
      `  Port ${s.port}`,
      `  User ${s.user}`,
      '  ProxyJump web-alias',
      'Host *',
      `  IdentityFile ${s.userKey}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${s.knownHosts}`,
      '  StrictHostKeyChecking yes',
      '  BatchMode yes',
      '',
    ].join('\n'),
  );
  return file;
}

const aliasCases = [
  { name: 'a host alias', address: 'web-alias', handshakes: 1 },
  { name: 'a host behind a ProxyJump', address: 'behind-jump', handshakes: 2 },
];

for (const c of aliasCases) {
  test(`ssh_config: ${c.name}`, async (t) => {
    const s = await sshdFor(t);
    if (!s) return;
    const configFile = await writeConfig(s);
    const before = s.handshakes();
    const conn = await sshConnector(
      'node1',
      { address: c.address, extraArgs: [], become: false },
      { configFile },
    );
    t.after(() => conn.close());
    for (let i = 0; i < 3; i++)
      assert.equal((await conn.exec({ argv: ['echo', 'via', c.address] })).stdout, `via ${c.address}\n`);
    await new Promise((r) => setTimeout(r, 100));
    // The jump host is a second login (on the same test sshd), and still only once for all commands.
    assert.equal(s.handshakes() - before, c.handshakes);
  });
}

test('inventory variables drive a real connection (ansible_* names)', async (t) => {
  const s = await sshdFor(t);
  if (!s) return;
  const vars = {
    ansible_host: '127.0.0.1',
    ansible_port: s.port,
    ansible_user: s.user,
    ansible_ssh_private_key_file: s.userKey,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${s.knownHosts}`,
  };
  assert.equal(connectionSettings('worker1', vars).type, 'ssh');
  const conn = await sshConnectorFromVars('worker1', vars);
  t.after(() => conn.close());
  assert.equal(conn.host, 'worker1');
  assert.equal(conn.kind, 'ssh');
  assert.equal((await conn.exec({ argv: ['id', '-un'] })).stdout, `${s.user}\n`);
});

test("KubeKey's connector with the key inline (private_key_content)", async (t) => {
  const s = await sshdFor(t);
  if (!s) return;
  const vars = {
    connector: {
      type: 'ssh',
      host: '127.0.0.1',
      port: String(s.port),
      user: s.user,
      private_key_content: await readFile(s.userKey, 'utf8'),
    },
  };
  const conn = await sshConnectorFromVars('kk1', vars, { knownHostsFile: s.knownHosts });
  t.after(() => conn.close());
  assert.equal((await conn.exec({ argv: ['echo', 'kk'] })).stdout, 'kk\n');
});
