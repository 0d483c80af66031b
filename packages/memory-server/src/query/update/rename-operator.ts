import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import type { LeafOp, LeafSite } from './leaf-op.js';
import {
  formatElement,
  formatId,
  identical,
  isIndexPart,
  isPlainObject,
  MISSING,
  NOOP,
  REMOVE,
} from './values.js';

/**
 * `$rename` is two leaves, as in MongoDB: the target sets the source's original value, the source
 * is removed. Conflict detection keeps every other operator off both paths, so reading the source
 * from the pre-update document is exact.
 */

function resolveSource(doc: Doc, parts: readonly string[]): unknown {
  const path = parts.join('.');
  let current: unknown = doc;
  let name = '';
  let arrayField: string | undefined;
  for (const part of parts) {
    let next: unknown;
    if (isPlainObject(current)) {
      if (!Object.hasOwn(current, part)) return MISSING;
      next = current[part];
    } else if (Array.isArray(current) && isIndexPart(part)) {
      const index = Number(part);
      if (index >= current.length) return MISSING;
      arrayField = name;
      next = current[index];
    } else {
      throw new ServerError(
        'PathNotViable',
        // MongoDB names the blocking element, not the component it could not descend into.
        `cannot use the part (${name} of ${path}) to traverse the element ({${formatElement(name, current)}})`,
      );
    }
    name = part;
    current = next;
  }
  if (arrayField !== undefined) {
    throw new ServerError(
      'BadValue',
      `The source field cannot be an array element, '${path}' in doc with ${formatId(doc)} has an array field called '${arrayField}'`,
    );
  }
  return current;
}

/**
 * The target half of `{$rename: {from: to}}`: takes the source's value from the original document.
 *
 * @example
 * ```ts
 * renameTargetOp('b', ['a']).missing(site); // 1 for { _id: 1, a: 1 }
 * ```
 */
export function renameTargetOp(to: string, fromParts: readonly string[]): LeafOp {
  const sourceValue = (site: LeafSite): unknown => {
    const value = resolveSource(site.state.doc, fromParts);
    if (value === MISSING) return MISSING;
    if (site.arrayField !== undefined) {
      throw new ServerError(
        'BadValue',
        `The destination field cannot be an array element, '${to}' in doc with ${formatId(site.state.doc)} has an array field called '${site.arrayField}'`,
      );
    }
    return value;
  };
  return {
    op: '$rename',
    path: to,
    setsValue: true,
    existing(current, site) {
      const value = sourceValue(site);
      return value === MISSING || identical(current, value) ? NOOP : value;
    },
    missing(site) {
      const value = sourceValue(site);
      return value === MISSING ? NOOP : value;
    },
  };
}

/**
 * The source half of `{$rename: {from: to}}`: removed when it exists.
 *
 * @example
 * ```ts
 * renameSourceOp('a').existing(1, site); // REMOVE
 * ```
 */
export function renameSourceOp(from: string): LeafOp {
  return {
    op: '$rename',
    path: from,
    setsValue: false,
    nonViable: 'noop',
    existing: () => REMOVE,
    missing: () => NOOP,
    immutableMessage: (path) =>
      `Unsetting the path '${path}' using $rename would modify the immutable field '_id'`,
  };
}
