import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import type { Collation, StringComparator } from './collation.js';
import { compareValues, isNumber, isPlainDocument } from './compare.js';
import { exactJsNumber } from './compare-numbers.js';
import { getField, splitPath, walkPath } from './path.js';
import { textScoreOf } from './text-score.js';

/** The sort key of an empty array: below null and missing, above MinKey (MongoDB's order). */
const EMPTY_ARRAY: unique symbol = Symbol('emptyArray');

interface SortKey {
  readonly parts: readonly string[] | undefined;
  readonly direction: 1 | -1;
}

function compareKeys(a: unknown, b: unknown, strings?: StringComparator): number {
  if (a === EMPTY_ARRAY || b === EMPTY_ARRAY) {
    if (a === b) return 0;
    const other = a === EMPTY_ARRAY ? b : a;
    // Only MinKey (the one value below null) sorts below an empty array.
    const emptyVsOther = compareValues(other, null) < 0 ? 1 : -1;
    return a === EMPTY_ARRAY ? emptyVsOther : -emptyVsOther;
  }
  return compareValues(a, b, strings);
}

/**
 * The sort key of one document for one path: across every value the path reaches (arrays
 * expanded), the smallest for an ascending key and the largest for a descending one.
 */
function extractKey(
  doc: Doc,
  parts: readonly string[],
  direction: 1 | -1,
  strings?: StringComparator,
): unknown {
  if (parts.length === 1) {
    const value = getField(doc, parts[0] as string);
    if (!Array.isArray(value)) return value ?? null;
  }
  let best: unknown;
  let found = false;
  const consider = (candidate: unknown): void => {
    if (!found || compareKeys(candidate, best, strings) * direction < 0) {
      best = candidate;
      found = true;
    }
  };
  walkPath(doc, parts, 0, undefined, (value) => {
    if (Array.isArray(value)) {
      if (value.length === 0) consider(EMPTY_ARRAY);
      for (const element of value as unknown[]) consider(element ?? null);
    } else {
      consider(value ?? null);
    }
    return false;
  });
  return found ? best : null;
}

const KNOWN_META = new Set([
  'randVal',
  'searchScore',
  'searchHighlights',
  'geoNearDistance',
  'geoNearPoint',
  'indexKey',
  'recordId',
  'sortKey',
]);

function parseDirection(key: string, value: unknown): SortKey {
  if (key === '') throw new ServerError('Location40352', 'FieldPath cannot be constructed with empty string');
  if (key.startsWith('$')) {
    throw new ServerError(
      { code: 16410, codeName: 'Location16410' },
      "FieldPath field names may not start with '$'.",
    );
  }
  if (isPlainDocument(value)) {
    const meta = value['$meta'];
    if (Object.keys(value).length !== 1 || meta === undefined) {
      throw new ServerError(
        { code: 17312, codeName: 'Location17312' },
        '$meta is the only expression supported by $sort right now',
      );
    }
    if (meta !== 'textScore') {
      if (typeof meta === 'string' && KNOWN_META.has(meta)) {
        throw new ServerError('BadValue', `$meta sort by '${meta}' is not supported by the memory server`);
      }
      throw new ServerError(
        { code: 31138, codeName: 'Location31138' },
        `Illegal $meta sort: $meta: ${JSON.stringify(meta)}`,
      );
    }
    // Text scores always sort from the best match down.
    return { parts: undefined, direction: -1 };
  }
  if (!isNumber(value)) {
    throw new ServerError(
      'Location15974',
      `Illegal key in $sort specification: ${key}: ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  const n = exactJsNumber(value) ?? Number(String(value));
  if (n !== 1 && n !== -1) {
    throw new ServerError(
      { code: 15975, codeName: 'Location15975' },
      '$sort key ordering must be 1 (for ascending) or -1 (for descending)',
    );
  }
  return { parts: splitPath(key), direction: n };
}

/**
 * Compiles a sort specification (`{ a: 1, 'b.c': -1 }`, `{ score: { $meta: 'textScore' } }`) into
 * a comparator. Missing fields sort as null; an array sorts by its smallest element ascending and
 * its largest descending; ties return 0 so a stable sort keeps input order. Sort keys are cached
 * per document for the life of the comparator.
 *
 * @example
 * ```ts
 * docs.sort(compileSort({ age: -1, name: 1 }));
 * docs.sort(compileSort({ name: 1 }, { collation: parseCollation({ locale: 'en' }) })); // 'a' < 'B' < 'c'
 * ```
 */
export function compileSort(
  spec: Doc,
  options: { collation?: Collation | undefined } = {},
): (a: Doc, b: Doc) => number {
  const strings = options.collation?.compareStrings;
  if (!isPlainDocument(spec)) throw new ServerError('BadValue', 'sort must be an object');
  // `$natural` asks for storage order, which the caller's input order already is (a caller
  // handling `{$natural: -1}` reverses its input; see naturalSortDirection).
  const keys = Object.entries(spec)
    .filter(([key]) => key !== '$natural')
    .map(([key, value]) => parseDirection(key, value));
  if (keys.length === 0) return () => 0;
  const cache = new WeakMap<Doc, unknown[]>();
  const keysOf = (doc: Doc): unknown[] => {
    let values = cache.get(doc);
    if (values === undefined) {
      values = keys.map((k) =>
        k.parts ? extractKey(doc, k.parts, k.direction, strings) : (textScoreOf(doc) ?? null),
      );
      cache.set(doc, values);
    }
    return values;
  };
  return (a, b) => {
    if (a === b) return 0;
    const ka = keysOf(a);
    const kb = keysOf(b);
    for (let i = 0; i < keys.length; i++) {
      const c = compareKeys(ka[i], kb[i], strings);
      if (c !== 0) return c * (keys[i] as SortKey).direction;
    }
    return 0;
  };
}

/**
 * The `$natural` direction of a sort specification (`1`, `-1`), or `undefined` when absent. The
 * comparator from {@link compileSort} ignores `$natural`; a caller that sees `-1` reverses its
 * documents before sorting.
 *
 * @example
 * ```ts
 * naturalSortDirection({ $natural: -1 }); // -1
 * ```
 */
export function naturalSortDirection(spec: Doc): 1 | -1 | undefined {
  if (!Object.hasOwn(spec, '$natural')) return undefined;
  const value = spec['$natural'];
  const n = isNumber(value) ? exactJsNumber(value) : undefined;
  if (n !== 1 && n !== -1) {
    throw new ServerError(
      { code: 15975, codeName: 'Location15975' },
      '$natural sort key ordering must be 1 (for ascending) or -1 (for descending)',
    );
  }
  return n;
}
