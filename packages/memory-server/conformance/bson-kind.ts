import type { BsonTypeName } from '../src/query/type-names.js';

/** The `$$type` names of the unified test format (MongoDB's `$type` aliases). */
export type BsonKind = Exclude<BsonTypeName, 'missing'>;

const BSONTYPE_KINDS: Record<string, BsonKind> = {
  ObjectId: 'objectId',
  ObjectID: 'objectId',
  Binary: 'binData',
  Long: 'long',
  Int32: 'int',
  Double: 'double',
  Decimal128: 'decimal',
  Timestamp: 'timestamp',
  BSONRegExp: 'regex',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  BSONSymbol: 'symbol',
  Symbol: 'symbol',
  DBRef: 'object',
  DBPointer: 'dbPointer',
};

/**
 * The BSON kinds a value may have. Results come back from the driver with promoted values, so a
 * JS integer may have been an int32, an int64 or an integral double on the wire: all three are
 * returned for it, and the `$$type` check accepts any of them.
 *
 * @example
 * bsonKinds(5); // ['int', 'long', 'double']
 */
export function bsonKinds(value: unknown): BsonKind[] {
  if (value === undefined) return ['undefined'];
  if (value === null) return ['null'];
  if (typeof value === 'number') {
    if (Number.isInteger(value)) {
      return Math.abs(value) <= 2147483647 ? ['int', 'long', 'double'] : ['long', 'double'];
    }
    return ['double'];
  }
  if (typeof value === 'bigint') return ['long'];
  if (typeof value === 'string') return ['string'];
  if (typeof value === 'boolean') return ['bool'];
  if (value instanceof Date) return ['date'];
  if (value instanceof RegExp) return ['regex'];
  if (Array.isArray(value)) return ['array'];
  if (value instanceof Uint8Array) return ['binData'];
  if (typeof value === 'object') {
    const tag = (value as { _bsontype?: unknown })._bsontype;
    if (typeof tag === 'string') {
      if (tag === 'Code')
        return (value as { scope?: unknown }).scope ? ['javascriptWithScope'] : ['javascript'];
      const kind = BSONTYPE_KINDS[tag];
      if (kind) return [kind];
    }
    return ['object'];
  }
  return ['object'];
}

/** Kinds that count as `'number'` for `$$type`. */
const NUMBER_KINDS: ReadonlySet<BsonKind> = new Set(['int', 'long', 'double', 'decimal']);

/**
 * Whether a value has one of the given `$$type` names (`'number'` means any numeric kind).
 *
 * @example
 * hasBsonType(new Long(1), ['int', 'long']); // true
 */
export function hasBsonType(value: unknown, names: readonly string[]): boolean {
  const kinds = bsonKinds(value);
  return names.some((name) =>
    name === 'number' ? kinds.some((k) => NUMBER_KINDS.has(k)) : kinds.includes(name as BsonKind),
  );
}

/**
 * The numeric value of a number-like value (JS number, bigint, Int32, Double, Long, Decimal128),
 * or `undefined` for anything else. Decimal128 goes through its string form, which is enough for
 * comparing test values.
 *
 * @example
 * numericValue(Long.fromNumber(3)); // 3
 */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === null || typeof value !== 'object') return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  switch (tag) {
    case 'Int32':
    case 'Double':
      return (value as { value: number }).value;
    case 'Long':
      return (value as { toNumber(): number }).toNumber();
    case 'Decimal128':
      return Number.parseFloat(String(value));
    default:
      return undefined;
  }
}

/**
 * Whether a value is a plain document (not an array, not a BSON value class, not a Date/Buffer).
 *
 * @example
 * isPlainDocument({ a: 1 }); // true
 */
export function isPlainDocument(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value) || value instanceof Date || value instanceof RegExp || value instanceof Uint8Array)
    return false;
  if (value instanceof Map) return false;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag !== 'string';
}
