/**
 * Turns copy events into module events for `deckhand run`: a line per finished image and a throttled
 * `progress` status (images done, bytes moved) for long copies, which the run printer redraws in place
 * on a terminal.
 */
import type { CopyEvent } from '../../src/copy/index.js';
import type { ModuleEvent } from '../../src/module.js';
import { formatBytes } from './result.js';

/** moduleEvents returns an `onEvent` for runCopies that emits ModuleEvents for `total` images. */
export function moduleEvents(
  verb: string,
  total: number,
  emit: (e: ModuleEvent) => void,
  throttleMs = 2000,
): (e: CopyEvent) => void {
  let finished = 0;
  let bytes = 0;
  // The first status comes after a second: short copies print only their per-image lines, which is
  // all a CI log needs; long ones get a status every `throttleMs` (redrawn in place on a terminal).
  let last = Date.now() - throttleMs + 1000;
  const done = new Map<string, number>();
  return (e) => {
    if (e.type === 'warning') {
      emit({ type: 'warning', image: e.image, message: `warning: ${e.image}: ${e.message}` });
      return;
    }
    if (e.type === 'blob') {
      if (e.status !== 'progress' && e.status !== 'done') return;
      const key = `${e.image}\0${e.digest}`;
      bytes += e.done - (done.get(key) ?? 0);
      done.set(key, e.done);
      const now = Date.now();
      if (now - last < throttleMs) return;
      last = now;
      emit({ type: 'progress', message: `${verb}: ${finished}/${total} images, ${formatBytes(bytes)}` });
      return;
    }
    if (e.status === 'started') return;
    finished++;
    const r = e.result;
    const what =
      e.status === 'failed'
        ? `failed: ${e.error.message}`
        : `${e.status} ${r.digest.slice(0, 19)} ${formatBytes(r.bytesTransferred)} transferred, ${formatBytes(r.bytesSkipped)} present`;
    emit({
      type: 'image',
      image: e.image,
      status: e.status,
      message: `${e.image}: ${what}`,
      current: finished,
      total,
    });
  };
}
