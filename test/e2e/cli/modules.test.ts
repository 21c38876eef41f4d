/** The built-in modules through the whole CLI and engine: arguments rendered, facts set, results registered. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deckhand, workspace } from './deckhand.js';

const PLAY = `
- hosts: localhost
  vars: { x: 2 }
  tasks:
    - name: load vars
      include_vars: v.yaml
    - name: copy a file from files/
      copy: { src: hello.txt, dest: '{{out}}/', mode: '0600' }
    - name: render a template from templates/
      template: { src: conf.tpl, dest: '{{out}}/conf' }
    - name: run once only
      command: { argv: [touch, '{{out}}/stamp'], creates: '{{out}}/stamp' }
    - name: shell output is registered
      shell: printf 'a\\nb\\n' | sort -r
      register: sorted
      changed_when: false
    - name: use it
      debug: { msg: '{{join sorted.stdout_lines "+"}} from {{loaded.name}}' }
    - name: check
      assert:
        that:
          - '{{eq loaded.name "vars-file"}}'
          - '{{eq x 1}}'
`;

test('modules through the CLI: include_vars, copy src, template, command creates, shell register, assert', async (t) => {
  const ws = await workspace({
    'play.yaml': PLAY,
    'v.yaml': 'loaded: { name: vars-file }\n',
    'files/hello.txt': 'hi\n',
    'templates/conf.tpl': 'name={{loaded.name}} x={{x}}\n',
  });
  t.after(ws.cleanup);
  const out = join(ws.dir, 'out');
  await mkdir(out);
  const r = await deckhand(['run', 'play.yaml', '-e', `out=${out}`], { cwd: ws.dir });
  assert.equal(r.code, 2, r.all);
  assert.equal(await readFile(join(out, 'hello.txt'), 'utf8'), 'hi\n');
  assert.equal(await readFile(join(out, 'conf'), 'utf8'), 'name=vars-file x=2\n');
  assert.match(r.stdout, /^ok: \[localhost\] => b\+a from vars-file$/m);
  // The assert module renders `that` itself, so the failing condition is named as written.
  assert.match(r.stdout, /^failed: \[localhost\] => Assertion failed: \{\{eq x 1\}\}$/m);
  const again = await deckhand(['run', 'play.yaml', '-e', `out=${out}`, '--json'], { cwd: ws.dir });
  assert.equal(again.code, 2, again.all);
  const tasks = (
    JSON.parse(again.stdout) as {
      plays: { tasks: { name: string; hosts: { localhost: { status: string } } }[] }[];
    }
  ).plays[0]!.tasks;
  const status = Object.fromEntries(tasks.map((x) => [x.name, x.hosts.localhost.status]));
  assert.equal(status['copy a file from files/'], 'ok', 'copy is idempotent');
  assert.equal(status['render a template from templates/'], 'ok', 'template is idempotent');
  assert.equal(status['run once only'], 'ok', 'creates stops the second run');
});
