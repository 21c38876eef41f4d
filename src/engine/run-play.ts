/**
 * One play, Ansible's linear strategy: every host walks its own path through the tasks (blocks,
 * rescue); the scheduler runs the earliest pending task on all hosts that are at it, up to `forks`
 * at once, then moves on. A failed host stops; the others go on. `serial` runs hosts in batches.
 */
import type { ModuleTask, Play } from '../playbook/model.js';
import type { Step, TaskEnv, TaskOutcome } from './env.js';
import { rootInherited, walk, type Feedback } from './host-iterator.js';
import { runAction } from './actions.js';
import { flushHandlers, Notifications } from './handlers.js';
import { forEachLimit } from './pool.js';
import { runTask } from './run-task.js';
import { renderString } from './template.js';
import type { TagFilter } from './tags.js';
import type { HostRecap, TaskReport } from './types.js';

/** What a play run needs besides its TaskEnv. */
export interface PlayRun {
  readonly play: Play;
  readonly hosts: readonly string[];
  readonly env: TaskEnv;
  readonly forks: number;
  readonly tags: TagFilter;
  readonly recap: Record<string, HostRecap>;
}

/** emptyRecap is a host's recap before anything ran. */
export function emptyRecap(): HostRecap {
  return { ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0, rescued: 0, ignored: 0 };
}

/** batches splits hosts by `serial` (counts, percentages, or a list of them; the last repeats). */
export function batches(
  hosts: readonly string[],
  serial: ReadonlyArray<number | string> | undefined,
): string[][] {
  if (!serial || serial.length === 0 || hosts.length === 0) return [hosts.slice()];
  const out: string[][] = [];
  let i = 0;
  let k = 0;
  while (i < hosts.length) {
    const s = serial[Math.min(k++, serial.length - 1)] as number | string;
    const n =
      typeof s === 'string' && s.endsWith('%')
        ? Math.floor((hosts.length * Number(s.slice(0, -1))) / 100)
        : Number(s);
    const size = Math.max(1, n);
    out.push(hosts.slice(i, i + size));
    i += size;
  }
  return out;
}

function count(recap: HostRecap, o: TaskOutcome): void {
  if (o.status === 'unreachable') recap.unreachable++;
  else if (o.status === 'failed') {
    if (o.ignored) recap.ignored++;
    else recap.failed++;
  } else if (o.status === 'skipped') recap.skipped++;
  else {
    recap.ok++;
    if (o.status === 'changed') recap.changed++;
  }
}

function feedback(o: TaskOutcome): Feedback {
  if (o.status === 'unreachable') return 'unreachable';
  return o.status === 'failed' && !o.ignored ? 'failed' : 'ok';
}

/** runPlay runs a play on its hosts and returns its tasks' reports (in the order they ran). */
export async function runPlay(run: PlayRun): Promise<TaskReport[]> {
  const reports = new Map<number, TaskReport>();
  for (const batch of batches(run.hosts, run.play.serial)) {
    if (run.env.signal.aborted) break;
    if (!(await runBatch(run, batch, reports))) break;
  }
  return [...reports.values()];
}

/** What a batch run shares: the per-host walks, the reports, the handlers and their notifications. */
interface BatchState {
  readonly run: PlayRun;
  readonly hosts: readonly string[];
  readonly reports: Map<number, TaskReport>;
  readonly handlers: ModuleTask[];
  readonly notes: Notifications;
  /** Hosts that failed or became unreachable in this batch. */
  readonly down: Set<string>;
}

/** runBatch runs the play on one batch; false means stop the play (interrupted, or a failure policy). */
async function runBatch(
  run: PlayRun,
  hosts: readonly string[],
  reports: Map<number, TaskReport>,
): Promise<boolean> {
  const { env, play } = run;
  const b: BatchState = {
    run,
    hosts,
    reports,
    handlers: [...play.handlers],
    notes: new Notifications(),
    down: new Set(),
  };
  const walkers = new Map<string, Generator<Step, Feedback, Feedback>>();
  const pending = new Map<string, Step>();
  for (const h of hosts) {
    const recap = run.recap[h] as HostRecap;
    const g = walk(play.tasks, rootInherited(play), run.tags, () => {
      recap.rescued++;
      recap.failed--;
    });
    walkers.set(h, g);
    const first = g.next();
    if (!first.done) pending.set(h, first.value);
  }
  while (pending.size > 0) {
    // Interrupted: stop scheduling; the caller gets the partial report.
    if (env.signal.aborted) return false;
    let min = Infinity;
    for (const s of pending.values()) min = Math.min(min, s.task.id);
    const group = hosts.filter((h) => pending.get(h)?.task.id === min);
    const outcomes = await runStep(b, group, (h) => pending.get(h) as Step);
    for (const h of group) {
      const fb = feedback(outcomes.get(h) as TaskOutcome);
      const next = (walkers.get(h) as Generator<Step, Feedback, Feedback>).next(fb);
      if (next.done) {
        pending.delete(h);
        if (next.value !== 'ok') b.down.add(h);
      } else pending.set(h, next.value);
    }
    if (stopPlay(b, group, outcomes)) return false;
  }
  await flush(b);
  // Every host of a batch failed: later batches would fail the same way (Ansible stops here too).
  return !stopPlay(b, [], new Map()) && b.down.size < hosts.length;
}

/** stopPlay applies any_errors_fatal (a host failed at this task) and max_fail_percentage. */
function stopPlay(b: BatchState, group: readonly string[], outcomes: Map<string, TaskOutcome>): boolean {
  const { play } = b.run;
  if (play.anyErrorsFatal && group.some((h) => feedback(outcomes.get(h) as TaskOutcome) !== 'ok'))
    return true;
  const pct = play.maxFailPercentage;
  return pct !== undefined && (b.down.size * 100) / b.hosts.length > pct;
}

/** flush runs the notified handlers on the batch's hosts that are still up. */
async function flush(b: BatchState): Promise<void> {
  if (!b.notes.pending(b.hosts)) return;
  const inh = rootInherited(b.run.play);
  await flushHandlers(
    b.handlers,
    b.hosts,
    b.notes,
    (h) => !b.down.has(h),
    async (handler, live) => {
      const outcomes = await runStep(b, live, () => ({ task: handler, inh }));
      for (const [h, o] of outcomes) if (feedback(o) !== 'ok') b.down.add(h);
    },
  );
}

const META_OK: TaskOutcome = {
  status: 'ok',
  result: { changed: false, failed: false, skipped: false },
  shown: { changed: false, failed: false, skipped: false },
  ignored: false,
};

/** runStep runs one task on a group of hosts (each with its own step) and records the outcomes. */
async function runStep(
  b: BatchState,
  group: readonly string[],
  stepOf: (h: string) => Step,
): Promise<Map<string, TaskOutcome>> {
  const { env, run } = { env: b.run.env, run: b.run };
  const step = stepOf(group[0] as string);
  if (step.task.action === 'meta') {
    // meta is not a task on the hosts (Ansible neither shows nor counts it): it only flushes handlers.
    if (step.task.args === 'flush_handlers') await flush(b);
    return new Map(group.map((h) => [h, META_OK]));
  }
  const task = named(step, group[0] as string, env);
  env.emit({
    type: 'task_start',
    play: env.play,
    task: task.name,
    file: task.loc.file,
    line: task.loc.line,
    handler: b.handlers.includes(step.task) || undefined,
  });
  let report = b.reports.get(task.id);
  if (!report) {
    report = { name: task.name, file: task.loc.file, line: task.loc.line, hosts: {} };
    b.reports.set(task.id, report);
  }
  const outcomes = new Map<string, TaskOutcome>();
  const record = (h: string, o: TaskOutcome): void => {
    outcomes.set(h, o);
    count(run.recap[h] as HostRecap, o);
    (report as TaskReport).hosts[h] = { status: o.status, result: o.shown };
    if (o.status === 'failed' && !o.ignored) {
      env.hosts
        .get(h)
        ?.setFacts({ ansible_failed_result: o.result, ansible_failed_task: { name: task.name } });
    }
    if (o.status === 'changed' && task.notify) b.notes.add(h, task.notify);
    const noLog = step.inh.noLog || task.noLog === true;
    env.emit({
      type: 'host_result',
      host: h,
      task: task.name,
      status: o.status,
      result: o.shown,
      ignored: o.ignored || undefined,
      noLog,
      // A no_log task's error could quote its secrets; its result already says it is hidden.
      error: noLog ? undefined : o.error,
    });
  };
  if (task.action) {
    const add = (hs: readonly ModuleTask[]): void => {
      for (const x of hs) if (!b.handlers.includes(x)) b.handlers.push(x);
    };
    await forEachLimit(group, run.forks, async (h) =>
      record(h, await runAction(stepOf(h), h, env, env.loader, add)),
    );
  } else if (step.inh.runOnce || task.runOnce) {
    const first = group[0] as string;
    const o = await runTask(task, step.inh, first, env);
    record(first, o);
    for (const h of group.slice(1)) {
      // run_once: every host of the batch gets the result (and facts) of the one run.
      const state = env.hosts.get(h);
      if (task.register) state?.setFacts({ [task.register]: o.result });
      if (o.facts) state?.setFacts(o.facts);
      outcomes.set(h, o);
      if (o.status === 'changed' && task.notify) b.notes.add(h, task.notify);
      // A failed run_once stops every host of the batch; the recap says why.
      if (o.status !== 'ok' && o.status !== 'changed' && o.status !== 'skipped' && !o.ignored) {
        count(run.recap[h] as HostRecap, o);
      }
    }
  } else {
    await forEachLimit(group, run.forks, async (h) => record(h, await runTask(task, stepOf(h).inh, h, env)));
  }
  return outcomes;
}

/** named gives the task with its name rendered (`install {{ version }}`) for the batch's first host. */
function named(step: Step, host: string, env: TaskEnv): ModuleTask {
  const { task } = step;
  if (!task.name.includes('{{')) return task;
  try {
    const name = renderString(
      task.name,
      env.vars.scope(host, [...step.inh.vars, task.vars], undefined, step.inh.defaults),
    );
    return { ...task, name };
  } catch {
    // A name that cannot render yet (it uses the loop item, say) is shown as written.
    return task;
  }
}
