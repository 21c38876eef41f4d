/** `become` over SSH with a real sudo: with and without a password, and what must never leak. */
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { requireTool } from '../../helpers/require-tool.js';
import { keySettings, sshdFor, stopSharedSshd, type TestSshd } from '../../helpers/sshd.js';
import { sshConnector } from '../../../src/connectors/ssh.js';
import type { SshSettings } from '../../../src/connectors/connection-settings.js';
import type { Connector } from '../../../src/module.js';

after(stopSharedSshd);

async function sshdWithSudo(t: TestContext): Promise<TestSshd | undefined> {
  const s = await sshdFor(t);
  if (!s || !requireTool(t, 'sudo')) return undefined;
  return s;
}

/** asPasswordUser logs in as the sshd's password user (key auth) with the given become settings. */
async function asPasswordUser(t: TestContext, extra: Partial<SshSettings>): Promise<Connector | undefined> {
  const s = await sshdWithSudo(t);
  if (!s) return undefined;
  if (!s.passwordUser) {
    t.skip('needs root to create a password user');
    return undefined;
  }
  const conn = await sshConnector('app1', keySettings(s, { user: s.passwordUser, ...extra }), {
    knownHostsFile: s.knownHosts,
  });
  t.after(() => conn.close());
  return conn;
}

test('become with the sudo password: runs as root, per request or for the whole host', async (t) => {
  const s = await sshdWithSudo(t);
  const conn = await asPasswordUser(t, { becomePassword: s?.password });
  if (!conn || !s) return;
  assert.equal((await conn.exec({ argv: ['id', '-un'] })).stdout, `${s.passwordUser}\n`);
  const r = await conn.exec({ argv: ['id', '-un'], become: true });
  assert.deepEqual(r, { rc: 0, stdout: 'root\n', stderr: '' });
  assert.equal((await conn.exec({ shell: 'exit 5', become: true })).rc, 5);
  assert.equal((await conn.exec({ argv: ['cat'], stdin: 'to root', become: true })).stdout, 'to root');

  const whole = await sshConnector(
    'app1',
    keySettings(s, { user: s.passwordUser, become: true, becomePassword: s.password }),
    {
      knownHostsFile: s.knownHosts,
    },
  );
  t.after(() => whole.close());
  assert.equal((await whole.exec({ argv: ['id', '-u'] })).stdout, '0\n');
  assert.equal((await whole.exec({ argv: ['id', '-u'], become: false })).stdout.trim() === '0', false);
});

test('become: files only root may write, owned by root, and the password reaches no file or output', async (t) => {
  const s = await sshdWithSudo(t);
  const conn = await asPasswordUser(t, { becomePassword: s?.password });
  if (!conn || !s?.password) return;
  const path = `/root/deckhand-become-${process.pid}`;
  try {
    await rootFiles(conn, path);
  } finally {
    await conn.exec({ argv: ['rm', '-f', path], become: true });
  }
});

async function rootFiles(conn: Connector, path: string): Promise<void> {
  await assert.rejects(conn.writeFile(path, Buffer.from('x')), { code: 'E_FILE' });
  await conn.writeFile(path, Buffer.from('secret file\n'), { mode: 0o600, become: true });
  assert.equal(await conn.readFile(path), null, 'invisible to the login user');
  assert.equal((await conn.readFile(path, { become: true }))?.toString(), 'secret file\n');
  assert.deepEqual(await conn.stat(path, { become: true }), {
    size: 12,
    mode: 0o600,
    isFile: true,
    isDirectory: false,
  });
  const owner = await conn.exec({ argv: ['stat', '-c', '%U', path], become: true });
  assert.equal(owner.stdout, 'root\n');
  const mine = async () =>
    (
      await conn.exec({ shell: 'find /tmp -maxdepth 1 -user "$(id -u)" -name "tmp.*" | wc -l' })
    ).stdout.trim();
  const before = await mine();
  await conn.exec({ argv: ['cat'], stdin: 'staged', become: true });
  assert.equal(await mine(), before, 'no staged stdin file left in /tmp');
}

test('a sudo that needs no password never hands the password to the command', async (t) => {
  const s = await sshdWithSudo(t);
  if (!s) return;
  if (s.user !== 'root') return t.skip('needs root (root sudo needs no password)');
  const password = 'pw-must-not-leak-1234';
  const conn = await sshConnector('root1', keySettings(s, { becomePassword: password }), {
    knownHostsFile: s.knownHosts,
  });
  t.after(() => conn.close());
  const r = await conn.exec({ argv: ['cat'], become: true });
  assert.deepEqual(r, { rc: 0, stdout: '', stderr: '' });
  const withData = await conn.exec({ argv: ['cat'], stdin: 'data', become: true });
  assert.equal(withData.stdout, 'data');
});

const failures: Array<{ name: string; settings: (s: TestSshd) => Partial<SshSettings>; why: RegExp }> = [
  {
    name: 'a wrong sudo password',
    settings: (s) => ({ becomePassword: `bad-${s.password}` }),
    why: /incorrect become password/,
  },
  { name: 'no sudo password when one is needed', settings: () => ({}), why: /needs a password/ },
];

for (const c of failures) {
  test(`become fails clearly with ${c.name}, without the password`, async (t) => {
    const s = await sshdWithSudo(t);
    const extra = s ? c.settings(s) : {};
    const conn = await asPasswordUser(t, extra);
    if (!conn) return;
    await assert.rejects(
      conn.exec({ argv: ['true'], become: true }),
      (e: Error & { code?: string; context?: { host?: string } }) => {
        assert.equal(e.code, 'E_BECOME');
        assert.equal(e.context?.host, 'app1');
        assert.match(e.message, c.why);
        if (extra.becomePassword)
          assert.ok(!JSON.stringify({ m: e.message, e }).includes(extra.becomePassword));
        return true;
      },
    );
    // The connection itself is fine afterwards.
    assert.equal((await conn.exec({ argv: ['true'] })).rc, 0);
  });
}
