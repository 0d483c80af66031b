import { runtimeOf } from '../admin/runtime.js';
import type { CommandSpec } from '../types.js';
import { sessionKeysFrom } from './session-list.js';

/**
 * `endSessions`: forgets the listed sessions, aborting their transactions and closing their cursors.
 * The driver sends it when a client closes.
 *
 * @example
 * ```ts
 * await admin.command({ endSessions: [{ id: uuid }] }); // { ok: 1 }
 * ```
 */
export const endSessions: CommandSpec = {
  name: 'endSessions',
  allowedInTransaction: false,
  handler(cmd, ctx) {
    runtimeOf(ctx).runtime.sessions.end(sessionKeysFrom(cmd['endSessions'], 'endSessions'));
    return {};
  },
};
