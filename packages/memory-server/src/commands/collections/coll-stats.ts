import { ServerError } from '../../errors.js';
import { toNumber } from '../../storage/numbers.js';
import { targetCollection } from '../crud/command-args.js';
import { collectionStats } from '../crud/storage-stages.js';
import type { CommandSpec } from '../types.js';

/**
 * `collStats`: count, sizes (estimates), index count and sizes, capped flag of a collection;
 * NamespaceNotFound (26) when it does not exist.
 *
 * @example
 * ```ts
 * // { collStats: 'users' } → { ns: 'app.users', count: 3, size: 150, avgObjSize: 50, nindexes: 1, … }
 * ```
 */
export const collStatsCommand: CommandSpec = {
  name: 'collStats',
  aliases: ['collstats'],
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const name = targetCollection(cmd, 'collStats', ctx.dbName);
    if (!ctx.engine.getCollection(ctx.dbName, name)) {
      throw new ServerError('NamespaceNotFound', `Collection [${ctx.dbName}.${name}] not found.`);
    }
    return collectionStats(ctx.engine, ctx.dbName, name, Math.max(1, toNumber(cmd['scale']) ?? 1));
  },
};
