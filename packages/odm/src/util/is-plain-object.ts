/**
 * True for object literals and null-prototype objects, false for arrays, class instances and
 * BSON values (ObjectId, Long, Binary…). Used to tell a sub-document or operator object apart
 * from a scalar value.
 *
 * @example
 * isPlainObject({ $ne: 1 }); // true
 * isPlainObject(new ObjectId()); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * True when an object has a key starting with `$`, i.e. looks like a MongoDB operator object.
 *
 * @example
 * hasOperatorKey({ $gt: 1 }); // true
 */
export function hasOperatorKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.keys(value).some((k) => k.startsWith('$'));
}
