import { ServerError } from '../../errors.js';
import { runtimeOf } from '../admin/runtime.js';
import type { CommandSpec } from '../types.js';

/**
 * `commitTransaction` (admin only): applies the session's storage transaction atomically. The
 * envelope has already checked the session state (a repeated commit of a committed transaction is
 * answered there with `ok: 1`); a WriteConflict here leaves the transaction aborted.
 *
 * @example
 * ```ts
 * await session.commitTransaction(); // { commitTransaction: 1, lsid, txnNumber, autocommit: false, $db: 'admin' }
 * ```
 */
export const commitTransaction: CommandSpec = {
  name: 'commitTransaction',
  adminOnly: true,
  allowedInTransaction: true,
  handler(_cmd, ctx) {
    const { runtime, sessionKey } = runtimeOf(ctx);
    const record = sessionKey === undefined ? undefined : runtime.sessions.peek(sessionKey);
    if (record === undefined) throw new ServerError('NoSuchTransaction', 'no transaction in progress');
    runtime.sessions.commit(record);
    return {};
  },
};
