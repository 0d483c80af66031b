/**
 * What `filter()` / `objects()` and the update terminals accept. With the field map known (a
 * queryset from `Doc.objects()`), lookup and update keys are checked by the compiler's
 * template-literal types; an untyped queryset (`TFields` unknown) takes any object.
 */
import type { QueryInput, QueryNodeCarrier, RawQuery } from './filter/index.js';
import type { FilterQuery, UpdateQuery } from './types/index.js';
import type { UpdateInput } from './update/index.js';

/**
 * A filter argument: typed lookups, a `Q` tree, or a `raw()` filter.
 *
 * @example
 * const arg: FilterArg<FieldsOf<typeof User>> = { age__gte: 18 };
 */
export type FilterArg<TFields> = unknown extends TFields
  ? QueryInput | QueryNodeCarrier | RawQuery
  : FilterQuery<TFields> | QueryNodeCarrier | RawQuery;

/**
 * An update argument: typed update keys (`inc__age`, `push__tags`, bare `name` for `$set`), or raw.
 *
 * @example
 * const ops: UpdateArg<FieldsOf<typeof User>> = { inc__age: 1 };
 */
export type UpdateArg<TFields> = unknown extends TFields ? UpdateInput : UpdateQuery<TFields> | RawQuery;
