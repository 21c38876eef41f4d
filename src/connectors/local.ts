/**
 * The local connector: runs commands with execa and touches files with node:fs on this machine
 * (`ansible_connection: local`). `become` goes through `sudo -n`, so it never prompts.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat as fsStat, unlink, chmod } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { execa } from 'execa';
import { DeckhandError, errorMessage } from '../errors.js';
import type { Connector, ExecRequest, ExecResult, FileStat } from '../module.js';

/** argvFor builds the program and arguments for a request, wrapping it in sudo for `become`. */
export function argvFor(req: ExecRequest): string[] {
  let argv: string[];
  if (req.argv && req.argv.length > 0) argv = req.argv;
  else if (req.shell !== undefined) argv = [req.executable ?? '/bin/sh', '-c', req.shell];
  else throw new DeckhandError('E_MODULE', 'exec needs argv or shell');
  if (!req.become) return argv;
  return ['sudo', '-n', ...(req.becomeUser ? ['-u', req.becomeUser] : []), '--', ...argv];
}

async function run(req: ExecRequest, signal?: AbortSignal): Promise<ExecResult> {
  const [file, ...args] = argvFor(req);
  const res = await execa(file!, args, {
    cwd: req.cwd,
    env: req.env,
    input: req.stdin,
    reject: false,
    stripFinalNewline: false,
    cancelSignal: signal,
    encoding: 'utf8',
  });
  if (res.isCanceled) throw new DeckhandError('E_CANCELLED', `cancelled: ${file}`);
  const code = (res.cause as NodeJS.ErrnoException | undefined)?.code;
  // Spawn failures have no exit code; report them as a shell would, so the module fails with a readable rc.
  if (res.exitCode === undefined) {
    if (code === 'ENOENT' && req.cwd && !(await statOrNull(req.cwd))) {
      return { rc: 1, stdout: '', stderr: `chdir: ${req.cwd}: no such directory` };
    }
    if (code === 'ENOENT') return { rc: 127, stdout: '', stderr: `${file}: command not found` };
    if (code === 'EACCES') return { rc: 126, stdout: '', stderr: `${file}: permission denied` };
    if (res.signal)
      return {
        rc: 128 + signalNumber(res.signal),
        stdout: String(res.stdout ?? ''),
        stderr: `killed by ${res.signal}`,
      };
    return { rc: 1, stdout: '', stderr: res.shortMessage ?? `${file}: failed to start` };
  }
  return { rc: res.exitCode, stdout: String(res.stdout ?? ''), stderr: String(res.stderr ?? '') };
}

function signalNumber(sig: string): number {
  const n = ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[sig];
  return n ?? 0;
}

async function statOrNull(path: string): Promise<FileStat | null> {
  try {
    const s = await fsStat(path);
    return { size: s.size, mode: s.mode & 0o7777, isFile: s.isFile(), isDirectory: s.isDirectory() };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR')
      return null;
    throw fileError('stat', path, e);
  }
}

function fileError(op: string, path: string, e: unknown): DeckhandError {
  return new DeckhandError('E_FILE', `${op} ${path}: ${errorMessage(e)}`, { cause: e, context: { path } });
}

/** writeAtomic writes to a temp file beside `path`, fsyncs, sets the mode, then renames over `path`. */
async function writeAtomic(path: string, content: Uint8Array, mode: number): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.deckhand-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw fileError('write', path, e);
  }
}

const SUDO_WRITE =
  'umask 077; t=$(mktemp "$1.deckhand-XXXXXX") && cat > "$t" && chmod "$2" "$t" && mv -f "$t" "$1" || { rm -f "$t"; exit 1; }';

/** localConnector returns a Connector for `host` that acts on this machine. */
export function localConnector(host: string): Connector {
  const sudoExec = async (argv: string[], stdin?: Uint8Array): Promise<ExecResult> => {
    const res = await run({ argv, become: true, stdin });
    if (res.rc !== 0) throw new DeckhandError('E_FILE', `sudo ${argv[0]} failed: ${res.stderr.trim()}`);
    return res;
  };
  return {
    kind: 'local',
    host,
    exec: (req, opts) => run(req, opts?.signal),
    async readFile(path, opts) {
      if (opts?.become) {
        if (!(await this.stat(path, opts))) return null;
        // Bytes, not text: the file may be binary.
        const r = await execa('sudo', ['-n', '--', 'cat', '--', path], { reject: false, encoding: 'buffer' });
        if (r.exitCode !== 0)
          throw new DeckhandError(
            'E_FILE',
            `sudo cat ${path} failed: ${String(Buffer.from(r.stderr)).trim()}`,
            { context: { path } },
          );
        return Buffer.from(r.stdout);
      }
      try {
        return await readFile(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw fileError('read', path, e);
      }
    },
    async writeFile(path, content, opts) {
      const existing = await statOrNull(path);
      const mode = opts?.mode ?? existing?.mode ?? 0o644;
      if (opts?.become) {
        await sudoExec(['sh', '-c', SUDO_WRITE, 'sh', path, mode.toString(8)], content);
        return;
      }
      await writeAtomic(path, content, mode);
    },
    async stat(path, opts) {
      if (!opts?.become) return statOrNull(path);
      const res = await run({ argv: ['stat', '-c', '%s %a %F', '--', path], become: true });
      if (res.rc !== 0) return null;
      const [size, mode, ...type] = res.stdout.trim().split(' ');
      const kind = type.join(' ');
      return {
        size: Number(size),
        mode: parseInt(mode!, 8),
        isFile: kind.startsWith('regular'),
        isDirectory: kind === 'directory',
      };
    },
    async close() {},
  };
}
