import type { ReferenceFieldOptions } from './reference-field.js';
import { ReferenceField } from './reference-field.js';
import { withPassthrough } from './passthrough.js';
import type { Ref } from './ref.js';

/** Options of {@link LazyReferenceField}. */
export interface LazyReferenceFieldOptions<TValue = unknown> extends ReferenceFieldOptions<TValue> {
  /** Read the target's attributes straight off the reference once it is loaded. */
  readonly passthrough?: boolean;
}

/** The target's attributes a passthrough reference exposes (read-only, once loaded). */
export type Passthrough<TDoc, TOptions> = TOptions extends {
  /** Declared `passthrough: true`. */
  readonly passthrough: true;
}
  ? Readonly<Omit<TDoc, keyof Ref<TDoc>>>
  : unknown;

/**
 * A reference that is only ever loaded on request (`await ref.fetch()` or `selectRelated`),
 * stored like {@link ReferenceField}. With `passthrough: true`, once the target is loaded its
 * attributes can be read on the reference itself (`post.author.name`); before that, reading one
 * throws, saying to fetch first.
 *
 * @example
 * class Post extends Document.define({ author: new LazyReferenceField(() => User, { passthrough: true }) }) {}
 * const post = (await Post.objects().first())!;
 * await post.author!.fetch();
 * post.author!.name; // 'Ada'
 */
export class LazyReferenceField<
  TDoc,
  const TOptions extends LazyReferenceFieldOptions<Ref<NoInfer<TDoc>>> = LazyReferenceFieldOptions<
    Ref<NoInfer<TDoc>>
  >,
> extends ReferenceField<TDoc, TOptions> {
  declare readonly __value: Ref<TDoc> & Passthrough<TDoc, TOptions>;
  override readonly fieldType: string = 'LazyReferenceField';

  override cast(value: unknown): unknown {
    return this.wrap(super.cast(value));
  }

  override toJs(raw: unknown, ctx: Parameters<ReferenceField<TDoc, TOptions>['toJs']>[1]): unknown {
    return this.wrap(super.toJs(raw, ctx));
  }

  private wrap(value: unknown): unknown {
    return this.options.passthrough === true ? withPassthrough(value) : value;
  }
}
