import type { IndexDirection } from 'mongodb';
import type { ClassInfo } from './class-info.js';
import { keyObject, keySignature, serverKeyParts, type IndexKeyPart } from './index-spec.js';
import { indexSpecs, needsClsIndex } from './index-specs.js';

/** The result of `compareIndexes()`: index keys declared but absent, and present but undeclared. */
export interface IndexComparison {
  /** Key patterns the class declares that the collection lacks. */
  missing: Record<string, IndexDirection>[];
  /** Key patterns on the collection that the class does not declare. */
  extra: Record<string, IndexDirection>[];
}

/**
 * Index keys expected on the collection of a class: `_id`, then the indexes of every known class
 * sharing the collection (its concrete root and the root's subclasses), and `_cls` where needed.
 *
 * @example
 * expectedIndexKeys(classInfo(User)).map(keyObject); // [{ _id: 1 }, { age: -1 }]
 */
export function expectedIndexKeys(info: ClassInfo): IndexKeyPart[][] {
  let root = info;
  while (root.parent && !root.parent.meta.abstract) root = root.parent;
  const related = [root, ...root.subclasses].filter((c) => !c.meta.abstract);
  const keys: IndexKeyPart[][] = [[['_id', 1]]];
  const seen = new Set<string>([keySignature([['_id', 1]])]);
  const add = (key: IndexKeyPart[]): void => {
    const sig = keySignature(key);
    if (!seen.has(sig)) {
      seen.add(sig);
      keys.push(key);
    }
  };
  for (const c of related) {
    const specs = indexSpecs(c);
    for (const s of specs) add(s.key);
    if (needsClsIndex(c, specs)) add([['_cls', 1]]);
  }
  return keys;
}

/**
 * Compares expected index keys with the server's `listIndexes` output. `_id` is never reported;
 * a missing `_cls` index is ignored when another index starts with `_cls`; text indexes compare
 * by their set of fields.
 *
 * @example
 * compareIndexKeys([[['_id', 1]], [['age', -1]]], [{ key: { _id: 1 } }]); // { missing: [{ age: -1 }], extra: [] }
 */
export function compareIndexKeys(
  expected: readonly IndexKeyPart[][],
  listed: readonly { key: Record<string, unknown>; weights?: Record<string, unknown> }[],
): IndexComparison {
  const existing = listed.map(serverKeyParts);
  const existingSigs = new Set(existing.map(keySignature));
  const expectedSigs = new Set(expected.map(keySignature));
  const anyClsIndex = existing.some((k) => k[0]?.[0] === '_cls');
  const isOnly = (k: readonly IndexKeyPart[], path: string): boolean => k.length === 1 && k[0]![0] === path;
  const missing = expected.filter(
    (k) => !existingSigs.has(keySignature(k)) && !isOnly(k, '_id') && !(isOnly(k, '_cls') && anyClsIndex),
  );
  const extra = existing.filter((k) => !expectedSigs.has(keySignature(k)) && !isOnly(k, '_id'));
  return { missing: missing.map(keyObject), extra: extra.map(keyObject) };
}
