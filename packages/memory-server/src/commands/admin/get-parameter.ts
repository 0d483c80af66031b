import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { TRANSACTION_LIFETIME_LIMIT_SECONDS } from '../sessions/session-table.js';
import type { CommandSpec } from '../types.js';

/** Server parameters `getParameter` can report, with their fixed values. */
const PARAMETERS: Readonly<Record<string, unknown>> = {
  featureCompatibilityVersion: { version: '7.0' },
  enableTestCommands: true,
  transactionLifetimeLimitSeconds: TRANSACTION_LIFETIME_LIMIT_SECONDS,
  maxTransactionLockRequestTimeoutMillis: 5,
  logicalSessionRefreshMillis: 300_000,
  localLogicalSessionTimeoutMinutes: 30,
  authenticationMechanisms: [],
  requireApiVersion: false,
  notablescan: false,
  internalQueryMaxBlockingSortMemoryUsageBytes: 104_857_600,
};

/**
 * `getParameter`: `{ getParameter: 1, featureCompatibilityVersion: 1 }` for named parameters,
 * `{ getParameter: '*' }` for all of them.
 *
 * @example
 * ```ts
 * await admin.command({ getParameter: 1, featureCompatibilityVersion: 1 }); // { featureCompatibilityVersion: { version: '7.0' } }
 * ```
 */
export const getParameter: CommandSpec = {
  name: 'getParameter',
  adminOnly: true,
  allowedInTransaction: false,
  handler(cmd) {
    if (cmd['getParameter'] === '*') return { ...PARAMETERS };
    const reply: Doc = {};
    for (const key of Object.keys(cmd).slice(1)) {
      if (key in PARAMETERS) reply[key] = PARAMETERS[key];
    }
    if (Object.keys(reply).length === 0) throw new ServerError('InvalidOptions', 'no option found to get');
    return reply;
  },
};
