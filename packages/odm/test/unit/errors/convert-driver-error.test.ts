import { describe, expect, it } from 'vitest';
import { MongoServerError, MongoServerSelectionError } from 'mongodb';
import { convertDriverError } from '../../../src/errors/convert-driver-error.js';
import { BulkWriteError, NotUniqueError, OperationError } from '../../../src/errors/operation-error.js';
import { ConnectionError, InvalidQueryError } from '../../../src/errors/usage-errors.js';

describe('convertDriverError', () => {
  it('turns E11000 into NotUniqueError naming the field and value', () => {
    const driver = new MongoServerError({
      code: 11000,
      errmsg: 'E11000 duplicate key error collection: db.users index: email_1 dup key: { email: "a@b.c" }',
      keyPattern: { email: 1 },
      keyValue: { email: 'a@b.c' },
    });
    const e = convertDriverError(driver);
    expect(e).toBeInstanceOf(NotUniqueError);
    const n = e as NotUniqueError;
    expect(n.fields).toEqual(['email']);
    expect(n.value).toEqual({ email: 'a@b.c' });
    expect(n.index).toBe('email_1');
    expect(n.cause).toBe(driver);
    expect(n.message).toContain("'email'");
  });

  it('reads fields and value from the message when keyPattern/keyValue are missing', () => {
    const e = convertDriverError(
      new MongoServerError({
        code: 11000,
        errmsg:
          'E11000 duplicate key error collection: db.u index: name_1_age_-1 dup key: { name: "x", age: 3 }',
      }),
    ) as NotUniqueError;
    expect(e.fields).toEqual(['name', 'age']);
    expect(e.value).toEqual({ name: 'x', age: 3 });
  });

  it('converts other server errors to OperationError and bulk failures by their write errors', () => {
    const other = convertDriverError(new MongoServerError({ code: 2, errmsg: 'bad value' }));
    expect(other).toBeInstanceOf(OperationError);
    expect(other).not.toBeInstanceOf(NotUniqueError);
    const bulkDup = {
      name: 'MongoBulkWriteError',
      message: 'dup',
      writeErrors: [
        { code: 11000, errmsg: 'E11000 duplicate key error collection: d.c index: _id_ dup key: { _id: 1 }' },
      ],
    };
    expect(convertDriverError(bulkDup)).toBeInstanceOf(NotUniqueError);
    const bulkOther = {
      name: 'MongoBulkWriteError',
      message: 'x',
      writeErrors: [{ code: 121, errmsg: 'validation' }],
    };
    expect(convertDriverError(bulkOther)).toBeInstanceOf(BulkWriteError);
  });

  it('maps unreachable servers to ConnectionError and leaves other errors alone', () => {
    const sel = new MongoServerSelectionError('timed out', { type: 'Unknown', servers: new Map() } as never);
    expect(convertDriverError(sel)).toBeInstanceOf(ConnectionError);
    const ours = new InvalidQueryError('x');
    expect(convertDriverError(ours)).toBe(ours);
    const plain = new TypeError('x');
    expect(convertDriverError(plain)).toBe(plain);
  });
});
