import type {
  CollationOptions,
  Document as MongoDocument,
  ExplainVerbosityLike,
  FindCursor,
  Hint,
  ReadConcernLike,
  ReadPreferenceLike,
} from 'mongodb';
import type { ClassRef } from '../document/class-ref.js';
import type { RefPath, SelectRelatedDepth, WithRelated } from '../document/related-types.js';
import { InvalidQueryError } from '../errors/usage-errors.js';
import { OperationError } from '../errors/operation-error.js';
import { findOptions, queryFilter } from './build-query.js';
import { compileFilter } from './compilers.js';
import { parseRelatedArgs } from './related-loader.js';
import * as aggregates from './query-aggregates.js';
import * as reads from './query-reads.js';
import * as writes from './query-writes.js';
import type { FilterArg, UpdateArg } from './query-input.js';
import type { UpdateInput } from './update/index.js';
import { initialState, withState, type FieldsSpec, type QueryState } from './query-state.js';
import type {
  CreateValues,
  FieldPath,
  OrderKey,
  PkOf,
  RawDocument,
  ScalarResult,
  ValuesObject,
  ValuesTuple,
} from './result-types.js';

export type { InsertOptions, ModifyOptions, UpdateOptions, DeleteOptions } from './query-writes.js';
export type { AggregateOptions, FrequencyOptions } from './query-aggregates.js';

/**
 * A lazy, immutable query over one document class — `Doc.objects(...)`. Chained calls return
 * new querysets (the original is untouched); nothing is sent until a terminal runs
 * (`toArray`, `first`, `get`, `count`, `for await`, `update`…). `TResult` is what it yields:
 * the documents, or plain stored documents after `asRaw()`. `TFields` is the field map
 * (`Doc.objects()` sets it), against which lookup and update keys are type-checked; a bare
 * `QuerySet<User>` accepts any keys.
 *
 * @example
 * const adults = User.objects({ age__gte: 18 }).orderBy('-age').limit(10);
 * await adults.toArray(); // find('user', { age: { $gte: 18 } }, { sort: { age: -1 }, limit: 10 })
 * for await (const u of adults) console.log(u.name);
 */
export class QuerySet<TDocument, TResult = TDocument, TFields = any> implements AsyncIterable<TResult> {
  readonly #state: QueryState;

  /**
   * A queryset over every document of `cls` (prefer `Doc.objects()`).
   *
   * @example
   * new QuerySet<User>(User).filter({ name: 'Ada' });
   */
  constructor(cls: ClassRef, state?: QueryState) {
    this.#state = state ?? initialState(cls);
  }

  /** The frozen state (for the other layers and for debugging). */
  get state(): QueryState {
    return this.#state;
  }

  /** The document class queried. */
  get documentClass(): ClassRef {
    return this.#state.cls;
  }

  // ----- filtering -------------------------------------------------------------------------

  /**
   * Adds conditions, ANDed with the existing ones: a query object with `__` lookups, a `Q` tree
   * or `raw()`. The lookups are compiled here (nothing is sent), so a bad one fails at this call.
   *
   * @throws {InvalidQueryError} for an unknown field, a wrong value shape or a `$` key.
   * @example
   * User.objects().filter({ age__gte: 18 }).filter(Q.or({ name: 'Ada' }, { tags: 'vip' }));
   * // { age: { $gte: 18 }, $or: [{ name: 'Ada' }, { tags: 'vip' }] }
   */
  filter(query?: FilterArg<TFields>): QuerySet<TDocument, TResult, TFields> {
    if (query === undefined) return this;
    const compiled = Object.freeze(compileFilter(this.#state.cls, query as FilterArg<unknown>));
    return derive<this>(this, { filters: Object.freeze([...this.#state.filters, compiled]) });
  }

  /**
   * A queryset that matches nothing and sends no query.
   *
   * @example
   * await User.objects().none().count(); // 0, no command sent
   */
  none(): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { none: true });
  }

  /**
   * Only this class's own documents, not its subclasses' (`_cls` equality).
   *
   * @example
   * Page.objects().noSubClasses(); // { _cls: 'Page' }
   */
  noSubClasses(): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { noSubClasses: true });
  }

  /**
   * A `$text` search (needs a text index). Calling it twice is an error.
   *
   * @throws {OperationError} when the queryset already has a text search.
   * @example
   * Post.objects().searchText('mongo', { language: 'english' });
   * // { $text: { $search: 'mongo', $language: 'english' } }
   */
  searchText(text: string, options: { language?: string } = {}): QuerySet<TDocument, TResult, TFields> {
    if (this.#state.textSearch) throw new OperationError('searchText() was already called on this queryset.');
    return derive<this>(this, { textSearch: Object.freeze({ text, language: options.language }) });
  }

  // ----- shaping -----------------------------------------------------------------------------

  /**
   * At most `n` documents; `limit(0)` means no limit.
   *
   * @example
   * User.objects().limit(10); // find(..., { limit: 10 })
   */
  limit(n: number): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { limit: checkCount('limit', n) });
  }

  /**
   * Skips the first `n` documents.
   *
   * @example
   * User.objects().skip(20); // find(..., { skip: 20 })
   */
  skip(n: number): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { skip: checkCount('skip', n) });
  }

  /**
   * Documents `start` (inclusive) to `end` (exclusive), as Python's `qs[start:end]`.
   *
   * @example
   * User.objects().slice(10, 20); // find(..., { skip: 10, limit: 10 })
   */
  slice(start: number, end?: number): QuerySet<TDocument, TResult, TFields> {
    const skip = checkCount('slice start', start);
    if (end === undefined) return derive<this>(this, { skip, limit: undefined });
    const count = Math.max(0, checkCount('slice end', end) - skip);
    // `[5:5]` is empty; limit(0) would mean "no limit", so an empty slice is `none()`.
    return count === 0
      ? derive<this>(this, { skip, none: true })
      : derive<this>(this, { skip, limit: count });
  }

  /**
   * Sort keys (`'-age'`, `'+name'`, `'address__city'`); no keys clears the ordering, meta
   * ordering included.
   *
   * @example
   * User.objects().orderBy('-age', 'name'); // sort: { age: -1, name: 1 }
   */
  orderBy(...keys: OrderKey<TDocument>[]): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { ordering: Object.freeze([...keys]) });
  }

  /**
   * Loads only these fields (accumulates across calls); the others keep their defaults.
   *
   * @example
   * User.objects().only('name', 'age'); // projection: { name: 1, age: 1 }
   */
  only(...fields: FieldPath<TDocument>[]): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { only: Object.freeze([...(this.#state.only ?? []), ...fields]) });
  }

  /**
   * Leaves these fields out of the loaded documents.
   *
   * @example
   * User.objects().exclude('tags'); // projection: { tags: 0 }
   */
  exclude(...fields: FieldPath<TDocument>[]): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { exclude: Object.freeze([...(this.#state.exclude ?? []), ...fields]) });
  }

  /**
   * Projection by spec, as MongoEngine's `fields()`: `slice__path` (`n` or `[skip, n]`),
   * `elemMatch__path`, `path: 1` (only) and `path: 0` (exclude).
   *
   * @example
   * Post.objects().fields({ slice__comments: 5, title: 1 }); // projection: { comments: { $slice: 5 }, title: 1 }
   */
  fields(spec: FieldsSpec): QuerySet<TDocument, TResult, TFields> {
    const only = [...(this.#state.only ?? [])];
    const exclude = [...(this.#state.exclude ?? [])];
    const slices: Record<string, number | [number, number]> = { ...this.#state.slices };
    const elemMatch: Record<string, unknown> = { ...this.#state.elemMatch };
    for (const [key, value] of Object.entries(spec)) {
      if (key.startsWith('slice__')) {
        const ok =
          (typeof value === 'number' && Number.isInteger(value)) ||
          (Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n)));
        if (!ok)
          throw new InvalidQueryError(
            `fields(): '${key}' needs a count or [skip, count], got ${JSON.stringify(value)}.`,
          );
        slices[key.slice('slice__'.length)] = value as number | [number, number];
      } else if (key.startsWith('elemMatch__')) {
        elemMatch[key.slice('elemMatch__'.length)] = value;
      } else if (value === 1 || value === true) {
        only.push(key);
      } else if (value === 0 || value === false) {
        exclude.push(key);
      } else {
        throw new InvalidQueryError(
          `fields(): '${key}' must be 1 or 0 (or use slice__ / elemMatch__), got ${JSON.stringify(value)}.`,
        );
      }
    }
    return derive<this>(this, {
      only: only.length ? Object.freeze(only) : undefined,
      exclude: exclude.length ? Object.freeze(exclude) : undefined,
      slices: Object.keys(slices).length ? Object.freeze(slices) : undefined,
      elemMatch: Object.keys(elemMatch).length ? Object.freeze(elemMatch) : undefined,
    });
  }

  /**
   * Drops every projection (`only`, `exclude`, `fields`).
   *
   * @example
   * User.objects().only('name').allFields(); // no projection
   */
  allFields(): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, {
      only: undefined,
      exclude: undefined,
      slices: undefined,
      elemMatch: undefined,
    });
  }

  /**
   * Yields the stored documents as plain objects (MongoEngine's `as_pymongo`).
   *
   * @example
   * await User.objects().asRaw().first(); // { _id: ObjectId(…), name: 'Ada' }
   */
  asRaw(): QuerySet<TDocument, RawDocument, TFields> {
    return derive<QuerySet<TDocument, RawDocument, TFields>>(this, { mode: 'raw' });
  }

  /**
   * Leaves references unfetched in the results.
   *
   * @example
   * Post.objects().noDereference();
   */
  noDereference(): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { noDereference: true });
  }

  /**
   * Loads references for every result after the query, with one `$in` query per target class
   * per round. Named paths (`.` or `__`) reach into embedded documents and lists, and through a
   * reference to the next (`'author.boss'`); they are typed — a path that holds no reference is a
   * compile error — and each loaded attribute then holds the target document itself
   * (`post.author` is a `User`, not a `Ref<User>`; see `WithRelated`). `{ depth: n }` loads every
   * reference down to `n` hops inside its `Ref` (`ref.value`; the type is unchanged); no argument
   * at all means `{ depth: 1 }`. Applies to `toArray`, `first`, `get` and `for await` (batch by
   * batch).
   *
   * @example
   * const posts = await Post.objects().selectRelated('author', 'comments.author').toArray();
   * posts[0]!.author.name; // a User — no further query
   * await Post.objects().selectRelated({ depth: 2 }).toArray(); // authors and their references, as Refs
   */
  selectRelated(options?: SelectRelatedDepth): QuerySet<TDocument, TResult, TFields>;
  selectRelated<P extends RefPath<TResult>>(
    ...args: [P, ...(P | SelectRelatedDepth)[]]
  ): QuerySet<TDocument, WithRelated<TResult, P>, TFields>;
  selectRelated(...args: unknown[]): unknown {
    const spec = parseRelatedArgs(args as (string | SelectRelatedDepth)[], this.#state.selectRelated);
    return derive<this>(this, {
      selectRelated: Object.freeze({ paths: Object.freeze(spec.paths), depth: spec.depth }),
    });
  }

  // ----- options -----------------------------------------------------------------------------

  /**
   * Runs the same query on another connection alias.
   *
   * @example
   * await User.objects().using('archive').count();
   */
  using(alias: string): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { alias });
  }

  /** Index hint (name or key document). @example User.objects().hint({ age: -1 }); */
  hint(index: Hint): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { hint: index });
  }

  /** Collation of the query. @example User.objects().collation({ locale: 'fr', strength: 1 }); */
  collation(collation: CollationOptions): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { collation });
  }

  /** A comment sent with the commands (visible in the profiler). @example User.objects().comment('report'); */
  comment(text: string): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { comment: text });
  }

  /** Documents per batch of the cursor. @example User.objects().batchSize(100); */
  batchSize(n: number): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { batchSize: checkCount('batchSize', n) });
  }

  /** Server time limit of the query. @example User.objects().maxTimeMs(500); */
  maxTimeMs(ms: number): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { maxTimeMs: checkCount('maxTimeMs', ms) });
  }

  /** Read preference of the query. @example User.objects().readPreference('secondaryPreferred'); */
  readPreference(preference: ReadPreferenceLike): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { readPreference: preference });
  }

  /** Read concern of the query. @example User.objects().readConcern({ level: 'majority' }); */
  readConcern(concern: ReadConcernLike): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { readConcern: concern });
  }

  /** `timeout(false)` keeps the server cursor alive while idle (`noCursorTimeout`). @example User.objects().timeout(false); */
  timeout(enabled: boolean): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { noCursorTimeout: !enabled });
  }

  /** The same as `timeout(false)`. @example User.objects().noCursorTimeout(); */
  noCursorTimeout(): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { noCursorTimeout: true });
  }

  /** Lets the server sort on disk. @example User.objects().allowDiskUse(); */
  allowDiskUse(enabled = true): QuerySet<TDocument, TResult, TFields> {
    return derive<this>(this, { allowDiskUse: enabled });
  }

  // ----- compiled forms ----------------------------------------------------------------------

  /**
   * The MongoDB filter this queryset sends (with `_cls` and `$text`).
   *
   * @example
   * User.objects({ age__gte: 18 }).toFilter(); // { age: { $gte: 18 } }
   */
  toFilter(): MongoDocument {
    return queryFilter(this.#state);
  }

  /**
   * The options of the `find` this queryset sends (sort, projection, limit, skip, …).
   *
   * @example
   * User.objects().orderBy('-age').limit(3).toFindOptions(); // { sort: { age: -1 }, limit: 3 }
   */
  toFindOptions(): ReturnType<typeof findOptions> {
    return findOptions(this.#state);
  }

  // ----- reading -----------------------------------------------------------------------------

  /** Opens the driver cursor (for callers that need it directly). @example const c = await qs.cursor(); */
  cursor(): Promise<FindCursor<MongoDocument>> {
    return reads.openCursor(this.#state);
  }

  /**
   * Streams the results, fetching batches with getMore; stopping early closes the server cursor.
   * With `selectRelated`, each batch the driver receives has its references loaded together
   * (one query per target class per batch) before its documents are yielded.
   *
   * @example
   * for await (const user of User.objects().batchSize(100)) if ((user.age ?? 0) > 99) break; // killCursors sent
   */
  [Symbol.asyncIterator](): AsyncGenerator<TResult, void, undefined> {
    return reads.iterate(this.#state) as AsyncGenerator<TResult, void, undefined>;
  }

  /**
   * Every result, in one array.
   *
   * @example
   * await User.objects({ age__lt: 18 }).toArray(); // User[]
   */
  toArray(): Promise<TResult[]> {
    return reads.toArray(this.#state) as Promise<TResult[]>;
  }

  /**
   * The first result in the queryset's order (meta ordering by default), or undefined.
   *
   * @example
   * await User.objects().orderBy('-age').first(); // find(..., { sort: { age: -1 }, limit: 1 })
   */
  async first(): Promise<TResult | undefined> {
    const [doc] = await derive<this>(this, { limit: 1 }).toArray();
    return doc;
  }

  /**
   * The only document matching the queryset (and `query`).
   *
   * @throws {DoesNotExist} the class's own subclass (`User.DoesNotExist`) when none matches.
   * @throws {MultipleObjectsReturned} the class's own subclass when more than one matches.
   * @example
   * await User.objects().get({ name: 'Ada' }); // find(..., { name: 'Ada' }, { limit: 2 })
   */
  get(query?: FilterArg<TFields>): Promise<TResult> {
    return reads.getOne(this.filter(query).#state) as Promise<TResult>;
  }

  /**
   * The number of matching documents; with `withLimitAndSkip`, limited and skipped as the query is.
   *
   * @example
   * await User.objects({ age__gte: 18 }).count(); // countDocuments({ age: { $gte: 18 } })
   */
  count(withLimitAndSkip = false): Promise<number> {
    return reads.count(this.#state, withLimitAndSkip);
  }

  /**
   * Whether at least one document matches (fetches one `_id` only).
   *
   * @example
   * await User.objects({ name: 'Ada' }).exists(); // find(..., { projection: { _id: 1 }, limit: 1 })
   */
  exists(): Promise<boolean> {
    return reads.exists(this.#state);
  }

  /**
   * The distinct values of a field among the matching documents, converted by the field (list
   * fields give their items; embedded documents come back as instances). Ignores order and limit.
   *
   * @example
   * await User.objects({ age__gte: 18 }).distinct('tags'); // distinct('user', 'tags', { age: { $gte: 18 } })
   */
  distinct<P extends FieldPath<TDocument>>(path: P): Promise<unknown[]> {
    return reads.distinct(this.#state, path);
  }

  /**
   * The values of the named fields instead of documents (implies `only`): one field gives bare
   * values, several give tuples.
   *
   * @example
   * await User.objects().orderBy('name').scalar('name'); // ['Ada', 'Bob']
   * await User.objects().scalar('name', 'age'); // [['Ada', 36], ['Bob', undefined]]
   */
  async scalar<const P extends readonly FieldPath<TDocument>[]>(
    ...paths: P
  ): Promise<ScalarResult<TDocument, P>[]> {
    const rows = await this.valuesList(...paths);
    return (paths.length === 1 ? rows.map((r) => r[0]) : rows) as ScalarResult<TDocument, P>[];
  }

  /**
   * Tuples of the named fields' values, one per document.
   *
   * @example
   * await User.objects().valuesList('name', 'age'); // [['Ada', 36]]
   */
  async valuesList<const P extends readonly FieldPath<TDocument>[]>(
    ...paths: P
  ): Promise<ValuesTuple<TDocument, P>[]> {
    if (paths.length === 0) throw new InvalidQueryError('valuesList() needs at least one field.');
    return (await reads.valuesList(this.#state, paths)) as ValuesTuple<TDocument, P>[];
  }

  /**
   * Objects holding the named fields' values, one per document.
   *
   * @example
   * await User.objects().values('name', 'age'); // [{ name: 'Ada', age: 36 }]
   */
  async values<const P extends readonly FieldPath<TDocument>[]>(
    ...paths: P
  ): Promise<ValuesObject<TDocument, P>[]> {
    const rows = await this.valuesList(...paths);
    return rows.map((row) =>
      Object.fromEntries(paths.map((p, i) => [p, (row as unknown[])[i]])),
    ) as ValuesObject<TDocument, P>[];
  }

  /**
   * The documents with these primary keys, in a Map keyed by the ids given (missing ids are absent).
   *
   * @example
   * const [id1, id2] = [new ObjectId(), new ObjectId()];
   * const byId = await User.objects().inBulk([id1, id2]); // find({ _id: { $in: [id1, id2] } })
   * byId.get(id1)?.name;
   */
  inBulk<TId extends PkOf<TDocument>>(ids: readonly TId[]): Promise<Map<TId, TResult>> {
    return reads.inBulk(this.#state, ids) as Promise<Map<TId, TResult>>;
  }

  /**
   * The document with this primary key, or undefined.
   *
   * @throws {InvalidQueryError} when the queryset is already filtered.
   * @example
   * await User.objects().withId(id); // find({ _id: id }, { limit: 1 })
   */
  async withId(id: PkOf<TDocument>): Promise<TResult | undefined> {
    if (this.#state.filters.length > 0) {
      throw new InvalidQueryError(
        'withId() cannot be used on a filtered queryset; use get({ pk: id }) instead.',
      );
    }
    return this.filter({ pk: id } as unknown as FilterArg<TFields>).first();
  }

  /**
   * The server's query plan for this queryset.
   *
   * @example
   * await User.objects({ age__gte: 18 }).explain(); // { queryPlanner: … }
   */
  explain(verbosity?: ExplainVerbosityLike): Promise<MongoDocument> {
    return reads.explain(this.#state, verbosity);
  }

  // ----- aggregation ------------------------------------------------------------------------

  /**
   * Runs a pipeline after the queryset's own stages (`$match`, `$sort`, `$limit`, `$skip`).
   *
   * @example
   * await User.objects({ age__gte: 18 }).aggregate([{ $group: { _id: '$city', n: { $sum: 1 } } }]);
   * // aggregate: [{ $match: { age: { $gte: 18 } } }, { $group: … }]
   */
  aggregate<TRow = RawDocument>(
    pipeline: readonly MongoDocument[],
    options: aggregates.AggregateOptions = {},
  ): Promise<TRow[]> {
    return aggregates.aggregate<TRow>(this.#state, pipeline, options);
  }

  /**
   * The sum of a numeric field over the matching documents (list items are summed); 0 when empty.
   *
   * @example
   * await Order.objects({ paid: true }).sum('total'); // $group: { _id: null, total: { $sum: '$total' } }
   */
  sum(path: FieldPath<TDocument>): Promise<number> {
    return aggregates.sum(this.#state, path);
  }

  /**
   * The average of a numeric field; 0 when nothing matches.
   *
   * @example
   * await User.objects().average('age'); // $group: { _id: null, value: { $avg: '$age' } }
   */
  average(path: FieldPath<TDocument>): Promise<number> {
    return aggregates.average(this.#state, path);
  }

  /**
   * How often each value of a field occurs (list items counted one by one); with
   * `normalize`, as fractions of the total.
   *
   * @example
   * await Post.objects().itemFrequencies('tags'); // Map { 'db' => 3, 'js' => 1 }
   */
  itemFrequencies(
    path: FieldPath<TDocument>,
    options: aggregates.FrequencyOptions = {},
  ): Promise<Map<unknown, number>> {
    return aggregates.itemFrequencies(this.#state, path, options);
  }

  // ----- writing -----------------------------------------------------------------------------

  /**
   * Builds, validates and inserts one document.
   *
   * @example
   * await User.objects().create({ name: 'Ada' }); // insert: [{ _id, name: 'Ada' }]
   */
  create(values: CreateValues<TDocument>): Promise<TDocument> {
    return writes.create(this.#state, values) as Promise<TDocument>;
  }

  /**
   * Inserts new documents in one `insertMany` (validated unless `validate: false`), running the
   * bulk-insert hooks. Resolves to the documents (their `pk` filled), or their ids with `loadBulk: false`.
   *
   * @throws {NotUniqueError} when a unique index rejects one; {@link OperationError} for a saved document.
   * @example
   * await User.objects().insert([new User({ name: 'a' }), new User({ name: 'b' })]);
   */
  insert(
    docs: readonly TDocument[],
    options: writes.InsertOptions & { loadBulk: false },
  ): Promise<PkOf<TDocument>[]>;
  insert(
    docs: readonly TDocument[],
    options?: writes.InsertOptions & { loadBulk?: true },
  ): Promise<TDocument[]>;
  insert(doc: TDocument, options?: writes.InsertOptions & { loadBulk?: true }): Promise<TDocument>;
  insert(docs: TDocument | readonly TDocument[], options: writes.InsertOptions = {}): Promise<unknown> {
    return writes.insert(this.#state, docs, options);
  }

  /**
   * Updates the matching documents (all of them unless `multi: false`). Keys follow MongoEngine
   * (`set__name`, `inc__age`, `push__tags`; a bare key means `$set`). Resolves to the number matched.
   *
   * @throws {OperationError} when there is nothing to update and no upsert.
   * @example
   * await User.objects({ age__lt: 18 }).update({ inc__age: 1 }); // updateMany({ age: { $lt: 18 } }, { $inc: { age: 1 } })
   */
  update(ops: UpdateArg<TFields>, options: writes.UpdateOptions = {}): Promise<number> {
    return writes.update(this.#state, ops as UpdateInput, options);
  }

  /**
   * Updates the first matching document. Resolves to the number matched (0 or 1).
   *
   * @example
   * await User.objects({ name: 'Ada' }).updateOne({ set__age: 37 }); // updateOne(...)
   */
  updateOne(ops: UpdateArg<TFields>, options: Omit<writes.UpdateOptions, 'multi'> = {}): Promise<number> {
    return writes.update(this.#state, ops as UpdateInput, { ...options, multi: false });
  }

  /**
   * Updates the first matching document or inserts one, and resolves to the result.
   *
   * @example
   * await User.objects({ name: 'Ada' }).upsertOne({ set__age: 36 }); // findAndModify(..., upsert: true, new: true)
   */
  upsertOne(
    ops: UpdateArg<TFields>,
    options: Omit<writes.UpdateOptions, 'multi' | 'upsert'> = {},
  ): Promise<TResult> {
    return writes.modify(this.#state, ops as UpdateInput, {
      ...options,
      upsert: true,
      new: true,
    }) as Promise<TResult>;
  }

  /**
   * Atomically updates (or with `remove`, deletes) the first matching document in the
   * queryset's order, resolving to it before the change (after with `new: true`), or null.
   *
   * @throws {OperationError} for `remove` with `new`.
   * @example
   * await Job.objects({ state: 'ready' }).orderBy('at').modify({ set__state: 'taken' }, { new: true });
   */
  modify(ops: UpdateArg<TFields>, options: writes.ModifyOptions = {}): Promise<TResult | null> {
    return writes.modify(this.#state, ops as UpdateInput, options) as Promise<TResult | null>;
  }

  /**
   * Deletes the matching documents and resolves to how many. With skip/limit, or when delete
   * hooks (signals, delete rules) are installed, documents are deleted one by one so each hook runs.
   *
   * @example
   * await User.objects({ age__lt: 13 }).delete(); // deleteMany({ age: { $lt: 13 } })
   */
  delete(options: writes.DeleteOptions = {}): Promise<number> {
    return writes.deleteMatching(this.#state, options);
  }
}

/**
 * A queryset of the same class over a derived state (the one way chained calls build results;
 * a QuerySet subclass keeps its class).
 */
function derive<TQuerySet>(from: { readonly state: QueryState }, patch: Partial<QueryState>): TQuerySet {
  const Ctor = from.constructor as new (cls: ClassRef, state: QueryState) => TQuerySet;
  return new Ctor(from.state.cls, withState(from.state, patch));
}

function checkCount(what: string, n: number): number {
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidQueryError(`${what} must be a non-negative integer, got ${String(n)}.`);
  return n;
}
