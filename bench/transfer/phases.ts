/**
 * The four phases of one tool in one run: pull into an empty images dir, pull again (nothing new),
 * push the store to another repository path, push again (nothing new). The registry's access log
 * gives each phase's blob bytes and requests.
 */
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { countWire } from './access-log.js';
import type { BenchRegistry } from './registry.js';
import { runMeasured } from './run-process.js';
import type { PhasePlan, Tool } from './tools.js';

/** The phases, in the order they run. */
export const PHASES = ['pull', 'repull', 'push', 'repush'] as const;
/** One phase's name. */
export type Phase = (typeof PHASES)[number];

/** One measured phase. */
export interface PhaseResult {
  phase: Phase;
  seconds: number;
  peakRssBytes: number;
  /** Blob bytes that crossed the wire, counted by the registry. */
  blobBytes: number;
  /** Requests the registry saw, by `METHOD kind`. */
  requests: Record<string, number>;
  totalRequests: number;
}

async function measure(
  phase: Phase,
  argv: string[],
  registry: BenchRegistry,
  sizes: ReadonlyMap<string, number>,
): Promise<PhaseResult> {
  // Dirty pages left by the previous phase (or the seeding) would be flushed inside this phase's
  // fsyncs and charged to whichever tool runs next.
  execFileSync('sync');
  const mark = registry.log.length;
  const run = await runMeasured(argv);
  // The registry writes its access line after the response; give the pipe a moment to deliver it.
  await sleep(150);
  const wire = countWire(registry.log.slice(mark), sizes);
  return {
    phase,
    seconds: run.seconds,
    peakRssBytes: run.peakRssBytes,
    blobBytes: wire.blobBytes,
    requests: wire.requests,
    totalRequests: wire.total,
  };
}

/** runPhases runs the four phases of `tool` as planned; `sizes` maps every blob digest to its size. */
export async function runPhases(
  tool: Tool,
  plan: PhasePlan,
  sizes: ReadonlyMap<string, number>,
): Promise<PhaseResult[]> {
  const pull = await tool.pull(plan);
  const push = await tool.push(plan);
  return [
    await measure('pull', pull, plan.src, sizes),
    await measure('repull', pull, plan.src, sizes),
    await measure('push', push, plan.dst, sizes),
    await measure('repush', push, plan.dst, sizes),
  ];
}
