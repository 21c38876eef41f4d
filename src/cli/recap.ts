/** The PLAY RECAP table printed at the end of a run. */
import type { HostRecap } from '../engine/run-playbook.js';
import type { Palette } from './color.js';

const COUNTERS: (keyof HostRecap)[] = [
  'ok',
  'changed',
  'unreachable',
  'failed',
  'skipped',
  'rescued',
  'ignored',
];

/** formatRecap prints one line per host (`host : ok=3 changed=1 …`), counters coloured when non-zero. */
export function formatRecap(recap: Record<string, HostRecap>, p: Palette): string {
  const hosts = Object.keys(recap);
  if (hosts.length === 0) return 'no hosts ran';
  const width = Math.max(26, ...hosts.map((h) => h.length + 1));
  return hosts
    .map((host) => {
      const r = recap[host]!;
      const hostColor = r.failed || r.unreachable ? p.failed : r.changed ? p.changed : p.ok;
      const cells = COUNTERS.map((k) => {
        const cell = k === 'ignored' ? `${k}=${r[k]}` : `${k}=${String(r[k]).padEnd(4)}`;
        if (r[k] === 0) return cell;
        const c =
          k === 'ok'
            ? p.ok
            : k === 'changed'
              ? p.changed
              : k === 'failed' || k === 'unreachable'
                ? p.failed
                : p.skipped;
        return c(cell);
      });
      return `${hostColor(host.padEnd(width))}: ${cells.join(' ')}`;
    })
    .join('\n');
}
