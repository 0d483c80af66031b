import type { Document, Filter } from 'mongodb';
import { compileNode } from './filter/compile-filter.js';
import {
  QUERY_NODE,
  toQueryNode,
  type QueryInput,
  type QueryNode,
  type QueryNodeCarrier,
  type RawQuery,
} from './filter/query-node.js';
import { classScope, type DocumentClassLike } from './filter/resolve-db-path.js';

/** What `Q` combines: lookup objects, other `Q`s, and `raw()` filters. */
export type QArg<TQuery = QueryInput> = TQuery | Q<TQuery> | RawQuery;

/**
 * An immutable query tree (MongoEngine's `Q`), combined with `and`, `or` and `not` (which
 * MongoEngine lacks). Compile it with `toFilter(docClass)` or pass it to `objects()`.
 *
 * @example
 * const q = Q.or({ age__lt: 13 }, { tags: 'vip' }).and({ name__exists: true });
 * q.toFilter(User); // { $or: [{ age: { $lt: 13 } }, { tags: 'vip' }], name: { $exists: true } }
 * Q.not({ age__gte: 18 }).toFilter(User); // { $nor: [{ age: { $gte: 18 } }] }
 */
export class Q<TQuery = QueryInput> implements QueryNodeCarrier {
  /** The parsed condition tree that the filter compiler reads; not part of the API. */
  readonly [QUERY_NODE]: QueryNode;

  /** A leaf from a lookup object (`new Q()` matches everything). */
  constructor(query?: NoInfer<TQuery> | RawQuery) {
    this[QUERY_NODE] =
      query === undefined ? { kind: 'lookups', query: {} } : toQueryNode(query as QueryInput | RawQuery);
    Object.freeze(this);
  }

  private static wrap<T>(node: QueryNode): Q<T> {
    const q = Object.create(Q.prototype) as { [QUERY_NODE]: QueryNode };
    q[QUERY_NODE] = node;
    return Object.freeze(q) as unknown as Q<T>;
  }

  private static nodeOf<T>(arg: QArg<T>): QueryNode {
    return toQueryNode(arg as QueryInput | QueryNodeCarrier | RawQuery);
  }

  /**
   * A `Q` from a lookup object (the factory form of `new Q(query)`).
   *
   * @example
   * Q.of({ age__gte: 18 });
   */
  static of<T = QueryInput>(query: NoInfer<T> | RawQuery): Q<T> {
    return new Q<T>(query);
  }

  /**
   * All of the arguments must match.
   *
   * @example
   * Q.and({ age__gte: 18 }, { age__lt: 65 }).toFilter(User); // { $and: [{ age: { $gte: 18 } }, { age: { $lt: 65 } }] }
   */
  static and<T = QueryInput>(...args: NoInfer<QArg<T>>[]): Q<T> {
    return Q.wrap({ kind: 'and', children: args.map((a) => Q.nodeOf(a)) });
  }

  /**
   * Any of the arguments must match.
   *
   * @example
   * Q.or({ age__lt: 13 }, { age__gt: 65 }).toFilter(User); // { $or: [{ age: { $lt: 13 } }, { age: { $gt: 65 } }] }
   */
  static or<T = QueryInput>(...args: NoInfer<QArg<T>>[]): Q<T> {
    return Q.wrap({ kind: 'or', children: args.map((a) => Q.nodeOf(a)) });
  }

  /**
   * The argument must not match (compiled to `$nor`).
   *
   * @example
   * Q.not({ name: 'Ada' }).toFilter(User); // { $nor: [{ name: 'Ada' }] }
   */
  static not<T = QueryInput>(arg: NoInfer<QArg<T>>): Q<T> {
    return Q.wrap({ kind: 'not', child: Q.nodeOf(arg) });
  }

  /**
   * This and the others.
   *
   * @example
   * new Q({ a: 1 }).and({ b: 2 }).toFilter(User); // { a: 1, b: 2 }
   */
  and(...others: QArg<TQuery>[]): Q<TQuery> {
    return Q.and<TQuery>(this, ...others);
  }

  /**
   * This or the others.
   *
   * @example
   * new Q({ a: 1 }).or({ b: 2 }).toFilter(User); // { $or: [{ a: 1 }, { b: 2 }] }
   */
  or(...others: QArg<TQuery>[]): Q<TQuery> {
    return Q.or<TQuery>(this, ...others);
  }

  /**
   * The negation of this query.
   *
   * @example
   * new Q({ a: 1 }).not().toFilter(User); // { $nor: [{ a: 1 }] }
   */
  not(): Q<TQuery> {
    return Q.not<TQuery>(this);
  }

  /**
   * The MongoDB filter of this query for a document class (values cast by its fields).
   *
   * @example
   * new Q({ age__gte: 18 }).toFilter(User); // { age: { $gte: 18 } }
   */
  toFilter(docClass: DocumentClassLike): Filter<Document> {
    return compileNode(classScope(docClass), this[QUERY_NODE]) as Filter<Document>;
  }
}
