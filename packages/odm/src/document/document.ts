import type { Collection, CreateIndexesOptions, IndexDirection, WriteConcernSettings } from 'mongodb';
import { getDb } from '../connection/index.js';
import { sessionOptions, writeOptionsFor } from '../context/operation-options.js';
import { convertDriverError } from '../errors/convert-driver-error.js';
import { OperationError, SaveConditionError } from '../errors/operation-error.js';
import { InvalidDocumentError, InvalidQueryError } from '../errors/usage-errors.js';
import type { AnyField } from '../fields/base-field.js';
import { BaseDocument, installAccessor, type AnyDocumentClass } from './base-document.js';
import { BASE_KIND, classInfo, type BaseKind, type ClassInfo } from './class-info.js';
import { classOf } from './class-ref.js';
import {
  createIndexes,
  documentCollection,
  documentTarget,
  forgetPrepared,
  resolveTarget,
} from './collection.js';
import { compileCondition } from './compile-condition.js';
import { compileDocumentUpdate, type DocumentUpdateOptions } from './compile-update.js';
import type { DOCUMENT_KIND, FieldsOf } from './defined-class.js';
import { createQuerySet, type ObjectsQueryOf, type QuerySetOf } from './objects.js';
import { computeDelta, isEmptyDelta } from './delta.js';
import { EJSON, stableKey } from './ejson.js';
import { hasDocumentHooks, runDocumentHooks } from './hooks.js';
import { compareIndexKeys, expectedIndexKeys, type IndexComparison } from './index-admin.js';
import { keyObject, type IndexDefinition } from './index-spec.js';
import { parseClassIndex } from './index-specs.js';
import { loadRelated, parseRelatedArgs } from './related-seam.js';
import type { RefPath, SelectRelatedDepth, WithRelated } from './related-types.js';
import { resolveDottedPath } from './resolve-path.js';
import { changedShardPath, shardValues } from './shard-key.js';
import { STATE, type InstanceTarget } from './state.js';
import { textScoreOf } from './text-score.js';

/** Options of {@link Document.save}. */
export interface SaveOptions {
  /** Insert even if the document was loaded (a duplicate `_id` then fails with NotUniqueError). */
  forceInsert?: boolean;
  /** Run `validate()` first (default true). */
  validate?: boolean;
  /** Let `validate()` call `clean()` (default true). */
  clean?: boolean;
  /** Write concern of this write (default: the context's, then the connection's). */
  writeConcern?: WriteConcernSettings;
  /** Save changed referenced documents too (default `meta.cascade`); runs the `cascadeSave` hook. */
  cascade?: boolean;
  /** Only update when the stored document also matches this condition (optimistic concurrency). */
  saveCondition?: Record<string, unknown>;
  /** Passed to the save hooks (signals). */
  signalKwargs?: Record<string, unknown>;
}

/** Options of {@link Document.delete}. */
export interface DeleteOptions {
  /** Write concern of this delete (default: the context's, then the connection's). */
  writeConcern?: WriteConcernSettings;
  /** Passed to the delete hooks (signals). */
  signalKwargs?: Record<string, unknown>;
}

/** Options of {@link Document.switchDb} / {@link Document.switchCollection}. */
export interface SwitchInstanceOptions {
  /**
   * Keep whether the next save inserts or updates (default true, as MongoEngine). Pass false to
   * make the next save insert the whole document there — how a loaded document is copied into an
   * archive.
   */
  keepCreated?: boolean;
}

/**
 * A document stored in its own collection. Declare one with `Document.define(fields, meta)`
 * and extend the result; every database operation returns a promise.
 *
 * @example
 * class User extends Document.define({
 *   name: new StringField({ required: true }),
 *   age: new IntField({ min: 0 }),
 * }, { collection: 'users' }) {
 *   get isAdult() { return (this.age ?? 0) >= 18; }
 * }
 * const ada = await new User({ name: 'Ada', age: 36 }).save(); // insertOne
 * ada.age = 37;
 * await ada.save(); // updateOne({ _id }, { $set: { age: 37 } })
 */
export class Document extends BaseDocument {
  /** Type-only marker that lets the typings tell documents (which have `pk`) from embedded ones. */
  declare readonly [DOCUMENT_KIND]: true;

  /** The primary key (the automatic `id`, or the field declared `primaryKey: true`). */
  get pk(): unknown {
    const idField = classInfo(classOf(this)).meta.idField;
    return idField === undefined ? undefined : this[STATE].data[idField];
  }

  /** Sets the primary key field; throws `InvalidDocumentError` when the class has none. */
  set pk(value: unknown) {
    const info = classInfo(classOf(this));
    const idField = info.meta.idField;
    if (idField === undefined) throw new InvalidDocumentError(`${info.className} has no primary key.`);
    this._setField(info.fields[idField]!, value);
  }

  /**
   * Inserts a new document or sends the changed paths of a loaded one as `$set` / `$unset`
   * (nothing is sent when nothing changed). Validates first; nothing is written when validation
   * fails. Resolves to the document, with its `pk` filled after an insert.
   *
   * @throws {ValidationError} when validation fails.
   * @throws {NotUniqueError} when a unique index rejects the write.
   * @throws {SaveConditionError} when `saveCondition` matches no stored document.
   * @throws {OperationError} when a shard-key field changed after the first save.
   * @example
   * await user.save(); // { insert: 'users', documents: [{ _id, name: 'Ada' }] }
   * user.address!.city = 'Paris';
   * await user.save(); // { update: 'users', updates: [{ q: { _id }, u: { $set: { 'address.city': 'Paris' } } }] }
   * await user.save({ saveCondition: { version: 3 } }); // SaveConditionError when version is no longer 3
   */
  async save(options: SaveOptions = {}): Promise<this> {
    const cls = classOf(this);
    const info = classInfo(cls);
    if (info.meta.abstract)
      throw new InvalidDocumentError(`${info.className} is abstract and cannot be saved.`);
    const state = this[STATE];
    const cascade = options.cascade ?? info.meta.cascade;
    const hookBase = { cls, cascade, signalKwargs: options.signalKwargs };
    // Hook points are only awaited when a hook is installed there: awaiting the no-op still
    // costs a microtask turn per point, per save (bench/odm round trips).
    if (hasDocumentHooks('preSave')) await runDocumentHooks('preSave', this, hookBase);
    if (options.validate !== false) this.validate({ clean: options.clean !== false });
    if (this._needsGeneratedValues(info)) await this._generateValues(info);
    // The stored form is computed once and reused for the insert body or the delta; it is only
    // recomputed when a hook ran that may have changed the document.
    let son = this.toMongo();
    const created = state.created || options.forceInsert === true || son['_id'] === undefined;
    if (hasDocumentHooks('preSavePostValidation')) {
      await runDocumentHooks('preSavePostValidation', this, { ...hookBase, created });
      son = this.toMongo();
    }
    if (!created) this._checkShardKey(info, son);
    const { collection: coll, alias } = await documentTarget(cls, state.target);
    if (info.meta.autoCreateIndexOnSave)
      await createIndexes(info, coll).catch((e: unknown) => Promise.reject(convertDriverError(e)));
    const opts = writeOptionsFor(alias, cls, options.writeConcern);
    try {
      if (created) {
        const result = await coll.insertOne(son, opts);
        const idField = info.meta.idField;
        if (idField !== undefined && (state.data[idField] === undefined || state.data[idField] === null)) {
          state.data[idField] = info.fields[idField]!.toJs(result.insertedId, { sink: this, path: '_id' });
        }
      } else {
        const delta = computeDelta(son, state.changed.list(), (path, value) =>
          this._isDefaultEmpty(info, path, value),
        );
        if (!isEmptyDelta(delta)) {
          const filter: Record<string, unknown> = { _id: son['_id'], ...state.shardKey };
          if (options.saveCondition)
            Object.assign(filter, compileCondition(cls, info, options.saveCondition));
          const update: Record<string, unknown> = {};
          if (Object.keys(delta.$set).length > 0) update['$set'] = delta.$set;
          if (Object.keys(delta.$unset).length > 0) update['$unset'] = delta.$unset;
          const result = await coll.updateOne(filter, update, {
            ...opts,
            upsert: options.saveCondition === undefined,
          });
          if (options.saveCondition && result.matchedCount === 0) {
            throw new SaveConditionError(
              `${info.className} ${String(this.pk)} was not saved: the stored document does not match saveCondition ${JSON.stringify(options.saveCondition)}.`,
            );
          }
        }
      }
    } catch (error) {
      throw convertDriverError(error);
    }
    if (cascade && hasDocumentHooks('cascadeSave'))
      await runDocumentHooks('cascadeSave', this, { ...hookBase, created });
    state.changed.clear();
    state.created = false;
    this._snapshotShardKey(info);
    if (hasDocumentHooks('postSave')) await runDocumentHooks('postSave', this, { ...hookBase, created });
    return this;
  }

  /**
   * Deletes the stored document (by primary key and shard key).
   *
   * @throws {OperationError} when the document has no primary key yet.
   * @example
   * await user.delete(); // { delete: 'users', deletes: [{ q: { _id }, limit: 1 }] }
   */
  async delete(options: DeleteOptions = {}): Promise<void> {
    const cls = classOf(this);
    const info = classInfo(cls);
    const filter = this._identityFilter(info, 'delete');
    const hookCtx = { cls, signalKwargs: options.signalKwargs };
    await runDocumentHooks('preDelete', this, hookCtx);
    await runDocumentHooks('applyDeleteRules', this, hookCtx);
    const { collection: coll, alias } = await documentTarget(cls, this[STATE].target);
    const opts = writeOptionsFor(alias, cls, options.writeConcern);
    try {
      await coll.deleteOne(filter, opts);
    } catch (error) {
      throw convertDriverError(error);
    }
    await runDocumentHooks('postDelete', this, hookCtx);
  }

  /**
   * Re-reads the document from the database (all fields, or only those named). Fields removed in
   * the database go back to their defaults; local changes to the reloaded fields are dropped.
   *
   * @throws {DoesNotExist} (this class's) when the document is gone or was never saved.
   * @example
   * await user.reload();          // find({ _id }) and refresh every field
   * await user.reload('age');     // find({ _id }, { projection: { age: 1 } })
   */
  async reload(...fields: (keyof this & string)[]): Promise<this> {
    const cls = classOf(this);
    const info = classInfo(cls);
    if (this.pk === undefined || this.pk === null) {
      throw new info.DoesNotExist(`${info.className} has not been saved, so it cannot be reloaded.`);
    }
    const filter = this._identityFilter(info, 'reload');
    let projection: Record<string, 1> | undefined;
    if (fields.length > 0) {
      projection = {};
      for (const name of fields) projection[resolveDottedPath(info, name).dbPath] = 1;
    }
    const { collection: coll, alias } = await documentTarget(cls, this[STATE].target);
    const session = sessionOptions(alias);
    let raw: Record<string, unknown> | null;
    try {
      raw = await coll.findOne(filter, { ...(projection ? { projection } : {}), ...session });
    } catch (error) {
      throw convertDriverError(error);
    }
    if (!raw)
      throw new info.DoesNotExist(
        `${info.className} matching ${JSON.stringify(EJSON.serialize(filter))} does not exist.`,
      );
    const only = fields.length > 0 ? new Set<string>(fields) : undefined;
    this._loadStored(info, raw, this[STATE].parent, only);
    if (only) for (const name of only) this[STATE].changed.clear(info.fields[name]?.dbField ?? name);
    else this[STATE].changed.clear();
    this._snapshotShardKey(info);
    return this;
  }

  /**
   * Loads this document's references in place, as `QuerySet.selectRelated` does for query
   * results (one `$in` query per target class per round), and resolves to this same instance
   * typed with the loaded paths: `post.author` is then a `User`. `{ depth: n }` loads every
   * reference down to `n` hops inside its `Ref`; no argument means `{ depth: 1 }`.
   *
   * @example
   * const post = (await Post.objects().first())!;
   * const loaded = await post.selectRelated('author', 'comments.author'); // loaded === post
   * loaded.author.name; // a User, no further query
   */
  selectRelated(options?: SelectRelatedDepth): Promise<this>;
  selectRelated<P extends RefPath<this>>(
    ...args: [P, ...(P | SelectRelatedDepth)[]]
  ): Promise<WithRelated<this, P>>;
  async selectRelated(...args: unknown[]): Promise<unknown> {
    const { paths, depth } = parseRelatedArgs(args as (string | SelectRelatedDepth)[]);
    await loadRelated([this], paths, depth);
    return this;
  }

  /**
   * Applies an update to the stored document only (the instance is not refreshed, as in
   * MongoEngine). Keys are those of `QuerySet.update()` (`set__name`, `inc__age`,
   * `push__tags`, `addToSet__tags`, `unset__nickname`, `set__scores__$[g]` with
   * `arrayFilters`; raw operators only under `__raw__`). Resolves to the number of matched documents.
   *
   * @throws {OperationError} when the document has not been saved.
   * @example
   * await user.update({ inc__age: 1, push__tags: 'birthday' });
   * // { update: 'users', updates: [{ q: { _id }, u: { $inc: { age: 1 }, $push: { tags: 'birthday' } } }] }
   */
  async update(
    ops: Record<string, unknown>,
    options: { writeConcern?: WriteConcernSettings } & DocumentUpdateOptions = {},
  ): Promise<number> {
    const cls = classOf(this);
    const info = classInfo(cls);
    const filter = this._identityFilter(info, 'update');
    const { update, arrayFilters } = compileDocumentUpdate(cls, info, ops, options);
    if (Object.keys(update).length === 0)
      throw new OperationError('update() needs at least one update operation.');
    const { collection: coll, alias } = await documentTarget(cls, this[STATE].target);
    const opts = writeOptionsFor(alias, cls, options.writeConcern);
    try {
      const result = await coll.updateOne(filter, update, arrayFilters ? { ...opts, arrayFilters } : opts);
      return result.matchedCount;
    } catch (error) {
      throw convertDriverError(error);
    }
  }

  /**
   * Atomically updates the stored document if it also matches `query`, then refreshes this
   * instance from the result (unsaved local changes are discarded). Resolves to whether a
   * document matched.
   *
   * @throws {InvalidDocumentError} when the document has no primary key.
   * @throws {InvalidQueryError} when `query` names another primary key.
   * @example
   * const ok = await user.modify({ version: 3 }, { set__name: 'Ada L.', inc__version: 1 });
   * // findAndModify({ query: { _id, version: 3 }, update: { $set: { name: 'Ada L.' }, $inc: { version: 1 } }, new: true })
   */
  async modify(
    query: Record<string, unknown> = {},
    ops: Record<string, unknown> = {},
    options: DocumentUpdateOptions = {},
  ): Promise<boolean> {
    const cls = classOf(this);
    const info = classInfo(cls);
    if (this.pk === undefined || this.pk === null) {
      throw new InvalidDocumentError(
        `${info.className} has no primary key yet; save it before calling modify().`,
      );
    }
    const filter = this._identityFilter(info, 'modify');
    const condition = compileCondition(cls, info, query);
    if ('_id' in condition && stableKey(condition['_id']) !== stableKey(filter['_id'])) {
      throw new InvalidQueryError(`modify() query names another primary key than this ${info.className}'s.`);
    }
    const { update, arrayFilters } = compileDocumentUpdate(cls, info, ops, options);
    if (Object.keys(update).length === 0)
      throw new OperationError('modify() needs at least one update operation.');
    const { collection: coll, alias } = await documentTarget(cls, this[STATE].target);
    const opts = writeOptionsFor(alias, cls);
    let raw: Record<string, unknown> | null;
    try {
      raw = await coll.findOneAndUpdate({ ...condition, ...filter }, update, {
        returnDocument: 'after',
        ...opts,
        ...(arrayFilters ? { arrayFilters } : {}),
      });
    } catch (error) {
      throw convertDriverError(error);
    }
    if (!raw) return false;
    this._loadStored(info, raw, this[STATE].parent);
    this[STATE].changed.clear();
    this._snapshotShardKey(info);
    return true;
  }

  /**
   * Stores this instance on another connection alias from now on: its `save()`, `delete()`,
   * `reload()`, `update()` and `modify()` go there, whatever the context switches say
   * (MongoEngine's per-instance `switch_db`, for archiving). Returns the instance.
   *
   * @example
   * // Python: user.switch_db('archive'); user.save()
   * const user = await User.objects({ name: 'Ada' }).get();
   * await user.switchDb('archive', { keepCreated: false }).save(); // inserts a copy in 'archive'
   * await user.switchDb('default').delete(); // then removes the original
   */
  switchDb(alias: string, options: SwitchInstanceOptions = {}): this {
    return this._switchTarget({ alias }, options);
  }

  /**
   * Stores this instance in collection `name` (same database) from now on; see {@link switchDb}.
   *
   * @example
   * // Python: group.switch_collection('group_2020'); group.save()
   * const group = await Group.objects().get({ name: 'hello' });
   * await group.switchCollection('group_2020', { keepCreated: false }).save();
   */
  switchCollection(name: string, options: SwitchInstanceOptions = {}): this {
    return this._switchTarget({ collection: name }, options);
  }

  private _switchTarget(change: InstanceTarget, options: SwitchInstanceOptions): this {
    const state = this[STATE];
    state.target = { ...state.target, ...change };
    if (options.keepCreated === false) state.created = true;
    return this;
  }

  /**
   * The relevance score `$text` gave this document when a `searchText()` query loaded it;
   * undefined otherwise. The score is never stored.
   *
   * @example
   * const [best] = await Post.objects().searchText('coffee').orderBy('$text_score').toArray();
   * best?.getTextScore(); // 1.5
   */
  getTextScore(): number | undefined {
    return textScoreOf(this);
  }

  /**
   * Equality by primary key: same collection and equal, defined `pk`.
   *
   * @example
   * (await User.fromMongo(son)).equals(user); // true when both have the same _id
   */
  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof Document)) return false;
    const a = classInfo(classOf(this));
    const b = classInfo(classOf(other));
    if (a.collection !== b.collection || this.pk === undefined || this.pk === null) return false;
    return stableKey(this.pk) === stableKey(other.pk);
  }

  /**
   * A new lazy, immutable queryset over this class's documents (nothing is sent until a
   * terminal such as `toArray()`, `first()` or `for await` runs).
   *
   * @example
   * const adults = await User.objects({ age__gte: 18 }).orderBy('-age').toArray();
   * // find('users', { age: { $gte: 18 } }, { sort: { age: -1 } })
   */
  static objects<T extends AnyDocumentClass>(
    this: T,
    query?: ObjectsQueryOf<InstanceType<T>, FieldsOf<T>>,
  ): QuerySetOf<InstanceType<T>, FieldsOf<T>> {
    return createQuerySet(this, query) as QuerySetOf<InstanceType<T>, FieldsOf<T>>;
  }

  /**
   * The driver collection of this class (connection alias and context switches applied;
   * indexes created on first use when `meta.autoCreateIndex`).
   *
   * @example
   * const coll = await User._getCollection(); coll.collectionName; // 'users'
   */
  static _getCollection(this: AnyDocumentClass): Promise<Collection> {
    return documentCollection(this);
  }

  /**
   * Creates every declared index (meta, implicit unique, geo, and `_cls`).
   *
   * @example
   * await User.ensureIndexes(); // createIndexes: [{ key: { age: -1 } }, { key: { email: 1 }, unique: true }]
   */
  static async ensureIndexes(this: AnyDocumentClass): Promise<void> {
    const info = classInfo(this);
    const coll = await documentCollection(this);
    try {
      await createIndexes(info, coll);
    } catch (error) {
      throw convertDriverError(error);
    }
  }

  /**
   * The index keys this class and the classes sharing its collection declare, plus `{ _id: 1 }`
   * (and `{ _cls: 1 }` with inheritance).
   *
   * @example
   * User.listIndexes(); // [{ _id: 1 }, { age: -1 }, { email: 1 }]
   */
  static listIndexes(this: AnyDocumentClass): Record<string, IndexDirection>[] {
    return expectedIndexKeys(classInfo(this)).map(keyObject);
  }

  /**
   * Compares the declared indexes with the collection's: `missing` are declared but absent,
   * `extra` present but undeclared (text indexes compared by their fields, in any order).
   *
   * @example
   * await User.compareIndexes(); // { missing: [{ age: -1 }], extra: [] }
   */
  static async compareIndexes(this: AnyDocumentClass): Promise<IndexComparison> {
    const expected = expectedIndexKeys(classInfo(this));
    const coll = await documentCollection(this);
    try {
      return compareIndexKeys(
        expected,
        (await coll.listIndexes().toArray()) as { key: Record<string, unknown> }[],
      );
    } catch (error) {
      // NamespaceNotFound: no collection yet, so every declared index is missing.
      if ((error as { code?: number }).code === 26) return compareIndexKeys(expected, []);
      throw convertDriverError(error);
    }
  }

  /**
   * Creates one index from a MongoEngine-style definition (`'-age'`, `['name', '-age']`,
   * `{ fields: [...], unique: true }`) plus options. Resolves to the index name.
   *
   * @example
   * await User.createIndex('$bio'); // createIndexes: [{ key: { bio: 'text' } }]
   */
  static async createIndex(
    this: AnyDocumentClass,
    definition: IndexDefinition,
    options?: CreateIndexesOptions,
  ): Promise<string> {
    const info = classInfo(this);
    const spec = parseClassIndex(info, definition, options);
    const coll = await documentCollection(this);
    try {
      return await coll.createIndex(keyObject(spec.key), spec.options);
    } catch (error) {
      throw convertDriverError(error);
    }
  }

  /**
   * Drops the class's collection (a missing collection is not an error).
   *
   * @throws {InvalidDocumentError} for abstract classes, which have no collection.
   * @example
   * await User.dropCollection();
   */
  static async dropCollection(this: AnyDocumentClass): Promise<void> {
    const info = classInfo(this);
    const target = resolveTarget(info);
    const db = getDb(target.alias);
    try {
      await db.collection(target.collection).drop();
    } catch (error) {
      if ((error as { code?: number }).code !== 26) throw convertDriverError(error);
    } finally {
      forgetPrepared(db, target.collection);
    }
  }

  protected override _beforeChange(field: AnyField, old: unknown, next: unknown): void {
    const state = this[STATE];
    if (state.created || !state.initialised) return;
    const info = classInfo(classOf(this));
    if (!info.meta.shardKey.includes(field.name)) return;
    const before = old === undefined || old === null ? old : field.toMongo(old);
    const after = next === undefined || next === null ? next : field.toMongo(next);
    if (stableKey(before ?? null) !== stableKey(after ?? null)) {
      throw new OperationError(
        `Shard key '${field.name}' of ${info.className} cannot change once the document is saved.`,
      );
    }
  }

  /** Whether {@link _generateValues} has work (so a save without SequenceFields awaits nothing). */
  private _needsGeneratedValues(info: ClassInfo): boolean {
    const data = this[STATE].data;
    for (const name of info.fieldNames) {
      const field = info.fields[name]! as AnyField & { generate?: () => Promise<unknown> };
      if (!field.autoGenerate || typeof field.generate !== 'function') continue;
      if (data[name] === undefined || data[name] === null) return true;
    }
    return false;
  }

  /** Fills unset auto-generated fields (SequenceField) with their next value. */
  private async _generateValues(info: ClassInfo): Promise<void> {
    for (const name of info.fieldNames) {
      const field = info.fields[name]! as AnyField & { generate?: () => Promise<unknown> };
      if (!field.autoGenerate || typeof field.generate !== 'function') continue;
      const current = this[STATE].data[name];
      if (current === undefined || current === null) this._setField(field, await field.generate());
    }
  }

  /** `{ _id, ...shard key }` of a saved document. */
  private _identityFilter(info: ClassInfo, action: string): Record<string, unknown> {
    const idField = info.meta.idField;
    const pk = this.pk;
    if (idField === undefined || pk === undefined || pk === null) {
      throw new OperationError(`Cannot ${action} ${info.className}: it has not been saved (no primary key).`);
    }
    const shard =
      this[STATE].shardKey ??
      (info.meta.shardKey.length === 0 ? undefined : shardValues(info, this.toMongo()));
    return { _id: info.fields[idField]!.toMongo(pk), ...shard };
  }

  /** Without a shard key there is nothing to snapshot, so the stored form is not built. */
  private _snapshotShardKey(info: ClassInfo): void {
    this[STATE].shardKey = info.meta.shardKey.length === 0 ? undefined : shardValues(info, this.toMongo());
  }

  /** Dotted shard keys are not covered by the setter check: compare with the stored values. */
  private _checkShardKey(info: ClassInfo, son: Record<string, unknown>): void {
    const stored = this[STATE].shardKey;
    const changed = stored && changedShardPath(info, stored, son);
    if (changed) {
      throw new OperationError(
        `Shard key '${changed}' of ${info.className} cannot change once the document is saved.`,
      );
    }
  }

  /** MongoEngine's rule: an empty value equal to the field's default is `$unset`, not `$set`. */
  private _isDefaultEmpty(info: ClassInfo, path: string, value: unknown): boolean {
    if (value === null) return false;
    const field = info.byDbField.get(path);
    if (field === undefined) return info.dynamic && !path.includes('.');
    const d = field.getDefault();
    if (d === undefined || d === null) return false;
    return stableKey(field.toMongo(d)) === stableKey(value);
  }
}

Object.defineProperty(Document, BASE_KIND, {
  value: { kind: 'document', dynamic: false } satisfies BaseKind,
});
// The automatic `id` accessor lives on Document itself; a class whose primary key is another
// field has no `id` in its instance type, and reading it gives undefined.
installAccessor(Document.prototype, 'id', (doc) => {
  const info = classInfo(classOf(doc));
  const field = info.fields['id'];
  if (field === undefined)
    throw new InvalidDocumentError(
      `${info.className} has no 'id' field; its primary key is '${info.meta.idField ?? '(none)'}' (also reachable as pk).`,
    );
  return field;
});
