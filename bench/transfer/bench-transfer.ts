/**
 * The transfer benchmark (issue 7): seeds the sets into a plain-HTTP docker-registry, then per set
 * and run pulls from it and pushes to a fresh TLS + htpasswd registry, deckhand and skopeo
 * alternating, and prints medians, ratios, ceilings and targets; JSON goes to bench/results/.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { copyImages } from '../../src/copy/index.js';
import { closeAllClients, openRepository } from '../../src/registry/index.js';
import { LayoutStore } from '../../src/store/index.js';
import {
  diskWriteThroughput,
  httpGetThroughput,
  lowestOf,
  sha256Throughput,
  type Ceilings,
} from './ceilings.js';
import { runPhases } from './phases.js';
import { startBenchRegistry, type BenchRegistry } from './registry.js';
import { ensureSeedLayout, readSeedInfo, seedRef, type SeedInfo } from './seed-layout.js';
import { selectSets, type SetSpec } from './sets.js';
import { rowsOf, type Row, type ToolRuns } from './summary.js';
import { ceilingTable, phaseTable, targetTable } from './table.js';
import { checkTargets } from './targets.js';
import { deckhandTool, ROOT, skopeoTool, type Tool } from './tools.js';

async function seedRegistry(seed: string, reg: BenchRegistry, sets: readonly SetSpec[]): Promise<void> {
  const store = await LayoutStore.open(seed);
  const jobs = sets.flatMap((s) =>
    s.images.map((i) => ({
      src: store,
      srcRef: seedRef(i),
      dst: openRepository(`${reg.host}/${i.repository}`, { plainHttp: true }),
      dstRef: i.tag,
    })),
  );
  const results = await copyImages(jobs);
  await closeAllClients();
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0) throw new Error(`seeding failed: ${failed.map((f) => f.error?.message).join('; ')}`);
}

async function ceilings(
  work: string,
  src: BenchRegistry,
  info: SeedInfo,
  sets: readonly SetSpec[],
): Promise<Ceilings> {
  const set =
    sets.find((s) => s.name === 'big') ?? sets.reduce((a, b) => (info.volume(b) > info.volume(a) ? b : a));
  const blob = info.largest(set);
  const url = `${src.url}/v2/${blob.repository}/blobs/${blob.digest}`;
  await httpGetThroughput(url, join(work, 'ceiling-get')); // warm-up: the registry's page cache
  return lowestOf({
    sha256: sha256Throughput(),
    httpGet: await httpGetThroughput(url, join(work, 'ceiling-get')),
    diskWrite: await diskWriteThroughput(join(work, 'ceiling-disk')),
  });
}

async function runSet(
  set: SetSpec,
  runs: number,
  work: string,
  src: BenchRegistry,
  info: SeedInfo,
  tools: Tool[],
) {
  const byTool = new Map<string, ToolRuns>(tools.map((t) => [t.name, { tool: t.name, runs: [] }]));
  for (let run = 0; run < runs; run++) {
    // A fresh push registry per run: skopeo's blob-info cache must not turn pushes into mounts.
    const dst = await startBenchRegistry(join(work, `dst-${set.name}-${run}`), true);
    try {
      const order = run % 2 === 0 ? tools : [...tools].reverse();
      for (const tool of order) {
        const scratch = join(work, `${set.name}-${run}-${tool.name}`);
        await mkdir(scratch, { recursive: true });
        const plan = {
          set,
          src,
          dst,
          imagesDir: join(scratch, 'images'),
          destPrefix: `${dst.host}/pushed/${tool.name}`,
          scratch,
        };
        const phases = await runPhases(tool, plan, info.sizes);
        byTool.get(tool.name)!.runs.push(phases);
        const brief = phases.map((p) => `${p.phase} ${p.seconds.toFixed(2)}s`).join(', ');
        console.log(`  ${set.name} run ${run + 1}/${runs} ${tool.name.padEnd(8)} ${brief}`);
        await rm(scratch, { recursive: true, force: true });
      }
    } finally {
      await dst.stop();
      await rm(join(work, `dst-${set.name}-${run}`), { recursive: true, force: true });
    }
  }
  const deckhand = byTool.get('deckhand')!;
  const skopeo = byTool.get('skopeo')!;
  return {
    rows: rowsOf(set.name, info.volume(set), deckhand, skopeo),
    raw: { deckhand: deckhand.runs, skopeo: skopeo.runs },
  };
}

function machine(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim(),
    registry: execFileSync('/usr/bin/docker-registry', ['--version'], { encoding: 'utf8' }).trim(),
  };
}

/** benchTransfer runs the benchmark with BENCH_SETS / BENCH_RUNS; returns true when every target passed. */
export async function benchTransfer(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const sets = selectSets(env.BENCH_SETS);
  const runs = Math.max(1, Number(env.BENCH_RUNS ?? 3) || 3);
  const skopeoVersion = execFileSync('skopeo', ['--version'], { encoding: 'utf8' }).trim();
  const tools = [deckhandTool(env.BENCH_DECKHAND), skopeoTool(skopeoVersion)];
  const work = join(ROOT, 'bench', 'work', `transfer-${process.pid}`);
  await mkdir(work, { recursive: true });
  const started = new Date();
  let src: BenchRegistry | undefined;
  try {
    console.log(
      `transfer bench: sets ${sets.map((s) => s.name).join(',')}, ${runs} run(s), deckhand via ${tools[0]!.variant}`,
    );
    const seed = await ensureSeedLayout(join(ROOT, 'bench', 'work', 'transfer-seed'), sets);
    const info = await readSeedInfo(seed);
    src = await startBenchRegistry(join(work, 'src'), false);
    await seedRegistry(seed, src, sets);
    execFileSync('sync'); // the seeding's writes must not land in the first measurements
    const ceil = await ceilings(work, src, info, sets);
    console.log(`\n${ceilingTable(ceil)}\n`);
    const rows: Row[] = [];
    const raw: Record<string, unknown> = {};
    for (const set of sets) {
      const r = await runSet(set, runs, work, src, info, tools);
      rows.push(...r.rows);
      raw[set.name] = r.raw;
    }
    const checks = checkTargets(rows, ceil);
    console.log(`\n${phaseTable(rows)}\n\n${targetTable(checks)}\n`);
    const results = join(ROOT, 'bench', 'results');
    await mkdir(results, { recursive: true });
    const file = join(results, `transfer-${started.toISOString().replace(/[:.]/g, '-')}.json`);
    const doc = {
      started: started.toISOString(),
      machine: machine(),
      runs,
      deckhand: tools[0]!.variant,
      skopeo: skopeoVersion,
      ceilings: ceil,
      rows,
      targets: checks,
      raw,
    };
    await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`results: ${file}`);
    return checks.every((c) => c.pass);
  } finally {
    await src?.stop();
    await rm(work, { recursive: true, force: true });
  }
}
