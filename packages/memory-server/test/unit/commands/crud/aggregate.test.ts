import { Int32 } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import { aggregateCommand } from '../../../../src/commands/crud/aggregate.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { parseIndexSpec } from '../../../../src/storage/index-definition.js';
import { firstBatch, makeContext, run, runError } from './harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

function seeded(): CommandContext {
  const context = makeContext();
  for (const [id, sku, qty] of [
    [1, 'a', 2],
    [2, 'b', 1],
    [3, 'a', 5],
  ] as const) {
    context.engine.insertDocument('test', 'orders', { _id: id, sku, qty }, undefined);
  }
  context.engine.insertDocument('test', 'items', { _id: 'a', name: 'Apple' }, undefined);
  return context;
}

describe('aggregate', () => {
  it('runs a pipeline into a cursor', async () => {
    ctx = seeded();
    const reply = await run(
      aggregateCommand,
      {
        aggregate: 'orders',
        pipeline: [{ $match: { sku: 'a' } }, { $group: { _id: '$sku', total: { $sum: '$qty' } } }],
        cursor: {},
      },
      ctx,
    );
    expect(firstBatch(reply)).toEqual([{ _id: 'a', total: new Int32(7) }]);
    expect((reply['cursor'] as Doc)['ns']).toBe('test.orders');
  });

  it('requires the cursor option', async () => {
    ctx = seeded();
    expect((await runError(aggregateCommand, { aggregate: 'orders', pipeline: [] }, ctx)).code).toBe(9);
  });

  it('honours cursor.batchSize', async () => {
    ctx = seeded();
    const reply = await run(
      aggregateCommand,
      { aggregate: 'orders', pipeline: [], cursor: { batchSize: 1 } },
      ctx,
    );
    expect(firstBatch(reply)).toHaveLength(1);
  });

  it('joins with $lookup through storage', async () => {
    ctx = seeded();
    const reply = await run(
      aggregateCommand,
      {
        aggregate: 'orders',
        pipeline: [
          { $match: { _id: 1 } },
          { $lookup: { from: 'items', localField: 'sku', foreignField: '_id', as: 'item' } },
        ],
        cursor: {},
      },
      ctx,
    );
    expect(firstBatch(reply)[0]?.['item']).toEqual([{ _id: 'a', name: 'Apple' }]);
  });

  it('writes $out atomically and keeps target indexes', async () => {
    ctx = seeded();
    ctx.engine.insertDocument('test', 'report', { _id: 'old' }, undefined);
    ctx.engine
      .getCollection('test', 'report')
      ?.createIndex(parseIndexSpec({ key: { total: 1 }, name: 'total_1', unique: true }));
    await run(
      aggregateCommand,
      {
        aggregate: 'orders',
        pipeline: [{ $group: { _id: '$sku', total: { $sum: 1 } } }, { $out: 'report' }],
        cursor: {},
      },
      ctx,
    );
    expect(ctx.engine.readDocuments('test', 'report', undefined)).toHaveLength(0 + 2);
    const error = await runError(
      aggregateCommand,
      {
        aggregate: 'orders',
        pipeline: [{ $project: { total: { $literal: 1 } } }, { $out: 'report' }],
        cursor: {},
      },
      ctx,
    );
    expect(error.code).toBe(11000);
    expect(ctx.engine.readDocuments('test', 'report', undefined)).toHaveLength(2);
    expect(ctx.engine.getCollection('test', 'report')?.indexes.has('total_1')).toBe(true);
  });

  it('merges with $merge', async () => {
    ctx = seeded();
    ctx.engine.insertDocument('test', 'totals', { _id: 'a', total: 0, keep: true }, undefined);
    await run(
      aggregateCommand,
      {
        aggregate: 'orders',
        pipeline: [{ $group: { _id: '$sku', total: { $sum: '$qty' } } }, { $merge: { into: 'totals' } }],
        cursor: {},
      },
      ctx,
    );
    const totals = ctx.engine.readDocuments('test', 'totals', undefined);
    expect(totals).toContainEqual({ _id: 'a', total: new Int32(7), keep: true });
    expect(totals).toContainEqual({ _id: 'b', total: new Int32(1) });
  });

  it('runs database-level $documents pipelines', async () => {
    ctx = makeContext();
    const reply = await run(
      aggregateCommand,
      { aggregate: 1, pipeline: [{ $documents: [{ x: 1 }, { x: 2 }] }], cursor: {} },
      ctx,
    );
    expect(firstBatch(reply)).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('reports $collStats and $indexStats', async () => {
    ctx = seeded();
    const stats = await run(
      aggregateCommand,
      { aggregate: 'orders', pipeline: [{ $collStats: { count: {} } }], cursor: {} },
      ctx,
    );
    expect(firstBatch(stats)[0]?.['count']).toBe(3);
    const indexes = await run(
      aggregateCommand,
      { aggregate: 'orders', pipeline: [{ $indexStats: {} }], cursor: {} },
      ctx,
    );
    expect(firstBatch(indexes).map((d) => d['name'])).toEqual(['_id_']);
  });
});
