/**
 * Command lines for the system OpenSSH client: the ControlMaster that holds a host's one connection,
 * and the multiplexed clients that run each command over it. OpenSSH keeps the first value it sees
 * for an option, so the order below is the precedence: ours that must hold, then the user's
 * (ansible_ssh_common_args), then our defaults, then ~/.ssh/config.
 */
import type { SshSettings } from './connection-settings.js';

/** MasterOptions: per-run choices that are not host variables. */
export interface MasterOptions {
  /** ControlPath socket (in a private 0700 directory). */
  controlPath: string;
  /** Accept and record unknown host keys (StrictHostKeyChecking=accept-new); changed keys still fail. */
  acceptNewHostKeys?: boolean;
  /** known_hosts file to use instead of ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  /** ssh_config file to use instead of ~/.ssh/config (`ssh -F`). */
  configFile?: string;
  /** Key file written from `privateKeyContent`. */
  keyFile?: string;
  /** Whether a password is supplied (through SSH_ASKPASS): BatchMode must then stay off. */
  withPassword: boolean;
}

/** masterArgs returns the argv (without `ssh`) of the ControlMaster for one host. */
export function masterArgs(s: SshSettings, o: MasterOptions): string[] {
  // These must hold whatever ~/.ssh/config or the user's arguments say: the master runs no session
  // and stays in the foreground as our child, and its diagnostics are what we classify.
  const args = ['-M', '-N', '-T', '-S', o.controlPath, '-o', 'ControlPersist=no'];
  args.push('-o', 'RemoteCommand=none', '-o', 'RequestTTY=no', '-o', 'LogLevel=ERROR');
  if (o.configFile) args.push('-F', o.configFile);
  args.push(...s.extraArgs);
  args.push('-o', `StrictHostKeyChecking=${o.acceptNewHostKeys ? 'accept-new' : 'yes'}`);
  if (o.knownHostsFile) args.push('-o', `UserKnownHostsFile=${o.knownHostsFile}`);
  args.push('-o', `ConnectTimeout=${s.timeoutSeconds ?? 10}`);
  // Detect a dead peer within ~45 s instead of hanging on a half-open TCP connection.
  args.push('-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3');
  if (o.withPassword) args.push('-o', 'BatchMode=no', '-o', 'NumberOfPasswordPrompts=1');
  else args.push('-o', 'BatchMode=yes');
  const key = o.keyFile ?? s.privateKeyFile;
  if (key) args.push('-i', key, '-o', 'IdentitiesOnly=yes');
  if (s.port !== undefined) args.push('-p', String(s.port));
  if (s.user !== undefined) args.push('-l', s.user);
  args.push('--', s.address);
  return args;
}

/**
 * clientArgs returns the argv (without `ssh`) that runs `remoteCommand` over the master's socket.
 * `-F /dev/null` keeps ~/.ssh/config from adding anything to a session, and `ProxyCommand=false` makes
 * a client fail instead of silently opening a second connection when the master is gone.
 */
export function clientArgs(controlPath: string, remoteCommand: string): string[] {
  return [
    '-F',
    '/dev/null',
    '-T',
    '-S',
    controlPath,
    '-o',
    'ControlMaster=no',
    '-o',
    'ProxyCommand=false',
    '-o',
    'BatchMode=yes',
    '-o',
    'LogLevel=ERROR',
    '--',
    'deckhand-mux',
    remoteCommand,
  ];
}
