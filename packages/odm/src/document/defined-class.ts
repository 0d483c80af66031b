import type { ObjectId } from 'mongodb';
import type { FieldMap, FieldValue, InsertShape, InstanceShape } from '../fields/base-field.js';

/** Type-only marker: instances of `Document` (they have a primary key). */
export declare const DOCUMENT_KIND: unique symbol;
/** Type-only marker: instances of the dynamic document classes (they accept any attribute). */
export declare const DYNAMIC_KIND: unique symbol;

/** The field map a class carries at the type level (empty for the base classes). */
export type FieldsOf<TClass> = TClass extends {
  /** The class's type-only field map (see `BaseDocument.__fields`). */
  readonly __fields: infer F;
}
  ? F
  : NoFields;

/** An empty field map (`{}`), named so intent is visible. */
export type NoFields = Record<never, never>;

/** A subclass's fields: its own, over its parent's. */
export type MergeFields<TParent, TOwn> = Omit<TParent, keyof TOwn> & TOwn;

/** Reads the options' literal type straight from the phantom property (robust for every field class). */
type OptionsOf<F> = F extends { readonly __options: infer O } ? O : NoFields;
type IsPrimaryKey<F> = [OptionsOf<F>] extends [never]
  ? false
  : OptionsOf<F> extends { readonly primaryKey: true }
    ? true
    : false;

type PrimaryKeyNames<TFields> = {
  [K in keyof TFields]: IsPrimaryKey<TFields[K]> extends true ? K : never;
}[keyof TFields];

/**
 * The type of `pk`: the value of the field declared `primaryKey: true`, else the automatic
 * `ObjectId`.
 *
 * @example
 * type P = PrimaryKeyOf<{ email: StringField<{ primaryKey: true }> }>; // string
 */
export type PrimaryKeyOf<TFields> = [PrimaryKeyNames<TFields>] extends [never]
  ? ObjectId
  : FieldValue<TFields[PrimaryKeyNames<TFields>]>;

/** What `Document` instances add to the field shape: `pk`, and `id` when the key is automatic. */
type KeyShape<TInstance, TFields> = TInstance extends { readonly [DOCUMENT_KIND]: true }
  ? [PrimaryKeyNames<TFields>] extends [never]
    ? { id?: ObjectId | undefined; pk: ObjectId | undefined }
    : { pk: PrimaryKeyOf<TFields> | undefined }
  : unknown;

/** What a `Document` constructor accepts besides the fields: the automatic `id`. */
type InsertKeyShape<TInstance, TFields> = TInstance extends { readonly [DOCUMENT_KIND]: true }
  ? [PrimaryKeyNames<TFields>] extends [never]
    ? { id?: ObjectId | string | undefined }
    : unknown
  : unknown;

/** What dynamic documents add: any other attribute. */
type DynamicShape<TInstance> = TInstance extends { readonly [DYNAMIC_KIND]: true }
  ? { [key: string]: unknown }
  : unknown;

/** The constructor arguments: the insert shape, optional when nothing is mandatory. */
export type ConstructorArgs<TFields, TInstance> =
  NoFields extends InsertShape<TFields>
    ? [init?: InsertShape<TFields> & InsertKeyShape<TInstance, TFields> & DynamicShape<TInstance>]
    : [init: InsertShape<TFields> & InsertKeyShape<TInstance, TFields> & DynamicShape<TInstance>];

/** The instance type of a class declared with `define` on `TBase` with `TFields`. */
export type DefinedInstance<
  TBase extends abstract new (...args: any[]) => any,
  TFields extends FieldMap,
> = InstanceType<TBase> &
  InstanceShape<MergeFields<FieldsOf<TBase>, TFields>> &
  KeyShape<InstanceType<TBase>, MergeFields<FieldsOf<TBase>, TFields>> &
  DynamicShape<InstanceType<TBase>>;

/**
 * What `define` returns: the base's statics, a constructor taking the insert shape, and
 * instances typed from the (merged) field map. Extend it to add methods.
 *
 * @example
 * class User extends Document.define({ name: new StringField({ required: true }) }) {}
 * const u = new User({ name: 'Ada' }); // u.name: string; u.pk: ObjectId | undefined
 */
export type DefinedClass<TBase extends abstract new (...args: any[]) => any, TFields extends FieldMap> = Omit<
  TBase,
  'prototype' | '__fields'
> & {
  new (
    ...args: ConstructorArgs<MergeFields<FieldsOf<TBase>, TFields>, InstanceType<TBase>>
  ): DefinedInstance<TBase, TFields>;
  /** Instances have the base's members plus one typed attribute per field. */
  readonly prototype: DefinedInstance<TBase, TFields>;
  /** Type-only: the merged field map. */
  readonly __fields: MergeFields<FieldsOf<TBase>, TFields>;
};
