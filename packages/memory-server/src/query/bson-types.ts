import { DBRef, type Binary, type Code } from 'bson';
import type { Doc } from '../bson.js';
import type { BsonTypeName } from './type-names.js';

/**
 * MongoDB's canonical BSON type order ("Comparison/Sort Order"): values of different canonical
 * types compare by this rank alone. Numbers share one rank, as do strings and symbols.
 */
export const TypeRank = {
  minKey: 0,
  nullish: 2,
  number: 3,
  string: 4,
  object: 5,
  array: 6,
  binData: 7,
  objectId: 8,
  bool: 9,
  date: 10,
  timestamp: 11,
  regex: 12,
  javascript: 14,
  javascriptWithScope: 15,
  maxKey: 16,
} as const;

/**
 * The `_bsontype` tag of a BSON value class instance, if any.
 *
 * @example
 * ```ts
 * bsontype(new Int32(1)); // 'Int32'
 * ```
 */
export function bsontype(value: object): string | undefined {
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/**
 * The canonical sort rank of a value (see {@link TypeRank}); `undefined` (missing) ranks as null.
 *
 * @example
 * ```ts
 * typeRank(new Int32(1)) === typeRank(Decimal128.fromString('2')); // true
 * ```
 */
export function typeRank(value: unknown): number {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return TypeRank.number;
    case 'string':
      return TypeRank.string;
    case 'boolean':
      return TypeRank.bool;
    case 'undefined':
      return TypeRank.nullish;
    case 'function':
      return TypeRank.javascript;
    case 'symbol':
      return TypeRank.nullish;
    case 'object':
      break;
  }
  if (value === null) return TypeRank.nullish;
  switch (bsontype(value)) {
    case undefined:
      if (Array.isArray(value)) return TypeRank.array;
      if (value instanceof Date) return TypeRank.date;
      if (value instanceof RegExp) return TypeRank.regex;
      if (value instanceof Uint8Array) return TypeRank.binData;
      return TypeRank.object;
    case 'DBRef':
      return TypeRank.object;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return TypeRank.number;
    case 'BSONSymbol':
      return TypeRank.string;
    case 'Binary':
      return TypeRank.binData;
    case 'ObjectId':
      return TypeRank.objectId;
    case 'Timestamp':
      return TypeRank.timestamp;
    case 'BSONRegExp':
      return TypeRank.regex;
    case 'Code':
      return (value as Code).scope ? TypeRank.javascriptWithScope : TypeRank.javascript;
    case 'MinKey':
      return TypeRank.minKey;
    case 'MaxKey':
      return TypeRank.maxKey;
    default:
      return TypeRank.object;
  }
}

/**
 * The BSON type name of a value, as `$type` reports it. A bare JS integer in int32 range is an
 * `'int'`, any other JS number a `'double'`; `undefined` is `'missing'`.
 *
 * @example
 * ```ts
 * bsonTypeName(new Long(1)); // 'long'
 * bsonTypeName(3.5); // 'double'
 * ```
 */
export function bsonTypeName(value: unknown): BsonTypeName {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 && !Object.is(value, -0)
        ? 'int'
        : 'double';
    case 'bigint':
      return 'long';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'undefined':
      return 'missing';
    case 'function':
      return 'javascript';
    case 'symbol':
      return 'undefined';
    case 'object':
      break;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (value instanceof Uint8Array) return 'binData';
  switch (bsontype(value)) {
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'BSONSymbol':
      return 'symbol';
    case 'Binary':
      return 'binData';
    case 'ObjectId':
      return 'objectId';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'Code':
      return (value as Code).scope ? 'javascriptWithScope' : 'javascript';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    default:
      return 'object';
  }
}

/**
 * The text of a string or BSON symbol.
 *
 * @example
 * ```ts
 * stringOf(new BSONSymbol('a')); // 'a'
 * ```
 */
export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : String((value as { value: unknown }).value);
}

/**
 * The bytes and subtype of a binData value.
 *
 * @example
 * ```ts
 * binaryParts(new Binary(bytes, 4)).subtype; // 4
 * ```
 */
export function binaryParts(value: unknown): { bytes: Uint8Array; subtype: number } {
  if (value instanceof Uint8Array) return { bytes: value, subtype: 0 };
  const bin = value as Binary;
  return { bytes: bin.buffer.subarray(0, bin.position), subtype: bin.sub_type };
}

/**
 * The pattern and flags of a `BSONRegExp` or JS `RegExp`.
 *
 * @example
 * ```ts
 * regexParts(/a/i); // { pattern: 'a', flags: 'i' }
 * ```
 */
export function regexParts(value: unknown): { pattern: string; flags: string } {
  if (value instanceof RegExp) return { pattern: value.source, flags: value.flags };
  const re = value as { pattern: string; options: string };
  return { pattern: re.pattern, flags: re.options };
}

/**
 * The fields of an object-typed value in BSON order; a `DBRef` is the `{ $ref, $id, $db? }`
 * document it is stored as.
 *
 * @example
 * ```ts
 * objectEntries(new DBRef('users', id)); // [['$ref', 'users'], ['$id', id]]
 * ```
 */
export function objectEntries(value: object): [string, unknown][] {
  if (value instanceof DBRef) {
    const entries: [string, unknown][] = [
      ['$ref', value.collection],
      ['$id', value.oid],
    ];
    if (value.db) entries.push(['$db', value.db]);
    for (const [k, v] of Object.entries(value.fields)) entries.push([k, v]);
    return entries;
  }
  return Object.entries(value);
}

/**
 * Whether a value is a plain document (not an array, Date, regex, binary or BSON value class).
 *
 * @example
 * ```ts
 * isPlainDocument({ a: 1 }); // true
 * isPlainDocument(new ObjectId()); // false
 * ```
 */
export function isPlainDocument(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (value instanceof Date || value instanceof RegExp || value instanceof Uint8Array) return false;
  return bsontype(value) === undefined;
}
