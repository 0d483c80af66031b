import { ServerError } from '../../errors.js';
import type { CommandSpec } from '../types.js';
import { countOption, cursorReply } from './command-args.js';

/**
 * `getMore`: the next batch of an open cursor (CursorNotFound 43 when it is unknown or exhausted).
 *
 * @example
 * ```ts
 * // { getMore: Long(7), collection: 'users', batchSize: 10 } → { cursor: { nextBatch: [...], id, ns } }
 * ```
 */
export const getMoreCommand: CommandSpec = {
  name: 'getMore',
  allowedInTransaction: true,
  handler(cmd, ctx) {
    const collection = cmd['collection'];
    if (typeof collection !== 'string' || collection === '') {
      throw new ServerError(
        { code: 40414, codeName: 'Location40414' },
        "BSON field 'getMore.collection' is missing but a required field",
      );
    }
    const ns = `${ctx.dbName}.${collection}`;
    const batchSize = countOption(cmd, 'batchSize', 'getMore');
    const next = ctx.engine.cursors.getMore(cmd['getMore'], ns, {
      batchSize: batchSize === 0 ? undefined : batchSize,
      sessionKey: ctx.sessionKey,
    });
    return cursorReply(ns, next, 'nextBatch');
  },
};
