// CONTRACT STUB — the storage owner replaces the body; the exported names below are relied on
// by commands/envelope.ts and must stay.

/**
 * A multi-document transaction's view of storage: writes made through it are invisible to others
 * until `commit()`; `abort()` discards them.
 */
export interface StorageTransaction {
  readonly id: number;
  /** Applies the transaction's writes atomically. Throws `ServerError('WriteConflict')` on conflict. */
  commit(): void;
  /** Discards the transaction's writes. Idempotent. */
  abort(): void;
}

/** All databases of one memory server. */
export class Engine {
  /** Starts a storage transaction (snapshot taken now). */
  beginTransaction(): StorageTransaction {
    throw new Error('not implemented');
  }
}
