import { DBRef, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../../src/bson.js';
import { getPathValue, getPathValues, splitPath, walkPath } from '../../../src/query/path.js';

function walk(doc: Doc, path: string): [unknown, number | undefined][] {
  const seen: [unknown, number | undefined][] = [];
  walkPath(doc, splitPath(path), 0, undefined, (v, p) => {
    seen.push([v, p]);
    return false;
  });
  return seen;
}

describe('walkPath', () => {
  it('reaches nested fields and reports a missing field or a scalar mid-path once', () => {
    expect(walk({ a: { b: 1 } }, 'a.b')).toEqual([[1, undefined]]);
    expect(walk({ a: 1 }, 'a.b')).toEqual([[undefined, undefined]]);
    expect(walk({}, 'a.b.c')).toEqual([[undefined, undefined]]);
  });

  it('traverses arrays of documents and records the first array index', () => {
    expect(walk({ a: [{ b: 1 }, { c: 2 }, { b: [3] }] }, 'a.b')).toEqual([
      [1, 0],
      [undefined, 1],
      [[3], 2],
    ]);
  });

  it('yields nothing for scalars or nested arrays inside arrays', () => {
    expect(walk({ a: [1, [{ b: 1 }]] }, 'a.b')).toEqual([]);
    expect(walk({ a: [] }, 'a.b')).toEqual([]);
    expect(walk({ a: [1, { b: 2 }] }, 'a.b')).toEqual([[2, 1]]);
  });

  it('uses numeric components as indexes and as field names', () => {
    expect(walk({ a: [10, 20] }, 'a.1')).toEqual([[20, undefined]]);
    expect(walk({ a: [{ b: 1 }] }, 'a.0.b')).toEqual([[1, undefined]]);
    expect(walk({ a: [{ '0': 'x' }, 5] }, 'a.0')).toEqual([
      [{ '0': 'x' }, undefined],
      ['x', 0],
    ]);
    expect(walk({ a: [1] }, 'a.3')).toEqual([]);
  });

  it('steps into DBRefs', () => {
    const id = new ObjectId();
    expect(walk({ r: new DBRef('users', id) }, 'r.$id')).toEqual([[id, undefined]]);
  });

  it('stops when the visitor asks', () => {
    let calls = 0;
    walkPath({ a: [{ b: 1 }, { b: 2 }] }, ['a', 'b'], 0, undefined, () => ++calls > 0);
    expect(calls).toBe(1);
  });
});

describe('getPathValues', () => {
  it('expands arrays along the path and at the leaf', () => {
    expect(getPathValues({ a: [{ b: 1 }, { b: [2, 3] }, {}] }, 'a.b')).toEqual([1, 2, 3]);
    expect(getPathValues({ a: [1, 2] }, 'a')).toEqual([1, 2]);
    expect(getPathValues({ a: [1, 2] }, 'a', { expandLeafArrays: false })).toEqual([[1, 2]]);
    expect(getPathValues({ x: 1 }, 'a')).toEqual([]);
  });
});

describe('getPathValue', () => {
  it('reads one value without array traversal', () => {
    expect(getPathValue({ a: { b: [5, 6] } }, 'a.b.1')).toBe(6);
    expect(getPathValue({ a: [{ b: 1 }] }, 'a.b')).toBeUndefined();
    expect(getPathValue({ a: null }, 'a')).toBeNull();
  });
});
