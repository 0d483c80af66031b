import { Long } from 'bson';
import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { storedSize } from './document-rules.js';

/** MongoDB caps a reply batch at 16 MiB of documents (it always returns at least one document). */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;
/** Default size of a first batch (`find`, `aggregate`). */
export const DEFAULT_FIRST_BATCH = 101;
/** Idle cursors die after 10 minutes, as with mongod's `cursorTimeoutMillis`. */
export const DEFAULT_CURSOR_TIMEOUT_MS = 10 * 60 * 1000;

interface CursorState {
  readonly id: Long;
  readonly ns: string;
  readonly docs: readonly Doc[];
  position: number;
  readonly sessionKey: string | undefined;
  lastUsed: number;
}

/** One batch of a cursor and the id to continue with (`Long(0)` when exhausted). */
export interface CursorBatch {
  readonly id: Long;
  readonly batch: Doc[];
}

/** The reply of `killCursors`. */
export interface KillCursorsResult {
  cursorsKilled: Long[];
  cursorsNotFound: Long[];
  cursorsAlive: Long[];
  cursorsUnknown: Long[];
}

function toLong(value: unknown): Long | undefined {
  if (value instanceof Long) return value;
  if (typeof value === 'number' && Number.isInteger(value)) return Long.fromNumber(value);
  if (typeof value === 'bigint') return Long.fromBigInt(value);
  if (value !== null && typeof value === 'object' && 'value' in value && typeof value.value === 'number') {
    return Long.fromNumber(value.value);
  }
  return undefined;
}

/**
 * Open cursors of a server. Results are materialised when a cursor is opened, so `getMore`
 * just pages through them; idle cursors are reaped by an unref'd timer.
 *
 * @example
 * ```ts
 * const cursors = new CursorManager();
 * const first = cursors.open('db.c', docs, { batchSize: 10 });
 * const next = cursors.getMore(first.id, 'db.c', { batchSize: 10 });
 * ```
 */
export class CursorManager {
  private readonly cursors = new Map<string, CursorState>();
  private nextId = BigInt(Math.floor(Math.random() * 2 ** 40)) + 1n;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly timeoutMs = DEFAULT_CURSOR_TIMEOUT_MS) {
    this.timer = setInterval(
      () => this.reapIdle(Date.now()),
      Math.min(60_000, Math.max(1000, timeoutMs / 2)),
    );
    this.timer.unref();
  }

  get size(): number {
    return this.cursors.size;
  }

  /**
   * Opens a cursor over `docs` and returns its first batch. The cursor is only kept when
   * documents remain and `singleBatch` is false.
   */
  open(
    ns: string,
    docs: readonly Doc[],
    options: {
      batchSize?: number | undefined;
      singleBatch?: boolean | undefined;
      sessionKey?: string | undefined;
    } = {},
  ): CursorBatch {
    const batchSize = options.batchSize ?? DEFAULT_FIRST_BATCH;
    const batch = takeBatch(docs, 0, batchSize);
    if (options.singleBatch === true || batch.length >= docs.length) {
      return { id: Long.ZERO, batch };
    }
    const id = Long.fromBigInt(this.nextId++);
    this.cursors.set(id.toString(), {
      id,
      ns,
      docs,
      position: batch.length,
      sessionKey: options.sessionKey,
      lastUsed: Date.now(),
    });
    return { id, batch };
  }

  /** The next batch of a cursor (error 43 when unknown, 13 on a namespace mismatch). */
  getMore(
    rawId: unknown,
    ns: string,
    options: { batchSize?: number | undefined; sessionKey?: string | undefined } = {},
  ): CursorBatch {
    const id = toLong(rawId);
    if (!id) throw new ServerError('TypeMismatch', "Field 'getMore' must be of type long");
    const cursor = this.cursors.get(id.toString());
    if (!cursor) throw new ServerError('CursorNotFound', `cursor id ${id.toString()} not found`);
    if (cursor.ns !== ns) {
      throw new ServerError(
        { code: 13, codeName: 'Unauthorized' },
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    }
    if (
      cursor.sessionKey !== undefined &&
      options.sessionKey !== undefined &&
      cursor.sessionKey !== options.sessionKey
    ) {
      throw new ServerError(
        { code: 50738, codeName: 'Location50738' },
        `Cannot run getMore on cursor ${id.toString()}, which was created in a different session`,
      );
    }
    const batch = takeBatch(cursor.docs, cursor.position, options.batchSize ?? Number.POSITIVE_INFINITY);
    cursor.position += batch.length;
    cursor.lastUsed = Date.now();
    if (cursor.position >= cursor.docs.length) {
      this.cursors.delete(id.toString());
      return { id: Long.ZERO, batch };
    }
    return { id, batch };
  }

  /** Kills cursors by id; the result lists each id under killed or not found. */
  kill(ns: string, ids: readonly unknown[]): KillCursorsResult {
    const result: KillCursorsResult = {
      cursorsKilled: [],
      cursorsNotFound: [],
      cursorsAlive: [],
      cursorsUnknown: [],
    };
    for (const raw of ids) {
      const id = toLong(raw);
      if (!id) throw new ServerError('TypeMismatch', "Field 'cursors' must be an array of longs");
      const cursor = this.cursors.get(id.toString());
      if (cursor && cursor.ns === ns) {
        this.cursors.delete(id.toString());
        result.cursorsKilled.push(id);
      } else {
        result.cursorsNotFound.push(id);
      }
    }
    return result;
  }

  /** Kills every cursor opened in a session (for `endSessions`/`killSessions`); returns how many. */
  killForSession(sessionKey: string): number {
    let killed = 0;
    for (const [key, cursor] of this.cursors) {
      if (cursor.sessionKey === sessionKey) {
        this.cursors.delete(key);
        killed += 1;
      }
    }
    return killed;
  }

  /** Kills every cursor on a namespace (the collection was dropped or renamed). */
  killForNamespace(ns: string): void {
    for (const [key, cursor] of this.cursors) if (cursor.ns === ns) this.cursors.delete(key);
  }

  /** Kills cursors idle for longer than the timeout. */
  reapIdle(now: number): void {
    for (const [key, cursor] of this.cursors) {
      if (now - cursor.lastUsed > this.timeoutMs) this.cursors.delete(key);
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.cursors.clear();
  }
}

/**
 * Up to `limit` documents from `start`, capped at 16 MiB (never fewer than one document).
 *
 * @example
 * ```ts
 * takeBatch([{ a: 1 }, { a: 2 }], 1, 10); // [{ a: 2 }]
 * ```
 */
export function takeBatch(docs: readonly Doc[], start: number, limit: number): Doc[] {
  const batch: Doc[] = [];
  let bytes = 0;
  for (let i = start; i < docs.length && batch.length < limit; i++) {
    const doc = docs[i] as Doc;
    const size = storedSize(doc);
    if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    bytes += size;
    batch.push(doc);
  }
  return batch;
}
