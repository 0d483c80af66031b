import { runtimeOf } from '../admin/runtime.js';
import type { CommandSpec } from '../types.js';
import { sessionKeysFrom } from './session-list.js';

/**
 * `refreshSessions`: marks the listed sessions as used, postponing their expiry.
 *
 * @example
 * ```ts
 * await admin.command({ refreshSessions: [{ id: uuid }] }); // { ok: 1 }
 * ```
 */
export const refreshSessions: CommandSpec = {
  name: 'refreshSessions',
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const { sessions } = runtimeOf(ctx).runtime;
    for (const key of sessionKeysFrom(cmd['refreshSessions'], 'refreshSessions')) sessions.touch(key);
    return {};
  },
};
