/**
 * Secrets never leak: a registry password given with --creds, in a docker config.json, in a playbook's
 * `auths` (through -e) and in a `no_log` task never appears in stdout, stderr or --json output, on
 * success and on every failing path, with Node's HTTP debug logging on. TLS is verified by default and
 * --skip-tls-verify is the user's explicit choice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, type ChildRun } from '../helpers/fault-fixtures.js';
import { seededRegistry } from '../integration/modules/image/fixtures.js';
import { STACK } from '../e2e/cli/deckhand.js';

/** NODE_DEBUG turns on the runtime's own HTTP/TLS debug logs: the nearest thing to a debug mode. */
const DEBUG_ENV = { NODE_DEBUG: 'undici,fetch,http,net,tls' };

test('a recognisable secret never appears in any output, on success or failure', async (t) => {
  const s = await seededRegistry(t, { tls: true, auth: true });
  if (!s) return;
  const user = s.reg.username!;
  const secret = s.reg.password!;
  const wrong = `WRONG-${secret}-WRONG`;
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-secrets-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const ca = s.reg.caFile!;
  const images = join(dir, 'images');
  const auth = (pw: string) => Buffer.from(`${user}:${pw}`).toString('base64');
  const forbidden = [secret, wrong, auth(secret), auth(wrong), Buffer.from(secret).toString('base64')];
  await writeFile(
    join(dir, 'good.json'),
    JSON.stringify({ auths: { [s.reg.host]: { auth: auth(secret) } } }),
  );
  await writeFile(join(dir, 'bad.json'), JSON.stringify({ auths: { [s.reg.host]: { auth: auth(wrong) } } }));
  const playbook = (pw: string, extraTask = '') =>
    [
      '- name: secrets',
      '  hosts: localhost',
      '  gather_facts: false',
      '  tasks:',
      '    - name: pull with auths',
      '      image:',
      '        pull:',
      `          manifests: ["${s.refs.alpha}"]`,
      `          images_dir: ${join(dir, 'pb-images')}`,
      `          auths: [{ repo: "${s.reg.host}", username: "${user}", password: "{{${pw}}}", ca_file: "${ca}" }]`,
      '    - name: hidden',
      "      debug: { msg: 'the password is {{registry_password}}' }",
      '      no_log: true',
      extraTask,
    ].join('\n');
  await writeFile(join(dir, 'good.yaml'), playbook('registry_password'));
  await writeFile(join(dir, 'bad.yaml'), playbook('wrong_password'));
  await writeFile(
    join(dir, 'nolog-fail.yaml'),
    playbook(
      'registry_password',
      "    - name: hidden failure\n      fail: { msg: 'failed with {{registry_password}}' }\n      no_log: true\n",
    ),
  );
  const e = ['-e', `registry_password=${secret}`, '-e', `wrong_password=${wrong}`];
  const tls = ['--ca-file', ca];
  const pull = (...extra: string[]) => [
    'image',
    'pull',
    s.refs.alpha,
    '--images-dir',
    images,
    ...tls,
    ...extra,
  ];
  const push = (...extra: string[]) => [
    'image',
    'push',
    '--images-dir',
    images,
    '--dest',
    `${s.reg.host}/pushed/{{module.image.src.reference.repository}}:x`,
    ...tls,
    ...extra,
  ];

  /** [name, args, expected exit code] */
  const runs: [string, string[], number][] = [
    ['pull --creds', pull('--creds', `${user}:${secret}`), 0],
    ['pull --creds --json', pull('--creds', `${user}:${secret}`, '--json'), 0],
    ['pull --creds wrong', pull('--creds', `${user}:${wrong}`), 2],
    ['pull --creds wrong --json', pull('--creds', `${user}:${wrong}`, '--json'), 2],
    ['pull --authfile', pull('--authfile', join(dir, 'good.json'), '--json'), 0],
    ['pull --authfile wrong', pull('--authfile', join(dir, 'bad.json')), 2],
    ['pull --creds without a colon', pull('--creds', secret), 1],
    ['push --creds', push('--creds', `${user}:${secret}`, '--json'), 0],
    ['push --creds wrong', push('--creds', `${user}:${wrong}`), 2],
    ['push --creds wrong --json', push('--creds', `${user}:${wrong}`, '--json'), 2],
    ['inspect --creds', ['image', 'inspect', s.refs.alpha, ...tls, '--creds', `${user}:${secret}`], 0],
    ['inspect --creds wrong', ['image', 'inspect', s.refs.alpha, ...tls, '--creds', `${user}:${wrong}`], 2],
    [
      'copy --creds wrong',
      [
        'image',
        'copy',
        `docker://${s.refs.alpha}`,
        `oci:${join(dir, 'c')}:x`,
        ...tls,
        '--creds',
        `${user}:${wrong}`,
      ],
      2,
    ],
    ['run auths', ['run', join(dir, 'good.yaml'), ...e], 0],
    ['run auths --json', ['run', join(dir, 'good.yaml'), ...e, '--json'], 0],
    ['run auths wrong', ['run', join(dir, 'bad.yaml'), ...e], 2],
    ['run auths wrong --json', ['run', join(dir, 'bad.yaml'), ...e, '--json'], 2],
    ['run no_log failure', ['run', join(dir, 'nolog-fail.yaml'), ...e], 2],
    ['run no_log failure --json', ['run', join(dir, 'nolog-fail.yaml'), ...e, '--json'], 2],
  ];
  const results: [string, ChildRun][] = [];
  for (const [name, args, code] of runs) {
    const r = await cli(args, { env: DEBUG_ENV });
    results.push([name, r]);
    assert.equal(r.code, code, `${name}: exit ${r.code}\n${r.stdout}\n${r.stderr}`.slice(0, 3000));
    assert.doesNotMatch(r.stdout + r.stderr, STACK, name);
  }
  for (const [name, r] of results) {
    const all = `${r.stdout}\n${r.stderr}`;
    for (const f of forbidden)
      assert.ok(!all.includes(f), `${name}: a secret leaked:\n${all.slice(0, 3000)}`);
    assert.doesNotMatch(
      all,
      /authorization:\s*(basic|bearer)\s+\S/i,
      `${name}: an Authorization header leaked`,
    );
  }
  t.diagnostic(`${runs.length} commands checked for ${forbidden.length} forms of the secret`);

  // The wrong-password runs failed for the right reason: an auth error the user can act on.
  const failed = results.find(([n]) => n === 'pull --creds wrong')![1];
  assert.match(failed.stdout + failed.stderr, /unauthori[sz]ed|authentication|credentials|401/i);
});

test('TLS is verified by default; --skip-tls-verify is an explicit, per-command choice', async (t) => {
  const s = await seededRegistry(t, { tls: true });
  if (!s) return;
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-tls-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const untrusted = await cli(['image', 'pull', s.refs.alpha, '--images-dir', join(dir, 'a')]);
  assert.equal(untrusted.code, 2, untrusted.stdout + untrusted.stderr);
  assert.match(untrusted.stdout + untrusted.stderr, /certificate|TLS/i);

  const skipped = await cli([
    'image',
    'pull',
    s.refs.alpha,
    '--images-dir',
    join(dir, 'b'),
    '--skip-tls-verify',
  ]);
  assert.equal(skipped.code, 0, skipped.stdout + skipped.stderr);
  assert.match(
    skipped.stdout + skipped.stderr,
    /warn.*(tls|certificate)/i,
    'skipping verification is logged',
  );
});
