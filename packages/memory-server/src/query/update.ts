import type { Doc } from '../bson.js';
import { applyParsedUpdate, getParsedUpdate } from './update/apply-update.js';
import { isReplacementDoc } from './update/parse-update.js';
import { identical } from './update/values.js';
import { buildUpsert } from './update/upsert-document.js';

/**
 * The update engine: MongoDB 7.0 update operators, replacement documents and pipeline-style
 * updates, with MongoDB's error codes. Documents are never mutated; an update returns a new
 * document that shares every unchanged subtree with the input.
 */

/**
 * Applies an update to a document. Throws `ServerError` with MongoDB's code before anything is
 * produced; `modified` is false when the result is the same document (nModified 0).
 *
 * @example
 * ```ts
 * applyUpdate({ _id: 1, n: new Int32(1) }, { $inc: { n: 1 }, $push: { tags: 'x' } });
 * // { doc: { _id: 1, n: Int32(2), tags: ['x'] }, modified: true }
 * applyUpdate({ _id: 1, a: [{ b: 1 }, { b: 2 }] }, { $set: { 'a.$[e].b': 0 } }, { arrayFilters: [{ 'e.b': 2 }] });
 * // { doc: { _id: 1, a: [{ b: 1 }, { b: 0 }] }, modified: true }
 * ```
 */
export function applyUpdate(
  doc: Doc,
  update: Doc | Doc[],
  options: { arrayFilters?: Doc[]; positional?: number; isInsert?: boolean; variables?: Doc } = {},
): { doc: Doc; modified: boolean } {
  const parsed = getParsedUpdate(update, options.arrayFilters);
  const result = applyParsedUpdate(parsed, doc, options);
  if (result === doc) return { doc, modified: false };
  // Replacements and pipelines build a whole new document; compare to report no-ops as MongoDB does.
  return { doc: result, modified: parsed.kind === 'modifier' || !identical(doc, result) };
}

/**
 * Checks an update for parse-time errors (unknown operators, conflicting paths, bad arguments,
 * unused or undefined array filters) without applying it.
 *
 * @example
 * ```ts
 * validateUpdate({ $set: { a: 1 }, $inc: { 'a.b': 1 } });
 * // throws ServerError 40 ConflictingUpdateOperators "Updating the path 'a.b' would create a conflict at 'a'"
 * ```
 */
export function validateUpdate(update: Doc | Doc[], options: { arrayFilters?: Doc[] } = {}): void {
  getParsedUpdate(update, options.arrayFilters);
}

/**
 * Whether an update is a replacement document (its first key is not a `$` operator).
 *
 * @example
 * ```ts
 * isReplacement({ name: 'Ada' }); // true
 * isReplacement({ $set: { name: 'Ada' } }); // false
 * isReplacement([{ $set: { n: 1 } }]); // false (pipeline)
 * ```
 */
export function isReplacement(update: Doc | Doc[]): boolean {
  return isReplacementDoc(update);
}

/**
 * The document an upsert inserts when nothing matches: the filter's equality fields (top level,
 * `$and` members, `$eq`; dotted paths become nested documents; `_id` first), then the update
 * applied as an insert so `$setOnInsert` takes effect. For a replacement: the replacement plus
 * the filter's `_id`. A missing `_id` is generated.
 *
 * @example
 * ```ts
 * buildUpsertDocument({ _id: 5, 'a.b': 1, n: { $gt: 1 } }, { $setOnInsert: { created: true } });
 * // { _id: 5, a: { b: 1 }, created: true }
 * ```
 */
export function buildUpsertDocument(
  filter: Doc,
  update: Doc | Doc[],
  options: { arrayFilters?: Doc[] } = {},
): Doc {
  return buildUpsert(filter, update, options.arrayFilters);
}
