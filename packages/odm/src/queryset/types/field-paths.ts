/**
 * Type-level paths of a field map: every `a__b__c` path a lookup or update key may name, with
 * the field it ends on. Embedded documents and list items are followed to a fixed depth, which
 * keeps the number of type instantiations small and predictable.
 */
import type { FieldsOf } from '../../document/defined-class.js';
import type { FieldValue } from '../../fields/field-types.js';

/** Depth counter: `Prev[2]` is 1. */
type Prev = [never, 0, 1, 2, 3];

/** How deep embedded documents are followed by default (`a__b__c`). */
export type DefaultDepth = 2;

/** The item field of a list field, or never. */
export type ListItemOf<F> = F extends { readonly field: infer I; readonly __implicitDefault: true }
  ? FieldValue<F> extends readonly unknown[]
    ? I
    : never
  : never;

/** The field map of an embedded document field, or never. */
export type EmbeddedFieldsOf<F> = F extends { readonly documentType: infer C } ? FieldsOf<C> : never;

/** True for dict fields (any sub-key is allowed). */
export type IsDictField<F> = F extends { readonly __implicitDefault: true }
  ? FieldValue<F> extends readonly unknown[]
    ? false
    : true
  : false;

/**
 * `[path, field]` pairs of a field map. `TPos` is what may stand for a list index (`${number}`
 * in filters, plus `S`, `$`, `$[]`, `$[id]` in updates); `TThroughLists` lets filters name
 * members of embedded list items without an index (`comments__author`).
 */
export type FieldPaths<
  TFields,
  TPos extends string,
  TThroughLists extends boolean,
  TPrefix extends string = '',
  TDepth extends number = DefaultDepth,
> = {
  [K in keyof TFields & string]: PathsOf<`${TPrefix}${K}`, TFields[K], TPos, TThroughLists, TDepth>;
}[keyof TFields & string];

type PathsOf<P extends string, F, TPos extends string, TThrough extends boolean, D extends number> =
  [P, F] | ([D] extends [0] ? never : SubPaths<P, F, TPos, TThrough, Prev[D]>);

type SubPaths<P extends string, F, TPos extends string, TThrough extends boolean, D extends number> = [
  ListItemOf<F>,
] extends [never]
  ? [EmbeddedFieldsOf<F>] extends [never]
    ? never
    : FieldPaths<EmbeddedFieldsOf<F>, TPos, TThrough, `${P}__`, D>
  : | PathsOf<`${P}__${TPos}`, ListItemOf<F>, TPos, TThrough, D>
    | (TThrough extends true
        ? [EmbeddedFieldsOf<ListItemOf<F>>] extends [never]
          ? never
          : FieldPaths<EmbeddedFieldsOf<ListItemOf<F>>, TPos, TThrough, `${P}__`, D>
        : never);

/** The key of a `[key, value]` entry. */
export type KeyOf<E> = E extends readonly [infer K extends string, unknown] ? K : never;
/** The value of a `[key, value]` entry. */
export type ValueOf<E> = E extends readonly [string, infer V] ? V : never;
