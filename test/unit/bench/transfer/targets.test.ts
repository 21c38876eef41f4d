import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PhaseResult } from '../../../../bench/transfer/phases.js';
import { median, rowsOf } from '../../../../bench/transfer/summary.js';
import { checkTargets } from '../../../../bench/transfer/targets.js';

function runs(seconds: Record<string, number[]>, rss = 50e6, bytes = 0): PhaseResult[][] {
  const n = seconds.pull!.length;
  return Array.from({ length: n }, (_, i) =>
    (['pull', 'repull', 'push', 'repush'] as const).map((phase) => ({
      phase,
      seconds: seconds[phase]![i]!,
      peakRssBytes: rss,
      blobBytes: phase.startsWith('re') ? bytes : 1000,
      requests: {},
      totalRequests: 1,
    })),
  );
}

test('median of odd and even lists', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
});

const cases = [
  { name: 'twice as fast passes the small wall-time targets', d: 1, s: 2.5, pass: true },
  { name: 'equal time misses them', d: 2, s: 2, pass: false },
];
for (const c of cases) {
  test(`checkTargets: ${c.name}`, () => {
    const t = { pull: [c.d], repull: [c.d * 0.5], push: [c.d], repush: [c.d * 0.5] };
    const s = { pull: [c.s], repull: [c.s], push: [c.s], repush: [c.s] };
    const rows = rowsOf('small', 1e6, { tool: 'deckhand', runs: runs(t) }, { tool: 'skopeo', runs: runs(s) });
    const checks = checkTargets(rows, undefined);
    const small = checks.filter((x) => x.name.startsWith('small'));
    assert.equal(small.length, 4);
    assert.ok(small.every((x) => x.pass === c.pass));
  });
}

test('checkTargets: RSS over 120 MB and re-pull bytes are misses; big pull is judged against the lowest ceiling', () => {
  const t = { pull: [1], repull: [1], push: [1], repush: [1] };
  const rows = rowsOf(
    'big',
    600e6,
    { tool: 'deckhand', runs: runs(t, 130e6, 7) },
    { tool: 'skopeo', runs: runs(t) },
  );
  const checks = checkTargets(rows, { sha256: 1000, httpGet: 800, diskWrite: 900, lowest: 'httpGet' });
  const by = (n: string) => checks.find((x) => x.name === n)!;
  assert.equal(by('peak RSS, every phase').pass, false);
  assert.equal(by('re-pull/re-push blob bytes').pass, false);
  assert.equal(by('big pull vs ceiling').pass, true); // 600 MB/s is 75% of 800
  const slow = checkTargets(rows, { sha256: 1200, httpGet: 2000, diskWrite: 1500, lowest: 'sha256' });
  assert.equal(slow.find((x) => x.name === 'big pull vs ceiling')!.pass, false); // 600 MB/s is 50% of 1200
});
