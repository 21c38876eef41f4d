/**
 * Basic authentication for every `/v2/` request (distribution's htpasswd auth). bcrypt is slow on
 * purpose and clients send credentials with every request, so a verified pair is remembered for a
 * few minutes under an HMAC of the pair (never the password itself).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { verifyPassword, type Htpasswd } from './htpasswd.js';
import { WireError } from './wire-errors.js';

/** How long a verified user/password pair is trusted without another bcrypt compare. */
const REMEMBER_MS = 5 * 60 * 1000;

/** BasicAuth checks requests against an htpasswd file. */
export class BasicAuth {
  private readonly key = randomBytes(32);
  private readonly verified = new Map<string, number>();

  constructor(
    private readonly users: Htpasswd,
    readonly realm = 'deckhand-registry',
  ) {}

  /** challenge is the `WWW-Authenticate` value sent with 401. */
  get challenge(): string {
    return `Basic realm="${this.realm}"`;
  }

  /** check returns the user name, or throws UNAUTHORIZED (the caller adds the challenge). */
  async check(req: IncomingMessage): Promise<string> {
    const pair = parseBasic(req.headers.authorization);
    if (!pair) throw unauthorized();
    const mac = createHmac('sha256', this.key).update(`${pair.user}\0${pair.password}`).digest('hex');
    const until = this.verified.get(mac);
    if (until !== undefined && until > Date.now()) return pair.user;
    if (!(await verifyPassword(this.users, pair.user, pair.password))) throw unauthorized();
    if (this.verified.size > 1000) this.verified.clear();
    this.verified.set(mac, Date.now() + REMEMBER_MS);
    return pair.user;
  }
}

/** parseBasic decodes `Basic base64(user:password)`; undefined for anything else. */
export function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

function unauthorized(): WireError {
  return new WireError('UNAUTHORIZED', 'authentication required');
}
