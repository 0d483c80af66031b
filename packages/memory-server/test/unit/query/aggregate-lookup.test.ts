import { Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { codeOf } from './expression-helpers.js';
import { makeContext, run } from './aggregate-helpers.js';

const orders = [
  { _id: 1, item: 'a', qty: new Int32(2) },
  { _id: 2, item: ['b', 'c'], qty: new Int32(1) },
  { _id: 3, qty: new Int32(4) },
];
const inventory = [
  { _id: 10, sku: 'a', stock: new Int32(5) },
  { _id: 11, sku: 'b', stock: new Int32(0) },
  { _id: 12, sku: ['c', 'd'], stock: new Int32(1) },
  { _id: 13, stock: new Int32(9) },
  { _id: 14, sku: null, stock: new Int32(8) },
];
const ctx = () => makeContext({ 'test.inventory': inventory, 'other.people': [{ _id: 'p' }] });

describe('$lookup', () => {
  it('joins on local/foreign fields with array and null semantics', () => {
    const out = run(
      orders,
      [{ $lookup: { from: 'inventory', localField: 'item', foreignField: 'sku', as: 'inv' } }],
      ctx(),
    );
    expect(out.map((d) => (d['inv'] as { _id: number }[]).map((i) => i._id))).toEqual([
      [10],
      [11, 12],
      [13, 14],
    ]);
  });

  it('treats an empty local array as null and never matches a foreign empty array with null', () => {
    const c = makeContext({
      'test.f': [{ _id: 1, k: [] }, { _id: 2 }, { _id: 3, k: null }, { _id: 4, k: [null, 1] }],
    });
    const out = run(
      [{ _id: 'x', k: [] }],
      [{ $lookup: { from: 'f', localField: 'k', foreignField: 'k', as: 'j' } }],
      c,
    );
    expect((out[0]?.['j'] as { _id: number }[]).map((d) => d._id)).toEqual([2, 3, 4]);
  });

  it('matches numbers across BSON types', () => {
    const c = makeContext({ 'test.f': [{ _id: 1, k: Long.fromNumber(2) }] });
    const out = run(
      [{ _id: 1, k: new Double(2) }],
      [{ $lookup: { from: 'f', localField: 'k', foreignField: 'k', as: 'j' } }],
      c,
    );
    expect(out[0]?.['j']).toHaveLength(1);
  });

  it('runs a correlated pipeline with let', () => {
    const out = run(
      orders.slice(0, 1),
      [
        {
          $lookup: {
            from: 'inventory',
            let: { want: '$qty' },
            pipeline: [{ $match: { $expr: { $gte: ['$stock', '$$want'] } } }, { $project: { _id: 1 } }],
            as: 'enough',
          },
        },
      ],
      ctx(),
    );
    expect(out[0]?.['enough']).toEqual([{ _id: 10 }, { _id: 13 }, { _id: 14 }]);
  });

  it('combines localField/foreignField with a pipeline and can read other databases', () => {
    const out = run(
      orders.slice(0, 1),
      [
        {
          $lookup: {
            from: 'inventory',
            localField: 'item',
            foreignField: 'sku',
            pipeline: [{ $project: { stock: 1, _id: 0 } }],
            as: 'x',
          },
        },
        { $lookup: { from: { db: 'other', coll: 'people' }, pipeline: [], as: 'p' } },
      ],
      ctx(),
    );
    expect(out[0]?.['x']).toEqual([{ stock: new Int32(5) }]);
    expect(out[0]?.['p']).toEqual([{ _id: 'p' }]);
  });

  it('validates its spec', () => {
    expect(
      codeOf(() =>
        run(orders, [{ $lookup: { from: 'inventory', localField: 'a', foreignField: 'b' } }], ctx()),
      ),
    ).toBe(9);
    expect(
      codeOf(() => run(orders, [{ $lookup: { from: 'inventory', localField: 'a', as: 'x' } }], ctx())),
    ).toBe(9);
  });
});

describe('$graphLookup', () => {
  const employees = [
    { _id: 1, name: 'Dev' },
    { _id: 2, name: 'Eliot', reportsTo: 'Dev' },
    { _id: 3, name: 'Ron', reportsTo: 'Eliot' },
    { _id: 4, name: 'Andrew', reportsTo: 'Eliot' },
    { _id: 5, name: 'Asya', reportsTo: 'Ron' },
  ];
  const c = () => makeContext({ 'test.employees': employees });

  it('walks the graph recursively with depth', () => {
    const out = run(
      [employees[4] as (typeof employees)[number]],
      [
        {
          $graphLookup: {
            from: 'employees',
            startWith: '$reportsTo',
            connectFromField: 'reportsTo',
            connectToField: 'name',
            as: 'chain',
            depthField: 'd',
          },
        },
      ],
      c(),
    );
    const chain = out[0]?.['chain'] as { name: string; d: Long }[];
    expect(chain.map((e) => [e.name, e.d.toNumber()])).toEqual([
      ['Ron', 0],
      ['Eliot', 1],
      ['Dev', 2],
    ]);
    expect(chain[0]?.d).toBeInstanceOf(Long);
  });

  it('honours maxDepth and restrictSearchWithMatch', () => {
    const out = run(
      [employees[4] as (typeof employees)[number]],
      [
        {
          $graphLookup: {
            from: 'employees',
            startWith: '$reportsTo',
            connectFromField: 'reportsTo',
            connectToField: 'name',
            as: 'chain',
            maxDepth: 1,
            restrictSearchWithMatch: { name: { $ne: 'Eliot' } },
          },
        },
      ],
      c(),
    );
    expect((out[0]?.['chain'] as { name: string }[]).map((e) => e.name)).toEqual(['Ron']);
  });
});

describe('$unionWith', () => {
  it('appends another collection, optionally through a pipeline', () => {
    const out = run(
      [{ _id: 'x' }],
      [
        {
          $unionWith: {
            coll: 'inventory',
            pipeline: [{ $match: { stock: { $gt: 4 } } }, { $project: { _id: 1 } }],
          },
        },
      ],
      ctx(),
    );
    expect(out).toEqual([{ _id: 'x' }, { _id: 10 }, { _id: 13 }, { _id: 14 }]);
    expect(run([], [{ $unionWith: 'inventory' }], ctx())).toHaveLength(5);
  });
});
