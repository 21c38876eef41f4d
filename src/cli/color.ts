/** ANSI colours for the run output; a no-op palette when colour is off. */

/** Palette maps a role to a function that wraps text in its colour. */
export interface Palette {
  ok(s: string): string;
  changed(s: string): string;
  failed(s: string): string;
  skipped(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
const plain = (s: string) => s;

/** palette returns Ansible's colours (green ok, yellow changed, red failed, cyan skipped) or none. */
export function palette(color: boolean): Palette {
  if (!color) return { ok: plain, changed: plain, failed: plain, skipped: plain, dim: plain, bold: plain };
  return {
    ok: wrap('32'),
    changed: wrap('33'),
    failed: wrap('31'),
    skipped: wrap('36'),
    dim: wrap('2'),
    bold: wrap('1'),
  };
}
