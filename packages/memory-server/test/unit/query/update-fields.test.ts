import { Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import { describe, expect, it } from 'vitest';
import { apply, expectCode } from './update-helpers.js';

describe('applyUpdate — $set / $unset', () => {
  it('sets top-level and nested fields, creating intermediate documents', () => {
    const { doc, modified } = apply({ _id: 1, a: { x: 1 } }, { $set: { 'a.y': 2, 'b.c.d': 'z' } });
    expect(modified).toBe(true);
    expect(doc).toEqual({ _id: 1, a: { x: 1, y: 2 }, b: { c: { d: 'z' } } });
  });

  it('does not mutate the input and shares untouched subtrees', () => {
    const input = { _id: 1, keep: { deep: [1, 2] }, a: { b: 1 } };
    const { doc } = apply(input, { $set: { 'a.b': 2 } });
    expect(input.a.b).toBe(1);
    expect(doc['keep']).toBe(input.keep);
    expect(doc['a']).not.toBe(input.a);
  });

  it('reports modified=false when setting an identical value', () => {
    const input = { _id: 1, a: new Int32(1), o: { x: 1 } };
    const result = apply(input, { $set: { a: new Int32(1), o: { x: 1 } } });
    expect(result.modified).toBe(false);
    expect(result.doc).toBe(input);
  });

  it('treats a type change (int 1 → double 1) as a modification', () => {
    const { doc, modified } = apply({ _id: 1, a: new Int32(1) }, { $set: { a: new Double(1) } });
    expect(modified).toBe(true);
    expect(doc['a']).toBeInstanceOf(Double);
  });

  it('sets array elements by index and pads with nulls', () => {
    const { doc } = apply({ _id: 1, a: [1, 2] }, { $set: { 'a.1': 9, 'a.4': 5 } });
    expect(doc['a']).toEqual([1, 9, null, null, 5]);
  });

  it('creates numeric field names as object keys when the path is missing', () => {
    const { doc } = apply({ _id: 1 }, { $set: { 'a.0.b': 1 } });
    expect(doc).toEqual({ _id: 1, a: { '0': { b: 1 } } });
  });

  it('adds new fields in lexicographic order (MongoDB 5.0+)', () => {
    const { doc } = apply({ _id: 1 }, { $set: { c: 1, a: 1, b: 1 } });
    expect(Object.keys(doc)).toEqual(['_id', 'a', 'b', 'c']);
  });

  it('fails with PathNotViable (28) through a scalar', () => {
    expectCode(
      () => apply({ _id: 1, a: 5 }, { $set: { 'a.b': 1 } }),
      28,
      "Cannot create field 'b' in element {a: 5}",
    );
  });

  it('fails with PathNotViable (28) for a field name on an array', () => {
    expectCode(
      () => apply({ _id: 1, a: [{ b: 1 }] }, { $set: { 'a.b': 1 } }),
      28,
      /Cannot create field 'b' in element \{a: \[/,
    );
  });

  it('allows nested dollar-prefixed field names but not top-level ones', () => {
    expect(apply({ _id: 1 }, { $set: { a: { $b: 1 } } }).doc).toEqual({ _id: 1, a: { $b: 1 } });
    expectCode(() => apply({ _id: 1 }, { $set: { $a: 1 } }), 52, /The dollar \(\$\) prefixed field '\$a'/);
  });

  it('$unset removes fields, leaves null in arrays, and is a no-op on missing paths', () => {
    expect(apply({ _id: 1, a: 1, b: { c: 1, d: 2 } }, { $unset: { a: '', 'b.c': 1 } }).doc).toEqual({
      _id: 1,
      b: { d: 2 },
    });
    expect(apply({ _id: 1, a: [1, 2, 3] }, { $unset: { 'a.1': 1 } }).doc).toEqual({
      _id: 1,
      a: [1, null, 3],
    });
    const input = { _id: 1, a: 5 };
    const result = apply(input, { $unset: { x: 1, 'a.b': 1 } });
    expect(result.modified).toBe(false);
    expect(result.doc).toBe(input);
  });
});

describe('applyUpdate — $inc / $mul type rules', () => {
  it('int32 + int32 stays int32', () => {
    const { doc } = apply({ _id: 1, n: new Int32(5) }, { $inc: { n: new Int32(2) } });
    expect(doc['n']).toBeInstanceOf(Int32);
    expect((doc['n'] as Int32).value).toBe(7);
  });

  it('int32 overflow becomes int64', () => {
    const { doc } = apply({ _id: 1, n: new Int32(2147483647) }, { $inc: { n: new Int32(1) } });
    expect(doc['n']).toBeInstanceOf(Long);
    expect((doc['n'] as Long).toString()).toBe('2147483648');
  });

  it('int + long → long; int + double → double; anything + decimal → decimal', () => {
    expect(apply({ _id: 1, n: new Int32(1) }, { $inc: { n: Long.fromNumber(2) } }).doc['n']).toBeInstanceOf(
      Long,
    );
    const d = apply({ _id: 1, n: new Int32(1) }, { $inc: { n: new Double(0.5) } }).doc['n'];
    expect(d).toBeInstanceOf(Double);
    expect((d as Double).value).toBe(1.5);
    const dec = apply({ _id: 1, n: new Int32(1) }, { $inc: { n: Decimal128.fromString('0.10') } }).doc['n'];
    expect(dec).toBeInstanceOf(Decimal128);
    expect((dec as Decimal128).toString()).toBe('1.10');
  });

  it('decimal arithmetic is exact', () => {
    const { doc } = apply(
      { _id: 1, n: Decimal128.fromString('0.1') },
      { $inc: { n: Decimal128.fromString('0.2') } },
    );
    expect((doc['n'] as Decimal128).toString()).toBe('0.3');
    const m = apply(
      { _id: 1, n: Decimal128.fromString('1.5') },
      { $mul: { n: Decimal128.fromString('1.5') } },
    ).doc['n'];
    expect((m as Decimal128).toString()).toBe('2.25');
  });

  it('int64 overflow is an error', () => {
    expectCode(
      () => apply({ _id: 1, n: Long.fromString('9223372036854775807') }, { $inc: { n: new Int32(1) } }),
      2,
      /Failed to apply \$inc operations/,
    );
  });

  it('$inc on a missing field creates it with the increment type', () => {
    const { doc } = apply({ _id: 1 }, { $inc: { a: Long.fromNumber(3), b: new Double(1), c: 4 } });
    expect(doc['a']).toBeInstanceOf(Long);
    expect(doc['b']).toBeInstanceOf(Double);
    expect(doc['c']).toBeInstanceOf(Int32);
  });

  it('$mul on a missing field creates a zero of the operand type', () => {
    const { doc } = apply({ _id: 1 }, { $mul: { a: Long.fromNumber(3), b: new Double(2), c: new Int32(5) } });
    expect(doc['a']).toBeInstanceOf(Long);
    expect((doc['a'] as Long).toNumber()).toBe(0);
    expect(doc['b']).toBeInstanceOf(Double);
    expect(doc['c']).toBeInstanceOf(Int32);
    expect((doc['c'] as Int32).value).toBe(0);
  });

  it('$mul multiplies with promotion', () => {
    const { doc } = apply({ _id: 1, n: new Int32(65536) }, { $mul: { n: new Int32(65536) } });
    expect(doc['n']).toBeInstanceOf(Long);
    expect((doc['n'] as Long).toString()).toBe('4294967296');
  });

  it('$inc by zero of the same type is a no-op', () => {
    expect(apply({ _id: 1, n: new Int32(5) }, { $inc: { n: new Int32(0) } }).modified).toBe(false);
  });

  it('rejects a non-numeric argument (14) and a non-numeric field (14)', () => {
    expectCode(
      () => apply({ _id: 1 }, { $inc: { a: 'x' } }),
      14,
      'Cannot increment with non-numeric argument: {a: "x"}',
    );
    expectCode(
      () => apply({ _id: 1 }, { $mul: { a: 'x' } }),
      14,
      /Cannot multiply with non-numeric argument/,
    );
    expectCode(
      () => apply({ _id: 1, a: 'str' }, { $inc: { a: new Int32(1) } }),
      14,
      "Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 'a' of non-numeric type string",
    );
  });
});

describe('applyUpdate — $min / $max', () => {
  it('keeps the smaller / larger value by BSON order', () => {
    expect(apply({ _id: 1, a: new Int32(5) }, { $min: { a: new Int32(3) } }).doc['a']).toEqual(new Int32(3));
    expect(apply({ _id: 1, a: new Int32(5) }, { $min: { a: new Int32(7) } }).modified).toBe(false);
    expect(apply({ _id: 1, a: new Int32(5) }, { $max: { a: new Int32(7) } }).doc['a']).toEqual(new Int32(7));
    // Equal numbers of different types do not count as a change.
    expect(apply({ _id: 1, a: new Int32(5) }, { $max: { a: new Double(5) } }).modified).toBe(false);
    // Mixed types compare by BSON type order: strings sort above numbers.
    expect(apply({ _id: 1, a: new Int32(5) }, { $max: { a: 'x' } }).doc['a']).toBe('x');
  });

  it('compares dates and creates missing fields', () => {
    const early = new Date('2020-01-01');
    const late = new Date('2021-01-01');
    expect(apply({ _id: 1, d: late }, { $min: { d: early } }).doc['d']).toBe(early);
    expect(apply({ _id: 1 }, { $max: { d: late } }).doc['d']).toBe(late);
  });
});

describe('applyUpdate — $currentDate', () => {
  it('sets a date for true and {$type: "date"}, a Timestamp for {$type: "timestamp"}', () => {
    const before = Date.now();
    const { doc } = apply(
      { _id: 1 },
      { $currentDate: { a: true, b: { $type: 'date' }, c: { $type: 'timestamp' } } },
    );
    expect(doc['a']).toBeInstanceOf(Date);
    expect((doc['a'] as Date).getTime()).toBeGreaterThanOrEqual(before);
    expect(doc['b']).toBeInstanceOf(Date);
    expect(doc['c']).toBeInstanceOf(Timestamp);
    expect((doc['c'] as Timestamp).high).toBeGreaterThanOrEqual(Math.floor(before / 1000));
  });

  it('rejects bad specifications (2)', () => {
    expectCode(() => apply({ _id: 1 }, { $currentDate: { a: 1 } }), 2, /is not valid type for \$currentDate/);
    expectCode(
      () => apply({ _id: 1 }, { $currentDate: { a: { $type: 'x' } } }),
      2,
      /required to be 'date' or 'timestamp'/,
    );
    expectCode(
      () => apply({ _id: 1 }, { $currentDate: { a: { foo: 1 } } }),
      2,
      'Unrecognized $currentDate option: foo',
    );
  });
});

describe('applyUpdate — $bit', () => {
  it('and / or / xor on int32 and int64', () => {
    expect(apply({ _id: 1, a: new Int32(13) }, { $bit: { a: { and: new Int32(10) } } }).doc['a']).toEqual(
      new Int32(8),
    );
    expect(apply({ _id: 1, a: new Int32(5) }, { $bit: { a: { or: new Int32(2) } } }).doc['a']).toEqual(
      new Int32(7),
    );
    const x = apply({ _id: 1, a: new Int32(5) }, { $bit: { a: { xor: Long.fromNumber(1) } } }).doc['a'];
    expect(x).toBeInstanceOf(Long);
    expect((x as Long).toNumber()).toBe(4);
  });

  it('applies to 0 on a missing field', () => {
    expect(apply({ _id: 1 }, { $bit: { a: { or: new Int32(6) } } }).doc['a']).toEqual(new Int32(6));
  });

  it('rejects bad operands and non-integer fields (2)', () => {
    expectCode(() => apply({ _id: 1 }, { $bit: { a: 1 } }), 2, /You must pass in an embedded document/);
    expectCode(
      () => apply({ _id: 1 }, { $bit: { a: { nand: new Int32(1) } } }),
      2,
      /only supports 'and', 'or', and 'xor'/,
    );
    expectCode(
      () => apply({ _id: 1 }, { $bit: { a: { and: new Double(1) } } }),
      2,
      /must be an Integer\(32\/64 bit\)/,
    );
    expectCode(() => apply({ _id: 1 }, { $bit: { a: {} } }), 2, /at least one bitwise operation/);
    expectCode(
      () => apply({ _id: 1, a: new Double(1) }, { $bit: { a: { and: new Int32(1) } } }),
      2,
      /non-integral type/,
    );
  });
});

describe('applyUpdate — $setOnInsert', () => {
  it('applies only with isInsert', () => {
    const input = { _id: 1 };
    const update = { $setOnInsert: { a: 1 }, $set: { b: 2 } };
    expect(apply(input, update).doc).toEqual({ _id: 1, b: 2 });
    expect(apply(input, update, { isInsert: true }).doc).toEqual({ _id: 1, a: 1, b: 2 });
  });
});

describe('applyUpdate — $rename', () => {
  it('moves a value, nested or not, keeping its type', () => {
    const { doc } = apply({ _id: 1, a: new Int32(1), n: { x: 'y' } }, { $rename: { a: 'b', 'n.x': 'm.z' } });
    expect(doc).toEqual({ _id: 1, n: {}, b: new Int32(1), m: { z: 'y' } });
    expect(doc['b']).toBeInstanceOf(Int32);
  });

  it('overwrites the target and is a no-op when the source is missing', () => {
    expect(apply({ _id: 1, a: 1, b: 2 }, { $rename: { a: 'b' } }).doc).toEqual({ _id: 1, b: 1 });
    const input = { _id: 1, b: 2 };
    expect(apply(input, { $rename: { a: 'b' } })).toEqual({ doc: input, modified: false });
  });

  it('rejects same, overlapping, dynamic and non-string targets (2)', () => {
    expectCode(() => apply({ _id: 1 }, { $rename: { a: 'a' } }), 2, /must differ/);
    expectCode(() => apply({ _id: 1 }, { $rename: { a: 'a.b' } }), 2, /must not be on the same path/);
    expectCode(
      () => apply({ _id: 1 }, { $rename: { 'a.$': 'b' } }),
      2,
      /source field for \$rename may not be dynamic/,
    );
    expectCode(
      () => apply({ _id: 1 }, { $rename: { a: 'b.$[]' } }),
      2,
      /destination field for \$rename may not be dynamic/,
    );
    expectCode(() => apply({ _id: 1 }, { $rename: { a: 1 } }), 2, /'to' field for \$rename must be a string/);
  });

  it('refuses array elements as source or destination (2)', () => {
    expectCode(
      () => apply({ _id: 1, a: [{ b: 1 }] }, { $rename: { 'a.0.b': 'c' } }),
      2,
      "The source field cannot be an array element, 'a.0.b' in doc with _id: 1 has an array field called 'a'",
    );
    expectCode(
      () => apply({ _id: 1, x: 1, a: [{ b: 1 }] }, { $rename: { x: 'a.0.c' } }),
      2,
      /The destination field cannot be an array element, 'a.0.c'.*array field called 'a'/,
    );
  });

  it('fails with PathNotViable (28) when the source path is blocked', () => {
    expectCode(
      () => apply({ _id: 1, a: [{ a: 1 }, { b: 2 }] }, { $rename: { 'a.a': 'b' } }),
      28,
      'cannot use the part (a of a.a) to traverse the element ({a: [ { a: 1 }, { b: 2 } ]})',
    );
    expectCode(
      () => apply({ _id: 1, s: 'x' }, { $rename: { 's.z': 'f' } }),
      28,
      'cannot use the part (s of s.z)',
    );
  });

  it('conflicts with another operator on either path (40)', () => {
    expectCode(() => apply({ _id: 1 }, { $rename: { a: 'b' }, $set: { b: 1 } }), 40);
    expectCode(() => apply({ _id: 1 }, { $rename: { a: 'b' }, $set: { 'a.c': 1 } }), 40);
  });
});

describe('applyUpdate — _id is immutable', () => {
  it('rejects changes to _id on update (66) but allows setting the same value', () => {
    expectCode(
      () => apply({ _id: 1 }, { $set: { _id: 2 } }),
      66,
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
    expectCode(() => apply({ _id: 1 }, { $unset: { _id: 1 } }), 66);
    expectCode(() => apply({ _id: { a: 1 } }, { $set: { '_id.a': 2 } }), 66);
    expectCode(() => apply({ _id: 1, a: 2 }, { $rename: { a: '_id' } }), 66);
    expectCode(
      () => apply({ _id: 1 }, { $rename: { _id: 'b' } }),
      66,
      /Unsetting the path '_id' using \$rename/,
    );
    const id = new ObjectId();
    expect(apply({ _id: id }, { $set: { _id: new ObjectId(id.toHexString()) } }).modified).toBe(false);
  });

  it('rejects a type change of _id through $set (66) but a replacement compares by value', () => {
    expectCode(() => apply({ _id: new Int32(1) }, { $set: { _id: new Double(1) } }), 66);
    expect(apply({ _id: new Int32(1), a: 1 }, { _id: new Double(1), a: 2 }).doc['a']).toBe(2);
  });

  it('allows setting _id on insert, but not to an array (53)', () => {
    expect(apply({}, { $set: { _id: 5 } }, { isInsert: true }).doc).toEqual({ _id: 5 });
    expectCode(() => apply({}, { $set: { _id: [1] } }, { isInsert: true }), 53);
  });
});

describe('applyUpdate — decimal conversions', () => {
  it('converts a double operand to 15 significant digits before decimal arithmetic', () => {
    const { doc } = apply({ _id: 1, n: new Double(0.1) }, { $inc: { n: Decimal128.fromString('1') } });
    expect(doc['n']).toBeInstanceOf(Decimal128);
    expect((doc['n'] as Decimal128).toString()).toBe('1.100000000000000');
  });

  it('rounds to 34 significant digits', () => {
    const third = Decimal128.fromString('0.3333333333333333333333333333333333');
    const { doc } = apply({ _id: 1, n: third }, { $mul: { n: new Int32(3) } });
    expect((doc['n'] as Decimal128).toString()).toBe('0.9999999999999999999999999999999999');
    const big = apply(
      { _id: 1, n: Decimal128.fromString('9999999999999999999999999999999999') },
      { $inc: { n: new Int32(1) } },
    );
    expect((big.doc['n'] as Decimal128).toString()).toBe('1.000000000000000000000000000000000E+34');
  });
});
