import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { canonicalKey, compareValues } from '../query/compare.js';
import type { CompiledFilter } from '../query/match.js';
import { Collection, type StoredRecord } from './collection.js';
import { applyCommitWrites, type CommitWrite } from './commit-writes.js';
import {
  checkValidator,
  insertKey,
  isView,
  recordKey,
  viewDocuments,
  viewWriteError,
} from './collection-kind.js';
import { CursorManager, DEFAULT_CURSOR_TIMEOUT_MS } from './cursor-manager.js';
import { prepareInsert, validateNamespace } from './document-rules.js';
import { indexOrder, planQuery, type QueryPlan } from './query-plan.js';
import { transactionDocument, transactionDocuments } from './read-view.js';
import { expiredIds } from './ttl.js';
import { Transaction, writeConflict, type StorageTransaction, type TransactionHost } from './transaction.js';

export type { StorageTransaction } from './transaction.js';

/** Tunables of an {@link Engine}. */
export interface EngineOptions {
  /** How often expired TTL documents are deleted (mongod: 60 s). */
  readonly ttlMonitorIntervalMs?: number;
  /** Idle cursor lifetime (mongod: 10 min). */
  readonly cursorTimeoutMs?: number;
}

/** A filter as commands hand it to storage: the raw document and its compiled form. */
export interface FilterInput {
  readonly filter: Doc;
  readonly compiled: CompiledFilter;
  readonly hint?: unknown;
}

/** Per-write options a command passes down. */
export interface WriteOptions {
  /** `bypassDocumentValidation: true`: the collection's validator is not applied. */
  readonly bypassValidation?: boolean | undefined;
}

function lockKey(ns: string, idKey: string): string {
  return `${ns}\u0000${idKey}`;
}

/**
 * All databases of one memory server: the catalog, documents, indexes, cursors and
 * snapshot-isolated transactions. Single-threaded: every method runs to completion.
 *
 * @example
 * ```ts
 * const engine = new Engine();
 * engine.insertDocument('app', 'users', { name: 'x' }, undefined);
 * engine.readDocuments('app', 'users', undefined).length; // 1
 * engine.close();
 * ```
 */
export class Engine implements TransactionHost {
  readonly cursors: CursorManager;
  private readonly databases = new Map<string, Map<string, Collection>>();
  private readonly openTransactions = new Set<Transaction>();
  private readonly locks = new Map<string, Transaction>();
  private seq = 0;
  private nextTransactionId = 1;
  private readonly ttlTimer: NodeJS.Timeout;

  constructor(options: EngineOptions = {}) {
    this.cursors = new CursorManager(options.cursorTimeoutMs ?? DEFAULT_CURSOR_TIMEOUT_MS);
    this.ttlTimer = setInterval(() => this.runTtlPass(Date.now()), options.ttlMonitorIntervalMs ?? 60_000);
    this.ttlTimer.unref();
  }

  /** Stops the TTL and cursor timers and forgets open cursors. */
  close(): void {
    clearInterval(this.ttlTimer);
    this.cursors.close();
  }

  /** Kills the cursors a session opened (the `endSessions`/`killSessions` hook). */
  killForSession(sessionKey: string): number {
    return this.cursors.killForSession(sessionKey);
  }

  // ── transactions ────────────────────────────────────────────────────────────

  /** Starts a storage transaction (snapshot taken now). */
  beginTransaction(): StorageTransaction {
    const txn = new Transaction(this.nextTransactionId++, this.seq, this);
    this.openTransactions.add(txn);
    return txn;
  }

  /** @internal Applies a transaction's overlay atomically (see {@link Transaction.commit}). */
  commitTransaction(txn: Transaction): void {
    if (txn.state === 'committed') return;
    if (txn.doomed) {
      const reason = txn.doomed;
      this.finish(txn, 'aborted');
      throw reason;
    }
    txn.assertUsable();
    try {
      this.applyOverlays(txn);
    } catch (error) {
      this.finish(txn, 'aborted');
      throw error;
    }
    this.finish(txn, 'committed');
  }

  /** @internal */
  abortTransaction(txn: Transaction): void {
    if (txn.state !== 'active') return;
    this.finish(txn, 'aborted');
  }

  private finish(txn: Transaction, state: 'committed' | 'aborted'): void {
    txn.state = state;
    this.settleCreatedCollections(txn, state === 'committed');
    this.releaseLocks(txn);
    txn.discard();
    this.openTransactions.delete(txn);
    if (this.openTransactions.size === 0) {
      for (const db of this.databases.values())
        for (const collection of db.values()) collection.versions.clear();
    }
  }

  private releaseLocks(txn: Transaction): void {
    for (const key of txn.locks) if (this.locks.get(key) === txn) this.locks.delete(key);
    txn.locks.clear();
  }

  /** Publishes (on commit) or drops (on abort) the collections a transaction created. */
  private settleCreatedCollections(txn: Transaction, publish: boolean): void {
    for (const ns of txn.createdCollections) {
      const dot = ns.indexOf('.');
      const db = ns.slice(0, dot);
      const name = ns.slice(dot + 1);
      const collection = this.databases.get(db)?.get(name);
      if (collection?.pendingTxnId !== txn.id) continue;
      if (publish) {
        collection.pendingTxnId = undefined;
      } else {
        this.databases.get(db)?.delete(name);
        this.cursors.killForNamespace(ns);
      }
    }
    txn.createdCollections.clear();
  }

  /** Another writer needs this transaction's documents: the transaction fails with WriteConflict. */
  private doom(txn: Transaction): void {
    txn.doomed = writeConflict(
      'Transaction was aborted because a concurrent operation wrote a document it had written.',
    );
    this.settleCreatedCollections(txn, false);
    this.releaseLocks(txn);
    txn.discard();
    this.openTransactions.delete(txn);
  }

  /** Keeps the current committed records of `ns` as the snapshot of every open transaction that has none yet. */
  private preserve(db: string, name: string): void {
    if (this.openTransactions.size === 0) return;
    const ns = `${db}.${name}`;
    let copy: Map<string, StoredRecord> | null | undefined;
    for (const txn of this.openTransactions) {
      if (txn.frozen.has(ns)) continue;
      if (copy === undefined) {
        const collection = this.getCollection(db, name);
        copy = collection ? new Map(collection.records) : null;
      }
      txn.frozen.set(ns, copy);
    }
  }

  private applyOverlays(txn: Transaction): void {
    const writes: CommitWrite[] = [];
    for (const [, overlay] of txn.overlays) {
      if (overlay.docs.size === 0) continue;
      this.preserve(overlay.db, overlay.name);
      const { collection } = this.ensureCollection(overlay.db, overlay.name, txn);
      for (const [idKey, doc] of overlay.docs) writes.push({ collection, idKey, doc });
    }
    this.seq += 1;
    const written = applyCommitWrites(writes);
    if (this.openTransactions.size > 1) {
      for (const write of written) write.collection.versions.set(write.idKey, this.seq);
    }
  }

  // ── catalog ─────────────────────────────────────────────────────────────────

  /** Names of databases holding at least one (committed) collection. */
  databaseNames(): string[] {
    return [...this.databases.keys()].filter((db) => this.collections(db).length > 0);
  }

  /** The committed collections of a database (not those of open transactions). */
  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])].filter(
      (collection) => collection.pendingTxnId === undefined,
    );
  }

  /** A collection as `txn` (or a non-transactional caller) sees the catalog. */
  getCollection(db: string, name: string, txn?: StorageTransaction): Collection | undefined {
    const collection = this.databases.get(db)?.get(name);
    if (collection?.pendingTxnId !== undefined && collection.pendingTxnId !== txn?.id) return undefined;
    return collection;
  }

  /**
   * Creates a collection (NamespaceExists 48 when it exists). Inside a transaction the collection
   * stays invisible to others until commit; another transaction creating the same name gets a
   * WriteConflict, a non-transactional creator makes the pending transaction fail.
   */
  createCollection(db: string, name: string, options: Doc = {}, txn?: StorageTransaction): Collection {
    validateNamespace(db, name);
    const existing = this.databases.get(db)?.get(name);
    if (existing?.pendingTxnId !== undefined && existing.pendingTxnId !== txn?.id) {
      if (txn) throw writeConflict('Unable to create collection: it is being created by another transaction');
      const creator = [...this.openTransactions].find((open) => open.id === existing.pendingTxnId);
      if (creator) this.doom(creator);
    }
    if (this.getCollection(db, name, txn))
      throw new ServerError('NamespaceExists', `Collection ${db}.${name} already exists.`);
    this.preserve(db, name);
    let colls = this.databases.get(db);
    if (!colls) {
      colls = new Map();
      this.databases.set(db, colls);
    }
    const collection = new Collection(db, name, options);
    this.seq += 1;
    collection.createdSeq = this.seq;
    collection.creatorTxnId = txn?.id;
    const transaction = this.asTransaction(txn);
    if (transaction) {
      collection.pendingTxnId = transaction.id;
      transaction.createdCollections.add(collection.ns);
    }
    colls.set(name, collection);
    return collection;
  }

  /** The collection, created implicitly (as an insert or upsert does) when missing. */
  ensureCollection(
    db: string,
    name: string,
    txn?: StorageTransaction,
  ): { collection: Collection; created: boolean } {
    const existing = this.getCollection(db, name, txn);
    if (existing) return { collection: existing, created: false };
    return { collection: this.createCollection(db, name, {}, txn), created: true };
  }

  /** Drops a collection; returns it, or undefined when it did not exist. */
  dropCollection(db: string, name: string): Collection | undefined {
    const collection = this.getCollection(db, name);
    if (!collection) return undefined;
    this.preserve(db, name);
    for (const txn of [...this.openTransactions]) if (txn.overlays.has(collection.ns)) this.doom(txn);
    this.databases.get(db)?.delete(name);
    this.cursors.killForNamespace(collection.ns);
    this.seq += 1;
    return collection;
  }

  /** Drops every collection of a database. */
  dropDatabase(db: string): void {
    for (const collection of this.collections(db)) this.dropCollection(db, collection.name);
    this.databases.delete(db);
  }

  /** Renames a collection (26 when the source is missing, 48 when the target exists without `dropTarget`). */
  renameCollection(
    fromDb: string,
    fromName: string,
    toDb: string,
    toName: string,
    dropTarget: boolean,
  ): Collection {
    const source = this.getCollection(fromDb, fromName);
    if (!source)
      throw new ServerError('NamespaceNotFound', `Source collection ${fromDb}.${fromName} does not exist`);
    validateNamespace(toDb, toName);
    if (fromDb === toDb && fromName === toName) {
      throw new ServerError('IllegalOperation', "Can't rename a collection to itself");
    }
    if (this.getCollection(toDb, toName)) {
      if (!dropTarget) throw new ServerError('NamespaceExists', 'target namespace exists');
      this.dropCollection(toDb, toName);
    }
    this.dropCollection(fromDb, fromName);
    const target = this.createCollection(toDb, toName, source.options);
    for (const index of source.secondaryIndexes()) target.createIndex(index.definition);
    for (const [idKey, record] of source.records) {
      // Time-series record keys are not derived from `_id`; carry them over.
      if (idKey !== canonicalKey(record.doc['_id'])) target.recordKeys.set(record.doc, idKey);
      target.insertRecord(idKey, record.doc);
    }
    return target;
  }

  // ── reads ───────────────────────────────────────────────────────────────────

  /** Every document `txn` (or a non-transactional reader) sees, in natural order. */
  visibleDocuments(db: string, name: string, txn: StorageTransaction | undefined): Doc[] {
    const collection = this.getCollection(db, name, txn);
    const transaction = this.asTransaction(txn);
    if (!transaction) return collection ? [...collection.records.values()].map((record) => record.doc) : [];
    return transactionDocuments(transaction, `${db}.${name}`, collection);
  }

  /** The document with canonical `_id` key `idKey` as `txn` sees it. */
  visibleDocument(
    db: string,
    name: string,
    idKey: string,
    txn: StorageTransaction | undefined,
  ): Doc | undefined {
    const collection = this.getCollection(db, name, txn);
    const transaction = this.asTransaction(txn);
    if (!transaction) return collection?.get(idKey);
    return transactionDocument(transaction, `${db}.${name}`, collection, idKey);
  }

  /** How a filter would run (for `explain` and for {@link readDocuments}). */
  plan(db: string, name: string, input: FilterInput): QueryPlan {
    return planQuery(this.getCollection(db, name), input.filter, input.compiled, input.hint);
  }

  /**
   * Documents matching a filter in natural order (or `_id` order for an `_id $in`), using the
   * `_id` fast path and equality indexes when they apply. Without `input` every document is returned.
   */
  readDocuments(db: string, name: string, txn: StorageTransaction | undefined, input?: FilterInput): Doc[] {
    const target = this.getCollection(db, name, txn);
    if (isView(target))
      return viewDocuments(target as Collection, (d, n) => this.readDocuments(d, n, txn), input?.compiled);
    if (!input) return this.visibleDocuments(db, name, txn);
    const plan = planQuery(this.getCollection(db, name, txn), input.filter, input.compiled, input.hint);
    const docs = this.executePlan(db, name, txn, input, plan);
    const index = plan.index;
    if (plan.stage === 'IXSCAN' && index && !index.special && index.name !== '_id_' && docs.length > 1) {
      // An index scan returns documents in key order (ties in record order); Array.prototype.sort is stable.
      return docs.sort(indexOrder(index));
    }
    return docs;
  }

  private executePlan(
    db: string,
    name: string,
    txn: StorageTransaction | undefined,
    input: FilterInput,
    plan: QueryPlan,
  ): Doc[] {
    const collection = this.getCollection(db, name, txn);
    if (!collection && !this.asTransaction(txn)) return [];
    if (plan.idKeys) {
      const docs: Doc[] = [];
      for (const idKey of plan.idKeys) {
        const doc = this.visibleDocument(db, name, idKey, txn);
        if (doc && input.compiled.test(doc)) docs.push(doc);
      }
      if (docs.length > 1) docs.sort((a, b) => compareValues(a['_id'], b['_id']));
      return docs;
    }
    const transaction = this.asTransaction(txn);
    const ns = `${db}.${name}`;
    const committedView = !transaction || (!transaction.overlays.has(ns) && !transaction.frozen.has(ns));
    if (plan.indexIds && collection && committedView) {
      transaction?.assertUsable();
      const records: StoredRecord[] = [];
      for (const idKey of plan.indexIds) {
        const record = collection.records.get(idKey);
        if (record && input.compiled.test(record.doc)) records.push(record);
      }
      return records.sort((a, b) => a.rid - b.rid).map((record) => record.doc);
    }
    return this.visibleDocuments(db, name, txn).filter((doc) => input.compiled.test(doc));
  }

  // ── writes ──────────────────────────────────────────────────────────────────

  /** Inserts a document (implicitly creating the collection); returns the stored document. */
  insertDocument(
    db: string,
    name: string,
    doc: Doc,
    txn: StorageTransaction | undefined,
    options: WriteOptions = {},
  ): Doc {
    const stored = prepareInsert(doc);
    const transaction = this.asTransaction(txn);
    transaction?.assertUsable();
    const { collection } = this.ensureCollection(db, name, transaction);
    if (isView(collection)) throw viewWriteError(collection.ns);
    if (!options.bypassValidation) checkValidator(collection, stored, undefined);
    const idKey = insertKey(collection, stored);
    if (transaction) {
      this.writeInTransaction(transaction, collection, idKey, stored, true);
      return stored;
    }
    this.beforeDirectWrite(collection, idKey);
    collection.insertRecord(idKey, stored);
    this.afterDirectWrite(collection, idKey);
    if (collection.capped) this.enforceCap(collection);
    return stored;
  }

  /** Replaces a document by a new version with the same `_id`. */
  replaceDocument(
    db: string,
    name: string,
    before: Doc,
    after: Doc,
    txn: StorageTransaction | undefined,
    options: WriteOptions = {},
  ): Doc {
    const collection = this.getCollection(db, name, txn);
    if (!collection) throw new ServerError('NamespaceNotFound', `Collection ${db}.${name} does not exist`);
    if (isView(collection)) throw viewWriteError(collection.ns);
    const stored = Object.keys(after)[0] === '_id' ? after : prepareInsert(after);
    if (!options.bypassValidation) checkValidator(collection, stored, before);
    const idKey = recordKey(collection, before);
    if (idKey !== canonicalKey(before['_id'])) collection.recordKeys.set(stored, idKey);
    const transaction = this.asTransaction(txn);
    if (transaction) {
      this.writeInTransaction(transaction, collection, idKey, stored, false);
      return stored;
    }
    this.beforeDirectWrite(collection, idKey);
    collection.replaceRecord(idKey, stored);
    this.afterDirectWrite(collection, idKey);
    return stored;
  }

  /** Deletes a document (by its `_id`). */
  deleteDocument(db: string, name: string, doc: Doc, txn: StorageTransaction | undefined): void {
    const collection = this.getCollection(db, name, txn);
    if (!collection) return;
    if (isView(collection)) throw viewWriteError(collection.ns);
    const idKey = recordKey(collection, doc);
    const transaction = this.asTransaction(txn);
    if (transaction) {
      this.writeInTransaction(transaction, collection, idKey, null, false);
      return;
    }
    this.beforeDirectWrite(collection, idKey);
    collection.removeRecord(idKey);
    this.afterDirectWrite(collection, idKey);
  }

  /** Removes every document of a collection, keeping its indexes and options (`$out`). */
  truncateCollection(db: string, name: string): void {
    const collection = this.getCollection(db, name);
    if (!collection) return;
    this.preserve(db, name);
    for (const idKey of collection.records.keys()) {
      const holder = this.locks.get(lockKey(collection.ns, idKey));
      if (holder) this.doom(holder);
      if (this.openTransactions.size > 0) collection.versions.set(idKey, this.seq + 1);
    }
    this.seq += 1;
    collection.truncate();
  }

  private writeInTransaction(
    txn: Transaction,
    collection: Collection,
    idKey: string,
    doc: Doc | null,
    isInsert: boolean,
  ): void {
    txn.assertUsable();
    if (collection.capped) {
      throw new ServerError(
        'OperationNotSupportedInTransaction',
        `Collection '${collection.ns}' is a capped collection. Writes in transactions are not allowed on capped collections.`,
      );
    }
    if (collection.createdSeq > txn.snapshotSeq && collection.creatorTxnId !== txn.id) {
      // Created (or dropped and re-created) after this transaction's snapshot by someone else.
      throw writeConflict('Unable to write to collection due to catalog changes; please retry the operation');
    }
    const key = lockKey(collection.ns, idKey);
    const holder = this.locks.get(key);
    if (holder && holder !== txn) throw writeConflict();
    if ((collection.versions.get(idKey) ?? 0) > txn.snapshotSeq) throw writeConflict();
    if (doc) {
      if (isInsert && this.visibleDocument(collection.db, collection.name, idKey, txn)) {
        throw collection.idDuplicate(doc['_id']);
      }
      const duplicate = collection.duplicateFor(doc, idKey, txn.shadowFor(collection.ns));
      if (duplicate) throw duplicate;
    }
    txn.setOverlayDoc(collection, idKey, doc);
    if (!holder) {
      this.locks.set(key, txn);
      txn.locks.add(key);
    }
  }

  /**
   * A non-transactional write to a document an open transaction has written: mongod would make
   * the writer wait; here the transaction loses (WriteConflict on its next operation or commit).
   */
  private beforeDirectWrite(collection: Collection, idKey: string): void {
    const holder = this.locks.get(lockKey(collection.ns, idKey));
    if (holder) this.doom(holder);
    this.preserve(collection.db, collection.name);
  }

  private afterDirectWrite(collection: Collection, idKey: string): void {
    this.seq += 1;
    if (this.openTransactions.size > 0) collection.versions.set(idKey, this.seq);
  }

  private enforceCap(collection: Collection): void {
    const max = typeof collection.options['max'] === 'number' ? collection.options['max'] : undefined;
    const size = typeof collection.options['size'] === 'number' ? collection.options['size'] : undefined;
    while (
      collection.count > 1 &&
      ((max !== undefined && max > 0 && collection.count > max) ||
        (size !== undefined && collection.dataSize > size))
    ) {
      const oldest = collection.records.keys().next();
      if (oldest.done === true) break;
      this.beforeDirectWrite(collection, oldest.value);
      collection.removeRecord(oldest.value);
      this.afterDirectWrite(collection, oldest.value);
    }
  }

  /** Deletes documents whose TTL index date is older than `expireAfterSeconds` before `now`. */
  runTtlPass(now: number): number {
    let deleted = 0;
    for (const colls of this.databases.values()) {
      for (const collection of colls.values()) {
        for (const idKey of expiredIds(collection, now)) {
          this.beforeDirectWrite(collection, idKey);
          collection.removeRecord(idKey);
          this.afterDirectWrite(collection, idKey);
          deleted += 1;
        }
      }
    }
    return deleted;
  }

  private asTransaction(txn: StorageTransaction | undefined): Transaction | undefined {
    if (txn === undefined) return undefined;
    if (!(txn instanceof Transaction)) throw new ServerError('InternalError', 'foreign storage transaction');
    return txn;
  }
}
