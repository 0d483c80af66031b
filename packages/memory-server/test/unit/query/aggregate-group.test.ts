import { Decimal128, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { codeOf } from './expression-helpers.js';
import { run } from './aggregate-helpers.js';

const sales = [
  { _id: 1, item: 'a', price: new Int32(10), qty: new Int32(2), day: 1 },
  { _id: 2, item: 'b', price: new Double(2.5), qty: new Int32(1), day: 1 },
  { _id: 3, item: 'a', price: new Int32(10), qty: new Int32(5), day: 2 },
  { _id: 4, item: 'c', price: Decimal128.fromString('1.1'), qty: Long.fromNumber(3), day: 2 },
];

describe('$group', () => {
  it('groups by a field and accumulates with BSON result types', () => {
    const out = run(sales, [
      {
        $group: {
          _id: '$item',
          n: { $sum: 1 },
          qty: { $sum: '$qty' },
          avg: { $avg: '$qty' },
          max: { $max: '$qty' },
        },
      },
    ]);
    expect(out).toEqual([
      { _id: 'a', n: new Int32(2), qty: new Int32(7), avg: new Double(3.5), max: new Int32(5) },
      { _id: 'b', n: new Int32(1), qty: new Int32(1), avg: new Double(1), max: new Int32(1) },
      { _id: 'c', n: new Int32(1), qty: Long.fromNumber(3), avg: new Double(3), max: Long.fromNumber(3) },
    ]);
  });

  it('groups everything under null and sums mixed types', () => {
    const [out] = run(sales, [{ $group: { _id: null, total: { $sum: '$price' }, cnt: { $count: {} } } }]);
    expect(out?.['total']).toBeInstanceOf(Decimal128);
    expect(String(out?.['total'])).toBe('23.60000000000000000000000000000000');
    expect(out?.['cnt']).toEqual(new Int32(4));
  });

  it('uses MongoDB equality for keys (1 == 1.0 == Long(1))', () => {
    const out = run(
      [{ k: new Int32(1) }, { k: new Double(1) }, { k: Long.fromNumber(1) }, { k: '1' }],
      [{ $group: { _id: '$k', n: { $sum: 1 } } }],
    );
    expect(out.map((d) => d['n'])).toEqual([new Int32(3), new Int32(1)]);
  });

  it('supports compound keys, missing keys as null, and first/last/push/addToSet', () => {
    const out = run(sales, [
      { $sort: { _id: 1 } },
      {
        $group: {
          _id: { d: '$day' },
          first: { $first: '$item' },
          last: { $last: '$item' },
          items: { $push: '$item' },
          set: { $addToSet: '$item' },
        },
      },
    ]);
    expect(out[0]).toEqual({ _id: { d: 1 }, first: 'a', last: 'b', items: ['a', 'b'], set: ['a', 'b'] });
    expect(run([{ a: 1 }], [{ $group: { _id: '$missing' } }])).toEqual([{ _id: null }]);
  });

  it('has $mergeObjects, $stdDev*, $min over mixed types', () => {
    const [out] = run(
      [
        { o: { a: 1 }, v: new Int32(2) },
        { o: { b: 2 }, v: new Int32(4) },
        { o: null, v: 'x' },
      ],
      [
        {
          $group: {
            _id: null,
            o: { $mergeObjects: '$o' },
            pop: { $stdDevPop: '$v' },
            samp: { $stdDevSamp: '$v' },
            min: { $min: '$v' },
          },
        },
      ],
    );
    expect(out).toEqual({
      _id: null,
      o: { a: 1, b: 2 },
      pop: new Double(1),
      samp: new Double(Math.SQRT2),
      min: new Int32(2),
    });
  });

  it('has $top/$bottom/$topN/$bottomN/$firstN/$lastN/$maxN/$minN', () => {
    const [out] = run(sales, [
      {
        $group: {
          _id: null,
          top: { $top: { sortBy: { qty: -1 }, output: '$item' } },
          bottom: { $bottom: { sortBy: { qty: -1 }, output: ['$item', '$qty'] } },
          topN: { $topN: { n: 2, sortBy: { qty: 1 }, output: '$_id' } },
          bottomN: { $bottomN: { n: 2, sortBy: { qty: 1 }, output: '$_id' } },
          firstN: { $firstN: { input: '$_id', n: 2 } },
          lastN: { $lastN: { input: '$_id', n: 2 } },
          maxN: { $maxN: { input: '$qty', n: 2 } },
          minN: { $minN: { input: '$qty', n: 2 } },
        },
      },
    ]);
    expect(out).toEqual({
      _id: null,
      top: 'a',
      bottom: ['b', new Int32(1)],
      topN: [2, 1],
      bottomN: [4, 3],
      firstN: [1, 2],
      lastN: [3, 4],
      maxN: [new Int32(5), Long.fromNumber(3)],
      minN: [new Int32(1), new Int32(2)],
    });
  });

  it('reports spec errors with MongoDB codes', () => {
    expect(codeOf(() => run(sales, [{ $group: { n: { $sum: 1 } } }]))).toBe(15955);
    expect(codeOf(() => run(sales, [{ $group: { _id: null, n: { $foo: 1 } } }]))).toBe(15952);
    expect(codeOf(() => run(sales, [{ $group: { _id: null, n: 1 } }]))).toBe(40234);
    expect(codeOf(() => run(sales, [{ $group: { _id: null, n: { $sum: 1, $avg: 1 } } }]))).toBe(40238);
    expect(codeOf(() => run(sales, [{ $group: { _id: null, 'a.b': { $sum: 1 } } }]))).toBe(40235);
  });
});

describe('$sortByCount, $bucket, $bucketAuto', () => {
  it('$sortByCount counts and sorts descending', () => {
    expect(run(sales, [{ $sortByCount: '$item' }])).toEqual([
      { _id: 'a', count: new Int32(2) },
      { _id: 'b', count: new Int32(1) },
      { _id: 'c', count: new Int32(1) },
    ]);
    expect(codeOf(() => run(sales, [{ $sortByCount: 'item' }]))).toBe(40148);
  });

  it('$bucket buckets by boundaries with a default bucket', () => {
    const out = run(sales, [
      {
        $bucket: {
          groupBy: '$price',
          boundaries: [0, 5, 10],
          default: 'other',
          output: { n: { $sum: 1 }, ids: { $push: '$_id' } },
        },
      },
    ]);
    expect(out).toEqual([
      { _id: 0, n: new Int32(2), ids: [2, 4] },
      { _id: 'other', n: new Int32(2), ids: [1, 3] },
    ]);
    expect(codeOf(() => run(sales, [{ $bucket: { groupBy: '$price', boundaries: [0, 5] } }]))).toBe(40066);
    expect(codeOf(() => run(sales, [{ $bucket: { groupBy: '$price', boundaries: [5, 0] } }]))).toBe(40194);
    expect(
      codeOf(() => run(sales, [{ $bucket: { groupBy: '$price', boundaries: [0, 10], default: 5 } }])),
    ).toBe(40199);
  });

  it('$bucketAuto splits into evenly sized buckets', () => {
    const nums = [1, 2, 3, 4, 5, 6].map((n) => ({ v: new Int32(n) }));
    expect(run(nums, [{ $bucketAuto: { groupBy: '$v', buckets: 3 } }])).toEqual([
      { _id: { min: new Int32(1), max: new Int32(3) }, count: new Int32(2) },
      { _id: { min: new Int32(3), max: new Int32(5) }, count: new Int32(2) },
      { _id: { min: new Int32(5), max: new Int32(6) }, count: new Int32(2) },
    ]);
  });

  it('$bucketAuto rounds boundaries to a granularity series', () => {
    const nums = Array.from({ length: 10 }, (_, i) => ({ v: new Int32(i + 1) }));
    const out = run(nums, [{ $bucketAuto: { groupBy: '$v', buckets: 3, granularity: 'R5' } }]);
    const bounds = out.map((d) => {
      const id = d['_id'] as { min: Double; max: Double };
      return [id.min.value, id.max.value, (d['count'] as Int32).value];
    });
    expect(bounds.map(([min, max, n]) => [Number(min?.toFixed(6)), Number(max?.toFixed(6)), n])).toEqual([
      [0.63, 4, 3],
      [4, 6.3, 3],
      [6.3, 16, 4],
    ]);
    const pow = run(nums, [{ $bucketAuto: { groupBy: '$v', buckets: 2, granularity: 'POWERSOF2' } }]);
    expect(pow.map((d) => d['_id'])).toEqual([
      // Rounding down is strict: 1 (a power of two) goes down to 2^-1, as on the server.
      { min: new Double(0.5), max: new Int32(8) },
      { min: new Int32(8), max: new Int32(16) },
    ]);
    expect(
      codeOf(() => run([{ v: -1 }], [{ $bucketAuto: { groupBy: '$v', buckets: 2, granularity: 'R5' } }])),
    ).toBe(40260);
    expect(codeOf(() => run(nums, [{ $bucketAuto: { groupBy: '$v', buckets: 2, granularity: 'R7' } }]))).toBe(
      40257,
    );
    expect(codeOf(() => run(nums, [{ $bucketAuto: { groupBy: '$v', buckets: 1.5 } }]))).toBe(40242);
  });
});
