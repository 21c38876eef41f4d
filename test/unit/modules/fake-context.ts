/**
 * A ModuleContext for module unit tests: the real local connector on temp dirs, and a small strict
 * Handlebars renderer standing in for the engine's (a lone `{{expr}}` keeps its type, as there).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { DeckhandError } from '../../../src/errors.js';
import { localConnector } from '../../../src/connectors/local.js';
import type { ModuleContext, ModuleEvent } from '../../../src/module.js';

const hb = Handlebars.create();
hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hb.registerHelper('gt', (a: number, b: number) => a > b);
hb.registerHelper('length', (a: unknown[]) => a.length);
hb.registerHelper('upper', (s: string) => String(s).toUpperCase());
let captured: unknown;
hb.registerHelper('__capture', (v: unknown) => {
  captured = v;
  return '';
});

/** render is a strict Handlebars render; a template that is one `{{expr}}` returns the value itself. */
export function render(template: string, vars: Record<string, unknown>): unknown {
  const lone = /^\{\{\s*([^{}]+?)\s*\}\}$/.exec(template);
  try {
    if (lone) {
      const expr = lone[1]!.includes(' ') ? `(${lone[1]})` : lone[1];
      captured = undefined;
      hb.compile(`{{__capture ${expr}}}`, { strict: true, noEscape: true })(vars);
      return captured;
    }
    return hb.compile(template, { strict: true, noEscape: true })(vars);
  } catch (e) {
    throw new DeckhandError('E_UNDEFINED', (e as Error).message, { cause: e });
  }
}

/** TestContext is a ModuleContext plus the events the module emitted and a temp dir to work in. */
export interface FakeContext extends ModuleContext {
  readonly events: ModuleEvent[];
  readonly dir: string;
}

/** makeContext builds a context on a fresh temp dir (also the playbook dir unless given); call cleanup() after. */
export async function makeContext(
  opts: { vars?: Record<string, unknown>; check?: boolean; playbookDir?: string } = {},
): Promise<FakeContext & { cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-mod-'));
  const vars = { inventory_hostname: 'localhost', ...(opts.vars ?? {}) };
  const events: ModuleEvent[] = [];
  return {
    host: 'localhost',
    vars,
    connector: localConnector('localhost'),
    check: opts.check ?? false,
    playbookDir: opts.playbookDir ?? dir,
    signal: new AbortController().signal,
    task: { name: 'test task', file: 'test.yaml', line: 1 },
    render: (t, extra) => render(t, { ...vars, ...(extra ?? {}) }),
    renderString: (t, extra) => String(render(t, { ...vars, ...(extra ?? {}) })),
    emit: (e) => void events.push(e),
    events,
    dir,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
