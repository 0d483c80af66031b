import type { CommandSpec } from '../types.js';

/**
 * `dropDatabase`: drops every collection of the command's database.
 *
 * @example
 * ```ts
 * // { dropDatabase: 1, $db: 'app' } → { dropped: 'app' }
 * ```
 */
export const dropDatabaseCommand: CommandSpec = {
  name: 'dropDatabase',
  allowedInTransaction: false,
  handler(_cmd, ctx) {
    ctx.engine.dropDatabase(ctx.dbName);
    return { dropped: ctx.dbName };
  },
};
