/**
 * Type-level lookup keys: `{ age__gte: 18, name__istartswith: 'a', address__city: 'Paris' }` is
 * checked against the field map — the path, the operator and the value type. Built as one
 * mapped type over a union of `[key, value]` entries (no union-to-intersection), so the cost
 * grows linearly with the number of fields.
 */
import type { Document } from 'mongodb';
import type { DYNAMIC_KIND, FieldsOf, PrimaryKeyOf } from '../../document/defined-class.js';
import type { FieldInput, FieldValue } from '../../fields/field-types.js';
import type { ComparisonOp, GeoOp, StringOp } from '../filter/operators.js';
import type { QueryNodeCarrier, RawQuery } from '../filter/query-node.js';
import type { EmbeddedFieldsOf, FieldPaths, KeyOf, ValueOf, IsDictField, ListItemOf } from './field-paths.js';

/** What a list field's item accepts, or the field's own input. */
type ItemInput<F> = [ListItemOf<F>] extends [never] ? FieldInput<F> : FieldInput<ListItemOf<F>>;
/** The value compared by operators: the item for lists. */
type ItemValue<F> = [ListItemOf<F>] extends [never] ? FieldValue<F> : FieldValue<ListItemOf<F>>;

/** Operands of geo lookups: coordinates or a GeoJSON geometry. */
export type GeoOperand =
  readonly unknown[] | { readonly type: string; readonly coordinates: readonly unknown[] };

/** Operator names usable inside `elemMatch` / `pull` on a list of scalars (`{ gte: 2, lt: 5 }`). */
export type ItemConditions<TValue> = { readonly [O in ComparisonOp]?: TValue } & {
  readonly eq?: TValue;
  readonly in?: readonly TValue[];
  readonly nin?: readonly TValue[];
  readonly exists?: boolean;
};

type IsGeo<F> = F extends { readonly geoType: string } | { readonly indexType: '2d' | '2dsphere' | undefined }
  ? true
  : false;

type Equality<F> = [ListItemOf<F>] extends [never]
  ? FieldValue<F> extends string
    ? FieldInput<F> | RegExp | null
    : FieldInput<F> | null
  : ItemInput<F> | readonly ItemInput<F>[] | null;

type Lookup<P extends string, F> =
  | [P | `${P}__not`, Equality<F>]
  | [
      `${P}__${ComparisonOp}` | `${P}__not__${ComparisonOp}`,
      ItemInput<F> | ([ListItemOf<F>] extends [never] ? never : readonly ItemInput<F>[]),
    ]
  | [`${P}__${'in' | 'nin'}` | `${P}__not__${'in' | 'nin'}`, readonly ItemInput<F>[]]
  | [`${P}__exists`, boolean]
  | [`${P}__type` | `${P}__not__type`, string | number]
  | (ItemValue<F> extends string
      ? | [`${P}__${StringOp}` | `${P}__not__${StringOp}`, string]
        | [`${P}__${'regex' | 'iregex'}`, string | RegExp]
      : never)
  | (ItemValue<F> extends number | bigint
      ? [`${P}__mod` | `${P}__not__mod`, readonly [number, number]]
      : never)
  | ([ListItemOf<F>] extends [never]
      ? never
      : | [`${P}__all` | `${P}__not__all`, readonly ItemInput<F>[]]
        | [`${P}__size` | `${P}__not__size`, number]
        | [
            `${P}__${'match' | 'elemMatch'}` | `${P}__not__${'match' | 'elemMatch'}`,
            [EmbeddedFieldsOf<ListItemOf<F>>] extends [never]
              ? ItemConditions<ItemInput<F>>
              : FilterQuery<EmbeddedFieldsOf<ListItemOf<F>>, 0> | QueryNodeCarrier,
          ])
  | (IsGeo<F> extends true
      ? | [`${P}__${Exclude<GeoOp, 'maxDistance' | 'minDistance'>}`, GeoOperand]
        | [`${P}__${'maxDistance' | 'minDistance'}`, number]
      : never)
  | (IsDictField<F> extends true ? [`${P}__${string}`, unknown] : never);

type LookupEntries<E> = E extends [infer P extends string, infer F] ? Lookup<P, F> : never;

/** The primary key as a pseudo-field (hex strings are accepted for ObjectIds). */
interface PkField<TPk> {
  readonly __value: TPk;
  readonly __input: TPk | string;
}

/**
 * The typed lookup object of a field map: every key is a path (`address__city`, `tags__0`,
 * `pk`) with an optional `not__` and operator, and every value is checked against the field.
 *
 * @example
 * type UserQuery = FilterQuery<FieldsOf<typeof User>>;
 * const q: UserQuery = { age__gte: 18, name__istartswith: 'a' }; // ok
 * // { ag__gte: 1 } and { age__gte: 'x' } are compile errors
 */
export type FilterQuery<TFields, TDepth extends number = 2> = {
  [
    E in LookupEntries<
      FieldPaths<TFields, `${number}`, true, '', TDepth> | ['pk' | 'id', PkField<PrimaryKeyOf<TFields>>]
    > as KeyOf<E>
  ]?: ValueOf<E>;
} & {
  /** A raw MongoDB filter; documents must match it as well as the other lookups. */
  readonly __raw__?: Document;
};

/**
 * The typed lookup object of a document class.
 *
 * @example
 * const q: FilterQueryOf<typeof User> = { address__city: 'Paris' };
 */
export type FilterQueryOf<TClass> = FilterQuery<FieldsOf<TClass>> & DynamicKeys<TClass>;

/** Dynamic documents also take undeclared keys (values are still checked at run time). */
export type DynamicKeys<TClass> = TClass extends abstract new (...args: any[]) => infer I
  ? I extends { readonly [DYNAMIC_KIND]: true }
    ? Readonly<Record<string, unknown>>
    : unknown
  : unknown;

/**
 * What a typed `filter()` accepts: lookups, a `Q`, or `raw()`.
 *
 * @example
 * const arg: FilterArgOf<typeof User> = Q.or<FilterQueryOf<typeof User>>({ age__lt: 13 }, { tags: 'vip' });
 */
export type FilterArgOf<TClass> = FilterQueryOf<TClass> | QueryNodeCarrier | RawQuery;
