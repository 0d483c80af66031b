import { describe, expect, it } from 'vitest';
import { allowDriverDifferences } from '../../../conformance/driver-allowances.js';

describe('allowDriverDifferences', () => {
  it('drops the driver-added wtimeout from commit/abort write concerns the test does not expect', () => {
    const actual = { commitTransaction: 1, writeConcern: { w: 'majority', wtimeout: 10000 } };
    expect(allowDriverDifferences({ writeConcern: { w: 'majority' } }, actual)).toEqual({
      commitTransaction: 1,
      writeConcern: { w: 'majority' },
    });
    expect(actual.writeConcern.wtimeout).toBe(10000);
  });

  it('keeps wtimeout when the test expects it, and on other commands', () => {
    const commit = { commitTransaction: 1, writeConcern: { w: 'majority', wtimeout: 10000 } };
    expect(allowDriverDifferences({ writeConcern: { w: 'majority', wtimeout: 10000 } }, commit)).toBe(commit);
    const insert = { insert: 'c', writeConcern: { w: 1, wtimeout: 10000 } };
    expect(allowDriverDifferences({ writeConcern: { w: 1 } }, insert)).toBe(insert);
  });

  it('treats a missing bypassDocumentValidation as false only when false is expected', () => {
    expect(allowDriverDifferences({ bypassDocumentValidation: false }, { insert: 'c' })).toEqual({
      insert: 'c',
      bypassDocumentValidation: false,
    });
    expect(allowDriverDifferences({ bypassDocumentValidation: true }, { insert: 'c' })).toEqual({
      insert: 'c',
    });
  });
});
