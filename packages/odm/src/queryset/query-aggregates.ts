/**
 * Aggregation terminals: `aggregate(pipeline)` with the queryset's own stages prepended, and
 * `sum`, `average`, `itemFrequencies` built on it.
 */
import type { AggregateOptions as DriverAggregateOptions, Document as MongoDocument } from 'mongodb';
import { convertDriverError } from '../errors/convert-driver-error.js';
import {
  commonOptions,
  queryFilter,
  querySort,
  readOptions,
  sessionOption,
  stateCollection,
} from './build-query.js';
import { castDistinct } from './read-values.js';
import type { QueryState } from './query-state.js';

/** Options of `aggregate()` besides the queryset's own (hint, collation, comment…). */
export type AggregateOptions = Pick<
  DriverAggregateOptions,
  'allowDiskUse' | 'batchSize' | 'let' | 'bypassDocumentValidation'
>;

/** Options of `itemFrequencies()`. */
export interface FrequencyOptions {
  /** Fractions of the total instead of counts. */
  normalize?: boolean;
}

/** Stages that must open a pipeline (the server rejects them later on). */
const FIRST_STAGES = new Set(['$geoNear', '$collStats', '$search', '$searchMeta', '$indexStats']);

/**
 * The queryset's own stages: `$match` (filter), `$sort` (explicit ordering only, as MongoEngine),
 * `$limit` (limit + skip) and `$skip`.
 *
 * @example
 * prefixStages(User.objects({ age__gte: 18 }).limit(5).state); // [{ $match: … }, { $limit: 5 }]
 */
export function prefixStages(state: QueryState): MongoDocument[] {
  const stages: MongoDocument[] = [];
  const filter = queryFilter(state);
  if (Object.keys(filter).length > 0) stages.push({ $match: filter });
  const sort = state.ordering === undefined ? undefined : querySort(state, false);
  if (sort) stages.push({ $sort: sort });
  if (state.limit) stages.push({ $limit: state.limit + (state.skip ?? 0) });
  if (state.skip) stages.push({ $skip: state.skip });
  return stages;
}

/**
 * Runs the queryset's stages followed by `pipeline`; `$geoNear`-like stages stay first.
 *
 * @example
 * await aggregate(state, [{ $count: 'n' }]); // [{ n: 3 }]
 */
export async function aggregate<TRow>(
  state: QueryState,
  pipeline: readonly MongoDocument[],
  options: AggregateOptions = {},
): Promise<TRow[]> {
  if (state.none) return [];
  const user = [...pipeline];
  const head: MongoDocument[] = [];
  const firstKey = user[0] === undefined ? undefined : Object.keys(user[0])[0];
  if (firstKey !== undefined && FIRST_STAGES.has(firstKey)) head.push(user.shift()!);
  const full = [...head, ...prefixStages(state), ...user];
  const coll = await stateCollection(state);
  try {
    return (await coll
      .aggregate(full, {
        ...commonOptions(state),
        ...readOptions(state),
        ...(state.batchSize !== undefined ? { batchSize: state.batchSize } : {}),
        ...(state.allowDiskUse !== undefined ? { allowDiskUse: state.allowDiskUse } : {}),
        ...options,
        ...sessionOption(state),
      })
      .toArray()) as TRow[];
  } catch (error) {
    throw convertDriverError(error);
  }
}

async function groupValue(state: QueryState, path: string, op: '$sum' | '$avg'): Promise<number> {
  const { dbPath, isList } = castDistinct(state, path);
  const rows = await aggregate<{ value: unknown }>(state, [
    ...(isList ? [{ $unwind: `$${dbPath}` }] : []),
    { $group: { _id: null, value: { [op]: `$${dbPath}` } } },
  ]);
  const value = rows[0]?.value;
  return typeof value === 'number' ? value : value === undefined || value === null ? 0 : Number(value);
}

/**
 * The sum of a field (list items unwound); 0 when nothing matches.
 *
 * @example
 * await sum(state, 'total'); // 42
 */
export function sum(state: QueryState, path: string): Promise<number> {
  return groupValue(state, path, '$sum');
}

/**
 * The average of a field (list items unwound); 0 when nothing matches.
 *
 * @example
 * await average(state, 'age'); // 30.5
 */
export function average(state: QueryState, path: string): Promise<number> {
  return groupValue(state, path, '$avg');
}

/**
 * Counts of each value of a field (list items one by one; a missing value counts as null).
 *
 * @example
 * await itemFrequencies(state, 'tags', { normalize: true }); // Map { 'db' => 0.75, 'js' => 0.25 }
 */
export async function itemFrequencies(
  state: QueryState,
  path: string,
  options: FrequencyOptions = {},
): Promise<Map<unknown, number>> {
  const { dbPath, isList, cast } = castDistinct(state, path);
  const rows = await aggregate<{ _id: unknown; n: number }>(state, [
    ...(isList ? [{ $unwind: `$${dbPath}` }] : []),
    { $group: { _id: `$${dbPath}`, n: { $sum: 1 } } },
  ]);
  const total = rows.reduce((acc, r) => acc + Number(r.n), 0);
  const out = new Map<unknown, number>();
  for (const row of rows) {
    const key = state.mode === 'raw' ? row._id : cast(row._id);
    out.set(key ?? null, options.normalize ? Number(row.n) / total : Number(row.n));
  }
  return out;
}
