/**
 * Handlebars templates (DESIGN.md §3): noEscape, strict (an undefined variable is E_UNDEFINED naming
 * the variable, the task and the host), compiled once and cached; a template that is exactly one
 * `{{expr}}` keeps its type. Variables whose values are templates are rendered when used.
 */
import Handlebars from 'handlebars';
import {
  DeckhandError,
  isDeckhandError,
  location,
  type ErrorContext,
  errorMessage,
  withContext,
} from '../errors.js';
import { hintText } from '../playbook/hints.js';
import { HELPERS } from './helpers.js';
import { lookup, missingPart, Undefined, type Vars } from './lookup.js';
import { Rewriter, type AstNode } from './template-ast.js';

export { LAZY, type Vars } from './lookup.js';

interface Box {
  value?: unknown;
  root: Vars;
  scope: ErrorContext;
}

const hb = Handlebars.create();
const MAX_DEPTH = 20;
let depth = 0;

function resolveVar(ctx: unknown, a: unknown[], soft: boolean): unknown {
  const opts = a[a.length - 1] as { data: { box: Box } };
  const box = opts.data.box;
  const original = a[0] as string;
  const parts = a.slice(1, -1) as string[];
  const { found, value, home } = lookup(ctx, box.root, parts);
  if (!found) {
    if (soft) return undefined;
    const [missing, candidates] = missingPart(ctx, box.root, parts);
    throw new Undefined(original, missing, candidates);
  }
  if (home && containsTemplate(value)) return renderDeep(value, home, box.scope);
  return value;
}

function interpolate(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
hb.registerHelper('__v', function (this: unknown, ...a: unknown[]) {
  return resolveVar(this, a, false);
});
hb.registerHelper('__vsoft', function (this: unknown, ...a: unknown[]) {
  return resolveVar(this, a, true);
});
hb.registerHelper('__str', (v: unknown) => interpolate(v));
hb.registerHelper('__capture', (v: unknown, opts: { data: { box: Box } }) => {
  opts.data.box.value = v;
  return '';
});

const rewriter = new Rewriter(new Set(Object.keys(hb.helpers)));
const helperNames = Object.keys(hb.helpers).filter((k) => !k.startsWith('__'));
const knownHelpers = Object.fromEntries(Object.keys(hb.helpers).map((k) => [k, true]));

interface Compiled {
  lone: boolean;
  literal?: { value: unknown };
  fn?: Handlebars.TemplateDelegate;
}

const MAX_CACHE = 20_000;
const cache = new Map<string, Compiled>();

/** compile parses and rewrites a template once; later calls hit the cache. */
function compile(template: string): Compiled {
  let c = cache.get(template);
  if (c) return c;
  const ast = hb.parse(numericSegments(template)) as unknown as AstNode;
  const body = ast.body as AstNode[];
  const lone = body.length === 1 && body[0]?.type === 'MustacheStatement';
  const first = body[0] as AstNode;
  const path = first?.path as AstNode | undefined;
  if (lone && path && path.type !== 'PathExpression' && ((first.params as unknown[]) ?? []).length === 0) {
    c = { lone, literal: { value: path.value } };
  } else {
    const rewritten = rewriter.program(ast, lone);
    const unknown = rewriter.unknown[0];
    if (unknown !== undefined) {
      throw new DeckhandError('E_TEMPLATE', `unknown helper "${unknown}"${hintText(unknown, helperNames)}`);
    }
    const fn = hb.compile(rewritten, { noEscape: true, knownHelpers, data: true });
    c = { lone, fn };
  }
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(template, c);
  return c;
}

/** templateProblem returns why a template cannot compile (syntax, unknown helper), or undefined. */
export function templateProblem(template: string): DeckhandError | undefined {
  if (!template.includes('{{')) return undefined;
  try {
    compile(template);
    return undefined;
  } catch (e) {
    return templateError(e, template, {});
  }
}

/** numericSegments lets `list.0` mean `list.[0]` (as in Ansible) inside mustaches, outside quotes. */
function numericSegments(template: string): string {
  return template.replace(/\{\{[\s\S]*?\}\}/g, (m) =>
    m.replace(
      /("[^"]*"|'[^']*')|(?<=(?:^|[^A-Za-z0-9_.\][])[A-Za-z_][A-Za-z0-9_.\][]*)\.(\d+)/g,
      (all, quoted: string | undefined, n: string) => (quoted !== undefined ? quoted : `.[${n}]`),
    ),
  );
}

/** templateCacheSize reports how many templates are compiled (for tests of the cache). */
export function templateCacheSize(): number {
  return cache.size;
}

function where(scope: ErrorContext): string {
  const parts: string[] = [];
  if (scope.task) parts.push(`in task "${scope.task}"`);
  if (scope.host) parts.push(`on host "${scope.host}"`);
  if (scope.field) parts.push(`(field "${scope.field}")`);
  const loc = location(scope);
  return (parts.length ? ' ' + parts.join(' ') : '') + (loc ? ` at ${loc}` : '');
}

/** isTemplateString tells whether a string needs rendering. */
export function isTemplateString(v: unknown): v is string {
  return typeof v === 'string' && v.includes('{{');
}

/**
 * render renders one template string with `vars`. Exactly one `{{expr}}` returns the value with its
 * type; anything else returns a string. Throws DeckhandError E_UNDEFINED / E_TEMPLATE with `scope`.
 */
export function render(template: string, vars: Vars, scope: ErrorContext = {}): unknown {
  if (!template.includes('{{')) return template;
  if (depth >= MAX_DEPTH) {
    throw new DeckhandError(
      'E_TEMPLATE',
      `templates nest too deeply (a variable refers to itself?)${where(scope)}`,
      { context: scope },
    );
  }
  depth++;
  try {
    const c = compile(template);
    if (c.literal) return c.literal.value;
    const box: Box = { root: vars, scope };
    const out = (c.fn as Handlebars.TemplateDelegate)(vars, { data: { box } });
    return c.lone ? box.value : out;
  } catch (e) {
    throw templateError(e, template, scope);
  } finally {
    depth--;
  }
}

function templateError(e: unknown, template: string, scope: ErrorContext): DeckhandError {
  if (e instanceof Undefined) {
    const hint = hintText(e.missing, e.candidates);
    return new DeckhandError('E_UNDEFINED', `undefined variable "${e.variable}"${hint}${where(scope)}`, {
      context: { ...scope },
    });
  }
  if (isDeckhandError(e)) {
    if (e.code === 'E_UNDEFINED' || e.context.task !== undefined) return e;
    return withContext(
      new DeckhandError(e.code, `${e.message}${where(scope)}`, { cause: e.cause, context: e.context }),
      scope,
    );
  }
  const lines = errorMessage(e).split('\n');
  const msg = lines.length > 1 ? `${lines[0]} ${lines[lines.length - 1]}` : lines[0];
  return new DeckhandError('E_TEMPLATE', `bad template ${JSON.stringify(template)}: ${msg}${where(scope)}`, {
    context: { ...scope },
    cause: e,
  });
}

/** renderString renders and requires a string (non-strings print as JSON). */
export function renderString(template: string, vars: Vars, scope: ErrorContext = {}): string {
  return interpolate(render(template, vars, scope));
}

/** containsTemplate tells whether a value holds any template string (deeply). */
export function containsTemplate(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{{');
  if (Array.isArray(v)) return v.some(containsTemplate);
  if (v && typeof v === 'object') return Object.values(v).some(containsTemplate);
  return false;
}

/**
 * renderDeep renders every string in a value (maps and lists are copied, not changed). Dotted
 * `skip` paths (`*` matches any key or index) are left as they are (a module's lateRender).
 */
export function renderDeep(
  value: unknown,
  vars: Vars,
  scope: ErrorContext = {},
  skip: readonly string[] = [],
  at = '',
): unknown {
  if (skip.length > 0 && at !== '' && skip.some((s) => pathMatches(s, at))) return value;
  if (typeof value === 'string')
    return render(value, vars, {
      ...scope,
      field: scope.field ? joinField(scope.field, at) : at || undefined,
    });
  if (Array.isArray(value))
    return value.map((v, i) => renderDeep(v, vars, scope, skip, at ? `${at}.${i}` : String(i)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty: a "__proto__" key stays data, never becomes the prototype.
      const rendered = renderDeep(v, vars, scope, skip, at ? `${at}.${k}` : k);
      Object.defineProperty(out, k, {
        value: rendered,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

function joinField(base: string, at: string): string {
  return at ? `${base}.${at}` : base;
}

function pathMatches(pattern: string, path: string): boolean {
  const p = pattern.split('.');
  const a = path.split('.');
  return p.length === a.length && p.every((seg, i) => seg === '*' || seg === a[i]);
}
