/**
 * The retry interceptor (after undici `lib/interceptor/retry.js`): 408/429/5xx and connection errors are
 * retried with exponential backoff and full jitter; `Retry-After` (seconds or an HTTP date) is honoured up
 * to a cap. Only requests whose body can be sent again are retried.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCodeOf } from './errors.js';
import { dump, header, isReplayable, type Send } from './http.js';
import type { ResolvedRetry } from './options.js';

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const RETRY_ERRORS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** isRetryableError tells whether a transport error is worth another attempt. */
export function isRetryableError(e: unknown): boolean {
  const code = errorCodeOf(e);
  if (code && RETRY_ERRORS.has(code)) return true;
  return (e as { code?: string } | undefined)?.code === 'UND_ERR_SOCKET';
}

/** parseRetryAfter reads `Retry-After` as milliseconds (seconds or an HTTP date); undefined when absent or bad. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** backoffDelay is the delay before attempt `n` (1-based retries): random in [0, min(max, base·2ⁿ⁻¹)]. */
export function backoffDelay(n: number, opts: ResolvedRetry, random = Math.random): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (n - 1));
  return Math.round(random() * ceiling);
}

/** Events a caller can observe (tests count them; progress can report them). */
export interface RetryObserver {
  onRetry?: (info: { attempt: number; delayMs: number; status?: number; error?: unknown }) => void;
}

/** withRetry wraps `send` so transient failures are retried. */
export function withRetry(send: Send, opts: ResolvedRetry, observer: RetryObserver = {}): Send {
  return async (req) => {
    const replayable = isReplayable(req);
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= opts.attempts || !replayable;
      let delayMs: number;
      try {
        const res = await send(req);
        if (last || !RETRY_STATUS.has(res.status)) return res;
        const after = parseRetryAfter(header(res, 'retry-after'));
        delayMs = after === undefined ? backoffDelay(attempt, opts) : Math.min(after, opts.maxRetryAfterMs);
        await dump(res);
        observer.onRetry?.({ attempt, delayMs, status: res.status });
      } catch (e) {
        if (last || req.signal?.aborted || !isRetryableError(e)) throw e;
        delayMs = backoffDelay(attempt, opts);
        observer.onRetry?.({ attempt, delayMs, error: e });
      }
      await sleep(delayMs, undefined, { signal: req.signal });
    }
  };
}
