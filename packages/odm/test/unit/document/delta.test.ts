import { describe, expect, it } from 'vitest';
import { computeDelta, isEmptyDelta, readPath } from '../../../src/document/delta.js';

describe('readPath', () => {
  it('walks objects and array indexes', () => {
    const doc = { a: [{ b: 1 }, { b: 2 }], c: { d: 'x' } };
    expect(readPath(doc, 'a.1.b')).toBe(2);
    expect(readPath(doc, 'c.d')).toBe('x');
    expect(readPath(doc, 'a.x')).toBeUndefined();
    expect(readPath(doc, 'c.d.e')).toBeUndefined();
  });
});

describe('computeDelta', () => {
  it('sets present paths and unsets missing ones', () => {
    const son = { name: 'Ada', address: { city: 'Paris' }, tags: ['a'] };
    expect(computeDelta(son, ['address.city', 'age', 'tags'])).toEqual({
      $set: { 'address.city': 'Paris', tags: ['a'] },
      $unset: { age: '' },
    });
  });

  it('unsets empty values only when the field says they are its default', () => {
    const son = { tags: [], count: 0, flag: false, note: '' };
    const d = computeDelta(son, ['tags', 'count', 'flag', 'note'], (path) => path === 'tags');
    expect(d).toEqual({ $set: { count: 0, flag: false, note: '' }, $unset: { tags: '' } });
  });

  it('reports an empty delta', () => {
    expect(isEmptyDelta(computeDelta({ a: 1 }, []))).toBe(true);
    expect(isEmptyDelta(computeDelta({ a: 1 }, ['a']))).toBe(false);
  });
});
