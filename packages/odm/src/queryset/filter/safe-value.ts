import { InvalidQueryError } from '../../errors/usage-errors.js';
import { isPlainObject } from '../../util/is-plain-object.js';

/** Keys that would reach `Object.prototype` if copied naively. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * True when `key` may not appear as data in a query or update value: a `$` operator or a
 * prototype-polluting name.
 *
 * @example
 * isForbiddenKey('$ne'); // true
 * isForbiddenKey('city'); // false
 */
export function isForbiddenKey(key: string): boolean {
  return key.startsWith('$') || PROTOTYPE_KEYS.has(key);
}

/** Values whose keys are not data: dates, regexes, binary buffers, BSON values. */
function isOpaque(value: object): boolean {
  return (
    value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value) || '_bsontype' in value
  );
}

function forbidden(where: string, key: string): InvalidQueryError {
  return new InvalidQueryError(
    `Invalid query value for '${where}': the key '${key}' is not allowed in a value. ` +
      'Operators come only from lookup keys (age__gte), Q, or raw().',
  );
}

/**
 * Throws when a user value carries an operator or prototype key anywhere inside it (plain
 * objects and arrays are searched; class instances such as ObjectId, Date or RegExp are
 * values). This is the injection defence: operators come only from lookup keys, `Q` or `raw()`.
 *
 * @example
 * assertSafeValue({ $ne: null }, "User.name"); // throws InvalidQueryError
 */
export function assertSafeValue(value: unknown, where: string, depth = 0): void {
  if (depth > 64) throw new InvalidQueryError(`Query value for '${where}' is nested too deeply.`);
  if (Array.isArray(value)) {
    for (const item of value) assertSafeValue(item, where, depth + 1);
    return;
  }
  if (!isPlainObject(value)) {
    // A class instance is serialised by its own keys too, so it may not smuggle `$` keys either.
    if (typeof value === 'object' && value !== null && !isOpaque(value)) {
      const key = Object.keys(value).find((k) => k.startsWith('$'));
      if (key !== undefined) throw forbidden(where, key);
    }
    return;
  }
  for (const key of Object.keys(value)) {
    if (isForbiddenKey(key)) throw forbidden(where, key);
    assertSafeValue(value[key], where, depth + 1);
  }
}

/**
 * Throws for a lookup or update key part that could smuggle an operator or pollute a prototype.
 *
 * @example
 * assertSafeKeyPart('__proto__', 'name____proto__', 'User'); // throws InvalidQueryError
 */
export function assertSafeKeyPart(part: string, key: string, owner: string): void {
  // A dotted part ('name.$ne') is sent as a path by open (dynamic) fields, so check each
  // segment; an empty one ('a.' from 'a.__proto__') would hide a split key.
  const segments = part.split('.');
  if (
    segments.some(
      (seg) => PROTOTYPE_KEYS.has(seg) || seg.startsWith('$') || (segments.length > 1 && seg === ''),
    )
  ) {
    throw new InvalidQueryError(
      `Invalid key '${key}' on ${owner}: '${part}' cannot name a field. Use raw() for raw MongoDB operators.`,
    );
  }
}
