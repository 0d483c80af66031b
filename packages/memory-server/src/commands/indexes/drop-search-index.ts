import type { CommandSpec } from '../types.js';
import { searchNotEnabled } from './search-not-enabled.js';

/**
 * `dropSearchIndex`: Atlas Search is not available, as on a self-managed mongod (SearchNotEnabled 31082).
 *
 * @example
 * ```ts
 * // { dropSearchIndex: 'c', … } → { ok: 0, code: 31082, errmsg: 'Using Atlas Search … requires additional configuration …' }
 * ```
 */
export const dropSearchIndexCommand: CommandSpec = {
  name: 'dropSearchIndex',
  allowedInTransaction: false,
  handler() {
    throw searchNotEnabled();
  },
};
