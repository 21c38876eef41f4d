/**
 * Upload sessions (distribution-spec v1.1 "Pushing blobs"): each POST opens a session whose bytes
 * go to a private file in the store's ingest area, named so `gc` removes it once this process is
 * gone (`upload.<pid>.<id>.part`). Nothing in a session is visible in `blobs/`: the final PUT pushes
 * the file through the store's verified ingest. Idle sessions expire; close() drops them all.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WireError } from './wire-errors.js';

/** How long a session may sit idle before it is dropped (distribution keeps them longer; we are a local server). */
export const SESSION_IDLE_MS = 30 * 60 * 1000;

/** One upload in progress. */
export interface UploadSession {
  id: string;
  name: string;
  file: string;
  /** Bytes received so far (the file's length). */
  offset: number;
  touched: number;
  /** A PATCH or PUT is writing; a second one at once is refused. */
  busy: boolean;
}

/** UploadSessions owns every open upload of one server. */
export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();
  private readonly active = new Set<IncomingMessage>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly dir: string,
    private readonly idleMs = SESSION_IDLE_MS,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), Math.min(idleMs, 60_000));
    this.sweeper.unref();
  }

  /** create opens a session for repository `name` with an empty file. */
  async create(name: string): Promise<UploadSession> {
    await mkdir(this.dir, { recursive: true });
    const id = randomUUID();
    const file = join(this.dir, `upload.${process.pid}.${id}.part`);
    await (await open(file, 'wx', 0o600)).close();
    const s: UploadSession = { id, name, file, offset: 0, touched: Date.now(), busy: false };
    this.sessions.set(id, s);
    return s;
  }

  /** get returns the session `id` of repository `name`, or throws BLOB_UPLOAD_UNKNOWN. */
  get(name: string, id: string): UploadSession {
    const s = this.sessions.get(id);
    if (!s || s.name !== name)
      throw new WireError('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', { id });
    s.touched = Date.now();
    return s;
  }

  /**
   * append streams `body` onto the session's file. The offset afterwards is what actually reached
   * the file, so a broken PATCH leaves a session the client can query and resume.
   */
  async append(s: UploadSession, req: IncomingMessage, body: Readable): Promise<void> {
    if (s.busy)
      throw new WireError('BLOB_UPLOAD_INVALID', 'another request is writing to this upload', { id: s.id });
    s.busy = true;
    this.active.add(req);
    const fh = await open(s.file, 'a');
    try {
      await pipeline(
        body,
        new Writable({
          write(chunk: Buffer, _e, cb) {
            fh.write(chunk).then(() => cb(), cb);
          },
        }),
      );
    } finally {
      await fh.close();
      s.offset = (await stat(s.file).catch(() => ({ size: 0 }))).size;
      s.touched = Date.now();
      s.busy = false;
      this.active.delete(req);
    }
  }

  /** track marks a request as an in-flight upload (close() aborts it). */
  track(req: IncomingMessage): () => void {
    this.active.add(req);
    return () => this.active.delete(req);
  }

  /** remove ends a session and deletes its file. */
  async remove(s: UploadSession): Promise<void> {
    this.sessions.delete(s.id);
    await rm(s.file, { force: true });
  }

  /** count is the number of open sessions (for tests and shutdown reports). */
  get count(): number {
    return this.sessions.size;
  }

  /** close aborts in-flight upload requests and deletes every session: nothing half-written survives. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const req of this.active) req.destroy();
    this.active.clear();
    await Promise.all([...this.sessions.values()].map((s) => this.remove(s)));
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const s of [...this.sessions.values()]) {
      if (!s.busy && now - s.touched > this.idleMs) await this.remove(s);
    }
  }
}
