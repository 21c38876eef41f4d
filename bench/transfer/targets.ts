/** The targets of issue 7, checked against a run's rows and ceilings: PASS or MISS each. */
import type { Ceilings } from './ceilings.js';
import type { Row } from './summary.js';

/** One checked target. */
export interface TargetCheck {
  name: string;
  want: string;
  got: string;
  pass: boolean;
}

/** Peak RSS limit of every deckhand phase (issue 7: 120 MB). */
export const RSS_LIMIT_BYTES = 120e6;

function row(rows: readonly Row[], set: string, phase: Row['phase']): Row | undefined {
  return rows.find((r) => r.set === set && r.phase === phase);
}

/** checkTargets evaluates every target whose set was run. */
export function checkTargets(rows: readonly Row[], ceilings: Ceilings | undefined): TargetCheck[] {
  const out: TargetCheck[] = [];
  const wall = (set: string, phase: Row['phase'], max: number): void => {
    const r = row(rows, set, phase);
    if (!r) return;
    out.push({
      name: `${set} ${phase} wall time`,
      want: `≤ ${max}× skopeo`,
      got: `${r.wallRatio.toFixed(2)}×`,
      pass: r.wallRatio <= max,
    });
  };
  wall('small', 'pull', 0.5);
  wall('small', 'push', 0.5);
  wall('small', 'repull', 0.3);
  wall('small', 'repush', 0.3);
  for (const set of ['medium', 'big']) {
    for (const phase of ['pull', 'push'] as const) {
      const r = row(rows, set, phase);
      if (!r) continue;
      out.push({
        name: `${set} ${phase} throughput`,
        want: '≥ 1.3× skopeo',
        got: `${r.throughputRatio.toFixed(2)}×`,
        pass: r.throughputRatio >= 1.3,
      });
    }
  }
  const big = row(rows, 'big', 'pull');
  if (big && ceilings) {
    const lowest = ceilings[ceilings.lowest];
    const frac = big.deckhand.mbps / lowest;
    out.push({
      name: 'big pull vs ceiling',
      want: `≥ 60% of ${ceilings.lowest} (${lowest.toFixed(0)} MB/s)`,
      got: `${(frac * 100).toFixed(0)}% (${big.deckhand.mbps.toFixed(0)} MB/s)`,
      pass: frac >= 0.6,
    });
  }
  const rereads = rows.filter((r) => r.phase === 'repull' || r.phase === 'repush');
  if (rereads.length > 0) {
    const moved = rereads.filter((r) => r.deckhand.maxBlobBytes > 0);
    out.push({
      name: 're-pull/re-push blob bytes',
      want: '0 in every run',
      got:
        moved.length === 0
          ? '0'
          : moved.map((r) => `${r.set} ${r.phase}: ${r.deckhand.maxBlobBytes}`).join(', '),
      pass: moved.length === 0,
    });
  }
  if (rows.length > 0) {
    const worst = rows.reduce((a, b) => (b.deckhand.peakRssBytes > a.deckhand.peakRssBytes ? b : a));
    out.push({
      name: 'peak RSS, every phase',
      want: `≤ ${RSS_LIMIT_BYTES / 1e6} MB`,
      got: `${(worst.deckhand.peakRssBytes / 1e6).toFixed(0)} MB (${worst.set} ${worst.phase})`,
      pass: worst.deckhand.peakRssBytes <= RSS_LIMIT_BYTES,
    });
  }
  return out;
}
