import { ErrorCodes } from '../../errors.js';

/** Names of codes a fail point may inject that `ErrorCodes` does not list. */
const EXTRA_NAMES: Record<number, string> = {
  6: 'HostUnreachable',
  7: 'HostNotFound',
  8: 'UnknownError',
  11: 'UserNotFound',
  18: 'AuthenticationFailed',
  24: 'LockTimeout',
  63: 'StaleShardVersion',
  64: 'WriteConcernFailed',
  79: 'UnknownReplWriteConcern',
  89: 'NetworkTimeout',
  91: 'ShutdownInProgress',
  100: 'UnsatisfiableWriteConcern',
  133: 'FailedToSatisfyReadPreference',
  134: 'ReadConcernMajorityNotAvailableYet',
  150: 'StaleEpoch',
  175: 'QueryPlanKilled',
  189: 'PrimarySteppedDown',
  202: 'NetworkInterfaceExceededTimeLimit',
  237: 'CursorKilled',
  239: 'SnapshotTooOld',
  246: 'SnapshotUnavailable',
  262: 'ExceededTimeLimit',
  267: 'PreparedTransactionInProgress',
  280: 'ChangeStreamFatalError',
  9001: 'SocketException',
  11600: 'InterruptedAtShutdown',
  11601: 'Interrupted',
  11602: 'InterruptedDueToReplStateChange',
  13388: 'StaleConfig',
  13435: 'NotPrimaryNoSecondaryOk',
  13436: 'NotPrimaryOrSecondary',
};

const BY_CODE = new Map<number, string>(
  Object.entries(EXTRA_NAMES).map(([code, name]) => [Number(code), name]),
);
for (const [name, code] of Object.entries(ErrorCodes)) BY_CODE.set(code, name);

/**
 * MongoDB's name for an error code, or `Location<code>` for unnamed ones.
 *
 * @example
 * ```ts
 * codeNameFor(91);    // 'ShutdownInProgress'
 * codeNameFor(12345); // 'Location12345'
 * ```
 */
export function codeNameFor(code: number): string {
  return BY_CODE.get(code) ?? `Location${code}`;
}
