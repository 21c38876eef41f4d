/**
 * Digests (OCI image-spec v1.1 descriptor.md#digests): parsing, validation and hashing while streaming.
 * Every digest is validated here before anything turns it into a path.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DeckhandError } from '../errors.js';

/** Supported digest algorithms and the length of their hex encoding. */
export const ALGORITHMS = { sha256: 64, sha512: 128 } as const;
export type Algorithm = keyof typeof ALGORITHMS;

/** A parsed, validated digest. */
export interface ParsedDigest {
  algorithm: Algorithm;
  hex: string;
}

/** parseDigest validates `alg:hex` (lowercase hex of the algorithm's length) and throws E_DIGEST otherwise. */
export function parseDigest(digest: string): ParsedDigest {
  if (typeof digest !== 'string') throw new DeckhandError('E_DIGEST', `invalid digest: not a string`);
  const i = digest.indexOf(':');
  if (i <= 0) throw new DeckhandError('E_DIGEST', `invalid digest "${clip(digest)}": expected ALGORITHM:HEX`);
  const alg = digest.slice(0, i);
  const hex = digest.slice(i + 1);
  if (!(alg in ALGORITHMS)) {
    throw new DeckhandError(
      'E_DIGEST',
      `invalid digest "${clip(digest)}": unsupported algorithm "${clip(alg)}" (sha256, sha512)`,
    );
  }
  const want = ALGORITHMS[alg as Algorithm];
  if (hex.length !== want || !/^[a-f0-9]+$/.test(hex)) {
    throw new DeckhandError(
      'E_DIGEST',
      `invalid digest "${clip(digest)}": ${alg} needs ${want} lowercase hex characters`,
    );
  }
  return { algorithm: alg as Algorithm, hex };
}

const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/**
 * isDigest reports whether `s` is a valid digest (what parseDigest accepts), without throwing: it is
 * asked of every tag, and a thrown error with its stack cost more than the rest of a re-pull's checks.
 */
export function isDigest(s: string): boolean {
  return typeof s === 'string' && DIGEST.test(s);
}

/** digestOf hashes a whole buffer (manifests and configs only; blobs are hashed as they stream). */
export function digestOf(data: Uint8Array | string, algorithm: Algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

/** Digester hashes data incrementally. */
export class Digester {
  private readonly hash: Hash;
  size = 0;
  constructor(readonly algorithm: Algorithm = 'sha256') {
    this.hash = createHash(algorithm);
  }
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.length;
  }
  /** digest finishes the hash; call once. */
  digest(): string {
    return `${this.algorithm}:${this.hash.digest('hex')}`;
  }
}

/** Expected identity of a byte stream. */
export interface Expected {
  digest: string;
  size: number;
}

const VERIFIES = Symbol.for('deckhand.verifies');

/**
 * markVerifying records that `stream` fails unless its bytes are exactly `expected` (it is, or passes
 * on the errors of, a VerifyStream), so a consumer can skip hashing the same bytes a second time.
 */
export function markVerifying<T extends object>(stream: T, expected: Expected): T {
  (stream as { [VERIFIES]?: Expected })[VERIFIES] = { digest: expected.digest, size: expected.size };
  return stream;
}

/** isVerifying tells whether `stream` already checks size and digest against `expected`. */
export function isVerifying(stream: object, expected: Expected): boolean {
  const v = (stream as { [VERIFIES]?: Expected })[VERIFIES];
  return !!v && v.digest === expected.digest && v.size === expected.size && expected.size >= 0;
}

/**
 * VerifyStream passes bytes through while hashing them; at the end it fails with
 * E_SIZE_MISMATCH or E_DIGEST_MISMATCH unless size and digest are exactly as expected.
 * It also fails as soon as more bytes than expected arrive, so a lying server cannot fill the disk.
 */
export class VerifyStream extends Transform {
  private readonly digester: Digester;
  constructor(private readonly expected: Expected) {
    super();
    this.digester = new Digester(parseDigest(expected.digest).algorithm);
    markVerifying(this, expected);
  }
  get bytes(): number {
    return this.digester.size;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.digester.update(chunk);
    if (this.expected.size >= 0 && this.digester.size > this.expected.size) {
      cb(sizeMismatch(this.expected, this.digester.size, true));
      return;
    }
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    if (this.expected.size >= 0 && this.digester.size !== this.expected.size) {
      cb(sizeMismatch(this.expected, this.digester.size, false));
      return;
    }
    const got = this.digester.digest();
    if (got !== this.expected.digest) {
      cb(
        new DeckhandError(
          'E_DIGEST_MISMATCH',
          `digest mismatch: expected ${this.expected.digest}, got ${got}`,
          {
            context: { digest: this.expected.digest },
          },
        ),
      );
      return;
    }
    cb();
  }
}

function sizeMismatch(expected: Expected, got: number, early: boolean): DeckhandError {
  return new DeckhandError(
    'E_SIZE_MISMATCH',
    `size mismatch for ${expected.digest}: expected ${expected.size} bytes, got ${early ? 'more than that' : got}`,
    { context: { digest: expected.digest } },
  );
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
