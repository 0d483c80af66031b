import {
  Binary,
  BSONRegExp,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson';
import type { Doc } from '../../bson.js';
import { valuesEqual } from '../compare.js';
import { numberKind } from './arithmetic.js';

/** Marks a path that does not exist in the document. */
export const MISSING: unique symbol = Symbol('missing');
/** Returned by an update node that leaves its value unchanged (MongoDB's "no-op"). */
export const NOOP: unique symbol = Symbol('noop');
/** Returned by an update node that removes its field (`$unset`, the source of `$rename`). */
export const REMOVE: unique symbol = Symbol('remove');

/**
 * Whether a value is a BSON embedded document (a plain object, not an array, date or BSON wrapper).
 *
 * @example
 * ```ts
 * isPlainObject({ a: 1 }); // true
 * isPlainObject(new ObjectId()); // false
 * ```
 */
export function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether a path component is a canonical array index (`"0"`, `"12"`; not `"01"`).
 *
 * @example
 * ```ts
 * isIndexPart('3'); // true
 * ```
 */
export function isIndexPart(part: string): boolean {
  return /^(0|[1-9]\d*)$/.test(part);
}

function numberBits(value: unknown): string {
  const kind = numberKind(value);
  if (kind === 'decimal' || kind === 'long') return (value as Decimal128 | Long).toString();
  const n = typeof value === 'number' ? value : (value as Int32 | Double).value;
  if (Number.isNaN(n)) return 'NaN';
  return Object.is(n, -0) ? '-0' : String(n);
}

/**
 * Binary identity of two BSON values: same type, same bytes (MongoDB's `binaryEqualValues`, used to
 * decide that a `$set` or `$inc` is a no-op). `1` and `1.0` are *not* identical; field order matters.
 *
 * @example
 * ```ts
 * identical(new Int32(1), new Int32(1)); // true
 * identical(new Int32(1), new Double(1)); // false
 * ```
 */
export function identical(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = numberKind(a);
  const tb = numberKind(b);
  if (ta !== undefined || tb !== undefined) return ta === tb && numberBits(a) === numberBits(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => identical(item, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k, i) => kb[i] === k && identical(a[k], b[k]));
  }
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Binary && b instanceof Binary && a.sub_type !== b.sub_type) return false;
  return valuesEqual(a, b);
}

function formatString(s: string): string {
  return JSON.stringify(s);
}

/**
 * Renders a value the way MongoDB's `BSONElement::toString` does in error messages
 * (`{ a: 1, b: "x" }`, `[ 1, 2 ]`, `ObjectId('…')`).
 *
 * @example
 * ```ts
 * formatValue({ a: 1, b: 'x' }); // '{ a: 1, b: "x" }'
 * ```
 */
export function formatValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return formatString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (value instanceof Int32) return String(value.value);
  if (value instanceof Double) {
    const n = value.value;
    return Number.isInteger(n) ? `${n}.0` : String(n);
  }
  if (value instanceof Long) return value.toString();
  if (value instanceof Decimal128) return value.toString();
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof Timestamp) return `Timestamp(${value.high}, ${value.low})`;
  if (value instanceof BSONRegExp) return `/${value.pattern}/${value.options}`;
  if (value instanceof RegExp) return String(value);
  if (value instanceof MinKey) return 'MinKey';
  if (value instanceof MaxKey) return 'MaxKey';
  if (value instanceof Code) return value.code;
  if (value instanceof Binary)
    return `BinData(${value.sub_type}, ${Buffer.from(value.buffer).toString('hex')})`;
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[ ${value.map((v) => formatValue(v)).join(', ')} ]`;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    return `{ ${keys.map((k) => `${k}: ${formatValue(value[k])}`).join(', ')} }`;
  }
  return String(value);
}

/**
 * `name: value`, as MongoDB prints one element.
 *
 * @example
 * ```ts
 * formatElement('a', 'x'); // 'a: "x"'
 * ```
 */
export function formatElement(name: string, value: unknown): string {
  return `${name}: ${formatValue(value)}`;
}

/**
 * `_id: 1` of a document for error messages, or `no id`.
 *
 * @example
 * ```ts
 * formatId({ _id: 1 }); // '_id: 1'
 * ```
 */
export function formatId(doc: Doc): string {
  return '_id' in doc ? formatElement('_id', doc['_id']) : 'no id';
}

/**
 * Sets an own data property, even for the key `__proto__` (a plain assignment would change the
 * object's prototype instead of storing a field).
 *
 * @example
 * ```ts
 * setOwn(doc, '__proto__', 1); // doc has an own field named "__proto__"
 * ```
 */
export function setOwn(target: Doc, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
