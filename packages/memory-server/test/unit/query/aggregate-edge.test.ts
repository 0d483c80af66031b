import { Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { ServerError } from '../../../src/errors.js';
import { evaluateExpression } from '../../../src/query/aggregate.js';
import { codeOf } from './expression-helpers.js';
import { makeContext, run } from './aggregate-helpers.js';

describe('error names', () => {
  it('uses MongoDB code names, LocationNNNN for unnamed codes', () => {
    try {
      evaluateExpression({ $foo: 1 }, {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ServerError);
      expect((e as ServerError).codeName).toBe('InvalidPipelineOperator');
      expect((e as ServerError).message).toBe("Unrecognized expression '$foo'");
    }
    try {
      run([], [{ $bogus: 1 }]);
      expect.unreachable();
    } catch (e) {
      expect((e as ServerError).codeName).toBe('Location40324');
      expect((e as ServerError).message).toBe("Unrecognized pipeline stage name: '$bogus'");
    }
    try {
      evaluateExpression({ $toInt: 'x' }, {});
      expect.unreachable();
    } catch (e) {
      expect((e as ServerError).codeName).toBe('ConversionFailure');
    }
  });
});

describe('projection edge cases', () => {
  it('projects through arrays of documents, dropping scalars', () => {
    const out = run([{ _id: 1, a: [{ b: 1, c: 2 }, 5, { c: 3 }] }], [{ $project: { _id: 0, 'a.b': 1 } }]);
    expect(out).toEqual([{ a: [{ b: 1 }, {}] }]);
  });

  it('excludes through arrays and keeps scalars', () => {
    const out = run([{ _id: 1, a: [{ b: 1, c: 2 }, 5] }], [{ $project: { 'a.b': 0 } }]);
    expect(out).toEqual([{ _id: 1, a: [{ c: 2 }, 5] }]);
  });

  it('creates nested computed fields and literal values', () => {
    const out = run(
      [{ _id: 1, x: new Int32(2) }],
      [{ $project: { _id: 0, s: { t: '$x' }, lit: 'text', z: { $literal: 1 } } }],
    );
    expect(out).toEqual([{ s: { t: new Int32(2) }, lit: 'text', z: 1 }]);
  });

  it('keeps included fields in input order and appends computed ones', () => {
    const [out] = run([{ _id: 1, b: 1, a: 2 }], [{ $project: { c: { $literal: 3 }, a: 1, b: 1 } }]);
    expect(Object.keys(out ?? {})).toEqual(['_id', 'b', 'a', 'c']);
  });

  it('emits a computed _id first', () => {
    const [out] = run([{ _id: 1, a: 2 }], [{ $project: { a: 1, _id: { $literal: 'k' } } }]);
    expect(Object.entries(out ?? {})).toEqual([
      ['_id', 'k'],
      ['a', 2],
    ]);
  });

  it('excluding only _id keeps everything else', () => {
    expect(run([{ _id: 1, a: 1 }], [{ $project: { _id: 0 } }])).toEqual([{ a: 1 }]);
  });

  it('$addFields keeps existing field positions', () => {
    const [out] = run([{ _id: 1, a: 1, b: 2 }], [{ $addFields: { a: 10, c: 3 } }]);
    expect(Object.entries(out ?? {})).toEqual([
      ['_id', 1],
      ['a', 10],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('rejects dotted or $-prefixed names in object expressions', () => {
    expect(codeOf(() => evaluateExpression({ $mergeObjects: [{ 'a.b': 1 }] }, {}))).toBe(16412);
  });
});

describe('parse-time validation', () => {
  it('rejects unknown operators before any document is read', () => {
    expect(codeOf(() => run([], [{ $project: { a: { $cond: [true, 1, { $foo: 1 }] } } }]))).toBe(168);
    expect(codeOf(() => run([], [{ $group: { _id: { $bar: 1 } } }]))).toBe(168);
    expect(codeOf(() => run([], [{ $group: { _id: null, s: { $sum: { $baz: 1 } } } }]))).toBe(168);
    expect(codeOf(() => run([], [{ $set: { a: { $add: [1], b: 2 } } }]))).toBe(15983);
    expect(codeOf(() => run([], [{ $replaceWith: { $nope: 1 } }]))).toBe(168);
    expect(run([], [{ $project: { a: { $literal: { $foo: 1 } } } }])).toEqual([]);
  });
});

describe('sub-pipeline restrictions', () => {
  it('forbids $out inside $lookup and $unionWith', () => {
    const ctx = makeContext({ 'test.x': [{ _id: 1 }] });
    expect(
      codeOf(() => run([{ _id: 1 }], [{ $lookup: { from: 'x', pipeline: [{ $out: 'y' }], as: 'j' } }], ctx)),
    ).toBe(51047);
    expect(
      codeOf(() => run([{ _id: 1 }], [{ $unionWith: { coll: 'x', pipeline: [{ $out: 'y' }] } }], ctx)),
    ).toBe(31441);
  });

  it('allows $documents only first', () => {
    expect(codeOf(() => run([], [{ $match: {} }, { $documents: [] }]))).toBe(40602);
  });
});

describe('$group key semantics', () => {
  it('drops missing fields of object keys and groups arrays as values', () => {
    const out = run(
      [{ a: [1, 2] }, { a: [1, 2] }, { a: [2, 1] }, {}],
      [{ $group: { _id: { v: '$a' }, n: { $sum: 1 } } }],
    );
    expect(out).toEqual([
      { _id: { v: [1, 2] }, n: new Int32(2) },
      { _id: { v: [2, 1] }, n: new Int32(1) },
      { _id: {}, n: new Int32(1) },
    ]);
  });

  it('evaluates n of $firstN per group', () => {
    const docs = [
      { g: 1, v: 1 },
      { g: 1, v: 2 },
      { g: 2, v: 3 },
      { g: 2, v: 4 },
    ];
    const out = run(docs, [
      { $group: { _id: '$g', vs: { $firstN: { input: '$v', n: { $cond: [{ $eq: ['$_id', 1] }, 1, 2] } } } } },
    ]);
    expect(out).toEqual([
      { _id: 1, vs: [1] },
      { _id: 2, vs: [3, 4] },
    ]);
  });
});
