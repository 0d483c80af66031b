/**
 * BSON type names and numeric codes as MongoDB spells them (the `$type` query operator and the
 * `$type` aggregation expression use these).
 */

/** A BSON type name as returned by {@link bsonTypeName} in `compare.ts`. */
export type BsonTypeName =
  | 'double'
  | 'string'
  | 'object'
  | 'array'
  | 'binData'
  | 'undefined'
  | 'objectId'
  | 'bool'
  | 'date'
  | 'null'
  | 'regex'
  | 'dbPointer'
  | 'javascript'
  | 'symbol'
  | 'javascriptWithScope'
  | 'int'
  | 'timestamp'
  | 'long'
  | 'decimal'
  | 'minKey'
  | 'maxKey'
  | 'missing';

/**
 * The numeric BSON type code of every type name.
 *
 * @example
 * ```ts
 * BSON_TYPE_CODES.get('int'); // 16
 * ```
 */
export const BSON_TYPE_CODES: ReadonlyMap<string, number> = new Map([
  ['double', 1],
  ['string', 2],
  ['object', 3],
  ['array', 4],
  ['binData', 5],
  ['undefined', 6],
  ['objectId', 7],
  ['bool', 8],
  ['date', 9],
  ['null', 10],
  ['regex', 11],
  ['dbPointer', 12],
  ['javascript', 13],
  ['symbol', 14],
  ['javascriptWithScope', 15],
  ['int', 16],
  ['timestamp', 17],
  ['long', 18],
  ['decimal', 19],
  ['minKey', -1],
  ['maxKey', 127],
]);

/**
 * The type name of every numeric BSON type code.
 *
 * @example
 * ```ts
 * BSON_TYPE_NAMES_BY_CODE.get(2); // 'string'
 * ```
 */
export const BSON_TYPE_NAMES_BY_CODE: ReadonlyMap<number, string> = new Map(
  [...BSON_TYPE_CODES].map(([name, code]) => [code, name]),
);

/** The four numeric type names that the `'number'` alias stands for. */
export const NUMERIC_TYPE_NAMES: ReadonlySet<string> = new Set(['double', 'int', 'long', 'decimal']);
