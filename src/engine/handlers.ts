/**
 * Handlers: a task that changed something on a host notifies handlers by name (or `listen` topic);
 * at `meta: flush_handlers` and at the end of each batch every notified handler runs once per host,
 * in the order the handlers are defined, however often it was notified.
 */
import type { ModuleTask } from '../playbook/model.js';

/** Notifications records, per host, the handler names notified and not yet run. */
export class Notifications {
  private readonly byHost = new Map<string, Set<string>>();

  /** add records that `host` notified `names`. */
  add(host: string, names: readonly string[]): void {
    let s = this.byHost.get(host);
    if (!s) {
      s = new Set();
      this.byHost.set(host, s);
    }
    for (const n of names) s.add(n);
  }

  /** due lists the hosts among `hosts` that notified `handler` (by any of its names). */
  due(handler: ModuleTask, hosts: readonly string[]): string[] {
    const names = handler.listen ?? [handler.name];
    return hosts.filter((h) => names.some((n) => this.byHost.get(h)?.has(n)));
  }

  /** done forgets `handler`'s names for `hosts` (it ran there). */
  done(handler: ModuleTask, hosts: readonly string[]): void {
    for (const h of hosts) for (const n of handler.listen ?? [handler.name]) this.byHost.get(h)?.delete(n);
  }

  /** pending tells whether any of `hosts` has a notification left. */
  pending(hosts: readonly string[]): boolean {
    return hosts.some((h) => (this.byHost.get(h)?.size ?? 0) > 0);
  }

  /** unknown lists notified names no handler answers to (a typo in `notify`). */
  unknown(handlers: readonly ModuleTask[]): string[] {
    const known = new Set(handlers.flatMap((h) => h.listen ?? [h.name]));
    const out = new Set<string>();
    for (const s of this.byHost.values()) for (const n of s) if (!known.has(n)) out.add(n);
    return [...out];
  }
}

/**
 * flushHandlers runs every notified handler in definition order on the hosts that notified it
 * (`alive` filters out hosts that failed meanwhile). A handler may notify later handlers.
 */
export async function flushHandlers(
  handlers: readonly ModuleTask[],
  hosts: readonly string[],
  notes: Notifications,
  alive: (host: string) => boolean,
  run: (handler: ModuleTask, hosts: string[]) => Promise<void>,
): Promise<void> {
  for (const handler of handlers) {
    const due = notes.due(handler, hosts);
    notes.done(handler, due);
    const live = due.filter(alive);
    if (live.length > 0) await run(handler, live);
  }
}
