import type { CommandSpec } from '../types.js';
import { arrayOption, targetCollection } from './command-args.js';

/**
 * `killCursors`: closes cursors early (the driver sends it when a cursor is closed before it is exhausted).
 *
 * @example
 * ```ts
 * // { killCursors: 'users', cursors: [Long(7)] }
 * // → { cursorsKilled: [Long(7)], cursorsNotFound: [], cursorsAlive: [], cursorsUnknown: [] }
 * ```
 */
export const killCursorsCommand: CommandSpec = {
  name: 'killCursors',
  allowedInTransaction: true,
  handler(cmd, ctx) {
    const collection = targetCollection(cmd, 'killCursors', ctx.dbName);
    const ids = arrayOption(cmd, 'cursors', 'killCursors');
    const result = ctx.engine.cursors.kill(`${ctx.dbName}.${collection}`, ids);
    return { ...result };
  },
};
