/**
 * Per-host variables (DESIGN.md §3), lowest to highest: inventory (all → groups → host) → play
 * vars/vars_files → block vars → task vars → registered results and facts → extra vars, with the
 * magic variables on top. Each host's merged base is cached and rebuilt only when that host's facts
 * change, so a task costs O(variables) per host, never O(hosts).
 */
import { LAZY, type Vars } from './template.js';

type Rec = Record<string, unknown>;

/** A host's state across plays: inventory variables and the facts/registered results it gathers. */
export class HostState {
  /** Registered results, set_fact and include_vars facts. */
  readonly facts: Rec = Object.create(null) as Rec;
  version = 0;

  constructor(
    readonly name: string,
    readonly inventory: Readonly<Rec>,
    readonly groupNames: readonly string[],
  ) {}

  /** setFacts merges facts (a new version: cached scopes are rebuilt on next use). */
  setFacts(facts: Readonly<Rec>): void {
    for (const [k, v] of Object.entries(facts)) {
      Object.defineProperty(this.facts, k, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    this.version++;
  }
}

/** What every host of a play shares. */
export interface PlayScope {
  readonly playVars: Readonly<Rec>;
  readonly extraVars: Readonly<Rec>;
  /** Magic variables the same for all hosts (groups, playbook_dir, ansible_check_mode, …). */
  readonly magic: Readonly<Rec>;
}

function assign(target: Rec, src: Readonly<Rec> | undefined): void {
  if (!src) return;
  for (const k of Object.keys(src)) {
    Object.defineProperty(target, k, { value: src[k], enumerable: true, writable: true, configurable: true });
  }
}

interface Cached {
  version: number;
  base: Rec;
  scope: Rec;
}

/** PlayVars builds the variables templates see, per host, for one play. */
export class PlayVars {
  private readonly cache = new Map<string, Cached>();
  /** The `hostvars` magic variable: host name → that host's variables (computed on access). */
  readonly hostvars: Rec = Object.create(null) as Rec;
  /** How many times a host's variables were merged (a test checks this stays linear). */
  builds = 0;

  constructor(
    private readonly play: PlayScope,
    private readonly hosts: ReadonlyMap<string, HostState>,
  ) {
    for (const name of hosts.keys()) {
      Object.defineProperty(this.hostvars, name, { enumerable: true, get: () => this.entry(name).base });
    }
  }

  private entry(host: string): Cached {
    const state = this.hosts.get(host) as HostState;
    let c = this.cache.get(host);
    if (c && c.version === state.version) return c;
    this.builds++;
    const base = Object.create(null) as Rec;
    assign(base, state.inventory);
    assign(base, this.play.playVars);
    assign(base, state.facts);
    assign(base, this.play.extraVars);
    assign(base, this.play.magic);
    assign(base, {
      inventory_hostname: host,
      inventory_hostname_short: host.split('.')[0],
      group_names: state.groupNames,
    });
    const lazy = new Set([...Object.keys(state.inventory), ...Object.keys(this.play.playVars)]);
    for (const k of [...Object.keys(state.facts), ...Object.keys(this.play.extraVars)]) lazy.delete(k);
    Object.defineProperty(base, LAZY, { value: lazy });
    const scope = Object.create(null) as Rec;
    assign(scope, base);
    scope.hostvars = this.hostvars;
    Object.defineProperty(scope, LAZY, { value: lazy });
    // Shared by every task of this host until its facts change: nobody may write to it.
    c = { version: state.version, base: Object.freeze(base), scope: Object.freeze(scope) };
    this.cache.set(host, c);
    return c;
  }

  /**
   * scope returns the variables of a task on `host`: `layers` (block then task vars, lowest first)
   * sit above play vars but under facts and extra vars; `top` (loop item, registered result) wins;
   * `defaults` (role defaults, lowest first) sit under everything.
   */
  scope(
    host: string,
    layers: ReadonlyArray<Readonly<Rec> | undefined> = [],
    top?: Readonly<Rec>,
    defaults: ReadonlyArray<Readonly<Rec> | undefined> = [],
  ): Vars {
    const c = this.entry(host);
    const used = layers.filter((l): l is Readonly<Rec> => l !== undefined && Object.keys(l).length > 0);
    const defs = defaults.filter((l): l is Readonly<Rec> => l !== undefined && Object.keys(l).length > 0);
    if (used.length === 0 && !top && defs.length === 0) return c.scope as Vars;
    const state = this.hosts.get(host) as HostState;
    const out = Object.create(null) as Rec;
    // Role defaults sit under everything, inventory included.
    for (const d of defs) assign(out, d);
    assign(out, c.scope);
    const lazy = new Set((c.base as Vars)[LAZY]);
    for (const k of defs.flatMap((d) => Object.keys(d))) if (!Object.hasOwn(c.scope, k)) lazy.add(k);
    for (const l of used) {
      assign(out, l);
      for (const k of Object.keys(l)) lazy.add(k);
    }
    // Facts and extra vars stay above block/task vars.
    for (const k of used.flatMap((l) => Object.keys(l))) {
      if (Object.hasOwn(state.facts, k)) {
        out[k] = state.facts[k];
        lazy.delete(k);
      }
      if (Object.hasOwn(this.play.extraVars, k)) {
        out[k] = this.play.extraVars[k];
        lazy.delete(k);
      }
    }
    if (top) {
      assign(out, top);
      for (const k of Object.keys(top)) lazy.delete(k);
    }
    Object.defineProperty(out, LAZY, { value: lazy });
    return out as Vars;
  }
}
