import type { Doc } from '../../bson.js';
import { applyTree } from './apply-tree.js';
import { nextTimestamp } from './clock.js';
import type { ApplyState } from './leaf-op.js';
import { parseUpdate, type ParsedUpdate } from './parse-update.js';
import {
  applyPipelineUpdate,
  checkInsertId,
  checkUpdatePipeline,
  fillEmptyTimestamps,
  replaceDocument,
} from './replace-document.js';

/** Options of one update application (see `applyUpdate` in `query/update.ts`). */
export interface ApplyOptions {
  readonly arrayFilters?: Doc[] | undefined;
  readonly positional?: number | undefined;
  readonly isInsert?: boolean | undefined;
  readonly variables?: Doc | undefined;
  /** `_id` may not change; defaults to `!isInsert` (an upsert whose query fixed `_id` sets it). */
  readonly lockId?: boolean | undefined;
}

const parsedCache = new WeakMap<object, { arrayFilters: readonly Doc[] | undefined; parsed: ParsedUpdate }>();

/**
 * Parses an update once per update object (an `updateMany` applies the same parse to every
 * document); a different `arrayFilters` array forces a new parse.
 *
 * @example
 * ```ts
 * getParsedUpdate({ $set: { a: 1 } }, undefined).kind; // 'modifier'
 * ```
 */
export function getParsedUpdate(update: Doc | Doc[], arrayFilters: readonly Doc[] | undefined): ParsedUpdate {
  const cached = parsedCache.get(update);
  if (cached && cached.arrayFilters === arrayFilters) return cached.parsed;
  const parsed = parseUpdate(update, arrayFilters);
  if (parsed.kind === 'pipeline') checkUpdatePipeline(parsed.stages);
  parsedCache.set(update, { arrayFilters, parsed });
  return parsed;
}

/**
 * Applies a parsed update to a document without touching it; returns the new document (the input
 * itself when nothing changed).
 *
 * @example
 * ```ts
 * applyParsedUpdate(getParsedUpdate({ $inc: { n: 1 } }, undefined), { _id: 1, n: 1 }, {}); // { _id: 1, n: 2 }
 * ```
 */
export function applyParsedUpdate(parsed: ParsedUpdate, doc: Doc, options: ApplyOptions): Doc {
  const isInsert = options.isInsert ?? false;
  const lockId = options.lockId ?? !isInsert;
  let result: Doc;
  if (parsed.kind === 'replacement') {
    result = replaceDocument(doc, fillEmptyTimestamps(parsed.doc), lockId);
  } else if (parsed.kind === 'pipeline') {
    result = applyPipelineUpdate(doc, parsed.stages, lockId, options.variables);
  } else {
    const now = new Date();
    const state: ApplyState = {
      doc,
      isInsert,
      lockId,
      positional: options.positional,
      filters: parsed.filters,
      now,
      timestamp: () => nextTimestamp(now),
    };
    result = applyTree(parsed.root, doc, state);
  }
  if (isInsert) checkInsertId(result);
  return result;
}
