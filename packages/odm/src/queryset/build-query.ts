/**
 * From a frozen {@link QueryState} to what the driver needs: the filter (user filters ANDed,
 * plus the inheritance `_cls` condition and `$text`), sort, projection, cursor options, the
 * collection (honouring `using(alias)`), the session and write concern of the current task.
 */
import type {
  CollationOptions,
  Collection,
  Document as MongoDocument,
  FindOptions,
  Hint,
  WriteConcernSettings,
} from 'mongodb';
import { isNoSubClasses, runWithContext } from '../context/index.js';
import {
  sessionOptions,
  writeOptionsFor,
  type SessionOptions,
  type WriteOptions,
} from '../context/operation-options.js';
import { classInfo, subclassNames, type ClassInfo } from '../document/class-info.js';
import { documentCollection, resolveTarget } from '../document/collection.js';
import { setTextScore } from '../document/text-score.js';
import { compileOrdering, compileProjection } from './compilers.js';
import { TEXT_SCORE_SORT_KEY } from './projection/index.js';
import type { QueryState } from './query-state.js';

/**
 * The key the text score is projected under (as MongoEngine): a name no field declares, so it
 * cannot clash with stored data.
 */
export const TEXT_SCORE_KEY = TEXT_SCORE_SORT_KEY;

/** A loader of stored documents (the class's `fromMongo`). */
interface Loadable {
  fromMongo(raw: Record<string, unknown>): object;
}

/**
 * The `_cls` condition of a class that allows inheritance: the class and its known subclasses,
 * or the class alone under `noSubClasses`.
 *
 * @example
 * clsCondition(state); // { _cls: { $in: ['Page', 'Page.DatedPage'] } }
 */
export function clsCondition(
  state: QueryState,
  info: ClassInfo = classInfo(state.cls),
): MongoDocument | undefined {
  if (!info.meta.allowInheritance || info.collection === undefined) return undefined;
  const names = state.noSubClasses || isNoSubClasses(state.cls) ? [info.className] : subclassNames(info);
  return names.length === 1 ? { _cls: names[0] } : { _cls: { $in: names } };
}

/**
 * ANDs compiled filters: merged into one object when their keys are disjoint, else `$and`.
 *
 * @example
 * andFilters([{ a: 1 }, { b: 2 }]); // { a: 1, b: 2 }
 * andFilters([{ a: 1 }, { a: 2 }]); // { $and: [{ a: 1 }, { a: 2 }] }
 */
export function andFilters(parts: readonly MongoDocument[]): MongoDocument {
  const nonEmpty = parts.filter((p) => Object.keys(p).length > 0);
  if (nonEmpty.length === 0) return {};
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const merged: MongoDocument = {};
  for (const part of nonEmpty) {
    for (const [key, value] of Object.entries(part)) {
      if (Object.prototype.hasOwnProperty.call(merged, key)) return { $and: [...nonEmpty] };
      merged[key] = value;
    }
  }
  return merged;
}

/**
 * The full MongoDB filter of a queryset.
 *
 * @example
 * queryFilter(User.objects({ age__gte: 18 }).state); // { age: { $gte: 18 } }
 */
export function queryFilter(state: QueryState): MongoDocument {
  const parts: MongoDocument[] = [...state.filters];
  const cls = clsCondition(state);
  if (cls) parts.push(cls);
  if (state.textSearch) {
    const { text, language } = state.textSearch;
    parts.push({ $text: { $search: text, ...(language !== undefined ? { $language: language } : {}) } });
  }
  return andFilters(parts);
}

/**
 * The sort document: the explicit ordering, else the class's meta ordering; undefined when empty.
 *
 * @example
 * querySort(User.objects().orderBy('-age').state); // { age: -1 }
 */
export function querySort(state: QueryState, metaDefault = true): MongoDocument | undefined {
  const keys = state.ordering ?? (metaDefault ? classInfo(state.cls).meta.ordering : []);
  if (keys.length === 0) return undefined;
  const sort = compileOrdering(state.cls, [...keys]) as MongoDocument;
  return Object.keys(sort).length === 0 ? undefined : sort;
}

/**
 * The projection, or undefined for whole documents. Inclusion projections keep `_cls` on
 * inheritable classes, so results still load as the right subclass.
 *
 * @example
 * queryProjection(User.objects().only('name').state); // { name: 1 }
 */
export function queryProjection(state: QueryState): MongoDocument | undefined {
  const spec = {
    ...(state.only ? { only: [...state.only] } : {}),
    ...(state.exclude ? { exclude: [...state.exclude] } : {}),
    ...(state.slices ? { slices: { ...state.slices } } : {}),
    ...(state.elemMatch ? { elemMatch: { ...state.elemMatch } } : {}),
  };
  let projection: MongoDocument | undefined =
    Object.keys(spec).length === 0
      ? undefined
      : (compileProjection(state.cls, spec) as MongoDocument | undefined);
  const info = classInfo(state.cls);
  if (projection && state.only && info.meta.allowInheritance && !('_cls' in projection)) {
    projection = { ...projection, _cls: 1 };
  }
  // A `$meta` key alone neither includes nor excludes, so whole documents still come back.
  if (state.textSearch) projection = { ...projection, [TEXT_SCORE_KEY]: { $meta: 'textScore' } };
  return projection;
}

/**
 * The connection alias the queryset's commands go to: `using(alias)`, else the class's alias
 * after context switches (`switchDb`).
 *
 * @example
 * stateAlias(User.objects().using('archive').state); // 'archive'
 */
export function stateAlias(state: QueryState): string {
  return state.alias ?? resolveTarget(classInfo(state.cls)).alias;
}

/**
 * `{ session }` of the surrounding transaction, or `{}`. Inside `runInTransaction` on another
 * alias it throws `TransactionAliasError` rather than letting the command escape the transaction.
 *
 * @example
 * await coll.findOne(filter, { ...sessionOption(state) });
 */
export function sessionOption(state: QueryState): SessionOptions {
  return sessionOptions(stateAlias(state));
}

/**
 * Session plus the write concern: the given one, else the task's for this class
 * (`setWriteConcern`); none inside a transaction, where the server refuses one.
 *
 * @example
 * await coll.updateMany(filter, update, writeOptions(state, { w: 1 }));
 */
export function writeOptions(
  state: QueryState,
  writeConcern: WriteConcernSettings | undefined,
): WriteOptions {
  return writeOptionsFor(stateAlias(state), state.cls, writeConcern);
}

/** Options shared by every command of the queryset: hint, collation, comment. */
export function commonOptions(state: QueryState): {
  hint?: Hint;
  collation?: CollationOptions;
  comment?: string;
} {
  return {
    ...(state.hint !== undefined ? { hint: state.hint } : {}),
    ...(state.collation !== undefined ? { collation: state.collation } : {}),
    ...(state.comment !== undefined ? { comment: state.comment } : {}),
  };
}

/** Read options: read preference, read concern, maxTimeMS. */
export function readOptions(
  state: QueryState,
): Pick<FindOptions, 'readPreference' | 'readConcern' | 'maxTimeMS'> {
  return {
    ...(state.readPreference !== undefined ? { readPreference: state.readPreference } : {}),
    ...(state.readConcern !== undefined ? { readConcern: state.readConcern } : {}),
    ...(state.maxTimeMs !== undefined ? { maxTimeMS: state.maxTimeMs } : {}),
  };
}

/**
 * The options of the `find` command.
 *
 * @example
 * findOptions(User.objects().limit(5).state); // { limit: 5, sort: { name: 1 } }
 */
export function findOptions(state: QueryState): FindOptions {
  const sort = querySort(state);
  const projection = queryProjection(state);
  return {
    ...(sort ? { sort } : {}),
    ...(projection ? { projection } : {}),
    // limit(0) means "no limit", as in MongoEngine and the driver.
    ...(state.limit ? { limit: state.limit } : {}),
    ...(state.skip ? { skip: state.skip } : {}),
    ...(state.batchSize !== undefined ? { batchSize: state.batchSize } : {}),
    ...(state.noCursorTimeout !== undefined ? { noCursorTimeout: state.noCursorTimeout } : {}),
    ...(state.allowDiskUse !== undefined ? { allowDiskUse: state.allowDiskUse } : {}),
    ...commonOptions(state),
    ...readOptions(state),
    ...sessionOption(state),
  };
}

/**
 * The driver collection of the queryset's class, on the `using()` alias when set.
 *
 * @example
 * await stateCollection(User.objects().using('archive').state);
 */
export function stateCollection(state: QueryState): Promise<Collection> {
  const alias = state.alias;
  if (alias === undefined) return documentCollection(state.cls);
  return runWithContext({ dbAliasByClass: new Map([[state.cls, alias]]) }, () =>
    documentCollection(state.cls),
  );
}

/**
 * One stored document as the queryset yields it: an instance of the class named by `_cls`, or
 * the raw document under `asRaw()`. The projected text score of a `searchText()` query is taken
 * off the data (it is no field) and kept on the instance for `getTextScore()`.
 *
 * @example
 * loadResult(state, { _id: user.id, name: 'Ada' }); // User
 */
export function loadResult(state: QueryState, raw: MongoDocument): unknown {
  if (state.mode === 'raw') return raw;
  if (!state.textSearch || !(TEXT_SCORE_KEY in raw)) {
    return (state.cls as unknown as Loadable).fromMongo(raw);
  }
  const { [TEXT_SCORE_KEY]: score, ...data } = raw;
  const doc = (state.cls as unknown as Loadable).fromMongo(data);
  if (typeof score === 'number') setTextScore(doc, score);
  return doc;
}
