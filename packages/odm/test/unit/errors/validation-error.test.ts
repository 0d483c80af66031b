import { describe, expect, it } from 'vitest';
import { MongoEngineError } from '../../../src/errors/mongo-engine-error.js';
import {
  NotUniqueError,
  OperationError,
  SaveConditionError,
  BulkWriteError,
} from '../../../src/errors/operation-error.js';
import { ConnectionError, DoesNotExist, InvalidQueryError } from '../../../src/errors/usage-errors.js';
import { NON_FIELD_ERRORS, ValidationError } from '../../../src/errors/validation-error.js';

describe('error tree', () => {
  it('roots every error at MongoEngineError with its own name', () => {
    const e = new NotUniqueError('dup', { fields: ['email'], value: { email: 'a' } });
    expect(e).toBeInstanceOf(OperationError);
    expect(e).toBeInstanceOf(MongoEngineError);
    expect(e.name).toBe('NotUniqueError');
    expect(e.fields).toEqual(['email']);
    expect(new SaveConditionError('x')).toBeInstanceOf(OperationError);
    expect(new BulkWriteError('x')).toBeInstanceOf(OperationError);
    expect(new DoesNotExist('x').name).toBe('DoesNotExist');
    expect(new InvalidQueryError('x')).toBeInstanceOf(MongoEngineError);
    expect(new ConnectionError('x', { cause: 'why' }).cause).toBe('why');
  });
});

describe('ValidationError', () => {
  const issues = [
    { path: 'name', code: 'required', message: 'Field is required' },
    { path: 'addresses.2.zip', code: 'regex', message: 'bad zip' },
    { path: 'addresses.2.city', code: 'required', message: 'Field is required' },
    { path: '', code: 'clean', message: 'dates out of order' },
  ];

  it('lists every issue in its message', () => {
    const e = new ValidationError(issues, { summary: 'ValidationError (User:None)' });
    expect(e.message).toContain('ValidationError (User:None): 4 problems');
    expect(e.message).toContain('addresses.2.zip: bad zip (regex)');
    expect(e.message).toContain(`${NON_FIELD_ERRORS}: dates out of order`);
    expect(e.issues).toHaveLength(4);
  });

  it('nests issues by path in toDict()', () => {
    expect(new ValidationError(issues).toDict()).toEqual({
      name: 'Field is required',
      addresses: { '2': { zip: 'bad zip', city: 'Field is required' } },
      __all__: 'dates out of order',
    });
  });

  it('keeps both a parent message and child messages', () => {
    const d = new ValidationError([
      { path: 'tags', code: 'max_length', message: 'too long' },
      { path: 'tags.0', code: 'type', message: 'not a string' },
    ]).toDict();
    expect(d).toEqual({ tags: { __all__: 'too long', '0': 'not a string' } });
  });
});
