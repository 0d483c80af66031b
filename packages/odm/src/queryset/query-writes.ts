/**
 * Writing terminals of a queryset: `create`, `insert` (one `insertMany`), `update` /
 * `updateOne`, `modify` / `upsertOne` (findAndModify) and `delete`.
 */
import type { Document as MongoDocument, WriteConcernSettings } from 'mongodb';
import { runWithContext } from '../context/index.js';
import { classInfo, type ClassInfo } from '../document/class-info.js';
import {
  documentHooksFor,
  hasDocumentHooks,
  hasDocumentHooksFor,
  runDocumentHooks,
} from '../document/hooks.js';
import { STATE } from '../document/state.js';
import { convertDriverError } from '../errors/convert-driver-error.js';
import type { AnyField } from '../fields/base-field.js';
import { OperationError } from '../errors/operation-error.js';
import { isPlainObject } from '../util/is-plain-object.js';
import {
  andFilters,
  commonOptions,
  findOptions,
  loadResult,
  queryFilter,
  queryProjection,
  querySort,
  sessionOption,
  stateCollection,
  writeOptions,
} from './build-query.js';
import { compileOrdering, compileUpdate } from './compilers.js';
import { withState, type QueryState } from './query-state.js';
import type { UpdateInput } from './update/index.js';
import { RAW_FILTER, isRawQuery, type RawQuery } from './filter/query-node.js';
import type { DocState } from '../document/state.js';

/** Options of `insert()`. */
export interface InsertOptions {
  /** Resolve to the documents (default) or, with false, to their ids. */
  loadBulk?: boolean;
  /** Validate every document first (default true); nothing is written when one fails. */
  validate?: boolean;
  /** Write concern of this write (default: the context's `setWriteConcern`, then the connection's). */
  writeConcern?: WriteConcernSettings;
  /** Passed to the bulk-insert hooks (signals). */
  signalKwargs?: Record<string, unknown>;
}

/** Options of `update()` / `updateOne()`. */
export interface UpdateOptions {
  /** Insert a document when none matches. */
  upsert?: boolean;
  /** Update every match (default) or only the first. */
  multi?: boolean;
  /**
   * Conditions for the `$[name]` paths of the update, as lookups whose first part is the
   * identifier (`{ g__gte: 85 }`) or `raw()`; with a raw update they are passed as given.
   */
  arrayFilters?: ArrayFilterInput[];
  /** Write concern of this write (default: the context's `setWriteConcern`, then the connection's). */
  writeConcern?: WriteConcernSettings;
}

/** One `arrayFilters` entry: lookups on a `$[name]` identifier (`{ g__gte: 85 }`), or `raw()`. */
export type ArrayFilterInput = Readonly<Record<string, unknown>> | RawQuery;

/** Options of `modify()`. */
export interface ModifyOptions {
  /** Resolve to the document after the update (default: before). */
  new?: boolean;
  /** Insert a document when none matches. */
  upsert?: boolean;
  /** Delete the document instead of updating it. */
  remove?: boolean;
  /** Which document is first: sort keys like `orderBy` (default: the queryset's ordering). */
  sort?: readonly string[];
  /** Conditions for the `$[name]` paths of the update, as in {@link UpdateOptions.arrayFilters}. */
  arrayFilters?: ArrayFilterInput[];
  /** Write concern of this write (default: the context's `setWriteConcern`, then the connection's). */
  writeConcern?: WriteConcernSettings;
}

/** Options of `delete()`. */
export interface DeleteOptions {
  /** Write concern of this write (default: the context's `setWriteConcern`, then the connection's). */
  writeConcern?: WriteConcernSettings;
  /** Passed to the delete hooks when documents are deleted one by one. */
  signalKwargs?: Record<string, unknown>;
}

interface DocumentLike {
  readonly [STATE]: DocState;
  _setField(field: AnyField, value: unknown): void;
  validate(): void;
  toMongo(): Record<string, unknown>;
  save(options?: { forceInsert?: boolean }): Promise<unknown>;
  delete(options?: {
    writeConcern?: WriteConcernSettings;
    signalKwargs?: Record<string, unknown>;
  }): Promise<void>;
}

/**
 * `new Doc(values).save({ forceInsert: true })`.
 *
 * @example
 * await create(state, { name: 'Ada' });
 */
export function create(state: QueryState, values: object): Promise<unknown> {
  const Cls = state.cls as unknown as new (init: object) => DocumentLike;
  return new Cls(values).save({ forceInsert: true });
}

/**
 * Inserts unsaved documents with one `insertMany`.
 *
 * @throws {OperationError} for a value that is not an instance of the class, or a saved document.
 * @example
 * await insert(state, [user, ada], {}); // [user, ada] with pk filled
 */
export async function insert(state: QueryState, input: unknown, options: InsertOptions): Promise<unknown> {
  const info = classInfo(state.cls);
  const single = !Array.isArray(input);
  const docs = (single ? [input] : input) as unknown[];
  for (const doc of docs) {
    if (!(doc instanceof state.cls)) {
      throw new OperationError(
        `insert() takes ${info.className} instances; build them with new ${info.name}(…).`,
      );
    }
    if (!(doc as DocumentLike)[STATE].created) {
      throw new OperationError(
        `insert() takes unsaved documents; this ${info.className} was already saved (use save() or update()).`,
      );
    }
  }
  const list = docs as DocumentLike[];
  if (list.length === 0) return single ? undefined : [];
  if (options.validate !== false) for (const doc of list) doc.validate();
  // Awaited per document only when the class has generated fields, and hook points only when a
  // hook is installed: each await of a no-op costs a microtask turn (10k per bulk insert).
  if (hasGeneratedFields(info)) for (const doc of list) await generateValues(info, doc);
  const hookCtx = { cls: state.cls, signalKwargs: options.signalKwargs };
  if (hasDocumentHooks('preBulkInsert')) await runDocumentHooks('preBulkInsert', list, hookCtx);
  const coll = await stateCollection(state);
  let insertedIds: Record<number, unknown>;
  try {
    const result = await coll.insertMany(
      list.map((d) => d.toMongo()),
      writeOptions(state, options.writeConcern),
    );
    insertedIds = result.insertedIds;
  } catch (error) {
    throw convertDriverError(error);
  }
  list.forEach((doc, i) => markInserted(info, doc, insertedIds[i]));
  if (hasDocumentHooks('postBulkInsert'))
    await runDocumentHooks('postBulkInsert', list, { ...hookCtx, created: true });
  const out = options.loadBulk === false ? list.map((d) => pkOf(info, d)) : list;
  return single ? out[0] : out;
}

function hasGeneratedFields(info: ClassInfo): boolean {
  return info.fieldNames.some((name) => {
    const field = info.fields[name]! as AnyField & { generate?: () => Promise<unknown> };
    return field.autoGenerate && typeof field.generate === 'function';
  });
}

/** Fills unset auto-generated fields (SequenceField), as `save()` does before an insert. */
async function generateValues(info: ClassInfo, doc: DocumentLike): Promise<void> {
  for (const name of info.fieldNames) {
    const field = info.fields[name]! as AnyField & { generate?: () => Promise<unknown> };
    if (!field.autoGenerate || typeof field.generate !== 'function') continue;
    const current = doc[STATE].data[name];
    if (current === undefined || current === null) doc._setField(field, await field.generate());
  }
}

function markInserted(info: ClassInfo, doc: DocumentLike, id: unknown): void {
  const state = doc[STATE];
  const idField = info.meta.idField;
  if (idField !== undefined && (state.data[idField] === undefined || state.data[idField] === null)) {
    state.data[idField] = info.fields[idField]!.toJs(id, { path: '_id' });
  }
  state.changed.clear();
  state.created = false;
}

function pkOf(info: ClassInfo, doc: DocumentLike): unknown {
  const idField = info.meta.idField;
  return idField === undefined ? undefined : doc[STATE].data[idField];
}

/** The compiled update, with `_cls` set on insert for upserts of inheritable classes. */
function compiledUpdate(
  state: QueryState,
  ops: UpdateInput,
  upsert: boolean,
  filters: readonly ArrayFilterInput[] | undefined,
): { update: MongoDocument | MongoDocument[]; arrayFilters: MongoDocument[] | undefined } {
  // A raw update names its identifiers in raw paths the compiler cannot see, so its
  // arrayFilters are raw too; otherwise they are lookups compiled by the list's item field.
  const rawUpdate = isRawQuery(ops) || (isPlainObject(ops) && Object.keys(ops).every((k) => k === '__raw__'));
  const compiled = compileUpdate(state.cls, ops, rawUpdate ? { upsert } : { upsert, arrayFilters: filters });
  let update = compiled.update as MongoDocument | MongoDocument[];
  const info = classInfo(state.cls);
  if (upsert && info.meta.allowInheritance && !Array.isArray(update) && !mentionsCls(update)) {
    const onInsert = isPlainObject(update['$setOnInsert']) ? update['$setOnInsert'] : {};
    update = { ...update, $setOnInsert: { ...onInsert, _cls: info.className } };
  }
  const arrayFilters = rawUpdate
    ? (filters ?? []).map((f) => (isRawQuery(f) ? (f[RAW_FILTER] as MongoDocument) : { ...f }))
    : (compiled.arrayFilters ?? []);
  return { update, arrayFilters: arrayFilters.length > 0 ? arrayFilters : undefined };
}

function mentionsCls(update: MongoDocument): boolean {
  return Object.values(update).some((v) => isPlainObject(v) && '_cls' in v);
}

function isEmptyUpdate(update: MongoDocument | MongoDocument[]): boolean {
  return Array.isArray(update) ? update.length === 0 : Object.keys(update).length === 0;
}

/**
 * `updateMany` / `updateOne` over the queryset's filter; resolves to matched + upserted.
 *
 * @throws {OperationError} when the update is empty and not an upsert.
 * @example
 * await update(state, { inc__age: 1 }, {}); // 3
 */
export async function update(state: QueryState, ops: UpdateInput, options: UpdateOptions): Promise<number> {
  const upsert = options.upsert === true;
  const { update: doc, arrayFilters } = compiledUpdate(state, ops, upsert, options.arrayFilters);
  if (isEmptyUpdate(doc) && !upsert)
    throw new OperationError('update() needs at least one update operation.');
  if (state.none) return 0;
  const coll = await stateCollection(state);
  const driverOptions = {
    ...commonOptions(state),
    ...writeOptions(state, options.writeConcern),
    ...(upsert ? { upsert: true } : {}),
    ...(arrayFilters ? { arrayFilters } : {}),
  };
  try {
    const filter = queryFilter(state);
    const result =
      options.multi === false
        ? await coll.updateOne(filter, doc, driverOptions)
        : await coll.updateMany(filter, doc, driverOptions);
    return result.matchedCount + result.upsertedCount;
  } catch (error) {
    throw convertDriverError(error);
  }
}

/**
 * findOneAndUpdate / findOneAndDelete on the first match (queryset order, or `sort`).
 *
 * @throws {OperationError} for `remove` with `new`, or an empty update.
 * @example
 * await modify(state, { inc__n: 1 }, { new: true }); // the updated document, or null
 */
export async function modify(state: QueryState, ops: UpdateInput, options: ModifyOptions): Promise<unknown> {
  if (options.remove && options.new) throw new OperationError('modify() cannot combine remove with new.');
  if (state.none) return null;
  const sort =
    options.sort === undefined
      ? querySort(state)
      : (compileOrdering(state.cls, [...options.sort]) as MongoDocument);
  const projection = queryProjection(state);
  const common = {
    // The driver types findAndModify's hint as a key document only; the server accepts names too.
    ...(commonOptions(state) as Omit<ReturnType<typeof commonOptions>, 'hint'> & { hint?: MongoDocument }),
    ...writeOptions(state, options.writeConcern),
    ...(sort && Object.keys(sort).length > 0 ? { sort } : {}),
    ...(projection ? { projection } : {}),
  };
  const coll = await stateCollection(state);
  let raw: MongoDocument | null;
  try {
    const filter = queryFilter(state);
    if (options.remove) {
      raw = await coll.findOneAndDelete(filter, common);
    } else {
      const upsert = options.upsert === true;
      const { update: doc, arrayFilters } = compiledUpdate(state, ops, upsert, options.arrayFilters);
      if (isEmptyUpdate(doc)) throw new OperationError('modify() needs at least one update operation.');
      raw = await coll.findOneAndUpdate(filter, doc, {
        ...common,
        returnDocument: options.new ? 'after' : 'before',
        ...(upsert ? { upsert: true } : {}),
        ...(arrayFilters ? { arrayFilters } : {}),
      });
    }
  } catch (error) {
    throw convertDriverError(error);
  }
  return raw === null ? null : loadResult(state, raw);
}

/**
 * `deleteMany` over the filter; one by one (`doc.delete()`, running every delete hook) when
 * skip/limit is set or per-document delete hooks (signals, files) apply to the class. Delete
 * rules have a batch form: the ids to delete are read once, the rules run once for all of them
 * (`field: { $in: ids }` per rule), then one `deleteMany` removes exactly those documents.
 * Resolves to the number deleted. `internal.rulesApplied` (used by cascades) skips the rules.
 *
 * @example
 * await deleteMatching(state, {}); // 2
 * // with Post.author CASCADE: find users {_id:1} → find posts { author: { $in: ids } } → … → deleteMany
 */
export async function deleteMatching(
  state: QueryState,
  options: DeleteOptions,
  internal: { readonly rulesApplied?: boolean } = {},
): Promise<number> {
  if (state.none) return 0;
  // A cascade deletes documents whose rules it has already applied.
  const rules = internal.rulesApplied
    ? { batched: [], unbatched: 0 }
    : documentHooksFor(state.cls, 'applyDeleteRules');
  if (
    state.skip ||
    state.limit ||
    rules.unbatched > 0 ||
    hasDocumentHooksFor(state.cls, 'preDelete', 'postDelete')
  ) {
    return deleteOneByOne(state, options);
  }
  // using(alias) must be in scope of the rules too, so a class's own cascades stay on that alias.
  const inScope = <T>(fn: () => Promise<T>): Promise<T> =>
    state.alias === undefined
      ? fn()
      : runWithContext({ dbAliasByClass: new Map([[state.cls, state.alias]]) }, fn);
  const coll = await stateCollection(state);
  try {
    let filter = queryFilter(state);
    if (rules.batched.length > 0) {
      const found = await coll
        .find(filter, { projection: { _id: 1 }, ...commonOptions(state), ...sessionOption(state) })
        .toArray();
      if (found.length === 0) return 0;
      const ids = found.map((d) => d['_id'] as unknown);
      const ctx = { cls: state.cls, signalKwargs: options.signalKwargs };
      for (const run of rules.batched) await inScope(() => run(state.cls, ids, ctx));
      // Only the documents whose rules ran: one inserted meanwhile is left alone.
      filter = andFilters([filter, { _id: { $in: ids } }]);
    }
    const result = await coll.deleteMany(filter, {
      ...commonOptions(state),
      ...writeOptions(state, options.writeConcern),
    });
    return result.deletedCount;
  } catch (error) {
    throw convertDriverError(error);
  }
}

/** Loads every match and calls `doc.delete()` on it, so each per-document hook runs. */
async function deleteOneByOne(state: QueryState, options: DeleteOptions): Promise<number> {
  const docState = withState(state, {
    mode: 'documents',
    only: undefined,
    exclude: undefined,
    slices: undefined,
    elemMatch: undefined,
  });
  const coll = await stateCollection(docState);
  const cursor = coll.find(queryFilter(docState), findOptions(docState));
  let count = 0;
  try {
    for await (const raw of cursor) {
      const doc = loadResult(docState, raw) as DocumentLike;
      const remove = () =>
        doc.delete({
          ...(options.writeConcern ? { writeConcern: options.writeConcern } : {}),
          ...(options.signalKwargs ? { signalKwargs: options.signalKwargs } : {}),
        });
      // doc.delete() resolves its collection from the context, so using(alias) must be in scope.
      await (state.alias === undefined
        ? remove()
        : runWithContext({ dbAliasByClass: new Map([[state.cls, state.alias]]) }, remove));
      count++;
    }
  } catch (error) {
    throw convertDriverError(error);
  } finally {
    await cursor.close().catch(() => undefined);
  }
  return count;
}
