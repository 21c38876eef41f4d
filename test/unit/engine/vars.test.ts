import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostState, PlayVars } from '../../../src/engine/vars.js';
import { msgs, run } from './harness.js';

const INV = `
all:
  vars: {ansible_connection: local, v: all, only_all: all}
  children:
    parent:
      vars: {v: parent, p: parent}
      children:
        child:
          vars: {v: child}
          hosts:
            h1: {v: host}
            h2: {}
        other:
          hosts: {h2: {}}
`;

test('precedence: all → parent group → child group → host → play vars → vars_files → block → task → facts → extra vars', async () => {
  // Each layer sets `v`; removing a layer from the top must reveal the one below.
  const layers: Array<[string, string]> = [
    ['extra', '-e'],
    ['fact', 'set_fact'],
    ['task', 'task vars'],
    ['block', 'block vars'],
    ['file', 'vars_files'],
    ['play', 'play vars'],
    ['host', 'host vars'],
  ];
  for (let top = 0; top < layers.length; top++) {
    const has = (name: string): boolean => layers.slice(top).some(([n]) => n === name);
    const pb = `
- hosts: h1
  ${has('play') ? 'vars: {v: play}' : ''}
  ${has('file') ? 'vars_files: [vars.yaml]' : ''}
  tasks:
    - set: ${has('fact') ? '{v: fact}' : '{unrelated: 1}'}
    - name: blk
      ${has('block') ? 'vars: {v: block}' : ''}
      block:
        - name: show
          echo: "{{ v }}"
          ${has('task') ? 'vars: {v: task}' : ''}
`;
    const inv = has('host') ? INV : INV.replace('h1: {v: host}', 'h1: {}');
    const { report } = await run(pb, inv, {
      extraVars: has('extra') ? { v: 'extra' } : {},
      files: { 'vars.yaml': 'v: file\n' },
    });
    assert.deepEqual(msgs(report, 'show'), { h1: layers[top]?.[0] }, `top layer ${layers[top]?.[1]}`);
  }
  const { report } = await run(
    `- hosts: all\n  tasks:\n    - {name: show, echo: "{{ v }}"}\n`,
    INV.replace('h1: {v: host}', 'h1: {}'),
  );
  assert.deepEqual(msgs(report, 'show'), { h1: 'child', h2: 'child' });
});

test('magic variables: inventory_hostname, groups, group_names, hostvars, playbook_dir, item', async () => {
  const { report, dir } = await run(
    `
- hosts: h2
  tasks:
    - name: show
      echo: "{{ inventory_hostname }}|{{ join groups.child ',' }}|{{ join group_names ',' }}|{{ hostvars.h1.v }}|{{ hostvars.h1.p }}|{{ playbook_dir }}|{{ only_all }}"
`,
    INV,
  );
  assert.deepEqual(msgs(report, 'show'), { h2: `h2|h1,h2|child,other,parent|host|parent|${dir}|all` });
});

test('play vars are templates rendered when used, with the current host and facts', async () => {
  const { report } = await run(
    `
- hosts: all
  vars:
    url: "http://{{ inventory_hostname }}:{{ port }}"
    port: 5000
  tasks:
    - set: {port: 6000}
      when: "{{ eq inventory_hostname 'h2' }}"
    - {name: show, echo: "{{ url }}"}
    - {name: other, echo: "{{ hostvars.h2.url }}"}
`,
    INV,
  );
  assert.deepEqual(msgs(report, 'show'), { h1: 'http://h1:5000', h2: 'http://h2:6000' });
  // Through hostvars, a template renders as the host it belongs to.
  assert.deepEqual(msgs(report, 'other'), { h1: 'http://h2:6000', h2: 'http://h2:6000' });
});

test('facts and registered results persist across plays; extra vars are not templated again', async () => {
  const { report } = await run(
    `
- hosts: h1
  tasks:
    - {name: r, echo: first, register: reg}
- hosts: h1
  tasks:
    - {name: show, echo: "{{ reg.msg }} {{ raw }}"}
`,
    INV,
    { extraVars: { raw: '{{ not_a_var }}' } },
  );
  assert.deepEqual(msgs(report, 'show', 1), { h1: 'first {{ not_a_var }}' });
});

test('variable building is linear: a host merges its layers once per change, not once per task', () => {
  const hosts = new Map<string, HostState>();
  for (let i = 0; i < 300; i++)
    hosts.set(`h${i}`, new HostState(`h${i}`, { a: i, ansible_connection: 'local' }, []));
  const pv = new PlayVars({ playVars: { p: 1 }, extraVars: {}, magic: {} }, hosts);
  for (let task = 0; task < 20; task++) for (const h of hosts.keys()) pv.scope(h);
  assert.equal(pv.builds, 300);
  hosts.get('h7')?.setFacts({ f: 1 });
  for (const h of hosts.keys()) pv.scope(h);
  assert.equal(pv.builds, 301);
  assert.equal((pv.scope('h7') as Record<string, unknown>).f, 1);
});
