import { runtimeOf } from '../admin/runtime.js';
import type { CommandSpec } from '../types.js';
import { sessionKeysFrom } from './session-list.js';

/**
 * `killSessions`: like `endSessions`; an empty list kills every session (there are no users).
 *
 * @example
 * ```ts
 * await admin.command({ killSessions: [{ id: uuid }] }); // { ok: 1 }
 * ```
 */
export const killSessions: CommandSpec = {
  name: 'killSessions',
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const { sessions } = runtimeOf(ctx).runtime;
    const keys = sessionKeysFrom(cmd['killSessions'], 'killSessions');
    if (keys.length === 0) sessions.endAll();
    else sessions.end(keys);
    return {};
  },
};
