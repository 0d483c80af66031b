import type { CommandSpec } from '../types.js';
import { searchNotEnabled } from './search-not-enabled.js';

/**
 * `createSearchIndexes`: Atlas Search is not available, as on a self-managed mongod (SearchNotEnabled 31082).
 *
 * @example
 * ```ts
 * // { createSearchIndexes: 'c', … } → { ok: 0, code: 31082, errmsg: 'Using Atlas Search … requires additional configuration …' }
 * ```
 */
export const createSearchIndexesCommand: CommandSpec = {
  name: 'createSearchIndexes',
  allowedInTransaction: false,
  handler() {
    throw searchNotEnabled();
  },
};
