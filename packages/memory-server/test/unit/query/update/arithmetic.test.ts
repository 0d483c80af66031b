import { Decimal128, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { addNumbers, bitwise, multiplyNumbers, numberKind } from '../../../../src/query/update/arithmetic.js';

describe('numberKind', () => {
  it('classifies BSON wrappers and bare numbers', () => {
    expect(numberKind(new Int32(1))).toBe('int');
    expect(numberKind(Long.fromNumber(1))).toBe('long');
    expect(numberKind(new Double(1))).toBe('double');
    expect(numberKind(Decimal128.fromString('1'))).toBe('decimal');
    expect(numberKind(3)).toBe('int');
    expect(numberKind(3.5)).toBe('double');
    expect(numberKind(2 ** 40)).toBe('double');
    expect(numberKind('3')).toBeUndefined();
  });
});

describe('addNumbers / multiplyNumbers', () => {
  it('overflows int32 into int64 and fails on int64 overflow', () => {
    expect(addNumbers(new Int32(-2147483648), new Int32(-1))).toEqual(Long.fromString('-2147483649'));
    expect(multiplyNumbers(Long.fromString('4611686018427387904'), new Int32(2))).toBeUndefined();
    expect(addNumbers(Long.fromString('9223372036854775806'), new Int32(1))).toEqual(
      Long.fromString('9223372036854775807'),
    );
  });

  it('keeps decimal precision and special values', () => {
    expect(String(addNumbers(Decimal128.fromString('1.00'), new Int32(1)))).toBe('2.00');
    expect(String(multiplyNumbers(Decimal128.fromString('2.5'), Long.fromNumber(4)))).toBe('10.0');
    expect(String(addNumbers(Decimal128.fromString('Infinity'), Decimal128.fromString('-Infinity')))).toBe(
      'NaN',
    );
    expect(String(multiplyNumbers(Decimal128.fromString('Infinity'), new Int32(-2)))).toBe('-Infinity');
    expect(String(addNumbers(Decimal128.fromString('NaN'), new Int32(1)))).toBe('NaN');
  });

  it('makes doubles from any double operand', () => {
    const r = multiplyNumbers(Long.fromNumber(3), new Double(0.5));
    expect(r).toBeInstanceOf(Double);
    expect((r as Double).value).toBe(1.5);
  });
});

describe('bitwise', () => {
  it('stays int32 for int32 operands and wraps negative values', () => {
    expect(bitwise('xor', new Int32(-1), new Int32(1))).toEqual(new Int32(-2));
    expect(bitwise('and', Long.fromString('-1'), new Int32(255))).toEqual(Long.fromNumber(255));
  });
});
