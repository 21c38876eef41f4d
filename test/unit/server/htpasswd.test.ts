/** htpasswd parsing (bcrypt only, errors name the line) and password checks, against `htpasswd -B` output. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import bcrypt from 'bcryptjs';
import { parseHtpasswd, verifyPassword } from '../../../src/server/htpasswd.js';
import { parseBasic } from '../../../src/server/basic-auth.js';
import { requireTool } from '../../helpers/require-tool.js';

const HASH = bcrypt.hashSync('pw-one', 4);

test('parseHtpasswd reads bcrypt entries and skips comments and blank lines', () => {
  const users = parseHtpasswd(`# users\n\nalice:${HASH}\r\nbob:${HASH.replace('$2b$', '$2y$')}\n`);
  assert.deepEqual([...users.keys()], ['alice', 'bob']);
});

test('parseHtpasswd refuses what distribution refuses, naming the line', () => {
  const cases = [
    { text: 'alice:$apr1$abc$def', line: 1 },
    { text: `ok:${HASH}\nbob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=`, line: 2 },
    { text: `ok:${HASH}\n\nplain:secret`, line: 3 },
    { text: 'no-colon-here', line: 1 },
  ];
  for (const c of cases) {
    assert.throws(
      () => parseHtpasswd(c.text, 'users.htpasswd'),
      (e: { code: string; context: { line: number } }) => e.code === 'E_FILE' && e.context.line === c.line,
      c.text,
    );
  }
});

test('verifyPassword: right and wrong passwords, unknown users', async () => {
  const users = parseHtpasswd(`alice:${HASH}`);
  const cases: [string, string, boolean][] = [
    ['alice', 'pw-one', true],
    ['alice', 'pw-two', false],
    ['alice', '', false],
    ['mallory', 'pw-one', false],
  ];
  for (const [user, pw, want] of cases)
    assert.equal(await verifyPassword(users, user, pw), want, `${user}/${pw}`);
});

test('verifyPassword accepts what `htpasswd -B` writes', async (t) => {
  if (!requireTool(t, 'htpasswd', 'apache2-utils')) return;
  const line = execFileSync('htpasswd', ['-Bbn', 'carol', 'c0rrect horse'], { encoding: 'utf8' });
  const users = parseHtpasswd(line);
  assert.equal(await verifyPassword(users, 'carol', 'c0rrect horse'), true);
  assert.equal(await verifyPassword(users, 'carol', 'c0rrect horsE'), false);
});

test('parseBasic decodes Basic credentials and ignores anything else', () => {
  const b = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
  const cases: [string | undefined, { user: string; password: string } | undefined][] = [
    [b('alice:pw:with:colons'), { user: 'alice', password: 'pw:with:colons' }],
    [b('bob:'), { user: 'bob', password: '' }],
    [b('nocolon'), undefined],
    ['Bearer abc.def', undefined],
    [undefined, undefined],
  ];
  for (const [header, want] of cases) assert.deepEqual(parseBasic(header), want, String(header));
});
