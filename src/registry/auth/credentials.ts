/**
 * Credentials from the docker config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`):
 * `credHelpers[host]`, then `auths` (by host or legacy URL), then `credsStore`, as the docker CLI does.
 * Helpers are run as `docker-credential-<name> get` with the server on stdin. Every secret read is registered.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DeckhandError, errorMessage } from '../../errors.js';
import { registerSecret } from '../../redact.js';
import type { Credentials } from '../options.js';

/** The keys Docker Hub credentials are stored under. */
const DOCKER_HUB_KEYS = [
  'https://index.docker.io/v1/',
  'index.docker.io',
  'docker.io',
  'registry-1.docker.io',
];

interface DockerConfig {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string; registrytoken?: string }
  >;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** dockerConfigDir is $DOCKER_CONFIG or ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/** isDockerHub tells whether a registry host is Docker Hub under any of its names. */
export function isDockerHub(host: string): boolean {
  return ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(host.toLowerCase());
}

/**
 * registryMatches tells whether an auth entry naming `entry` (`host:5000`, `https://host:5000/v1/`,
 * `docker.io`) applies to `registry`: host and port exactly, Docker Hub under any of its names.
 * Callers use it to pick the one auth entry whose credentials a registry may see.
 */
export function registryMatches(entry: string, registry: string): boolean {
  const a = hostOfKey(entry);
  const b = hostOfKey(registry);
  return a === b || (isDockerHub(a) && isDockerHub(b));
}

/** hostOfKey turns an `auths` key (`https://host:5000/v1/`, `host:5000`) into `host:5000`. */
export function hostOfKey(key: string): string {
  let k = key.trim();
  k = k.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = k.indexOf('/');
  if (slash >= 0) k = k.slice(0, slash);
  return k.toLowerCase();
}

async function readConfig(dir: string): Promise<DockerConfig | undefined> {
  const file = join(dir, 'config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as DockerConfig;
  } catch (e) {
    throw new DeckhandError('E_FILE', `docker config ${file} is not valid JSON`, {
      cause: e,
      context: { file },
    });
  }
}

function fromAuthEntry(e: NonNullable<DockerConfig['auths']>[string]): Credentials | undefined {
  const c: Credentials = {};
  if (e.auth) {
    const decoded = Buffer.from(e.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      c.username = decoded.slice(0, colon);
      c.password = decoded.slice(colon + 1);
    }
  }
  if (e.username) c.username = e.username;
  if (e.password) c.password = e.password;
  if (e.identitytoken) c.identityToken = e.identitytoken;
  if (e.registrytoken) c.registryToken = e.registrytoken;
  return Object.keys(c).length > 0 ? c : undefined;
}

/** runHelper asks `docker-credential-<helper> get` for `server`; undefined when it has nothing. */
export function runHelper(
  helper: string,
  server: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials | undefined> {
  if (!/^[A-Za-z0-9_.-]+$/.test(helper)) {
    return Promise.reject(new DeckhandError('E_FILE', `invalid credential helper name "${helper}"`));
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      `docker-credential-${helper}`,
      ['get'],
      { env, timeout: 30_000 },
      (err, stdout) => {
        if (err) {
          // Helpers answer "credentials not found" with a non-zero exit: that means "no credentials".
          if (/not found/i.test(`${stdout}`)) return resolve(undefined);
          return reject(
            new DeckhandError(
              'E_FILE',
              `credential helper docker-credential-${helper} failed: ${errorMessage(err)}`,
              {
                cause: err,
              },
            ),
          );
        }
        try {
          const doc = JSON.parse(stdout) as { Username?: string; Secret?: string };
          if (!doc.Secret) return resolve(undefined);
          // Docker's convention: username "<token>" means the secret is an identity token.
          if (doc.Username === '<token>') return resolve({ identityToken: doc.Secret });
          resolve({ username: doc.Username, password: doc.Secret });
        } catch (e) {
          reject(
            new DeckhandError(
              'E_FILE',
              `credential helper docker-credential-${helper} printed invalid JSON`,
              { cause: e },
            ),
          );
        }
      },
    );
    child.stdin?.end(server);
  });
}

function register(c: Credentials | undefined): Credentials | undefined {
  if (c) {
    registerSecret(c.password);
    registerSecret(c.identityToken);
    registerSecret(c.registryToken);
  }
  return c;
}

/** dockerCredentials looks up the docker config's credentials for `host`; undefined when there are none. */
export async function dockerCredentials(
  host: string,
  opts: { configDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Credentials | undefined> {
  const env = opts.env ?? process.env;
  const cfg = await readConfig(opts.configDir ?? dockerConfigDir(env));
  if (!cfg) return undefined;
  const want = host.toLowerCase();
  const hub = isDockerHub(want);
  const keys = hub ? DOCKER_HUB_KEYS : [want];
  const matches = (key: string): boolean => (hub ? isDockerHub(hostOfKey(key)) : hostOfKey(key) === want);

  for (const [key, helper] of Object.entries(cfg.credHelpers ?? {})) {
    if (matches(key)) return register(await runHelper(helper, hub ? DOCKER_HUB_KEYS[0]! : key, env));
  }
  for (const [key, entry] of Object.entries(cfg.auths ?? {})) {
    if (matches(key)) {
      const c = fromAuthEntry(entry);
      if (c) return register(c);
    }
  }
  if (cfg.credsStore) {
    for (const k of keys) {
      const c = await runHelper(cfg.credsStore, k, env);
      if (c) return register(c);
    }
  }
  return undefined;
}
