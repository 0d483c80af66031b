import type { Doc } from '../bson.js';
import { isPlainDocument } from '../query/compare.js';

/**
 * A copy of `doc` with a dotted path set (intermediate documents created or copied; a
 * non-document in the way is replaced), for `$geoNear`'s `distanceField` and `includeLocs`.
 *
 * @example
 * ```ts
 * setPathValue({ a: 1 }, 'dist.calc', 5); // { a: 1, dist: { calc: 5 } }
 * ```
 */
export function setPathValue(doc: Doc, path: string, value: unknown): Doc {
  const [head, ...tail] = path.split('.');
  const key = head as string;
  if (tail.length === 0) return { ...doc, [key]: value };
  const child = doc[key];
  return { ...doc, [key]: setPathValue(isPlainDocument(child) ? child : {}, tail.join('.'), value) };
}
