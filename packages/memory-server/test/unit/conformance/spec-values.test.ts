import { describe, expect, it } from 'vitest';
import { Binary, Decimal128, Long, ObjectId, Timestamp } from 'mongodb';
import { parseSpecJson } from '../../../conformance/spec-values.js';

describe('parseSpecJson', () => {
  it('turns canonical Extended JSON wrappers into BSON classes', () => {
    const v = parseSpecJson(
      '{"id": {"$oid": "000000000000000000000001"}, "n": {"$numberLong": "5"}, "d": {"$numberDecimal": "1.5"},' +
        ' "when": {"$date": "1970-01-01T00:00:00.000Z"}, "bin": {"$binary": {"base64": "EQ==", "subType": "00"}},' +
        ' "ts": {"$timestamp": {"t": 1, "i": 2}}}',
    ) as Record<string, unknown>;
    expect(v['id']).toBeInstanceOf(ObjectId);
    expect(v['n']).toBeInstanceOf(Long);
    expect(String(v['n'])).toBe('5');
    expect(v['d']).toBeInstanceOf(Decimal128);
    expect(v['when']).toEqual(new Date(0));
    expect(v['bin']).toBeInstanceOf(Binary);
    expect(Buffer.from((v['bin'] as Binary).buffer).toString('hex')).toBe('11');
    expect(v['ts']).toBeInstanceOf(Timestamp);
  });

  it('keeps plain JSON numbers as JS numbers, nested in arrays and documents', () => {
    expect(parseSpecJson('{"a": [1, {"b": 2.5}]}')).toEqual({ a: [1, { b: 2.5 }] });
  });

  it('leaves query operators and runner operators alone', () => {
    expect(parseSpecJson('{"x": {"$regex": "^a", "$options": "i"}}')).toEqual({
      x: { $regex: '^a', $options: 'i' },
    });
    expect(parseSpecJson('{"x": {"$$unsetOrMatches": {"$numberLong": "1"}}}')).toEqual({
      x: { $$unsetOrMatches: new Long(1) },
    });
    expect(parseSpecJson('{"$$hexBytes": "11"}')).toEqual({ $$hexBytes: '11' });
  });
});
