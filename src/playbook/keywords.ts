/** The keywords of plays, tasks and blocks (DESIGN.md §3); every other task key is a module. */

/** Keys a play may have. */
export const PLAY_KEYS: readonly string[] = [
  'name',
  'hosts',
  'vars',
  'vars_files',
  'gather_facts',
  'serial',
  'any_errors_fatal',
  'max_fail_percentage',
  'roles',
  'handlers',
  'pre_tasks',
  'tasks',
  'post_tasks',
  'tags',
  'become',
  'become_user',
];

/** Keys a task or a block may have besides its module (or `block`). */
export const TASK_KEYS: readonly string[] = [
  'name',
  'when',
  'loop',
  'loop_control',
  'register',
  'ignore_errors',
  'failed_when',
  'changed_when',
  'until',
  'retries',
  'delay',
  'tags',
  'run_once',
  'delegate_to',
  'args',
  'check_mode',
  'no_log',
  'vars',
  'notify',
  'listen',
  'block',
  'rescue',
  'always',
  'become',
  'become_user',
];

/** Keys that only make sense on a task that runs a module. */
export const MODULE_TASK_KEYS: readonly string[] = [
  'loop',
  'loop_control',
  'register',
  'failed_when',
  'changed_when',
  'until',
  'retries',
  'delay',
  'delegate_to',
  'args',
  'check_mode',
];

/** FQCN prefixes that are accepted and stripped (`ansible.builtin.debug` is `debug`). */
export const MODULE_PREFIXES: readonly string[] = ['ansible.builtin.', 'ansible.legacy.', 'kubekey.'];

/** Task keys the engine itself acts on (no module behind them). */
export const ACTION_KEYS: readonly string[] = [
  'include_tasks',
  'import_tasks',
  'include_role',
  'import_role',
  'meta',
  'local_action',
];
