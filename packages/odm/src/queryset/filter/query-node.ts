/**
 * The tree a `Q` object holds: leaves are lookup objects (or raw filters), inner nodes combine
 * them. The filter compiler walks it with one exhaustive switch.
 */
import type { Document } from 'mongodb';
import { InvalidQueryError } from '../../errors/usage-errors.js';

/** A lookup object as users write it: `{ age__gte: 18, address__city: 'Paris' }`. */
export type QueryInput = Readonly<Record<string, unknown>>;

/** Brand of the raw-filter marker made by {@link raw}. */
export const RAW_FILTER = Symbol.for('mongoengine.rawFilter');
/** Brand of objects carrying a query tree (`Q`). */
export const QUERY_NODE = Symbol.for('mongoengine.queryNode');

/**
 * A raw MongoDB filter, passed through without casting: the explicit way to use `$where`,
 * `$expr`, `$text` or any operator the lookups do not cover.
 */
export interface RawQuery {
  /** A filter, a raw update document, or (updates only) an aggregation pipeline. */
  readonly [RAW_FILTER]: Document | readonly Document[];
}

/** A node of a query tree. */
export type QueryNode =
  | { readonly kind: 'lookups'; readonly query: QueryInput }
  | { readonly kind: 'raw'; readonly filter: Document }
  | { readonly kind: 'and'; readonly children: readonly QueryNode[] }
  | { readonly kind: 'or'; readonly children: readonly QueryNode[] }
  | { readonly kind: 'not'; readonly child: QueryNode };

/** Anything that carries a query tree (a `Q`). */
export interface QueryNodeCarrier {
  readonly [QUERY_NODE]: QueryNode;
}

/**
 * Marks a MongoDB filter (or an update document / pipeline, for updates) as raw: it is passed
 * through as written (no casting, `$` operators allowed). Never build one from user input.
 *
 * @example
 * User.objects(raw({ $where: 'this.a > this.b' }));   // filter: { $where: 'this.a > this.b' }
 * User.objects().update(raw([{ $set: { total: { $add: ['$a', '$b'] } } }])); // pipeline update
 * Q.or({ age__lt: 13 }, raw({ $expr: { $gt: ['$a', '$b'] } }));
 */
export function raw(filter: Document | readonly Document[]): RawQuery {
  return Object.freeze({ [RAW_FILTER]: filter });
}

/**
 * True for a marker made by {@link raw}.
 *
 * @example
 * isRawQuery(raw({ a: 1 })); // true
 */
export function isRawQuery(value: unknown): value is RawQuery {
  return typeof value === 'object' && value !== null && RAW_FILTER in value;
}

/**
 * True for a `Q` (or anything carrying a query tree).
 *
 * @example
 * isQueryNodeCarrier(new Q({ a: 1 })); // true
 */
export function isQueryNodeCarrier(value: unknown): value is QueryNodeCarrier {
  return typeof value === 'object' && value !== null && QUERY_NODE in value;
}

/**
 * The tree of a query argument: a `Q`, a raw marker, or a lookup object.
 *
 * @example
 * toQueryNode({ a: 1 }); // { kind: 'lookups', query: { a: 1 } }
 */
export function toQueryNode(value: QueryInput | QueryNodeCarrier | RawQuery): QueryNode {
  if (isQueryNodeCarrier(value)) return value[QUERY_NODE];
  if (isRawQuery(value)) {
    const filter = value[RAW_FILTER];
    if (Array.isArray(filter))
      throw new InvalidQueryError('raw() filters must be objects; pipelines are for updates.');
    return { kind: 'raw', filter: filter as Document };
  }
  return { kind: 'lookups', query: value };
}
