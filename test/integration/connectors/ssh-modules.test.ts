/** The setup and fetch modules over a real SSH connection (three inventory hosts, one sshd). */
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { hostname, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { keySettings, sshdFor, stopSharedSshd } from '../../helpers/sshd.js';
import { sshConnector } from '../../../src/connectors/ssh.js';
import type { Connector, ModuleContext, ModuleEvent } from '../../../src/module.js';
import { setupModule } from '../../../modules/setup/index.js';
import { fetchModule, type FetchArgs } from '../../../modules/fetch/index.js';

after(stopSharedSshd);

/** context builds the ModuleContext the engine would hand a module (no templating needed here). */
function context(connector: Connector, playbookDir: string, check = false): ModuleContext {
  const events: ModuleEvent[] = [];
  return {
    host: connector.host,
    vars: {},
    connector,
    check,
    playbookDir,
    signal: new AbortController().signal,
    task: { name: 'test' },
    render: (s) => s,
    renderString: (s) => s,
    emit: (e) => events.push(e),
  };
}

async function hosts(t: TestContext, n: number): Promise<Connector[] | undefined> {
  const s = await sshdFor(t);
  if (!s) return undefined;
  const names = Array.from({ length: n }, (_, i) => `node${i + 1}`);
  const conns = await Promise.all(
    names.map((h) => sshConnector(h, keySettings(s), { knownHostsFile: s.knownHosts })),
  );
  t.after(() => Promise.all(conns.map((c) => c.close())));
  return conns;
}

const NODE_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };

test('setup gathers facts over ssh, stored as facts.* for later tasks', async (t) => {
  const conns = await hosts(t, 3);
  if (!conns) return;
  for (const conn of conns) {
    const r = await setupModule.run({}, context(conn, '/'));
    assert.equal(r.changed, false);
    const facts = (r.facts as { facts: Record<string, unknown> }).facts;
    assert.equal(facts.os, 'linux');
    assert.equal(facts.arch, NODE_ARCH[process.arch] ?? process.arch);
    assert.equal(facts.platform, `linux/${facts.arch}${facts.variant ? `/${facts.variant}` : ''}`);
    assert.equal(facts.nodename, hostname()); // the sshd runs on this machine
    assert.equal(facts.kernel, release());
    assert.ok(Number.isInteger(facts.cpus) && (facts.cpus as number) >= 1);
    assert.equal(facts.memory_mb, Math.floor(totalmem() / 1048576));
    assert.deepEqual(r.data, facts);
  }
});

test('fetch: per-host layout, changed only when content differs, flat, check mode, missing files', async (t) => {
  const conns = await hosts(t, 3);
  if (!conns) return;
  const local = await mkdtemp(join(tmpdir(), 'fetch-'));
  const remote = (await conns[0]!.exec({ argv: ['mktemp', '-d'] })).stdout.trim();
  t.after(async () => {
    await rm(local, { recursive: true, force: true });
  });
  try {
    const src = `${remote}/app.conf`;
    await conns[0]!.writeFile(src, Buffer.from('v1\n'));
    const run = (conn: Connector, args: FetchArgs, check = false) =>
      fetchModule.run(args, context(conn, local, check));

    // Relative dest resolves against the playbook directory; each host gets its own tree.
    for (const conn of conns) {
      const r = await run(conn, { src, dest: 'out' });
      assert.equal(r.changed, true, conn.host);
      const want = join(local, 'out', conn.host, src);
      assert.equal((r.data as { dest: string }).dest, want);
      assert.equal(await readFile(want, 'utf8'), 'v1\n');
    }
    assert.equal((await run(conns[0]!, { src, dest: 'out' })).changed, false, 'same content: unchanged');

    await conns[0]!.writeFile(src, Buffer.from('v2\n'));
    const dry = await run(conns[0]!, { src, dest: 'out' }, true);
    assert.equal(dry.changed, true);
    assert.equal(
      await readFile(join(local, 'out', 'node1', src), 'utf8'),
      'v1\n',
      'check mode writes nothing',
    );
    const real = await run(conns[0]!, { src, dest: 'out' });
    assert.equal(real.changed, true);
    assert.match(String((real.data as { checksum: string }).checksum), /^sha256:[0-9a-f]{64}$/);
    assert.equal(await readFile(join(local, 'out', 'node1', src), 'utf8'), 'v2\n');

    const flat = await run(conns[0]!, { src, dest: `${local}/flat/`, flat: true });
    assert.equal((flat.data as { dest: string }).dest, join(local, 'flat', 'app.conf'));
    const named = await run(conns[0]!, { src, dest: 'flat/renamed.conf', flat: true });
    assert.equal(await readFile(join(local, 'flat', 'renamed.conf'), 'utf8'), 'v2\n');
    assert.equal(named.changed, true);
    assert.ok((await stat(join(local, 'flat'))).isDirectory());

    const missing = await run(conns[0]!, { src: `${remote}/nope`, dest: 'out' });
    assert.equal(missing.failed, true);
    const tolerated = await run(conns[0]!, { src: `${remote}/nope`, dest: 'out', fail_on_missing: false });
    assert.equal(tolerated.failed, undefined);
    assert.equal(tolerated.changed, false);
    await assert.rejects(run(conns[0]!, { src: remote, dest: 'out' }), { code: 'E_MODULE' });
  } finally {
    await conns[0]!.exec({ argv: ['rm', '-rf', remote] });
  }
});
