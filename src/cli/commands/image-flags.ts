/**
 * The flags shared by the `deckhand image` commands (connection and credentials, output) and their
 * commander parsers. Only commander and redact.ts: every subcommand's definition loads this, so
 * `deckhand image --help` and each `image <sub>` stay cheap to start (issue 7).
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { Policy } from '../../../modules/image/types.js';
import { registerSecret } from '../../redact.js';

/** Connection flags as commander parses them. */
export interface ConnectionFlags {
  creds?: { username: string; password: string };
  authfile?: string;
  skipTlsVerify?: boolean;
  caFile?: string;
  plainHttp?: boolean;
}

/** Output flags. */
export interface OutputFlags {
  json?: boolean;
  quiet?: boolean;
}

/** parseCreds parses `USER:PASS` and registers the password as a secret at once. */
export function parseCreds(value: string): { username: string; password: string } {
  const colon = value.indexOf(':');
  if (colon <= 0) {
    registerSecret(value);
    throw new InvalidArgumentError('expected USER:PASSWORD.');
  }
  const password = value.slice(colon + 1);
  registerSecret(password);
  return { username: value.slice(0, colon), password };
}

/** parseCount accepts a whole number from 1 to 64. */
export function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 64)
    throw new InvalidArgumentError('must be a whole number from 1 to 64.');
  return n;
}

/** parsePolicy accepts strict or warn. */
export function parsePolicy(value: string): Policy {
  if (value !== 'strict' && value !== 'warn') throw new InvalidArgumentError('must be "strict" or "warn".');
  return value;
}

/** connectionOptions adds --creds, --authfile, --skip-tls-verify, --ca-file and --plain-http. */
export function connectionOptions(
  cmd: Command,
  credsHelp = 'credentials for the registries this command names',
): Command {
  return cmd
    .option('--creds <user:password>', `${credsHelp} (never printed)`, parseCreds)
    .option(
      '--authfile <file>',
      'a docker config.json to read credentials from (default ~/.docker/config.json)',
    )
    .option('--skip-tls-verify', 'do not verify registry certificates')
    .option('--ca-file <file>', 'a PEM CA bundle to trust')
    .option('--plain-http', 'speak plain HTTP to the registries');
}

/** outputOptions adds --json and --quiet. */
export function outputOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print a machine-readable JSON result on stdout')
    .option('-q, --quiet', 'print nothing but errors');
}
