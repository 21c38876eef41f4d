/**
 * Rewrites a parsed Handlebars template so that every variable lookup goes through our strict
 * lookup helper (`__v`), interpolations go through `__str` (objects print as JSON), and a template
 * that is exactly one `{{expr}}` captures its value with its type (`__capture`).
 * Handlebars' own strict mode does not check helper arguments, hence the rewrite.
 */

/** A Handlebars AST node (hbs.AST), loosely typed: we only touch a few fields. */
export interface AstNode {
  type: string;
  loc?: unknown;
  [key: string]: unknown;
}

/** Helpers whose first argument may be undefined (the only places an undefined variable is not an error). */
const SOFT_FIRST = new Set(['default', 'defined']);

const str = (value: string, loc: unknown): AstNode => ({
  type: 'StringLiteral',
  value,
  original: value,
  loc,
});
const path = (name: string, loc: unknown): AstNode => ({
  type: 'PathExpression',
  data: false,
  depth: 0,
  parts: [name],
  original: name,
  loc,
});
const sexpr = (helper: string, params: AstNode[], loc: unknown, hash?: unknown): AstNode => ({
  type: 'SubExpression',
  path: path(helper, loc),
  params,
  hash,
  loc,
});

/** Rewriter holds the names of helpers (a path that names one is a call, not a variable). */
export class Rewriter {
  constructor(private readonly helpers: ReadonlySet<string>) {}

  /** Helpers called but not known, found by the last `program` call. */
  unknown: string[] = [];

  /** program rewrites a whole template; when `lone`, its single mustache becomes a value capture. */
  program(prog: AstNode, lone: boolean): AstNode {
    this.unknown = [];
    const body = (prog.body as AstNode[]).map((s) => this.statement(s, [], lone ? '__capture' : '__str'));
    return { ...prog, body };
  }

  private statement(s: AstNode, scopes: string[][], wrap: string): AstNode {
    switch (s.type) {
      case 'MustacheStatement':
        return { ...s, path: path(wrap, s.loc), params: [this.mustacheValue(s, scopes)], hash: undefined };
      case 'BlockStatement': {
        const prog = s.program as AstNode | undefined;
        const inverse = s.inverse as AstNode | undefined;
        return {
          ...s,
          params: this.params(s, scopes),
          hash: this.hash(s.hash as AstNode | undefined, scopes),
          program: prog && this.block(prog, scopes),
          inverse: inverse && this.block(inverse, scopes),
        };
      }
      default:
        return s;
    }
  }

  private block(prog: AstNode, scopes: string[][]): AstNode {
    const inner = [...scopes, (prog.blockParams as string[] | undefined) ?? []];
    return { ...prog, body: (prog.body as AstNode[]).map((s) => this.statement(s, inner, '__str')) };
  }

  /** The value of `{{...}}`: a helper call, a variable or a literal, as one expression. */
  private mustacheValue(s: AstNode, scopes: string[][]): AstNode {
    const p = s.path as AstNode;
    const params = (s.params as AstNode[]) ?? [];
    const hash = s.hash as AstNode | undefined;
    if (p.type !== 'PathExpression') return p;
    if (params.length > 0 || hash || this.isHelper(p)) {
      return {
        type: 'SubExpression',
        path: p,
        params: this.params(s, scopes),
        hash: this.hash(hash, scopes),
        loc: s.loc,
      };
    }
    return this.expr(p, scopes, false);
  }

  private isHelper(p: AstNode): boolean {
    const parts = p.parts as string[];
    return !p.data && p.depth === 0 && parts.length === 1 && this.helpers.has(parts[0] as string);
  }

  private params(call: AstNode, scopes: string[][]): AstNode[] {
    const p = call.path as AstNode;
    const name = p.type === 'PathExpression' ? (p.original as string) : '';
    const isCall =
      ((call.params as unknown[]) ?? []).length > 0 ||
      call.hash !== undefined ||
      call.type === 'SubExpression';
    if (isCall && p.type === 'PathExpression' && !this.isHelper(p)) this.unknown.push(name);
    return ((call.params as AstNode[]) ?? []).map((x, i) => {
      // `defined "a.b"` names the variable in a string: look it up softly too.
      if (i === 0 && name === 'defined' && x.type === 'StringLiteral') {
        const v = x.value as string;
        return sexpr('__vsoft', [str(v, x.loc), ...v.split('.').map((p) => str(p, x.loc))], x.loc);
      }
      return this.expr(x, scopes, i === 0 && SOFT_FIRST.has(name));
    });
  }

  private hash(h: AstNode | undefined, scopes: string[][]): AstNode | undefined {
    if (!h) return undefined;
    const pairs = (h.pairs as AstNode[]).map((pair) => ({
      ...pair,
      value: this.expr(pair.value as AstNode, scopes, false),
    }));
    return { ...h, pairs };
  }

  private expr(e: AstNode, scopes: string[][], soft: boolean): AstNode {
    if (e.type === 'SubExpression') {
      return { ...e, params: this.params(e, scopes), hash: this.hash(e.hash as AstNode | undefined, scopes) };
    }
    if (e.type !== 'PathExpression') return e;
    const parts = e.parts as string[];
    const original = e.original as string;
    const scoped = /^(\.|this\b)/.test(original);
    // Left to Handlebars: @data, ../parent lookups, `this`, and block params (`as |x|`).
    if (e.data || (e.depth as number) > 0 || parts.length === 0) return e;
    if (!scoped && scopes.some((names) => names.includes(parts[0] as string))) return e;
    const args = [str(original, e.loc), ...parts.map((x) => str(x, e.loc))];
    return sexpr(soft ? '__vsoft' : '__v', args, e.loc);
  }
}
