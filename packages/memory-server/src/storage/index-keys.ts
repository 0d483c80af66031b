import type { Doc } from '../bson.js';
import { canonicalKey } from '../query/compare.js';

/** One entry an index holds for a document: the key tuple and its canonical string. */
export interface IndexKey {
  /** Canonical form of the whole tuple; equal tuples (by MongoDB equality) give equal strings. */
  readonly key: string;
  /** The value of each key field, in key-pattern order (`null` for a missing field). */
  readonly values: readonly unknown[];
}

function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function collect(value: unknown, parts: readonly string[], depth: number, out: unknown[]): void {
  if (depth === parts.length) {
    // A terminal array is indexed element by element (multikey); an empty one as `undefined`, as MongoDB does.
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      else for (const element of value) out.push(element);
    } else {
      out.push(value);
    }
    return;
  }
  const part = parts[depth] ?? '';
  if (Array.isArray(value)) {
    const position = /^\d+$/.test(part) ? Number(part) : undefined;
    if (position !== undefined && position < value.length) {
      collect(value[position], parts, depth + 1, out);
    }
    for (const element of value) {
      if (isPlainObject(element) && part in element) collect(element[part], parts, depth + 1, out);
    }
    return;
  }
  if (isPlainObject(value) && part in value) collect(value[part], parts, depth + 1, out);
}

/**
 * Every value an index on `path` holds for `doc`: arrays along the path are expanded, a missing
 * path gives no value (the caller decides between `null` and sparse omission).
 *
 * @example
 * ```ts
 * indexPathValues({ a: [{ b: 1 }, { b: 2 }] }, 'a.b'); // [1, 2]
 * ```
 */
export function indexPathValues(doc: Doc, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

/**
 * Canonical string of a key tuple; stable across numeric types because it goes through `canonicalKey`.
 *
 * @example
 * ```ts
 * tupleKey([new Int32(1)]) === tupleKey([1.0]); // true
 * ```
 */
export function tupleKey(values: readonly unknown[]): string {
  if (values.length === 1) return canonicalKey(values[0]);
  return values.map((value) => canonicalKey(value)).join('\u0000');
}

/**
 * The index keys of a document for an index over `fields` (cartesian product over multikey
 * fields, missing fields as `null`). Returns `[]` for a sparse index when every field is missing.
 *
 * @example
 * ```ts
 * indexKeysOf({ tags: ['x', 'y'] }, ['tags'], false).map((k) => k.values); // [['x'], ['y']]
 * ```
 */
export function indexKeysOf(doc: Doc, fields: readonly string[], sparse: boolean): IndexKey[] {
  const perField: unknown[][] = [];
  let present = 0;
  for (const field of fields) {
    const values = indexPathValues(doc, field);
    if (values.length > 0) present += 1;
    perField.push(values.length > 0 ? values : [null]);
  }
  if (sparse && present === 0) return [];
  let tuples: unknown[][] = [[]];
  for (const values of perField) {
    const next: unknown[][] = [];
    for (const tuple of tuples) for (const value of values) next.push([...tuple, value]);
    tuples = next;
  }
  const seen = new Set<string>();
  const keys: IndexKey[] = [];
  for (const values of tuples) {
    const key = tupleKey(values);
    if (seen.has(key)) continue;
    seen.add(key);
    keys.push({ key, values });
  }
  return keys;
}
