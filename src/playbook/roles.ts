/**
 * Roles on disk: `roles/<name>` beside the playbook, then each --roles-path directory. A role has
 * tasks/, handlers/, defaults/, vars/ and meta/ (each `main.yaml` or `main.yml`), files/, templates/.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { DeckhandError, isDeckhandError, withContext } from '../errors.js';
import type { Module } from '../module.js';
import { loadYamlFile, positionOf, type SourceFile } from './load.js';
import { validateTasksSource } from './validate.js';

type Rec = Record<string, unknown>;

/** A role's files, loaded and checked. */
export interface RoleFiles {
  readonly name: string;
  readonly dir: string;
  readonly tasks?: SourceFile;
  readonly handlers?: SourceFile;
  readonly defaults: Readonly<Rec>;
  readonly vars: Readonly<Rec>;
  /** meta/main `dependencies`, as written (names or `{role, vars, when, tags}`). */
  readonly deps: readonly unknown[];
  readonly meta?: SourceFile;
}

const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

/** roleCandidates lists where a role is looked for, in order. */
export function roleCandidates(name: string, playbookDir: string, rolesPath: readonly string[]): string[] {
  if (isAbsolute(name)) return [name];
  return [
    join(playbookDir, 'roles', name),
    ...rolesPath.map((d) => join(resolve(d), name)),
    // A relative path to a role directory (`../shared/roles/x`) works as in Ansible.
    ...(name.includes('/') ? [resolve(playbookDir, name)] : []),
  ];
}

/** findRole returns the role's directory, or throws E_ROLE listing every place looked at. */
export function findRole(name: string, playbookDir: string, rolesPath: readonly string[]): string {
  const candidates = roleCandidates(name, playbookDir, rolesPath);
  const dir = candidates.find(isDir);
  if (dir) return dir;
  throw new DeckhandError('E_ROLE', `role "${name}" not found (looked in ${candidates.join(', ')})`, {
    context: { role: name, field: 'roles' },
  });
}

/** mainFile finds `<dir>/<part>/main.yaml` (or `.yml`). */
function mainFile(dir: string, part: string): string | undefined {
  return ['main.yaml', 'main.yml'].map((f) => join(dir, part, f)).find((p) => existsSync(p));
}

function mapping(src: SourceFile, role: string, what: string): Rec {
  if (src.value === null || src.value === undefined) return {};
  if (typeof src.value === 'object' && !Array.isArray(src.value)) return src.value as Rec;
  const pos = positionOf(src, []);
  throw new DeckhandError(
    'E_SCHEMA',
    `${pos.file}:${pos.line}:${pos.col}: role "${role}": ${what} must be a mapping of variables`,
    { context: { file: pos.file, line: pos.line, col: pos.col, role, field: what } },
  );
}

/** loadRole reads a role's files; problems go to `errors` (each naming file, line and role). */
export async function loadRole(
  name: string,
  dir: string,
  modules: ReadonlyMap<string, Module>,
  errors: DeckhandError[],
): Promise<RoleFiles> {
  const tag = (e: DeckhandError): DeckhandError => withContext(e, { role: name });
  const load = async (part: string): Promise<SourceFile | undefined> => {
    const path = mainFile(dir, part);
    if (!path) return undefined;
    try {
      return await loadYamlFile(path);
    } catch (e) {
      if (!isDeckhandError(e)) throw e;
      errors.push(tag(e));
      return undefined;
    }
  };
  const [tasks, handlers, defaultsSrc, varsSrc, meta] = await Promise.all(
    ['tasks', 'handlers', 'defaults', 'vars', 'meta'].map(load),
  );
  for (const src of [tasks, handlers]) {
    if (src) errors.push(...validateTasksSource(src, modules).map(tag));
  }
  const vars = (src: SourceFile | undefined, what: string): Rec => {
    if (!src) return {};
    try {
      return mapping(src, name, what);
    } catch (e) {
      errors.push(e as DeckhandError);
      return {};
    }
  };
  const metaValue = meta ? vars(meta, 'meta/main') : {};
  let deps: unknown[] = [];
  if (meta && metaValue.dependencies !== undefined && metaValue.dependencies !== null) {
    if (Array.isArray(metaValue.dependencies)) deps = metaValue.dependencies;
    else {
      const pos = positionOf(meta, ['dependencies']);
      errors.push(
        new DeckhandError(
          'E_SCHEMA',
          `${pos.file}:${pos.line}:${pos.col}: role "${name}": dependencies must be a list of roles`,
          { context: { file: pos.file, line: pos.line, col: pos.col, role: name, field: 'dependencies' } },
        ),
      );
    }
  }
  return {
    name,
    dir,
    tasks,
    handlers,
    defaults: vars(defaultsSrc, 'defaults/main'),
    vars: vars(varsSrc, 'vars/main'),
    deps,
    meta,
  };
}
