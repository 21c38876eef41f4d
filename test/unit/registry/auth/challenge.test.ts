/** WWW-Authenticate parsing: several challenges, quoted commas, odd casing, token68. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseChallenges,
  pickChallenge,
  challengeScopes,
  type Challenge,
} from '../../../../src/registry/auth/challenge.js';

const cases: [string, string | string[], Challenge[]][] = [
  [
    'Docker Hub bearer',
    'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
    [
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/nginx:pull',
        },
      },
    ],
  ],
  ['basic', 'Basic realm="deckhand-test"', [{ scheme: 'basic', params: { realm: 'deckhand-test' } }]],
  [
    'quoted commas stay inside the value',
    'Bearer realm="https://a/token",scope="repository:x:pull,push",error="insufficient_scope"',
    [
      {
        scheme: 'bearer',
        params: { realm: 'https://a/token', scope: 'repository:x:pull,push', error: 'insufficient_scope' },
      },
    ],
  ],
  [
    'two challenges in one header',
    'Basic realm="r1", Bearer realm="https://t/token", service="s"',
    [
      { scheme: 'basic', params: { realm: 'r1' } },
      { scheme: 'bearer', params: { realm: 'https://t/token', service: 's' } },
    ],
  ],
  [
    'two headers',
    ['Basic realm="a"', 'Bearer realm="https://b"'],
    [
      { scheme: 'basic', params: { realm: 'a' } },
      { scheme: 'bearer', params: { realm: 'https://b' } },
    ],
  ],
  [
    'odd casing',
    'BEARER Realm="https://x", SERVICE="y"',
    [{ scheme: 'bearer', params: { realm: 'https://x', service: 'y' } }],
  ],
  [
    'unquoted values and spaces around =',
    'Bearer realm = https://x/t , service = reg',
    [{ scheme: 'bearer', params: { realm: 'https://x/t', service: 'reg' } }],
  ],
  [
    'escaped quote',
    'Basic realm="say \\"hi\\", ok"',
    [{ scheme: 'basic', params: { realm: 'say "hi", ok' } }],
  ],
  ['token68', 'Negotiate abc123==', [{ scheme: 'negotiate', params: {}, token68: 'abc123==' }]],
  [
    'RFC 9110 example',
    'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"',
    [
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'basic', params: { realm: 'simple' } },
    ],
  ],
  [
    'bare schemes',
    'Basic, Bearer',
    [
      { scheme: 'basic', params: {} },
      { scheme: 'bearer', params: {} },
    ],
  ],
  ['empty', '', []],
];

for (const [name, header, want] of cases) {
  test(`parseChallenges: ${name}`, () => {
    assert.deepEqual(parseChallenges(header), want);
  });
}

test('pickChallenge prefers Bearer; challengeScopes splits on spaces', () => {
  const cs = parseChallenges(
    'Basic realm="a", Bearer realm="https://b", scope="repository:a:pull repository:b:pull"',
  );
  const c = pickChallenge(cs)!;
  assert.equal(c.scheme, 'bearer');
  assert.deepEqual(challengeScopes(c), ['repository:a:pull', 'repository:b:pull']);
  assert.equal(pickChallenge(parseChallenges('Negotiate x')), undefined);
  assert.deepEqual(parseChallenges(undefined), []);
});
