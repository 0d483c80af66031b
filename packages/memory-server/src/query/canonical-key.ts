import type { Code, ObjectId } from 'bson';
import { binaryParts, objectEntries, regexParts, stringOf, typeRank, TypeRank } from './bson-types.js';
import { numberKey } from './compare-numbers.js';

/**
 * A string key such that `valuesEqual(a, b)` exactly when `canonicalKey(a) === canonicalKey(b)`
 * (`_id` maps, hash indexes, `distinct`, `$group` keys).
 *
 * @example
 * ```ts
 * canonicalKey(new Int32(1)) === canonicalKey(Decimal128.fromString('1.0')); // true
 * canonicalKey(-0) === canonicalKey(0); // true
 * ```
 */
export function canonicalKey(value: unknown): string {
  const rank = typeRank(value);
  switch (rank) {
    case TypeRank.minKey:
      return '-';
    case TypeRank.maxKey:
      return '+';
    case TypeRank.nullish:
      return 'z';
    case TypeRank.number:
      return `n${numberKey(value)}`;
    case TypeRank.string:
      return `s${JSON.stringify(stringOf(value))}`;
    case TypeRank.object: {
      let out = '{';
      for (const [k, v] of objectEntries(value as object)) out += `${JSON.stringify(k)}:${canonicalKey(v)},`;
      return `${out}}`;
    }
    case TypeRank.array: {
      let out = '[';
      for (const v of value as unknown[]) out += `${canonicalKey(v)},`;
      return `${out}]`;
    }
    case TypeRank.binData: {
      const { bytes, subtype } = binaryParts(value);
      return `b${subtype}:${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
    }
    case TypeRank.objectId:
      return `o${(value as ObjectId).toHexString()}`;
    case TypeRank.bool:
      return value === true ? 't' : 'f';
    case TypeRank.date:
      return `d${(value as Date).getTime()}`;
    case TypeRank.timestamp: {
      const ts = value as { t: number; i: number };
      return `T${ts.t}:${ts.i}`;
    }
    case TypeRank.regex: {
      const { pattern, flags } = regexParts(value);
      return `r${JSON.stringify(pattern)}/${flags}`;
    }
    case TypeRank.javascript:
      return `c${JSON.stringify(String((value as Code).code))}`;
    case TypeRank.javascriptWithScope:
      return `C${JSON.stringify(String((value as Code).code))}${canonicalKey((value as Code).scope ?? {})}`;
    default:
      return `?${String(value)}`;
  }
}
