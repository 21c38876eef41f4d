/**
 * Connection failures against a real sshd: each is E_UNREACHABLE naming the host and a stable reason,
 * and no password ever appears in what is reported.
 */
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../../helpers/ports.js';
import { keySettings, sshdFor, startSshd, stopSharedSshd, type TestSshd } from '../../helpers/sshd.js';
import { sshConnector } from '../../../src/connectors/ssh.js';
import { SshUnreachableError, type SshFailure } from '../../../src/connectors/ssh-errors.js';
import type { SshSettings } from '../../../src/connectors/connection-settings.js';

after(stopSharedSshd);

/** expectUnreachable asserts the error's code, reason, host name and that `secret` is nowhere in it. */
function expectUnreachable(e: unknown, host: string, reason: SshFailure, secret?: string): true {
  assert.ok(e instanceof SshUnreachableError, String(e));
  assert.equal(e.code, 'E_UNREACHABLE');
  assert.equal(e.reason, reason, `${e.message}\n${e.details.join('\n')}`);
  assert.equal(e.context.host, host);
  assert.match(e.message, new RegExp(`\\b${host}\\b`));
  if (secret) {
    const shown = `${e.message}\n${e.details.join('\n')}\n${JSON.stringify(e)}\n${String(e.stack)}`;
    assert.ok(!shown.includes(secret), 'the password must not appear in the error');
  }
  return true;
}

const cases: Array<{
  name: string;
  reason: SshFailure;
  setup: (s: TestSshd, dir: string) => Promise<{ settings: SshSettings; known: string; secret?: string }>;
}> = [
  {
    name: 'an unknown host key',
    reason: 'host-key-unknown',
    async setup(s, dir) {
      const known = join(dir, 'empty_known_hosts');
      await writeFile(known, '');
      return { settings: keySettings(s), known };
    },
  },
  {
    name: 'a changed host key',
    reason: 'host-key-changed',
    async setup(s, dir) {
      const known = join(dir, 'changed_known_hosts');
      await s.writeKnownHosts(known, { otherKey: true });
      return { settings: keySettings(s), known };
    },
  },
  {
    name: 'a key the server does not accept',
    reason: 'auth',
    async setup(s) {
      return { settings: keySettings(s, { user: 'nobody' }), known: s.knownHosts };
    },
  },
  {
    name: 'a refused port',
    reason: 'refused',
    async setup(s) {
      return { settings: keySettings(s, { port: await freePort() }), known: s.knownHosts };
    },
  },
  {
    name: 'a host name that does not resolve',
    reason: 'dns',
    async setup(s) {
      return { settings: keySettings(s, { address: 'no-such-host.invalid' }), known: s.knownHosts };
    },
  },
];

for (const c of cases) {
  test(`connect: ${c.name} is E_UNREACHABLE (${c.reason})`, async (t) => {
    const s = await sshdFor(t);
    if (!s) return;
    const { settings, known } = await c.setup(s, s.dir);
    await assert.rejects(sshConnector('db7', settings, { knownHostsFile: known }), (e) =>
      expectUnreachable(e, 'db7', c.reason),
    );
  });
}

test('a wrong password: a per-host auth error without the password in it', async (t) => {
  const s = await sshdFor(t);
  if (!s?.passwordUser) return t.skip('needs root to create a password user');
  const wrong = `not-${s.password}`;
  // No key: the password is the only way in.
  const settings: SshSettings = {
    address: '127.0.0.1',
    port: s.port,
    user: s.passwordUser,
    password: wrong,
    extraArgs: ['-o', 'PubkeyAuthentication=no'],
    become: false,
  };
  await assert.rejects(sshConnector('pw1', settings, { knownHostsFile: s.knownHosts }), (e) =>
    expectUnreachable(e, 'pw1', 'auth', wrong),
  );
});

test('the right password logs in (through SSH_ASKPASS, not argv)', async (t) => {
  const s = await sshdFor(t);
  if (!s?.passwordUser || !s.password) return t.skip('needs root to create a password user');
  const settings: SshSettings = {
    address: '127.0.0.1',
    port: s.port,
    user: s.passwordUser,
    password: s.password,
    extraArgs: ['-o', 'PubkeyAuthentication=no'],
    become: false,
  };
  const conn = await sshConnector('pw2', settings, { knownHostsFile: s.knownHosts });
  t.after(() => conn.close());
  assert.equal((await conn.exec({ argv: ['id', '-un'] })).stdout, `${s.passwordUser}\n`);
  const ps = await conn.exec({ shell: 'ps -eo args' });
  assert.ok(!ps.stdout.includes(s.password), 'the password is on no command line');
});

test('acceptNewHostKeys records an unknown key, but still refuses a changed one', async (t) => {
  const s = await sshdFor(t);
  if (!s) return;
  const known = join(s.dir, 'accept_new_known_hosts');
  await writeFile(known, '');
  const conn = await sshConnector('new1', keySettings(s), { knownHostsFile: known, acceptNewHostKeys: true });
  await conn.close();
  const recorded = await readFile(known, 'utf8');
  const hostKey = (await readFile(join(s.dir, 'host_key.pub'), 'utf8')).split(' ')[1] as string;
  assert.ok(recorded.includes(hostKey), 'the new key was written to known_hosts');
  // Now known: a strict connection works.
  await (await sshConnector('new1', keySettings(s), { knownHostsFile: known })).close();

  const changed = join(s.dir, 'accept_new_changed');
  await s.writeKnownHosts(changed, { otherKey: true });
  await assert.rejects(
    sshConnector('new2', keySettings(s), { knownHostsFile: changed, acceptNewHostKeys: true }),
    (e) => expectUnreachable(e, 'new2', 'host-key-changed'),
  );
});

test('the user can relax host key checking through ansible_ssh_common_args', async (t) => {
  const s = await sshdFor(t);
  if (!s) return;
  const settings = keySettings(s, {
    extraArgs: ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null'],
  });
  const conn = await sshConnector('lax', settings);
  t.after(() => conn.close());
  assert.equal((await conn.exec({ argv: ['true'] })).rc, 0);
});

async function ownSshd(t: TestContext): Promise<TestSshd | undefined> {
  const shared = await sshdFor(t); // checks the tools
  if (!shared) return undefined;
  const s = await startSshd();
  t.after(() => s.stop());
  return s;
}

test('a host that drops the connection mid-task: E_UNREACHABLE, and no silent reconnect', async (t) => {
  const s = await ownSshd(t);
  if (!s) return;
  const conn = await sshConnector('drop1', keySettings(s), { knownHostsFile: s.knownHosts });
  t.after(() => conn.close());
  assert.equal((await conn.exec({ argv: ['echo', 'up'] })).stdout, 'up\n');
  const handshakes = s.handshakes();
  const started = Date.now();
  const running = conn.exec({ shell: 'sleep 30' });
  await new Promise((r) => setTimeout(r, 300));
  assert.ok((await s.killSessions()) > 0);
  await assert.rejects(running, (e) => expectUnreachable(e, 'drop1', 'closed'));
  assert.ok(Date.now() - started < 10_000, 'reported promptly');
  await assert.rejects(conn.exec({ argv: ['true'] }), (e) => expectUnreachable(e, 'drop1', 'closed'));
  assert.equal(s.handshakes(), handshakes, 'no new connection was opened');
});
