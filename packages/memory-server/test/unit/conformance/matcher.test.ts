import { describe, expect, it } from 'vitest';
import { Binary, Decimal128, Double, Int32, Long, ObjectId } from 'mongodb';
import { matchValue } from '../../../conformance/matcher.js';
import type { MatchEntities } from '../../../conformance/matcher.js';

const entities: MatchEntities = {
  resolve: (id) => {
    if (id === 'savedId') return 42;
    throw new Error(`no entity ${id}`);
  },
  sessionLsid: (id) => {
    if (id === 'session0') return { id: new Binary(Buffer.from('00112233', 'hex'), 4) };
    throw new Error(`no session ${id}`);
  },
};

describe('matchValue', () => {
  it('allows extra fields in root documents only', () => {
    expect(matchValue({ _id: 1 }, { _id: 1, x: 2 }, { root: true })).toBeUndefined();
    expect(matchValue({ _id: 1 }, { _id: 1, x: 2 })).toMatchObject({
      message: expect.stringContaining('unexpected field x'),
    });
    expect(matchValue({ a: { b: 1 } }, { a: { b: 1, c: 2 } }, { root: true })).toMatchObject({ path: 'a' });
  });

  it('treats each element of a root array as a root document', () => {
    expect(
      matchValue(
        [{ _id: 1 }, { _id: 2 }],
        [
          { _id: 1, x: 1 },
          { _id: 2, x: 2 },
        ],
        { root: true },
      ),
    ).toBeUndefined();
    expect(matchValue([{ _id: 1 }], [{ _id: 1, x: 1 }])).toBeDefined();
  });

  it('requires arrays of the same length', () => {
    expect(matchValue([1, 2], [1, 2, 3], { root: true })).toMatchObject({
      message: expect.stringContaining('expected 2 elements'),
    });
    expect(matchValue([1, 2], [1, 2])).toBeUndefined();
    expect(matchValue([1, 2], { 0: 1, 1: 2 })).toBeDefined();
  });

  it('compares numbers by value across numeric types', () => {
    expect(matchValue(1, new Long(1))).toBeUndefined();
    expect(matchValue(new Long(5), 5)).toBeUndefined();
    expect(matchValue(new Int32(3), new Double(3))).toBeUndefined();
    expect(matchValue(Decimal128.fromString('2.5'), 2.5)).toBeUndefined();
    expect(matchValue(1, 2)).toBeDefined();
    expect(matchValue(1, '1')).toBeDefined();
  });

  it('compares BSON values', () => {
    const id = new ObjectId();
    expect(matchValue(id, new ObjectId(id.toHexString()))).toBeUndefined();
    expect(matchValue(id, new ObjectId())).toBeDefined();
    expect(matchValue(new Date(5), new Date(5))).toBeUndefined();
    expect(matchValue(new Date(5), new Date(6))).toBeDefined();
    expect(
      matchValue(new Binary(Buffer.from('11', 'hex')), new Binary(Buffer.from('11', 'hex'))),
    ).toBeUndefined();
    expect(
      matchValue(new Binary(Buffer.from('11', 'hex')), new Binary(Buffer.from('12', 'hex'))),
    ).toBeDefined();
    expect(matchValue(null, null)).toBeUndefined();
    expect(matchValue(null, undefined)).toBeDefined();
  });

  it('treats a missing key as a mismatch, even for an expected null', () => {
    expect(matchValue({ a: null }, {}, { root: true })).toMatchObject({
      path: 'a',
      message: expect.stringContaining('missing'),
    });
  });

  it('implements $$exists', () => {
    expect(matchValue({ a: { $$exists: true } }, { a: 0 }, { root: true })).toBeUndefined();
    expect(matchValue({ a: { $$exists: true } }, {}, { root: true })).toBeDefined();
    expect(matchValue({ a: { $$exists: false } }, {}, { root: true })).toBeUndefined();
    expect(matchValue({ a: { $$exists: false } }, { a: 1 }, { root: true })).toBeDefined();
  });

  it('implements $$type with single names, lists and "number"', () => {
    expect(matchValue({ $$type: 'objectId' }, new ObjectId())).toBeUndefined();
    expect(matchValue({ $$type: 'date' }, new Date())).toBeUndefined();
    expect(matchValue({ $$type: ['int', 'long'] }, new Long(1))).toBeUndefined();
    expect(matchValue({ $$type: ['int', 'long'] }, 7)).toBeUndefined();
    expect(matchValue({ $$type: 'number' }, Decimal128.fromString('1'))).toBeUndefined();
    expect(matchValue({ $$type: 'string' }, 1)).toBeDefined();
    expect(matchValue({ $$type: 'object' }, [])).toBeDefined();
    expect(matchValue({ $$type: 'array' }, [])).toBeUndefined();
    expect(matchValue({ a: { $$type: 'string' } }, {}, { root: true })).toBeDefined();
  });

  it('implements $$unsetOrMatches', () => {
    expect(matchValue({ a: { $$unsetOrMatches: 1 } }, {}, { root: true })).toBeUndefined();
    expect(matchValue({ a: { $$unsetOrMatches: 1 } }, { a: 1 }, { root: true })).toBeUndefined();
    expect(matchValue({ a: { $$unsetOrMatches: 1 } }, { a: 2 }, { root: true })).toBeDefined();
    expect(matchValue({ $$unsetOrMatches: { insertedId: 1 } }, undefined, { root: true })).toBeUndefined();
    // Nested documents inside $$unsetOrMatches stay exact.
    expect(
      matchValue({ ids: { $$unsetOrMatches: { 0: 1 } } }, { ids: { 0: 1, 1: 2 } }, { root: true }),
    ).toBeDefined();
  });

  it('implements $$matchesEntity and $$sessionLsid', () => {
    expect(matchValue({ $$matchesEntity: 'savedId' }, 42, { entities })).toBeUndefined();
    expect(matchValue({ $$matchesEntity: 'savedId' }, 43, { entities })).toBeDefined();
    const lsid = { id: new Binary(Buffer.from('00112233', 'hex'), 4) };
    expect(
      matchValue({ lsid: { $$sessionLsid: 'session0' } }, { lsid }, { root: true, entities }),
    ).toBeUndefined();
    const other = { id: new Binary(Buffer.from('00112299', 'hex'), 4) };
    expect(
      matchValue({ lsid: { $$sessionLsid: 'session0' } }, { lsid: other }, { root: true, entities }),
    ).toBeDefined();
  });

  it('implements $$matchesHexBytes on Buffers and Binary', () => {
    expect(matchValue({ $$matchesHexBytes: 'ABCD' }, Buffer.from('abcd', 'hex'))).toBeUndefined();
    expect(matchValue({ $$matchesHexBytes: '' }, new Binary(Buffer.alloc(0)))).toBeUndefined();
    expect(matchValue({ $$matchesHexBytes: '11' }, Buffer.from('12', 'hex'))).toBeDefined();
    expect(matchValue({ $$matchesHexBytes: '11' }, 'x')).toBeDefined();
  });

  it('implements $$lte', () => {
    expect(matchValue({ $$lte: 5 }, 5)).toBeUndefined();
    expect(matchValue({ $$lte: 5 }, new Long(3))).toBeUndefined();
    expect(matchValue({ $$lte: 5 }, 6)).toBeDefined();
  });

  it('implements $$matchAsDocument and $$matchAsRoot', () => {
    expect(matchValue({ $$matchAsDocument: { a: 2 } }, '{"a": 1}')).toBeDefined();
    expect(
      matchValue({ $$matchAsDocument: { a: new Long(1) } }, '{"a": {"$numberLong": "1"}}'),
    ).toBeUndefined();
    expect(matchValue({ $$matchAsDocument: { a: 1 } }, '{"a": 1}')).toBeUndefined();
    expect(matchValue({ $$matchAsDocument: { a: 1 } }, '{"a": 1, "b": 2}')).toBeDefined();
    expect(
      matchValue({ x: { $$matchAsRoot: { a: 1 } } }, { x: { a: 1, b: 2 } }, { root: true }),
    ).toBeUndefined();
    expect(matchValue({ x: { a: 1 } }, { x: { a: 1, b: 2 } }, { root: true })).toBeDefined();
  });

  it('reports the path of the first mismatch', () => {
    expect(matchValue({ a: [{ b: 1 }] }, { a: [{ b: 2 }] }, { root: true })).toEqual({
      path: 'a.0.b',
      message: 'expected 1, got 2',
    });
  });

  it('views Maps as documents (client bulk write results)', () => {
    expect(matchValue({ 0: { insertedId: 1 } }, new Map([[0, { insertedId: 1 }]]))).toBeUndefined();
  });
});
