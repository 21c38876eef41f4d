/**
 * Human output of `deckhand run`, Ansible-style: a header per play and task, a line per host per task
 * (ok / changed / skipped / failed + a short message), module progress, then the PLAY RECAP.
 */
import type { EngineEvent, RegisteredResult, RunReport } from '../engine/run-playbook.js';
import { palette, type Palette } from './color.js';
import { describeError } from './format-error.js';
import type { CliIo } from './io.js';
import { formatRecap } from './recap.js';

const WIDTH = 80;
const HIDDEN = "output hidden: 'no_log: true' was set for this task";
const STDERR_LINES = 5;

/** banner prints `TEXT ****` padded with stars to the width, as Ansible does. */
export function banner(text: string): string {
  return `${text} ${'*'.repeat(Math.max(3, WIDTH - text.length - 1))}`;
}

/** header prints `TITLE [name] ****`. */
export function header(title: string, name: string): string {
  return banner(`${title} [${name}]`);
}

/** shortValue prints a loop item compactly (strings bare, the rest as JSON, both cut at 60 chars). */
export function shortValue(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

type HostResult = Extract<EngineEvent, { type: 'host_result' }>;

/** RunPrinter renders engine events as they arrive; `recap` prints the closing summary. */
export class RunPrinter {
  private readonly p: Palette;
  private status = false;
  /** `task\0host` pairs that already printed per-item lines, so a loop's summary is not repeated. */
  private readonly itemized = new Set<string>();

  constructor(
    private readonly io: CliIo,
    private readonly opts: { check: boolean },
  ) {
    this.p = palette(io.color);
  }

  /** onEvent is the engine's `onEvent` callback. */
  readonly onEvent = (e: EngineEvent): void => {
    switch (e.type) {
      case 'play_start':
        this.line(
          `\n${this.p.bold(header('PLAY', e.play))}${this.opts.check ? this.p.dim(' (check mode)') : ''}`,
        );
        if (e.hosts.length === 0) this.line(this.p.skipped('skipping: no hosts matched'));
        break;
      case 'task_start':
        this.line(`\n${this.p.bold(header(e.handler ? 'RUNNING HANDLER' : 'TASK', e.task))}`);
        break;
      case 'host_result':
        this.hostResult(e);
        break;
      case 'module_event':
        this.moduleEvent(e.host, e.event);
        break;
      case 'play_end':
        break;
    }
  };

  /** recap prints the PLAY RECAP from the final report. */
  recap(report: RunReport): void {
    this.line(`\n${this.p.bold(banner('PLAY RECAP'))}`);
    this.line(formatRecap(report.recap, this.p));
  }

  private hostResult(e: HostResult): void {
    const key = `${e.task}\0${e.host}`;
    const r = e.result;
    if (e.item !== undefined) this.itemized.add(key);
    else if (r.results && this.itemized.has(key)) {
      // Per-item lines were printed; only a failing loop needs its summary line.
      this.itemized.delete(key);
      if (e.status !== 'failed') return;
    }
    const label = e.status === 'skipped' ? 'skipped' : e.status;
    const color =
      e.status === 'ok'
        ? this.p.ok
        : e.status === 'changed'
          ? this.p.changed
          : e.status === 'skipped'
            ? this.p.skipped
            : this.p.failed;
    let text = `${label}: [${e.host}]`;
    if (e.item !== undefined) text += ` => (item=${e.noLog ? 'hidden' : shortValue(e.item)})`;
    const msg = this.message(e);
    if (msg.length && !msg[0]!.includes('\n')) text += ` => ${msg.shift()}`;
    this.line(color(text));
    for (const m of msg) this.line(color(indent(m)));
    if (e.ignored && e.status === 'failed') this.line(this.p.skipped('...ignoring'));
  }

  /** message picks what to show beside a result: the engine's error, the module's msg, a failing command's stderr. */
  private message(e: HostResult): string[] {
    if (e.noLog) return e.status === 'failed' ? [HIDDEN] : [];
    const r = e.result;
    if (e.error) return describeError(e.error).split('\n');
    const out: string[] = [];
    const msg = r.msg ?? (e.status === 'failed' && r.results ? failedItems(r.results) : undefined);
    if (msg) out.push(msg);
    if (e.status === 'failed' && r.stderr && r.stderr.includes('\n')) {
      out.push(r.stderr.split('\n').slice(-STDERR_LINES).join('\n'));
    }
    return out;
  }

  private moduleEvent(host: string, ev: { type: string; [k: string]: unknown }): void {
    const text = `  [${host}] ${describe(ev)}`;
    if (ev.type === 'progress' && this.io.tty) {
      // On a terminal progress redraws one status line; any other output clears it first.
      this.io.out(`\r\x1b[K${this.p.dim(text.slice(0, (process.stdout.columns || WIDTH) - 1))}`);
      this.status = true;
      return;
    }
    this.line(this.p.dim(text));
  }

  private line(text: string): void {
    if (this.status) {
      this.io.out('\r\x1b[K');
      this.status = false;
    }
    this.io.out(`${text}\n`);
  }
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function failedItems(results: RegisteredResult[]): string {
  const n = results.filter((r) => r.failed).length;
  return `${n} of ${results.length} items failed`;
}

/** describe renders a module event: its message, plus `current/total` when the module reports counts. */
export function describe(ev: { type: string; [k: string]: unknown }): string {
  const base =
    typeof ev.message === 'string'
      ? ev.message
      : typeof ev.msg === 'string'
        ? ev.msg
        : JSON.stringify({ ...ev, type: undefined });
  const { current, total } = ev;
  return typeof current === 'number' && typeof total === 'number' ? `${base} (${current}/${total})` : base;
}
