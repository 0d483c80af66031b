import { describe, expect, it } from 'vitest';
import { computeErrorLabels } from '../../../../src/commands/sessions/error-labels.js';

const inTxn = { hasTxnNumber: true, hasAutocommit: true };
const retryable = { hasTxnNumber: true, hasAutocommit: false };

describe('computeErrorLabels (transactions/error-labels*.json)', () => {
  it('labels transient errors inside transactions', () => {
    expect(computeErrorLabels({ code: 112, commandName: 'insert', ...inTxn })).toEqual([
      'TransientTransactionError',
    ]);
    expect(computeErrorLabels({ code: 10107, commandName: 'insert', ...inTxn })).toEqual([
      'TransientTransactionError',
    ]);
    expect(computeErrorLabels({ code: 251, commandName: 'commitTransaction', ...inTxn })).toEqual([
      'TransientTransactionError',
    ]);
  });

  it('adds nothing for DuplicateKey, MaxTimeMSExpired on a statement, or a statement writeConcernError', () => {
    expect(computeErrorLabels({ code: 11000, commandName: 'insert', ...inTxn })).toEqual([]);
    expect(computeErrorLabels({ code: 50, commandName: 'aggregate', ...inTxn })).toEqual([]);
    expect(computeErrorLabels({ writeConcernCode: 91, commandName: 'insert', ...inTxn })).toEqual([]);
  });

  it('adds UnknownTransactionCommitResult on commit for time limits and WriteConcernFailed only', () => {
    expect(computeErrorLabels({ code: 50, commandName: 'commitTransaction', ...inTxn })).toEqual([
      'UnknownTransactionCommitResult',
    ]);
    expect(computeErrorLabels({ writeConcernCode: 64, commandName: 'commitTransaction', ...inTxn })).toEqual([
      'UnknownTransactionCommitResult',
    ]);
    expect(computeErrorLabels({ writeConcernCode: 100, commandName: 'commitTransaction', ...inTxn })).toEqual(
      [],
    );
    expect(computeErrorLabels({ writeConcernCode: 79, commandName: 'commitTransaction', ...inTxn })).toEqual(
      [],
    );
    expect(computeErrorLabels({ code: 50, commandName: 'abortTransaction', ...inTxn })).toEqual([]);
  });

  it('adds RetryableWriteError for retryable codes on retryable writes and commit/abort', () => {
    expect(computeErrorLabels({ code: 91, commandName: 'insert', ...retryable })).toEqual([
      'RetryableWriteError',
    ]);
    expect(computeErrorLabels({ writeConcernCode: 11600, commandName: 'update', ...retryable })).toEqual([
      'RetryableWriteError',
    ]);
    expect(computeErrorLabels({ code: 11602, commandName: 'commitTransaction', ...inTxn })).toEqual([
      'RetryableWriteError',
      'UnknownTransactionCommitResult',
    ]);
    expect(computeErrorLabels({ code: 189, commandName: 'abortTransaction', ...inTxn })).toEqual([
      'RetryableWriteError',
    ]);
    expect(
      computeErrorLabels({ code: 91, commandName: 'insert', hasTxnNumber: false, hasAutocommit: false }),
    ).toEqual([]);
    expect(computeErrorLabels({ code: 11000, commandName: 'insert', ...retryable })).toEqual([]);
  });
});
