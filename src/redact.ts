/**
 * Masking of secrets in every printed string (DESIGN.md §8.7).
 * Secrets are registered as they are read (passwords, tokens); `redact()` replaces each with `***`.
 * URLs are printed with only allow-listed query parameters.
 */

const MASK = '***';
const secrets = new Set<string>();

/** registerSecret remembers a value that must never be printed. Short values are ignored to avoid masking noise. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= 3) secrets.add(value);
}

/** redact replaces every registered secret, and anything after `Authorization:`/`Bearer `/`Basic `, with `***`. */
export function redact(text: string): string {
  let out = text;
  // Longest first so a secret that contains another is masked whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(s)) out = out.split(s).join(MASK);
  }
  return out
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${MASK}`)
    .replace(/(authorization["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, `$1${MASK}`);
}

const ALLOWED_QUERY = new Set(['n', 'last', 'digest', 'mount', 'from', 'scope', 'service', 'tag']);

/** redactUrl prints a URL without userinfo and with only allow-listed query parameter values. */
export function redactUrl(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return redact(String(url));
  }
  if (u.username || u.password) {
    u.username = '';
    u.password = '';
  }
  for (const key of [...u.searchParams.keys()]) {
    if (!ALLOWED_QUERY.has(key)) u.searchParams.set(key, 'REDACTED');
  }
  return redact(u.toString());
}

/** redactValue masks, in a deep copy, every field whose name says it is a secret (password, token, …). */
export function redactValue(value: unknown, secretKeys: ReadonlySet<string> = SECRET_KEYS): unknown {
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secretKeys));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = secretKeys.has(k.toLowerCase()) && v != null && v !== '' ? MASK : redactValue(v, secretKeys);
    }
    return out;
  }
  if (typeof value === 'string') return redact(value);
  return value;
}

/** Field names treated as secrets wherever they appear (schemas also mark them writeOnly). */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'password',
  'ansible_password',
  'ansible_become_password',
  'ansible_ssh_pass',
  'become_password',
  'token',
  'access_token',
  'identitytoken',
  'registrytoken',
  'auth',
  'secret',
  'private_key_passphrase',
]);
