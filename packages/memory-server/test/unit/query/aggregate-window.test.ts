import { Double, Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { codeOf } from './expression-helpers.js';
import { run } from './aggregate-helpers.js';

const rows = [
  { _id: 1, g: 'a', t: new Int32(1), v: new Int32(10) },
  { _id: 2, g: 'a', t: new Int32(2), v: new Int32(20) },
  { _id: 3, g: 'a', t: new Int32(3), v: new Int32(20) },
  { _id: 4, g: 'b', t: new Int32(1), v: new Int32(5) },
];

describe('$setWindowFields', () => {
  it('computes running and whole-partition accumulators', () => {
    const out = run(rows, [
      {
        $setWindowFields: {
          partitionBy: '$g',
          sortBy: { t: 1 },
          output: {
            running: { $sum: '$v', window: { documents: ['unbounded', 'current'] } },
            total: { $sum: '$v' },
            moving: { $avg: '$v', window: { documents: [-1, 0] } },
            ranged: { $push: '$_id', window: { range: [-1, 1] } },
          },
        },
      },
    ]);
    expect(out.map((d) => [d['_id'], d['running'], d['total'], d['moving'], d['ranged']])).toEqual([
      [1, new Int32(10), new Int32(50), new Double(10), [1, 2]],
      [2, new Int32(30), new Int32(50), new Double(15), [1, 2, 3]],
      [3, new Int32(50), new Int32(50), new Double(20), [2, 3]],
      [4, new Int32(5), new Int32(5), new Double(5), [4]],
    ]);
  });

  it('ranks, numbers and shifts documents', () => {
    const out = run(rows.slice(0, 3), [
      {
        $setWindowFields: {
          sortBy: { v: 1 },
          output: {
            r: { $rank: {} },
            dr: { $denseRank: {} },
            n: { $documentNumber: {} },
            prev: { $shift: { output: '$_id', by: -1, default: 'none' } },
          },
        },
      },
    ]);
    expect(out.map((d) => [d['r'], d['dr'], d['n'], d['prev']])).toEqual([
      [new Int32(1), new Int32(1), new Int32(1), 'none'],
      [new Int32(2), new Int32(2), new Int32(2), 1],
      [new Int32(2), new Int32(2), new Int32(3), 2],
    ]);
  });

  it('computes $expMovingAvg, $derivative, $integral and covariance', () => {
    const pts = [0, 1, 2, 3].map((t) => ({ t: new Int32(t), v: new Int32(t * t) }));
    const out = run(pts, [
      {
        $setWindowFields: {
          sortBy: { t: 1 },
          output: {
            ema: { $expMovingAvg: { input: '$v', alpha: 0.5 } },
            d: { $derivative: { input: '$v' }, window: { documents: [-1, 0] } },
            area: { $integral: { input: '$v' }, window: { documents: ['unbounded', 'current'] } },
            cov: { $covariancePop: ['$t', '$t'] },
          },
        },
      },
    ]);
    expect(out.map((d) => (d['ema'] as Double).value)).toEqual([0, 0.5, 2.25, 5.625]);
    expect(out.map((d) => (d['d'] as Double | null)?.value ?? null)).toEqual([null, 1, 3, 5]);
    expect(out.map((d) => (d['area'] as Double).value)).toEqual([0, 0.5, 3, 9.5]);
    expect((out[0]?.['cov'] as Double).value).toBe(1.25);
  });

  it('computes $median and $percentile over windows and groups', () => {
    const nums = [5, 1, 4, 2, 3].map((v) => ({ v: new Int32(v) }));
    const [g] = run(nums, [
      {
        $group: {
          _id: null,
          m: { $median: { input: '$v', method: 'approximate' } },
          p: { $percentile: { input: '$v', p: [0.2, 0.9], method: 'approximate' } },
        },
      },
    ]);
    expect(g).toEqual({ _id: null, m: new Double(3), p: [new Double(1), new Double(5)] });
  });

  it('rejects unknown window functions', () => {
    expect(codeOf(() => run(rows, [{ $setWindowFields: { output: { x: { $foo: 1 } } } }]))).toBe(5397904);
  });
});

describe('$fill and $densify', () => {
  it('fills with a value, locf and linear interpolation', () => {
    const data = [
      { _id: 1, t: new Int32(1), a: new Int32(10), b: 'x', c: null },
      { _id: 2, t: new Int32(2), a: null, b: null },
      { _id: 3, t: new Int32(3), a: new Int32(30), b: 'y' },
    ];
    const out = run(data, [
      {
        $fill: {
          sortBy: { t: 1 },
          output: { a: { method: 'linear' }, b: { method: 'locf' }, c: { value: 0 } },
        },
      },
    ]);
    expect(out.map((d) => [d['a'], d['b'], d['c']])).toEqual([
      [new Int32(10), 'x', 0],
      [new Double(20), 'x', 0],
      [new Int32(30), 'y', 0],
    ]);
  });

  it('densifies numeric ranges per partition', () => {
    const data = [
      { k: 'a', n: new Int32(0) },
      { k: 'a', n: new Int32(4) },
      { k: 'b', n: new Int32(2) },
    ];
    const out = run(data, [
      { $densify: { field: 'n', partitionByFields: ['k'], range: { step: 2, bounds: 'partition' } } },
    ]);
    expect(out).toEqual([
      { k: 'a', n: new Int32(0) },
      { k: 'a', n: new Int32(2) },
      { k: 'a', n: new Int32(4) },
      { k: 'b', n: new Int32(2) },
    ]);
  });

  it('densifies dates with a unit', () => {
    const out = run(
      [{ d: new Date('2024-01-01T00:00:00Z') }, { d: new Date('2024-01-01T03:00:00Z') }],
      [{ $densify: { field: 'd', range: { step: 1, unit: 'hour', bounds: 'full' } } }],
    );
    expect(out.map((x) => (x['d'] as Date).toISOString().slice(11, 13))).toEqual(['00', '01', '02', '03']);
  });
});
