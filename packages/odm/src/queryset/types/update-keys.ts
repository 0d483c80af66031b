/**
 * Type-level update keys: `{ inc__age: 1, push__tags: 'x', set__address__city: 'Paris' }` is
 * checked against the field map (an `inc__` on a string field, or a string for `inc__age`, is a
 * compile error).
 */
import type { Document } from 'mongodb';
import type { FieldsOf } from '../../document/defined-class.js';
import type { FieldInput, FieldValue } from '../../fields/field-types.js';
import type { QueryNodeCarrier } from '../filter/query-node.js';
import type { EmbeddedFieldsOf, FieldPaths, KeyOf, ValueOf, ListItemOf } from './field-paths.js';
import type { DynamicKeys, FilterQuery, ItemConditions } from './lookup-keys.js';

/** What may stand for a list index in an update path. */
export type UpdatePosition = `${number}` | 'S' | '$' | '$[]' | `$[${string}]`;

type ItemInput<F> = FieldInput<ListItemOf<F>>;

type Update<P extends string, F> =
  | [P | `${'set' | 'setOnInsert'}__${P}`, FieldInput<F> | null]
  | [`unset__${P}`, true | 1 | '']
  | [`${'min' | 'max'}__${P}`, FieldInput<F>]
  | [`rename__${P}`, string]
  | (FieldValue<F> extends number | bigint
      ? [`${'inc' | 'dec' | 'mul'}__${P}`, FieldValue<F> | number]
      : never)
  | (FieldValue<F> extends Date ? [`currentDate__${P}`, true | 'date' | 'timestamp'] : never)
  | ([ListItemOf<F>] extends [never]
      ? never
      : | [`${'push' | 'addToSet'}__${P}` | `push__${P}__${number}`, ItemInput<F> | readonly ItemInput<F>[]]
        | [`${'pushAll' | 'pullAll'}__${P}` | `pull__${P}__${'in' | 'nin'}`, readonly ItemInput<F>[]]
        | [
            `pull__${P}`,
            (
              | ItemInput<F>
              | ([EmbeddedFieldsOf<ListItemOf<F>>] extends [never]
                  ? ItemConditions<ItemInput<F>>
                  : FilterQuery<EmbeddedFieldsOf<ListItemOf<F>>, 0> | QueryNodeCarrier)
            ),
          ]
        | [`pop__${P}`, 1 | -1]);

type UpdateEntries<E> = E extends [infer P extends string, infer F] ? Update<P, F> : never;

/**
 * The typed update object of a field map.
 *
 * @example
 * const u: UpdateQuery<FieldsOf<typeof User>> = { inc__age: 1, push__tags: 'vip', name: 'Ada' };
 * // { inc__name: 1 } and { inc__age: 'x' } are compile errors
 */
export type UpdateQuery<TFields, TDepth extends number = 2> = {
  [E in UpdateEntries<FieldPaths<TFields, UpdatePosition, false, '', TDepth>> as KeyOf<E>]?: ValueOf<E>;
} & {
  /** Raw update operators merged into the update, or an aggregation pipeline (not combinable with update keys). */
  readonly __raw__?: Document | readonly Document[];
};

/**
 * The typed update object of a document class.
 *
 * @example
 * const u: UpdateQueryOf<typeof User> = { inc__age: 1 };
 */
export type UpdateQueryOf<TClass> = UpdateQuery<FieldsOf<TClass>> & DynamicKeys<TClass>;
