/**
 * Connection settings from a host's variables: Ansible's `ansible_*` connection variables and KubeKey's
 * `connector: {type, host, port, user, password, private_key}`. Ansible's names win when both are set.
 * Passwords are registered with src/redact.ts as they are read.
 */
import { DeckhandError } from '../errors.js';
import { registerSecret } from '../redact.js';
import { splitShellWordsOrNull } from './ssh-quote.js';

/** SshSettings: how to reach and log in to one host over SSH, and how to become root there. */
export interface SshSettings {
  /** Address or ~/.ssh/config alias to connect to (ansible_host, connector.host, else the inventory name). */
  address: string;
  port?: number;
  user?: string;
  /** Login password (writeOnly; sent through SSH_ASKPASS, never on a command line). */
  password?: string;
  /** Private key file (ansible_ssh_private_key_file, connector.private_key). */
  privateKeyFile?: string;
  /** Private key text (connector.private_key_content); written to a private 0600 file while connected. */
  privateKeyContent?: string;
  /** Extra ssh arguments (ansible_ssh_common_args + ansible_ssh_extra_args), already split. */
  extraArgs: string[];
  /** Run every command through sudo unless a request says otherwise (ansible_become / become). */
  become: boolean;
  /** sudo's target user (ansible_become_user), default root. */
  becomeUser?: string;
  /** sudo password (ansible_become_password); without it sudo must not need one. */
  becomePassword?: string;
  /** Seconds to wait for the connection (ansible_ssh_timeout / ansible_timeout), default 10. */
  timeoutSeconds?: number;
}

/** ConnectionSettings: which connector a host uses, and its SSH settings. */
export interface ConnectionSettings {
  type: 'local' | 'ssh';
  ssh: SshSettings;
}

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

function str(vars: Readonly<Record<string, unknown>>, host: string, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = name.startsWith('connector.') ? connectorField(vars, name.slice(10)) : vars[name];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    throw new DeckhandError('E_CONNECTION', `host ${host}: ${name} must be a string`, {
      context: { host, field: name },
    });
  }
  return undefined;
}

function connectorField(vars: Readonly<Record<string, unknown>>, key: string): unknown {
  const c = vars.connector;
  return c && typeof c === 'object' ? (c as Record<string, unknown>)[key] : undefined;
}

function bool(v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return /^(true|yes|on|1)$/i.test(v.trim());
  return Boolean(v);
}

function positiveInt(raw: string | undefined, host: string, field: string, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new DeckhandError('E_CONNECTION', `host ${host}: ${field} must be an integer from 1 to ${max}`, {
      context: { host, field },
    });
  }
  return n;
}

function words(text: string, host: string, field: string): string[] {
  const w = splitShellWordsOrNull(text);
  if (w === null) {
    throw new DeckhandError('E_CONNECTION', `host ${host}: ${field} has an unterminated quote`, {
      context: { host, field },
    });
  }
  return w;
}

function connectionType(
  host: string,
  vars: Readonly<Record<string, unknown>>,
  defaultType: 'local' | 'ssh',
): 'local' | 'ssh' {
  const t = str(vars, host, 'ansible_connection', 'connector.type');
  if (t === undefined) {
    const explicitAddress = str(vars, host, 'ansible_host', 'connector.host');
    return LOCAL_NAMES.has(host) && (explicitAddress === undefined || LOCAL_NAMES.has(explicitAddress))
      ? 'local'
      : defaultType;
  }
  if (t === 'local' || t === 'ssh') return t;
  throw new DeckhandError('E_CONNECTION', `host ${host}: unknown connection type "${t}" (use local or ssh)`, {
    context: { host, field: 'ansible_connection' },
  });
}

/**
 * connectionSettings reads a host's connection variables. The type comes from `ansible_connection`, else
 * KubeKey's `connector.type`, else `local` for localhost/127.0.0.1 and `defaultType` (default `ssh`, as in
 * Ansible) for every other host. Throws E_CONNECTION on malformed values.
 */
export function connectionSettings(
  host: string,
  vars: Readonly<Record<string, unknown>>,
  opts: { defaultType?: 'local' | 'ssh' } = {},
): ConnectionSettings {
  const password = str(vars, host, 'ansible_password', 'ansible_ssh_pass', 'connector.password');
  const becomePassword = str(
    vars,
    host,
    'ansible_become_password',
    'ansible_become_pass',
    'ansible_sudo_pass',
  );
  registerSecret(password);
  registerSecret(becomePassword);
  const method = str(vars, host, 'ansible_become_method');
  if (method !== undefined && method !== 'sudo') {
    throw new DeckhandError(
      'E_CONNECTION',
      `host ${host}: become method "${method}" is not supported (sudo)`,
      {
        context: { host, field: 'ansible_become_method' },
      },
    );
  }
  const common = str(vars, host, 'ansible_ssh_common_args') ?? '';
  const extra = str(vars, host, 'ansible_ssh_extra_args') ?? '';
  const ssh: SshSettings = {
    address: str(vars, host, 'ansible_host', 'ansible_ssh_host', 'connector.host') ?? host,
    port: positiveInt(
      str(vars, host, 'ansible_port', 'ansible_ssh_port', 'connector.port'),
      host,
      'port',
      65535,
    ),
    user: str(vars, host, 'ansible_user', 'ansible_ssh_user', 'connector.user'),
    password,
    privateKeyFile: str(
      vars,
      host,
      'ansible_ssh_private_key_file',
      'ansible_private_key_file',
      'connector.private_key',
    ),
    privateKeyContent: str(vars, host, 'connector.private_key_content'),
    extraArgs: [
      ...words(common, host, 'ansible_ssh_common_args'),
      ...words(extra, host, 'ansible_ssh_extra_args'),
    ],
    become: bool(vars.ansible_become ?? vars.become) ?? false,
    becomeUser: str(vars, host, 'ansible_become_user', 'become_user'),
    becomePassword,
    timeoutSeconds: positiveInt(
      str(vars, host, 'ansible_ssh_timeout', 'ansible_timeout'),
      host,
      'timeout',
      3600,
    ),
  };
  registerSecret(ssh.privateKeyContent);
  return { type: connectionType(host, vars, opts.defaultType ?? 'ssh'), ssh };
}
