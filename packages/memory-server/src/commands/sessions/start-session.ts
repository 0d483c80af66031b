import { UUID } from 'bson';
import { runtimeOf } from '../admin/runtime.js';
import type { CommandSpec } from '../types.js';
import { SESSION_TIMEOUT_MINUTES } from './session-table.js';

/**
 * `startSession`: creates a server-side session id (drivers normally make their own).
 *
 * @example
 * ```ts
 * await admin.command({ startSession: 1 }); // { id: { id: UUID(...) }, timeoutMinutes: 30 }
 * ```
 */
export const startSession: CommandSpec = {
  name: 'startSession',
  allowedInTransaction: false,
  handler(_cmd, ctx) {
    const id = new UUID();
    runtimeOf(ctx).runtime.sessions.touch(id.toHexString(false));
    return { id: { id }, timeoutMinutes: SESSION_TIMEOUT_MINUTES };
  },
};
