/**
 * File calls as a `become_user` other than root. The Connector's file calls only know "become"
 * (the host's become user, root by default), so a task with `become_user: app` would otherwise
 * write root-owned files; these run the connectors' own POSIX scripts through exec as that user.
 */
import { randomBytes } from 'node:crypto';
import { ENOENT_MARK, parseStat, statScript, writeScript } from '../connectors/ssh-remote-script.js';
import { shQuote } from '../connectors/ssh-quote.js';
import { DeckhandError } from '../errors.js';
import type { Connector, ExecResult, FileStat } from '../module.js';

/** UserFiles reads, writes and stats files on a host as `user` (sudo -u), through `exec`. */
export class UserFiles {
  constructor(
    private readonly conn: Connector,
    private readonly user: string,
  ) {}

  /** readFile returns the file's bytes (sent as base64, since exec output is text), or null. */
  async readFile(path: string): Promise<Buffer | null> {
    const p = shQuote(path);
    const r = await this.run(
      `if [ -e ${p} ]; then exec base64 < ${p}; else echo ${ENOENT_MARK} >&2; exit 1; fi`,
    );
    if (r.rc === 0) return Buffer.from(r.stdout, 'base64');
    if (r.stderr.includes(ENOENT_MARK)) return null;
    throw this.fail('read', path, r);
  }

  /**
   * writeFile replaces `path` atomically (temp file + rename), as the connectors do. The content is
   * staged by the host's become user (root) in a private file handed to `user`, because a sudo
   * password may already occupy the command's stdin and another user cannot read what it stages.
   */
  async writeFile(path: string, content: Uint8Array, mode?: number): Promise<void> {
    const staged = `/tmp/.deckhand-become-${randomBytes(8).toString('hex')}`;
    await this.conn.writeFile(staged, content, { mode: 0o600, become: true });
    try {
      const own = await this.conn.exec({ argv: ['chown', '--', this.user, staged], become: true });
      if (own.rc !== 0) throw this.fail('write', path, own);
      const r = await this.run(`exec < ${shQuote(staged)}\n${writeScript(path, mode)}`);
      if (r.rc !== 0) throw this.fail('write', path, r);
    } finally {
      await this.conn.exec({ argv: ['rm', '-f', '--', staged], become: true }).catch(() => undefined);
    }
  }

  /** stat returns the file's size, mode and type, or null when it does not exist. */
  async stat(path: string): Promise<FileStat | null> {
    const r = await this.run(statScript(path));
    if (r.rc !== 0) throw this.fail('stat', path, r);
    return parseStat(r.stdout);
  }

  private run(shell: string): Promise<ExecResult> {
    return this.conn.exec({ shell, become: true, becomeUser: this.user });
  }

  private fail(op: string, path: string, r: ExecResult): DeckhandError {
    const why = r.stderr.trim().split('\n').at(-1) || `exit status ${r.rc}`;
    return new DeckhandError('E_FILE', `cannot ${op} ${path} on ${this.conn.host} as ${this.user}: ${why}`, {
      context: { host: this.conn.host, path },
    });
  }
}
