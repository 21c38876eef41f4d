/** Parsing of `-e` arguments: KEY=VALUE (value read as a YAML scalar), @file.yaml, or an inline mapping. */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { DeckhandError, errorMessage } from '../errors.js';
import { loadYamlFile } from '../playbook/load.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** scalar reads `8080` as a number and `true` as a boolean, like YAML; anything that is not a scalar stays a string. */
export function scalar(text: string): unknown {
  const t = text.trim();
  if (t === '') return '';
  try {
    const v: unknown = parse(text);
    // Only quotes change a string; a plain one is kept whole (YAML would drop a ` # comment`).
    if (typeof v === 'string') return /^["']/.test(t) ? v : text;
    if (v === null) return /^(null|~)$/i.test(t) ? null : text;
    return typeof v === 'object' ? text : v;
  } catch {
    return text;
  }
}

function mapping(v: unknown, what: string): Record<string, unknown> {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new DeckhandError('E_USAGE', `-e ${what}: must be a mapping of variables`, {
      context: { field: '-e' },
    });
  }
  return v as Record<string, unknown>;
}

async function fromFile(arg: string, cwd: string): Promise<Record<string, unknown>> {
  const file = resolve(cwd, arg.slice(1));
  try {
    await access(file, constants.R_OK);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new DeckhandError('E_FILE', `-e ${arg}: ${missing ? 'vars file not found' : errorMessage(e)}`, {
      cause: e,
      context: { path: file, field: '-e' },
    });
  }
  // The playbook loader's reader: the same limits (aliases, size, nesting, strict UTF-8) for every YAML file.
  return mapping((await loadYamlFile(file)).value, arg);
}

/** parseExtraVars merges `-e` arguments left to right (later wins), the way ansible-playbook does. */
export async function parseExtraVars(args: readonly string[], cwd: string): Promise<Record<string, unknown>> {
  const vars: Record<string, unknown> = {};
  for (const arg of args) {
    if (arg.startsWith('@')) {
      Object.assign(vars, await fromFile(arg, cwd));
    } else if (/^\s*\{/.test(arg)) {
      let v: unknown;
      try {
        v = parse(arg);
      } catch (e) {
        throw new DeckhandError(
          'E_USAGE',
          `-e ${arg}: not a valid mapping: ${errorMessage(e).split('\n')[0]}`,
          {
            context: { field: '-e' },
          },
        );
      }
      Object.assign(vars, mapping(v, arg));
    } else {
      const eq = arg.indexOf('=');
      const key = eq > 0 ? arg.slice(0, eq) : '';
      if (!KEY.test(key)) {
        throw new DeckhandError('E_USAGE', `-e ${arg}: expected KEY=VALUE, @FILE or a {mapping}`, {
          context: { field: '-e' },
        });
      }
      vars[key] = scalar(arg.slice(eq + 1));
    }
  }
  return vars;
}
