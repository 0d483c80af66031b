import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { valuesEqual } from '../../query/compare.js';
import type { CompiledFilter } from '../../query/match.js';
import { applyUpdate, buildUpsertDocument, isReplacement, validateUpdate } from '../../query/update.js';
import { fillEmptyTimestamps } from '../../query/update/replace-document.js';

/** An update statement's update part, as `update` and `findAndModify` carry it. */
export interface UpdateSpec {
  readonly update: Doc | Doc[];
  readonly arrayFilters?: Doc[] | undefined;
  readonly variables?: Doc | undefined;
}

/**
 * Checks an update before any document is touched (and that a replacement has no `$` fields).
 *
 * @example
 * ```ts
 * checkUpdate({ update: { $set: { a: 1 }, $inc: { a: 1 } } }); // throws ConflictingUpdateOperators (40)
 * ```
 */
export function checkUpdate(spec: UpdateSpec): void {
  if (isReplacement(spec.update)) {
    const replacement = spec.update as Doc;
    for (const key of Object.keys(replacement)) {
      if (key.startsWith('$'))
        throw new ServerError(
          'DollarPrefixedFieldName',
          `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
        );
    }
    if (spec.arrayFilters && spec.arrayFilters.length > 0) {
      throw new ServerError('FailedToParse', 'Cannot use array filters with a replacement-style update');
    }
    return;
  }
  validateUpdate(spec.update, spec.arrayFilters ? { arrayFilters: spec.arrayFilters } : undefined);
}

function immutableId(): ServerError {
  return new ServerError(
    'ImmutableField',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

/**
 * The new version of `doc` under an update (operator, pipeline or replacement), and whether it
 * changed, as `applyUpdate` computes it: ImmutableField 66 when `_id` would change (by exact BSON
 * type for operators, by value for replacements), empty top-level Timestamps of a replacement
 * stamped.
 *
 * @example
 * ```ts
 * updatedDocument({ _id: 1, n: 1 }, { update: { $inc: { n: 1 } } }, compileFilter({})).doc; // { _id: 1, n: 2 }
 * ```
 */
export function updatedDocument(
  doc: Doc,
  spec: UpdateSpec,
  compiled: CompiledFilter,
): { doc: Doc; modified: boolean } {
  const positional = isReplacement(spec.update) ? undefined : compiled.matchPositional(doc).position;
  const result = applyUpdate(doc, spec.update, {
    ...(spec.arrayFilters ? { arrayFilters: spec.arrayFilters } : {}),
    ...(positional !== undefined ? { positional } : {}),
    ...(spec.variables ? { variables: spec.variables } : {}),
  });
  // Defensive: no update kind may drop or change `_id` (applyUpdate already enforces it).
  if (!('_id' in result.doc) || !valuesEqual(result.doc['_id'], doc['_id'])) throw immutableId();
  return result;
}

/**
 * The document an upsert inserts, as `buildUpsertDocument` builds it: the filter's equality
 * fields, then the update applied as an insert (`$setOnInsert` applies); for a replacement, the
 * replacement with the filter's `_id` (66 when the replacement names another `_id`).
 *
 * @example
 * ```ts
 * upsertDocument({ name: 'x' }, compileFilter({ name: 'x' }), { update: { $set: { n: 1 } } }); // { _id: ObjectId(…), name: 'x', n: 1 }
 * ```
 */
export function upsertDocument(filter: Doc, _compiled: CompiledFilter, spec: UpdateSpec): Doc {
  const doc = buildUpsertDocument(
    filter,
    spec.update,
    spec.arrayFilters ? { arrayFilters: spec.arrayFilters } : undefined,
  );
  return isReplacement(spec.update) ? fillEmptyTimestamps(doc) : doc;
}
