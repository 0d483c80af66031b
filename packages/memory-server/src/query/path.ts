import { DBRef } from 'bson';
import type { Doc } from '../bson.js';
import { isPlainDocument } from './compare.js';

const splitCache = new Map<string, readonly string[]>();

/**
 * Splits a dotted path into its components (cached: the same paths are split again and again).
 *
 * @example
 * ```ts
 * splitPath('a.b.0'); // ['a', 'b', '0']
 * ```
 */
export function splitPath(path: string): readonly string[] {
  let parts = splitCache.get(path);
  if (parts === undefined) {
    parts = Object.freeze(path.split('.'));
    if (splitCache.size > 10_000) splitCache.clear();
    splitCache.set(path, parts);
  }
  return parts;
}

/**
 * Whether a path component is an array index (`'0'`, `'12'`; not `'01'` or `'-1'`).
 *
 * @example
 * ```ts
 * isArrayIndex('3'); // true
 * isArrayIndex('03'); // false
 * ```
 */
export function isArrayIndex(part: string): boolean {
  if (part.length === 0 || part.length > 9) return false;
  if (part.length > 1 && part.charCodeAt(0) === 48) return false;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Whether a value is a document a dotted path can step into: a plain object or a `DBRef`
 * (so `{ 'author.$id': id }` works on stored references).
 *
 * @example
 * ```ts
 * isTraversable({ a: 1 }); // true
 * isTraversable([1]); // false
 * ```
 */
export function isTraversable(value: unknown): value is object {
  return isPlainDocument(value) || value instanceof DBRef;
}

/**
 * Reads one field of a document (or of a `DBRef`'s `{ $ref, $id, $db }` form); `undefined` when absent.
 *
 * @example
 * ```ts
 * getField(new DBRef('users', id), '$id'); // id
 * ```
 */
export function getField(value: object, key: string): unknown {
  if (value instanceof DBRef) {
    if (key === '$ref') return value.collection;
    if (key === '$id') return value.oid;
    if (key === '$db') return value.db;
    return Object.hasOwn(value.fields, key) ? (value.fields as Doc)[key] : undefined;
  }
  return Object.hasOwn(value, key) ? (value as Doc)[key] : undefined;
}

/**
 * Called for every value a path reaches. `value` is `undefined` where the path is missing;
 * `position` is the index in the first array traversed, if any (for the positional `$`).
 * Returning `true` stops the walk.
 */
export type PathVisitor = (value: unknown, position: number | undefined) => boolean;

/**
 * Walks a split path with MongoDB's matching semantics: arrays met before the last component are
 * traversed element by element (documents only; a numeric component also indexes the array);
 * a missing field or a scalar met mid-path reports `undefined`, while an array without documents
 * reports nothing (MongoDB 7.0 semantics). The leaf value itself is not expanded. Returns `true`
 * if the visitor stopped the walk.
 *
 * @example
 * ```ts
 * const seen: unknown[] = [];
 * walkPath({ a: [{ b: 1 }, { c: 2 }] }, ['a', 'b'], 0, undefined, (v) => { seen.push(v); return false; });
 * // seen: [1, undefined]
 * ```
 */
export function walkPath(
  value: unknown,
  parts: readonly string[],
  index: number,
  position: number | undefined,
  visit: PathVisitor,
): boolean {
  let current = value;
  let i = index;
  // Plain-document steps are a loop; only arrays recurse.
  while (i < parts.length) {
    const key = parts[i] as string;
    if (Array.isArray(current)) return walkArray(current, parts, i, position, visit);
    if (!isTraversable(current)) return visit(undefined, position);
    current = getField(current, key);
    i += 1;
  }
  return visit(current, position);
}

function walkArray(
  array: readonly unknown[],
  parts: readonly string[],
  i: number,
  position: number | undefined,
  visit: PathVisitor,
): boolean {
  const key = parts[i] as string;
  if (isArrayIndex(key)) {
    const idx = Number(key);
    if (idx < array.length && walkPath(array[idx], parts, i + 1, position, visit)) return true;
    // A numeric component also names a field of embedded documents (`{a: [{'0': x}]}`), but a
    // document without that field is not a "missing" hit: the index already answered.
    for (let j = 0; j < array.length; j++) {
      const element = array[j];
      if (!isTraversable(element)) continue;
      const child = getField(element, key);
      if (child !== undefined && walkPath(child, parts, i + 1, position ?? j, visit)) return true;
    }
    return false;
  }
  for (let j = 0; j < array.length; j++) {
    const element = array[j];
    // Scalars and arrays nested directly in arrays yield nothing for a field name, not even
    // "missing": in MongoDB 7.0 `{'a.b': null}` does not match `{a: [1]}` or `{a: []}`.
    if (!isTraversable(element)) continue;
    if (walkPath(getField(element, key), parts, i + 1, position ?? j, visit)) return true;
  }
  return false;
}

/**
 * Every value a dotted path reaches: arrays along the path are traversed, and a leaf array is
 * expanded into its elements (what a multikey index stores). Missing paths contribute nothing, so
 * `[]` means "missing or empty array" (index it as `null`). Pass `{ expandLeafArrays: false }` to
 * get leaf arrays whole.
 *
 * @example
 * ```ts
 * getPathValues({ a: [{ b: 1 }, { b: [2, 3] }, {}] }, 'a.b'); // [1, 2, 3]
 * getPathValues({ a: [1, 2] }, 'a', { expandLeafArrays: false }); // [[1, 2]]
 * ```
 */
export function getPathValues(
  doc: Doc,
  path: string,
  options: { expandLeafArrays?: boolean } = {},
): unknown[] {
  const expand = options.expandLeafArrays ?? true;
  const out: unknown[] = [];
  walkPath(doc, splitPath(path), 0, undefined, (value) => {
    if (value === undefined) return false;
    if (expand && Array.isArray(value)) out.push(...(value as unknown[]));
    else out.push(value);
    return false;
  });
  return out;
}

/**
 * The single value at a dotted path, without array traversal except explicit numeric indexes
 * (what `$project` inclusion, `_id` extraction and sort-free lookups need); `undefined` if absent.
 *
 * @example
 * ```ts
 * getPathValue({ a: { b: [5, 6] } }, 'a.b.1'); // 6
 * getPathValue({ a: [{ b: 1 }] }, 'a.b'); // undefined
 * ```
 */
export function getPathValue(doc: Doc, path: string): unknown {
  let current: unknown = doc;
  for (const key of splitPath(path)) {
    if (Array.isArray(current)) {
      if (!isArrayIndex(key)) return undefined;
      current = (current as unknown[])[Number(key)];
    } else if (isTraversable(current)) {
      current = getField(current, key);
    } else {
      return undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}
