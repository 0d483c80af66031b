import type { ReferenceFieldOptions } from './reference-field.js';
import { ReferenceField } from './reference-field.js';
import { Ref } from './ref.js';
import { classInfo } from '../document/class-info.js';

/** Options of {@link LazyReferenceField}. */
export interface LazyReferenceFieldOptions<TValue = unknown> extends ReferenceFieldOptions<TValue> {
  /** Read the target's attributes straight off the reference once it is loaded. */
  readonly passthrough?: boolean;
}

/** The target's attributes a passthrough reference exposes (read-only, once loaded). */
export type Passthrough<TDoc, TOptions> = TOptions extends { readonly passthrough: true }
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
    if (this.options.passthrough !== true || !(value instanceof Ref) || PROXIED.has(value)) return value;
    const proxy = new Proxy(value, {
      get(target, prop) {
        if (prop in target) {
          const v: unknown = Reflect.get(target, prop, target);
          // Ref's methods use private fields, so they must run on the Ref, not on the proxy.
          const method =
            typeof prop === 'string' &&
            typeof Object.getOwnPropertyDescriptor(Ref.prototype, prop)?.value === 'function';
          return method ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        }
        // `then` must stay undefined or `await ref` would treat the proxy as a promise.
        if (typeof prop === 'symbol' || prop === 'then') return undefined;
        if (target.isLoaded) return (target.value as Record<string, unknown>)[prop];
        // Only the target's own attributes demand a fetch; other probes (inspectors) see nothing.
        return prop in classInfo(target.targetClass).fields ? target.value : undefined;
      },
    });
    PROXIED.add(proxy);
    return proxy;
  }
}

/** Passthrough proxies already made (so casting one again keeps it). */
const PROXIED = new WeakSet<object>();
