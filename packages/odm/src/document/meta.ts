import type { CreateIndexesOptions } from 'mongodb';
import type { IndexDefinition } from './index-spec.js';
import type { ClassRef } from './class-ref.js';

/**
 * Options of a document class (MongoEngine's `meta`), given as the second argument of `define`.
 *
 * @example
 * class Log extends Document.define({ msg: new StringField() }, {
 *   collection: 'logs', indexes: ['-at', { fields: ['msg'], sparse: true }], maxDocuments: 1000,
 * }) {}
 */
export interface DocumentMeta {
  /** Collection name (default: snake_case of the class name), or a function of the class. A subclass of a concrete inheritable class keeps its base's collection. */
  readonly collection?: string | ((cls: ClassRef) => string);
  /** Connection alias (default `'default'`). */
  readonly dbAlias?: string;
  /** Default sort of queries, e.g. `['-date']`. */
  readonly ordering?: readonly string[];
  /** Index definitions (see {@link IndexDefinition}); concatenated across inherited classes. */
  readonly indexes?: readonly IndexDefinition[];
  /** Options merged under every index definition. */
  readonly indexOpts?: CreateIndexesOptions;
  /** Passed to every index as `background`. */
  readonly indexBackground?: boolean;
  /** Prepend `_cls` to indexes of inheritable classes and add a `_cls` index (default true). */
  readonly indexCls?: boolean;
  /** Create the indexes on the first use of the collection (default true). */
  readonly autoCreateIndex?: boolean;
  /** Re-ensure the indexes on every save (default false). */
  readonly autoCreateIndexOnSave?: boolean;
  /** Capped collection: maximum number of documents (size defaults to 10 MiB). */
  readonly maxDocuments?: number;
  /** Capped collection: maximum size in bytes (rounded up to a multiple of 256). */
  readonly maxSize?: number;
  /** Attribute paths of the shard key: added to the filter of save, update, modify, delete and reload; immutable once saved. */
  readonly shardKey?: readonly string[];
  /** Whether unknown keys in stored data raise `FieldDoesNotExist` on load (default true); with false they are kept. */
  readonly strict?: boolean;
  /** No collection of its own; fields, methods and meta are inherited by subclasses. */
  readonly abstract?: boolean;
  /** Store `_cls` and allow subclasses that share the collection. */
  readonly allowInheritance?: boolean;
  /** Default of `save({ cascade })`. */
  readonly cascade?: boolean;
}

/** The meta of a class after inheritance is applied. */
export interface ResolvedMeta {
  /** Resolved collection name; undefined for abstract and embedded classes. */
  readonly collection: string | undefined;
  /** Connection alias; default `'default'`. */
  readonly dbAlias: string;
  /** Default sort of queries, e.g. `['-date']`; default `[]`. */
  readonly ordering: readonly string[];
  /** Index definitions of the class and all its ancestors, ancestors first. */
  readonly indexes: readonly IndexDefinition[];
  /** Options merged under every index definition. */
  readonly indexOpts: CreateIndexesOptions | undefined;
  /** Passed to every index as `background`; default false. */
  readonly indexBackground: boolean;
  /** Prefix indexes of inheritable classes with `_cls`; default true. */
  readonly indexCls: boolean;
  /** Create the indexes on first use of the collection; default true. */
  readonly autoCreateIndex: boolean;
  /** Re-ensure the indexes on every save; default false. */
  readonly autoCreateIndexOnSave: boolean;
  /** Capped collection: maximum number of documents. */
  readonly maxDocuments: number | undefined;
  /** Capped collection: maximum size in bytes. */
  readonly maxSize: number | undefined;
  /** Attribute paths of the shard key; default `[]`. */
  readonly shardKey: readonly string[];
  /** Unknown stored keys raise on load (true, the default) or are kept (false). */
  readonly strict: boolean;
  /** No collection of its own (not inherited; default false). */
  readonly abstract: boolean;
  /** Stores `_cls` and allows subclasses in the same collection; default false. */
  readonly allowInheritance: boolean;
  /** Default of `save({ cascade })`; default false. */
  readonly cascade: boolean;
  /** Attribute name of the primary key (`'id'` unless a field sets `primaryKey`). */
  readonly idField: string | undefined;
}

/** MongoEngine's default capped size when only `maxDocuments` is given. */
const DEFAULT_CAPPED_SIZE = 10 * 1024 * 1024;

/**
 * The `create` options of a capped collection, or undefined when the class is not capped.
 *
 * @example
 * cappedOptions({ maxDocuments: 10, maxSize: 1000 }); // { capped: true, size: 1024, max: 10 }
 */
export function cappedOptions(
  meta: Pick<ResolvedMeta, 'maxDocuments' | 'maxSize'>,
): { capped: true; size: number; max?: number } | undefined {
  if (meta.maxDocuments === undefined && meta.maxSize === undefined) return undefined;
  const raw = meta.maxSize ?? DEFAULT_CAPPED_SIZE;
  // The server rounds capped sizes up to a multiple of 256; doing it here makes the comparison with an existing collection exact.
  const size = Math.ceil(raw / 256) * 256;
  return meta.maxDocuments === undefined
    ? { capped: true, size }
    : { capped: true, size, max: meta.maxDocuments };
}
