/** Reads ansible-playbook's PLAY RECAP so the SSH benchmark counts only runs where every host did every task. */

/** RecapLine: one host's counters from PLAY RECAP. */
export interface RecapLine {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
}

/** parseAnsibleRecap returns each host's counters from the PLAY RECAP section of `stdout`. */
export function parseAnsibleRecap(stdout: string): Map<string, RecapLine> {
  const out = new Map<string, RecapLine>();
  const at = stdout.lastIndexOf('PLAY RECAP');
  if (at < 0) return out;
  for (const line of stdout.slice(at).split('\n')) {
    const m = /^(\S+)\s+:\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const n = (key: string) => Number(new RegExp(`\\b${key}=(\\d+)`).exec(m[2]!)?.[1] ?? NaN);
    out.set(m[1]!, {
      ok: n('ok'),
      changed: n('changed'),
      unreachable: n('unreachable'),
      failed: n('failed'),
      skipped: n('skipped'),
    });
  }
  return out;
}

/** ansibleRecapProblems lists hosts missing from the recap or with failed/unreachable tasks. */
export function ansibleRecapProblems(stdout: string, hosts: readonly string[]): string[] {
  const recap = parseAnsibleRecap(stdout);
  const problems: string[] = [];
  for (const h of hosts) {
    const r = recap.get(h);
    if (!r) problems.push(`${h}: not in PLAY RECAP`);
    else if (r.failed || r.unreachable)
      problems.push(`${h}: failed=${r.failed} unreachable=${r.unreachable}`);
  }
  return problems;
}
