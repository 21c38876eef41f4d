/** Platforms: parsing, containerd's normalisation, matching against index entries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parsePlatform,
  formatPlatform,
  normalizePlatform,
  platformMatches,
  isAllPlatforms,
} from '../../../src/oci/platform.js';
import type { Platform } from '../../../src/oci/descriptor.js';
import { DeckhandError } from '../../../src/errors.js';

const parsed: [string, string][] = [
  ['linux/amd64', 'linux/amd64'],
  ['linux/arm64', 'linux/arm64'],
  ['linux/arm64/v8', 'linux/arm64'],
  ['linux/aarch64', 'linux/arm64'],
  ['linux/x86_64', 'linux/amd64'],
  ['linux/x86-64', 'linux/amd64'],
  ['linux/amd64/v1', 'linux/amd64'],
  ['linux/amd64/v3', 'linux/amd64/v3'],
  ['linux/arm', 'linux/arm/v7'],
  ['linux/arm/7', 'linux/arm/v7'],
  ['linux/arm/v6', 'linux/arm/v6'],
  ['linux/arm/5', 'linux/arm/v5'],
  ['linux/armhf', 'linux/arm/v7'],
  ['linux/armel', 'linux/arm/v6'],
  ['linux/i386', 'linux/386'],
  ['Linux/AMD64', 'linux/amd64'],
  ['macos/arm64', 'darwin/arm64'],
  ['windows/amd64', 'windows/amd64'],
  ['linux/s390x', 'linux/s390x'],
  ['linux/ppc64le', 'linux/ppc64le'],
  ['linux/riscv64', 'linux/riscv64'],
  ['arm64', 'linux/arm64'],
  ['linux', 'linux/amd64'],
  [' linux/arm64 ', 'linux/arm64'],
];
for (const [input, want] of parsed) {
  test(`parsePlatform(${JSON.stringify(input)}) is ${want}`, () => {
    assert.equal(formatPlatform(parsePlatform(input)), want);
  });
}

const bad: [string, RegExp][] = [
  ['', /empty/],
  ['linux/', /component 2 is empty/],
  ['/amd64', /component 1 is empty/],
  ['linux/arm/v7/x', /too many/],
  ['linux/am d64', /characters/],
  ['plan10', /neither a known OS nor a known architecture/],
];
for (const [input, message] of bad) {
  test(`parsePlatform(${JSON.stringify(input)}) fails with E_PLATFORM`, () => {
    assert.throws(
      () => parsePlatform(input),
      (e: unknown) => e instanceof DeckhandError && e.code === 'E_PLATFORM' && message.test(e.message),
    );
  });
}

test('normalizePlatform keeps extra fields and drops an empty variant', () => {
  const p: Platform = { os: 'windows', architecture: 'x86_64', 'os.version': '10.0.17763.1', variant: '' };
  assert.deepEqual(normalizePlatform(p), {
    os: 'windows',
    architecture: 'amd64',
    'os.version': '10.0.17763.1',
  });
});

const matches: [string, Platform, boolean][] = [
  ['linux/arm64', { os: 'linux', architecture: 'arm64' }, true],
  ['linux/arm64', { os: 'linux', architecture: 'arm64', variant: 'v8' }, true],
  ['linux/arm64/v8', { os: 'linux', architecture: 'arm64' }, true],
  ['linux/arm64', { os: 'linux', architecture: 'amd64' }, false],
  ['linux/amd64', { os: 'windows', architecture: 'amd64' }, false],
  ['linux/arm/v7', { os: 'linux', architecture: 'arm' }, true],
  ['linux/arm', { os: 'linux', architecture: 'arm', variant: 'v7' }, true],
  ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v6' }, false],
  ['linux/amd64', { os: 'linux', architecture: 'amd64', variant: 'v3' }, false],
  ['linux/amd64', { os: 'linux', architecture: 'x86_64' }, true],
];
for (const [want, have, expected] of matches) {
  test(`platformMatches(${want}, ${JSON.stringify(have)}) is ${expected}`, () => {
    assert.equal(platformMatches(parsePlatform(want), have), expected);
  });
}

test('os.version must agree when both sides name one', () => {
  const want: Platform = { os: 'windows', architecture: 'amd64', 'os.version': '10.0.1' };
  assert.equal(platformMatches(want, { ...want }), true);
  assert.equal(platformMatches(want, { ...want, 'os.version': '10.0.2' }), false);
  assert.equal(platformMatches(want, { os: 'windows', architecture: 'amd64' }), true);
});

test('isAllPlatforms', () => {
  for (const s of [undefined, null, '', ' ', '*', 'all', 'ALL'])
    assert.equal(isAllPlatforms(s), true, String(s));
  for (const s of ['linux/amd64', 'linux']) assert.equal(isAllPlatforms(s), false, s);
});
