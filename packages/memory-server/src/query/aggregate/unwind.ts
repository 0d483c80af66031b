import { Long } from 'bson';
import type { Doc } from '../../bson.js';
import { isDocument, typeName } from '../expression/evaluate.js';
import { fail } from '../expression/fail.js';
import type { StageFn } from './context.js';

/** Reads a dotted path through embedded documents only (as `$unwind` does). */
export function readDocPath(doc: Doc, parts: readonly string[]): unknown {
  let value: unknown = doc;
  for (const part of parts) {
    if (!isDocument(value)) return undefined;
    value = value[part];
  }
  return value;
}

/** A copy of `doc` with `value` at a dotted path (creating embedded documents; `undefined` removes). */
export function writeDocPath(doc: Doc, parts: readonly string[], value: unknown): Doc {
  const [head, ...rest] = parts;
  if (head === undefined) return doc;
  const out: Doc = { ...doc };
  if (rest.length === 0) {
    if (value === undefined) delete out[head];
    else out[head] = value;
    return out;
  }
  const child = out[head];
  out[head] = writeDocPath(isDocument(child) ? child : {}, rest, value);
  return out;
}

/**
 * `$unwind`: one output document per array element of a path.
 *
 * @example
 * ```ts
 * { $unwind: { path: '$tags', includeArrayIndex: 'i', preserveNullAndEmptyArrays: true } }
 * ```
 */
export const $unwind: StageFn = (docs, spec) => {
  let path: unknown = spec;
  let indexField: string | undefined;
  let preserve = false;
  if (isDocument(spec)) {
    for (const key of Object.keys(spec)) {
      if (!['path', 'includeArrayIndex', 'preserveNullAndEmptyArrays'].includes(key)) {
        throw fail(28811, `unrecognized option to $unwind stage: ${key}`);
      }
    }
    if (!('path' in spec)) throw fail(28812, 'no path specified to $unwind stage');
    path = spec['path'];
    if ('includeArrayIndex' in spec) {
      const index = spec['includeArrayIndex'];
      if (typeof index !== 'string' || index === '')
        throw fail(28810, 'expected a non-empty string for the includeArrayIndex option to $unwind stage');
      if (index.startsWith('$'))
        throw fail(
          28822,
          `includeArrayIndex option to $unwind stage should not be prefixed with a '$': ${index}`,
        );
      indexField = index;
    }
    if ('preserveNullAndEmptyArrays' in spec) {
      const p = spec['preserveNullAndEmptyArrays'];
      if (typeof p !== 'boolean')
        throw fail(28809, 'expected a boolean for the preserveNullAndEmptyArrays option to $unwind stage');
      preserve = p;
    }
  } else if (typeof spec !== 'string') {
    throw fail(
      15981,
      `expected either a string or an object as specification for $unwind stage, got ${typeName(spec)}`,
    );
  }
  if (typeof path !== 'string')
    throw fail(28808, `expected a string as the path for $unwind stage, got ${typeName(path)}`);
  if (!path.startsWith('$'))
    throw fail(28818, `path option to $unwind stage should be prefixed with a '$': ${path}`);
  const parts = path.slice(1).split('.');
  const indexParts = indexField?.split('.');
  const out: Doc[] = [];
  for (const doc of docs) {
    const value = readDocPath(doc, parts);
    const withIndex = (d: Doc, i: number | null): Doc =>
      indexParts ? writeDocPath(d, indexParts, i === null ? null : Long.fromNumber(i)) : d;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        if (preserve) out.push(withIndex(writeDocPath(doc, parts, undefined), null));
        continue;
      }
      value.forEach((item: unknown, i) => {
        out.push(withIndex(writeDocPath(doc, parts, item), i));
      });
    } else if (value !== undefined && value !== null) {
      out.push(withIndex(doc, null));
    } else if (preserve) {
      out.push(withIndex(doc, null));
    }
  }
  return out;
};
