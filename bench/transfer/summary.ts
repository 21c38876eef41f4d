/** Medians over runs, per set, tool and phase; and the deckhand/skopeo comparison of each phase. */
import { PHASES, type Phase, type PhaseResult } from './phases.js';

/** All runs of one tool on one set. */
export interface ToolRuns {
  tool: 'deckhand' | 'skopeo';
  runs: PhaseResult[][];
}

/** The summary of one phase for one tool. */
export interface PhaseStats {
  seconds: number;
  /** Set volume / median wall time (MB/s, 10^6 bytes). */
  mbps: number;
  /** Highest peak over the runs (the target is about every run). */
  peakRssBytes: number;
  blobBytes: number;
  /** The highest blob byte count over runs (re-phases must be 0 in every run). */
  maxBlobBytes: number;
  totalRequests: number;
  requests: Record<string, number>;
}

/** median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** phaseStats summarises one tool's runs of `phase`; `volume` is the set's blob bytes. */
export function phaseStats(runs: readonly PhaseResult[][], phase: Phase, volume: number): PhaseStats {
  const rs = runs.map((r) => r.find((p) => p.phase === phase)!);
  const seconds = median(rs.map((r) => r.seconds));
  const mid = rs.find((r) => r.seconds === seconds) ?? rs[0]!;
  return {
    seconds,
    mbps: volume / 1e6 / seconds,
    peakRssBytes: Math.max(...rs.map((r) => r.peakRssBytes)),
    blobBytes: median(rs.map((r) => r.blobBytes)),
    maxBlobBytes: Math.max(...rs.map((r) => r.blobBytes)),
    totalRequests: median(rs.map((r) => r.totalRequests)),
    requests: mid.requests,
  };
}

/** One row of the table: a set and phase, both tools, and deckhand/skopeo wall-time ratio. */
export interface Row {
  set: string;
  phase: Phase;
  deckhand: PhaseStats;
  skopeo: PhaseStats;
  /** deckhand wall time / skopeo wall time (below 1: deckhand is faster). */
  wallRatio: number;
  /** deckhand throughput / skopeo throughput (above 1: deckhand is faster). */
  throughputRatio: number;
}

/** rowsOf builds the four rows of a set. */
export function rowsOf(set: string, volume: number, deckhand: ToolRuns, skopeo: ToolRuns): Row[] {
  return PHASES.map((phase) => {
    const d = phaseStats(deckhand.runs, phase, volume);
    const s = phaseStats(skopeo.runs, phase, volume);
    return {
      set,
      phase,
      deckhand: d,
      skopeo: s,
      wallRatio: d.seconds / s.seconds,
      throughputRatio: s.seconds / d.seconds,
    };
  });
}
