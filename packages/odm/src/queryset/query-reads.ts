/**
 * Reading terminals of a queryset, as functions of its frozen state: cursors and iteration,
 * `toArray`, `get`, `count`, `exists`, `distinct`, `valuesList`, `inBulk` and `explain`.
 */
import type { Document as MongoDocument, ExplainVerbosityLike, FindCursor } from 'mongodb';
import { classInfo } from '../document/class-info.js';
import { EJSON } from '../document/ejson.js';
import { convertDriverError } from '../errors/convert-driver-error.js';
import { OperationError } from '../errors/operation-error.js';
import {
  commonOptions,
  findOptions,
  loadResult,
  queryFilter,
  readOptions,
  sessionOption,
  stateCollection,
} from './build-query.js';
import { compileFilter } from './compilers.js';
import { withState, type QueryState, type SelectRelatedSpec } from './query-state.js';
import { loadRelated } from './related-loader.js';
import { castDistinct, readPath } from './read-values.js';

/** Server code of a missing index (`$text` without a text index). */
const INDEX_NOT_FOUND = 27;

/**
 * Converts a driver error of a read; a `searchText()` query on a collection with no text index
 * becomes an {@link OperationError} naming the class and how to declare one.
 *
 * @example
 * const cursor = (await User._getCollection()).find();
 * try { await cursor.toArray(); } catch (e) { throw readError(state, e); }
 */
export function readError(state: QueryState, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (state.textSearch && code === INDEX_NOT_FOUND) {
    const { className } = classInfo(state.cls);
    return new OperationError(
      `searchText() on ${className} needs a text index on its collection; declare one in meta.indexes, e.g. ['$title', '$body']. (${(error as Error).message})`,
      { cause: error },
    );
  }
  return convertDriverError(error);
}

/**
 * Opens the driver cursor of a queryset.
 *
 * @example
 * const cursor = await openCursor(state);
 */
export async function openCursor(state: QueryState): Promise<FindCursor<MongoDocument>> {
  const coll = await stateCollection(state);
  return coll.find(queryFilter(state), findOptions(state));
}

/**
 * Streams results batch by batch (getMore); the cursor is closed however iteration ends, which
 * sends killCursors when the server still holds it.
 *
 * @example
 * for await (const doc of iterate(state)) if (doc === null) break;
 */
export async function* iterate(state: QueryState): AsyncGenerator<unknown, void, undefined> {
  if (state.none) return;
  const related = relatedSpec(state);
  const cursor = await openCursor(state);
  try {
    for (;;) {
      let raw: MongoDocument | null;
      try {
        raw = await cursor.next();
      } catch (error) {
        throw readError(state, error);
      }
      if (raw === null) return;
      if (related === undefined) {
        yield loadResult(state, raw);
        continue;
      }
      // The rest of the batch the driver already holds: its references load together.
      const batch = [raw, ...cursor.readBufferedDocuments()].map((r) => loadResult(state, r));
      await loadRelated(batch as object[], related.paths, related.depth);
      yield* batch;
    }
  } finally {
    await cursor.close().catch(() => undefined);
  }
}

/**
 * Every result of a queryset.
 *
 * @example
 * await toArray(state); // [User, User]
 */
export async function toArray(state: QueryState): Promise<unknown[]> {
  if (state.none) return [];
  const cursor = await openCursor(state);
  let raws: MongoDocument[];
  try {
    raws = await cursor.toArray();
  } catch (error) {
    throw readError(state, error);
  } finally {
    await cursor.close().catch(() => undefined);
  }
  const results = raws.map((raw) => loadResult(state, raw));
  const related = relatedSpec(state);
  if (related !== undefined) await loadRelated(results as object[], related.paths, related.depth);
  return results;
}

/** What `selectRelated` loads for this state's results, if anything (documents only, not under `noDereference`). */
function relatedSpec(state: QueryState): SelectRelatedSpec | undefined {
  return state.mode === 'documents' && !state.noDereference ? state.selectRelated : undefined;
}

/**
 * The single match (ordering cleared, limit 2), or the class's `DoesNotExist` /
 * `MultipleObjectsReturned`.
 *
 * @example
 * await getOne(state); // User
 */
export async function getOne(state: QueryState): Promise<unknown> {
  const found = await toArray(withState(state, { ordering: Object.freeze([]), limit: 2 }));
  if (found.length === 1) return found[0];
  const info = classInfo(state.cls);
  const described = JSON.stringify(EJSON.serialize(queryFilter(state)));
  if (found.length === 0)
    throw new info.DoesNotExist(`${info.className} matching ${described} does not exist.`);
  throw new info.MultipleObjectsReturned(
    `More than one ${info.className} matches ${described}; use first() or narrow the query.`,
  );
}

/**
 * `countDocuments` (or the metadata count when nothing narrows the query).
 *
 * @example
 * await count(state, false); // 4
 */
export async function count(state: QueryState, withLimitAndSkip: boolean): Promise<number> {
  if (state.none) return 0;
  const coll = await stateCollection(state);
  const filter = queryFilter(state);
  const session = sessionOption(state);
  try {
    if (
      Object.keys(filter).length === 0 &&
      !session.session &&
      !withLimitAndSkip &&
      state.hint === undefined &&
      state.collation === undefined
    ) {
      // MongoEngine's shortcut: the collection's metadata count when nothing narrows it.
      return await coll.estimatedDocumentCount({
        ...readOptions(state),
        ...(state.comment !== undefined ? { comment: state.comment } : {}),
      });
    }
    return await coll.countDocuments(filter, {
      ...commonOptions(state),
      ...readOptions(state),
      ...session,
      ...(withLimitAndSkip && state.limit ? { limit: state.limit } : {}),
      ...(withLimitAndSkip && state.skip ? { skip: state.skip } : {}),
    });
  } catch (error) {
    throw readError(state, error);
  }
}

/**
 * Whether one document matches (one `_id` fetched, no sort).
 *
 * @example
 * await exists(state); // true
 */
export async function exists(state: QueryState): Promise<boolean> {
  if (state.none) return false;
  const probe = withState(state, {
    mode: 'raw',
    ordering: Object.freeze([]),
    only: undefined,
    exclude: undefined,
    slices: undefined,
    elemMatch: undefined,
    limit: 1,
  });
  const coll = await stateCollection(probe);
  try {
    const found = await coll.findOne(queryFilter(probe), { ...findOptions(probe), projection: { _id: 1 } });
    return found !== null;
  } catch (error) {
    throw readError(state, error);
  }
}

/**
 * Server `distinct`, values converted by the field (raw under `asRaw()`).
 *
 * @example
 * await distinct(state, 'tags'); // ['db', 'js']
 */
export async function distinct(state: QueryState, path: string): Promise<unknown[]> {
  if (state.none) return [];
  const coll = await stateCollection(state);
  const { dbPath, cast } = castDistinct(state, path);
  try {
    const values = await coll.distinct(dbPath, queryFilter(state), {
      ...commonOptions(state),
      ...readOptions(state),
      ...sessionOption(state),
    });
    return state.mode === 'raw' ? values : values.map(cast);
  } catch (error) {
    throw readError(state, error);
  }
}

/**
 * One array of values per result, the named paths only being loaded.
 *
 * @example
 * await valuesList(state, ['name', 'age']); // [['Ada', 36]]
 */
export async function valuesList(state: QueryState, paths: readonly string[]): Promise<unknown[][]> {
  const docs = await toArray(withState(state, { only: Object.freeze([...paths]), exclude: undefined }));
  return docs.map((doc) => paths.map((p) => readPath(state, doc, p)));
}

function keyOf(value: unknown): string {
  return JSON.stringify(EJSON.serialize({ v: value }));
}

/**
 * The documents with the given primary keys, keyed by the given ids (cast by the id field, so a
 * hex string finds an ObjectId).
 *
 * @example
 * await inBulk(state, [id]); // Map { id => User }
 */
export async function inBulk<TId>(state: QueryState, ids: readonly TId[]): Promise<Map<TId, unknown>> {
  const out = new Map<TId, unknown>();
  if (ids.length === 0) return out;
  const found = await toArray(
    withState(state, {
      filters: Object.freeze([...state.filters, compileFilter(state.cls, { pk__in: [...ids] })]),
      mode: 'raw',
    }),
  );
  const info = classInfo(state.cls);
  const field = info.meta.idField === undefined ? undefined : info.fields[info.meta.idField];
  const byKey = new Map((found as MongoDocument[]).map((raw) => [keyOf(raw['_id']), raw]));
  for (const id of ids) {
    const raw = byKey.get(keyOf(field ? field.toMongo(field.cast(id)) : id));
    if (raw !== undefined) out.set(id, loadResult(state, raw));
  }
  return out;
}

/**
 * The server's plan for the queryset's find.
 *
 * @example
 * await explain(state); // { queryPlanner: … }
 */
export async function explain(state: QueryState, verbosity?: ExplainVerbosityLike): Promise<MongoDocument> {
  const cursor = await openCursor(state);
  try {
    return await (verbosity === undefined ? cursor.explain() : cursor.explain(verbosity));
  } catch (error) {
    throw convertDriverError(error);
  } finally {
    await cursor.close().catch(() => undefined);
  }
}
