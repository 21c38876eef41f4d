import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DeckhandError } from '../../../src/errors.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { groupsVar, inventoryVars } from '../../../src/inventory/hosts.js';
import { selectHosts } from '../../../src/inventory/patterns.js';
import { expandHostRange } from '../../../src/inventory/ranges.js';
import { writeFiles } from '../engine/harness.js';

const ANSIBLE = `
all:
  vars: {v: all, a: 1}
  hosts:
    solo: {v: solo-host}
  children:
    web:
      vars: {v: web, w: 1}
      hosts:
        web1: {}
        web2: {v: web2-host}
      children:
        frontend:
          vars: {v: frontend}
          hosts: {web3: {}}
    db:
      hosts: {db1: {ansible_connection: local}}
    prod:
      hosts: {web1: {}, db1: {}}
`;

const KUBEKEY = `
apiVersion: kubekey.kubesphere.io/v1
kind: Inventory
metadata: {name: default}
spec:
  hosts:
    node1: {connector: {type: local}, internal_ipv4: 10.0.0.1}
    node2: {internal_ipv4: 10.0.0.2}
  vars: {cluster: demo}
  groups:
    k8s_cluster:
      groups: [kube_control_plane, kube_worker]
      vars: {role: any}
    kube_control_plane:
      hosts: [node1]
      vars: {role: cp}
    kube_worker:
      hosts: [node1, node2]
`;

async function load(text: string): Promise<Awaited<ReturnType<typeof loadInventory>>> {
  const dir = await writeFiles({ 'inv.yaml': text });
  return loadInventory([join(dir, 'inv.yaml')]);
}

test('Ansible shape: hosts, groups, nested children; vars merge all → parents → children → host', async () => {
  const inv = await load(ANSIBLE);
  assert.deepEqual([...inv.hosts.keys()], ['solo', 'web1', 'web2', 'web3', 'db1']);
  const vars = inventoryVars(inv, ['solo', 'web1', 'web2', 'web3', 'db1', 'localhost']);
  assert.equal(vars.get('solo')?.v, 'solo-host');
  assert.equal(vars.get('web1')?.v, 'web');
  assert.equal(vars.get('web2')?.v, 'web2-host');
  assert.equal(vars.get('web3')?.v, 'frontend');
  assert.equal(vars.get('web3')?.w, 1);
  assert.equal(vars.get('db1')?.v, 'all');
  assert.deepEqual(vars.get('localhost'), { v: 'all', a: 1, ansible_connection: 'local' });
  const groups = groupsVar(inv);
  assert.deepEqual(groups.web, ['web1', 'web2', 'web3']);
  assert.deepEqual(groups.all, ['solo', 'web1', 'web2', 'web3', 'db1']);
  assert.deepEqual(groups.ungrouped, ['solo']);
});

test('KubeKey shape: spec.hosts, spec.groups with child groups, connector type → ansible_connection', async () => {
  const inv = await load(KUBEKEY);
  assert.deepEqual(selectHosts(inv, 'k8s_cluster'), ['node1', 'node2']);
  assert.deepEqual(selectHosts(inv, 'kube_control_plane'), ['node1']);
  const vars = inventoryVars(inv, ['node1', 'node2']);
  assert.equal(vars.get('node1')?.ansible_connection, 'local');
  assert.equal(vars.get('node1')?.role, 'cp');
  assert.equal(vars.get('node2')?.role, 'any');
  assert.equal(vars.get('node2')?.cluster, 'demo');
});

test('host patterns', async () => {
  const inv = await load(ANSIBLE);
  const cases: Array<[string, string[]]> = [
    ['all', ['solo', 'web1', 'web2', 'web3', 'db1']],
    ['*', ['solo', 'web1', 'web2', 'web3', 'db1']],
    ['web', ['web1', 'web2', 'web3']],
    ['frontend', ['web3']],
    ['web:db', ['web1', 'web2', 'web3', 'db1']],
    ['web,db', ['web1', 'web2', 'web3', 'db1']],
    ['web:&prod', ['web1']],
    ['all:!web', ['solo', 'db1']],
    ['!web', ['solo', 'db1']],
    ['web:!frontend:&prod', ['web1']],
    ['web*', ['web1', 'web2', 'web3']],
    ['~^(solo|db)', ['solo', 'db1']],
    ['solo', ['solo']],
    ['localhost', ['localhost']],
    ['nomatch*', []],
  ];
  for (const [pattern, want] of cases) assert.deepEqual(selectHosts(inv, pattern), want, pattern);
});

test('an unknown host pattern is E_HOST_PATTERN with a hint', async () => {
  const inv = await load(ANSIBLE);
  assert.throws(
    () => selectHosts(inv, 'web:&prd'),
    (e: DeckhandError) =>
      e.code === 'E_HOST_PATTERN' && /"prd"/.test(e.message) && /did you mean "prod"/.test(e.message),
  );
  assert.throws(
    () => selectHosts(inv, '~('),
    (e: DeckhandError) => e.code === 'E_HOST_PATTERN',
  );
});

test('bad inventories are E_INVENTORY naming file:line:col', async () => {
  const cases: Array<[string, number, number, RegExp]> = [
    ['all:\n  hosts: {a: {}}\n  chilren: {}\n', 3, 3, /unknown key "chilren" \(did you mean "children"\?\)/],
    ['all:\n  hosts: [a, b]\n', 2, 10, /must be object/],
    ['spec:\n  hosts: {n1: {}}\n  groups:\n    g: {hosts: [n2]}\n', 4, 17, /unknown host "n2"/],
    ['all:\n  vars: {"bad name": 1}\n', 2, 10, /bad name|property name/],
  ];
  for (const [text, line, col, msg] of cases) {
    await assert.rejects(load(text), (e: DeckhandError) => {
      assert.equal(e.code, 'E_INVENTORY', e.message);
      assert.match(e.message, msg);
      assert.equal(`${e.context.line}:${e.context.col}`, `${line}:${col}`, e.message);
      return true;
    });
  }
  await assert.rejects(loadInventory(['/nonexistent/inv.yaml']), (e: DeckhandError) => e.code === 'E_FILE');
});

test('no inventory: only the implicit localhost, with a local connection', async () => {
  const inv = await loadInventory([]);
  assert.deepEqual(selectHosts(inv, 'localhost'), ['localhost']);
  assert.deepEqual(selectHosts(inv, 'all'), []);
  assert.equal(inventoryVars(inv, ['localhost']).get('localhost')?.ansible_connection, 'local');
});

test('group_vars/ and host_vars/ next to the inventory override the file, group then host', async () => {
  const dir = await writeFiles({ 'inv.yaml': ANSIBLE });
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(join(dir, 'group_vars'));
  await mkdir(join(dir, 'host_vars'));
  await writeFile(join(dir, 'group_vars', 'web.yml'), 'v: web-dir\nfrom_dir: 1\n');
  await writeFile(join(dir, 'group_vars', 'all.yaml'), 'a: 2\n');
  await writeFile(join(dir, 'host_vars', 'web2.yml'), 'v: web2-dir\n');
  const inv = await loadInventory([join(dir, 'inv.yaml')]);
  const vars = inventoryVars(inv, ['web1', 'web2', 'solo']);
  assert.deepEqual([vars.get('web1')?.v, vars.get('web1')?.from_dir, vars.get('web1')?.a], ['web-dir', 1, 2]);
  assert.equal(vars.get('web2')?.v, 'web2-dir');
  assert.equal(vars.get('solo')?.v, 'solo-host');
  await writeFile(join(dir, 'host_vars', 'solo.yml'), '- a list\n');
  await assert.rejects(
    loadInventory([join(dir, 'inv.yaml')]),
    (e: DeckhandError) => e.code === 'E_INVENTORY' && /solo\.yml/.test(e.message),
  );
});

test('host ranges: web[01:03], [a:c], steps, several ranges', async () => {
  const cases: Array<[string, string[]]> = [
    ['web[01:03]', ['web01', 'web02', 'web03']],
    ['db-[a:c].x', ['db-a.x', 'db-b.x', 'db-c.x']],
    ['n[1:5:2]', ['n1', 'n3', 'n5']],
    ['r[1:2]-[a:b]', ['r1-a', 'r1-b', 'r2-a', 'r2-b']],
    ['plain', ['plain']],
  ];
  for (const [name, want] of cases) assert.deepEqual(expandHostRange(name), want, name);
  assert.throws(
    () => expandHostRange('x[3:1]'),
    (e: DeckhandError) => e.code === 'E_INVENTORY',
  );
  assert.throws(
    () => expandHostRange('x[1:c]'),
    (e: DeckhandError) => e.code === 'E_INVENTORY',
  );
  const inv = await load('all:\n  children:\n    web:\n      hosts:\n        "web[1:2]": {port: 80}\n');
  assert.deepEqual(selectHosts(inv, 'web'), ['web1', 'web2']);
  assert.equal(inventoryVars(inv, ['web2']).get('web2')?.port, 80);
});
