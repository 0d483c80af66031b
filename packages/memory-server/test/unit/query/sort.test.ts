import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { decodeDocument, encodeDocument, type Doc } from '../../../src/bson.js';
import { ServerError } from '../../../src/errors.js';
import { compileSort, naturalSortDirection } from '../../../src/query/sort.js';
import { TEXT_SCORE } from '../../../src/query/text-score.js';

const rt = (doc: Doc): Doc => decodeDocument(encodeDocument(doc));

/** Sorts documents (tagged with `i`) and returns the tags in order. */
function order(spec: Doc, docs: Doc[]): unknown[] {
  const tagged = docs.map((d, i) => rt({ i, ...d }));
  return [...tagged].sort(compileSort(spec)).map((d) => (d['i'] as Int32).value);
}

describe('compileSort', () => {
  it('sorts numbers by value across BSON types', () => {
    const docs = [
      { a: Long.fromString('9007199254740993') },
      { a: new Double(9007199254740992) },
      { a: Decimal128.fromString('10') },
      { a: Decimal128.fromString('9.5') },
      { a: new Int32(-1) },
      { a: NaN },
    ];
    expect(order({ a: 1 }, docs)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(order({ a: -1 }, docs)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('sorts mixed types in BSON order with missing equal to null', () => {
    const docs = [
      { a: new MaxKey() },
      { a: new ObjectId('000000000000000000000001') },
      { a: 'x' },
      { a: new Binary(new Uint8Array([1])) },
      {},
      { a: new Int32(1) },
      { a: null },
      { a: new MinKey() },
      { a: true },
      { a: { b: 1 } },
    ];
    expect(order({ a: 1 }, docs)).toEqual([7, 4, 6, 5, 2, 9, 3, 1, 8, 0]);
  });

  it('sorts arrays by their smallest element ascending and largest descending', () => {
    const docs = [{ a: [1, 10] }, { a: [5] }, { a: 3 }, { a: [] }, { a: [0, 4] }];
    expect(order({ a: 1 }, docs)).toEqual([3, 4, 0, 2, 1]);
    expect(order({ a: -1 }, docs)).toEqual([0, 1, 4, 2, 3]);
  });

  it('sorts through arrays of documents', () => {
    const docs = [{ a: [{ b: 5 }, { b: 1 }] }, { a: [{ b: 3 }] }, { a: [{ b: 2 }, {}] }];
    expect(order({ 'a.b': 1 }, docs)).toEqual([2, 0, 1]);
    expect(order({ 'a.b': -1 }, docs)).toEqual([0, 1, 2]);
  });

  it('sorts by compound keys and keeps ties in input order', () => {
    const docs = [
      { a: 1, b: 2 },
      { a: 2, b: 1 },
      { a: 1, b: 1 },
      { a: 2, b: 1 },
    ];
    expect(order({ a: -1, b: 1 }, docs)).toEqual([1, 3, 2, 0]);
    expect(order({}, docs)).toEqual([0, 1, 2, 3]);
  });

  it('sorts strings by binary order', () => {
    expect(order({ s: 1 }, [{ s: 'b' }, { s: 'B' }, { s: 'a' }, { s: '😀' }, { s: '\uFFFF' }])).toEqual([
      1, 2, 0, 4, 3,
    ]);
  });

  it('sorts by text score descending when documents carry one', () => {
    const docs: Doc[] = [{ i: 0 }, { i: 1 }, { i: 2 }];
    (docs[0] as Record<symbol, number>)[TEXT_SCORE] = 1;
    (docs[1] as Record<symbol, number>)[TEXT_SCORE] = 3;
    (docs[2] as Record<symbol, number>)[TEXT_SCORE] = 2;
    expect([...docs].sort(compileSort({ score: { $meta: 'textScore' } })).map((d) => d['i'])).toEqual([
      1, 2, 0,
    ]);
  });

  it('rejects invalid specifications with MongoDB codes', () => {
    const codeOf = (spec: Doc): number => {
      try {
        compileSort(spec);
      } catch (error) {
        expect(error).toBeInstanceOf(ServerError);
        return (error as ServerError).code;
      }
      return 0;
    };
    expect(codeOf({ a: 2 })).toBe(15975);
    expect(codeOf({ a: 'asc' })).toBe(15974);
    expect(codeOf({ a: { $foo: 1 } })).toBe(17312);
    expect(codeOf({ '': 1 })).toBe(40352);
    expect(codeOf({ a: new Int32(-1) })).toBe(0);
    expect(codeOf({ a: new Double(1) })).toBe(0);
    expect(codeOf({ a: { $meta: 'nope' } })).toBe(31138);
    expect(codeOf({ a: 42.12 })).toBe(15975);
  });

  it('ignores $natural in the comparator and reports its direction', () => {
    expect(order({ $natural: 1, a: -1 }, [{ a: 1 }, { a: 2 }])).toEqual([1, 0]);
    expect(naturalSortDirection({ $natural: -1 })).toBe(-1);
    expect(naturalSortDirection({ a: 1 })).toBeUndefined();
  });
});
