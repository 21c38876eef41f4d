/**
 * Progress of image copies on the command line: on a terminal, one bar per image in flight plus a
 * total, redrawn in place; elsewhere (CI logs, pipes) one plain line per finished image.
 */
import { formatBytes } from '../../modules/image/result.js';
import type { CopyEvent } from '../copy/index.js';
import { palette, type Palette } from './color.js';
import type { CliIo } from './io.js';

const BAR = 24;
const REDRAW_MS = 100;

interface InFlight {
  done: number;
  total: number;
  blobs: Map<string, { done: number; total: number }>;
}

/** bytes prints a byte count for people (`1.5 MiB`), as the image module's results do. */
export const bytes = formatBytes;

/** bar draws `[#####-----]` for done/total. */
export function bar(done: number, total: number, width = BAR): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** CopyProgress renders copy events for `total` images; call `finish()` before printing anything else. */
export class CopyProgress {
  private readonly p: Palette;
  private readonly inFlight = new Map<string, InFlight>();
  private finished = 0;
  private moved = 0;
  private drawn = 0;
  private lastDraw = 0;

  constructor(
    private readonly io: CliIo,
    private readonly total: number,
    private readonly opts: { quiet?: boolean; verb?: string } = {},
  ) {
    this.p = palette(io.color);
  }

  /** onEvent is the copy engine's `onEvent`. */
  readonly onEvent = (e: CopyEvent): void => {
    if (this.opts.quiet) return;
    if (e.type === 'warning') return this.line(this.p.changed(`warning: ${e.image}: ${e.message}`));
    if (e.type === 'blob') return this.blob(e);
    if (e.status === 'started') {
      this.inFlight.set(e.image, { done: 0, total: 0, blobs: new Map() });
      return this.draw(false);
    }
    this.inFlight.delete(e.image);
    this.finished++;
    const r = e.result;
    const label =
      e.status === 'failed'
        ? this.p.failed('failed ')
        : e.status === 'done'
          ? this.p.ok('done   ')
          : this.p.skipped('skipped');
    const tail =
      e.status === 'failed'
        ? withoutPrefix(e.error.message, `${e.image}: `)
        : `${r.digest.slice(0, 19)}  ${bytes(r.bytesTransferred)} transferred, ${bytes(r.bytesSkipped)} present`;
    this.line(`${label} ${e.image}  ${tail}`);
  };

  private blob(e: Extract<CopyEvent, { type: 'blob' }>): void {
    const img = this.inFlight.get(e.image);
    if (!img) return;
    const prev = img.blobs.get(e.digest) ?? { done: 0, total: 0 };
    const done = e.status === 'progress' || e.status === 'done' || e.status === 'started' ? e.done : e.total;
    img.done += done - prev.done;
    img.total += e.total - prev.total;
    if (e.status === 'progress' || e.status === 'done') this.moved += done - prev.done;
    img.blobs.set(e.digest, { done, total: e.total });
    this.draw(false);
  }

  /** line prints a permanent line (above the bars on a terminal). */
  private line(text: string): void {
    this.clear();
    this.io.out(`${text}\n`);
    this.draw(true);
  }

  private clear(): void {
    if (this.drawn > 0) this.io.out(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private draw(force: boolean): void {
    if (!this.io.tty) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.clear();
    const cols = (process.stdout.columns || 80) - 1;
    const lines = [...this.inFlight].map(([name, f]) =>
      `${bar(f.done, f.total)} ${bytes(f.done).padStart(10)}  ${name}`.slice(0, cols),
    );
    if (lines.length === 0 && this.finished === this.total) return;
    lines.push(
      this.p
        .bold(
          `${this.opts.verb ?? 'copy'}: ${this.finished}/${this.total} images, ${bytes(this.moved)} transferred`,
        )
        .slice(0, cols + 20),
    );
    this.io.out(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  /** finish removes the bars so the summary prints below the per-image lines. */
  finish(): void {
    this.clear();
  }
}

/** withoutPrefix drops `prefix` from `text`: the line already starts with the image's name. */
function withoutPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}
