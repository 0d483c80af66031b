import type { CommandSpec } from '../types.js';
import {
  boolOption,
  countOption,
  cursorReply,
  docOption,
  letVariables,
  targetCollection,
} from './command-args.js';
import { resolveCollation } from './collation-option.js';
import { findDocuments } from './find-documents.js';

/**
 * `find`: filter, sort, projection, skip, limit, batchSize, singleBatch, hint and let; replies with
 * a cursor whose first batch holds up to `batchSize` (default 101) documents.
 *
 * @example
 * ```ts
 * // { find: 'users', filter: { age: { $gte: 18 } }, batchSize: 10 }
 * // → { cursor: { firstBatch: [...10 docs], id: Long(…), ns: 'app.users' } }
 * ```
 */
export const findCommand: CommandSpec = {
  name: 'find',
  allowedInTransaction: true,
  handler(cmd, ctx) {
    const collection = targetCollection(cmd, 'find', ctx.dbName);
    let limit = countOption(cmd, 'limit', 'find', true);
    let singleBatch = boolOption(cmd, 'singleBatch');
    if (limit !== undefined && limit < 0) {
      // Legacy negative limit: one batch of at most |limit| documents.
      limit = -limit;
      singleBatch = true;
    }
    const batchSize = countOption(cmd, 'batchSize', 'find');
    const { docs } = findDocuments(ctx.engine, ctx.dbName, collection, ctx.txn, {
      filter: docOption(cmd, 'filter', 'find') ?? {},
      sort: docOption(cmd, 'sort', 'find'),
      projection: docOption(cmd, 'projection', 'find'),
      skip: countOption(cmd, 'skip', 'find'),
      limit,
      hint: cmd['hint'],
      variables: letVariables(cmd, 'find'),
      collation: resolveCollation(ctx, collection, cmd['collation']),
    });
    const ns = `${ctx.dbName}.${collection}`;
    const first = ctx.engine.cursors.open(ns, docs, { batchSize, singleBatch, sessionKey: ctx.sessionKey });
    return cursorReply(ns, first, 'firstBatch');
  },
};
