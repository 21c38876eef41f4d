/** Shapes an ExecResult into a ModuleResult the way Ansible's command/shell modules do. */
import type { ExecResult, ModuleResult } from '../../src/module.js';

/** stripEnds removes trailing newlines (Ansible's `strip_empty_ends`). */
export function stripEnds(s: string): string {
  return s.replace(/(\r?\n)+$/, '');
}

/** lastLine returns the last non-empty line of `s`, trimmed (the useful part of most stderr). */
export function lastLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]) return lines[i]!;
  return '';
}

/** execToResult reports `changed`, fails on a non-zero rc and names the rc and stderr's last line in `msg`. */
export function execToResult(
  res: ExecResult,
  cmd: string | string[],
  opts: { strip: boolean; start: Date },
): ModuleResult {
  const end = new Date();
  const stdout = opts.strip ? stripEnds(res.stdout) : res.stdout;
  const stderr = opts.strip ? stripEnds(res.stderr) : res.stderr;
  const failed = res.rc !== 0;
  const hint = lastLine(stderr);
  return {
    changed: true,
    failed,
    rc: res.rc,
    stdout,
    stderr,
    ...(failed ? { msg: `non-zero return code ${res.rc}${hint ? `: ${hint}` : ''}` } : {}),
    data: {
      cmd,
      start: opts.start.toISOString(),
      end: end.toISOString(),
      delta_ms: end.getTime() - opts.start.getTime(),
    },
  };
}
