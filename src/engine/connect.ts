/**
 * Host connections: the default choice by `ansible_connection`, and a connector that connects on
 * first use (tasks like debug or set_fact never open a connection) and is reused for the host.
 */
import { localConnector } from '../connectors/local.js';
import { DeckhandError, errorMessage, isDeckhandError } from '../errors.js';
import type { Connector, ExecRequest, ExecResult, FileStat } from '../module.js';

/** ConnectFn opens a connection to a host given its variables. */
export type ConnectFn = (host: string, vars: Readonly<Record<string, unknown>>) => Promise<Connector>;

/** defaultConnect picks the connector from `ansible_connection` (default: local for localhost). */
export async function defaultConnect(
  host: string,
  vars: Readonly<Record<string, unknown>>,
): Promise<Connector> {
  const isLocal = host === 'localhost' || host === '127.0.0.1';
  const kind = vars.ansible_connection ?? (isLocal ? 'local' : 'ssh');
  if (kind === 'local') return localConnector(host);
  throw new DeckhandError(
    'E_CONNECTION',
    `host "${host}": connection type "${String(kind)}" is not supported`,
    {
      context: { host, field: 'ansible_connection' },
    },
  );
}

/** LazyConnector opens the real connection on first use; a failure to connect is E_UNREACHABLE. */
export class LazyConnector implements Connector {
  private real?: Promise<Connector>;

  constructor(
    readonly host: string,
    private readonly open: () => Promise<Connector>,
    /** The kind the host's variables ask for (known before connecting). */
    readonly kind: 'local' | 'ssh' = 'local',
  ) {}

  private conn(): Promise<Connector> {
    this.real ??= this.open().catch((e: unknown) => {
      const code = isDeckhandError(e) && e.code === 'E_CONNECTION' ? 'E_CONNECTION' : 'E_UNREACHABLE';
      throw new DeckhandError(code, `host "${this.host}" is unreachable: ${errorMessage(e)}`, {
        cause: e,
        context: { host: this.host },
      });
    });
    return this.real;
  }

  async exec(req: ExecRequest, opts?: { signal?: AbortSignal }): Promise<ExecResult> {
    return (await this.conn()).exec(req, opts);
  }
  async readFile(path: string, opts?: { become?: boolean }): Promise<Buffer | null> {
    return (await this.conn()).readFile(path, opts);
  }
  async writeFile(
    path: string,
    content: Uint8Array,
    opts?: { mode?: number; become?: boolean },
  ): Promise<void> {
    return (await this.conn()).writeFile(path, content, opts);
  }
  async stat(path: string, opts?: { become?: boolean }): Promise<FileStat | null> {
    return (await this.conn()).stat(path, opts);
  }
  /** close closes the real connection if one was opened. */
  async close(): Promise<void> {
    if (!this.real) return;
    const r = this.real;
    this.real = undefined;
    await (await r.catch(() => undefined))?.close();
  }
}

/** isUnreachable tells whether an error means the host cannot be reached (not that a task failed). */
export function isUnreachable(e: unknown): boolean {
  return isDeckhandError(e) && (e.code === 'E_UNREACHABLE' || e.code === 'E_CONNECTION');
}
