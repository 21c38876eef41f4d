/**
 * `npm run quickstart`: deckhand's main job end to end, offline, on one machine (issue 6). Starts
 * `deckhand registry serve` on a free loopback port, runs playbooks/quickstart.yaml against it, stops
 * the registry and explains what happened. Exit status: the playbook run's (0 when all went well).
 *   npm run quickstart [-- --keep]     # --keep leaves the temporary directory for you to look at
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LayoutStore, type StoreEntry } from '../src/store/index.js';

const ROOT = repoRoot();
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const PLAYBOOK = join(ROOT, 'playbooks', 'quickstart.yaml');
const say = (text = ''): void => void process.stdout.write(`${text}\n`);

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the quickstart script');
    dir = up;
  }
  return dir;
}

/** startRegistry runs `deckhand registry serve` and resolves with its URL from the first line it prints. */
function startRegistry(imagesDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [CLI, 'registry', 'serve', '--images-dir', imagesDir, '--listen', '127.0.0.1:0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the registry did not start within 20 s: ${stderr}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the registry exited (${code}) before it was ready: ${stderr.trim()}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening on (\S+)$/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, url: m[1] });
    });
  });
}

/** stop sends SIGTERM (the server drops unfinished uploads and exits) and waits, SIGKILL after 10 s. */
function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

function runPlaybook(registry: string, workdir: string): Promise<number> {
  const args = [CLI, 'run', PLAYBOOK, '-e', `registry=${registry}`, '-e', `workdir=${workdir}`];
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1))));
}

async function contents(dir: string): Promise<StoreEntry[]> {
  try {
    return await (await LayoutStore.open(dir)).list();
  } catch {
    return [];
  }
}

function describe(entries: StoreEntry[]): string[] {
  if (entries.length === 0) return ['      (nothing)'];
  return entries.map((e) => {
    const platforms = e.platforms.map((p) => `${p.os}/${p.architecture}`).join(', ');
    return `      ${e.reference}  (${platforms || 'no platform'}; ${e.totalSize} bytes; ${e.digest.slice(0, 19)}…)`;
  });
}

async function main(): Promise<number> {
  const keep = process.argv.includes('--keep');
  const tmp = mkdtempSync(join(tmpdir(), 'deckhand-quickstart-'));
  const registryDir = join(tmp, 'registry');
  const workdir = join(tmp, 'work');
  // Ctrl-C reaches the children too (same process group); we stay to stop the registry and clean up.
  process.on('SIGINT', () => undefined);

  say('deckhand quickstart');
  say('===================');
  say("deckhand's main job is getting container images into a cluster that has no internet access.");
  say('This run shows that whole path on this machine alone: nothing is downloaded, nothing to set up.');
  say(`Everything it writes goes under ${tmp}.`);
  say();
  say('[1/3] Starting a local image registry (deckhand registry serve).');
  let server: { child: ChildProcess; url: string };
  try {
    server = await startRegistry(registryDir);
  } catch (e) {
    say(`error: ${(e as Error).message}`);
    rmSync(tmp, { recursive: true, force: true });
    return 1;
  }
  const registry = new URL(server.url).host;
  say(`      It listens on ${server.url} and keeps its images in ${registryDir}.`);
  say('      On a real install it runs on the install node, and the cluster nodes pull from it.');
  say();
  say(`[2/3] Running ${relative(process.cwd(), PLAYBOOK) || PLAYBOOK} (deckhand run) against it:`);
  say('      import a tiny bundled image into an images_dir, push it to the registry,');
  say('      pull it back for two CPU architectures into a second images_dir.');
  let code: number;
  try {
    code = await runPlaybook(registry, workdir);
  } finally {
    say();
    say('[3/3] Stopping the registry.');
    await stop(server.child);
  }
  say();
  if (code === 0) {
    say('What happened');
    say('-------------');
    say(`  images_dir of the "install node" (${join(workdir, 'images')}) now holds:`);
    for (const l of describe(await contents(join(workdir, 'images')))) say(l);
    say(`  the registry at ${registry} received, under the name the playbook pushed to:`);
    for (const l of describe(await contents(registryDir))) say(l);
    say(`  the second images_dir, as a cluster node would fill it (${join(workdir, 'pulled')}):`);
    for (const l of describe(await contents(join(workdir, 'pulled')))) say(l);
    say('  The digests match at every step: the bytes arrived unchanged, for both platforms.');
    say();
    say('Next: read playbooks/quickstart.yaml (four tasks), run it again (nothing moves twice), or serve');
    say('your own images_dir:  deckhand registry serve --images-dir DIR --listen 0.0.0.0:5000');
    say();
    say('quickstart: OK');
  } else {
    say(`quickstart: the playbook failed (exit status ${code}); the messages above say where.`);
  }
  if (keep) say(`(kept ${tmp})`);
  else rmSync(tmp, { recursive: true, force: true });
  return code;
}

process.exitCode = await main();
