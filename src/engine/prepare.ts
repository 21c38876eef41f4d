/**
 * Everything checked before a run starts: the playbook (YAML, schema, modules and their arguments),
 * the inventories, every play's host pattern and --limit, and vars_files. All problems are collected.
 */
import { dirname, resolve } from 'node:path';
import { DeckhandError, isDeckhandError, withContext } from '../errors.js';
import type { Module } from '../module.js';
import { loadInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/model.js';
import { selectHosts } from '../inventory/patterns.js';
import { loadYamlFile, type SourceFile } from '../playbook/load.js';
import { buildPlaybook } from '../playbook/build.js';
import type { Loc, Playbook } from '../playbook/model.js';
import { isTemplate, validatePlaybookSource } from '../playbook/validate.js';
import { templateProblems } from './check-templates.js';
import { renderString } from './template.js';

/** A playbook ready to run. */
export interface Prepared {
  readonly playbook: Playbook;
  readonly inventory: Inventory;
  /** Hosts of each play (after --limit). */
  readonly playHosts: readonly string[][];
  /** Variables of each play's static vars_files, merged in order. */
  readonly varsFiles: ReadonlyArray<Record<string, unknown>>;
}

/** What prepare needs. */
export interface PrepareOptions {
  playbookPath: string;
  inventoryPaths: readonly string[];
  modules: ReadonlyMap<string, Module>;
  limit?: string;
  /** More directories to look for roles in (after `roles/` beside the playbook). */
  rolesPath?: readonly string[];
  /** -e variables: a templated `hosts` renders with them (validation alone cannot resolve it). */
  extraVars?: Readonly<Record<string, unknown>>;
}

/** hostPattern renders a templated `hosts` with the `all` group's and the extra variables. */
function hostPattern(pattern: string, inv: Inventory, opts: PrepareOptions, loc: Loc): string | undefined {
  if (!isTemplate(pattern)) return pattern;
  if (!opts.extraVars) return undefined;
  const vars = Object.assign(
    Object.create(null) as Record<string, unknown>,
    inv.groups.get('all')?.vars,
    opts.extraVars,
  );
  return renderString(pattern, vars, { file: loc.file, line: loc.line, col: loc.col, field: 'hosts' });
}

function at(loc: Loc, e: DeckhandError, field: string): DeckhandError {
  const err = new DeckhandError(e.code, `${loc.file}:${loc.line}:${loc.col}: ${e.message}`, {
    cause: e.cause,
    details: e.details,
    context: e.context,
  });
  return withContext(err, { file: loc.file, line: loc.line, col: loc.col, field });
}

/** loadVarsFile reads a vars file: a mapping (or empty). */
export async function loadVarsFile(path: string, loc: Loc): Promise<Record<string, unknown>> {
  let src: SourceFile;
  try {
    src = await loadYamlFile(path);
  } catch (e) {
    if (isDeckhandError(e) && e.code === 'E_FILE') throw at(loc, e, 'vars_files');
    throw e;
  }
  if (src.value === null || src.value === undefined) return {};
  if (typeof src.value !== 'object' || Array.isArray(src.value)) {
    throw new DeckhandError('E_SCHEMA', `${path}:1:1: a vars file must be a mapping of variables`, {
      context: { file: path, line: 1, col: 1, field: 'vars_files' },
    });
  }
  return src.value as Record<string, unknown>;
}

/** prepare loads and checks everything; returns undefined when `errors` got any. */
export async function prepare(opts: PrepareOptions, errors: DeckhandError[]): Promise<Prepared | undefined> {
  const push = (e: unknown): void => {
    if (!isDeckhandError(e)) throw e;
    errors.push(e, ...e.details.map((d) => new DeckhandError(e.code, d, { context: { ...e.context } })));
    e.details.length = 0;
  };
  let src: SourceFile | undefined;
  try {
    src = await loadYamlFile(opts.playbookPath);
    errors.push(...validatePlaybookSource(src, opts.modules));
  } catch (e) {
    push(e);
  }
  let inventory: Inventory | undefined;
  try {
    inventory = await loadInventory(opts.inventoryPaths);
  } catch (e) {
    push(e);
  }
  if (!src) return undefined;
  // Roles and imported files are checked even when the playbook itself has problems: all are reported.
  const playbook = await buildPlaybook(src, { modules: opts.modules, rolesPath: opts.rolesPath }, errors);
  errors.push(...templateProblems(playbook));
  if (!inventory || errors.length > 0) return undefined;
  let limit: Set<string> | undefined;
  if (opts.limit !== undefined) {
    try {
      limit = new Set(selectHosts(inventory, opts.limit));
    } catch (e) {
      if (isDeckhandError(e)) e.context.field = 'limit';
      push(e);
    }
  }
  const playHosts: string[][] = [];
  const varsFiles: Array<Record<string, unknown>> = [];
  for (const play of playbook.plays) {
    try {
      const pattern = hostPattern(play.hosts, inventory, opts, play.hostsLoc);
      const hosts = pattern === undefined ? [] : selectHosts(inventory, pattern);
      playHosts.push(limit ? hosts.filter((h) => limit.has(h)) : hosts);
    } catch (e) {
      push(isDeckhandError(e) ? at(play.hostsLoc, e, 'hosts') : e);
    }
    const vars: Record<string, unknown> = {};
    for (const ref of play.varsFiles) {
      if (isTemplate(ref.path)) continue;
      try {
        Object.assign(vars, await loadVarsFile(resolve(dirname(ref.loc.file), ref.path), ref.loc));
      } catch (e) {
        push(e);
      }
    }
    varsFiles.push(vars);
  }
  if (errors.length > 0) return undefined;
  return { playbook, inventory, playHosts, varsFiles };
}

/** firstError throws-ready: the first problem, with the others as details. */
export function combine(errors: readonly DeckhandError[]): DeckhandError {
  const [first, ...rest] = errors as [DeckhandError, ...DeckhandError[]];
  return new DeckhandError(first.code, first.message, {
    cause: first.cause,
    context: first.context,
    details: [...first.details, ...rest.map((e) => e.message)],
  });
}
