/**
 * The engine's `connect` hook (RunOptions.connect): each host gets the local or the SSH connector
 * from its variables (connection-settings.ts). The CLI builds it once per run from its flags.
 */
import type { Connector } from '../module.js';
import { connectionSettings } from './connection-settings.js';
import { localConnector } from './local.js';
import { sshConnector, type SshConnectOptions } from './ssh.js';

/** ConnectByVarsOptions: the run-wide SSH options plus the type of hosts that name none. */
export interface ConnectByVarsOptions extends SshConnectOptions {
  /** Connection of hosts without ansible_connection/connector.type (default `ssh`; localhost is local). */
  defaultType?: 'local' | 'ssh';
}

/**
 * connectByVars returns `(host, vars) => Promise<Connector>`: `local` → localConnector, `ssh` →
 * sshConnector (one ControlMaster per host, E_UNREACHABLE with a `reason` when it cannot connect).
 */
export function connectByVars(
  opts: ConnectByVarsOptions = {},
): (host: string, vars: Readonly<Record<string, unknown>>) => Promise<Connector> {
  const { defaultType, ...ssh } = opts;
  return async (host, vars) => {
    const s = connectionSettings(host, vars, { defaultType });
    return s.type === 'ssh' ? sshConnector(host, s.ssh, ssh) : localConnector(host);
  };
}
