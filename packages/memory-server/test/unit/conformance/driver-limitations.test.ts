import { describe, expect, it } from 'vitest';
import { driverLimitation } from '../../../conformance/driver-limitations.js';

describe('driverLimitation', () => {
  it('names the driver limitation of the listed tests only', () => {
    expect(
      driverLimitation('crud', 'create-null-ids.json', 'inserting _id with type null via insertOne'),
    ).toContain('null _id');
    expect(
      driverLimitation('crud', 'create-null-ids.json', 'inserting _id with type null via updateOne'),
    ).toBeUndefined();
    expect(driverLimitation('gridfs', 'download.json', 'download when final chunk is missing')).toContain(
      'GridFS',
    );
    expect(
      driverLimitation('gridfs', 'download.json', 'download when an intermediate chunk is missing'),
    ).toBeUndefined();
  });
});
