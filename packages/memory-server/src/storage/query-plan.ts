import { BSONRegExp } from 'bson';
import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { canonicalKey } from '../query/compare.js';
import type { CompiledFilter } from '../query/match.js';
import { compileSort } from '../query/sort.js';
import type { Collection } from './collection.js';
import type { CollectionIndex } from './collection-index.js';
import type { IndexDefinition } from './index-definition.js';
import { toNumber } from './numbers.js';
import { bindTextSearch } from './text-search-binding.js';

/** How a query reaches its documents; `explain` reports it and the engine executes it. */
export interface QueryPlan {
  readonly stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN' | 'EOF';
  readonly index?: IndexDefinition;
  /** Canonical `_id` keys to fetch (the `_id` fast path). */
  readonly idKeys?: readonly string[];
  /** Ids from an equality lookup on a secondary index (committed state). */
  readonly indexIds?: ReadonlySet<string>;
}

function isOperatorObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

function isRegex(value: unknown): boolean {
  return value instanceof BSONRegExp || value instanceof RegExp;
}

/** Values an equality can be looked up with: scalars and sub-documents (arrays and `null` need a scan). */
function lookupable(value: unknown): boolean {
  return (
    value !== null &&
    value !== undefined &&
    !Array.isArray(value) &&
    !isRegex(value) &&
    !isOperatorObject(value)
  );
}

/** Whether a value holds a string anywhere (a collated query cannot look such values up in a binary index). */
function containsString(value: unknown): boolean {
  if (typeof value === 'string') return true;
  if ((value as { _bsontype?: unknown } | null)?._bsontype === 'BSONSymbol') return true;
  if (Array.isArray(value)) return value.some(containsString);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).some(containsString);
  }
  return false;
}

/**
 * The `_id` values a filter pins (`{_id: v}`, `{_id: {$eq: v}}`, `{_id: {$in: [...]}}`), if any.
 *
 * @example
 * ```ts
 * pinnedIds({ _id: { $in: [1, 2] } }, compileFilter({ _id: { $in: [1, 2] } })); // [1, 2]
 * ```
 */
export function pinnedIds(filter: Doc, compiled: CompiledFilter): unknown[] | undefined {
  const collated = compiled.collation !== undefined;
  if (compiled.equalities.has('_id')) {
    const value = compiled.equalities.get('_id');
    if (!isRegex(value) && !isOperatorObject(value) && !(collated && containsString(value))) return [value];
  }
  const raw = filter['_id'];
  if (isOperatorObject(raw)) {
    const keys = Object.keys(raw);
    const list = raw['$in'];
    if (
      keys.length === 1 &&
      Array.isArray(list) &&
      !list.some((v) => isRegex(v) || isOperatorObject(v) || (collated && containsString(v)))
    )
      return list;
  }
  return undefined;
}

/**
 * Resolves a `hint` to an index (BadValue 2 when it names none), or `'natural'`.
 *
 * @example
 * ```ts
 * resolveHint(users, 'email_1'); // the email index, or BadValue (2) when there is none
 * ```
 */
export function resolveHint(
  collection: Collection | undefined,
  hint: unknown,
): CollectionIndex | 'natural' | undefined {
  if (hint === undefined || hint === null) return undefined;
  if (typeof hint === 'string' && hint === '') return undefined;
  if (typeof hint === 'object' && !Array.isArray(hint) && Object.keys(hint).length === 0) return undefined;
  if (typeof hint === 'object' && hint !== null && '$natural' in hint) return 'natural';
  const index = collection?.findIndex(hint as string | Doc);
  if (!index) {
    if (!collection) return undefined;
    throw new ServerError(
      'BadValue',
      'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index',
    );
  }
  return index;
}

/**
 * Chooses how to run a filter: `IDHACK`/`IXSCAN _id_` when `_id` is pinned, `IXSCAN` on an index
 * whose leading field has an equality (or any condition, for explain), else `COLLSCAN`.
 *
 * @example
 * ```ts
 * planQuery(users, { email: 'a' }, compileFilter({ email: 'a' })).stage; // 'IXSCAN' with an email index
 * ```
 */
export function planQuery(
  collection: Collection | undefined,
  filter: Doc,
  compiled: CompiledFilter,
  hint?: unknown,
): QueryPlan {
  bindTextSearch(collection, filter, compiled, hint);
  if (!collection) return { stage: 'EOF' };
  const hinted = resolveHint(collection, hint);
  if (hinted === 'natural') return { stage: 'COLLSCAN' };
  // Time-series measurements are not keyed by _id, so only a scan finds them.
  if (collection.options['timeseries'] !== undefined) return { stage: 'COLLSCAN' };
  const ids =
    hinted === undefined || hinted.definition.name === '_id_' ? pinnedIds(filter, compiled) : undefined;
  if (ids) {
    const idIndex = collection.indexes.get('_id_')?.definition;
    const keys = [...new Set(ids.map((id) => canonicalKey(id)))];
    const simple = Object.keys(filter).length === 1 && !isOperatorObject(filter['_id']);
    return {
      stage: simple && hinted === undefined ? 'IDHACK' : 'IXSCAN',
      ...(idIndex ? { index: idIndex } : {}),
      idKeys: keys,
    };
  }
  let chosen: CollectionIndex | undefined;
  let chosenIds: ReadonlySet<string> | undefined;
  const candidates = hinted
    ? [hinted]
    : collection.secondaryIndexes().filter((index) => !index.definition.hidden);
  for (const [field, value] of compiled.equalities) {
    if (!lookupable(value) || (compiled.collation !== undefined && containsString(value))) continue;
    for (const index of candidates) {
      if (!index.usableForEquality || index.definition.fields[0] !== field) continue;
      if (!chosen || (index.definition.unique && !chosen.definition.unique)) {
        chosen = index;
        chosenIds = index.lookupLeading(value) ?? new Set();
      }
    }
  }
  if (chosen)
    return { stage: 'IXSCAN', index: chosen.definition, ...(chosenIds ? { indexIds: chosenIds } : {}) };
  if (hinted) return { stage: 'IXSCAN', index: hinted.definition };
  const fields = new Set(Object.keys(filter).filter((key) => !key.startsWith('$')));
  for (const index of candidates) {
    if (!index.definition.special && fields.has(index.definition.fields[0] ?? ''))
      return { stage: 'IXSCAN', index: index.definition };
  }
  return { stage: 'COLLSCAN' };
}

/**
 * The order an index scan returns documents in: by the key pattern (callers relying on mongod's
 * order without an explicit sort see the same order here).
 *
 * @example
 * ```ts
 * docs.sort(indexOrder(parseIndexSpec({ key: { rank: -1 } }))); // highest rank first
 * ```
 */
export function indexOrder(index: IndexDefinition): (a: Doc, b: Doc) => number {
  const direction = Object.fromEntries(
    Object.entries(index.key).map(([field, value]) => [field, (toNumber(value) ?? 1) < 0 ? -1 : 1]),
  );
  return compileSort(direction);
}
