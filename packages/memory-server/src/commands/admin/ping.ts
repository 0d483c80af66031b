import type { CommandSpec } from '../types.js';

/**
 * `ping`: answers `{ ok: 1 }`.
 *
 * @example
 * ```ts
 * await client.db('admin').command({ ping: 1 }); // { ok: 1 }
 * ```
 */
export const ping: CommandSpec = {
  name: 'ping',
  handler: () => ({}),
};
