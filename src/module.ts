/**
 * The module contract (types only, DESIGN.md §1 and §8.10). Modules never import the engine and the
 * engine never imports modules: the CLI hands the engine the table in `modules/index.ts`.
 * The engine owns control flow (loop, when, register, templating, argument checks); a module gets
 * rendered, validated arguments and returns a result. See modules/README.md.
 */

/** Result of running a command on a host. */
export interface ExecResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/** What to run: an argv (no shell) or a shell command line. */
export interface ExecRequest {
  argv?: string[];
  shell?: string;
  /** Interpreter for `shell` (default `/bin/sh`). */
  executable?: string;
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string | Uint8Array;
  /** Run as root through sudo (`become`). */
  become?: boolean;
  becomeUser?: string;
}

/** File metadata on a host. */
export interface FileStat {
  size: number;
  /** Permission bits (e.g. 0o644). */
  mode: number;
  isFile: boolean;
  isDirectory: boolean;
}

/** A connection to a host: local (execa) now, ssh later. Reused for all of one host's tasks. */
export interface Connector {
  readonly kind: 'local' | 'ssh';
  /** The host name as written in the inventory. */
  readonly host: string;
  exec(req: ExecRequest, opts?: { signal?: AbortSignal }): Promise<ExecResult>;
  /** readFile returns null when the file does not exist. */
  readFile(path: string, opts?: { become?: boolean }): Promise<Buffer | null>;
  /** writeFile replaces `path` atomically (temp file + rename on the host). */
  writeFile(path: string, content: Uint8Array, opts?: { mode?: number; become?: boolean }): Promise<void>;
  /** stat returns null when the path does not exist. */
  stat(path: string, opts?: { become?: boolean }): Promise<FileStat | null>;
  close(): Promise<void>;
}

/** A progress or log event a module emits; the CLI renders it (bars on a TTY, lines elsewhere). */
export interface ModuleEvent {
  type: string;
  [key: string]: unknown;
}

/** What a module receives besides its arguments. */
export interface ModuleContext {
  /** inventory_hostname of the host this task runs for. */
  readonly host: string;
  /** The host's variables as the task sees them (read-only). */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly connector: Connector;
  /** `--check`: report what would change, change nothing. */
  readonly check: boolean;
  /** Directory of the playbook file (relative `src` paths resolve against it). */
  readonly playbookDir: string;
  readonly signal: AbortSignal;
  /** Task identity, for error messages. */
  readonly task: { name: string; file?: string; line?: number };
  /** Render a template with the host's variables plus `extra` (for arguments a module renders itself). */
  render(template: string, extra?: Record<string, unknown>): unknown;
  /** Render a template and require a string result. */
  renderString(template: string, extra?: Record<string, unknown>): string;
  emit(event: ModuleEvent): void;
}

/** What a module returns; the engine fills in defaults and registers it. */
export interface ModuleResult {
  changed: boolean;
  failed?: boolean;
  skipped?: boolean;
  rc?: number;
  stdout?: string;
  stderr?: string;
  msg?: string;
  /** Structured output (registered as `data`). */
  data?: unknown;
  /** Variables to set on the host (set_fact, include_vars, setup). Precedence: registered/set_fact. */
  facts?: Record<string, unknown>;
}

/** A JSON Schema (draft 2020-12) object. */
export type JsonSchema = Record<string, unknown>;

/** A module: one folder under modules/, its schema in schema/modules/. */
export interface Module<Args = Record<string, unknown>> {
  readonly name: string;
  /** JSON Schema of the arguments (after the free-form string is turned into an object). */
  readonly schema: JsonSchema;
  /** Whether the module honours `--check`; the engine skips modules that do not. */
  readonly checkMode: boolean;
  /** When set, a string argument `mod: "text"` becomes `{[freeForm]: "text"}`. */
  readonly freeForm?: string;
  /**
   * Dotted argument paths the engine must not render (the module renders them itself, later, with
   * more variables, e.g. the image module's `push.dest`). `*` matches any one key or list index.
   */
  readonly lateRender?: readonly string[];
  run(args: Args, ctx: ModuleContext): Promise<ModuleResult>;
}
