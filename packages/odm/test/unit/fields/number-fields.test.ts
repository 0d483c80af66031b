import { describe, expect, it } from 'vitest';
import { Decimal128, Double, Int32, Long } from 'mongodb';
import { Decimal128Field, DecimalField } from '../../../src/fields/decimal-field.js';
import { FloatField } from '../../../src/fields/float-field.js';
import { IntField, LongField } from '../../../src/fields/int-field.js';

const ctx = { path: 'x' };
const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('IntField', () => {
  const f = new IntField({ min: 0, max: 10 }).bind('n', 'T');
  it('validates integers and ranges', () => {
    expect(f.validate(5, 'n')).toEqual([]);
    expect(codes(f.validate(1.5, 'n'))).toEqual(['type']);
    expect(codes(f.validate('5', 'n'))).toEqual(['type']);
    expect(codes(f.validate(-1, 'n'))).toEqual(['min_value']);
    expect(codes(f.validate(11, 'n'))).toEqual(['max_value']);
    expect(codes(new IntField().validate(2 ** 60, 'n'))).toEqual(['type']);
  });
  it('casts integer strings, stores big ints as Long, reads BSON integers', () => {
    expect(f.cast('7')).toBe(7);
    expect(f.cast('7.5')).toBe('7.5');
    expect(f.toMongo(3)).toBe(3);
    expect(f.toMongo(2 ** 40)).toEqual(Long.fromNumber(2 ** 40));
    expect(f.toJs(new Int32(4), ctx)).toBe(4);
    expect(f.toJs(Long.fromNumber(2 ** 40), ctx)).toBe(2 ** 40);
  });
});

describe('LongField', () => {
  const f = new LongField({ min: 0 }).bind('v', 'T');
  it('is exact beyond 2^53 and stored as Long', () => {
    const big = 2n ** 60n + 1n;
    expect(f.toMongo(big)).toEqual(Long.fromBigInt(big));
    expect(f.toJs(Long.fromBigInt(big), ctx)).toBe(big);
    expect(f.toJs(42, ctx)).toBe(42n);
    expect(f.cast(7)).toBe(7n);
    expect(f.cast('9007199254740993')).toBe(9007199254740993n);
    expect(f.validate(big, 'v')).toEqual([]);
    expect(codes(f.validate(-1n, 'v'))).toEqual(['min_value']);
    expect(codes(f.validate(2n ** 64n, 'v'))).toEqual(['type']);
    expect(codes(f.validate(1.5, 'v'))).toEqual(['type']);
    expect(f.prepareQueryValue('gt', 5)).toEqual(Long.fromNumber(5));
    expect(() => f.prepareQueryValue('gt', { $gt: 1 })).toThrow(/LongField/);
  });
});

describe('FloatField', () => {
  const f = new FloatField({ min: 0.5 }).bind('p', 'T');
  it('stores doubles and validates ranges', () => {
    expect(f.toMongo(1)).toEqual(new Double(1));
    expect(f.toJs(new Double(2.5), ctx)).toBe(2.5);
    expect(f.toJs(3, ctx)).toBe(3);
    expect(f.cast('1.25')).toBe(1.25);
    expect(f.validate(1, 'p')).toEqual([]);
    expect(codes(f.validate(0.1, 'p'))).toEqual(['min_value']);
    expect(codes(f.validate(Number.NaN, 'p'))).toEqual(['type']);
    expect(f.prepareQueryValue('lt', '2')).toEqual(new Double(2));
  });
});

describe('DecimalField', () => {
  it('rounds to precision with the rounding mode and stores a double or a string', () => {
    const f = new DecimalField({ min: 0, max: '100.00' }).bind('price', 'T');
    expect(f.cast(2.345)).toBe('2.35');
    expect(f.cast('2.344')).toBe('2.34');
    expect(f.cast(-2.345)).toBe('-2.35');
    expect(f.toMongo('2.345')).toEqual(new Double(2.35));
    expect(f.toJs(new Double(0.1), ctx)).toBe('0.10');
    expect(codes(f.validate('-0.01', 'price'))).toEqual(['min_value']);
    expect(codes(f.validate('100.01', 'price'))).toEqual(['max_value']);
    expect(codes(f.validate('abc', 'price'))).toEqual(['type']);
    const s = new DecimalField({ forceString: true, precision: 3, rounding: 'ROUND_HALF_EVEN' });
    expect(s.toMongo('2.0005')).toBe('2.000');
    expect(s.toMongo('2.0015')).toBe('2.002');
    expect(new DecimalField({ precision: 0, rounding: 'ROUND_FLOOR' }).cast('-1.5')).toBe('-2');
    expect(new DecimalField({ rounding: 'ROUND_DOWN' }).cast('1.999')).toBe('1.99');
  });
});

describe('Decimal128Field', () => {
  it('converts to Decimal128 and compares numerically', () => {
    const f = new Decimal128Field({ min: 0 }).bind('b', 'T');
    const d = f.cast('1234.5678');
    expect(d).toBeInstanceOf(Decimal128);
    expect(String(d)).toBe('1234.5678');
    expect(f.toMongo(0.1)).toEqual(Decimal128.fromString('0.1'));
    expect(f.validate(Decimal128.fromString('1.5E+3'), 'b')).toEqual([]);
    expect(codes(f.validate(Decimal128.fromString('-1'), 'b'))).toEqual(['min_value']);
    expect(codes(f.validate('1', 'b'))).toEqual(['type']);
    expect(f.prepareQueryValue('gte', '10')).toEqual(Decimal128.fromString('10'));
  });
});
