/** Registered results (DESIGN.md §3): shape, status, loop aggregation and the no_log placeholder. */
import type { ModuleResult } from '../module.js';
import type { RegisteredResult, TaskStatus } from './types.js';

/** NO_LOG_MSG replaces a no_log task's output everywhere it would be shown. */
export const NO_LOG_MSG = 'the output has been hidden due to no_log: true';

/** fromModule turns a module's result into what `register` stores (stdout_lines added). */
export function fromModule(r: ModuleResult): RegisteredResult {
  const out: RegisteredResult = {
    changed: r.changed === true,
    failed: r.failed === true,
    skipped: r.skipped === true,
  };
  if (r.rc !== undefined) out.rc = r.rc;
  if (r.stdout !== undefined) {
    out.stdout = r.stdout;
    out.stdout_lines = r.stdout === '' ? [] : r.stdout.replace(/\n$/, '').split('\n');
  }
  if (r.stderr !== undefined) out.stderr = r.stderr;
  if (r.msg !== undefined) out.msg = r.msg;
  if (r.data !== undefined) out.data = r.data;
  return out;
}

/** skipped is the result of a task whose condition did not hold. */
export function skipped(msg: string): RegisteredResult {
  return { changed: false, failed: false, skipped: true, msg };
}

/** failed is the result of a task the engine could not run (undefined variable, bad argument, …). */
export function failed(msg: string): RegisteredResult {
  return { changed: false, failed: true, skipped: false, msg };
}

/** loopResult aggregates per-item results the way Ansible registers a loop. */
export function loopResult(results: RegisteredResult[]): RegisteredResult {
  const out: RegisteredResult = {
    changed: results.some((r) => r.changed),
    failed: results.some((r) => r.failed),
    skipped: results.length > 0 && results.every((r) => r.skipped),
    results,
  };
  const firstFailure = results.find((r) => r.failed);
  if (firstFailure?.msg) out.msg = firstFailure.msg;
  else if (results.length === 0) {
    out.skipped = true;
    out.msg = 'no items in the loop';
  }
  return out;
}

/** statusOf is the status shown for a result. */
export function statusOf(r: RegisteredResult): TaskStatus {
  if (r.failed) return 'failed';
  if (r.skipped) return 'skipped';
  return r.changed ? 'changed' : 'ok';
}

/** hidden replaces a result with the no_log placeholder (keeping its status). */
export function hidden(r: RegisteredResult): RegisteredResult {
  return { changed: r.changed, failed: r.failed, skipped: r.skipped, msg: NO_LOG_MSG };
}
