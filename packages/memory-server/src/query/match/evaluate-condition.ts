import type { Doc } from '../../bson.js';
import { getField, isTraversable, splitPath, walkPath } from '../path.js';
import type { Condition, DocMatcher, MatchState, Predicate } from './types.js';

/**
 * Tests conditions on one value with no array expansion (MongoDB's `matchesSingleElement`, what
 * `$elemMatch` value form uses on each element).
 *
 * @example
 * ```ts
 * testSingle(compileOperatorObject({ $gt: 1 }, compileCtx), new Int32(2)); // true
 * ```
 */
export function testSingle(cond: Condition, value: unknown): boolean {
  switch (cond.kind) {
    case 'pred':
      return cond.test(value);
    case 'not':
      return !cond.conds.every((c) => testSingle(c, value));
    case 'and':
      return cond.conds.every((c) => testSingle(c, value));
  }
}

/** Tests a value reached by a path; returns the matched element index (or -2 for no match, -1 for the value itself). */
function testLeaf(pred: Predicate, value: unknown): number {
  if (pred.matchIndex) return pred.matchIndex(value);
  if (pred.test(value)) return -1;
  if (pred.expandArrays && Array.isArray(value)) {
    for (let j = 0; j < value.length; j++) if (pred.test(value[j])) return j;
  }
  return -2;
}

function matchPredicate(
  doc: Doc,
  parts: readonly string[],
  pred: Predicate,
  state: MatchState | undefined,
): boolean {
  // Fast path: a top-level field holding a non-array needs no walk.
  if (parts.length === 1 && !Array.isArray(doc) && isTraversable(doc)) {
    const value = getField(doc, parts[0] as string);
    if (!Array.isArray(value)) return pred.test(value);
  }
  let hit = false;
  walkPath(doc, parts, 0, undefined, (value, position) => {
    const index = testLeaf(pred, value);
    if (index === -2) return false;
    hit = true;
    if (state) {
      const pos = position ?? (index >= 0 ? index : undefined);
      if (pos !== undefined) state.position = pos;
    }
    return true;
  });
  return hit;
}

function matchCondition(
  doc: Doc,
  parts: readonly string[],
  cond: Condition,
  state: MatchState | undefined,
): boolean {
  switch (cond.kind) {
    case 'pred':
      return matchPredicate(doc, parts, cond, state);
    case 'not':
      // A negation never supplies a position.
      return !cond.conds.every((c) => matchCondition(doc, parts, c, undefined));
    case 'and':
      return cond.conds.every((c) => matchCondition(doc, parts, c, state));
  }
}

/**
 * Compiles the conditions on one dotted path into a document matcher. Each condition walks the
 * path on its own, so `{a: {$gt: 1, $lt: 5}}` may be satisfied by two different elements of `a`,
 * as in MongoDB.
 *
 * @example
 * ```ts
 * const m = fieldMatcher('a.b', predicate((v) => v === 1));
 * m({ a: [{ b: 1 }] }, undefined); // true
 * ```
 */
export function fieldMatcher(path: string, cond: Condition): DocMatcher {
  const parts = splitPath(path);
  return (doc, state) => matchCondition(doc, parts, cond, state);
}
