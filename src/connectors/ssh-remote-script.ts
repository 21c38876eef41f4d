/**
 * The POSIX sh scripts run on a remote host, and the sudo wrapper for `become`. The sudo password goes
 * first on stdin and is read by the login-user shell alone; the command's stdin is never that pipe, so a
 * sudo that needs no password cannot leak it into the command (data is staged in a 0600 temp file).
 */
import type { ExecRequest } from '../module.js';
import { DeckhandError } from '../errors.js';
import { shJoin, shQuote } from './ssh-quote.js';

/** BECOME_MARK is printed to stderr by the command shell once sudo has let us in. */
export const BECOME_MARK = '__DECKHAND_BECOME_OK__';
/** ENOENT_MARK tells "no such file" from other read failures. */
export const ENOENT_MARK = '__DECKHAND_ENOENT__';

/** Become: run as `user` through sudo, with a password or (sudo -n) without one. */
export interface Become {
  user: string;
  password?: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** commandScript turns an ExecRequest (argv or shell, cwd, env) into one sh script. */
export function commandScript(req: ExecRequest, host: string): string {
  const lines: string[] = [];
  if (req.cwd) lines.push(`cd -- ${shQuote(req.cwd)} || exit 1`);
  for (const [k, v] of Object.entries(req.env ?? {})) {
    if (!ENV_NAME.test(k)) {
      throw new DeckhandError('E_MODULE', `invalid environment variable name "${k}"`, { context: { host } });
    }
    lines.push(`export ${k}=${shQuote(v)}`);
  }
  if (req.argv && req.argv.length > 0) lines.push(`exec ${shJoin(req.argv)}`);
  else if (req.shell !== undefined)
    lines.push(`exec ${shJoin([req.executable ?? '/bin/sh', '-c', req.shell])}`);
  else throw new DeckhandError('E_MODULE', 'exec needs argv or shell', { context: { host } });
  return lines.join('\n');
}

/**
 * remoteCommand wraps `script` for the login shell (one `/bin/sh -c` word), through sudo when `become`
 * is set. Returns the command and what to send first on stdin (the sudo password line).
 */
export function remoteCommand(
  script: string,
  become: Become | undefined,
  hasStdin: boolean,
): { command: string; stdinPrefix?: string } {
  if (!become) return { command: `/bin/sh -c ${shQuote(script)}` };
  const sudo = (flags: string) => `sudo ${flags} -u ${shQuote(become.user)} -- /bin/sh -c`;
  if (become.password === undefined) {
    const inner = `echo ${BECOME_MARK} >&2\n${script}`;
    return { command: `/bin/sh -c ${shQuote(`${sudo('-n')} ${shQuote(inner)}`)}` };
  }
  const feed = `printf '%s\\n' "$p" | ${sudo("-S -p ''")}`;
  let outer: string;
  if (!hasStdin) {
    const inner = `exec </dev/null\necho ${BECOME_MARK} >&2\n${script}`;
    outer = `IFS= read -r p\n${feed} ${shQuote(inner)}`;
  } else {
    const inner = `exec <"$1"\nrm -f -- "$1"\nset --\necho ${BECOME_MARK} >&2\n${script}`;
    outer = [
      'IFS= read -r p',
      'umask 077',
      't=$(mktemp) || exit 1',
      'cat > "$t"',
      `${feed} ${shQuote(inner)} deckhand "$t"`,
      'rc=$?',
      'rm -f -- "$t"',
      'exit $rc',
    ].join('\n');
  }
  return { command: `/bin/sh -c ${shQuote(outer)}`, stdinPrefix: `${become.password}\n` };
}

/** readScript prints the file, or ENOENT_MARK on stderr and exit 1 when it does not exist. */
export function readScript(path: string): string {
  const p = shQuote(path);
  return `if [ -e ${p} ]; then exec cat -- ${p}; else echo ${ENOENT_MARK} >&2; exit 1; fi`;
}

/** statScript prints `<size> <raw mode in hex>` (following symlinks), or ENOENT_MARK. */
export function statScript(path: string): string {
  const p = shQuote(path);
  return `if [ -e ${p} ]; then exec stat -L -c '%s %f' -- ${p}; else echo ${ENOENT_MARK}; fi`;
}

/**
 * writeScript replaces `path` with stdin atomically: a temp file in the same directory, then rename.
 * Mode: `mode` if given, else the existing file's, else 0644; an existing file's owner is kept.
 */
export function writeScript(path: string, mode?: number): string {
  const m = mode === undefined ? '"$m"' : (mode & 0o7777).toString(8).padStart(4, '0');
  return [
    'set -e',
    `p=${shQuote(path)}`,
    'd=$(dirname -- "$p")',
    't=$(mktemp "$d/.deckhand.XXXXXX")',
    `trap 'rm -f -- "$t"' EXIT`,
    'cat > "$t"',
    'm=0644',
    'if [ -e "$p" ]; then',
    '  chown "$(stat -L -c %u:%g -- "$p")" "$t" 2>/dev/null || :',
    '  m=$(stat -L -c %a -- "$p")',
    'fi',
    `chmod ${m} "$t"`,
    'mv -f -- "$t" "$p"',
    'trap - EXIT',
  ].join('\n');
}

/** parseStat reads statScript's output. */
export function parseStat(
  out: string,
): { size: number; mode: number; isFile: boolean; isDirectory: boolean } | null {
  const text = out.trim();
  if (text === ENOENT_MARK) return null;
  const m = /^(\d+) ([0-9a-fA-F]+)$/.exec(text);
  if (!m) throw new Error(`unexpected stat output: ${text.slice(0, 200)}`);
  const raw = parseInt(m[2] as string, 16);
  const type = raw & 0o170000;
  return {
    size: Number(m[1]),
    mode: raw & 0o7777,
    isFile: type === 0o100000,
    isDirectory: type === 0o040000,
  };
}
