import { BSONRegExp, Timestamp } from 'bson';
import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { bsonTypeName, valuesEqual } from '../compare.js';
import { runPipeline } from '../aggregate.js';
import { nextTimestamp } from './clock.js';
import { formatElement, isPlainObject, setOwn } from './values.js';

/** Stages MongoDB accepts in a pipeline-style update. */
const UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

/**
 * Throws InvalidOptions for a stage that cannot appear in an update pipeline.
 *
 * @example
 * ```ts
 * checkUpdatePipeline([{ $group: { _id: 1 } }]); // throws "$group is not allowed to be used within an update"
 * ```
 */
export function checkUpdatePipeline(stages: readonly Doc[]): void {
  for (const stage of stages) {
    const name = Object.keys(stage)[0];
    if (name === undefined || Object.keys(stage).length !== 1) {
      throw new ServerError(
        'FailedToParse',
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    if (!UPDATE_STAGES.has(name)) {
      throw new ServerError('InvalidOptions', `${name} is not allowed to be used within an update`);
    }
  }
}

/**
 * Replaces a document's content, keeping its `_id` first; throws ImmutableField when the new
 * content carries a different `_id` and `lockId` is set.
 *
 * @example
 * ```ts
 * replaceDocument({ _id: 1, a: 1 }, { b: 2 }, true); // { _id: 1, b: 2 }
 * ```
 */
export function replaceDocument(doc: Doc, replacement: Doc, lockId: boolean): Doc {
  const hasOld = Object.hasOwn(doc, '_id');
  const hasNew = Object.hasOwn(replacement, '_id');
  // A replacement compares _id by value (1 and 1.0 are the same _id), unlike `$set` on `_id`.
  if (lockId && hasOld && hasNew && !valuesEqual(doc['_id'], replacement['_id'])) {
    throw new ServerError(
      'ImmutableField',
      `After applying the update, the (immutable) field '_id' was found to have been altered to ${formatElement('_id', replacement['_id'])}`,
    );
  }
  const result: Doc = {};
  if (hasNew) result['_id'] = replacement['_id'];
  else if (hasOld) result['_id'] = doc['_id'];
  for (const [key, value] of Object.entries(replacement)) if (key !== '_id') setOwn(result, key, value);
  return result;
}

/**
 * Runs a pipeline-style update on one document through the aggregation engine.
 *
 * @example
 * ```ts
 * applyPipelineUpdate({ _id: 1, a: 1 }, [{ $set: { b: '$a' } }], true); // { _id: 1, a: 1, b: 1 }
 * ```
 */
export function applyPipelineUpdate(doc: Doc, stages: Doc[], lockId: boolean, variables?: Doc): Doc {
  checkUpdatePipeline(stages);
  const ctx = { dbName: '', resolveCollection: (): Doc[] => [], ...(variables ? { variables } : {}) };
  const [result, extra] = runPipeline([doc], stages, ctx);
  if (result === undefined || extra !== undefined || !isPlainObject(result)) {
    throw new ServerError('BadValue', 'An update pipeline must produce exactly one document');
  }
  return replaceDocument(doc, result, lockId);
}

/**
 * Checks `_id` of a document about to be inserted (arrays, regexes and `undefined` are refused).
 *
 * @example
 * ```ts
 * checkInsertId({ _id: [1] }); // throws InvalidIdField
 * ```
 */
export function checkInsertId(doc: Doc): void {
  if (!Object.hasOwn(doc, '_id')) return;
  const id = doc['_id'];
  if (Array.isArray(id) || id instanceof BSONRegExp || id instanceof RegExp || id === undefined) {
    throw new ServerError('InvalidIdField', `The '_id' value cannot be of type ${bsonTypeName(id)}`);
  }
}

/**
 * MongoDB stamps top-level `Timestamp(0, 0)` fields of a replacement document with the current
 * cluster time; returns the input itself when there is none.
 *
 * @example
 * ```ts
 * fillEmptyTimestamps({ ts: new Timestamp({ t: 0, i: 0 }) }); // { ts: Timestamp(<now>, 1) }
 * ```
 */
export function fillEmptyTimestamps(replacement: Doc): Doc {
  let out: Doc | undefined;
  for (const [key, value] of Object.entries(replacement)) {
    if (value instanceof Timestamp && value.isZero()) {
      out ??= { ...replacement };
      setOwn(out, key, nextTimestamp());
    }
  }
  return out ?? replacement;
}
