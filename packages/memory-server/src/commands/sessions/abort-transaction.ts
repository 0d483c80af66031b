import { ServerError } from '../../errors.js';
import { runtimeOf } from '../admin/runtime.js';
import type { CommandSpec } from '../types.js';

/**
 * `abortTransaction` (admin only): discards the session's transaction. The envelope has checked
 * the state: aborting a committed transaction is TransactionCommitted (256), an aborted or unknown
 * one NoSuchTransaction (251).
 *
 * @example
 * ```ts
 * await session.abortTransaction(); // { abortTransaction: 1, lsid, txnNumber, autocommit: false, $db: 'admin' }
 * ```
 */
export const abortTransaction: CommandSpec = {
  name: 'abortTransaction',
  adminOnly: true,
  allowedInTransaction: true,
  handler(_cmd, ctx) {
    const { runtime, sessionKey } = runtimeOf(ctx);
    const record = sessionKey === undefined ? undefined : runtime.sessions.peek(sessionKey);
    if (record === undefined || record.state !== 'inProgress') {
      throw new ServerError('NoSuchTransaction', 'no transaction in progress');
    }
    runtime.sessions.abortIfActive(record);
    return {};
  },
};
