import { BSONRegExp, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { codeOf, ev } from './expression-helpers.js';

describe('string operators', () => {
  it('concatenates strings, null-propagating', () => {
    expect(ev({ $concat: ['a', '-', 'b'] })).toBe('a-b');
    expect(ev({ $concat: ['a', '$missing'] })).toBeNull();
    expect(codeOf(() => ev({ $concat: ['a', new Int32(1)] }))).toBe(16702);
  });

  it('slices by UTF-8 bytes and by code points', () => {
    expect(ev({ $substrBytes: ['héllo', 0, 3] })).toBe('hé');
    expect(ev({ $substr: ['abcdef', 2, -1] })).toBe('cdef');
    expect(codeOf(() => ev({ $substrBytes: ['héllo', 2, 1] }))).toBe(28656);
    expect(ev({ $substrCP: ['héllo', 1, 2] })).toBe('él');
    expect(ev({ $strLenBytes: 'hé' })).toEqual(new Int32(3));
    expect(ev({ $strLenCP: 'hé' })).toEqual(new Int32(2));
    expect(codeOf(() => ev({ $strLenCP: new Int32(1) }))).toBe(34471);
  });

  it('changes ASCII case, coercing null to the empty string', () => {
    expect(ev({ $toUpper: 'abcÉ' })).toBe('ABCÉ');
    expect(ev({ $toLower: null })).toBe('');
    expect(ev({ $toLower: new Int32(5) })).toBe('5');
    // Coercing a double to a string uses C's %g (six significant digits).
    expect(ev({ $toUpper: new Double(1.23456789) })).toBe('1.23457');
    expect(ev({ $toUpper: new Double(1234567) })).toBe('1.23457E+06');
    expect(ev({ $strcasecmp: ['abc', 'ABC'] })).toEqual(new Int32(0));
    expect(ev({ $strcasecmp: ['b', 'A'] })).toEqual(new Int32(1));
  });

  it('splits and trims', () => {
    expect(ev({ $split: ['a,b,,c', ','] })).toEqual(['a', 'b', '', 'c']);
    expect(codeOf(() => ev({ $split: [new Int32(1), ','] }))).toBe(40085);
    expect(ev({ $trim: { input: '  x \n' } })).toBe('x');
    expect(ev({ $ltrim: { input: 'xxaxx', chars: 'x' } })).toBe('axx');
    expect(ev({ $rtrim: { input: 'xxaxx', chars: 'x' } })).toBe('xxa');
  });

  it('finds substrings by byte and code point', () => {
    expect(ev({ $indexOfBytes: ['héllo', 'l'] })).toEqual(new Int32(3));
    expect(ev({ $indexOfCP: ['héllo', 'l'] })).toEqual(new Int32(2));
    expect(ev({ $indexOfCP: ['abcabc', 'b', 2] })).toEqual(new Int32(4));
    expect(ev({ $indexOfCP: ['abc', 'z'] })).toEqual(new Int32(-1));
    expect(ev({ $indexOfBytes: [null, 'a'] })).toBeNull();
  });

  it('matches regexes', () => {
    expect(ev({ $regexMatch: { input: 'Hello', regex: '^h', options: 'i' } })).toBe(true);
    expect(ev({ $regexMatch: { input: 'Hello', regex: new BSONRegExp('^h', 'i') } })).toBe(true);
    expect(ev({ $regexFind: { input: 'ab12cd34', regex: '(\\d)(\\d)' } })).toEqual({
      match: '12',
      idx: new Int32(2),
      captures: ['1', '2'],
    });
    const all = ev({ $regexFindAll: { input: 'ab12cd34', regex: '\\d+' } }) as { match: string }[];
    expect(all.map((m) => m.match)).toEqual(['12', '34']);
    expect(ev({ $regexFind: { input: null, regex: 'a' } })).toBeNull();
    expect(codeOf(() => ev({ $regexMatch: { input: new Int32(1), regex: 'a' } }))).toBe(51104);
  });

  it('replaces substrings', () => {
    expect(ev({ $replaceOne: { input: 'a.a.a', find: '.', replacement: '-' } })).toBe('a-a.a');
    expect(ev({ $replaceAll: { input: 'a.a.a', find: '.', replacement: '-' } })).toBe('a-a-a');
    expect(ev({ $replaceAll: { input: null, find: '.', replacement: '-' } })).toBeNull();
  });
});

describe('array operators', () => {
  const doc = { xs: [new Int32(1), new Int32(2), new Int32(3)], empty: [] };

  it('indexes and measures arrays', () => {
    expect(ev({ $arrayElemAt: ['$xs', -1] }, doc)).toEqual(new Int32(3));
    expect(ev({ $arrayElemAt: ['$xs', 5] }, doc)).toBeUndefined();
    expect(codeOf(() => ev({ $arrayElemAt: ['x', 0] }))).toBe(28689);
    expect(ev({ $first: '$xs' }, doc)).toEqual(new Int32(1));
    expect(ev({ $last: '$xs' }, doc)).toEqual(new Int32(3));
    expect(ev({ $size: '$xs' }, doc)).toEqual(new Int32(3));
    expect(codeOf(() => ev({ $size: '$missing' }, doc))).toBe(17124);
    expect(ev({ $isArray: ['$xs'] }, doc)).toBe(true);
  });

  it('slices, concatenates, reverses and ranges', () => {
    expect(ev({ $slice: ['$xs', 2] }, doc)).toEqual([new Int32(1), new Int32(2)]);
    expect(ev({ $slice: ['$xs', -1] }, doc)).toEqual([new Int32(3)]);
    expect(ev({ $slice: ['$xs', 1, 1] }, doc)).toEqual([new Int32(2)]);
    expect(ev({ $concatArrays: ['$xs', [4]] }, doc)).toHaveLength(4);
    expect(ev({ $concatArrays: ['$xs', '$missing'] }, doc)).toBeNull();
    expect(ev({ $reverseArray: '$xs' }, doc)).toEqual([new Int32(3), new Int32(2), new Int32(1)]);
    expect(ev({ $range: [0, 10, 3] })).toEqual([0, 3, 6, 9].map((n) => new Int32(n)));
    expect(ev({ $range: [5, 0, -2] })).toEqual([5, 3, 1].map((n) => new Int32(n)));
    expect(codeOf(() => ev({ $range: [0, 5, 0] }))).toBe(34449);
  });

  it('filters, maps and reduces with variables', () => {
    expect(ev({ $filter: { input: '$xs', as: 'x', cond: { $gte: ['$$x', 2] } } }, doc)).toEqual([
      new Int32(2),
      new Int32(3),
    ]);
    expect(ev({ $filter: { input: '$xs', cond: { $gte: ['$$this', 2] }, limit: 1 } }, doc)).toEqual([
      new Int32(2),
    ]);
    expect(ev({ $map: { input: '$xs', in: { $multiply: ['$$this', 2] } } }, doc)).toEqual(
      [2, 4, 6].map((n) => new Int32(n)),
    );
    expect(
      ev({ $reduce: { input: '$xs', initialValue: 0, in: { $add: ['$$value', '$$this'] } } }, doc),
    ).toEqual(new Int32(6));
    expect(ev({ $map: { input: '$missing', in: 1 } }, doc)).toBeNull();
    expect(codeOf(() => ev({ $map: { input: 'x', in: 1 } }))).toBe(16883);
  });

  it('searches with MongoDB equality', () => {
    expect(ev({ $in: [new Double(2), '$xs'] }, doc)).toBe(true);
    expect(ev({ $in: ['2', '$xs'] }, doc)).toBe(false);
    expect(codeOf(() => ev({ $in: [1, '$missing'] }, doc))).toBe(40081);
    expect(ev({ $indexOfArray: ['$xs', Long.fromNumber(3)] }, doc)).toEqual(new Int32(2));
    expect(ev({ $indexOfArray: ['$xs', 9] }, doc)).toEqual(new Int32(-1));
  });

  it('zips and converts between arrays and objects', () => {
    expect(ev({ $zip: { inputs: [[1, 2], ['a']] } })).toEqual([[1, 'a']]);
    expect(ev({ $zip: { inputs: [[1, 2], ['a']], useLongestLength: true, defaults: [0, 'z'] } })).toEqual([
      [1, 'a'],
      [2, 'z'],
    ]);
    expect(
      ev({
        $arrayToObject: [
          [
            ['a', 1],
            ['b', 2],
          ],
        ],
      }),
    ).toEqual({ a: 1, b: 2 });
    expect(ev({ $arrayToObject: [[{ k: 'a', v: 1 }]] })).toEqual({ a: 1 });
    expect(ev({ $objectToArray: { a: 1 } })).toEqual([{ k: 'a', v: 1 }]);
    expect(codeOf(() => ev({ $objectToArray: 5 }))).toBe(40390);
  });

  it('sorts and takes N elements', () => {
    expect(ev({ $sortArray: { input: [3, 1, 2], sortBy: -1 } })).toEqual([3, 2, 1]);
    expect(ev({ $sortArray: { input: [{ a: 2 }, { a: 1 }], sortBy: { a: 1 } } })).toEqual([
      { a: 1 },
      { a: 2 },
    ]);
    expect(ev({ $maxN: { input: [1, null, 5, 3], n: 2 } })).toEqual([5, 3]);
    expect(ev({ $minN: { input: [4, null, 5, 3], n: 2 } })).toEqual([3, 4]);
    expect(ev({ $firstN: { input: [1, 2, 3], n: 2 } })).toEqual([1, 2]);
    expect(ev({ $lastN: { input: [1, 2, 3], n: 2 } })).toEqual([2, 3]);
    expect(codeOf(() => ev({ $firstN: { input: [1], n: 0 } }))).toBe(5787908);
  });

  it('implements set operators with numeric equality', () => {
    expect(
      ev({
        $setUnion: [
          [1, 2],
          [new Double(2), 3],
        ],
      }),
    ).toEqual([1, 2, 3]);
    expect(
      ev({
        $setIntersection: [
          [1, 2, 3],
          [new Int32(3), 2],
        ],
      }),
    ).toEqual([2, 3]);
    expect(ev({ $setDifference: [[1, 2, 3], [2]] })).toEqual([1, 3]);
    expect(
      ev({
        $setEquals: [
          [1, 2],
          [2, 1, 1],
        ],
      }),
    ).toBe(true);
    expect(ev({ $setIsSubset: [[1], [1, 2]] })).toBe(true);
    expect(ev({ $anyElementTrue: [[0, null, 1]] })).toBe(true);
    expect(ev({ $allElementsTrue: [[1, 0]] })).toBe(false);
    expect(ev({ $setUnion: [[1], '$missing'] })).toBeNull();
    expect(codeOf(() => ev({ $setUnion: [[1], 'x'] }))).toBe(17043);
  });
});
