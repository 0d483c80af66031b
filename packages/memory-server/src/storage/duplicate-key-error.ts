import { Binary, BSONRegExp, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';

/**
 * Renders a value the way MongoDB's error messages print BSON (`"x"`, `ObjectId('…')`,
 * `{ a: 1 }`), for the `dup key: { … }` part of an E11000 message.
 *
 * @example
 * ```ts
 * formatValue({ a: 'x' }); // '{ a: "x" }'
 * ```
 */
export function formatValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Int32) return String(value.value);
  if (value instanceof Double)
    return Number.isInteger(value.value) ? `${String(value.value)}.0` : String(value.value);
  if (value instanceof Long) return value.toString();
  if (value instanceof Decimal128) return `${value.toString()}`;
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${String(value.getTime())})`;
  if (value instanceof BSONRegExp) return `/${value.pattern}/${value.options}`;
  if (value instanceof Timestamp) return `Timestamp(${String(value.high)}, ${String(value.low)})`;
  if (value instanceof Binary)
    return `BinData(${String(value.sub_type)}, ${Buffer.from(value.buffer).toString('hex').toUpperCase()})`;
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(formatValue).join(', ')} ]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Doc);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')} }`;
  }
  return String(value);
}

/**
 * The E11000 error MongoDB raises for a unique index violation, with `keyPattern`/`keyValue`
 * (the driver copies them onto `MongoServerError`).
 *
 * @example
 * ```ts
 * duplicateKeyError('db.users', 'email_1', { email: 1 }, ['a@b.c']).message;
 * // 'E11000 duplicate key error collection: db.users index: email_1 dup key: { email: "a@b.c" }'
 * ```
 */
export function duplicateKeyError(
  ns: string,
  indexName: string,
  keyPattern: Doc,
  values: readonly unknown[],
): ServerError {
  const keyValue: Doc = {};
  Object.keys(keyPattern).forEach((field, position) => {
    const value = values[position];
    keyValue[field] = value === undefined ? null : value;
  });
  const message = `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${formatValue(keyValue)}`;
  return new ServerError('DuplicateKey', message, { extra: { keyPattern, keyValue } });
}
