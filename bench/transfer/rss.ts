/**
 * Peak resident memory of a whole process tree, sampled from /proc: the root's descendants are
 * found through /proc/<pid>/task/<tid>/children and their VmHWM (each process's own peak RSS, so a
 * spike between two samples is not missed) summed, every few milliseconds.
 */
import { readdirSync, readFileSync } from 'node:fs';

function children(pid: number): number[] {
  const out: number[] = [];
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) for (const c of text.split(/\s+/)) out.push(Number(c));
    } catch {
      // The thread or process ended between the listing and the read.
    }
  }
  return out;
}

function rssBytes(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** treeRss is the summed peak RSS (VmHWM) of `root` and its live descendants. */
export function treeRss(root: number): number {
  let total = 0;
  const todo = [root];
  const seen = new Set<number>();
  while (todo.length > 0) {
    const pid = todo.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += rssBytes(pid);
    todo.push(...children(pid));
  }
  return total;
}

/** RssSampler records the peak of treeRss(root) until stopped. */
export class RssSampler {
  private peakBytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly root: number,
    intervalMs = 10,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    this.peakBytes = Math.max(this.peakBytes, treeRss(this.root));
  }

  /** stop ends sampling and returns the peak in bytes. */
  stop(): number {
    clearInterval(this.timer);
    return this.peakBytes;
  }
}
