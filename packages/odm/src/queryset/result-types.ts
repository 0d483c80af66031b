/**
 * Types of what a queryset yields: the data attributes of a document type (no methods), the
 * tuples of `valuesList`, the objects of `values`, and the raw documents of `asRaw()`.
 */
import type { Document as MongoDocument } from 'mongodb';

/** A stored document as the driver returns it (what `asRaw()` yields). */
export type RawDocument = MongoDocument;

/**
 * Attribute names of a document type that hold data (methods and symbol keys left out).
 *
 * @example
 * type K = DataKeys<User>; // 'id' | 'pk' | 'name' | 'age' | …
 */
export type DataKeys<TDocument> = {
  [K in keyof TDocument]-?: K extends string
    ? TDocument[K] extends (...args: any[]) => any
      ? never
      : K
    : never;
}[keyof TDocument];

/** The value type of a path: a data attribute's type; `unknown` for nested paths (`address__city`). */
export type PathValue<TDocument, TPath extends string> = TPath extends keyof TDocument
  ? TDocument[TPath]
  : unknown;

/** A field path: a data attribute, or a nested path below one (`address__city`, `address.city`). */
export type FieldPath<TDocument> =
  DataKeys<TDocument> | `${DataKeys<TDocument>}__${string}` | `${DataKeys<TDocument>}.${string}`;

/**
 * A sort key of `orderBy`: a field path, optionally prefixed by `-` (descending) or `+`, or
 * `$text_score` after `searchText`.
 *
 * @example
 * type K = OrderKey<User>; // 'name' | '-name' | '+name' | 'address__city' | … | '$text_score'
 */
export type OrderKey<TDocument> =
  FieldPath<TDocument> | `${'-' | '+'}${FieldPath<TDocument>}` | '$text_score';

/**
 * The tuple `valuesList('name', 'age')` yields per document.
 *
 * @example
 * type T = ValuesTuple<User, ['name', 'age']>; // [string, number | undefined]
 */
export type ValuesTuple<TDocument, TPaths extends readonly string[]> = {
  -readonly [I in keyof TPaths]: PathValue<TDocument, TPaths[I]>;
};

/**
 * The object `values('name', 'age')` yields per document.
 *
 * @example
 * type O = ValuesObject<User, ['name', 'age']>; // { name: string; age: number | undefined }
 */
export type ValuesObject<TDocument, TPaths extends readonly string[]> = {
  [P in TPaths[number]]: PathValue<TDocument, P>;
};

/** What `scalar(...)` yields: the bare value for one path, a tuple for several. */
export type ScalarResult<TDocument, TPaths extends readonly string[]> = TPaths extends readonly [
  infer Only extends string,
]
  ? PathValue<TDocument, Only>
  : ValuesTuple<TDocument, TPaths>;

/** The primary key type of a document type (`pk`), for `inBulk` and `insert({ loadBulk: false })`. */
export type PkOf<TDocument> = TDocument extends {
  /** The document's primary key. */
  pk: infer P;
}
  ? Exclude<P, undefined>
  : unknown;

/** What `create()` accepts: the data attributes, all optional (validation checks required ones). */
export type CreateValues<TDocument> = { [K in Exclude<DataKeys<TDocument>, 'pk'>]?: TDocument[K] };
