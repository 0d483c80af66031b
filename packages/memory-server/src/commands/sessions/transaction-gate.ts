import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import type { StorageTransaction } from '../../storage/engine.js';
import type { CommandSpec } from '../types.js';
import type { SessionRecord, SessionTable } from './session-table.js';

/** The session fields of one command, already type-checked by the envelope. */
export interface SessionFields {
  readonly txnNumber: number | undefined;
  readonly autocommit: boolean | undefined;
  readonly startTransaction: boolean | undefined;
  readonly hasReadConcern: boolean;
  readonly hasWriteConcern: boolean;
}

/** What the envelope must do with a command, once its session state has been checked. */
export type Admission =
  /** Run it; inside the transaction `txn` when `inTransaction`. */
  | {
      readonly kind: 'run';
      readonly inTransaction: boolean;
      readonly txn: StorageTransaction | undefined;
      /** Set for a retryable write: its reply is cached under this txnNumber. */
      readonly retryableWrite: boolean;
    }
  /** Do not run it: answer with this reply body (a retried write or a repeated commit). */
  | { readonly kind: 'replay'; readonly reply: Doc };

const TRANSACTION_END = new Set(['commitTransaction', 'abortTransaction']);

/**
 * MongoDB's per-session state machine for multi-document transactions and retryable writes:
 * decides whether a command may run, in which transaction, or whether an earlier reply is replayed.
 * Throws the server's errors (NoSuchTransaction 251, TransactionTooOld 225, TransactionCommitted 256,
 * OperationNotSupportedInTransaction 263, InvalidOptions 72). Error labels are added later by the envelope.
 *
 * @example
 * ```ts
 * const admission = admitCommand(commandSpec, fields, record, sessions);
 * if (admission.kind === 'replay') console.log(admission.reply); // answered from the session's cache
 * ```
 */
export function admitCommand(
  spec: CommandSpec,
  fields: SessionFields,
  record: SessionRecord | undefined,
  sessions: SessionTable,
): Admission {
  const { txnNumber, autocommit, startTransaction } = fields;
  const endsTransaction = TRANSACTION_END.has(spec.name);
  if (txnNumber !== undefined && record === undefined) {
    throw new ServerError('InvalidOptions', 'Transaction number requires a session ID to also be specified');
  }
  if (autocommit !== undefined) {
    if (txnNumber === undefined) {
      throw new ServerError(
        'InvalidOptions',
        "'autocommit' field requires a transaction number to also be specified",
      );
    }
    if (autocommit !== false)
      throw new ServerError('InvalidOptions', 'Specifying autocommit=true is not allowed.');
  }
  if (startTransaction !== undefined) {
    if (startTransaction !== true) {
      throw new ServerError('InvalidOptions', 'Specifying startTransaction=false is not allowed.');
    }
    if (autocommit === undefined) {
      throw new ServerError(
        'InvalidOptions',
        'txnNumber may only be provided for multi-document transactions and retryable write commands. autocommit:false was not provided',
      );
    }
  }
  if (endsTransaction && autocommit === undefined) {
    throw new ServerError('InvalidOptions', `'${spec.name}' must be run within a transaction`);
  }

  if (record === undefined || txnNumber === undefined) {
    return { kind: 'run', inTransaction: false, txn: undefined, retryableWrite: false };
  }

  if (autocommit === false)
    return admitInTransaction(spec, fields, record, sessions, txnNumber, endsTransaction);

  // A retryable write outside a transaction.
  if (spec.isWrite !== true) {
    throw new ServerError(
      'Location50768',
      `txnNumber may only be provided for multi-document transactions and retryable write commands. autocommit:false was not provided, and ${spec.name} is not a retryable write command.`,
    );
  }
  if (txnNumber < record.txnNumber) throw tooOld(txnNumber, record);
  if (txnNumber === record.txnNumber) {
    if (record.state !== 'none') {
      throw new ServerError(
        'ConflictingOperationInProgress',
        `Cannot run a retryable write with txnNumber ${txnNumber}: that number is used by a transaction`,
      );
    }
    if (record.retryReply !== undefined) return { kind: 'replay', reply: record.retryReply };
  } else {
    sessions.advanceForRetryableWrite(record, txnNumber);
  }
  return { kind: 'run', inTransaction: false, txn: undefined, retryableWrite: true };
}

function admitInTransaction(
  spec: CommandSpec,
  fields: SessionFields,
  record: SessionRecord,
  sessions: SessionTable,
  txnNumber: number,
  endsTransaction: boolean,
): Admission {
  if (spec.allowedInTransaction === false) {
    throw new ServerError(
      'OperationNotSupportedInTransaction',
      `Cannot run '${spec.name}' in a multi-document transaction.`,
    );
  }
  if (txnNumber < record.txnNumber) throw tooOld(txnNumber, record);
  if (fields.startTransaction === true) {
    if (txnNumber === record.txnNumber) {
      throw new ServerError(
        { code: 50911, codeName: 'Location50911' },
        `Cannot start a transaction at given transaction number ${txnNumber} a transaction with the same number is in state ${record.state}`,
      );
    }
    if (endsTransaction) {
      throw new ServerError('InvalidOptions', `'${spec.name}' cannot start a transaction`);
    }
    if (fields.hasWriteConcern) {
      throw new ServerError('InvalidOptions', 'Cannot set write concern after starting a transaction.');
    }
    sessions.begin(record, txnNumber);
    return { kind: 'run', inTransaction: true, txn: record.txn, retryableWrite: false };
  }

  if (txnNumber === record.txnNumber && sessions.expireIfTooOld(record)) {
    throw new ServerError(
      'NoSuchTransaction',
      `Transaction with { txnNumber: ${txnNumber} } has been aborted: it exceeded transactionLifetimeLimitSeconds.`,
    );
  }
  if (txnNumber > record.txnNumber || record.state === 'none') {
    throw new ServerError(
      'NoSuchTransaction',
      `Given transaction number ${txnNumber} does not match any in-progress transactions. The active transaction number is ${record.txnNumber}`,
    );
  }
  if (record.state === 'aborted') {
    throw new ServerError(
      'NoSuchTransaction',
      `Transaction with { txnNumber: ${txnNumber} } has been aborted.`,
    );
  }
  if (record.state === 'committed') {
    // A retried commit of a committed transaction succeeds again (the driver retries commits).
    if (spec.name === 'commitTransaction') return { kind: 'replay', reply: {} };
    throw new ServerError(
      'TransactionCommitted',
      `Transaction with { txnNumber: ${txnNumber} } has been committed.`,
    );
  }
  if (fields.hasReadConcern) {
    throw new ServerError(
      'InvalidOptions',
      'Only the first command in a transaction may specify a readConcern',
    );
  }
  if (fields.hasWriteConcern && !endsTransaction) {
    throw new ServerError('InvalidOptions', 'Cannot set write concern after starting a transaction.');
  }
  return { kind: 'run', inTransaction: true, txn: record.txn, retryableWrite: false };
}

function tooOld(txnNumber: number, record: SessionRecord): ServerError {
  return new ServerError(
    'TransactionTooOld',
    `Cannot start transaction ${txnNumber} on session ${record.key} because a newer transaction ${record.txnNumber} has already started.`,
  );
}
