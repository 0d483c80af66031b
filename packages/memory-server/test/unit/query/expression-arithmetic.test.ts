import { Decimal128, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { codeOf, ev } from './expression-helpers.js';

const doc = {
  i: new Int32(2),
  d: new Double(1.5),
  l: Long.fromNumber(3),
  m: Decimal128.fromString('1.1'),
  s: 'x',
};

describe('arithmetic result types', () => {
  it('keeps int + int an int32 and widens on overflow', () => {
    const r = ev({ $add: ['$i', new Int32(3)] }, doc);
    expect(r).toBeInstanceOf(Int32);
    expect((r as Int32).value).toBe(5);
    const big = ev({ $add: [new Int32(2147483647), new Int32(1)] });
    expect(big).toBeInstanceOf(Long);
    expect((big as Long).toString()).toBe('2147483648');
  });

  it('overflows long arithmetic to double', () => {
    const r = ev({ $add: [Long.fromString('9223372036854775807'), new Int32(1)] });
    expect(r).toBeInstanceOf(Double);
  });

  it('mixes types by widening int → long → double → decimal', () => {
    expect(ev({ $add: ['$i', '$l'] }, doc)).toBeInstanceOf(Long);
    expect(ev({ $add: ['$i', '$d'] }, doc)).toBeInstanceOf(Double);
    const dec = ev({ $add: ['$i', '$m'] }, doc);
    expect(dec).toBeInstanceOf(Decimal128);
    expect(String(dec)).toBe('3.1');
    // A double joins decimal arithmetic rounded to 34 significant digits.
    expect(String(ev({ $add: [Decimal128.fromString('1.1'), new Double(2.5)] }))).toBe(
      '3.600000000000000000000000000000000',
    );
  });

  it('treats bare JS integers as int32 and fractions as doubles', () => {
    expect(ev({ $add: [1, 2] })).toBeInstanceOf(Int32);
    expect(ev({ $add: [1, 0.5] })).toBeInstanceOf(Double);
  });

  it('subtracts, multiplies, divides and mods with MongoDB types', () => {
    expect((ev({ $subtract: ['$l', '$i'] }, doc) as Long).toNumber()).toBe(1);
    expect(ev({ $subtract: ['$l', '$i'] }, doc)).toBeInstanceOf(Long);
    expect(ev({ $multiply: ['$i', '$i', '$i'] }, doc)).toEqual(new Int32(8));
    expect(ev({ $multiply: [new Int32(65536), new Int32(65536)] })).toBeInstanceOf(Long);
    const q = ev({ $divide: [new Int32(6), new Int32(3)] });
    expect(q).toBeInstanceOf(Double);
    expect((q as Double).value).toBe(2);
    expect(String(ev({ $divide: [Decimal128.fromString('1'), new Int32(4)] }))).toBe('0.25');
    expect(ev({ $mod: [new Int32(7), new Int32(3)] })).toEqual(new Int32(1));
    expect(ev({ $mod: [new Int32(-7), new Int32(3)] })).toEqual(new Int32(-1));
    expect((ev({ $mod: [new Double(7.5), new Int32(2)] }) as Double).value).toBe(1.5);
  });

  it('works with dates', () => {
    const d = new Date('2024-01-01T00:00:00Z');
    expect(ev({ $add: [d, new Int32(1000)] })).toEqual(new Date('2024-01-01T00:00:01Z'));
    const diff = ev({ $subtract: [new Date('2024-01-01T00:00:01Z'), d] });
    expect(diff).toBeInstanceOf(Long);
    expect((diff as Long).toNumber()).toBe(1000);
    expect(ev({ $subtract: [d, new Int32(1000)] })).toEqual(new Date('2023-12-31T23:59:59Z'));
  });

  it('returns null for null or missing operands', () => {
    expect(ev({ $add: ['$nope', 1] })).toBeNull();
    expect(ev({ $divide: [null, 1] })).toBeNull();
    expect(ev({ $multiply: [1, '$nope'] })).toBeNull();
  });

  it('raises MongoDB codes for bad operands', () => {
    // 7.0 returns TypeMismatch / BadValue from the shared `apply` helpers.
    expect(codeOf(() => ev({ $add: ['$s', 1] }, doc))).toBe(14);
    expect(codeOf(() => ev({ $divide: [1, 0] }))).toBe(2);
    expect(codeOf(() => ev({ $divide: ['$s', 1] }, doc))).toBe(14);
    expect(codeOf(() => ev({ $mod: [1, 0] }))).toBe(16610);
    expect(codeOf(() => ev({ $subtract: ['$s', 1] }, doc))).toBe(14);
    expect(codeOf(() => ev({ $multiply: ['$s', 1] }, doc))).toBe(14);
    expect(ev({ $add: [null, '$s'] }, doc)).toBeNull();
    expect(codeOf(() => ev({ $divide: [1] }))).toBe(16020);
    expect(codeOf(() => ev({ $add: [new Date(), new Date()] }))).toBe(16612);
  });
});

describe('unary numeric operators', () => {
  it('abs/ceil/floor keep integer types', () => {
    expect(ev({ $abs: new Int32(-3) })).toEqual(new Int32(3));
    expect(ev({ $abs: new Int32(-2147483648) })).toBeInstanceOf(Long);
    expect(ev({ $ceil: new Double(1.2) })).toEqual(new Double(2));
    expect(ev({ $floor: new Double(-1.2) })).toEqual(new Double(-2));
    expect(ev({ $floor: new Int32(5) })).toEqual(new Int32(5));
    expect(String(ev({ $floor: Decimal128.fromString('-1.5') }))).toBe('-2');
  });

  it('rounds half to even and truncates with places', () => {
    expect((ev({ $round: [new Double(2.5), 0] }) as Double).value).toBe(2);
    expect((ev({ $round: [new Double(3.5), 0] }) as Double).value).toBe(4);
    expect((ev({ $round: [new Double(1.2345), 2] }) as Double).value).toBe(1.23);
    expect(ev({ $round: [new Int32(1234), -2] })).toEqual(new Int32(1200));
    expect((ev({ $trunc: [new Double(-1.99), 1] }) as Double).value).toBe(-1.9);
    expect(String(ev({ $round: [Decimal128.fromString('1.25'), 1] }))).toBe('1.2');
  });

  it('computes pow/sqrt/exp/log with double results', () => {
    expect(ev({ $pow: [new Int32(2), new Int32(10)] })).toEqual(new Int32(1024));
    expect(ev({ $pow: [new Int32(2), new Int32(40)] })).toBeInstanceOf(Long);
    expect(ev({ $pow: [new Int32(2), new Int32(-1)] })).toEqual(new Double(0.5));
    expect(ev({ $sqrt: new Int32(16) })).toEqual(new Double(4));
    expect((ev({ $log10: new Int32(1000) }) as Double).value).toBeCloseTo(3);
    expect((ev({ $log: [new Int32(8), new Int32(2)] }) as Double).value).toBeCloseTo(3);
    expect(codeOf(() => ev({ $sqrt: new Int32(-1) }))).toBe(28714);
    expect(codeOf(() => ev({ $ln: new Int32(0) }))).toBe(28766);
    expect(codeOf(() => ev({ $pow: [new Int32(0), new Int32(-1)] }))).toBe(28764);
  });

  it('has expression forms of $sum/$avg/$min/$max/$stdDevPop', () => {
    const d = { xs: [new Int32(1), new Int32(2), 'x', new Int32(3)] };
    expect(ev({ $sum: '$xs' }, d)).toEqual(new Int32(6));
    expect(ev({ $avg: '$xs' }, d)).toEqual(new Double(2));
    expect(ev({ $max: '$xs' }, d)).toBe('x');
    expect(ev({ $min: [new Int32(4), null, new Int32(2)] })).toEqual(new Int32(2));
    expect(ev({ $avg: [] })).toBeNull();
    expect((ev({ $stdDevPop: [new Int32(1), new Int32(3)] }) as Double).value).toBe(1);
    expect(ev({ $sum: [new Int32(1), Long.fromNumber(2)] })).toBeInstanceOf(Long);
  });
});

describe('percentile expressions', () => {
  it('computes $median and $percentile of an array', () => {
    expect(
      ev({ $median: { input: [new Int32(3), new Int32(1), new Int32(2), 'x'], method: 'approximate' } }),
    ).toEqual(new Double(2));
    expect(ev({ $percentile: { input: [1, 2, 3, 4], p: [0.5, 1], method: 'approximate' } })).toEqual([
      new Double(2),
      new Double(4),
    ]);
    expect(ev({ $median: { input: [], method: 'approximate' } })).toBeNull();
    expect(codeOf(() => ev({ $percentile: { input: [1], p: [2], method: 'approximate' } }))).toBe(7750301);
  });
});

describe('bitwise and trigonometry operators', () => {
  it('combines ints and longs bitwise', () => {
    expect(ev({ $bitAnd: [new Int32(12), new Int32(10)] })).toEqual(new Int32(8));
    expect(ev({ $bitOr: [new Int32(12), Long.fromNumber(3)] })).toEqual(Long.fromNumber(15));
    expect(ev({ $bitXor: [new Int32(5), new Int32(1)] })).toEqual(new Int32(4));
    expect(ev({ $bitNot: new Int32(0) })).toEqual(new Int32(-1));
    expect(codeOf(() => ev({ $bitAnd: [new Double(1), new Int32(1)] }))).toBe(14);
  });

  it('computes trigonometry as doubles', () => {
    expect((ev({ $sin: new Int32(0) }) as Double).value).toBe(0);
    expect((ev({ $degreesToRadians: new Int32(180) }) as Double).value).toBeCloseTo(Math.PI);
    expect((ev({ $atan2: [new Int32(1), new Int32(1)] }) as Double).value).toBeCloseTo(Math.PI / 4);
  });
});
