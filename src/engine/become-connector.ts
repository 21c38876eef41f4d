/**
 * BecomeConnector applies a task's `become` keyword to every call a module makes, so modules stay
 * unaware of privilege escalation: exec gets `become`/`becomeUser`, file calls get `become` (and run
 * as the become_user through exec when that is not root).
 */
import type { Connector, ExecRequest, ExecResult, FileStat } from '../module.js';
import type { Become } from './become.js';
import { UserFiles } from './become-user-files.js';

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
    const become = opts?.become ?? this.setting.become;
    return this.asUser(become)?.readFile(path) ?? this.inner.readFile(path, { ...opts, become });
  }
  writeFile(path: string, content: Uint8Array, opts?: { mode?: number; become?: boolean }): Promise<void> {
    const become = opts?.become ?? this.setting.become;
    return (
      this.asUser(become)?.writeFile(path, content, opts?.mode) ??
      this.inner.writeFile(path, content, { ...opts, become })
    );
  }
  stat(path: string, opts?: { become?: boolean }): Promise<FileStat | null> {
    const become = opts?.become ?? this.setting.become;
    return this.asUser(become)?.stat(path) ?? this.inner.stat(path, { ...opts, become });
  }
  /** asUser: file calls go through exec when the task becomes a user other than root. */
  private asUser(become: boolean | undefined): UserFiles | undefined {
    const user = this.setting.user;
    return become === true && user !== undefined && user !== 'root'
      ? new UserFiles(this.inner, user)
      : undefined;
  }
  /** close does nothing: the connection belongs to the host and is closed when the run ends. */
  async close(): Promise<void> {}
}

/** withBecome wraps `conn` when a become keyword is in force, else returns it unchanged. */
export function withBecome(conn: Connector, setting: Become | undefined): Connector {
  return setting ? new BecomeConnector(conn, setting) : conn;
}
