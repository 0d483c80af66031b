import { GenericReferenceField, type GenericReferenceFieldOptions } from './generic-reference-field.js';
import type { Passthrough } from './lazy-reference-field.js';
import { withPassthrough } from './passthrough.js';
import type { Ref } from './ref.js';

/** Options of {@link GenericLazyReferenceField}. */
export interface GenericLazyReferenceFieldOptions<
  TValue = unknown,
> extends GenericReferenceFieldOptions<TValue> {
  /** Read the target's attributes straight off the reference once it is loaded. */
  readonly passthrough?: boolean;
}

/**
 * A {@link GenericReferenceField} whose target is only loaded on request (`await ref.fetch()`
 * or `selectRelated`), as {@link LazyReferenceField} is to `ReferenceField`. Stored as
 * `{ _cls, _ref: DBRef }`; `choices` limits the classes; with `passthrough: true` the loaded
 * target's attributes can be read on the reference (the attributes the target classes share).
 *
 * @example
 * class Like extends Document.define({
 *   target: new GenericLazyReferenceField<Post | Photo>({ choices: [Post, Photo], passthrough: true }),
 * }) {}
 * const like = (await Like.objects().first())!;
 * await like.target!.fetch(); // Post | Photo, by the stored _cls
 */
export class GenericLazyReferenceField<
  TDoc = object,
  const TOptions extends GenericLazyReferenceFieldOptions<Ref<TDoc>> = GenericLazyReferenceFieldOptions<
    Ref<TDoc>
  >,
> extends GenericReferenceField<TDoc, TOptions> {
  declare readonly __value: Ref<TDoc> & Passthrough<TDoc, TOptions>;
  override readonly fieldType: string = 'GenericLazyReferenceField';

  override cast(value: unknown): unknown {
    return this.wrap(super.cast(value));
  }

  override toJs(raw: unknown, ctx: Parameters<GenericReferenceField<TDoc, TOptions>['toJs']>[1]): unknown {
    return this.wrap(super.toJs(raw, ctx));
  }

  private wrap(value: unknown): unknown {
    return this.options.passthrough === true ? withPassthrough(value) : value;
  }
}
