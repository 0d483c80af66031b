import { Int32, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { decodeDocument, encodeDocument, type Doc } from '../../../src/bson.js';
import { ServerError } from '../../../src/errors.js';
import { compileFilter } from '../../../src/query/match.js';
import { compileProjection } from '../../../src/query/project.js';
import { TEXT_SCORE } from '../../../src/query/text-score.js';

const rt = (doc: Doc): Doc => decodeDocument(encodeDocument(doc));
const plain = (doc: Doc): unknown =>
  JSON.parse(JSON.stringify(doc, (_k, v: unknown) => (v instanceof Int32 ? v.value : v)));

const doc: Doc = {
  _id: 1,
  name: 'ann',
  address: { city: 'Oslo', zip: '0150', geo: { lat: 1, lng: 2 } },
  scores: [1, 2, 3, 4, 5],
  items: [{ k: 'a', v: 1, extra: true }, { k: 'b', v: 2 }, 7],
};

function project(spec: Doc, input: Doc = doc, filter?: Doc): unknown {
  const fn = compileProjection(rt(spec), filter ? { filter: compileFilter(rt(filter)) } : {});
  return plain(fn(rt(input)));
}

function codeOf(spec: Doc, filter?: Doc): number {
  try {
    compileProjection(spec, filter ? { filter: compileFilter(filter) } : {});
  } catch (error) {
    expect(error).toBeInstanceOf(ServerError);
    return (error as ServerError).code;
  }
  return 0;
}

describe('inclusion and exclusion', () => {
  it('includes top-level, dotted and nested paths with _id first', () => {
    expect(project({ name: 1 })).toEqual({ _id: 1, name: 'ann' });
    expect(project({ 'address.city': 1, name: true })).toEqual({
      _id: 1,
      name: 'ann',
      address: { city: 'Oslo' },
    });
    expect(project({ address: { geo: { lat: 1 } } })).toEqual({ _id: 1, address: { geo: { lat: 1 } } });
    expect(project({ 'items.k': 1, _id: 0 })).toEqual({ items: [{ k: 'a' }, { k: 'b' }] });
    expect(project({ _id: 1 })).toEqual({ _id: 1 });
  });

  it('keeps document field order rather than specification order', () => {
    expect(Object.keys(project({ scores: 1, name: 1 }) as Doc)).toEqual(['_id', 'name', 'scores']);
  });

  it('excludes paths and keeps everything else', () => {
    expect(project({ address: 0, scores: 0, items: 0 })).toEqual({ _id: 1, name: 'ann' });
    expect(project({ 'address.geo': 0, _id: 0, items: 0, scores: 0 })).toEqual({
      name: 'ann',
      address: { city: 'Oslo', zip: '0150' },
    });
    expect(project({ 'items.extra': 0, _id: 0, name: 0, address: 0, scores: 0 })).toEqual({
      items: [{ k: 'a', v: 1 }, { k: 'b', v: 2 }, 7],
    });
    const { _id: _ignored, ...withoutId } = plain(doc) as Doc;
    expect(project({ _id: 0 })).toEqual(withoutId);
  });

  it('rejects mixed projections and path collisions with MongoDB codes', () => {
    expect(codeOf({ a: 1, b: 0 })).toBe(31254);
    expect(codeOf({ a: 0, b: 1 })).toBe(31253);
    expect(codeOf({ a: 0, b: { $add: [1, 2] } })).toBe(31252);
    expect(codeOf({ a: 1, 'a.b': 1 })).toBe(31249);
    expect(codeOf({ 'a.b': 1, a: 1 })).toBe(31250);
    expect(codeOf({ b: { $add: [1, 2] }, a: 0 })).toBe(31254);
    expect(codeOf({ a: 0, b: 'lit' })).toBe(31310);
    expect(codeOf({ a: { $foo: 1 } })).toBe(31325);
    expect(codeOf({ _id: 0, a: 1 })).toBe(0);
    expect(codeOf({ _id: 1, a: 0 })).toBe(0);
  });

  it('returns the document unchanged for an empty projection', () => {
    const input = rt(doc);
    expect(compileProjection({})(input)).toBe(input);
  });

  it('does not modify the input document', () => {
    const input = rt(doc);
    const before = plain(input);
    compileProjection({ 'items.k': 0, scores: { $slice: 1 } })(input);
    expect(plain(input)).toEqual(before);
  });
});

describe('$slice', () => {
  it('slices n, -n and [skip, n], keeping other fields when alone', () => {
    expect((project({ scores: { $slice: 2 } }) as Doc)['scores']).toEqual([1, 2]);
    expect((project({ scores: { $slice: -2 } }) as Doc)['scores']).toEqual([4, 5]);
    expect((project({ scores: { $slice: [1, 2] } }) as Doc)['scores']).toEqual([2, 3]);
    expect((project({ scores: { $slice: [-2, 5] } }) as Doc)['scores']).toEqual([4, 5]);
    expect(Object.keys(project({ scores: { $slice: 1 } }) as Doc)).toEqual([
      '_id',
      'name',
      'address',
      'scores',
      'items',
    ]);
  });

  it('combines with inclusion and exclusion', () => {
    expect(project({ scores: { $slice: 1 }, name: 1 })).toEqual({ _id: 1, name: 'ann', scores: [1] });
    expect(project({ scores: { $slice: 1 }, name: 0, address: 0, items: 0 })).toEqual({
      _id: 1,
      scores: [1],
    });
  });

  it('rejects invalid $slice arguments', () => {
    // Not the find form, so MongoDB parses it as the $slice expression, which fails per document.
    expect(codeOf({ a: { $slice: [1, 0] } })).toBe(0);
    expect(() => compileProjection({ a: { $slice: [1, 0] } })({ a: [1] })).toThrow(/must be an array/);
    expect(codeOf({ a: { $slice: 1.5 } })).toBe(0);
    expect(codeOf({ a: { $slice: 'x' } })).toBe(31273);
    expect(codeOf({ a: { $slice: [1, 2, 3] } })).toBe(0); // the aggregation $slice expression
  });
});

describe('$elemMatch and positional projection', () => {
  it('follows MongoDB defaults for projections of only $slice, $elemMatch and _id', () => {
    expect(Object.keys(project({ items: { $elemMatch: { v: 2 } }, scores: { $slice: 1 } }) as Doc)).toEqual([
      '_id',
      'name',
      'address',
      'scores',
      'items',
    ]);
    expect(project({ _id: 1, scores: { $slice: 1 } })).toEqual({ _id: 1, scores: [1] });
    expect(project({ _id: 0, items: { $elemMatch: { v: 2 } } })).toEqual({ items: [{ k: 'b', v: 2 }] });
    expect(project({ name: 0, address: 0, scores: 0, items: { $elemMatch: { v: 9 } } })).toEqual({ _id: 1 });
  });

  it('projects the first element matching $elemMatch and nothing else', () => {
    expect(project({ items: { $elemMatch: { v: { $gt: 1 } } } })).toEqual({
      _id: 1,
      items: [{ k: 'b', v: 2 }],
    });
    expect(project({ items: { $elemMatch: { v: 9 } } })).toEqual({ _id: 1 });
  });

  it('projects the element matched by the filter with field.$', () => {
    expect(project({ 'items.$': 1 }, doc, { 'items.k': 'b' })).toEqual({ _id: 1, items: [{ k: 'b', v: 2 }] });
    expect(project({ 'scores.$': 1, name: 1 }, doc, { scores: { $gte: 3 } })).toEqual({
      _id: 1,
      name: 'ann',
      scores: [3],
    });
    expect(() =>
      compileProjection({ 'scores.$': 1 }, { filter: compileFilter({ name: 'ann' }) })(rt(doc)),
    ).toThrow(/positional operator/);
    expect(codeOf({ 'a.$': 1 })).toBe(51050);
    expect(codeOf({ 'a.$': 1, 'b.$': 1 }, { a: 1 })).toBe(31276);
    expect(codeOf({ 'a.$': { $slice: 1 } }, { a: 1 })).toBe(31271);
    expect(codeOf({ a: { $elemMatch: { b: 1 } }, 'c.$': 1 }, { c: 1 })).toBe(31256);
    expect(codeOf({ 'a.b': { $elemMatch: { b: 1 } } })).toBe(31275);
  });
});

describe('computed fields', () => {
  it('evaluates aggregation expressions and appends them', () => {
    expect(
      project({ name: 1, total: { $sum: '$scores' }, city: '$address.city', lit: { $literal: 1 } }),
    ).toEqual({
      _id: 1,
      name: 'ann',
      total: 15,
      city: 'Oslo',
      lit: 1,
    });
    expect(project({ _id: 0, 'a.b': { $add: [1, 2] } })).toEqual({ a: { b: 3 } });
  });

  it('projects the text score when the document carries one', () => {
    const input: Doc = { _id: new ObjectId(), name: 'x' };
    (input as Record<symbol, number>)[TEXT_SCORE] = 1.5;
    expect(compileProjection({ name: 1, score: { $meta: 'textScore' } })(input)['score']).toBe(1.5);
    expect(compileProjection({ score: { $meta: 'textScore' } })(input)['name']).toBe('x');
  });
});
