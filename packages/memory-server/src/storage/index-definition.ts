import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { canonicalKey } from '../query/compare.js';
import { geoIndexOptions } from './geo-index.js';
import { isTruthy, toNumber } from './numbers.js';
import { isTextIndexRequest, normalizeTextIndexSpec } from './text-index-spec.js';

/** Index types that are accepted and listed, but hold no equality entries (no unique checks, no lookups). */
const SPECIAL_TYPES = new Set(['text', '2dsphere', '2d', 'hashed', 'geoHaystack']);

/** Option fields of an index specification that MongoDB accepts (anything else is error 197). */
const ALLOWED_FIELDS = new Set([
  'key',
  'name',
  'v',
  'ns',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'hidden',
  'background',
  'collation',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'bits',
  'min',
  'max',
  'storageEngine',
  'wildcardProjection',
  'dropDups',
  'prepareUnique',
  'coarsestIndexedLevel',
  'finestIndexedLevel',
]);

/** Fields whose difference makes two indexes with the same key different (IndexOptionsConflict). */
const COMPARED_OPTIONS = [
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
  'hidden',
  'weights',
  'default_language',
  'language_override',
];

/** One index of a collection, as parsed and validated from a `createIndexes` specification. */
export interface IndexDefinition {
  readonly name: string;
  /** The key pattern exactly as given (field order matters). */
  readonly key: Doc;
  readonly fields: readonly string[];
  /** `true` for text/geo/hashed indexes: metadata only. */
  readonly special: boolean;
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly partialFilterExpression: Doc | undefined;
  readonly expireAfterSeconds: number | undefined;
  readonly hidden: boolean;
  /** The document `listIndexes` reports: `{ v: 2, key, name, ...options }`. */
  readonly spec: Doc;
}

/**
 * The name MongoDB generates for a key pattern: `field_value` pairs joined by `_`.
 *
 * @example
 * ```ts
 * defaultIndexName({ a: 1, b: -1 }); // 'a_1_b_-1'
 * ```
 */
export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([field, value]) => `${field}_${String(toNumber(value) ?? value)}`)
    .join('_');
}

function cannotCreate(message: string): ServerError {
  return new ServerError({ code: 67, codeName: 'CannotCreateIndex' }, message);
}

function validateKeyPattern(key: unknown): asserts key is Doc {
  if (key === null || typeof key !== 'object' || Array.isArray(key)) {
    throw new ServerError('TypeMismatch', "The field 'key' must be an object");
  }
  const entries = Object.entries(key as Doc);
  if (entries.length === 0) throw cannotCreate('Index keys cannot be an empty field.');
  for (const [field, value] of entries) {
    if (field === '') throw cannotCreate('Index key cannot be an empty field.');
    const n = toNumber(value);
    if (n !== undefined) {
      if (n === 0 || Number.isNaN(n)) {
        throw cannotCreate(`Values in the index key pattern can't be 0 or NaN: { ${field}: ${String(n)} }`);
      }
    } else if (typeof value !== 'string' || !SPECIAL_TYPES.has(value)) {
      throw cannotCreate(
        `Unknown index plugin '${String(value)}' in index { ${field}: ${JSON.stringify(value)} }`,
      );
    }
  }
}

/**
 * Validates one entry of `createIndexes.indexes` and turns it into an {@link IndexDefinition}.
 * Throws `ServerError` with MongoDB's codes (67 CannotCreateIndex, 197 InvalidIndexSpecificationOption, 14, 9).
 *
 * @example
 * ```ts
 * parseIndexSpec({ key: { email: 1 }, name: 'email_1', unique: true }).unique; // true
 * ```
 */
export function parseIndexSpec(requested: Doc): IndexDefinition {
  // Text indexes are stored under MongoDB's `{ _fts: 'text', _ftsx: 1 }` key with their options filled in.
  const raw = isTextIndexRequest(requested) ? normalizeTextIndexSpec(requested, defaultIndexName) : requested;
  for (const field of Object.keys(raw)) {
    if (!ALLOWED_FIELDS.has(field)) {
      throw new ServerError(
        'InvalidIndexSpecificationOption',
        `The field '${field}' is not valid for an index specification. Specification: ${JSON.stringify(raw)}`,
      );
    }
  }
  const key = raw['key'];
  validateKeyPattern(key);
  const name = raw['name'] === undefined ? defaultIndexName(key) : raw['name'];
  if (typeof name !== 'string' || name === '') {
    throw new ServerError('TypeMismatch', "The field 'name' must be a non-empty string");
  }
  const fields = Object.keys(key);
  const special = Object.values(key).some((value) => typeof value === 'string');
  const isIdIndex = fields.length === 1 && fields[0] === '_id';
  const partial = raw['partialFilterExpression'];
  if (partial !== undefined && (partial === null || typeof partial !== 'object' || Array.isArray(partial))) {
    throw new ServerError('TypeMismatch', "The field 'partialFilterExpression' must be an object");
  }
  const ttlRaw = raw['expireAfterSeconds'];
  let expireAfterSeconds: number | undefined;
  if (ttlRaw !== undefined) {
    const ttl = toNumber(ttlRaw);
    if (ttl === undefined || Number.isNaN(ttl) || ttl < 0) {
      throw new ServerError(
        { code: 67, codeName: 'CannotCreateIndex' },
        "TTL index 'expireAfterSeconds' option must be a non-negative number",
      );
    }
    expireAfterSeconds = ttl;
  }
  if (raw['sparse'] !== undefined && partial !== undefined) {
    throw new ServerError('BadValue', 'cannot mix "partialFilterExpression" and "sparse" options');
  }
  const unique = isIdIndex || isTruthy(raw['unique']);
  const sparse = isTruthy(raw['sparse']);
  const hidden = isTruthy(raw['hidden']);
  if (hidden && isIdIndex) throw new ServerError('BadValue', "can't hide _id index");
  const spec: Doc = { v: 2, key, name };
  const geoDefaults = geoIndexOptions(key, raw);
  for (const [field, value] of Object.entries(raw)) {
    if (field === 'key' || field === 'name' || field === 'v' || field === 'ns' || field === 'background')
      continue;
    if (field === 'unique' && isIdIndex) continue;
    if ((field === 'unique' || field === 'sparse' || field === 'hidden') && !isTruthy(value)) continue;
    spec[field] = field === 'unique' || field === 'sparse' || field === 'hidden' ? true : value;
  }
  Object.assign(spec, geoDefaults);
  return {
    name,
    key,
    fields,
    special,
    unique,
    sparse,
    partialFilterExpression: partial as Doc | undefined,
    expireAfterSeconds,
    hidden,
    spec,
  };
}

/**
 * The `_id_` index every collection has.
 *
 * @example
 * ```ts
 * idIndexDefinition().spec; // { v: 2, key: { _id: 1 }, name: '_id_' }
 * ```
 */
export function idIndexDefinition(): IndexDefinition {
  return parseIndexSpec({ key: { _id: 1 }, name: '_id_' });
}

/**
 * Whether two key patterns are the same (field order and values, numbers compared by value).
 *
 * @example
 * ```ts
 * sameKeyPattern({ a: 1 }, { a: new Double(1) }); // true
 * ```
 */
export function sameKeyPattern(a: Doc, b: Doc): boolean {
  return canonicalKey(a) === canonicalKey(b);
}

/**
 * Whether two definitions with the same key have the same options (else IndexOptionsConflict).
 *
 * @example
 * ```ts
 * sameIndexOptions(parseIndexSpec({ key: { a: 1 } }), parseIndexSpec({ key: { a: 1 }, unique: true })); // false
 * ```
 */
export function sameIndexOptions(a: IndexDefinition, b: IndexDefinition): boolean {
  return COMPARED_OPTIONS.every(
    (option) => canonicalKey(a.spec[option] ?? null) === canonicalKey(b.spec[option] ?? null),
  );
}
