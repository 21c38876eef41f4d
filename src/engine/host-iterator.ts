/**
 * A host's walk through a play's tasks: blocks, rescue and always, tag selection, inherited
 * keywords. A generator yields each task to run and receives how it went, so the scheduler can
 * run the same task on many hosts at once while each host follows its own path (rescue, failure).
 */
import type { BlockTask, Play, TaskNode } from '../playbook/model.js';
import type { Inherited, Step } from './env.js';
import { tagSelected, type TagFilter } from './tags.js';

/** How a task or a section ended for a host. */
export type Feedback = 'ok' | 'failed' | 'unreachable';

/** inherit adds a node's keywords to what its children inherit. */
export function inherit(inh: Inherited, node: TaskNode): Inherited {
  return {
    when: node.kind === 'block' ? [...inh.when, ...node.when] : inh.when,
    vars: node.kind === 'block' ? [...inh.vars, node.vars] : inh.vars,
    defaults: node.kind === 'block' && node.defaults ? [...inh.defaults, node.defaults] : inh.defaults,
    ignoreErrors:
      node.kind === 'block' && node.ignoreErrors !== undefined
        ? [...inh.ignoreErrors, node.ignoreErrors]
        : inh.ignoreErrors,
    tags: node.tags.length > 0 ? [...inh.tags, ...node.tags] : inh.tags,
    noLog: inh.noLog || node.noLog === true,
    runOnce: inh.runOnce || node.runOnce === true,
    // A task's own become is applied by run-task: an include's keyword is not its included tasks'.
    become: node.kind === 'block' && node.become !== undefined ? node.become : inh.become,
    becomeUser: node.kind === 'block' && node.becomeUser !== undefined ? node.becomeUser : inh.becomeUser,
  };
}

/** rootInherited is what the tasks of a play inherit from the play itself (tags, become). */
export function rootInherited(play: Pick<Play, 'tags' | 'become' | 'becomeUser'>): Inherited {
  return {
    when: [],
    vars: [],
    defaults: [],
    ignoreErrors: [],
    tags: play.tags,
    noLog: false,
    runOnce: false,
    become: play.become,
    becomeUser: play.becomeUser,
  };
}

/**
 * walk yields the tasks a host runs, in order. `onRescued` is called when a rescue section
 * recovers a failure. Returns how the sequence ended.
 */
export function* walk(
  nodes: readonly TaskNode[],
  inh: Inherited,
  tags: TagFilter,
  onRescued: () => void,
): Generator<Step, Feedback, Feedback> {
  for (const node of nodes) {
    const child = inherit(inh, node);
    if (node.kind === 'task') {
      // meta (flush_handlers) runs whatever tags were asked for.
      if (!tagSelected(child.tags, tags) && node.action !== 'meta') continue;
      const step: Step = { task: node, inh: child };
      const fb = yield step;
      if (fb !== 'ok') return fb;
      // include_tasks/include_role: the scheduler put what this host includes on the step.
      for (const e of step.expand ?? []) {
        const inner = yield* walk(e.nodes, { ...child, vars: [...child.vars, e.vars] }, tags, onRescued);
        if (inner !== 'ok') return inner;
      }
      continue;
    }
    const fb = yield* walkBlock(node, child, tags, onRescued);
    if (fb !== 'ok') return fb;
  }
  return 'ok';
}

function* walkBlock(
  node: BlockTask,
  inh: Inherited,
  tags: TagFilter,
  onRescued: () => void,
): Generator<Step, Feedback, Feedback> {
  let fb = yield* walk(node.block, inh, tags, onRescued);
  if (fb === 'failed' && node.rescue.length > 0) {
    fb = yield* walk(node.rescue, inh, tags, onRescued);
    if (fb === 'ok') onRescued();
  }
  if (fb !== 'unreachable' && node.always.length > 0) {
    const after = yield* walk(node.always, inh, tags, onRescued);
    if (after !== 'ok') fb = after;
  }
  return fb;
}
