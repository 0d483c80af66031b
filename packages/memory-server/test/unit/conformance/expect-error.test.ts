import { describe, expect, it } from 'vitest';
import { MongoInvalidArgumentError, MongoServerError } from 'mongodb';
import { checkExpectedError, describeError, isClientError } from '../../../conformance/expect-error.js';
import type { MatchEntities } from '../../../conformance/matcher.js';

const entities: MatchEntities = {
  resolve: () => undefined,
  sessionLsid: () => undefined,
};

function serverError(): MongoServerError {
  return new MongoServerError({
    ok: 0,
    errmsg: 'E11000 duplicate key error',
    code: 11000,
    codeName: 'DuplicateKey',
    errorLabels: ['TransientTransactionError'],
  });
}

describe('checkExpectedError', () => {
  it('tells client errors from server errors', () => {
    expect(isClientError(new MongoInvalidArgumentError('bad'))).toBe(true);
    expect(isClientError(serverError())).toBe(false);
    expect(
      checkExpectedError({ isClientError: true }, new MongoInvalidArgumentError('bad'), entities),
    ).toBeUndefined();
    expect(checkExpectedError({ isClientError: true }, serverError(), entities)).toContain(
      'expected a client error',
    );
    expect(checkExpectedError({ isClientError: false }, serverError(), entities)).toBeUndefined();
  });

  it('checks message (case-insensitive), code and code name', () => {
    expect(
      checkExpectedError({ isError: true, errorContains: 'DUPLICATE KEY' }, serverError(), entities),
    ).toBeUndefined();
    expect(checkExpectedError({ errorContains: 'missing' }, serverError(), entities)).toContain(
      'containing "missing"',
    );
    expect(
      checkExpectedError({ errorCode: 11000, errorCodeName: 'DuplicateKey' }, serverError(), entities),
    ).toBeUndefined();
    expect(checkExpectedError({ errorCode: 2 }, serverError(), entities)).toContain('expected error code 2');
    expect(checkExpectedError({ errorCodeName: 'BadValue' }, serverError(), entities)).toContain('BadValue');
  });

  it('checks error labels present and absent', () => {
    expect(
      checkExpectedError({ errorLabelsContain: ['TransientTransactionError'] }, serverError(), entities),
    ).toBeUndefined();
    expect(
      checkExpectedError({ errorLabelsContain: ['RetryableWriteError'] }, serverError(), entities),
    ).toContain('RetryableWriteError');
    expect(
      checkExpectedError({ errorLabelsOmit: ['UnknownTransactionCommitResult'] }, serverError(), entities),
    ).toBeUndefined();
    expect(
      checkExpectedError({ errorLabelsOmit: ['TransientTransactionError'] }, serverError(), entities),
    ).toContain('no error label');
  });

  it('matches errorResponse as a root document', () => {
    expect(checkExpectedError({ errorResponse: { code: 11000 } }, serverError(), entities)).toBeUndefined();
    expect(checkExpectedError({ errorResponse: { code: 1 } }, serverError(), entities)).toContain(
      'errorResponse',
    );
  });
});

describe('describeError', () => {
  it('names class, message, code and labels', () => {
    expect(describeError(serverError())).toBe(
      'MongoServerError: E11000 duplicate key error (code 11000 DuplicateKey) labels [TransientTransactionError]',
    );
  });
});

describe('checkExpectedError with non-driver errors', () => {
  it('never accepts a TypeError as the expected error', () => {
    expect(isClientError(new TypeError('x is undefined'))).toBe(false);
    expect(checkExpectedError({ isError: true }, new TypeError('x is undefined'), entities)).toContain(
      'runner bug',
    );
    expect(checkExpectedError({ isClientError: false }, new TypeError('x'), entities)).toContain(
      'runner bug',
    );
  });
});
