/** connectionSettings: Ansible and KubeKey host variables → typed SSH settings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionSettings, type SshSettings } from '../../../src/connectors/connection-settings.js';
import { redact } from '../../../src/redact.js';

const cases: Array<{
  name: string;
  host?: string;
  vars: Record<string, unknown>;
  type: 'local' | 'ssh';
  ssh: Partial<SshSettings>;
}> = [
  {
    name: 'no variables: ssh to the inventory name',
    vars: {},
    type: 'ssh',
    ssh: { address: 'web1', extraArgs: [], become: false },
  },
  {
    name: 'implicit localhost is local',
    host: 'localhost',
    vars: {},
    type: 'local',
    ssh: { address: 'localhost' },
  },
  {
    name: 'localhost with a remote ansible_host is ssh',
    host: 'localhost',
    vars: { ansible_host: '10.0.0.5' },
    type: 'ssh',
    ssh: { address: '10.0.0.5' },
  },
  {
    name: 'Ansible names',
    vars: {
      ansible_connection: 'ssh',
      ansible_host: '10.0.0.1',
      ansible_port: 2222,
      ansible_user: 'deploy',
      ansible_password: 'pw-ansible-1',
      ansible_ssh_private_key_file: '/keys/id',
      ansible_ssh_common_args: `-o ProxyJump=bastion -o 'ProxyCommand=ssh -W %h:%p gw'`,
      ansible_ssh_extra_args: '-4',
      ansible_become: 'yes',
      ansible_become_user: 'postgres',
      ansible_become_password: 'pw-become-1',
      ansible_timeout: '30',
    },
    type: 'ssh',
    ssh: {
      address: '10.0.0.1',
      port: 2222,
      user: 'deploy',
      password: 'pw-ansible-1',
      privateKeyFile: '/keys/id',
      extraArgs: ['-o', 'ProxyJump=bastion', '-o', 'ProxyCommand=ssh -W %h:%p gw', '-4'],
      become: true,
      becomeUser: 'postgres',
      becomePassword: 'pw-become-1',
      timeoutSeconds: 30,
    },
  },
  {
    name: "KubeKey's connector",
    vars: {
      connector: {
        type: 'ssh',
        host: '10.0.0.2',
        port: '22',
        user: 'root',
        password: 'pw-kk-1',
        private_key: '/root/.ssh/id_rsa',
      },
      become: true,
    },
    type: 'ssh',
    ssh: {
      address: '10.0.0.2',
      port: 22,
      user: 'root',
      password: 'pw-kk-1',
      privateKeyFile: '/root/.ssh/id_rsa',
      become: true,
    },
  },
  {
    name: 'Ansible names win over the connector',
    vars: { ansible_host: 'a', ansible_user: 'u1', connector: { type: 'local', host: 'b', user: 'u2' } },
    type: 'local',
    ssh: { address: 'a', user: 'u1' },
  },
  { name: 'connector type local', vars: { connector: { type: 'local' } }, type: 'local', ssh: {} },
  {
    name: 'old ansible_ssh_* aliases',
    vars: {
      ansible_ssh_host: 'h',
      ansible_ssh_port: '2200',
      ansible_ssh_user: 'x',
      ansible_ssh_pass: 'pw-old-1',
    },
    type: 'ssh',
    ssh: { address: 'h', port: 2200, user: 'x', password: 'pw-old-1' },
  },
  {
    name: 'become false as a string',
    vars: { ansible_become: 'false' },
    type: 'ssh',
    ssh: { become: false },
  },
];

for (const c of cases) {
  test(`connectionSettings: ${c.name}`, () => {
    const s = connectionSettings(c.host ?? 'web1', c.vars);
    assert.equal(s.type, c.type);
    for (const [k, v] of Object.entries(c.ssh)) assert.deepEqual(s.ssh[k as keyof SshSettings], v, k);
  });
}

test('connectionSettings registers passwords as secrets', () => {
  connectionSettings('h', { ansible_password: 'pw-register-me', ansible_become_password: 'pw-become-me' });
  assert.equal(redact('x pw-register-me y pw-become-me'), 'x *** y ***');
});

test('connectionSettings: defaultType local keeps hosts without a connection type local', () => {
  assert.equal(connectionSettings('web1', {}, { defaultType: 'local' }).type, 'local');
  assert.equal(
    connectionSettings('web1', { ansible_connection: 'ssh' }, { defaultType: 'local' }).type,
    'ssh',
  );
});

const bad: Array<{ name: string; vars: Record<string, unknown>; field: string }> = [
  { name: 'an unknown connection type', vars: { ansible_connection: 'winrm' }, field: 'ansible_connection' },
  { name: 'a port out of range', vars: { ansible_port: 70000 }, field: 'port' },
  { name: 'a port that is not a number', vars: { ansible_port: 'ssh' }, field: 'port' },
  {
    name: 'an unterminated quote in common args',
    vars: { ansible_ssh_common_args: "-o 'Proxy" },
    field: 'ansible_ssh_common_args',
  },
  {
    name: 'a become method other than sudo',
    vars: { ansible_become_method: 'su' },
    field: 'ansible_become_method',
  },
  { name: 'a user that is not a string', vars: { ansible_user: ['a'] }, field: 'ansible_user' },
];

for (const c of bad) {
  test(`connectionSettings rejects ${c.name} (E_CONNECTION naming host and field)`, () => {
    assert.throws(
      () => connectionSettings('db1', c.vars),
      (e: { code?: string; context?: Record<string, unknown>; message: string }) => {
        assert.equal(e.code, 'E_CONNECTION');
        assert.equal(e.context?.host, 'db1');
        assert.equal(e.context?.field, c.field);
        assert.match(e.message, /db1/);
        return true;
      },
    );
  });
}
