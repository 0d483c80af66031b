import type { Doc } from '../../bson.js';
import type { Collation } from '../../query/collation.js';
import { compileFilter, type CompiledFilter } from '../../query/match.js';
import { compileProjection } from '../../query/project.js';
import { compileSort } from '../../query/sort.js';
import { attachTextScores, requireTextScore } from '../../query/text/text-operator.js';
import type { Engine, StorageTransaction } from '../../storage/engine.js';
import { planNearFind } from '../../storage/geo-near.js';
import { toNumber } from '../../storage/numbers.js';

/** What a find-like command asks for. */
export interface FindRequest {
  readonly filter: Doc;
  readonly sort?: Doc | undefined;
  readonly projection?: Doc | undefined;
  readonly skip?: number | undefined;
  /** 0 or undefined: no limit. */
  readonly limit?: number | undefined;
  readonly hint?: unknown;
  readonly variables?: Doc | undefined;
  /** The collation strings are matched and sorted with (absent: binary). */
  readonly collation?: Collation | undefined;
}

/** The matching documents and the compiled filter (for positional operators). */
export interface FindResult {
  readonly docs: Doc[];
  readonly compiled: CompiledFilter;
  /** How many matched before skip/limit (explain's `nReturned` inputs). */
  readonly matched: number;
}

/**
 * Sorts documents by a sort spec; `{ $natural: -1 }` reverses natural order.
 *
 * @example
 * ```ts
 * sortDocuments(docs, { $natural: -1 }); // natural order reversed
 * ```
 */
export function sortDocuments(docs: Doc[], sort: Doc | undefined, collation?: Collation): Doc[] {
  if (!sort || Object.keys(sort).length === 0) return docs;
  if ('$natural' in sort) {
    return (toNumber(sort['$natural']) ?? 1) < 0 ? [...docs].reverse() : docs;
  }
  return [...docs].sort(compileSort(sort, { collation }));
}

/**
 * Runs a filter with sort, skip, limit and projection over a collection as `txn` sees it.
 *
 * @example
 * ```ts
 * findDocuments(engine, 'app', 'users', undefined, { filter: { age: { $gt: 30 } }, sort: { age: 1 }, limit: 2 }).docs;
 * ```
 */
export function findDocuments(
  engine: Engine,
  dbName: string,
  collection: string,
  txn: StorageTransaction | undefined,
  request: FindRequest,
): FindResult {
  // `$near`/`$nearSphere` leave the filter: they order (and bound) what the rest matches.
  const near = planNearFind(engine, dbName, collection, txn, request.filter);
  const filter = near ? near.rest : request.filter;
  const compiled = compileFilter(filter, { variables: request.variables, collation: request.collation });
  const project =
    request.projection && Object.keys(request.projection).length > 0
      ? compileProjection(request.projection, { filter: compiled })
      : undefined;
  requireTextScore(request.sort, request.projection, compiled.text);
  const read = engine.readDocuments(dbName, collection, txn, { filter, compiled, hint: request.hint });
  const matched = attachTextScores(near ? near.order(read) : read, compiled.text);
  let docs = sortDocuments(matched, request.sort, request.collation);
  const skip = request.skip ?? 0;
  const limit = request.limit ?? 0;
  if (skip > 0 || limit > 0) docs = docs.slice(skip, limit > 0 ? skip + limit : undefined);
  if (project) docs = docs.map(project);
  return { docs, compiled, matched: matched.length };
}
