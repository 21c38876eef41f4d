/**
 * runPlaybook: load, validate, then run a playbook against an inventory (DESIGN.md §3).
 * Plays run in order; a host that failed in one play is left out of the next ones.
 */
import { dirname, resolve } from 'node:path';
import { hostGroups, inventoryVars, groupsVar } from '../inventory/hosts.js';
import type { Connector } from '../module.js';
import type { Play } from '../playbook/model.js';
import { defaultConnect, LazyConnector } from './connect.js';
import type { TaskEnv } from './env.js';
import { combine, loadVarsFile, prepare, type Prepared } from './prepare.js';
import { emptyRecap, runPlay } from './run-play.js';
import { renderString } from './template.js';
import type { EngineEvent, RunOptions, RunReport } from './types.js';
import { HostState, PlayVars } from './vars.js';

export type {
  RunOptions,
  TaskStatus,
  EngineEvent,
  RegisteredResult,
  HostRecap,
  TaskReport,
  RunReport,
} from './types.js';

function hostStates(p: Prepared): Map<string, HostState> {
  const names = new Set<string>(p.inventory.hosts.keys());
  for (const hosts of p.playHosts) for (const h of hosts) names.add(h);
  const groups = hostGroups(p.inventory);
  const vars = inventoryVars(p.inventory, names);
  const out = new Map<string, HostState>();
  for (const h of names) {
    const g = (groups.get(h) ?? []).filter((x) => x !== 'all').sort();
    out.set(h, new HostState(h, vars.get(h) ?? {}, g));
  }
  return out;
}

async function playVars(
  play: Play,
  p: Prepared,
  index: number,
  opts: RunOptions,
): Promise<Record<string, unknown>> {
  const vars: Record<string, unknown> = { ...play.vars, ...p.varsFiles[index] };
  for (const ref of play.varsFiles) {
    if (!ref.path.includes('{{')) continue;
    // A templated vars_files path is rendered once per play from play and extra variables.
    const scope = Object.assign(
      Object.create(null) as Record<string, unknown>,
      p.inventory.groups.get('all')?.vars,
      vars,
      opts.extraVars,
    );
    const path = renderString(ref.path, scope, {
      file: ref.loc.file,
      line: ref.loc.line,
      col: ref.loc.col,
      field: 'vars_files',
    });
    Object.assign(vars, await loadVarsFile(resolve(dirname(ref.loc.file), path), ref.loc));
  }
  return vars;
}

/** runPlaybook runs every play; throws DeckhandError for load/validation errors (before anything runs). */
export async function runPlaybook(opts: RunOptions): Promise<RunReport> {
  const errors: Parameters<typeof prepare>[1] = [];
  const p = await prepare(opts, errors);
  if (!p) throw combine(errors);
  const signal = opts.signal ?? new AbortController().signal;
  // A throwing event handler is the caller's bug: it must not look like a task failure.
  let handlerError: { error: unknown } | undefined;
  const emit = (e: EngineEvent): void => {
    try {
      opts.onEvent?.(e);
    } catch (error) {
      handlerError ??= { error };
    }
  };
  const connect = opts.connect ?? defaultConnect;
  const states = hostStates(p);
  const connectors = new Map<string, LazyConnector>();
  const connector = (host: string): Connector => {
    let c = connectors.get(host);
    if (!c) {
      const state = states.get(host);
      const vars = {
        ...(state?.inventory ?? (host === 'localhost' ? { ansible_connection: 'local' } : {})),
        ...state?.facts,
      };
      c = new LazyConnector(
        host,
        () => connect(host, vars),
        vars.ansible_connection === 'ssh' ? 'ssh' : 'local',
      );
      connectors.set(host, c);
    }
    return c;
  };
  const report: RunReport = { plays: [], recap: {}, failed: false };
  const dead = new Set<string>();
  const groups = groupsVar(p.inventory);
  const playbookDir = dirname(resolve(p.playbook.file));
  try {
    for (const [i, play] of p.playbook.plays.entries()) {
      if (signal.aborted) break;
      const hosts = (p.playHosts[i] ?? []).filter((h) => !dead.has(h));
      for (const h of hosts) report.recap[h] ??= emptyRecap();
      emit({ type: 'play_start', play: play.name, hosts });
      const magic = {
        groups,
        playbook_dir: playbookDir,
        ansible_check_mode: opts.check,
        ansible_play_hosts: hosts,
        ansible_play_name: play.name,
      };
      const vars = new PlayVars(
        { playVars: await playVars(play, p, i, opts), extraVars: opts.extraVars, magic },
        states,
      );
      const env: TaskEnv = {
        play: play.name,
        playbookDir,
        check: opts.check,
        modules: opts.modules,
        vars,
        hosts: states,
        signal,
        loader: p.playbook.loader,
        connector,
        emit,
      };
      const tags = { only: opts.tags, skip: opts.skipTags };
      const tasks = await runPlay({ play, hosts, env, forks: opts.forks || 5, tags, recap: report.recap });
      report.plays.push({ name: play.name, hosts, tasks });
      emit({ type: 'play_end', play: play.name });
      for (const h of hosts) {
        const r = report.recap[h];
        if (r && (r.failed > 0 || r.unreachable > 0)) dead.add(h);
      }
    }
  } finally {
    await Promise.allSettled([...connectors.values()].map((c) => c.close()));
  }
  if (handlerError) throw handlerError.error;
  // An interrupted run is never a success, whatever its hosts did so far.
  report.failed =
    signal.aborted || Object.values(report.recap).some((r) => r.failed > 0 || r.unreachable > 0);
  return report;
}
