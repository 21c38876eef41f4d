/**
 * A `notify` naming no handler is a typo that would silently never run: report it before the play
 * runs, at the notify line, with a "did you mean". (A play with include_role can gain handlers at
 * run time, so its names cannot all be known and are not checked.)
 */
import { DeckhandError } from '../errors.js';
import { hintText } from './hints.js';
import { formatPath } from './load.js';
import type { Play, TaskNode } from './model.js';
import { locOf } from './positions.js';

function* tasksOf(nodes: readonly TaskNode[]): Generator<TaskNode> {
  for (const n of nodes) {
    yield n;
    if (n.kind === 'block') yield* tasksOf([...n.block, ...n.rescue, ...n.always]);
  }
}

/** notifyProblems lists every notify name of a play that no handler answers to. */
export function notifyProblems(play: Play): DeckhandError[] {
  const all = [...tasksOf(play.tasks), ...play.handlers];
  if (all.some((t) => t.kind === 'task' && t.action === 'include_role')) return [];
  const known = new Set(play.handlers.flatMap((h) => h.listen ?? [h.name]));
  const out: DeckhandError[] = [];
  for (const t of all) {
    if (t.kind !== 'task') continue;
    for (const name of t.notify ?? []) {
      if (known.has(name) || name.includes('{{')) continue;
      const path = [...t.path, 'notify'];
      const loc = locOf(t.src, path);
      const msg = `${loc.file}:${loc.line}:${loc.col}: task "${t.name}": notify: no handler is named or listens to "${name}"${hintText(name, known)}`;
      out.push(
        new DeckhandError('E_SCHEMA', msg, {
          context: { ...loc, path: formatPath(path), task: t.name, role: t.role?.name, field: 'notify' },
        }),
      );
    }
  }
  return out;
}
