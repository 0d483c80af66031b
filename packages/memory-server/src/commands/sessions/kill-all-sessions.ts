import { runtimeOf } from '../admin/runtime.js';
import type { CommandSpec } from '../types.js';

/**
 * `killAllSessions`: ends every session (the user filter is ignored: there is no authentication).
 * Test runners send it between tests to clear leftover transactions.
 *
 * @example
 * ```ts
 * await admin.command({ killAllSessions: [] }); // { ok: 1 }
 * ```
 */
export const killAllSessions: CommandSpec = {
  name: 'killAllSessions',
  allowedInTransaction: false,
  handler(_cmd, ctx) {
    runtimeOf(ctx).runtime.sessions.endAll();
    return {};
  },
};
