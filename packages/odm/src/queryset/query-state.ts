/**
 * The frozen state behind a {@link QuerySet}. Every chained call derives a new state with
 * {@link withState}; nothing is ever mutated, so a queryset can be shared and re-run freely.
 */
import type { CollationOptions, Hint, ReadConcernLike, ReadPreferenceLike } from 'mongodb';
import type { ClassRef } from '../document/class-ref.js';

/** A `fields()` projection spec: `slice__comments: 5`, `elemMatch__items: {...}`, `title: 1`, `x: 0`. */
export type FieldsSpec = Readonly<Record<string, unknown>>;

/** What a queryset yields: documents, raw stored documents, or values of named fields. */
export type ResultMode = 'documents' | 'raw';

/** Everything a queryset knows; frozen. */
export interface QueryState {
  /** The document class queried (its subclasses too, unless `noSubClasses`). */
  readonly cls: ClassRef;
  /**
   * Compiled filters in the order given, ANDed when sent. Compiling at `filter()` time reports
   * a bad lookup where it is written and keeps later changes to the caller's object out.
   */
  readonly filters: readonly Readonly<Record<string, unknown>>[];
  /** What results are: documents (default) or raw stored documents (`asRaw()`). */
  readonly mode: ResultMode;
  /** `limit(n)`: maximum number of results; undefined for no limit. */
  readonly limit: number | undefined;
  /** `skip(n)`: number of matches to skip first. */
  readonly skip: number | undefined;
  /** Explicit ordering keys; `undefined` means the class's meta ordering. */
  readonly ordering: readonly string[] | undefined;
  /** `only(...)`: the attributes to load, accumulated; undefined loads all. */
  readonly only: readonly string[] | undefined;
  /** `exclude(...)`: attributes left out of the projection. */
  readonly exclude: readonly string[] | undefined;
  /** `fields({ slice__x: n })`: `$slice` projections by attribute path. */
  readonly slices: Readonly<Record<string, number | [number, number]>> | undefined;
  /** `fields({ elemMatch__x: … })`: `$elemMatch` projections by attribute path. */
  readonly elemMatch: Readonly<Record<string, unknown>> | undefined;
  /** `noSubClasses()`: match only the class itself, not its subclasses. */
  readonly noSubClasses: boolean;
  /** `using(alias)`: connection alias over the class's. */
  readonly alias: string | undefined;
  /** `hint(index)`: index the server must use. */
  readonly hint: Hint | undefined;
  /** `collation(...)`: string comparison rules. */
  readonly collation: CollationOptions | undefined;
  /** `comment(text)`: attached to the command (visible in logs and the profiler). */
  readonly comment: string | undefined;
  /** `batchSize(n)`: documents per cursor batch. */
  readonly batchSize: number | undefined;
  /** `maxTimeMs(ms)`: server-side time limit in milliseconds. */
  readonly maxTimeMs: number | undefined;
  /** `readPreference(...)`: which members may serve the reads. */
  readonly readPreference: ReadPreferenceLike | undefined;
  /** `readConcern(...)`: read isolation level. */
  readonly readConcern: ReadConcernLike | undefined;
  /** `timeout(false)` / `noCursorTimeout()`: keep an idle cursor alive. */
  readonly noCursorTimeout: boolean | undefined;
  /** `allowDiskUse(enabled)`: let large sorts use temporary files. */
  readonly allowDiskUse: boolean | undefined;
  /** `none()`: no query is sent and nothing matches. */
  readonly none: boolean;
  /** `noDereference()`: references stay unfetched (read by the references layer). */
  readonly noDereference: boolean;
  /** `selectRelated(...)`: references batch-loaded after the results (read by the references layer). */
  readonly selectRelated: SelectRelatedSpec | undefined;
  /** `searchText(text, { language })`: a `$text` search. */
  readonly textSearch:
    | {
        /** The search string (`$search`). */
        readonly text: string;
        /** The stemming language (`$language`); undefined for the index's default. */
        readonly language: string | undefined;
      }
    | undefined;
}

/** What `selectRelated` asked for: named paths, and/or every reference down to `depth`. */
export interface SelectRelatedSpec {
  readonly paths: readonly string[];
  readonly depth: number | undefined;
}

/**
 * The state of `Doc.objects()` before any call.
 *
 * @example
 * initialState(User).ordering; // undefined: meta ordering applies
 */
export function initialState(cls: ClassRef): QueryState {
  return Object.freeze({
    cls,
    filters: Object.freeze([]),
    mode: 'documents',
    limit: undefined,
    skip: undefined,
    ordering: undefined,
    only: undefined,
    exclude: undefined,
    slices: undefined,
    elemMatch: undefined,
    noSubClasses: false,
    alias: undefined,
    hint: undefined,
    collation: undefined,
    comment: undefined,
    batchSize: undefined,
    maxTimeMs: undefined,
    readPreference: undefined,
    readConcern: undefined,
    noCursorTimeout: undefined,
    allowDiskUse: undefined,
    none: false,
    noDereference: false,
    selectRelated: undefined,
    textSearch: undefined,
  } satisfies QueryState);
}

/**
 * A new frozen state: `base` with `patch` applied.
 *
 * @example
 * withState(state, { limit: 10 });
 */
export function withState(base: QueryState, patch: Partial<QueryState>): QueryState {
  return Object.freeze({ ...base, ...patch });
}
