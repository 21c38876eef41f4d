/**
 * `npm run bench:ssh`: 20 inventory hosts × 10 tasks over SSH to one loopback sshd that the benchmark
 * starts (test/helpers/sshd.ts) and stops. deckhand runs in-process with the SSH connector at forks 5
 * and 20; when ansible-playbook is installed, Ansible runs the same playbook with pipelining at forks 5,
 * and the ratio is printed (target, issue 9: deckhand faster). Results go to bench/results/ssh-<time>.json.
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { builtinModules } from '../modules/index.js';
import { connectByVars } from '../src/connectors/ssh-connect.js';
import { runPlaybook } from '../src/engine/run-playbook.js';
import { startSshd, type TestSshd } from '../test/helpers/sshd.js';
import { ansibleRecapProblems } from './ssh-ansible-recap.js';
import { TASKS, checkRemoteFiles, writeWorkload, type Workload } from './ssh-workload.js';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const work = join(root, 'bench', 'work', `ssh-${process.pid}`);
// Unix socket paths are limited to ~108 bytes: Ansible's ControlPaths live under a short /tmp dir.
const controlDir = `/tmp/dhb-${process.pid}`;
const HOSTS = Number(process.env.BENCH_SSH_HOSTS ?? 20);
const RUNS = Number(process.env.BENCH_SSH_RUNS ?? 3);
const ANSIBLE_RUNS = Number(process.env.BENCH_SSH_ANSIBLE_RUNS ?? 3);
const ANSIBLE_TIMEOUT_S = Number(process.env.BENCH_SSH_ANSIBLE_TIMEOUT ?? 300);
const ANSIBLE_FORKS = 5;

/** Measure: one tool at one setting, median of its runs (every run kept). */
interface Measure {
  tool: string;
  forks: number;
  hostTasks: number;
  seconds: number;
  perSecond: number;
  runs: number[];
  /** sshd logins during the median run: one per host means each host's connection was reused. */
  handshakes: number;
  /** SSH sessions (commands, sftp) sshd started during the median run. */
  sessions: number;
}

/** Sample: one run's wall time and what sshd saw. */
interface Sample {
  seconds: number;
  handshakes: number;
  sessions: number;
}

/** sshdCounters reads logins and sessions from sshd's log (LogLevel VERBOSE). */
function sshdCounters(s: TestSshd): { handshakes: number; sessions: number } {
  return { handshakes: s.handshakes(), sessions: (s.log().match(/Starting session/g) ?? []).length };
}

/** since returns the counters' growth since `before`. */
function since(s: TestSshd, before: { handshakes: number; sessions: number }, seconds: number): Sample {
  const now = sshdCounters(s);
  return {
    seconds,
    handshakes: now.handshakes - before.handshakes,
    sessions: now.sessions - before.sessions,
  };
}

let runNo = 0;
/** remoteDir is a fresh directory for one run, so copy/template do the same work every run. */
async function remoteDir(): Promise<string> {
  const dir = join(work, `remote-${++runNo}`);
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o777); // the login user is not the benchmark's own user when it runs as root
  return dir;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function deckhand(w: Workload, s: TestSshd, forks: number): Promise<Measure> {
  const runs: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    const remote = await remoteDir();
    const before = sshdCounters(s);
    const t0 = performance.now();
    const report = await runPlaybook({
      playbookPath: w.deckhandPlaybook,
      inventoryPaths: [w.deckhandInventory],
      extraVars: { work: remote },
      forks,
      check: false,
      modules: builtinModules,
      connect: connectByVars({ knownHostsFile: s.knownHosts }),
    });
    const seconds = (performance.now() - t0) / 1000;
    if (report.failed)
      throw new Error(`deckhand bench run failed: ${JSON.stringify(report.recap).slice(0, 800)}`);
    const problems = await checkRemoteFiles(remote, w.hosts);
    if (problems.length) throw new Error(`deckhand left wrong files:\n${problems.slice(0, 5).join('\n')}`);
    runs.push(since(s, before, seconds));
  }
  return measure('deckhand', forks, runs);
}

function measure(tool: string, forks: number, runs: Sample[]): Measure {
  const seconds = median(runs.map((r) => r.seconds));
  const mid = runs.find((r) => r.seconds === seconds)!;
  const hostTasks = HOSTS * TASKS;
  return {
    tool,
    forks,
    hostTasks,
    seconds,
    perSecond: hostTasks / seconds,
    runs: runs.map((r) => Number(r.seconds.toFixed(3))),
    handshakes: mid.handshakes,
    sessions: mid.sessions,
  };
}

async function which(cmd: string): Promise<boolean> {
  const r = await execa('sh', ['-c', `command -v ${cmd}`], { reject: false });
  return r.exitCode === 0;
}

class AnsibleTimeout extends Error {}

/** ansiblePlaybook runs one playbook with pipelining; rejects with AnsibleTimeout past the limit. */
async function ansiblePlaybook(
  w: Workload,
  playbook: string,
  remote: string,
  opts: { tasks: boolean },
): Promise<number> {
  const t0 = performance.now();
  const r = await execa(
    'ansible-playbook',
    ['-i', w.ansibleInventory, '-f', String(ANSIBLE_FORKS), '-e', `work=${remote}`, playbook],
    {
      reject: false,
      cwd: work,
      timeout: ANSIBLE_TIMEOUT_S * 1000,
      forceKillAfterDelay: 2000,
      env: {
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_PIPELINING: 'True',
        ANSIBLE_HOST_KEY_CHECKING: 'False',
        ANSIBLE_RETRY_FILES_ENABLED: 'False',
      },
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (r.timedOut) throw new AnsibleTimeout(`ansible-playbook timed out after ${ANSIBLE_TIMEOUT_S} s`);
  // A play without tasks leaves the recap empty; only the exit code tells.
  const problems = opts.tasks ? ansibleRecapProblems(String(r.stdout), w.hosts) : [];
  if (r.exitCode !== 0 || problems.length)
    throw new Error(
      `ansible-playbook failed (${r.exitCode}): ${problems.join('; ')}\n${String(r.stdout).slice(-2000)}`,
    );
  return seconds;
}

interface AnsibleResult {
  measure?: Measure;
  /** An empty playbook over the same inventory: start-up and inventory, no connection. */
  emptySeconds?: number;
  timedOut?: string;
}

async function ansible(w: Workload, s: TestSshd): Promise<AnsibleResult> {
  const out: AnsibleResult = {};
  try {
    out.emptySeconds = await ansiblePlaybook(w, w.ansibleEmpty, await remoteDir(), { tasks: false });
    const runs: Sample[] = [];
    for (let i = 0; i < ANSIBLE_RUNS; i++) {
      const remote = await remoteDir();
      const before = sshdCounters(s);
      const seconds = await ansiblePlaybook(w, w.ansiblePlaybook, remote, { tasks: true });
      const problems = await checkRemoteFiles(remote, w.hosts);
      if (problems.length) throw new Error(`ansible left wrong files:\n${problems.slice(0, 5).join('\n')}`);
      runs.push(since(s, before, seconds));
      await closeMasters(w); // the next run pays for its connections, as deckhand's runs do
    }
    out.measure = measure('ansible', ANSIBLE_FORKS, runs);
  } catch (e) {
    if (!(e instanceof AnsibleTimeout)) throw e;
    out.timedOut = e.message;
  }
  return out;
}

/** closeMasters ends Ansible's ControlPersist masters (they would linger for 60 s). */
async function closeMasters(w: Workload): Promise<void> {
  await Promise.all(
    w.hosts.map((h) =>
      execa('ssh', ['-o', `ControlPath=${join(controlDir, h)}`, '-O', 'exit', 'bench'], { reject: false }),
    ),
  );
}

function show(m: Measure): void {
  console.log(
    `${m.tool.padEnd(9)} forks ${String(m.forks).padStart(2)}: ${HOSTS} hosts × ${TASKS} tasks: ${m.perSecond.toFixed(1).padStart(6)} host-tasks/s  (${m.seconds.toFixed(2)} s, runs ${m.runs.join(' / ')} s, ${m.handshakes} logins, ${m.sessions} sessions)`,
  );
}

async function main(): Promise<void> {
  await mkdir(work, { recursive: true });
  await mkdir(controlDir, { recursive: true, mode: 0o700 });
  const s = await startSshd();
  let w: Workload | undefined;
  try {
    // As root, log in as the helper's dedicated user (login shell /bin/sh): every SSH session starts the
    // login user's shell, and an interactive-style ~/.bashrc (here root's runs `pyenv init`, ~0.25 s)
    // would be measured instead of the tools. Both tools log in as the same user.
    const user = s.passwordUser ?? s.user;
    const target = { port: s.port, user, keyFile: s.userKey, knownHosts: s.knownHosts };
    w = await writeWorkload(work, HOSTS, target, controlDir);
    const shell = (await execa('getent', ['passwd', user], { reject: false })).stdout.split(':')[6];
    console.log(
      `sshd on 127.0.0.1:${s.port} (login user ${user}, shell ${shell ?? '?'}); ${HOSTS} inventory hosts point at it`,
    );
    const d5 = await deckhand(w, s, 5);
    show(d5);
    const d20 = await deckhand(w, s, 20);
    show(d20);

    let a: AnsibleResult = {};
    let ratio: number | undefined;
    if (await which('ansible-playbook')) {
      a = await ansible(w, s);
      if (a.emptySeconds !== undefined)
        console.log(`ansible   empty playbook (start-up + inventory): ${a.emptySeconds.toFixed(2)} s`);
      if (a.measure) {
        show(a.measure);
        ratio = d5.perSecond / a.measure.perSecond;
        console.log(
          `deckhand/ansible throughput at forks 5: ${ratio.toFixed(2)}× (target > 1: deckhand faster) ${ratio > 1 ? 'PASS' : 'MISS'}`,
        );
      } else {
        console.log(`ansible: TIMEOUT — ${a.timedOut}; no ratio`);
      }
    } else {
      console.log(
        'ansible-playbook not found: skipping the Ansible comparison (apt-get install ansible-core)',
      );
    }
    const date = new Date().toISOString();
    const out = join(root, 'bench', 'results', `ssh-${date.replace(/[:.]/g, '-')}.json`);
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const result = {
      date,
      node: process.version,
      hosts: HOSTS,
      tasks: TASKS,
      loginUser: user,
      loginShell: shell ?? null,
      load: loadavg(),
      cpus: cpus().length,
      deckhand: [d5, d20],
      ansible: a.measure ?? null,
      ansibleEmptySeconds: a.emptySeconds ?? null,
      ansibleTimedOut: a.timedOut ?? null,
      ratio: ratio ?? null,
    };
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`results: ${out}`);
  } finally {
    if (w) await closeMasters(w);
    await s.stop();
    await rm(controlDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }
}

await main();
