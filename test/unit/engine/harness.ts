/**
 * Test harness for engine tests: small test-local modules (never the built-in ones) and a helper
 * that writes a playbook and inventory to a temp dir, runs them and collects the events.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Connector, Module, ModuleResult } from '../../../src/module.js';
import {
  runPlaybook,
  type EngineEvent,
  type RunOptions,
  type RunReport,
} from '../../../src/engine/run-playbook.js';

/** A log shared by the recording modules: `start host` / `end host` lines in the order they happened. */
export const trace: string[] = [];

const obj = (props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: props,
  additionalProperties: false,
  ...extra,
});

const flakyCounts = new Map<string, number>();

/** testModules: echo, set, boom, record, flaky, nocheck, pattern, late, where, touch. */
export const testModules: ReadonlyMap<string, Module> = new Map<string, Module>([
  [
    'echo',
    {
      name: 'echo',
      schema: obj({ msg: {}, changed: { type: 'boolean', default: false }, data: {} }),
      checkMode: true,
      freeForm: 'msg',
      async run(args): Promise<ModuleResult> {
        const msg = typeof args.msg === 'string' ? args.msg : JSON.stringify(args.msg);
        return { changed: args.changed === true, msg, stdout: msg, data: args.msg, rc: 0 };
      },
    },
  ],
  [
    'set',
    {
      name: 'set',
      schema: { type: 'object' },
      checkMode: true,
      async run(args): Promise<ModuleResult> {
        return { changed: false, facts: args };
      },
    },
  ],
  [
    'boom',
    {
      name: 'boom',
      schema: obj({ msg: { type: 'string', default: 'boom' }, throw: { type: 'boolean' } }),
      checkMode: true,
      freeForm: 'msg',
      async run(args): Promise<ModuleResult> {
        if (args.throw) throw new Error(`thrown: ${String(args.msg)}`);
        return { changed: false, failed: true, msg: String(args.msg), rc: 1 };
      },
    },
  ],
  [
    'record',
    {
      name: 'record',
      schema: obj({ ticks: { type: 'integer', default: 3 } }),
      checkMode: true,
      async run(args, ctx): Promise<ModuleResult> {
        trace.push(`start ${ctx.host}`);
        for (let i = 0; i < (args.ticks as number); i++) await new Promise((r) => setImmediate(r));
        trace.push(`end ${ctx.host}`);
        return { changed: false };
      },
    },
  ],
  [
    'flaky',
    {
      name: 'flaky',
      schema: obj({ key: { type: 'string' }, fails: { type: 'integer' } }),
      checkMode: true,
      async run(args, ctx): Promise<ModuleResult> {
        const k = `${String(args.key)}/${ctx.host}`;
        const n = (flakyCounts.get(k) ?? 0) + 1;
        flakyCounts.set(k, n);
        return { changed: false, rc: n <= (args.fails as number) ? 1 : 0, stdout: String(n) };
      },
    },
  ],
  [
    'nocheck',
    {
      name: 'nocheck',
      schema: { type: 'object' },
      checkMode: false,
      async run(): Promise<ModuleResult> {
        return { changed: true, msg: 'ran' };
      },
    },
  ],
  [
    'pattern',
    {
      name: 'pattern',
      schema: obj(
        { regex: { type: 'string', format: 'regex' }, count: { type: 'integer' } },
        { required: ['regex'] },
      ),
      checkMode: true,
      lateRender: ['late'],
      async run(args): Promise<ModuleResult> {
        return { changed: false, msg: String(args.regex) };
      },
    },
  ],
  [
    'late',
    {
      name: 'late',
      schema: obj({ names: { type: 'array' }, dest: { type: 'string' } }),
      checkMode: true,
      lateRender: ['dest'],
      async run(args, ctx): Promise<ModuleResult> {
        const out = (args.names as string[]).map((name) => {
          ctx.emit({ type: 'progress', name });
          return ctx.renderString(String(args.dest), { module: { name } });
        });
        return { changed: false, msg: out.join(' ') };
      },
    },
  ],
  [
    'where',
    {
      name: 'where',
      schema: obj({ file: { type: 'string' } }),
      checkMode: true,
      async run(args, ctx): Promise<ModuleResult> {
        // Reports the directory relative files resolve against, as copy/template do.
        return { changed: false, msg: join(ctx.playbookDir, String(args.file ?? '')) };
      },
    },
  ],
  [
    'touch',
    {
      name: 'touch',
      schema: obj({ path: { type: 'string' } }),
      checkMode: true,
      async run(args, ctx): Promise<ModuleResult> {
        await ctx.connector.writeFile(String(args.path), Buffer.from('x'));
        return { changed: true };
      },
    },
  ],
]);

/** What a test run produced. */
export interface Ran {
  report: RunReport;
  events: EngineEvent[];
  dir: string;
}

/** writeFiles writes `files` (name → text) into a fresh temp dir and returns the dir. */
export async function writeFiles(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-engine-'));
  for (const [name, text] of Object.entries(files)) {
    // Names may have directories (`roles/web/tasks/main.yaml`).
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/** A connector that records writes in memory (no host is touched). */
export function memoryConnector(host: string, writes: string[]): Connector {
  return {
    kind: 'local',
    host,
    exec: async () => ({ rc: 0, stdout: '', stderr: '' }),
    readFile: async () => null,
    writeFile: async (p) => {
      writes.push(`${host}:${p}`);
    },
    stat: async () => null,
    close: async () => {},
  };
}

/** run writes `playbook` (and `inventory`, and any other files) and runs it with the test modules. */
export async function run(
  playbook: string,
  inventory?: string,
  opts: Partial<RunOptions> & { files?: Record<string, string> } = {},
): Promise<Ran> {
  const files: Record<string, string> = { 'playbook.yaml': playbook, ...opts.files };
  if (inventory !== undefined) files['inventory.yaml'] = inventory;
  const dir = await writeFiles(files);
  const events: EngineEvent[] = [];
  const report = await runPlaybook({
    playbookPath: join(dir, 'playbook.yaml'),
    inventoryPaths: inventory !== undefined ? [join(dir, 'inventory.yaml')] : [],
    extraVars: {},
    forks: 5,
    check: false,
    modules: testModules,
    ...opts,
    onEvent: (e) => {
      events.push(e);
      opts.onEvent?.(e);
    },
  });
  return { report, events, dir };
}

/** INV3 is an inventory of three local hosts: a and b in web, c in db; a and c in prod. */
export const INV3 = `
all:
  vars: {ansible_connection: local}
  children:
    web: {hosts: {a: {}, b: {}}}
    db: {hosts: {c: {}}}
    prod: {hosts: {a: {}, c: {}}}
`;

/** results lists a task's per-host statuses from the report: host → status. */
export function statuses(r: RunReport, task: string, play = 0): Record<string, string> {
  const t = r.plays[play]?.tasks.find((x) => x.name === task);
  return Object.fromEntries(Object.entries(t?.hosts ?? {}).map(([h, v]) => [h, v.status]));
}

/** msgs lists the `msg` of a task's results per host. */
export function msgs(r: RunReport, task: string, play = 0): Record<string, unknown> {
  const t = r.plays[play]?.tasks.find((x) => x.name === task);
  return Object.fromEntries(Object.entries(t?.hosts ?? {}).map(([h, v]) => [h, v.result.msg]));
}
