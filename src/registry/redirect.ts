/**
 * The redirect interceptor: registries redirect blob downloads to storage (S3, a CDN). We follow
 * 301/302/303/307/308 ourselves so that credentials never follow to another origin and HTTPS is never
 * downgraded to plain HTTP.
 */
import { RegistryError } from './errors.js';
import { dump, header, isReplayable, type HttpRequest, type Send } from './http.js';
import { redactUrl } from '../redact.js';

const REDIRECT = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials and must not reach another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** withRedirect wraps `send` to follow up to `max` redirects safely. */
export function withRedirect(send: Send, max = 10): Send {
  return async (first) => {
    let req: HttpRequest = first;
    for (let hops = 0; ; hops++) {
      const res = await send(req);
      const location = header(res, 'location');
      if (!REDIRECT.has(res.status) || !location) return res;
      // A 3xx to an upload (POST/PUT/PATCH with a stream) cannot be followed: the body is gone.
      if (!isReplayable(req) && req.method !== 'GET' && req.method !== 'HEAD') return res;
      await dump(res);
      if (hops >= max) {
        throw new RegistryError('HTTP', `too many redirects (more than ${max}) from ${redactUrl(first.url)}`);
      }
      const next = new URL(location, req.url);
      if (req.url.protocol === 'https:' && next.protocol !== 'https:') {
        throw new RegistryError(
          'HTTP',
          `refusing a redirect from HTTPS to ${next.protocol.replace(':', '')} (${redactUrl(next)})`,
          { request: `${req.method} ${redactUrl(req.url)}` },
        );
      }
      const headers = { ...req.headers };
      if (next.origin !== req.url.origin) {
        for (const h of Object.keys(headers)) {
          if (CREDENTIAL_HEADERS.includes(h.toLowerCase())) delete headers[h];
        }
      }
      const method = res.status === 303 && req.method !== 'HEAD' ? 'GET' : req.method;
      req = { ...req, method, url: next, headers, ...(method === 'GET' ? { body: undefined } : {}) };
    }
  };
}
