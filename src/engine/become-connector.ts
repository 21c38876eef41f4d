/**
 * BecomeConnector applies a task's `become` keyword to every call a module makes, so modules stay
 * unaware of privilege escalation: exec gets `become`/`becomeUser`, file calls get `become`.
 */
import type { Connector, ExecRequest, ExecResult, FileStat } from '../module.js';
import type { Become } from './become.js';

/** BecomeConnector wraps a host's connector for one task run; it never closes the shared connection. */
export class BecomeConnector implements Connector {
  constructor(
    private readonly inner: Connector,
    private readonly setting: Become,
  ) {}

  get kind(): Connector['kind'] {
    return this.inner.kind;
  }
  get host(): string {
    return this.inner.host;
  }

  /** exec runs `req` with the task's become unless the module asked for something itself. */
  exec(req: ExecRequest, opts?: { signal?: AbortSignal }): Promise<ExecResult> {
    return this.inner.exec(
      {
        ...req,
        become: req.become ?? this.setting.become,
        becomeUser: req.becomeUser ?? this.setting.user,
      },
      opts,
    );
  }
  readFile(path: string, opts?: { become?: boolean }): Promise<Buffer | null> {
    return this.inner.readFile(path, { ...opts, become: opts?.become ?? this.setting.become });
  }
  writeFile(path: string, content: Uint8Array, opts?: { mode?: number; become?: boolean }): Promise<void> {
    return this.inner.writeFile(path, content, { ...opts, become: opts?.become ?? this.setting.become });
  }
  stat(path: string, opts?: { become?: boolean }): Promise<FileStat | null> {
    return this.inner.stat(path, { ...opts, become: opts?.become ?? this.setting.become });
  }
  /** close does nothing: the connection belongs to the host and is closed when the run ends. */
  async close(): Promise<void> {}
}

/** withBecome wraps `conn` when a become keyword is in force, else returns it unchanged. */
export function withBecome(conn: Connector, setting: Become | undefined): Connector {
  return setting ? new BecomeConnector(conn, setting) : conn;
}
