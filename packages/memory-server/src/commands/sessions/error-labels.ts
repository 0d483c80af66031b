/**
 * MongoDB's "RetriableError" category (src/mongo/base/error_codes.yml): failures after which the
 * operation may be retried on the same server.
 */
export const RETRIABLE_CODES: ReadonlySet<number> = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  133, // FailedToSatisfyReadPreference
  134, // ReadConcernMajorityNotAvailableYet
  189, // PrimarySteppedDown
  202, // NetworkInterfaceExceededTimeLimit
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** Codes that make a whole transaction safe to retry wherever they occur inside it. */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([
  24, // LockTimeout
  112, // WriteConflict
  239, // SnapshotTooOld
  246, // SnapshotUnavailable
  267, // PreparedTransactionInProgress
]);

/** What {@link computeErrorLabels} needs to know about the failed command. */
export interface LabelInput {
  /** Top-level error code, if the command failed. */
  readonly code?: number;
  /** `writeConcernError.code`, if any. */
  readonly writeConcernCode?: number;
  /** Canonical command name. */
  readonly commandName: string;
  /** The command carried `txnNumber`. */
  readonly hasTxnNumber: boolean;
  /** The command carried `autocommit` (i.e. it belongs to a multi-document transaction). */
  readonly hasAutocommit: boolean;
}

/**
 * The error labels MongoDB's server itself attaches (as opposed to those the driver adds for
 * network errors): `TransientTransactionError` inside transactions, `RetryableWriteError` on
 * retryable writes and commit/abort, `UnknownTransactionCommitResult` on commit only.
 * Verified against the driver spec tests in `transactions/error-labels*.json`.
 *
 * @example
 * ```ts
 * computeErrorLabels({ code: 112, commandName: 'insert', hasTxnNumber: true, hasAutocommit: true });
 * // ['TransientTransactionError']
 * ```
 */
export function computeErrorLabels(input: LabelInput): string[] {
  const { code, writeConcernCode: wc, commandName } = input;
  const labels: string[] = [];
  const isCommit = commandName === 'commitTransaction';
  const isCommitOrAbort = isCommit || commandName === 'abortTransaction';

  if (code !== undefined && input.hasTxnNumber && input.hasAutocommit) {
    let transient = TRANSIENT_CODES.has(code);
    if (isCommitOrAbort) {
      // Retrying the whole transaction after NoSuchTransaction is safe only if nothing may roll back.
      transient ||= code === 251 && wc === undefined;
    } else {
      transient ||= RETRIABLE_CODES.has(code) || code === 251;
    }
    if (transient) labels.push('TransientTransactionError');
  }

  const retryableWrite = input.hasTxnNumber && !input.hasAutocommit;
  if (retryableWrite || isCommitOrAbort) {
    if ((code !== undefined && RETRIABLE_CODES.has(code)) || (wc !== undefined && RETRIABLE_CODES.has(wc))) {
      labels.push('RetryableWriteError');
    }
  }

  if (isCommit) {
    const timeLimit = (c: number | undefined): boolean => c === 50 || c === 262;
    const unknown = labels.includes('RetryableWriteError') || timeLimit(code) || timeLimit(wc) || wc === 64; // WriteConcernFailed: the commit may or may not have replicated
    if (unknown && !labels.includes('TransientTransactionError'))
      labels.push('UnknownTransactionCommitResult');
  }
  return labels;
}
