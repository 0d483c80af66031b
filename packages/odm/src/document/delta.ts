/** The `$set` / `$unset` pair a change-tracked save sends; empty objects mean "nothing to send". */
export interface Delta {
  $set: Record<string, unknown>;
  $unset: Record<string, ''>;
}

/**
 * Reads a dotted path (`'addresses.2.zip'`) out of a stored-form document; numeric segments
 * index arrays. Returns `undefined` when any step is missing.
 *
 * @example
 * ```ts
 * readPath({ a: [{ b: 1 }] }, 'a.0.b'); // 1
 * ```
 */
export function readPath(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else {
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/**
 * Whether a value counts as "empty" for MongoEngine's unset-when-default rule (0 and false do not).
 *
 * @example
 * isEmptyValue([]); // true
 * isEmptyValue(0); // false
 */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.keys(value).length === 0;
  }
  return false;
}

/**
 * Builds the update for the changed paths of a loaded document from its stored form (`son`):
 * a path missing from `son` is `$unset`; a path holding an empty value that is also the field's
 * default (`unsetWhenEmpty` says so) is `$unset` too, as MongoEngine does, so that reloading
 * gives the default back; every other path is `$set` to its stored value.
 *
 * @example
 * ```ts
 * computeDelta({ name: 'Ada', address: { city: 'Paris' } }, ['address.city', 'age']);
 * // { $set: { 'address.city': 'Paris' }, $unset: { age: '' } }
 * ```
 */
export function computeDelta(
  son: Record<string, unknown>,
  changedPaths: readonly string[],
  unsetWhenEmpty: (path: string, value: unknown) => boolean = () => false,
): Delta {
  const delta: Delta = { $set: {}, $unset: {} };
  for (const path of changedPaths) {
    const value = readPath(son, path);
    if (value === undefined || (isEmptyValue(value) && unsetWhenEmpty(path, value))) {
      delta.$unset[path] = '';
    } else {
      delta.$set[path] = value;
    }
  }
  return delta;
}

/**
 * Whether a delta carries nothing to send.
 *
 * @example
 * isEmptyDelta({ $set: {}, $unset: {} }); // true
 */
export function isEmptyDelta(delta: Delta): boolean {
  return Object.keys(delta.$set).length === 0 && Object.keys(delta.$unset).length === 0;
}
