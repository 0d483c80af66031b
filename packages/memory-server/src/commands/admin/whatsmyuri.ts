import type { CommandSpec } from '../types.js';
import { runtimeOf } from './runtime.js';

/**
 * `whatsmyuri`: the client's own `ip:port` as the server sees it.
 *
 * @example
 * ```ts
 * await admin.command({ whatsmyuri: 1 }); // { you: '127.0.0.1:53122' }
 * ```
 */
export const whatsmyuri: CommandSpec = {
  name: 'whatsmyuri',
  handler: (_cmd, ctx) => ({ you: runtimeOf(ctx).connection.remoteAddress }),
};
