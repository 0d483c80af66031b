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
  readonly cls: ClassRef;
  /**
   * Compiled filters in the order given, ANDed when sent. Compiling at `filter()` time reports
   * a bad lookup where it is written and keeps later changes to the caller's object out.
   */
  readonly filters: readonly Readonly<Record<string, unknown>>[];
  readonly mode: ResultMode;
  readonly limit: number | undefined;
  readonly skip: number | undefined;
  /** Explicit ordering keys; `undefined` means the class's meta ordering. */
  readonly ordering: readonly string[] | undefined;
  readonly only: readonly string[] | undefined;
  readonly exclude: readonly string[] | undefined;
  readonly slices: Readonly<Record<string, number | [number, number]>> | undefined;
  readonly elemMatch: Readonly<Record<string, unknown>> | undefined;
  readonly noSubClasses: boolean;
  readonly alias: string | undefined;
  readonly hint: Hint | undefined;
  readonly collation: CollationOptions | undefined;
  readonly comment: string | undefined;
  readonly batchSize: number | undefined;
  readonly maxTimeMs: number | undefined;
  readonly readPreference: ReadPreferenceLike | undefined;
  readonly readConcern: ReadConcernLike | undefined;
  readonly noCursorTimeout: boolean | undefined;
  readonly allowDiskUse: boolean | undefined;
  /** `none()`: no query is sent and nothing matches. */
  readonly none: boolean;
  /** `noDereference()`: references stay unfetched (read by the references layer). */
  readonly noDereference: boolean;
  /** `selectRelated(...)`: references batch-loaded after the results (read by the references layer). */
  readonly selectRelated: SelectRelatedSpec | undefined;
  readonly textSearch: { readonly text: string; readonly language: string | undefined } | undefined;
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
