import { Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { codeOf } from './expression-helpers.js';
import { makeContext, run } from './aggregate-helpers.js';

const docs = [
  { _id: 1, name: 'a', qty: new Int32(5), tags: ['x', 'y'], size: { h: 1, w: 2 } },
  { _id: 2, name: 'b', qty: new Int32(1), tags: [], size: { h: 3, w: 4 } },
  { _id: 3, name: 'c', qty: new Int32(9), size: { h: 5, w: 6 } },
];

describe('pipeline validation', () => {
  it('rejects unknown stages and malformed stage objects', () => {
    expect(codeOf(() => run(docs, [{ $foo: {} }]))).toBe(40324);
    expect(codeOf(() => run(docs, [{ $match: {}, $limit: 1 }]))).toBe(40323);
  });

  it('does not mutate its input', () => {
    const input = [{ _id: 1, a: { b: 1 } }];
    run(input, [{ $set: { 'a.c': 2 } }, { $unset: 'a.b' }]);
    expect(input).toEqual([{ _id: 1, a: { b: 1 } }]);
  });
});

describe('$match, $sort, $limit, $skip, $count', () => {
  it('filters, sorts and pages', () => {
    const out = run(docs, [
      { $match: { qty: { $gt: 1 } } },
      { $sort: { qty: -1 } },
      { $skip: 1 },
      { $limit: 5 },
    ]);
    expect(out.map((d) => d['_id'])).toEqual([1]);
  });

  it('supports $expr with let variables', () => {
    const ctx = { ...makeContext(), variables: { min: new Int32(4) } };
    expect(run(docs, [{ $match: { $expr: { $gte: ['$qty', '$$min'] } } }], ctx).map((d) => d['_id'])).toEqual(
      [1, 3],
    );
  });

  it('validates $limit, $skip, $sort and $count', () => {
    expect(codeOf(() => run(docs, [{ $limit: 0 }]))).toBe(15958);
    // MongoDB 7.0 parses $skip/$limit with parseIntegerElementToNonNegativeLong (5107200/5107201).
    expect(codeOf(() => run(docs, [{ $skip: -1 }]))).toBe(5107200);
    expect(codeOf(() => run(docs, [{ $limit: -1 }]))).toBe(5107201);
    expect(codeOf(() => run(docs, [{ $limit: 1.5 }]))).toBe(5107201);
    expect(codeOf(() => run(docs, [{ $sort: {} }]))).toBe(15976);
    expect(codeOf(() => run(docs, [{ $count: '' }]))).toBe(40157);
    expect(codeOf(() => run(docs, [{ $count: 1 }]))).toBe(40156);
    expect(codeOf(() => run(docs, [{ $count: '$x' }]))).toBe(40158);
  });

  it('$count emits an int32', () => {
    const [out] = run(docs, [{ $count: 'n' }]);
    expect(out?.['n']).toBeInstanceOf(Int32);
    expect(out).toEqual({ n: new Int32(3) });
    expect(run([], [{ $count: 'n' }])).toEqual([]);
  });
});

describe('$project, $addFields, $set, $unset', () => {
  it('includes fields, computes expressions and keeps _id by default', () => {
    const [out] = run(docs, [{ $project: { name: 1, 'size.h': 1, double: { $multiply: ['$qty', 2] } } }]);
    expect(out).toEqual({ _id: 1, name: 'a', size: { h: 1 }, double: new Int32(10) });
  });

  it('excludes fields, including nested ones', () => {
    const [out] = run(docs, [{ $project: { tags: 0, 'size.w': 0, _id: 0 } }]);
    expect(out).toEqual({ name: 'a', qty: new Int32(5), size: { h: 1 } });
  });

  it('rejects mixed projections', () => {
    expect(codeOf(() => run(docs, [{ $project: { a: 1, b: 0 } }]))).toBe(31254);
    expect(codeOf(() => run(docs, [{ $project: {} }]))).toBe(51272);
    expect(codeOf(() => run(docs, [{ $project: { a: 1, 'a.b': 1 } }]))).toBe(31249);
  });

  it('adds and overwrites fields, nested ones too, and removes with $$REMOVE', () => {
    const [out] = run(docs, [
      { $addFields: { total: { $add: ['$qty', 1] }, 'size.d': 7, name: '$$REMOVE' } },
    ]);
    expect(out).toEqual({
      _id: 1,
      qty: new Int32(5),
      tags: ['x', 'y'],
      size: { h: 1, w: 2, d: 7 },
      total: new Int32(6),
    });
    const [set] = run(docs, [{ $set: { size: { z: 1 } } }]);
    expect(set?.['size']).toEqual({ h: 1, w: 2, z: 1 });
  });

  it('$unset removes one or more paths', () => {
    const [out] = run(docs, [{ $unset: ['tags', 'size.h'] }]);
    expect(out).toEqual({ _id: 1, name: 'a', qty: new Int32(5), size: { w: 2 } });
    expect(codeOf(() => run(docs, [{ $unset: [] }]))).toBe(31002);
  });
});

describe('$unwind', () => {
  it('unwinds arrays and drops empty/missing', () => {
    expect(run(docs, [{ $unwind: '$tags' }]).map((d) => d['tags'])).toEqual(['x', 'y']);
  });

  it('preserves null and empty arrays and records the index', () => {
    const out = run(docs, [
      { $unwind: { path: '$tags', includeArrayIndex: 'i', preserveNullAndEmptyArrays: true } },
    ]);
    expect(out.map((d) => [d['_id'], d['tags'], d['i']])).toEqual([
      [1, 'x', Long.fromNumber(0)],
      [1, 'y', Long.fromNumber(1)],
      [2, undefined, null],
      [3, undefined, null],
    ]);
    expect(out[0]?.['i']).toBeInstanceOf(Long);
  });

  it('validates its spec', () => {
    expect(codeOf(() => run(docs, [{ $unwind: 'tags' }]))).toBe(28818);
    expect(codeOf(() => run(docs, [{ $unwind: 5 }]))).toBe(15981);
    expect(codeOf(() => run(docs, [{ $unwind: { path: '$tags', bogus: 1 } }]))).toBe(28811);
  });
});

describe('$replaceRoot, $replaceWith, $sample, $documents, $redact', () => {
  it('replaces the root document', () => {
    expect(run(docs, [{ $replaceRoot: { newRoot: '$size' } }])[0]).toEqual({ h: 1, w: 2 });
    expect(run(docs, [{ $replaceWith: { n: '$name' } }])[2]).toEqual({ n: 'c' });
    expect(codeOf(() => run(docs, [{ $replaceWith: '$name' }]))).toBe(40228);
  });

  it('samples without replacement', () => {
    const out = run(docs, [{ $sample: { size: 2 } }]);
    expect(out).toHaveLength(2);
    expect(new Set(out.map((d) => d['_id'])).size).toBe(2);
    expect(codeOf(() => run(docs, [{ $sample: { size: -1 } }]))).toBe(28747);
  });

  it('$documents produces literal documents', () => {
    expect(run([], [{ $documents: [{ a: 1 }, { a: { $add: [1, 1] } }] }])).toEqual([
      { a: 1 },
      { a: new Int32(2) },
    ]);
  });

  it('$redact prunes and descends', () => {
    const doc = { _id: 1, level: 1, sub: { level: 5, secret: 1 }, list: [{ level: 2 }, { level: 9 }] };
    const out = run([doc], [{ $redact: { $cond: [{ $gt: ['$level', 3] }, '$$PRUNE', '$$DESCEND'] } }]);
    expect(out).toEqual([{ _id: 1, level: 1, list: [{ level: 2 }] }]);
  });
});

describe('$facet, $out, $merge', () => {
  it('runs sub-pipelines over the same input', () => {
    const out = run(docs, [{ $facet: { n: [{ $count: 'n' }], names: [{ $project: { _id: 0, name: 1 } }] } }]);
    expect(out).toEqual([{ n: [{ n: new Int32(3) }], names: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }]);
    expect(codeOf(() => run(docs, [{ $facet: { x: [{ $out: 'y' }] } }]))).toBe(40600);
  });

  it('$out and $merge hand documents to writeCollection and must be last', () => {
    const ctx = makeContext();
    expect(run(docs, [{ $match: { qty: { $gt: 4 } } }, { $out: 'dest' }], ctx)).toEqual([]);
    expect(ctx.writes[0]?.target).toBe('test.dest');
    expect(ctx.writes[0]?.docs).toHaveLength(2);
    run(docs, [{ $merge: { into: { db: 'other', coll: 'x' }, on: '_id' } }], ctx);
    expect(ctx.writes[1]).toMatchObject({ target: 'other.x', stage: '$merge', spec: { on: '_id' } });
    expect(codeOf(() => run(docs, [{ $out: 'x' }, { $match: {} }]))).toBe(40601);
    expect(codeOf(() => run(docs, [{ $merge: { into: 'x', whenMatched: 'nope' } }]))).toBe(2);
    expect(codeOf(() => run(docs, [{ $merge: { into: 'x', bogus: 1 } }]))).toBe(40415);
  });
});
