import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import type { UniqueShadow } from './collection-index.js';
import type { Collection, StoredRecord } from './collection.js';

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

/** What a transaction needs from the engine that owns it. */
export interface TransactionHost {
  commitTransaction(txn: Transaction): void;
  abortTransaction(txn: Transaction): void;
}

/** A transaction's private writes to one namespace. */
export interface NamespaceOverlay {
  readonly db: string;
  readonly name: string;
  /** `_id` key → the transaction's version of the document, `null` when it deleted it. Insertion-ordered. */
  readonly docs: Map<string, Doc | null>;
  /** Unique index name → key → ids of overlay documents holding that key. */
  readonly uniqueKeys: Map<string, Map<string, Set<string>>>;
}

/**
 * Builds the WriteConflict error MongoDB raises, labelled so `withTransaction` retries.
 *
 * @example
 * ```ts
 * writeConflict().errorLabels; // ['TransientTransactionError']
 * ```
 */
export function writeConflict(
  message = 'Write conflict during plan execution and yielding is disabled.',
): ServerError {
  return new ServerError('WriteConflict', message, { errorLabels: ['TransientTransactionError'] });
}

/**
 * Snapshot-isolated transaction state. Reads see the committed state as of `snapshotSeq` (kept in
 * `frozen` for namespaces that changed since) plus the transaction's own overlay.
 *
 * @example
 * ```ts
 * const txn = engine.beginTransaction();
 * engine.insertDocument('db', 'c', { _id: 1 }, txn); // invisible to others
 * txn.commit();                                       // now visible
 * ```
 */
export class Transaction implements StorageTransaction {
  state: 'active' | 'committed' | 'aborted' = 'active';
  /** Set when another writer took this transaction's locks: every later operation fails with it. */
  doomed: ServerError | undefined;
  /** Namespace → committed records as of the snapshot (`null`: the collection did not exist). */
  readonly frozen = new Map<string, Map<string, StoredRecord> | null>();
  readonly overlays = new Map<string, NamespaceOverlay>();
  /** Lock keys (`ns \0 idKey`) this transaction holds. */
  readonly locks = new Set<string>();
  /** Namespaces this transaction created (visible to others only once it commits; dropped on abort). */
  readonly createdCollections = new Set<string>();

  constructor(
    readonly id: number,
    readonly snapshotSeq: number,
    private readonly host: TransactionHost,
  ) {}

  commit(): void {
    this.host.commitTransaction(this);
  }

  abort(): void {
    this.host.abortTransaction(this);
  }

  /** Throws if the transaction can no longer read or write. */
  assertUsable(): void {
    if (this.doomed) throw this.doomed;
    if (this.state !== 'active') {
      throw new ServerError('NoSuchTransaction', `Transaction ${String(this.id)} has been ${this.state}.`, {
        errorLabels: ['TransientTransactionError'],
      });
    }
  }

  overlayFor(collection: Collection): NamespaceOverlay {
    let overlay = this.overlays.get(collection.ns);
    if (!overlay) {
      overlay = { db: collection.db, name: collection.name, docs: new Map(), uniqueKeys: new Map() };
      this.overlays.set(collection.ns, overlay);
    }
    return overlay;
  }

  /** The committed records this transaction reads for `collection` (its snapshot). */
  baseRecords(ns: string, collection: Collection | undefined): ReadonlyMap<string, StoredRecord> | undefined {
    if (this.frozen.has(ns)) return this.frozen.get(ns) ?? undefined;
    return collection?.records;
  }

  /** The shadow that makes unique checks see this transaction's overlay over committed entries. */
  shadowFor(ns: string): UniqueShadow {
    const overlay = this.overlays.get(ns);
    return {
      isShadowed: (idKey) => overlay?.docs.has(idKey) ?? false,
      overlayOwners: (indexName, key) => overlay?.uniqueKeys.get(indexName)?.get(key),
    };
  }

  /** Records a new version of a document in the overlay, keeping the overlay's unique keys in step. */
  setOverlayDoc(collection: Collection, idKey: string, doc: Doc | null): void {
    const overlay = this.overlayFor(collection);
    const previous = overlay.docs.get(idKey);
    for (const index of collection.secondaryIndexes()) {
      if (!index.definition.unique) continue;
      let keys = overlay.uniqueKeys.get(index.definition.name);
      if (!keys) {
        keys = new Map();
        overlay.uniqueKeys.set(index.definition.name, keys);
      }
      if (previous) {
        for (const { key } of index.keysOf(previous)) {
          const ids = keys.get(key);
          ids?.delete(idKey);
          if (ids?.size === 0) keys.delete(key);
        }
      }
      if (doc) {
        for (const { key } of index.keysOf(doc)) {
          let ids = keys.get(key);
          if (!ids) {
            ids = new Set();
            keys.set(key, ids);
          }
          ids.add(idKey);
        }
      }
    }
    overlay.docs.set(idKey, doc);
  }

  /** Drops every private write (on abort, or when another writer dooms the transaction). */
  discard(): void {
    this.overlays.clear();
    this.frozen.clear();
  }
}
