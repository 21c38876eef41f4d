/** Plain-text (Markdown) tables of a run: the phases side by side, the ceilings and the targets. */
import type { Ceilings } from './ceilings.js';
import type { Row } from './summary.js';
import type { TargetCheck } from './targets.js';

const mb = (b: number): string => (b / 1e6).toFixed(1);

/** phaseTable renders one line per set and phase. */
export function phaseTable(rows: readonly Row[]): string {
  const head =
    '| set | phase | deckhand s | skopeo s | d/s wall | deckhand MB/s | skopeo MB/s | deckhand RSS MB | skopeo RSS MB | deckhand blob MB | skopeo blob MB | deckhand req | skopeo req |';
  const sep = `|${'---|'.repeat(13)}`;
  const lines = rows.map((r) =>
    [
      r.set,
      r.phase,
      r.deckhand.seconds.toFixed(2),
      r.skopeo.seconds.toFixed(2),
      `${r.wallRatio.toFixed(2)}×`,
      r.deckhand.mbps.toFixed(0),
      r.skopeo.mbps.toFixed(0),
      mb(r.deckhand.peakRssBytes),
      mb(r.skopeo.peakRssBytes),
      mb(r.deckhand.blobBytes),
      mb(r.skopeo.blobBytes),
      String(r.deckhand.totalRequests),
      String(r.skopeo.totalRequests),
    ].join(' | '),
  );
  return [head, sep, ...lines.map((l) => `| ${l} |`)].join('\n');
}

/** ceilingTable renders the machine's ceilings. */
export function ceilingTable(c: Ceilings): string {
  return [
    '| ceiling | MB/s |',
    '|---|---|',
    `| sha256 (node crypto) | ${c.sha256.toFixed(0)} |`,
    `| HTTP GET of the big blob into a file | ${c.httpGet.toFixed(0)} |`,
    `| disk write + fsync | ${c.diskWrite.toFixed(0)} |`,
    `| lowest | ${c.lowest} |`,
  ].join('\n');
}

/** targetTable renders PASS/MISS per target. */
export function targetTable(checks: readonly TargetCheck[]): string {
  return [
    '| target | want | got | |',
    '|---|---|---|---|',
    ...checks.map((c) => `| ${c.name} | ${c.want} | ${c.got} | ${c.pass ? 'PASS' : 'MISS'} |`),
  ].join('\n');
}
