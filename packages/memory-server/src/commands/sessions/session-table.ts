import { Binary, type Timestamp } from 'bson';
import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import type { Engine, StorageTransaction } from '../../storage/engine.js';

/** Where a session's current `txnNumber` stands. `none`: a retryable write (or nothing) used it. */
export type TxnState = 'none' | 'inProgress' | 'committed' | 'aborted';

/** One logical session, keyed by the hex of its `lsid.id` UUID. */
export interface SessionRecord {
  readonly key: string;
  lastUse: number;
  /** Highest txnNumber seen on this session (-1 before the first). */
  txnNumber: number;
  state: TxnState;
  txn: StorageTransaction | undefined;
  /** Reply of the retryable write that used `txnNumber`, returned again on retry. */
  retryReply: Doc | undefined;
  /** When the current transaction began (ms since epoch), for `transactionLifetimeLimitSeconds`. */
  txnStartedAt: number;
  /** The storage snapshot of a snapshot session's reads (`readConcern: { level: 'snapshot' }`). */
  snapshot: { readonly time: Timestamp; readonly txn: StorageTransaction } | undefined;
}

/** Transaction counters shared with `serverStatus`. */
export interface TransactionCounters {
  totalStarted: number;
  totalCommitted: number;
  totalAborted: number;
}

/** Optional storage hook to close a session's cursors when it ends. */
interface CursorHook {
  cursors?: { killForSession?: (sessionKey: string) => void };
}

/** MongoDB's `logicalSessionTimeoutMinutes`, advertised in hello. */
export const SESSION_TIMEOUT_MINUTES = 30;

/** MongoDB's `transactionLifetimeLimitSeconds`: older transactions are aborted. */
export const TRANSACTION_LIFETIME_LIMIT_SECONDS = 60;

/**
 * The session table and the transaction state machine's storage side: begin, commit, abort,
 * end. The rules about which command may do what live in `transaction-gate.ts`.
 *
 * @example
 * ```ts
 * const record = sessions.touch(key);
 * sessions.begin(record, 1);   // startTransaction with txnNumber 1
 * sessions.commit(record);     // storage commit; state 'committed'
 * ```
 */
export class SessionTable {
  private readonly records = new Map<string, SessionRecord>();
  private lastSweep = 0;

  constructor(
    private readonly engine: Engine,
    private readonly counters: TransactionCounters = { totalStarted: 0, totalCommitted: 0, totalAborted: 0 },
    private readonly now: () => number = Date.now,
  ) {}

  /** Number of live sessions. */
  get size(): number {
    return this.records.size;
  }

  /** Sessions with an in-progress transaction. */
  get activeTransactions(): number {
    let n = 0;
    for (const r of this.records.values()) if (r.state === 'inProgress') n += 1;
    return n;
  }

  /** Returns the session (creating it on first use) and marks it used. */
  touch(key: string): SessionRecord {
    const now = this.now();
    this.sweep(now);
    let record = this.records.get(key);
    if (record === undefined) {
      record = {
        key,
        lastUse: now,
        txnNumber: -1,
        state: 'none',
        txn: undefined,
        retryReply: undefined,
        txnStartedAt: 0,
        snapshot: undefined,
      };
      this.records.set(key, record);
    }
    record.lastUse = now;
    return record;
  }

  /** Every live session (for `$listLocalSessions`). */
  list(): SessionRecord[] {
    return [...this.records.values()];
  }

  /** The session if it exists, without touching it. */
  peek(key: string): SessionRecord | undefined {
    return this.records.get(key);
  }

  /** Starts transaction `txnNumber`, aborting an older one still in progress. */
  begin(record: SessionRecord, txnNumber: number): void {
    this.abortIfActive(record);
    const txn = this.engine.beginTransaction();
    record.txnNumber = txnNumber;
    record.state = 'inProgress';
    record.txn = txn;
    record.retryReply = undefined;
    record.txnStartedAt = this.now();
    this.counters.totalStarted += 1;
  }

  /**
   * Aborts the session's transaction if it has outlived `transactionLifetimeLimitSeconds`, as
   * mongod's transaction reaper does. Returns whether it did.
   */
  expireIfTooOld(record: SessionRecord): boolean {
    if (record.state !== 'inProgress') return false;
    if (this.now() - record.txnStartedAt <= TRANSACTION_LIFETIME_LIMIT_SECONDS * 1000) return false;
    this.abortIfActive(record);
    return true;
  }

  /** Moves the session to a new retryable-write number (aborting a transaction in progress). */
  advanceForRetryableWrite(record: SessionRecord, txnNumber: number): void {
    this.abortIfActive(record);
    record.txnNumber = txnNumber;
    record.state = 'none';
    record.txn = undefined;
    record.retryReply = undefined;
  }

  /** Commits the storage transaction; on a conflict the transaction ends up aborted and the error is rethrown. */
  commit(record: SessionRecord): void {
    const txn = record.txn;
    if (record.state !== 'inProgress' || txn === undefined) {
      throw new ServerError('NoSuchTransaction', `Transaction ${record.txnNumber} is not in progress.`);
    }
    try {
      txn.commit();
    } catch (error) {
      this.abortIfActive(record);
      throw error;
    }
    record.state = 'committed';
    record.txn = undefined;
    this.counters.totalCommitted += 1;
  }

  /** Aborts the transaction in progress, if any (idempotent). */
  abortIfActive(record: SessionRecord): void {
    if (record.state !== 'inProgress') return;
    const txn = record.txn;
    record.state = 'aborted';
    record.txn = undefined;
    this.counters.totalAborted += 1;
    try {
      txn?.abort();
    } catch {
      // Aborting only discards private writes; a failure here must not mask the caller's error.
    }
  }

  /** Starts (replacing any older one) the storage snapshot of a snapshot session's reads. */
  openSnapshot(record: SessionRecord, time: Timestamp): StorageTransaction {
    this.releaseSnapshot(record);
    const txn = this.engine.beginTransaction();
    record.snapshot = { time, txn };
    return txn;
  }

  /** Drops a snapshot session's storage snapshot. */
  releaseSnapshot(record: SessionRecord): void {
    const snapshot = record.snapshot;
    record.snapshot = undefined;
    try {
      snapshot?.txn.abort();
    } catch {
      // A read-only snapshot has nothing to undo.
    }
  }

  /** Ends sessions: aborts their transactions, closes their cursors, forgets them. */
  end(keys: Iterable<string>): void {
    for (const key of keys) {
      const record = this.records.get(key);
      if (record !== undefined) {
        this.abortIfActive(record);
        this.releaseSnapshot(record);
      }
      this.records.delete(key);
      try {
        (this.engine as unknown as CursorHook).cursors?.killForSession?.(key);
      } catch {
        // Cursor cleanup is best effort; ending the session itself has already happened.
      }
    }
  }

  /** Ends every session. */
  endAll(): void {
    this.end([...this.records.keys()]);
  }

  /** Ends sessions idle longer than the logical session timeout (checked at most once a minute). */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const limit = SESSION_TIMEOUT_MINUTES * 60_000;
    const stale = [...this.records.values()].filter((r) => now - r.lastUse > limit).map((r) => r.key);
    if (stale.length > 0) this.end(stale);
  }
}

/**
 * The session key of an `lsid` document: the hex of its `id` UUID.
 *
 * @example
 * ```ts
 * sessionKeyOf({ id: new UUID('0b9d...') }); // '0b9d...'
 * ```
 */
export function sessionKeyOf(lsid: unknown): string {
  if (lsid === null || typeof lsid !== 'object' || Array.isArray(lsid)) {
    throw new ServerError('TypeMismatch', "'lsid' must be an object");
  }
  const id = (lsid as Doc)['id'];
  if (!(id instanceof Binary)) {
    throw new ServerError('TypeMismatch', "'lsid.id' must be a UUID");
  }
  return id.toString('hex');
}
