import type { Doc } from '../bson.js';
import { compileFilter, type CompiledFilter } from '../query/match.js';
import type { ServerError } from '../errors.js';
import { duplicateKeyError } from './duplicate-key-error.js';
import { assertGeoKeys } from './geo-index.js';
import type { IndexDefinition } from './index-definition.js';
import { indexKeysOf, tupleKey, type IndexKey } from './index-keys.js';

/**
 * What a transaction's private writes change about a unique check: committed documents it has
 * rewritten or deleted no longer hold their committed keys, and its own versions hold theirs.
 */
export interface UniqueShadow {
  isShadowed(idKey: string): boolean;
  overlayOwners(indexName: string, key: string): ReadonlySet<string> | undefined;
}

/**
 * One secondary index of a collection: its definition plus an equality map
 * `key → ids` maintained on every committed write. Unique checks and equality lookups are O(1) per key.
 *
 * @example
 * ```ts
 * const index = new CollectionIndex(parseIndexSpec({ key: { email: 1 }, unique: true }), 'db.users');
 * index.add('id1', { _id: 1, email: 'a' });
 * index.lookupLeading('a'); // Set { 'id1' }
 * ```
 */
export class CollectionIndex {
  readonly entries = new Map<string, Set<string>>();
  /** For compound indexes: first-field key → ids, so an equality on the leading field does not scan. */
  private readonly leading = new Map<string, Set<string>>();
  private readonly partial: CompiledFilter | undefined;

  constructor(
    public definition: IndexDefinition,
    private readonly ns: string,
  ) {
    this.partial = definition.partialFilterExpression
      ? compileFilter(definition.partialFilterExpression)
      : undefined;
  }

  /**
   * Whether an equality lookup on the first key field (with a non-null value) may use this index:
   * every document holding such a value is in it. Sparse indexes qualify (they only leave out
   * documents missing every key field); partial ones do not.
   */
  get usableForEquality(): boolean {
    return !this.definition.special && this.partial === undefined;
  }

  /** The keys `doc` has in this index (none for text/geo indexes, sparse misses and partial-filter misses). */
  keysOf(doc: Doc): IndexKey[] {
    if (this.definition.special) return [];
    if (this.partial && !this.partial.test(doc)) return [];
    return indexKeysOf(doc, this.definition.fields, this.definition.sparse);
  }

  add(idKey: string, doc: Doc): void {
    for (const { key, values } of this.keysOf(doc)) {
      addTo(this.entries, key, idKey);
      if (this.definition.fields.length > 1) addTo(this.leading, tupleKey([values[0]]), idKey);
    }
  }

  remove(idKey: string, doc: Doc): void {
    for (const { key, values } of this.keysOf(doc)) {
      removeFrom(this.entries, key, idKey);
      if (this.definition.fields.length > 1) removeFrom(this.leading, tupleKey([values[0]]), idKey);
    }
  }

  /** Ids of the documents whose leading key field equals `value` (an equality lookup). */
  lookupLeading(value: unknown): ReadonlySet<string> | undefined {
    const key = tupleKey([value]);
    return this.definition.fields.length > 1 ? this.leading.get(key) : this.entries.get(key);
  }

  /**
   * The E11000 error `doc` (stored under `idKey`) would raise in this unique index, or undefined.
   * `shadow` makes the check see a transaction's own writes on top of the committed entries.
   */
  duplicateFor(doc: Doc, idKey: string, shadow?: UniqueShadow): ServerError | undefined {
    // Geo indexes reject documents they cannot index (16755 …) on every write path that checks keys.
    if (this.definition.special && (!this.partial || this.partial.test(doc)))
      assertGeoKeys(this.definition, doc);
    // `prepareUnique` (collMod) rejects new duplicates while tolerating existing ones.
    if (!this.definition.unique && this.definition.spec['prepareUnique'] !== true) return undefined;
    for (const { key, values } of this.keysOf(doc)) {
      const owners = this.entries.get(key);
      if (owners) {
        for (const owner of owners) {
          if (owner !== idKey && !(shadow?.isShadowed(owner) ?? false)) {
            return duplicateKeyError(this.ns, this.definition.name, this.definition.key, values);
          }
        }
      }
      const overlay = shadow?.overlayOwners(this.definition.name, key);
      if (overlay) {
        for (const owner of overlay) {
          if (owner !== idKey)
            return duplicateKeyError(this.ns, this.definition.name, this.definition.key, values);
        }
      }
    }
    return undefined;
  }

  /** Groups of ids sharing one key (what stops converting this index to unique). */
  duplicateGroups(): string[][] {
    return [...this.entries.values()].filter((ids) => ids.size > 1).map((ids) => [...ids]);
  }

  /** Rough byte size for `collStats.indexSizes`: key strings plus per-entry overhead. */
  estimatedSize(): number {
    let size = 4096;
    for (const [key, ids] of this.entries) size += key.length + ids.size * 16;
    return size;
  }
}

function addTo(map: Map<string, Set<string>>, key: string, idKey: string): void {
  let ids = map.get(key);
  if (!ids) {
    ids = new Set();
    map.set(key, ids);
  }
  ids.add(idKey);
}

function removeFrom(map: Map<string, Set<string>>, key: string, idKey: string): void {
  const ids = map.get(key);
  if (!ids) return;
  ids.delete(idKey);
  if (ids.size === 0) map.delete(key);
}
