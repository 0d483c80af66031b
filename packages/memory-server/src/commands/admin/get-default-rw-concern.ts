import type { CommandSpec } from '../types.js';

/**
 * `getDefaultRWConcern` (admin only): MongoDB 7.0's implicit defaults — `w: 'majority'` writes,
 * `local` reads.
 *
 * @example
 * ```ts
 * await admin.command({ getDefaultRWConcern: 1 }); // { defaultWriteConcern: { w: 'majority', wtimeout: 0 }, ... }
 * ```
 */
export const getDefaultRWConcern: CommandSpec = {
  name: 'getDefaultRWConcern',
  adminOnly: true,
  allowedInTransaction: false,
  handler: () => ({
    defaultReadConcern: { level: 'local' },
    defaultWriteConcern: { w: 'majority', wtimeout: 0 },
    defaultWriteConcernSource: 'implicit',
    defaultReadConcernSource: 'implicit',
    localUpdateWallClockTime: new Date(),
  }),
};
