/**
 * Why an SSH connection failed, read from OpenSSH's diagnostics, as an E_UNREACHABLE error that names
 * the host and the reason. Callers test `code` and `reason`, never the message. Secrets are redacted.
 */
import { DeckhandError } from '../errors.js';
import { redact } from '../redact.js';

/** SshFailure: the stable reason an SSH connection failed or was lost. */
export type SshFailure =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'auth'
  | 'refused'
  | 'timeout'
  | 'dns'
  | 'network'
  | 'closed'
  | 'other';

const RULES: ReadonlyArray<[RegExp, SshFailure, string]> = [
  [
    /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/,
    'host-key-changed',
    'its host key has CHANGED since it was recorded in known_hosts (possible man-in-the-middle); fix known_hosts if the change is expected',
  ],
  [
    /No \S+ host key is known|Host key verification failed/,
    'host-key-unknown',
    'its host key is not in known_hosts (add it, or accept new keys with --ssh-accept-new-host-keys)',
  ],
  [/Permission denied|Too many authentication failures/, 'auth', 'authentication failed'],
  [/Connection refused/, 'refused', 'connection refused'],
  [/timed out|Timeout, server/, 'timeout', 'connection timed out'],
  [/Could not resolve hostname|Name or service not known/, 'dns', 'host name does not resolve'],
  [/No route to host|Network is unreachable/, 'network', 'network unreachable'],
  [
    /closed by remote host|Connection closed|Connection reset|Broken pipe|kex_exchange_identification/,
    'closed',
    'the connection was closed by the remote side',
  ],
];

/** classifySshError maps OpenSSH's stderr to a reason and a short explanation. */
export function classifySshError(stderr: string): { reason: SshFailure; text: string } {
  for (const [re, reason, text] of RULES) if (re.test(stderr)) return { reason, text };
  return { reason: 'other', text: 'ssh failed' };
}

/** SshUnreachableError: E_UNREACHABLE with a stable `reason`; the engine reports the host as unreachable. */
export class SshUnreachableError extends DeckhandError {
  readonly reason: SshFailure;
  constructor(host: string, reason: SshFailure, message: string, details: string[], cause?: unknown) {
    super('E_UNREACHABLE', message, { context: { host }, details, cause });
    this.name = 'SshUnreachableError';
    this.reason = reason;
  }
}

/** diagnosticLines keeps OpenSSH's meaningful stderr lines (no banners), redacted, at most 8. */
export function diagnosticLines(stderr: string): string[] {
  return redact(stderr)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^@+$/.test(l) && !/^Warning: Permanently added/.test(l))
    .slice(-8);
}

/** unreachableError builds the error for `host` (reached as `target`) from ssh's stderr. */
export function unreachableError(
  host: string,
  target: string,
  stderr: string,
  phase: 'connect' | 'lost',
  forced?: SshFailure,
): SshUnreachableError {
  const found = classifySshError(stderr);
  const reason = forced ?? found.reason;
  const text = forced && forced !== found.reason ? describe(forced) : found.text;
  const lines = diagnosticLines(stderr);
  const last = lines.filter((l) => !/Host key verification failed/.test(l)).at(-1);
  const verb = phase === 'connect' ? 'cannot connect to' : 'lost the connection to';
  const tail = last && reason === 'other' ? `: ${last}` : '';
  return new SshUnreachableError(host, reason, `${verb} ${host} (${redact(target)}): ${text}${tail}`, lines);
}

function describe(reason: SshFailure): string {
  if (reason === 'timeout') return 'connection timed out';
  if (reason === 'closed') return 'the connection was closed';
  return reason;
}
