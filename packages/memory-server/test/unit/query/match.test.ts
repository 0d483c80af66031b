import {
  Binary,
  BSONRegExp,
  BSONSymbol,
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
import { decodeDocument, encodeDocument, type Doc } from '../../../src/bson.js';
import { ServerError } from '../../../src/errors.js';
import { compileFilter } from '../../../src/query/match.js';

const rt = (doc: Doc): Doc => decodeDocument(encodeDocument(doc));
const dec = (s: string): Decimal128 => Decimal128.fromString(s);

/** Which of the documents (by index) match the filter, after a BSON round trip. */
function matching(filter: Doc, docs: Doc[]): number[] {
  const compiled = compileFilter(rt(filter));
  return docs.map((d) => rt(d)).flatMap((d, i) => (compiled.test(d) ? [i] : []));
}

function errorOf(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ServerError);
    return { code: (error as ServerError).code, message: (error as ServerError).message };
  }
  throw new Error('expected a ServerError');
}

describe('equality', () => {
  const docs: Doc[] = [
    { a: new Int32(1) },
    { a: new Double(1) },
    { a: Long.fromNumber(1) },
    { a: dec('1.00') },
    { a: '1' },
    { a: [new Int32(5), new Int32(1)] },
    { a: [[new Int32(1)]] },
    { b: 1 },
    { a: null },
  ];

  it('matches numbers of any type by value, and array elements', () => {
    expect(matching({ a: 1 }, docs)).toEqual([0, 1, 2, 3, 5]);
    expect(matching({ a: dec('1') }, docs)).toEqual([0, 1, 2, 3, 5]);
  });

  it('matches whole arrays exactly and as elements', () => {
    expect(matching({ a: [new Int32(5), new Int32(1)] }, docs)).toEqual([5]);
    expect(matching({ a: [1] }, docs)).toEqual([6]);
    expect(matching({ a: [1, 5] }, docs)).toEqual([]);
  });

  it('matches null against null and missing but not empty arrays', () => {
    expect(matching({ a: null }, [...docs, { a: [] }, { a: [null] }])).toEqual([7, 8, 10]);
  });

  it('compares embedded documents field by field, in order', () => {
    const d = [{ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } }, { a: [{ x: 1, y: 2 }] }];
    expect(matching({ a: { x: 1, y: 2 } }, d)).toEqual([0, 2]);
    expect(matching({ 'a.x': 1 }, d)).toEqual([0, 1, 2]);
  });

  it('matches BSON types by value', () => {
    const id = new ObjectId();
    const d = [
      { a: id },
      { a: id.toHexString() },
      { a: new Binary(new Uint8Array([1, 2]), 4) },
      { a: new Timestamp({ t: 1, i: 2 }) },
      { a: new BSONSymbol('x') },
      { a: new Date(5) },
    ];
    expect(matching({ a: new ObjectId(id.toHexString()) }, d)).toEqual([0]);
    expect(matching({ a: new Binary(new Uint8Array([1, 2]), 4) }, d)).toEqual([2]);
    expect(matching({ a: new Binary(new Uint8Array([1, 2]), 0) }, d)).toEqual([]);
    expect(matching({ a: new Timestamp({ t: 1, i: 2 }) }, d)).toEqual([3]);
    expect(matching({ a: 'x' }, d)).toEqual([4]);
    expect(matching({ a: new Date(5) }, d)).toEqual([5]);
  });

  it('matches DBRef fields by path and by value', () => {
    const id = new ObjectId();
    const d = [{ r: new DBRef('users', id) }, { r: new DBRef('posts', id) }];
    expect(matching({ 'r.$id': id }, d)).toEqual([0, 1]);
    expect(matching({ 'r.$ref': 'posts' }, d)).toEqual([1]);
    expect(matching({ r: new DBRef('users', id) }, d)).toEqual([0]);
  });

  it('treats an empty filter as matching everything', () => {
    expect(matching({}, [{}, { a: 1 }])).toEqual([0, 1]);
  });
});

describe('dotted paths', () => {
  const docs: Doc[] = [
    { a: [{ b: 1 }, { b: 2 }] },
    { a: [{ b: [1, 3] }] },
    { a: { b: 1 } },
    { a: [{ c: 1 }] },
    { a: [1, 2] },
    { a: [[{ b: 1 }]] },
    { a: [10, 20] },
  ];

  it('traverses arrays of documents', () => {
    expect(matching({ 'a.b': 1 }, docs)).toEqual([0, 1, 2]);
    expect(matching({ 'a.b': 3 }, docs)).toEqual([1]);
  });

  it('uses numeric components as indexes', () => {
    // After an explicit index, a nested array is traversed again (`a.0` is `[{b: 1}]`).
    expect(matching({ 'a.0.b': 1 }, docs)).toEqual([0, 1, 5]);
    expect(matching({ 'a.1': 20 }, docs)).toEqual([6]);
    expect(matching({ 'a.0': { $exists: true } }, docs)).toEqual([0, 1, 3, 4, 5, 6]);
  });

  it('matches null on missing fields but not on arrays without documents', () => {
    expect(matching({ 'a.b': null }, docs)).toEqual([3]);
    expect(matching({ 'a.b': { $exists: false } }, docs)).toEqual([3, 4, 5, 6]);
  });

  it('follows MongoDB 7.0 dotted-path null semantics', () => {
    const nullDocs: Doc[] = [
      { a: [1, { c: 1 }] },
      { a: [1] },
      { a: [] },
      { a: [[]] },
      { a: [{}] },
      {},
      { a: {} },
      { a: null },
    ];
    expect(matching({ 'a.b': { $eq: null } }, nullDocs)).toEqual([0, 4, 5, 6, 7]);
    expect(matching({ 'a.b': { $ne: null } }, nullDocs)).toEqual([1, 2, 3]);
    expect(matching({ 'a.b': { $in: [null, 75] } }, nullDocs)).toEqual([0, 4, 5, 6, 7]);
    expect(
      matching({ a: { $elemMatch: { $ne: null } } }, [{ a: [[]] }, { a: [null] }, { a: [1, null] }]),
    ).toEqual([0, 2]);
  });
});

describe('comparison operators', () => {
  const docs: Doc[] = [
    { a: new Int32(5) },
    { a: Long.fromString('9007199254740993') },
    { a: dec('9.5') },
    { a: dec('10') },
    { a: 'z' },
    { a: [new Int32(1), new Int32(20)] },
    { a: null },
    {},
    { a: NaN },
    { a: new Date(0) },
  ];

  it('compares numbers exactly across types', () => {
    expect(matching({ a: { $gt: 9 } }, docs)).toEqual([1, 2, 3, 5]);
    expect(matching({ a: { $gt: 9007199254740992 } }, docs)).toEqual([1]);
    expect(matching({ a: { $lte: dec('9.5') } }, docs)).toEqual([0, 2, 5]);
  });

  it('does not cross types (type bracketing)', () => {
    expect(matching({ a: { $gt: 'a' } }, docs)).toEqual([4]);
    expect(matching({ a: { $lt: new Date(1) } }, docs)).toEqual([9]);
  });

  it('lets different elements satisfy different bounds', () => {
    expect(matching({ a: { $gt: 10, $lt: 5 } }, docs)).toEqual([5]);
    expect(matching({ a: { $elemMatch: { $gt: 10, $lt: 5 } } }, docs)).toEqual([]);
    expect(matching({ a: { $elemMatch: { $gt: 10, $lt: 25 } } }, docs)).toEqual([5]);
  });

  it('treats null bounds as matching null and missing only', () => {
    expect(matching({ a: { $gte: null } }, docs)).toEqual([6, 7]);
    expect(matching({ a: { $lt: null } }, docs)).toEqual([]);
  });

  it('compares everything against MinKey and MaxKey', () => {
    expect(matching({ a: { $gt: new MinKey() } }, docs)).toHaveLength(10);
    expect(matching({ a: { $lt: new MaxKey() } }, docs)).toHaveLength(10);
  });

  it('handles NaN as MongoDB does', () => {
    expect(matching({ a: NaN }, docs)).toEqual([8]);
    expect(matching({ a: { $gte: NaN } }, docs)).toEqual([8]);
    expect(matching({ a: { $gt: NaN } }, docs)).toEqual([]);
    expect(matching({ a: { $lt: 100 } }, docs)).toEqual([0, 2, 3, 5]);
  });

  it('negates $ne over the whole field, arrays included', () => {
    expect(matching({ a: { $ne: 1 } }, docs)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9]);
    expect(matching({ a: { $ne: null } }, docs)).toEqual([0, 1, 2, 3, 4, 5, 8, 9]);
  });
});

describe('$in and $nin', () => {
  const docs: Doc[] = [{ a: 1 }, { a: 'apple' }, { a: [2, 3] }, {}, { a: null }, { a: 'Banana' }];

  it('matches any listed value, regexes and null included', () => {
    expect(matching({ a: { $in: [3, /^b/i] } }, docs)).toEqual([2, 5]);
    expect(matching({ a: { $in: [null] } }, docs)).toEqual([3, 4]);
    expect(matching({ a: { $in: [] } }, docs)).toEqual([]);
  });

  it('uses a hash set for long lists with numeric equivalence', () => {
    const list = [...Array.from({ length: 20 }, (_, i) => new Int32(i + 100)), dec('1.0')];
    expect(matching({ a: { $in: list } }, docs)).toEqual([0]);
  });

  it('negates with $nin', () => {
    expect(matching({ a: { $nin: [1, 3] } }, docs)).toEqual([1, 3, 4, 5]);
  });

  it('rejects malformed operands', () => {
    expect(errorOf(() => compileFilter({ a: { $in: 1 } }))).toEqual({
      code: 2,
      message: '$in needs an array',
    });
    expect(errorOf(() => compileFilter({ a: { $nin: {} } }))).toEqual({
      code: 2,
      message: '$nin needs an array',
    });
    expect(errorOf(() => compileFilter({ a: { $in: [{ $gt: 1 }] } })).message).toBe(
      'cannot nest $ under $in',
    );
  });
});

describe('logical operators', () => {
  const docs: Doc[] = [
    { a: 1, b: 1 },
    { a: 1, b: 2 },
    { a: 2, b: 2 },
  ];

  it('combines with $and, $or, $nor and $not', () => {
    expect(matching({ $and: [{ a: 1 }, { b: 2 }] }, docs)).toEqual([1]);
    expect(matching({ $or: [{ a: 2 }, { b: 1 }] }, docs)).toEqual([0, 2]);
    expect(matching({ $nor: [{ a: 2 }, { b: 1 }] }, docs)).toEqual([1]);
    expect(matching({ b: { $not: { $gt: 1 } } }, docs)).toEqual([0]);
    expect(matching({ b: { $not: /x/ } }, docs)).toEqual([0, 1, 2]);
  });

  it('rejects malformed logical operators with code 2', () => {
    expect(errorOf(() => compileFilter({ $and: {} }))).toEqual({ code: 2, message: '$and must be an array' });
    expect(errorOf(() => compileFilter({ $or: [] })).message).toBe('$and/$or/$nor must be a nonempty array');
    expect(errorOf(() => compileFilter({ $nor: [1] })).message).toBe(
      '$or/$and/$nor entries need to be full objects',
    );
    expect(errorOf(() => compileFilter({ a: { $not: 1 } })).message).toBe('$not needs a regex or a document');
    expect(errorOf(() => compileFilter({ a: { $not: {} } })).message).toBe('$not cannot be empty');
  });

  it('rejects unknown operators', () => {
    expect(errorOf(() => compileFilter({ a: { $foo: 1 } }))).toEqual({
      code: 2,
      message: 'unknown operator: $foo',
    });
    expect(errorOf(() => compileFilter({ a: { $gt: 1, b: 1 } })).message).toBe('unknown operator: b');
    expect(errorOf(() => compileFilter({ $foo: 1 })).message).toMatch(/^unknown top level operator: \$foo/);
  });

  it('treats objects whose first key is not an operator as literals', () => {
    expect(matching({ a: { b: 1, $gt: 2 } }, [{ a: { b: 1, $gt: 2 } }, { a: 3 }])).toEqual([0]);
  });

  it('ignores $comment and refuses $where, $text and geo operators', () => {
    expect(matching({ $comment: 'hi', a: 1 }, docs)).toEqual([0, 1]);
    expect(errorOf(() => compileFilter({ $where: 'this.a' })).code).toBe(2);
    // $text compiles, but only matches once the planner binds a text index (test/integration/text.test.ts).
    expect(errorOf(() => compileFilter({ $text: { $search: 'x' } }).test({})).message).toMatch(
      /not allowed in this context/,
    );
    // Geo operators are implemented (test/unit/query/geo); an empty $geoWithin is still BadValue.
    expect(errorOf(() => compileFilter({ loc: { $geoWithin: {} } })).code).toBe(2);
  });
});

describe('$exists, $type, $size', () => {
  const docs: Doc[] = [
    { a: new Int32(1) },
    { a: new Double(1) },
    { a: Long.fromNumber(1) },
    { a: dec('1') },
    { a: 'x' },
    { a: [new Int32(1), 'x'] },
    { a: null },
    {},
    { a: [] },
    { a: new ObjectId() },
  ];

  it('$exists checks presence, null included', () => {
    expect(matching({ a: { $exists: true } }, docs)).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9]);
    expect(matching({ a: { $exists: 0 } }, docs)).toEqual([7]);
  });

  it('$type accepts names, codes, number and lists and looks into arrays', () => {
    expect(matching({ a: { $type: 'int' } }, docs)).toEqual([0, 5]);
    expect(matching({ a: { $type: 1 } }, docs)).toEqual([1]);
    expect(matching({ a: { $type: 'long' } }, docs)).toEqual([2]);
    expect(matching({ a: { $type: 19 } }, docs)).toEqual([3]);
    expect(matching({ a: { $type: 'number' } }, docs)).toEqual([0, 1, 2, 3, 5]);
    expect(matching({ a: { $type: ['string', 'null'] } }, docs)).toEqual([4, 5, 6]);
    expect(matching({ a: { $type: 'array' } }, docs)).toEqual([5, 8]);
    expect(matching({ a: { $type: 'objectId' } }, docs)).toEqual([9]);
    expect(errorOf(() => compileFilter({ a: { $type: 'foo' } }))).toEqual({
      code: 2,
      message: 'Unknown type name alias: foo',
    });
    expect(errorOf(() => compileFilter({ a: { $type: 100 } })).message).toBe(
      'Invalid numerical type code: 100',
    );
    expect(errorOf(() => compileFilter({ a: { $type: {} } })).code).toBe(14);
  });

  it('$size matches array length only', () => {
    expect(matching({ a: { $size: 2 } }, docs)).toEqual([5]);
    expect(matching({ a: { $size: new Long(0) } }, docs)).toEqual([8]);
    expect(errorOf(() => compileFilter({ a: { $size: 'x' } })).message).toBe('$size needs a number');
    expect(errorOf(() => compileFilter({ a: { $size: -1 } })).message).toBe('$size may not be negative');
    expect(errorOf(() => compileFilter({ a: { $size: 1.5 } })).message).toBe('$size must be a whole number');
  });
});

describe('$all and $elemMatch', () => {
  const docs: Doc[] = [
    { tags: ['a', 'b', 'c'] },
    { tags: ['a'] },
    { tags: 'a' },
    {
      items: [
        { k: 'x', v: 1 },
        { k: 'y', v: 5 },
      ],
    },
    { items: [{ k: 'x', v: 5 }] },
  ];

  it('$all requires every value', () => {
    expect(matching({ tags: { $all: ['a', 'b'] } }, docs)).toEqual([0]);
    expect(matching({ tags: { $all: ['a'] } }, docs)).toEqual([0, 1, 2]);
    expect(matching({ tags: { $all: [] } }, docs)).toEqual([]);
    expect(matching({ tags: { $all: [/^c/] } }, docs)).toEqual([0]);
  });

  it('$elemMatch object form needs one element to satisfy every condition', () => {
    expect(matching({ items: { $elemMatch: { k: 'x', v: { $gt: 2 } } } }, docs)).toEqual([4]);
    expect(matching({ 'items.k': 'x', 'items.v': { $gt: 2 } }, docs)).toEqual([3, 4]);
  });

  it('$all with $elemMatch', () => {
    const f = { items: { $all: [{ $elemMatch: { k: 'x' } }, { $elemMatch: { v: 5 } }] } };
    expect(matching(f, docs)).toEqual([3, 4]);
    expect(errorOf(() => compileFilter({ a: { $all: [{ $elemMatch: { k: 1 } }, 1] } })).message).toBe(
      '$all/$elemMatch has to be consistent',
    );
  });

  it('$elemMatch value form does not expand nested arrays', () => {
    expect(matching({ a: { $elemMatch: { $gte: 2 } } }, [{ a: [[3]] }, { a: [1, 3] }, { a: 3 }])).toEqual([
      1,
    ]);
    expect(errorOf(() => compileFilter({ a: { $elemMatch: 1 } })).message).toBe('$elemMatch needs an Object');
  });
});

describe('$mod, $regex and bit tests', () => {
  it('$mod truncates and validates', () => {
    const docs: Doc[] = [
      { a: new Int32(7) },
      { a: new Double(7.9) },
      { a: Long.fromNumber(-7) },
      { a: 'x' },
      { a: dec('4') },
    ];
    expect(matching({ a: { $mod: [4, 3] } }, docs)).toEqual([0, 1]);
    expect(matching({ a: { $mod: [4, -3] } }, docs)).toEqual([2]);
    expect(matching({ a: { $mod: [2, 0] } }, docs)).toEqual([4]);
    expect(errorOf(() => compileFilter({ a: { $mod: [0, 1] } })).message).toBe('divisor cannot be 0');
    expect(errorOf(() => compileFilter({ a: { $mod: [1] } })).message).toBe(
      'malformed mod, not enough elements',
    );
    expect(errorOf(() => compileFilter({ a: { $mod: 3 } })).message).toBe(
      'malformed mod, needs to be an array',
    );
  });

  it('$regex with $options, BSONRegExp and JS RegExp', () => {
    const docs: Doc[] = [
      { s: 'Apple' },
      { s: 'apple pie' },
      { s: ['x', 'banana'] },
      { s: new BSONSymbol('apricot') },
      { s: 1 },
    ];
    expect(matching({ s: { $regex: '^a', $options: 'i' } }, docs)).toEqual([0, 1, 3]);
    expect(matching({ s: new BSONRegExp('^ap', '') }, docs)).toEqual([1, 3]);
    expect(matching({ s: /an/ }, docs)).toEqual([2]);
    expect(matching({ s: { $regex: 'a p p # comment', $options: 'x' } }, docs)).toEqual([1]);
    expect(matching({ s: { $regex: /pie$/ } }, docs)).toEqual([1]);
    expect(errorOf(() => compileFilter({ s: { $regex: 'a', $options: 'z' } })).code).toBe(51108);
    expect(errorOf(() => compileFilter({ s: { $regex: '(' } })).code).toBe(51091);
    expect(errorOf(() => compileFilter({ s: { $options: 'i' } })).message).toBe('$options needs a $regex');
  });

  it('translates inline options and PCRE anchors', () => {
    const docs: Doc[] = [{ s: 'Abc' }, { s: 'xabc' }];
    expect(matching({ s: { $regex: '(?i)^a' } }, docs)).toEqual([0]);
    expect(matching({ s: { $regex: '\\Aabc\\z', $options: 'i' } }, docs)).toEqual([0]);
    expect(matching({ s: { $not: { $regex: 'B', $options: 'i' } } }, docs)).toEqual([]);
  });

  it('matches a stored regex only against the same regex', () => {
    expect(matching({ r: { $regex: /a/i } }, [{ r: /a/i }, { r: /a/ }])).toEqual([0]);
  });

  it('bit tests on numbers and BinData', () => {
    const docs: Doc[] = [
      { a: new Int32(54) },
      { a: new Int32(-1) },
      { a: new Binary(new Uint8Array([0x36])) },
      { a: 2.5 },
    ];
    expect(matching({ a: { $bitsAllSet: [1, 5] } }, docs)).toEqual([0, 1, 2]);
    expect(matching({ a: { $bitsAllSet: 50 } }, docs)).toEqual([0, 1, 2]);
    expect(matching({ a: { $bitsAnyClear: [0, 1] } }, docs)).toEqual([0, 2]);
    expect(matching({ a: { $bitsAllClear: new Binary(new Uint8Array([0x01])) } }, docs)).toEqual([0, 2]);
    expect(matching({ a: { $bitsAnySet: [70] } }, docs)).toEqual([1]);
    expect(errorOf(() => compileFilter({ a: { $bitsAllSet: -1 } })).code).toBe(2);
  });
});

describe('$expr and $jsonSchema', () => {
  it('evaluates $expr with truthiness and let variables', () => {
    const docs: Doc[] = [
      { a: new Int32(3), b: new Int32(1) },
      { a: new Int32(1), b: new Int32(3) },
      { a: 0 },
    ];
    expect(matching({ $expr: { $gt: ['$a', '$b'] } }, docs)).toEqual([0, 2]);
    expect(matching({ $expr: '$a' }, docs)).toEqual([0, 1]);
    expect(errorOf(() => compileFilter({ $expr: { $and: [{ $nope: 1 }] } }))).toEqual({
      code: 168,
      message: "Unrecognized expression '$nope'",
    });
    expect(matching({ $expr: { $literal: { $nope: 1 } } }, docs)).toEqual([0, 1, 2]);
    const f = compileFilter({ $expr: { $eq: ['$a', '$$x'] } }, { variables: { x: 1 } });
    expect(docs.map((d) => f.test(d))).toEqual([false, true, false]);
  });

  it('validates documents with a $jsonSchema subset', () => {
    const schema = {
      $jsonSchema: {
        bsonType: 'object',
        required: ['name'],
        properties: {
          name: { bsonType: 'string', pattern: '^[A-Z]' },
          age: { bsonType: ['int', 'long'], minimum: 0, maximum: 150 },
          tags: { bsonType: 'array', items: { enum: ['a', 'b'] }, maxItems: 2 },
        },
        additionalProperties: false,
      },
    };
    const docs: Doc[] = [
      { name: 'Ann', age: new Int32(30) },
      { name: 'ann' },
      { age: new Int32(3) },
      { name: 'Bob', age: new Double(3) },
      { name: 'Bob', extra: 1 },
      { name: 'Cy', tags: ['a', 'b'] },
      { name: 'Cy', tags: ['a', 'c'] },
      { name: 'Di', age: new Int32(-1) },
    ];
    expect(matching(schema, docs)).toEqual([0, 5]);
    expect(errorOf(() => compileFilter({ $jsonSchema: { foo: 1 } })).message).toBe(
      'Unknown $jsonSchema keyword: foo',
    );
    expect(errorOf(() => compileFilter({ $jsonSchema: { type: 'integer' } })).code).toBe(9);
  });

  it('supports the combinators and string/array keywords of $jsonSchema', () => {
    const schema = {
      $jsonSchema: {
        properties: {
          code: { type: 'string', minLength: 2, maxLength: 3 },
          v: { anyOf: [{ bsonType: 'int' }, { bsonType: 'string' }] },
          list: { uniqueItems: true, minItems: 1 },
          n: { not: { enum: [0] }, multipleOf: 2 },
        },
      },
    };
    const docs: Doc[] = [
      { code: 'ab', v: new Int32(1), list: [1, 2], n: 4 },
      { code: 'a' },
      { v: new Double(1) },
      { list: [1, new Int32(1)] },
      { list: [] },
      { n: 0 },
      { n: 3 },
      {},
    ];
    expect(matching(schema, docs)).toEqual([0, 7]);
  });
});

describe('matchPositional', () => {
  it('reports the index of the first array element that matched', () => {
    const f = compileFilter({ 'items.k': 'y' });
    expect(f.matchPositional(rt({ items: [{ k: 'x' }, { k: 'y' }] }))).toEqual({
      matched: true,
      position: 1,
    });
    expect(compileFilter({ a: { $gt: 2 } }).matchPositional({ a: [1, 2, 3] })).toEqual({
      matched: true,
      position: 2,
    });
    expect(
      compileFilter({ a: { $elemMatch: { b: 2 } } }).matchPositional({ a: [{ b: 1 }, { b: 2 }] }),
    ).toEqual({
      matched: true,
      position: 1,
    });
    expect(
      compileFilter({ $and: [{ x: 1 }, { $or: [{ 'a.b': 5 }, { z: 1 }] }] }).matchPositional({
        x: 1,
        a: [{ b: 4 }, { b: 6 }, { b: 5 }],
      }),
    ).toEqual({ matched: true, position: 2 });
    expect(compileFilter({ a: { $ne: 1 } }).matchPositional({ a: [2, 3] })).toEqual({
      matched: true,
      position: undefined,
    });
    expect(compileFilter({ x: 1 }).matchPositional({ x: 1 })).toEqual({ matched: true, position: undefined });
    expect(compileFilter({ x: 2 }).matchPositional({ x: 1 })).toEqual({
      matched: false,
      position: undefined,
    });
  });
});

describe('equalities', () => {
  it('collects top-level equality conditions', () => {
    const f = compileFilter({
      a: 1,
      b: { $eq: 'x' },
      c: { $gt: 1 },
      d: /re/,
      $and: [{ e: 2 }, { f: { $in: [1] } }],
      $or: [{ g: 3 }],
    });
    expect([...f.equalities.entries()]).toEqual([
      ['a', 1],
      ['b', 'x'],
      ['e', 2],
      ['g', 3],
    ]);
  });
});

describe('large inputs', () => {
  it('tests 50k documents without mutating them, agreeing with a hand-written predicate', () => {
    const docs = Array.from({ length: 50_000 }, (_, i) =>
      Object.freeze({
        a: new Int32(i),
        tags: Object.freeze(['x', String(i % 10)]),
        n: Object.freeze({ v: i % 7 }),
      }),
    );
    const f = compileFilter({ a: { $gte: 100 }, tags: '3', 'n.v': { $in: [1, 2] } });
    const count = docs.filter((d) => f.test(d)).length;
    const expected = docs.filter((_, i) => i >= 100 && i % 10 === 3 && [1, 2].includes(i % 7)).length;
    expect(count).toBe(expected);
    expect(count).toBeGreaterThan(0);
  });
});
