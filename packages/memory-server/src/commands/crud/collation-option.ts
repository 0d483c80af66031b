import type { Doc } from '../../bson.js';
import { type Collation, parseCollation } from '../../query/collation.js';
import type { CommandContext } from '../types.js';

/**
 * The collation a read or write runs with: the command's (or statement's) `collation` when given,
 * else the collection's default from `create`, else the simple binary order (`undefined`).
 *
 * @example
 * ```ts
 * resolveCollation(ctx, 'users', { locale: 'en', strength: 2 })?.compareStrings('a', 'A'); // 0
 * ```
 */
export function resolveCollation(
  ctx: CommandContext,
  collection: string | undefined,
  raw: unknown,
): Collation | undefined {
  if (raw !== undefined) return parseCollation(raw);
  if (collection === undefined) return undefined;
  const stored = ctx.engine.getCollection(ctx.dbName, collection, ctx.txn)?.options['collation'];
  return stored === undefined ? undefined : parseCollation(stored as Doc);
}
