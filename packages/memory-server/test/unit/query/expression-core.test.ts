import { Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { codeOf, ev } from './expression-helpers.js';

describe('field paths and variables', () => {
  const doc = { a: { b: new Int32(1) }, arr: [{ x: 1 }, { y: 2 }, { x: [3, 4] }, 5], n: null };

  it('reads nested paths and maps over arrays', () => {
    expect(ev('$a.b', doc)).toEqual(new Int32(1));
    expect(ev('$arr.x', doc)).toEqual([1, [3, 4]]);
    expect(ev('$arr.0', doc)).toEqual([]);
    expect(ev('$missing.x', doc)).toBeUndefined();
  });

  it('knows $$ROOT, $$CURRENT, $$REMOVE, $$NOW and user variables', () => {
    expect(ev('$$ROOT.a.b', doc)).toEqual(new Int32(1));
    expect(ev('$$CURRENT', doc)).toBe(doc);
    expect(ev('$$REMOVE', doc)).toBeUndefined();
    expect(ev('$$NOW')).toBeInstanceOf(Date);
    expect(ev('$$v.k', {}, { v: { k: 'ok' } })).toBe('ok');
    expect(codeOf(() => ev('$$nope'))).toBe(17276);
  });

  it('evaluates object and array expressions, dropping missing fields', () => {
    expect(ev({ x: '$a.b', y: '$missing', z: { $literal: '$a' } }, doc)).toEqual({
      x: new Int32(1),
      z: '$a',
    });
    expect(ev(['$missing', '$a.b'], doc)).toEqual([null, new Int32(1)]);
  });

  it('rejects unknown operators and malformed expression objects', () => {
    expect(codeOf(() => ev({ $foo: 1 }))).toBe(168);
    expect(codeOf(() => ev({ $add: [1], b: 1 }))).toBe(15983);
    expect(codeOf(() => ev('$'))).toBe(16872);
  });

  it('binds $let variables', () => {
    expect(ev({ $let: { vars: { t: { $add: ['$a.b', 1] } }, in: { $multiply: ['$$t', 10] } } }, doc)).toEqual(
      new Int32(20),
    );
    expect(codeOf(() => ev({ $let: { vars: { Bad: 1 }, in: 1 } }))).toBe(16867);
  });
});

describe('comparison and boolean operators', () => {
  it('compares across numeric types by value', () => {
    expect(ev({ $eq: [new Int32(1), new Double(1)] })).toBe(true);
    expect(ev({ $eq: [Long.fromNumber(1), Decimal128.fromString('1.0')] })).toBe(true);
    expect(ev({ $gt: [Decimal128.fromString('10'), Decimal128.fromString('9.5')] })).toBe(true);
    expect(ev({ $lt: [Long.fromString('9007199254740993'), Long.fromString('9007199254740994')] })).toBe(
      true,
    );
    expect(ev({ $cmp: ['b', 'a'] })).toEqual(new Int32(1));
    expect(ev({ $cmp: [new Int32(1), 'a'] })).toEqual(new Int32(-1));
  });

  it('distinguishes missing from null', () => {
    expect(ev({ $eq: ['$missing', null] })).toBe(false);
    expect(ev({ $lt: ['$missing', null] })).toBe(true);
    expect(ev({ $eq: ['$missing', '$other'] })).toBe(true);
  });

  it('has MongoDB truthiness', () => {
    expect(ev({ $and: [1, 'x', [], {}] })).toBe(true);
    expect(ev({ $and: [1, new Double(0)] })).toBe(false);
    expect(ev({ $or: [null, '$missing', Decimal128.fromString('0')] })).toBe(false);
    expect(ev({ $not: [[]] })).toBe(false);
    expect(ev({ $and: [] })).toBe(true);
  });
});

describe('conditional operators', () => {
  it('$cond in both forms', () => {
    expect(ev({ $cond: [true, 'y', 'n'] })).toBe('y');
    expect(ev({ $cond: { if: null, then: 'y', else: 'n' } })).toBe('n');
    expect(codeOf(() => ev({ $cond: { then: 1, else: 2 } }))).toBe(17080);
    expect(codeOf(() => ev({ $cond: [1, 2] }))).toBe(16020);
  });

  it('$ifNull returns the first non-null value', () => {
    expect(ev({ $ifNull: ['$missing', null, 'd'] })).toBe('d');
    expect(ev({ $ifNull: [0, 'd'] })).toBe(0);
  });

  it('$switch picks the first true branch or the default', () => {
    const sw = (x: number) =>
      ev(
        {
          $switch: {
            branches: [
              { case: { $lt: ['$x', 0] }, then: 'neg' },
              { case: { $eq: ['$x', 0] }, then: 'zero' },
            ],
            default: 'pos',
          },
        },
        { x },
      );
    expect([sw(-1), sw(0), sw(5)]).toEqual(['neg', 'zero', 'pos']);
    expect(codeOf(() => ev({ $switch: { branches: [{ case: false, then: 1 }] } }))).toBe(40066);
  });
});

describe('object operators', () => {
  it('$mergeObjects, $getField, $setField, $unsetField', () => {
    expect(ev({ $mergeObjects: [{ a: 1, b: 1 }, null, { b: 2 }] })).toEqual({ a: 1, b: 2 });
    expect(codeOf(() => ev({ $mergeObjects: [{ a: 1 }, 5] }))).toBe(40400);
    expect(ev({ $getField: 'a.b' }, { 'a.b': 3 })).toBe(3);
    expect(ev({ $getField: { field: 'x', input: { x: 1 } } })).toBe(1);
    expect(ev({ $setField: { field: { $literal: '$p' }, input: { a: 1 }, value: 2 } })).toEqual({
      a: 1,
      $p: 2,
    });
    expect(ev({ $unsetField: { field: 'a', input: { a: 1, b: 2 } } })).toEqual({ b: 2 });
  });

  it('$rand gives a double in [0, 1)', () => {
    const r = ev({ $rand: {} });
    expect(r).toBeInstanceOf(Double);
    expect((r as Double).value).toBeGreaterThanOrEqual(0);
    expect((r as Double).value).toBeLessThan(1);
  });
});

describe('type operators', () => {
  const oid = new ObjectId('65a1b2c3d4e5f60718293a4b');

  it('$type names every BSON type including missing', () => {
    expect(ev({ $type: new Int32(1) })).toBe('int');
    expect(ev({ $type: Long.fromNumber(1) })).toBe('long');
    expect(ev({ $type: new Double(1) })).toBe('double');
    expect(ev({ $type: Decimal128.fromString('1') })).toBe('decimal');
    expect(ev({ $type: oid })).toBe('objectId');
    expect(ev({ $type: '$missing' })).toBe('missing');
    expect(ev({ $type: [[1]] })).toBe('array');
    expect(ev({ $isNumber: Decimal128.fromString('1') })).toBe(true);
    expect(ev({ $isNumber: '1' })).toBe(false);
  });

  it('converts with $to* shorthands and result types', () => {
    expect(ev({ $toInt: '42' })).toEqual(new Int32(42));
    expect(ev({ $toInt: new Double(4.9) })).toEqual(new Int32(4));
    expect(ev({ $toLong: new Date(5) })).toEqual(Long.fromNumber(5));
    expect(ev({ $toDouble: '1.5' })).toEqual(new Double(1.5));
    expect(String(ev({ $toDecimal: new Double(2.5) }))).toBe('2.50000000000000');
    expect(String(ev({ $toDecimal: new Int32(7) }))).toBe('7');
    expect(ev({ $toString: oid })).toBe('65a1b2c3d4e5f60718293a4b');
    expect(ev({ $toString: new Date(0) })).toBe('1970-01-01T00:00:00.000Z');
    expect(ev({ $toString: Decimal128.fromString('1.50') })).toBe('1.50');
    expect(ev({ $toString: new Double(1e16) })).toBe('1e+16');
    expect(ev({ $toString: new Double(1.23456789) })).toBe('1.23456789');
    expect(ev({ $toString: new Double(2) })).toBe('2');
    expect(ev({ $toObjectId: '65a1b2c3d4e5f60718293a4b' })).toEqual(oid);
    expect(ev({ $toBool: new Int32(0) })).toBe(false);
    expect(ev({ $toBool: '' })).toBe(true);
    expect(ev({ $toDate: '2024-02-03T04:05:06Z' })).toEqual(new Date('2024-02-03T04:05:06Z'));
    expect(ev({ $toDate: Long.fromNumber(1000) })).toEqual(new Date(1000));
    expect(ev({ $toDate: oid })).toEqual(oid.getTimestamp());
    expect(ev({ $toInt: null })).toBeNull();
  });

  it('fails conversions with ConversionFailure unless onError is given', () => {
    expect(codeOf(() => ev({ $toInt: 'abc' }))).toBe(241);
    expect(codeOf(() => ev({ $toInt: Long.fromString('9999999999') }))).toBe(241);
    expect(codeOf(() => ev({ $toObjectId: 'xyz' }))).toBe(241);
    expect(ev({ $convert: { input: 'abc', to: 'int', onError: 'bad' } })).toBe('bad');
    expect(ev({ $convert: { input: null, to: 'int', onNull: 0 } })).toBe(0);
    expect(ev({ $convert: { input: '7', to: 18 } })).toEqual(Long.fromNumber(7));
    expect(codeOf(() => ev({ $convert: { input: 1, to: 'nope' } }))).toBe(2);
  });
});
