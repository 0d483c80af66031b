import type { BaseDocument } from './base-document.js';

/**
 * Wraps a dynamic document so that undeclared attributes become stored values (MongoEngine's
 * DynamicDocument): `doc.color = 'red'` is saved as `color`, `delete doc.color` is `$unset`.
 * Names starting with `_` stay plain JS properties, as MongoEngine does not store them.
 *
 * @example
 * // @no-check: needs values from its call site
 * const page = dynamicProxy(target); page.anything = 1; // stored on save
 */
export function dynamicProxy<T extends BaseDocument>(target: T): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || prop in t) return Reflect.get(t, prop, receiver);
      return t._getExtra(prop);
    },
    set(t, prop, value, receiver) {
      if (typeof prop === 'symbol' || prop in t || prop.startsWith('_'))
        return Reflect.set(t, prop, value, receiver);
      t._setExtra(prop, value);
      return true;
    },
    deleteProperty(t, prop) {
      if (typeof prop === 'string' && !(prop in t) && t._getExtra(prop) !== undefined) {
        t._setExtra(prop, undefined);
        return true;
      }
      return Reflect.deleteProperty(t, prop);
    },
    has(t, prop) {
      return prop in t || (typeof prop === 'string' && t._getExtra(prop) !== undefined);
    },
  });
}
