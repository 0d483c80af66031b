import { targetCollection } from '../crud/command-args.js';
import type { CommandSpec } from '../types.js';

/**
 * `drop`: drops a collection and its indexes. As in MongoDB 7.0, dropping a missing collection succeeds.
 *
 * @example
 * ```ts
 * // { drop: 'users' } → { nIndexesWas: 2, ns: 'app.users' }
 * ```
 */
export const dropCommand: CommandSpec = {
  name: 'drop',
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const name = targetCollection(cmd, 'drop', ctx.dbName);
    const dropped = ctx.engine.dropCollection(ctx.dbName, name);
    if (!dropped) return {};
    return { nIndexesWas: dropped.indexes.size, ns: dropped.ns };
  },
};
