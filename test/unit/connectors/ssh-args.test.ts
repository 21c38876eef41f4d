/** OpenSSH command lines: what must hold, what the user may override, and the mux client's guards. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientArgs, masterArgs } from '../../../src/connectors/ssh-args.js';
import type { SshSettings } from '../../../src/connectors/connection-settings.js';

const base: SshSettings = { address: 'web1', extraArgs: [], become: false };

/** option returns the first value given for `-o name=…` (OpenSSH keeps the first it sees). */
function option(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length - 1; i++) {
    const m = args[i] === '-o' ? new RegExp(`^${name}=(.*)$`, 'i').exec(args[i + 1] as string) : null;
    if (m) return m[1];
  }
  return undefined;
}

const cases: Array<{
  name: string;
  settings: Partial<SshSettings>;
  opts?: Record<string, unknown>;
  want: Record<string, string | undefined>;
}> = [
  {
    name: 'defaults: strict host keys, batch mode',
    settings: {},
    want: { StrictHostKeyChecking: 'yes', BatchMode: 'yes', ControlPersist: 'no', ConnectTimeout: '10' },
  },
  {
    name: 'accept-new',
    settings: {},
    opts: { acceptNewHostKeys: true },
    want: { StrictHostKeyChecking: 'accept-new' },
  },
  {
    name: 'a password turns batch mode off and allows one prompt',
    settings: { password: 'x' },
    opts: { withPassword: true },
    want: { BatchMode: 'no', NumberOfPasswordPrompts: '1' },
  },
  {
    name: 'a known_hosts file',
    settings: {},
    opts: { knownHostsFile: '/k' },
    want: { UserKnownHostsFile: '/k' },
  },
  {
    name: 'the user may relax host key checking',
    settings: { extraArgs: ['-o', 'StrictHostKeyChecking=no'] },
    want: { StrictHostKeyChecking: 'no' },
  },
  {
    name: 'the user may not turn the master off',
    settings: { extraArgs: ['-o', 'ControlPersist=60s'] },
    want: { ControlPersist: 'no' },
  },
  {
    name: 'the user may not give the master a session or silence it',
    settings: { extraArgs: ['-o', 'RemoteCommand=uptime', '-o', 'RequestTTY=yes', '-o', 'LogLevel=QUIET'] },
    want: { RemoteCommand: 'none', RequestTTY: 'no', LogLevel: 'ERROR' },
  },
  { name: 'a timeout', settings: { timeoutSeconds: 3 }, want: { ConnectTimeout: '3' } },
  {
    name: 'a key file pins the identity',
    settings: { privateKeyFile: '/id' },
    want: { IdentitiesOnly: 'yes' },
  },
];

for (const c of cases) {
  test(`masterArgs: ${c.name}`, () => {
    const args = masterArgs(
      { ...base, ...c.settings },
      { controlPath: '/d/cm', withPassword: false, ...c.opts },
    );
    for (const [k, v] of Object.entries(c.want)) assert.equal(option(args, k), v, k);
  });
}

test('masterArgs: -M -N with our socket, user/port/key flags, and the address last after --', () => {
  const args = masterArgs(
    { ...base, address: '-oops', port: 2222, user: 'deploy', privateKeyFile: '/id' },
    { controlPath: '/d/cm', withPassword: false, configFile: '/cfg', keyFile: '/d/key' },
  );
  assert.deepEqual(args.slice(0, 5), ['-M', '-N', '-T', '-S', '/d/cm']);
  assert.deepEqual(args.slice(-2), ['--', '-oops'], 'an address can never be read as an option');
  assert.equal(args[args.indexOf('-F') + 1], '/cfg');
  assert.equal(args[args.indexOf('-p') + 1], '2222');
  assert.equal(args[args.indexOf('-l') + 1], 'deploy');
  assert.equal(args[args.indexOf('-i') + 1], '/d/key', 'an inline key wins over a key file');
});

test('masterArgs never carries a password', () => {
  const args = masterArgs({ ...base, password: 'pw-secret-xyz' }, { controlPath: '/c', withPassword: true });
  assert.ok(!args.join(' ').includes('pw-secret-xyz'));
});

test('clientArgs: multiplexed only, no config, never a second connection', () => {
  const args = clientArgs('/d/cm', 'echo hi');
  assert.equal(args[args.indexOf('-S') + 1], '/d/cm');
  assert.equal(args[args.indexOf('-F') + 1], '/dev/null');
  assert.equal(option(args, 'ControlMaster'), 'no');
  assert.equal(option(args, 'ProxyCommand'), 'false');
  assert.equal(option(args, 'BatchMode'), 'yes');
  assert.equal(args.at(-1), 'echo hi');
  assert.equal(args.at(-3), '--');
});
