import { Int32, ObjectId, Timestamp } from 'bson';
import type { Doc } from '../../../src/bson.js';
import { describe, expect, it } from 'vitest';
import { buildUpsertDocument, isReplacement, validateUpdate } from '../../../src/query/update.js';
import { apply, expectCode } from './update-helpers.js';

describe('validateUpdate — parse-time errors', () => {
  it('unknown modifier → 9 FailedToParse', () => {
    const error = expectCode(() => validateUpdate({ $foo: { a: 1 } }), 9, /^Unknown modifier: \$foo\./);
    expect(error.codeName).toBe('FailedToParse');
    expectCode(() => validateUpdate({ $set: { a: 1 }, b: 2 }), 9, /^Unknown modifier: b\./);
  });

  it('operator argument that is not a document → 9', () => {
    expectCode(
      () => validateUpdate({ $set: 1 }),
      9,
      /Modifiers operate on fields but we found type int instead/,
    );
  });

  it('an empty operator document is a no-op (MongoDB ≥ 5.0)', () => {
    expect(() => validateUpdate({ $set: {} })).not.toThrow();
    const input = { _id: 1, a: 1 };
    expect(apply(input, { $set: {}, $unset: {} })).toEqual({ doc: input, modified: false });
  });

  it('conflicting paths → 40 ConflictingUpdateOperators', () => {
    expectCode(
      () => validateUpdate({ $set: { a: 1 }, $inc: { 'a.b': 1 } }),
      40,
      "Updating the path 'a.b' would create a conflict at 'a'",
    );
    expectCode(
      () => validateUpdate({ $set: { 'a.b': 1 }, $unset: { a: 1 } }),
      40,
      "Updating the path 'a' would create a conflict at 'a'",
    );
    expectCode(() => validateUpdate({ $set: { a: 1 }, $inc: { a: 1 } }), 40);
    expect(() => validateUpdate({ $set: { 'a.b': 1, 'a.c': 1, ab: 1 } })).not.toThrow();
  });

  it('empty field names → 56 EmptyFieldName', () => {
    expectCode(() => validateUpdate({ $set: { '': 1 } }), 56, 'An empty update path is not valid.');
    expectCode(
      () => validateUpdate({ $set: { 'a..b': 1 } }),
      56,
      "The update path 'a..b' contains an empty field name, which is not allowed.",
    );
    expectCode(() => validateUpdate({ $unset: { 'a.': 1 } }), 56);
  });

  it('argument errors surface at validation, before any document', () => {
    expectCode(() => validateUpdate({ $inc: { a: 'x' } }), 14);
    expectCode(() => validateUpdate({ $push: { a: { $each: 1 } } }), 2);
  });

  it('replacement documents may not hold top-level $ fields (52)', () => {
    expectCode(
      () => validateUpdate({ a: 1, $set: { b: 1 } }),
      52,
      /The dollar \(\$\) prefixed field '\$set' in '\$set'/,
    );
  });

  it('arrayFilters are refused for replacements and pipelines (9)', () => {
    expectCode(() => validateUpdate({ a: 1 }, { arrayFilters: [{ x: 1 }] }), 9, /replacement-style/);
    expectCode(() => validateUpdate([{ $set: { a: 1 } }], { arrayFilters: [{ x: 1 }] }), 9, /pipeline-style/);
  });

  it('a failing update leaves nothing half-applied', () => {
    const input = { _id: 1, a: 1, s: 'x' };
    expectCode(() => apply(input, { $set: { a: 2 }, $inc: { s: 1 } }), 14);
    expect(input).toEqual({ _id: 1, a: 1, s: 'x' });
  });
});

describe('isReplacement', () => {
  it('distinguishes replacement, operator and pipeline updates', () => {
    expect(isReplacement({ a: 1 })).toBe(true);
    expect(isReplacement({})).toBe(true);
    expect(isReplacement({ $set: { a: 1 } })).toBe(false);
    expect(isReplacement([{ $set: { a: 1 } }])).toBe(false);
  });
});

describe('applyUpdate — replacement documents', () => {
  it('replaces everything but _id, which stays first', () => {
    const { doc, modified } = apply({ _id: 1, a: 1, b: 2 }, { c: 3 });
    expect(modified).toBe(true);
    expect(doc).toEqual({ _id: 1, c: 3 });
    expect(Object.keys(doc)[0]).toBe('_id');
  });

  it('accepts the same _id, rejects a different one (66)', () => {
    expect(apply({ _id: 1, a: 1 }, { a: 2, _id: 1 }).doc).toEqual({ _id: 1, a: 2 });
    expectCode(() => apply({ _id: 1 }, { _id: 2, a: 1 }), 66, /immutable/);
  });

  it('stamps top-level empty timestamps of a replacement', () => {
    const { doc } = apply(
      { _id: 1 },
      { ts: new Timestamp({ t: 0, i: 0 }), keep: new Timestamp({ t: 5, i: 1 }) },
    );
    expect((doc['ts'] as Timestamp).isZero()).toBe(false);
    expect((doc['keep'] as Timestamp).high).toBe(5);
  });

  it('reports modified=false when the replacement equals the document', () => {
    expect(apply({ _id: 1, a: new Int32(1) }, { a: new Int32(1) }).modified).toBe(false);
  });
});

describe('buildUpsertDocument', () => {
  it('copies equality fields (top level, $eq, $and, dotted) and drops operators', () => {
    const doc = buildUpsertDocument(
      { name: 'x', 'a.b': 1, n: { $gt: 5 }, m: { $eq: 2 }, $and: [{ k: 'v' }, { z: { $lt: 1 } }] },
      { $set: { c: 1 } },
    );
    expect(doc['_id']).toBeInstanceOf(ObjectId);
    const { _id, ...rest } = doc;
    expect(rest).toEqual({ name: 'x', a: { b: 1 }, m: 2, k: 'v', c: 1 });
    expect(Object.keys(doc)[0]).toBe('_id');
  });

  it('seeds one-element $in, one-clause $or and $all members; two values for one path → 54', () => {
    const doc = buildUpsertDocument(
      { a: { $in: [1] }, $or: [{ b: 2 }], c: { $all: ['x'] }, d: { $in: [1, 2] } },
      { $set: { e: 1 } },
    );
    const { _id, ...rest } = doc;
    expect(rest).toEqual({ a: 1, b: 2, c: 'x', e: 1 });
    expectCode(
      () => buildUpsertDocument({ members: { $all: ['u1', 'u2'] } }, { $set: { e: 1 } }),
      54,
      "cannot infer query fields to set, path 'members' is matched twice",
    );
    expectCode(() => buildUpsertDocument({ $and: [{ a: 1 }, { a: 2 }] }, { $set: { e: 1 } }), 54);
    expect(buildUpsertDocument({ $and: [{ a: 1 }, { a: 1 }] }, { $set: { e: 1 } })['a']).toBe(1);
  });

  it('refuses $expr in an upsert query (224)', () => {
    expectCode(() => buildUpsertDocument({ $expr: { $eq: ['$a', 1] } }, { $set: { e: 1 } }), 224);
  });

  it('puts the filter _id first and applies $setOnInsert', () => {
    const doc = buildUpsertDocument({ a: 1, _id: 7 }, { $setOnInsert: { created: true }, $inc: { n: 1 } });
    expect(doc).toEqual({ _id: 7, a: 1, created: true, n: new Int32(1) });
    expect(Object.keys(doc)[0]).toBe('_id');
  });

  it('uses the replacement plus the filter _id for replacement upserts', () => {
    expect(buildUpsertDocument({ _id: 3, a: 1 }, { b: 2 })).toEqual({ _id: 3, b: 2 });
    expectCode(() => buildUpsertDocument({ _id: 3 }, { _id: 4, b: 2 }), 66);
  });

  it('lets the update set _id when the filter did not fix it, but not change a fixed one (66)', () => {
    expect(buildUpsertDocument({ a: 1 }, { $set: { _id: 9 } })).toEqual({ _id: 9, a: 1 });
    expectCode(() => buildUpsertDocument({ _id: 1 }, { $set: { _id: 2 } }), 66);
  });

  it('fails when the update cannot apply to the query fields', () => {
    expectCode(() => buildUpsertDocument({ a: 1 }, { $set: { 'a.b': 1 } }), 28);
    expectCode(
      () => buildUpsertDocument({ a: 1, 'a.b': 1 }, { $set: { c: 1 } }),
      54,
      /cannot infer query fields to set/,
    );
    expectCode(
      () => buildUpsertDocument({ a: [1] }, { $set: { 'a.$': 1 } }),
      2,
      /positional operator did not find the match/,
    );
  });
});

describe('field names that are not identifiers', () => {
  it('stores "__proto__" as a field, never as a prototype', () => {
    // JSON.parse creates an own "__proto__" key, as the BSON decoder does.
    const update = JSON.parse('{"$set": {"__proto__": {"polluted": true}, "a.__proto__": 1}}') as Doc;
    const { doc } = apply({ _id: 1 }, update);
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.hasOwn(doc, '__proto__')).toBe(true);
    expect(Object.hasOwn(doc['a'] as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('upsert seeds merge sibling dotted paths and keep equality values whole', () => {
    const doc = buildUpsertDocument({ _id: 1, 'a.b': 1, 'a.c': 2, d: { e: 1 } }, { $set: { f: 1 } });
    expect(doc).toEqual({ _id: 1, a: { b: 1, c: 2 }, d: { e: 1 }, f: 1 });
    expectCode(() => buildUpsertDocument({ d: { e: 1 }, 'd.f': 1 }, { $set: { g: 1 } }), 54);
  });
});
