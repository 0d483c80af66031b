import type { Code, ObjectId } from 'bson';
import { binaryParts, objectEntries, regexParts, stringOf, typeRank, TypeRank } from './bson-types.js';
import type { StringComparator } from './collation.js';
import { compareNumbers } from './compare-numbers.js';

export { bsonTypeName, isPlainDocument, objectEntries, typeRank, TypeRank } from './bson-types.js';
export { canonicalKey } from './canonical-key.js';
export { cloneValue } from './clone-value.js';
export { isNumber } from './compare-numbers.js';

/**
 * Compares two strings by UTF-8 byte order (MongoDB's simple binary collation), which is code
 * point order; JS's `<` compares UTF-16 units and misplaces astral characters.
 *
 * @example
 * ```ts
 * compareStrings('\uFFFF', '😀'); // -1 (JS's `<` says the opposite)
 * ```
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Surrogates (astral code points) must sort above U+E000–U+FFFF.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareObjects(a: object, b: object, strings?: StringComparator): number {
  const ea = objectEntries(a);
  const eb = objectEntries(b);
  const n = Math.min(ea.length, eb.length);
  for (let i = 0; i < n; i++) {
    const [ka, va] = ea[i] as [string, unknown];
    const [kb, vb] = eb[i] as [string, unknown];
    // MongoDB compares element by element: canonical type, then field name, then value.
    const ra = typeRank(va);
    const rb = typeRank(vb);
    if (ra !== rb) return ra < rb ? -1 : 1;
    const byName = compareStrings(ka, kb);
    if (byName !== 0) return byName;
    const byValue = compareSameRank(ra, va, vb, strings);
    if (byValue !== 0) return byValue;
  }
  return ea.length < eb.length ? -1 : ea.length > eb.length ? 1 : 0;
}

function compareArrays(a: readonly unknown[], b: readonly unknown[], strings?: StringComparator): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i], strings);
    if (c !== 0) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareSameRank(rank: number, a: unknown, b: unknown, strings?: StringComparator): number {
  switch (rank) {
    case TypeRank.minKey:
    case TypeRank.maxKey:
    case TypeRank.nullish:
      return 0;
    case TypeRank.number:
      return compareNumbers(a, b);
    case TypeRank.string:
      return (strings ?? compareStrings)(stringOf(a), stringOf(b));
    case TypeRank.object:
      return compareObjects(a as object, b as object, strings);
    case TypeRank.array:
      return compareArrays(a as unknown[], b as unknown[], strings);
    case TypeRank.binData: {
      const x = binaryParts(a);
      const y = binaryParts(b);
      if (x.bytes.length !== y.bytes.length) return x.bytes.length < y.bytes.length ? -1 : 1;
      if (x.subtype !== y.subtype) return x.subtype < y.subtype ? -1 : 1;
      return compareBytes(x.bytes, y.bytes);
    }
    case TypeRank.objectId:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case TypeRank.bool:
      return a === b ? 0 : a === false ? -1 : 1;
    case TypeRank.date: {
      const x = (a as Date).getTime();
      const y = (b as Date).getTime();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TypeRank.timestamp: {
      const x = a as { t: number; i: number };
      const y = b as { t: number; i: number };
      if (x.t !== y.t) return x.t < y.t ? -1 : 1;
      return x.i < y.i ? -1 : x.i > y.i ? 1 : 0;
    }
    case TypeRank.regex: {
      const x = regexParts(a);
      const y = regexParts(b);
      return compareStrings(x.pattern, y.pattern) || compareStrings(x.flags, y.flags);
    }
    case TypeRank.javascript:
    case TypeRank.javascriptWithScope: {
      const x = a as Code;
      const y = b as Code;
      const byCode = compareStrings(String(x.code), String(y.code));
      if (byCode !== 0 || rank === TypeRank.javascript) return byCode;
      return compareObjects(x.scope ?? {}, y.scope ?? {});
    }
    default:
      return 0;
  }
}

/**
 * Compares two values in MongoDB's BSON order: first by canonical type (MinKey < null/missing <
 * numbers < strings < objects < arrays < binData < ObjectId < bool < date < timestamp < regex <
 * code < MaxKey), then by value. Numbers compare by exact value across types.
 *
 * @example
 * ```ts
 * compareValues(new Int32(1), new Double(1.0)); // 0
 * compareValues(null, 0); // -1
 * compareValues('a', {}); // -1
 * compareValues('a', 'A', parseCollation({ locale: 'en', strength: 2 })?.compareStrings); // 0
 * ```
 *
 * `strings` replaces the binary string order (a collation); field names are always binary.
 */
export function compareValues(a: unknown, b: unknown, strings?: StringComparator): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  return compareSameRank(ra, a, b, strings);
}

/**
 * MongoDB equality: numbers by value across types, strings equal to symbols, null equal to
 * missing, objects field by field in order.
 *
 * @example
 * ```ts
 * valuesEqual(new Long(1), Decimal128.fromString('1.0')); // true
 * valuesEqual({ a: 1, b: 2 }, { b: 2, a: 1 }); // false
 * ```
 *
 * `strings` replaces the binary string equality (a collation).
 */
export function valuesEqual(a: unknown, b: unknown, strings?: StringComparator): boolean {
  if (a === b) return true;
  const ra = typeRank(a);
  if (ra !== typeRank(b)) return false;
  return compareSameRank(ra, a, b, strings) === 0;
}
