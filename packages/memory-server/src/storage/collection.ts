import { UUID } from 'bson';
import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { CollectionIndex, type UniqueShadow } from './collection-index.js';
import { storedSize } from './document-rules.js';
import { duplicateKeyError } from './duplicate-key-error.js';
import {
  idIndexDefinition,
  sameIndexOptions,
  sameKeyPattern,
  type IndexDefinition,
} from './index-definition.js';
import { isTextIndex } from './text-index-spec.js';

/** A stored document and its record id (insertion sequence, which is the natural order). */
export interface StoredRecord {
  readonly doc: Doc;
  readonly rid: number;
}

/** What `createIndex` did. */
export type CreateIndexOutcome = 'created' | 'exists';

/**
 * The committed state of one collection: documents in natural order keyed by canonical `_id`,
 * its indexes and its options. Methods here do not know about transactions; the engine decides
 * what reaches them.
 *
 * @example
 * ```ts
 * const users = new Collection('app', 'users');
 * users.insertRecord(canonicalKey(1), { _id: 1, name: 'x' });
 * users.count; // 1
 * ```
 */
export class Collection {
  readonly uuid = new UUID();
  readonly records = new Map<string, StoredRecord>();
  readonly indexes = new Map<string, CollectionIndex>();
  /** Commit sequence of the last committed write per `_id`, kept only while transactions are open. */
  readonly versions = new Map<string, number>();
  options: Doc;
  /** Commit sequence at creation: transactions with an older snapshot may not write here. */
  createdSeq = 0;
  /** The transaction whose write created the collection implicitly (it may keep writing). */
  creatorTxnId: number | undefined;
  /** Set while the creating transaction is open: the collection is invisible to everyone else. */
  pendingTxnId: number | undefined;
  /** Record keys that are not the canonical `_id` (time-series measurements may share an `_id`). */
  readonly recordKeys = new WeakMap<Doc, string>();
  private nextRid = 1;
  private bytes = 0;
  private measurements = 0;

  constructor(
    readonly db: string,
    readonly name: string,
    options: Doc = {},
  ) {
    this.options = options;
    this.indexes.set('_id_', new CollectionIndex(idIndexDefinition(), this.ns));
  }

  /** A fresh suffix for a time-series record key. */
  nextMeasurement(): number {
    this.measurements += 1;
    return this.measurements;
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get count(): number {
    return this.records.size;
  }

  /** Total BSON size of the documents. */
  get dataSize(): number {
    return this.bytes;
  }

  get capped(): boolean {
    return this.options['capped'] === true;
  }

  get(idKey: string): Doc | undefined {
    return this.records.get(idKey)?.doc;
  }

  /** Secondary indexes (everything but `_id_`, whose role the record map plays). */
  secondaryIndexes(): CollectionIndex[] {
    return [...this.indexes.values()].filter((index) => index.definition.name !== '_id_');
  }

  /** The first E11000 `doc` would raise in a secondary unique index. */
  duplicateFor(doc: Doc, idKey: string, shadow?: UniqueShadow): ServerError | undefined {
    for (const index of this.indexes.values()) {
      if (index.definition.name === '_id_') continue;
      const error = index.duplicateFor(doc, idKey, shadow);
      if (error) return error;
    }
    return undefined;
  }

  /** The E11000 for inserting an `_id` that already exists. */
  idDuplicate(id: unknown): ServerError {
    return duplicateKeyError(this.ns, '_id_', { _id: 1 }, [id]);
  }

  indexDocument(idKey: string, doc: Doc): void {
    for (const index of this.indexes.values()) if (index.definition.name !== '_id_') index.add(idKey, doc);
  }

  unindexDocument(idKey: string, doc: Doc): void {
    for (const index of this.indexes.values()) if (index.definition.name !== '_id_') index.remove(idKey, doc);
  }

  /** Checks and inserts (throws E11000 before anything is written). */
  insertRecord(idKey: string, doc: Doc): void {
    if (this.records.has(idKey)) throw this.idDuplicate(doc['_id']);
    const duplicate = this.duplicateFor(doc, idKey);
    if (duplicate) throw duplicate;
    this.indexDocument(idKey, doc);
    this.setRecord(idKey, doc);
  }

  /** Checks and replaces the document stored under `idKey`, keeping its natural position. */
  replaceRecord(idKey: string, doc: Doc): void {
    const old = this.records.get(idKey);
    if (!old) throw new ServerError('InternalError', `no document with _id key ${idKey} in ${this.ns}`);
    this.unindexDocument(idKey, old.doc);
    const duplicate = this.duplicateFor(doc, idKey);
    if (duplicate) {
      this.indexDocument(idKey, old.doc);
      throw duplicate;
    }
    this.indexDocument(idKey, doc);
    this.setRecord(idKey, doc);
  }

  removeRecord(idKey: string): Doc | undefined {
    const old = this.records.get(idKey);
    if (!old) return undefined;
    this.unindexDocument(idKey, old.doc);
    this.deleteRecord(idKey);
    return old.doc;
  }

  /** Low-level: stores `doc` without index work (the caller has indexed it). */
  setRecord(idKey: string, doc: Doc): void {
    const old = this.records.get(idKey);
    if (old) this.bytes -= storedSize(old.doc);
    this.bytes += storedSize(doc);
    this.records.set(idKey, { doc, rid: old ? old.rid : this.nextRid++ });
  }

  /** Low-level: forgets a record without index work. */
  deleteRecord(idKey: string): void {
    const old = this.records.get(idKey);
    if (!old) return;
    this.bytes -= storedSize(old.doc);
    this.records.delete(idKey);
  }

  /** Removes every document (indexes are kept, emptied). */
  truncate(): void {
    this.records.clear();
    for (const index of this.indexes.values()) index.entries.clear();
    const definitions = [...this.indexes.values()].map((index) => index.definition);
    this.indexes.clear();
    for (const definition of definitions)
      this.indexes.set(definition.name, new CollectionIndex(definition, this.ns));
    this.bytes = 0;
  }

  /**
   * Adds an index, building it over the existing documents. An identical index is a no-op;
   * conflicting ones raise 85/86 as MongoDB does; a unique index over duplicates raises E11000.
   */
  createIndex(definition: IndexDefinition): CreateIndexOutcome {
    const byName = this.indexes.get(definition.name);
    if (byName) {
      if (!sameKeyPattern(byName.definition.key, definition.key)) {
        throw new ServerError(
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(definition.spec)}, existing index: ${JSON.stringify(byName.definition.spec)}`,
        );
      }
      if (!sameIndexOptions(byName.definition, definition)) {
        throw new ServerError(
          'IndexOptionsConflict',
          `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(definition.spec)}, existing index: ${JSON.stringify(byName.definition.spec)}`,
        );
      }
      return 'exists';
    }
    for (const existing of this.indexes.values()) {
      if (
        isTextIndex(definition) &&
        isTextIndex(existing.definition) &&
        !sameIndexOptions(existing.definition, definition)
      ) {
        // A collection has at most one text index (their keys all read `{ _fts: 'text', _ftsx: 1 }`).
        throw new ServerError(
          'IndexOptionsConflict',
          `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(definition.spec)}, existing index: ${JSON.stringify(existing.definition.spec)}`,
        );
      }
      if (
        sameKeyPattern(existing.definition.key, definition.key) &&
        sameIndexOptions(existing.definition, definition)
      ) {
        throw new ServerError(
          'IndexOptionsConflict',
          `Index already exists with a different name: ${existing.definition.name}`,
        );
      }
      if (
        sameKeyPattern(existing.definition.key, definition.key) &&
        existing.definition.unique !== definition.unique
      ) {
        throw new ServerError(
          'IndexOptionsConflict',
          `An existing index has the same key pattern but different options: ${existing.definition.name}`,
        );
      }
    }
    const index = new CollectionIndex(definition, this.ns);
    for (const [idKey, record] of this.records) {
      const duplicate = index.duplicateFor(record.doc, idKey);
      if (duplicate) {
        throw new ServerError(
          'DuplicateKey',
          `Index build failed: ${this.uuid.toHexString()}: Collection ${this.ns} ( ${this.uuid.toHexString()} ) :: caused by :: ${duplicate.message}`,
          {
            extra: duplicate.extra,
          },
        );
      }
      index.add(idKey, record.doc);
    }
    this.indexes.set(definition.name, index);
    return 'created';
  }

  dropIndex(name: string): void {
    this.indexes.delete(name);
  }

  /** Finds an index by name or by key pattern. */
  findIndex(nameOrKey: string | Doc): CollectionIndex | undefined {
    if (typeof nameOrKey === 'string') return this.indexes.get(nameOrKey);
    for (const index of this.indexes.values()) {
      if (sameKeyPattern(index.definition.key, nameOrKey)) return index;
    }
    return undefined;
  }

  /** Replaces an index definition in place (collMod: TTL, hidden). */
  updateIndexDefinition(name: string, definition: IndexDefinition): void {
    const index = this.indexes.get(name);
    if (index) index.definition = definition;
  }

  /** Sum of the estimated sizes of all indexes, and per index. */
  indexSizes(): Record<string, number> {
    const sizes: Record<string, number> = {};
    for (const [name, index] of this.indexes) {
      sizes[name] = name === '_id_' ? 4096 + this.records.size * 24 : index.estimatedSize();
    }
    return sizes;
  }
}
