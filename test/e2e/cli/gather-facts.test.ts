/** gather_facts: the implicit "Gathering Facts" task runs setup first, so later tasks see `facts.*`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arch } from 'node:os';
import { deckhand, workspace } from './deckhand.js';

const OCI_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm' };

const play = (gather: boolean): string => `
- hosts: localhost
  gather_facts: ${gather}
  tasks:
    - name: print the platform
      debug: { msg: 'platform={{facts.os}}/{{facts.arch}} cpus={{facts.cpus}}' }
      tags: [report]
    - name: only on the real architecture
      debug: { msg: 'arch matched' }
      when: '{{eq facts.arch "${OCI_ARCH[arch()] ?? arch()}"}}'
      tags: [report]
`;

test('gather_facts: true makes facts.* available to templates and when (also under --tags)', async (t) => {
  const ws = await workspace({ 'play.yaml': play(true) });
  t.after(ws.cleanup);
  const r = await deckhand(['run', 'play.yaml', '--tags', 'report'], { cwd: ws.dir });
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, /TASK \[Gathering Facts\]/);
  assert.match(r.stdout, new RegExp(`platform=linux/${OCI_ARCH[arch()] ?? arch()} cpus=\\d+`));
  assert.match(r.stdout, /arch matched/);
});

test('gather_facts absent or false: no setup task, and facts are undefined (a clear error)', async (t) => {
  const ws = await workspace({ 'play.yaml': play(false) });
  t.after(ws.cleanup);
  const r = await deckhand(['run', 'play.yaml'], { cwd: ws.dir });
  assert.equal(r.code, 2, r.all);
  assert.doesNotMatch(r.stdout, /Gathering Facts/);
  assert.match(r.all, /facts/);
});
