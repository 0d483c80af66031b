/**
 * Type-level helpers over fields: what an instance holds, what a constructor takes, and which
 * attributes are required. They read the type-only members `__value`, `__input`, `__options` and
 * `__implicitDefault` that every `BaseField` declares.
 */
import type { Simplify } from '../types/simplify.js';

/**
 * The JS type a field holds on an instance.
 *
 * @example
 * type T = FieldValue<ListField<IntField>>; // number[]
 */
export type FieldValue<F> = F extends {
  /** The held value type (see `BaseField.__value`). */
  readonly __value: infer V;
}
  ? V
  : never;

/**
 * What a constructor or assignment accepts for a field (often wider than the held type).
 *
 * @example
 * type T = FieldInput<DateTimeField>; // Date | string | number
 */
export type FieldInput<F> = F extends {
  /** The accepted input type (see `BaseField.__input`). */
  readonly __input: infer I;
}
  ? I
  : never;

/**
 * The options' literal type of a field.
 *
 * @example
 * const f = new StringField({ required: true });
 * type O = FieldOptionsOf<typeof f>; // { readonly required: true }
 */
export type FieldOptionsOf<F> = F extends {
  /** The options' literal type (see `BaseField.__options`). */
  readonly __options: infer O;
}
  ? O
  : never;

/** True when the options have a (non-undefined) `default`. */
type HasExplicitDefault<O> = O extends { readonly default: infer D }
  ? [D] extends [undefined]
    ? false
    : true
  : false;

/**
 * True when the field has a default (explicit, or implicit as for lists and dicts).
 *
 * @example
 * type T = HasDefault<ListField<IntField>>; // true
 */
export type HasDefault<F> = F extends {
  /** Set by lists and dicts, which default to empty. */
  readonly __implicitDefault: true;
}
  ? true
  : HasExplicitDefault<FieldOptionsOf<F>>;

/**
 * True when the options say `required: true` or `primaryKey: true`.
 *
 * @example
 * const f = new IntField({ required: true, default: 0 });
 * type T = IsDeclaredRequired<typeof f>; // true
 */
export type IsDeclaredRequired<F> =
  FieldOptionsOf<F> extends {
    /** Declared `required: true`. */
    readonly required: true;
  }
    ? true
    : FieldOptionsOf<F> extends {
          /** Declared `primaryKey: true` (implies required). */
          readonly primaryKey: true;
        }
      ? true
      : false;

/**
 * True when an instance always holds a value: `required: true` or a default.
 *
 * @example
 * const f = new IntField({ default: 0 });
 * type T = IsRequiredField<typeof f>; // true
 */
export type IsRequiredField<F> = IsDeclaredRequired<F> extends true ? true : HasDefault<F>;

type RequiredKeys<T> = { [K in keyof T]: IsRequiredField<T[K]> extends true ? K : never }[keyof T];
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>;
type MandatoryInsertKeys<T> = {
  [K in keyof T]: IsDeclaredRequired<T[K]> extends true ? (HasDefault<T[K]> extends true ? never : K) : never;
}[keyof T];
type OptionalInsertKeys<T> = Exclude<keyof T, MandatoryInsertKeys<T>>;

/**
 * The attribute types of an instance: required or defaulted fields are non-optional.
 *
 * @example
 * type U = InstanceShape<{ name: StringField<{ required: true }>; age: IntField }>; // { name: string; age?: number }
 */
export type InstanceShape<TFields> = Simplify<
  { -readonly [K in RequiredKeys<TFields>]: FieldValue<TFields[K]> } & {
    -readonly [K in OptionalKeys<TFields>]?: FieldValue<TFields[K]> | undefined;
  }
>;

/**
 * What a constructor accepts: required fields without a default are mandatory, the rest optional.
 *
 * @example
 * type I = InsertShape<{ name: StringField<{ required: true }>; n: IntField<{ default: 0 }> }>; // { name: string; n?: number }
 */
export type InsertShape<TFields> = Simplify<
  { [K in MandatoryInsertKeys<TFields>]: FieldInput<TFields[K]> } & {
    [K in OptionalInsertKeys<TFields>]?: FieldInput<TFields[K]> | undefined | null;
  }
>;
