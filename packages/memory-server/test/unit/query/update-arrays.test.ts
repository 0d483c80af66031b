import { BSONRegExp, Double, Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { apply, expectCode } from './update-helpers.js';

describe('applyUpdate — $push', () => {
  it('appends one value, or an array as a single element', () => {
    expect(apply({ _id: 1, a: [1] }, { $push: { a: 2 } }).doc['a']).toEqual([1, 2]);
    expect(apply({ _id: 1, a: [1] }, { $push: { a: [2, 3] } }).doc['a']).toEqual([1, [2, 3]]);
  });

  it('creates the array when missing', () => {
    expect(apply({ _id: 1 }, { $push: { 'x.a': 1 } }).doc).toEqual({ _id: 1, x: { a: [1] } });
    expect(apply({ _id: 1 }, { $push: { a: { $each: [] } } }).doc).toEqual({ _id: 1, a: [] });
  });

  it('$each appends several values, $position inserts (negative from the end)', () => {
    expect(apply({ _id: 1, a: [1, 2] }, { $push: { a: { $each: [3, 4] } } }).doc['a']).toEqual([1, 2, 3, 4]);
    expect(apply({ _id: 1, a: [1, 2] }, { $push: { a: { $each: [9], $position: 0 } } }).doc['a']).toEqual([
      9, 1, 2,
    ]);
    expect(apply({ _id: 1, a: [1, 2, 3] }, { $push: { a: { $each: [9], $position: -1 } } }).doc['a']).toEqual(
      [1, 2, 9, 3],
    );
    expect(apply({ _id: 1, a: [1, 2] }, { $push: { a: { $each: [9], $position: 10 } } }).doc['a']).toEqual([
      1, 2, 9,
    ]);
    expect(apply({ _id: 1, a: [1, 2] }, { $push: { a: { $each: [9], $position: -10 } } }).doc['a']).toEqual([
      9, 1, 2,
    ]);
  });

  it('$sort sorts whole elements or by fields; $slice keeps the head or the tail', () => {
    expect(apply({ _id: 1, a: [3, 1] }, { $push: { a: { $each: [2], $sort: 1 } } }).doc['a']).toEqual([
      1, 2, 3,
    ]);
    expect(apply({ _id: 1, a: [3, 1] }, { $push: { a: { $each: [2], $sort: -1 } } }).doc['a']).toEqual([
      3, 2, 1,
    ]);
    const docs = [{ s: 3 }, { s: 1 }];
    expect(
      apply({ _id: 1, a: docs }, { $push: { a: { $each: [{ s: 2 }], $sort: { s: 1 } } } }).doc['a'],
    ).toEqual([{ s: 1 }, { s: 2 }, { s: 3 }]);
    expect(apply({ _id: 1, a: [1, 2, 3] }, { $push: { a: { $each: [4], $slice: 2 } } }).doc['a']).toEqual([
      1, 2,
    ]);
    expect(apply({ _id: 1, a: [1, 2, 3] }, { $push: { a: { $each: [4], $slice: -2 } } }).doc['a']).toEqual([
      3, 4,
    ]);
    expect(apply({ _id: 1, a: [1, 2, 3] }, { $push: { a: { $each: [], $slice: 0 } } }).doc['a']).toEqual([]);
    expect(
      apply({ _id: 1, a: [5, 1] }, { $push: { a: { $each: [3, 9], $sort: 1, $slice: 3 } } }).doc['a'],
    ).toEqual([1, 3, 5]);
  });

  it('accepts integral doubles for $slice and $position', () => {
    expect(
      apply({ _id: 1, a: [1, 2] }, { $push: { a: { $each: [3], $slice: new Double(1) } } }).doc['a'],
    ).toEqual([1]);
  });

  it('an empty $each without sort or slice is a no-op', () => {
    expect(apply({ _id: 1, a: [1] }, { $push: { a: { $each: [] } } }).modified).toBe(false);
  });

  it('rejects a non-array field (2) and malformed clauses (2)', () => {
    expectCode(
      () => apply({ _id: 1, a: 5 }, { $push: { a: 1 } }),
      2,
      "The field 'a' must be an array but is of type int in document {_id: 1}",
    );
    expectCode(
      () => apply({ _id: 1 }, { $push: { a: { $each: 1 } } }),
      2,
      /\$each in \$push must be an array/,
    );
    expectCode(
      () => apply({ _id: 1 }, { $push: { a: { $each: [], $foo: 1 } } }),
      2,
      'Unrecognized clause in $push: $foo',
    );
    expectCode(
      () => apply({ _id: 1 }, { $push: { a: { $each: [], $slice: 1.5 } } }),
      2,
      /\$slice must be an integer/,
    );
    expectCode(
      () => apply({ _id: 1 }, { $push: { a: { $each: [], $position: 'x' } } }),
      2,
      /\$position must be an integer/,
    );
    expectCode(() => apply({ _id: 1 }, { $push: { a: { $each: [], $sort: 2 } } }), 2, /either 1 or -1/);
    expectCode(() => apply({ _id: 1 }, { $push: { a: { $each: [], $sort: {} } } }), 2, /pattern is empty/);
    expectCode(() => apply({ _id: 1 }, { $push: { a: { $each: [], $sort: 'x' } } }), 2, /\$sort is invalid/);
  });
});

describe('applyUpdate — $addToSet', () => {
  it('adds only absent values, with numeric equality across types', () => {
    expect(apply({ _id: 1, a: [1, 2] }, { $addToSet: { a: 3 } }).doc['a']).toEqual([1, 2, 3]);
    const same = apply({ _id: 1, a: [new Int32(1)] }, { $addToSet: { a: new Double(1) } });
    expect(same.modified).toBe(false);
  });

  it('$each adds each absent value once; an array without $each is one element', () => {
    expect(apply({ _id: 1, a: [1] }, { $addToSet: { a: { $each: [1, 2, 2, 3] } } }).doc['a']).toEqual([
      1, 2, 3,
    ]);
    expect(apply({ _id: 1, a: [1] }, { $addToSet: { a: [1, 2] } }).doc['a']).toEqual([1, [1, 2]]);
    expect(apply({ _id: 1 }, { $addToSet: { a: { $each: [1, 1] } } }).doc['a']).toEqual([1]);
  });

  it('compares embedded documents with field order', () => {
    expect(
      apply({ _id: 1, a: [{ x: 1, y: 2 }] }, { $addToSet: { a: { y: 2, x: 1 } } }).doc['a'],
    ).toHaveLength(2);
    expect(apply({ _id: 1, a: [{ x: 1, y: 2 }] }, { $addToSet: { a: { x: 1, y: 2 } } }).modified).toBe(false);
  });

  it('rejects a non-array field (2) and a non-array $each (14)', () => {
    expectCode(
      () => apply({ _id: 1, a: 'x' }, { $addToSet: { a: 1 } }),
      2,
      /Cannot apply \$addToSet to non-array field/,
    );
    expectCode(
      () => apply({ _id: 1 }, { $addToSet: { a: { $each: 1 } } }),
      14,
      /\$each in \$addToSet must be an array/,
    );
  });
});

describe('applyUpdate — $pop', () => {
  it('removes the last (1) or first (-1) element', () => {
    expect(apply({ _id: 1, a: [1, 2, 3] }, { $pop: { a: 1 } }).doc['a']).toEqual([1, 2]);
    expect(apply({ _id: 1, a: [1, 2, 3] }, { $pop: { a: -1 } }).doc['a']).toEqual([2, 3]);
    expect(apply({ _id: 1, a: [] }, { $pop: { a: 1 } }).modified).toBe(false);
    expect(apply({ _id: 1 }, { $pop: { a: 1 } }).modified).toBe(false);
  });

  it('rejects bad arguments (9), non-arrays (14) and non-viable paths (28)', () => {
    expectCode(() => apply({ _id: 1 }, { $pop: { a: 2 } }), 9, '$pop expects 1 or -1, found: 2');
    expectCode(() => apply({ _id: 1 }, { $pop: { a: 'x' } }), 9, /Expected a number in/);
    expectCode(
      () => apply({ _id: 1, a: 5 }, { $pop: { a: 1 } }),
      14,
      "Path 'a' contains an element of non-array type 'int'",
    );
    expectCode(
      () => apply({ _id: 1, a: 5 }, { $pop: { 'a.b': 1 } }),
      28,
      /Cannot use the part \(b\) of \(a\.b\)/,
    );
  });
});

describe('applyUpdate — $pull / $pullAll', () => {
  it('$pull removes equal values (numerically equal across types)', () => {
    expect(apply({ _id: 1, a: [new Int32(1), 2, new Double(1)] }, { $pull: { a: 1 } }).doc['a']).toEqual([2]);
  });

  it('$pull with an operator condition tests each element', () => {
    expect(apply({ _id: 1, a: [1, 5, 7, 3] }, { $pull: { a: { $gte: 5 } } }).doc['a']).toEqual([1, 3]);
    expect(apply({ _id: 1, a: ['x', 'y', 'z'] }, { $pull: { a: { $in: ['x', 'z'] } } }).doc['a']).toEqual([
      'y',
    ]);
  });

  it('$pull with a document condition matches embedded documents by their fields', () => {
    const a = [{ item: 'A', score: 8 }, { item: 'B', score: 8, extra: true }, { item: 'B', score: 4 }, 5];
    expect(apply({ _id: 1, a }, { $pull: { a: { item: 'B', score: 8 } } }).doc['a']).toEqual([
      { item: 'A', score: 8 },
      { item: 'B', score: 4 },
      5,
    ]);
    expect(apply({ _id: 1, a }, { $pull: { a: { score: { $lt: 5 } } } }).doc['a']).toHaveLength(3);
  });

  it('$pull with a regular expression tests string elements', () => {
    expect(apply({ _id: 1, a: ['apple', 'banana', 'avocado', 1] }, { $pull: { a: /^a/ } }).doc['a']).toEqual([
      'banana',
      1,
    ]);
    expect(apply({ _id: 1, a: ['x', 'Y'] }, { $pull: { a: new BSONRegExp('y', 'i') } }).doc['a']).toEqual([
      'x',
    ]);
  });

  it('$pull is a no-op when nothing matches or the path is missing', () => {
    expect(apply({ _id: 1, a: [1] }, { $pull: { a: 2 } }).modified).toBe(false);
    expect(apply({ _id: 1 }, { $pull: { a: 2 } }).modified).toBe(false);
  });

  it('$pullAll removes every listed value', () => {
    expect(apply({ _id: 1, a: [0, 2, 5, 5, 1, 0] }, { $pullAll: { a: [0, 5] } }).doc['a']).toEqual([2, 1]);
    expectCode(() => apply({ _id: 1 }, { $pullAll: { a: 1 } }), 2, /\$pullAll requires an array argument/);
  });

  it('rejects non-array fields (2)', () => {
    expectCode(
      () => apply({ _id: 1, a: 1 }, { $pull: { a: 1 } }),
      2,
      'Cannot apply $pull to a non-array value',
    );
    expectCode(
      () => apply({ _id: 1, a: 1 }, { $pullAll: { a: [1] } }),
      2,
      'Cannot apply $pullAll to a non-array value',
    );
  });
});

describe('applyUpdate — positional $', () => {
  it('updates the element at options.positional', () => {
    const doc = { _id: 1, a: [{ b: 1 }, { b: 2 }] };
    expect(apply(doc, { $set: { 'a.$.b': 9 } }, { positional: 1 }).doc['a']).toEqual([{ b: 1 }, { b: 9 }]);
    expect(apply({ _id: 1, a: [1, 2, 3] }, { $inc: { 'a.$': 10 } }, { positional: 2 }).doc['a']).toEqual([
      1,
      2,
      new Int32(13),
    ]);
  });

  it('fails with BadValue (2) when the query matched no position', () => {
    expectCode(
      () => apply({ _id: 1, a: [1] }, { $set: { 'a.$': 2 } }),
      2,
      'The positional operator did not find the match needed from the query.',
    );
  });

  it('conflicts with an explicit index on the same element (40)', () => {
    expectCode(
      () => apply({ _id: 1, a: [1, 2] }, { $set: { 'a.$': 5, 'a.1': 6 } }, { positional: 1 }),
      40,
      /conflict at 'a\.1'/,
    );
    expect(
      apply({ _id: 1, a: [1, 2] }, { $set: { 'a.$': 5, 'a.1': 6 } }, { positional: 0 }).doc['a'],
    ).toEqual([5, 6]);
  });

  it('rejects more than one $ (2) and $ first (2)', () => {
    expectCode(() => apply({ _id: 1 }, { $set: { 'a.$.b.$': 1 } }), 2, /Too many positional/);
    expectCode(() => apply({ _id: 1 }, { $set: { '$.a': 1 } }), 2, /first position/);
  });
});

describe('applyUpdate — $[] and $[identifier]', () => {
  it('$[] updates every element', () => {
    expect(apply({ _id: 1, a: [1, 2, 3] }, { $inc: { 'a.$[]': 1 } }).doc['a']).toEqual(
      [2, 3, 4].map((n) => new Int32(n)),
    );
    expect(apply({ _id: 1, a: [{ b: 1 }, { c: 1 }] }, { $set: { 'a.$[].b': 0 } }).doc['a']).toEqual([
      { b: 0 },
      { c: 1, b: 0 },
    ]);
  });

  it('$[id] updates the elements matching the array filter', () => {
    const { doc } = apply(
      { _id: 1, grades: [95, 102, 90, 150] },
      { $set: { 'grades.$[el]': 100 } },
      { arrayFilters: [{ el: { $gte: 100 } }] },
    );
    expect(doc['grades']).toEqual([95, 100, 90, 100]);
  });

  it('array filters can test embedded fields and nest', () => {
    const input = {
      _id: 1,
      items: [
        {
          k: 'a',
          sizes: [
            { s: 1, q: 0 },
            { s: 2, q: 0 },
          ],
        },
        { k: 'b', sizes: [{ s: 1, q: 0 }] },
      ],
    };
    const { doc } = apply(
      input,
      { $inc: { 'items.$[i].sizes.$[z].q': 5 } },
      { arrayFilters: [{ 'i.k': 'a' }, { 'z.s': { $gt: 1 } }] },
    );
    expect(doc['items']).toEqual([
      {
        k: 'a',
        sizes: [
          { s: 1, q: 0 },
          { s: 2, q: new Int32(5) },
        ],
      },
      { k: 'b', sizes: [{ s: 1, q: 0 }] },
    ]);
    expect(input.items[0]?.sizes[1]?.q).toBe(0);
  });

  it('combines $[] with $[id] and with the positional $', () => {
    const { doc } = apply(
      { _id: 1, a: [{ b: [1, 2] }, { b: [3, 4] }] },
      { $set: { 'a.$[].b.$[x]': 0 } },
      { arrayFilters: [{ x: { $gt: 2 } }] },
    );
    expect(doc['a']).toEqual([{ b: [1, 2] }, { b: [0, 0] }]);
    const p = apply(
      { _id: 1, a: [{ b: [1, 2] }, { b: [3] }] },
      { $inc: { 'a.$.b.$[]': 1 } },
      { positional: 0 },
    ).doc;
    expect(p['a']).toEqual([{ b: [new Int32(2), new Int32(3)] }, { b: [3] }]);
  });

  it('merges $[] and $[id] on different fields, conflicts on the same one (40)', () => {
    const merged = apply(
      { _id: 1, a: [{ x: 1 }, { x: 2 }] },
      { $set: { 'a.$[].y': 0, 'a.$[e].z': 1 } },
      { arrayFilters: [{ 'e.x': 2 }] },
    ).doc;
    expect(merged['a']).toEqual([
      { x: 1, y: 0 },
      { x: 2, y: 0, z: 1 },
    ]);
    expectCode(
      () => apply({ _id: 1, a: [1, 2] }, { $set: { 'a.$[]': 0, 'a.$[e]': 1 } }, { arrayFilters: [{ e: 2 }] }),
      40,
      "Update created a conflict at 'a.1'",
    );
  });

  it('names merge conflicts by the merged path', () => {
    expectCode(
      () =>
        apply(
          { _id: 0, a: [{ x: 0, b: [{ y: 0, c: 0 }] }] },
          { $set: { 'a.$[i].b.$[k].c': 1, 'a.$[j].b.$[k].c': 2 } },
          { arrayFilters: [{ 'i.x': 0 }, { 'j.x': 0 }, { 'k.y': 0 }] },
        ),
      40,
      "Update created a conflict at 'a.0.b.$[k].c'",
    );
  });

  it('requires the array to exist (2) and to be an array (2)', () => {
    expectCode(
      () => apply({ _id: 1 }, { $set: { 'a.$[]': 1 } }),
      2,
      "The path 'a' must exist in the document in order to apply array updates.",
    );
    expectCode(
      () => apply({ _id: 1, a: 5 }, { $set: { 'a.$[]': 1 } }),
      2,
      'Cannot apply array updates to non-array element a: 5',
    );
  });

  it('validates identifiers: undefined (2), unused (9), malformed filters (9 / 2)', () => {
    expectCode(
      () => apply({ _id: 1, a: [] }, { $set: { 'a.$[x]': 1 } }),
      2,
      "No array filter found for identifier 'x' in path 'a.$[x]'",
    );
    expectCode(
      () => apply({ _id: 1, a: [] }, { $set: { 'a.$[x]': 1 } }, { arrayFilters: [{ x: 1 }, { y: 1 }] }),
      9,
      /The array filter for identifier 'y' was not used in the update/,
    );
    expectCode(
      () => apply({ _id: 1, a: [] }, { $set: { a: 1 } }, { arrayFilters: [{}] }),
      9,
      /without a top-level field name/,
    );
    expectCode(
      () => apply({ _id: 1, a: [] }, { $set: { 'a.$[x]': 1 } }, { arrayFilters: [{ x: 1, y: 1 }] }),
      9,
      /Expected a single top-level field name/,
    );
    expectCode(
      () => apply({ _id: 1, a: [] }, { $set: { 'a.$[X]': 1 } }, { arrayFilters: [{ X: 1 }] }),
      2,
      /must be an alphanumeric string beginning with a lowercase letter/,
    );
    expectCode(
      () => apply({ _id: 1, a: [] }, { $set: { 'a.$[x]': 1 } }, { arrayFilters: [{ x: 1 }, { x: 2 }] }),
      9,
      /multiple array filters with the same top-level field name x/,
    );
  });

  it('mixing $[] and a field name under the same array path conflicts at parse time (40)', () => {
    expectCode(
      () => apply({ _id: 1, a: [] }, { $set: { 'a.$[]': 1, 'a.0': 2 } }),
      40,
      /would create a conflict at 'a'/,
    );
  });
});

describe('applyUpdate — array path details', () => {
  it('applies numeric field names in numeric order when padding', () => {
    expect(apply({ _id: 1, a: [] }, { $set: { 'a.10': 'x', 'a.9': 'y' } }).doc['a']).toEqual([
      ...Array<null>(9).fill(null),
      'y',
      'x',
    ]);
  });

  it('$unset through $[] leaves nulls', () => {
    expect(apply({ _id: 1, a: [1, 2] }, { $unset: { 'a.$[]': 1 } }).doc['a']).toEqual([null, null]);
  });

  it('fails with PathNotViable (28) through null and through an array element scalar', () => {
    expectCode(
      () => apply({ _id: 1, a: null }, { $set: { 'a.b': 1 } }),
      28,
      "Cannot create field 'b' in element {a: null}",
    );
    expectCode(
      () => apply({ _id: 1, a: [1] }, { $inc: { 'a.0.b': 1 } }),
      28,
      "Cannot create field 'b' in element {0: 1}",
    );
  });

  it('does not copy arrays that an update leaves unchanged', () => {
    const input = { _id: 1, a: [{ b: 1 }, { b: 2 }], c: [1] };
    const { doc } = apply(input, { $set: { 'a.1.b': 3 } });
    expect(doc['c']).toBe(input.c);
    expect((doc['a'] as unknown[])[0]).toBe(input.a[0]);
    expect(input.a[1]).toEqual({ b: 2 });
  });
});
