/**
 * `npm run bench:engine`: deckhand's engine throughput (host-tasks per second) at 50 and 500 local
 * hosts × 20 tasks, in-process; and, when ansible-playbook is installed, Ansible's on the same
 * workload, with the ratio. Targets (issue 2): ≥ 20× Ansible, and 500-host throughput ≥ half the
 * 50-host one (cost linear in hosts). Results go to bench/results/engine-<date>.json.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { builtinModules } from '../modules/index.js';
import { runPlaybook } from '../src/engine/run-playbook.js';
import { TASKS, writeWorkload } from './engine-workload.js';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const work = join(root, 'bench', 'work', `engine-${process.pid}`);
const FORKS = 5;

interface Measure {
  hosts: number;
  hostTasks: number;
  seconds: number;
  perSecond: number;
}

async function deckhand(hosts: number): Promise<Measure> {
  const w = await writeWorkload(join(work, `d${hosts}`), hosts);
  const once = async () => {
    const t0 = performance.now();
    const report = await runPlaybook({
      playbookPath: w.deckhandPlaybook,
      inventoryPaths: [w.inventory],
      extraVars: {},
      forks: FORKS,
      check: false,
      modules: builtinModules,
    });
    const seconds = (performance.now() - t0) / 1000;
    if (report.failed)
      throw new Error(`deckhand bench run failed: ${JSON.stringify(report.recap).slice(0, 500)}`);
    return seconds;
  };
  await once(); // warm-up: JIT and template cache, as a long run would have them
  const runs = [await once(), await once(), await once()].sort((a, b) => a - b);
  const seconds = runs[1]!; // the median of three
  const hostTasks = hosts * TASKS;
  return { hosts, hostTasks, seconds, perSecond: hostTasks / seconds };
}

async function which(cmd: string): Promise<boolean> {
  const r = await execa('sh', ['-c', `command -v ${cmd}`], { reject: false });
  return r.exitCode === 0;
}

async function ansible(hosts: number): Promise<Measure> {
  const w = await writeWorkload(join(work, `a${hosts}`), hosts);
  const t0 = performance.now();
  const r = await execa('ansible-playbook', ['-i', w.inventory, '-f', String(FORKS), w.ansiblePlaybook], {
    reject: false,
    env: { ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_RETRY_FILES_ENABLED: 'False' },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.exitCode !== 0)
    throw new Error(`ansible-playbook failed (${r.exitCode}):\n${String(r.stdout).slice(-2000)}`);
  const hostTasks = hosts * TASKS;
  return { hosts, hostTasks, seconds, perSecond: hostTasks / seconds };
}

function show(label: string, m: Measure): void {
  console.log(
    `${label.padEnd(10)} ${String(m.hosts).padStart(4)} hosts × ${TASKS} tasks: ${m.perSecond.toFixed(0).padStart(7)} host-tasks/s  (${m.seconds.toFixed(2)} s)`,
  );
}

async function main(): Promise<void> {
  await mkdir(work, { recursive: true });
  try {
    const d50 = await deckhand(50);
    show('deckhand', d50);
    const d500 = await deckhand(500);
    show('deckhand', d500);
    const scaling = d500.perSecond / d50.perSecond;
    console.log(`500/50 throughput ratio: ${scaling.toFixed(2)} (target ≥ 0.5: cost linear in hosts)`);

    let a: Measure | undefined;
    let ratio: number | undefined;
    if (await which('ansible-playbook')) {
      const hosts = Number(process.env.BENCH_ANSIBLE_HOSTS ?? 50);
      a = await ansible(hosts);
      show('ansible', a);
      ratio = d50.perSecond / a.perSecond;
      console.log(`deckhand/ansible throughput: ${ratio.toFixed(1)}× (target ≥ 20×)`);
    } else {
      console.log(
        'ansible-playbook not found: skipping the Ansible comparison (apt-get install ansible-core)',
      );
    }
    const date = new Date().toISOString();
    const out = join(root, 'bench', 'results', `engine-${date.slice(0, 10)}.json`);
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const result = {
      date,
      node: process.version,
      forks: FORKS,
      tasks: TASKS,
      deckhand: [d50, d500],
      scaling,
      ansible: a ?? null,
      ratio: ratio ?? null,
    };
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`results: ${out}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
