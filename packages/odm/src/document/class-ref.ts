/**
 * Any class, as the document layer passes them around (registry entries, context keys, `this`
 * of class-level methods). Narrower than `Function`: it must be constructible.
 *
 * @example
 * const key: ClassRef = User;
 */
export type ClassRef = abstract new (...args: any[]) => object;

/**
 * The class of a document instance.
 *
 * @example
 * classOf(user) === User; // true
 */
export function classOf(instance: object): ClassRef {
  return instance.constructor as ClassRef;
}
