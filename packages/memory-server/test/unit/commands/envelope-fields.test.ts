import { Int32, Long, UUID } from 'bson';
import { describe, expect, it } from 'vitest';
import { parseGenericFields } from '../../../src/commands/envelope-fields.js';

describe('parseGenericFields', () => {
  it('reads session and transaction fields from BSON wrappers', () => {
    const id = new UUID();
    const fields = parseGenericFields({
      insert: 'c',
      $db: 't',
      lsid: { id },
      txnNumber: Long.fromNumber(7),
      autocommit: false,
      startTransaction: true,
      maxTimeMS: new Int32(50),
    });
    expect(fields).toMatchObject({
      dbName: 't',
      sessionKey: id.toHexString(false),
      txnNumber: 7,
      autocommit: false,
      startTransaction: true,
      maxTimeMS: 50,
      hasReadConcern: false,
      hasWriteConcern: false,
    });
    expect(fields.command).toEqual({ insert: 'c' });
  });

  it('keeps the command first key and non-generic fields in order', () => {
    const { command } = parseGenericFields({ find: 'c', $db: 't', filter: { a: 1 }, comment: 'x', limit: 1 });
    expect(Object.keys(command)).toEqual(['find', 'filter', 'limit']);
  });

  it('rejects malformed generic fields', () => {
    expect(() => parseGenericFields({ ping: 1, $db: 5 })).toThrow(/\$db/);
    expect(() => parseGenericFields({ ping: 1, $db: 'x', txnNumber: 'one' })).toThrow(/txnNumber/);
    expect(() => parseGenericFields({ ping: 1, $db: 'x', autocommit: 0 })).toThrow(/autocommit/);
    expect(() => parseGenericFields({ ping: 1, $db: 'x', writeConcern: { w: -1 } })).toThrow(/w has to be/);
    expect(() => parseGenericFields({ ping: 1, $db: 'x', apiStrict: true })).toThrow(/apiVersion/);
    expect(() =>
      parseGenericFields({
        ping: 1,
        $db: 'x',
        startTransaction: true,
        readConcern: { level: 'linearizable' },
      }),
    ).toThrow(/transaction/);
  });

  it('flags write concerns a one-member set cannot satisfy', () => {
    expect(
      parseGenericFields({ ping: 1, $db: 'x', writeConcern: { w: 'majority' } }).writeConcernProblem,
    ).toBeUndefined();
    expect(
      parseGenericFields({ ping: 1, $db: 'x', writeConcern: { w: 1 } }).writeConcernProblem,
    ).toBeUndefined();
    expect(
      parseGenericFields({ ping: 1, $db: 'x', writeConcern: { w: 3 } }).writeConcernProblem,
    ).toMatchObject({ code: 100 });
    expect(
      parseGenericFields({ ping: 1, $db: 'x', writeConcern: { w: 'dc1' } }).writeConcernProblem,
    ).toMatchObject({ code: 79 });
  });
});
