import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson';
import { describe, expect, it } from 'vitest';
import { decodeDocument, encodeDocument } from '../../../src/bson.js';
import {
  bsonTypeName,
  canonicalKey,
  cloneValue,
  compareStrings,
  compareValues,
  valuesEqual,
} from '../../../src/query/compare.js';

const dec = (s: string): Decimal128 => Decimal128.fromString(s);
const roundTrip = (value: unknown): unknown => decodeDocument(encodeDocument({ v: value }))['v'];

describe('compareValues: type order', () => {
  it('orders values of different types by MongoDB canonical type order', () => {
    const ordered = [
      new MinKey(),
      null,
      new Int32(5),
      'abc',
      { a: 1 },
      [1],
      new Binary(new Uint8Array([1])),
      new ObjectId('000000000000000000000001'),
      false,
      new Date(0),
      new Timestamp({ t: 1, i: 1 }),
      new BSONRegExp('a', ''),
      new Code('x'),
      new MaxKey(),
    ];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        const expected = Math.sign(i - j);
        expect(compareValues(ordered[i], ordered[j]), `${i} vs ${j}`).toBe(expected);
      }
    }
  });

  it('treats null and missing as equal, and symbols as strings', () => {
    expect(compareValues(null, undefined)).toBe(0);
    expect(compareValues(new BSONSymbol('b'), 'a')).toBe(1);
    expect(valuesEqual(new BSONSymbol('a'), 'a')).toBe(true);
  });
});

describe('compareValues: numbers', () => {
  it('compares across int32, long, double and decimal by value', () => {
    expect(compareValues(new Int32(1), new Double(1.0))).toBe(0);
    expect(compareValues(Long.fromNumber(1), dec('1.0'))).toBe(0);
    expect(compareValues(dec('10'), dec('9.5'))).toBe(1);
    expect(compareValues(dec('-0.001'), 0)).toBe(-1);
    expect(compareValues(dec('1E+3'), new Int32(1000))).toBe(0);
    expect(compareValues(2.5, dec('2.50000000000000000000001'))).toBe(-1);
  });

  it('compares longs beyond 2^53 exactly', () => {
    const big = Long.fromString('9007199254740993');
    expect(compareValues(big, 9007199254740992)).toBe(1);
    expect(compareValues(big, Long.fromString('9007199254740992'))).toBe(1);
    expect(compareValues(Long.fromString('-9223372036854775808'), -1e30)).toBe(1);
    expect(compareValues(dec('9007199254740993'), big)).toBe(0);
  });

  it('orders NaN below every number and equal to itself', () => {
    expect(compareValues(NaN, -Infinity)).toBe(-1);
    expect(compareValues(new Double(NaN), dec('NaN'))).toBe(0);
    expect(compareValues(dec('-Infinity'), NaN)).toBe(1);
    expect(compareValues(dec('Infinity'), Infinity)).toBe(0);
    expect(compareValues(dec('Infinity'), Long.MAX_VALUE)).toBe(1);
  });

  it('treats -0 and 0 as equal', () => {
    expect(compareValues(-0, 0)).toBe(0);
    expect(compareValues(dec('-0'), new Int32(0))).toBe(0);
  });
});

describe('compareValues: other types', () => {
  it('compares strings by UTF-8 byte order', () => {
    expect(compareStrings('\uFFFF', '😀')).toBe(-1);
    expect(compareValues('B', 'a')).toBe(-1);
    expect(compareValues('ab', 'a')).toBe(1);
  });

  it('compares objects by field type, then name, then value', () => {
    expect(compareValues({ a: 1 }, { b: 'x' })).toBe(-1);
    expect(compareValues({ a: 1 }, { b: 1 })).toBe(-1);
    expect(compareValues({ a: 2 }, { a: 1, b: 1 })).toBe(1);
    expect(compareValues({ a: 1 }, { a: 1, b: 1 })).toBe(-1);
    expect(valuesEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
  });

  it('compares arrays element-wise', () => {
    expect(compareValues([1, 2], [1, 3])).toBe(-1);
    expect(compareValues([1, 2], [1])).toBe(1);
    expect(compareValues([], [null])).toBe(-1);
  });

  it('compares binData by length, then subtype, then bytes', () => {
    const a = new Binary(new Uint8Array([9]), 4);
    const b = new Binary(new Uint8Array([1, 1]), 0);
    const c = new Binary(new Uint8Array([1]), 0);
    expect(compareValues(a, b)).toBe(-1);
    expect(compareValues(c, a)).toBe(-1);
    expect(compareValues(new Binary(new Uint8Array([2]), 0), c)).toBe(1);
  });

  it('compares ObjectIds, booleans, dates, timestamps and regexes', () => {
    expect(
      compareValues(new ObjectId('00000000000000000000000a'), new ObjectId('0000000000000000000000ff')),
    ).toBe(-1);
    expect(compareValues(false, true)).toBe(-1);
    expect(compareValues(new Date(5), new Date(4))).toBe(1);
    expect(compareValues(new Timestamp({ t: 1, i: 5 }), new Timestamp({ t: 2, i: 0 }))).toBe(-1);
    expect(compareValues(new Timestamp({ t: 0xffffffff, i: 0 }), new Timestamp({ t: 1, i: 0 }))).toBe(1);
    expect(compareValues(new BSONRegExp('a', 'i'), /a/i)).toBe(0);
  });
});

describe('canonicalKey', () => {
  it('collides exactly for equal values', () => {
    const equalGroups: unknown[][] = [
      [1, 1.0, new Int32(1), new Double(1), Long.fromNumber(1), dec('1.0'), dec('1'), dec('0.1E1')],
      [-0, 0, dec('-0'), dec('0E-10')],
      [1000, dec('1E+3'), Long.fromNumber(1000)],
      [0.5, dec('0.5'), dec('5E-1')],
      [null, undefined],
      ['a', new BSONSymbol('a')],
      [{ a: new Int32(1) }, { a: 1.0 }],
      [NaN, dec('NaN')],
    ];
    for (const group of equalGroups) {
      const keys = new Set(group.map((v) => canonicalKey(v)));
      expect(keys.size, JSON.stringify(group)).toBe(1);
      for (const v of group) expect(valuesEqual(v, group[0])).toBe(true);
    }
  });

  it('agrees with valuesEqual and compareValues on every pair of a varied sample', () => {
    const sample: unknown[] = [
      0,
      -0,
      1,
      -1,
      0.5,
      1e21,
      2 ** 53,
      2 ** 53 + 2,
      NaN,
      Infinity,
      -Infinity,
      new Int32(1),
      new Int32(-1),
      new Double(0.5),
      new Double(2 ** 53),
      Long.fromString('9007199254740992'),
      Long.fromString('9007199254740993'),
      Long.fromNumber(-1),
      dec('1'),
      dec('1.000'),
      dec('0.50'),
      dec('-1E+0'),
      dec('9007199254740993'),
      dec('NaN'),
      dec('-Infinity'),
      dec('1E+21'),
      dec('0.1'),
      0.1,
      '',
      'a',
      'A',
      new BSONSymbol('a'),
      null,
      undefined,
      true,
      false,
      new Date(0),
      new Date(1),
      { a: 1 },
      { a: new Int32(1) },
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      {},
      [],
      [1],
      [new Long(1)],
      [[1]],
      [null],
      new ObjectId('000000000000000000000001'),
      new Binary(new Uint8Array([1]), 0),
      new Binary(new Uint8Array([1]), 4),
      new Timestamp({ t: 1, i: 0 }),
      new BSONRegExp('a', 'i'),
      /a/i,
      /a/,
      new MinKey(),
      new MaxKey(),
      new Code('x'),
    ];
    for (const a of sample) {
      for (const b of sample) {
        const equal = valuesEqual(a, b);
        expect(compareValues(a, b) === 0, `${String(a)} vs ${String(b)}`).toBe(equal);
        expect(canonicalKey(a) === canonicalKey(b), `${String(a)} vs ${String(b)}`).toBe(equal);
        expect(Math.sign(compareValues(a, b)) + Math.sign(compareValues(b, a))).toBe(0);
      }
    }
  });

  it('differs for values that are not equal', () => {
    const values = [
      1,
      '1',
      [1],
      { a: 1 },
      { b: 1 },
      0.1,
      dec('0.1'),
      Long.fromString('9007199254740993'),
      9007199254740992,
      true,
      new Date(1),
      new ObjectId('000000000000000000000001'),
    ];
    const keys = new Set(values.map((v) => canonicalKey(v)));
    expect(keys.size).toBe(values.length);
    expect(valuesEqual(0.1, dec('0.1'))).toBe(false);
  });
});

describe('bsonTypeName', () => {
  it('names every BSON type, including round-tripped wrappers', () => {
    const doc = decodeDocument(
      encodeDocument({
        d: new Double(1),
        i: new Int32(1),
        l: Long.fromNumber(1),
        m: dec('1'),
        s: 'x',
        o: { a: 1 },
        a: [1],
        b: new Binary(new Uint8Array([1])),
        id: new ObjectId(),
        t: true,
        dt: new Date(),
        n: null,
        r: /x/,
        ts: new Timestamp({ t: 1, i: 1 }),
        min: new MinKey(),
        max: new MaxKey(),
        c: new Code('x'),
        cs: new Code('x', { a: 1 }),
        ref: new DBRef('c', new ObjectId()),
      }),
    );
    expect(Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, bsonTypeName(v)]))).toEqual({
      d: 'double',
      i: 'int',
      l: 'long',
      m: 'decimal',
      s: 'string',
      o: 'object',
      a: 'array',
      b: 'binData',
      id: 'objectId',
      t: 'bool',
      dt: 'date',
      n: 'null',
      r: 'regex',
      ts: 'timestamp',
      min: 'minKey',
      max: 'maxKey',
      c: 'javascript',
      cs: 'javascriptWithScope',
      ref: 'object',
    });
  });

  it('types bare JS numbers as int in int32 range, else double', () => {
    expect(bsonTypeName(5)).toBe('int');
    expect(bsonTypeName(2 ** 31)).toBe('double');
    expect(bsonTypeName(1.5)).toBe('double');
  });
});

describe('cloneValue', () => {
  it('deep-copies documents and keeps BSON classes', () => {
    const original = {
      a: [new Int32(1), { b: new Binary(new Uint8Array([1, 2])) }],
      d: new Date(5),
      id: new ObjectId(),
    };
    const copy = cloneValue(original);
    expect(copy).not.toBe(original);
    expect(copy.a).not.toBe(original.a);
    expect(copy.d).not.toBe(original.d);
    expect(copy.a[0]).toBeInstanceOf(Int32);
    expect(valuesEqual(copy, original)).toBe(true);
    (original.a[1] as { b: Binary }).b.buffer[0] = 9;
    expect(valuesEqual(copy, original)).toBe(false);
  });

  it('survives a BSON round trip unchanged in order', () => {
    const v = roundTrip({ x: dec('1.5'), y: Long.fromString('9007199254740993') });
    expect(valuesEqual(cloneValue(v), v)).toBe(true);
  });
});
