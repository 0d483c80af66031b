import { Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { indexKeysOf, indexPathValues, tupleKey } from '../../../src/storage/index-keys.js';

describe('indexPathValues', () => {
  it('expands arrays along and at the end of the path', () => {
    expect(indexPathValues({ a: [{ b: 1 }, { b: [2, 3] }] }, 'a.b')).toEqual([1, 2, 3]);
  });
  it('follows numeric path components into arrays', () => {
    expect(indexPathValues({ a: [{ b: 1 }, { b: 2 }] }, 'a.1.b')).toEqual([2]);
  });
  it('gives nothing for a missing path and undefined for an empty array', () => {
    expect(indexPathValues({ a: 1 }, 'b')).toEqual([]);
    expect(indexPathValues({ a: [] }, 'a')).toEqual([undefined]);
  });
});

describe('indexKeysOf', () => {
  it('indexes a missing field as null unless sparse', () => {
    expect(indexKeysOf({}, ['a'], false).map((key) => key.values)).toEqual([[null]]);
    expect(indexKeysOf({}, ['a'], true)).toEqual([]);
  });
  it('gives one key per array element, deduplicated', () => {
    expect(indexKeysOf({ tags: ['x', 'y', 'x'] }, ['tags'], false).map((key) => key.values)).toEqual([
      ['x'],
      ['y'],
    ]);
  });
  it('builds compound tuples', () => {
    const keys = indexKeysOf({ a: 1, b: ['p', 'q'] }, ['a', 'b'], false);
    expect(keys.map((key) => key.values)).toEqual([
      [1, 'p'],
      [1, 'q'],
    ]);
  });
  it('treats numerically equal values as the same key', () => {
    expect(tupleKey([new Int32(1)])).toBe(tupleKey([1.0]));
    expect(tupleKey([1, 'a'])).not.toBe(tupleKey(['1', 'a']));
  });
});
