/** setup: OCI arch names, fact parsing, and the module over the local connector. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname, release } from 'node:os';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ociArch, ociOs } from '../../../../modules/setup/arch.js';
import { parseFacts } from '../../../../modules/setup/gather.js';
import { setupModule } from '../../../../modules/setup/index.js';
import { localConnector } from '../../../../src/connectors/local.js';
import type { ModuleContext } from '../../../../src/module.js';

const arches: Array<[string, string, string?]> = [
  ['x86_64', 'amd64'],
  ['aarch64', 'arm64'],
  ['arm64', 'arm64'],
  ['armv7l', 'arm', 'v7'],
  ['armv6l', 'arm', 'v6'],
  ['i686', '386'],
  ['ppc64le', 'ppc64le'],
  ['s390x', 's390x'],
  ['riscv64', 'riscv64'],
  ['loongarch64', 'loong64'],
  ['SPARC64', 'sparc64'],
];

for (const [machine, arch, variant] of arches) {
  test(`ociArch(${machine}) = ${arch}${variant ? `/${variant}` : ''}`, () => {
    assert.deepEqual(ociArch(machine), variant ? { arch, variant } : { arch });
  });
}

test('ociOs lowercases kernel names', () => {
  assert.equal(ociOs('Linux'), 'linux');
  assert.equal(ociOs('Darwin'), 'darwin');
  assert.equal(ociOs('MINGW64_NT-10.0'), 'windows');
});

test('parseFacts: a Raspberry Pi', () => {
  const out = [
    'kernel_name=Linux',
    'machine=armv7l',
    'kernel=6.1.0-rpi7-rpi-v7',
    'nodename=pi4.lan.example',
    'cpus=4',
    'mem_kb=3884376',
    'distribution=raspbian',
    'distribution_version=12',
  ].join('\n');
  assert.deepEqual(parseFacts(out, 'pi'), {
    os: 'linux',
    arch: 'arm',
    variant: 'v7',
    platform: 'linux/arm/v7',
    machine: 'armv7l',
    hostname: 'pi4',
    nodename: 'pi4.lan.example',
    kernel: '6.1.0-rpi7-rpi-v7',
    cpus: 4,
    memory_mb: 3793,
    distribution: 'raspbian',
    distribution_version: '12',
  });
});

test('parseFacts: macOS-style memory in bytes, no os-release', () => {
  const f = parseFacts(
    'kernel_name=Darwin\nmachine=arm64\nkernel=23.1.0\nnodename=mac\ncpus=8\nmem_bytes=17179869184\n',
    'm',
  );
  assert.equal(f.platform, 'darwin/arm64');
  assert.equal(f.memory_mb, 16384);
  assert.equal(f.distribution, undefined);
});

test('parseFacts: missing essentials are E_MODULE naming the host', () => {
  assert.throws(
    () => parseFacts('kernel_name=Linux\n', 'web9'),
    (e: { code?: string; message: string }) => {
      assert.equal(e.code, 'E_MODULE');
      assert.match(e.message, /machine.*web9/);
      return true;
    },
  );
});

test('setup over the local connector: facts of this machine under facts.*', async () => {
  const ctx = {
    connector: localConnector('localhost'),
    signal: new AbortController().signal,
  } as unknown as ModuleContext;
  const r = await setupModule.run({}, ctx);
  const facts = (r.facts as { facts: Record<string, unknown> }).facts;
  assert.equal(r.changed, false);
  assert.equal(facts.os, process.platform);
  assert.equal(facts.nodename, hostname());
  assert.equal(facts.kernel, release());
  assert.equal(
    facts.arch,
    { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch as string] ?? process.arch,
  );
});

test('setup schema: documented, takes no arguments', () => {
  const s = setupModule.schema;
  assert.equal(s.title, 'setup');
  const ajv = new Ajv2020({ strict: false });
  assert.equal(ajv.validate(s, {}), true);
  assert.equal(ajv.validate(s, { gather_subset: 'all' }), false);
});
