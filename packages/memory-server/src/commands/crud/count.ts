import { compileFilter } from '../../query/match.js';
import { isView } from '../../storage/collection-kind.js';
import type { CommandSpec } from '../types.js';
import { resolveCollation } from './collation-option.js';
import { countOption, docOption, targetCollection } from './command-args.js';

/**
 * `count`: the number of documents matching `query`, after `skip` and `limit` (this is what
 * `estimatedDocumentCount` sends). A missing collection counts 0.
 *
 * @example
 * ```ts
 * // { count: 'users', query: { active: true }, limit: 10 } → { n: 4 }
 * ```
 */
export const countCommand: CommandSpec = {
  name: 'count',
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const collection = targetCollection(cmd, 'count', ctx.dbName);
    const filter = docOption(cmd, 'query', 'count') ?? {};
    const skip = countOption(cmd, 'skip', 'count') ?? 0;
    const limit = Math.abs(countOption(cmd, 'limit', 'count', true) ?? 0);
    const collation = resolveCollation(ctx, collection, cmd['collation']);
    const target = ctx.engine.getCollection(ctx.dbName, collection);
    // A view has no records of its own: its count is its pipeline's output.
    const total =
      Object.keys(filter).length === 0 && cmd['hint'] === undefined && !isView(target)
        ? (target?.count ?? 0)
        : ctx.engine.readDocuments(ctx.dbName, collection, ctx.txn, {
            filter,
            compiled: compileFilter(filter, { collation }),
            hint: cmd['hint'],
          }).length;
    const afterSkip = Math.max(0, total - skip);
    return { n: limit > 0 ? Math.min(limit, afterSkip) : afterSkip };
  },
};
