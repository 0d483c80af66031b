/**
 * The passthrough view of a `Ref` (MongoEngine's `LazyReference` with `passthrough=True`): the
 * target's attributes can be read on the reference itself once it is loaded.
 */
import { classInfo } from '../document/class-info.js';
import { Ref } from './ref.js';

/** Passthrough proxies already made (so wrapping one again keeps it). */
const PROXIED = new WeakSet<object>();

/** True when `prop` is a method (a function-valued data property) of `obj`'s prototype chain. */
function isMethod(obj: object, prop: string | symbol): boolean {
  for (
    let p: object | null = Object.getPrototypeOf(obj) as object | null;
    p !== null;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    const d = Object.getOwnPropertyDescriptor(p, prop);
    if (d !== undefined) return prop !== 'constructor' && typeof d.value === 'function';
  }
  return false;
}

/**
 * Wraps `ref` so reading a target attribute on it reads the loaded target (`ref.name`);
 * reading one before the target is loaded throws, saying to fetch first. Other values pass
 * through unchanged.
 *
 * @example
 * const author = withPassthrough(post.author); await author.fetch();
 * (author as unknown as User).name; // 'Ada' — the proxy forwards attributes (its type stays Ref<User>)
 */
export function withPassthrough<T>(value: T): T {
  if (!(value instanceof Ref) || PROXIED.has(value)) return value;
  const proxy = new Proxy(value, {
    get(target: Ref<unknown>, prop) {
      if (prop in target) {
        const v: unknown = Reflect.get(target, prop, target);
        // Ref's methods use private fields, so they must run on the Ref, not on the proxy
        // (getters such as `targetClass` already ran on it and may return functions: not bound).
        return isMethod(target, prop) ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      }
      // `then` must stay undefined or `await ref` would treat the proxy as a promise.
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      if (target.isLoaded) return (target.value as Record<string, unknown>)[prop];
      // Only the target's own attributes demand a fetch; other probes (inspectors) see nothing.
      return prop in classInfo(target.targetClass).fields ? target.value : undefined;
    },
  });
  PROXIED.add(proxy);
  return proxy as T;
}
