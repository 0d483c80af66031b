import { afterEach, describe, expect, it } from 'vitest';
import { createCommand } from '../../../../src/commands/collections/create.js';
import { aggregateCommand } from '../../../../src/commands/crud/aggregate.js';
import { countCommand } from '../../../../src/commands/crud/count.js';
import { deleteCommand } from '../../../../src/commands/crud/delete.js';
import { distinctCommand } from '../../../../src/commands/crud/distinct.js';
import { findAndModifyCommand } from '../../../../src/commands/crud/find-and-modify.js';
import { findCommand } from '../../../../src/commands/crud/find.js';
import { updateCommand } from '../../../../src/commands/crud/update.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { parseIndexSpec } from '../../../../src/storage/index-definition.js';
import { firstBatch, makeContext, run, runError } from './harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

const ci = { locale: 'en_US', strength: 2 };

function seed(): void {
  ctx = makeContext();
  for (const [id, x] of [
    [1, 'ping'],
    [2, 'PING'],
    [3, 'pong'],
  ] as const)
    ctx.engine.insertDocument('test', 'c', { _id: id, x }, undefined);
}

describe('collation in commands', () => {
  it('find matches and sorts with the collation, binary without', async () => {
    seed();
    expect(
      firstBatch(await run(findCommand, { find: 'c', filter: { x: 'PING' } }, ctx)).map((d) => d['_id']),
    ).toEqual([2]);
    expect(
      firstBatch(await run(findCommand, { find: 'c', filter: { x: 'PING' }, collation: ci }, ctx)).map(
        (d) => d['_id'],
      ),
    ).toEqual([1, 2]);
    expect(
      (await runError(findCommand, { find: 'c', filter: {}, collation: { locale: 'zz_invalid_qq' } }, ctx))
        .code,
    ).toBe(2);
  });

  it('skips binary index lookups for collated string equalities', async () => {
    seed();
    ctx.engine.getCollection('test', 'c')?.createIndex(parseIndexSpec({ key: { x: 1 } }));
    expect(
      firstBatch(await run(findCommand, { find: 'c', filter: { x: 'Pong' }, collation: ci }, ctx)),
    ).toEqual([{ _id: 3, x: 'pong' }]);
    ctx.engine.insertDocument('test', 's', { _id: 'abc' }, undefined);
    expect(
      firstBatch(await run(findCommand, { find: 's', filter: { _id: 'ABC' }, collation: ci }, ctx)),
    ).toEqual([{ _id: 'abc' }]);
  });

  it('distinct collapses values equal under the collation', async () => {
    seed();
    expect((await run(distinctCommand, { distinct: 'c', key: 'x' }, ctx))['values']).toEqual([
      'PING',
      'ping',
      'pong',
    ]);
    expect(
      (await run(distinctCommand, { distinct: 'c', key: 'x', collation: ci }, ctx))['values'],
    ).toHaveLength(2);
  });

  it('count, aggregate, update, delete and findAndModify honour it', async () => {
    seed();
    expect(await run(countCommand, { count: 'c', query: { x: 'ping' }, collation: ci }, ctx)).toEqual({
      n: 2,
    });
    const agg = await run(
      aggregateCommand,
      {
        aggregate: 'c',
        pipeline: [{ $match: { x: 'PING' } }, { $sort: { x: 1, _id: 1 } }],
        cursor: {},
        collation: ci,
      },
      ctx,
    );
    expect(firstBatch(agg).map((d) => d['_id'])).toEqual([1, 2]);
    const updated = await run(
      updateCommand,
      { update: 'c', updates: [{ q: { x: 'Ping' }, u: { $set: { y: 1 } }, multi: true, collation: ci }] },
      ctx,
    );
    expect(updated).toMatchObject({ n: 2, nModified: 2 });
    const fam = await run(
      findAndModifyCommand,
      { findAndModify: 'c', query: { x: 'PONG' }, remove: true, collation: ci },
      ctx,
    );
    expect(fam['value']).toEqual({ _id: 3, x: 'pong' });
    expect(
      await run(
        deleteCommand,
        { delete: 'c', deletes: [{ q: { x: 'PinG' }, limit: 0, collation: ci }] },
        ctx,
      ),
    ).toEqual({ n: 2 });
  });

  it('groups keys that are equal under the collation', async () => {
    seed();
    const pipeline = [{ $group: { _id: '$x', n: { $sum: 1 } } }, { $sort: { _id: 1 } }];
    expect(
      firstBatch(await run(aggregateCommand, { aggregate: 'c', pipeline, cursor: {} }, ctx)),
    ).toHaveLength(3);
    const grouped = firstBatch(
      await run(aggregateCommand, { aggregate: 'c', pipeline, cursor: {}, collation: ci }, ctx),
    );
    expect(grouped.map((d) => [d['_id'], Number(d['n'])])).toEqual([
      ['ping', 2],
      ['pong', 1],
    ]);
  });

  it('uses the collection default collation when a query has none', async () => {
    ctx = makeContext();
    await run(createCommand, { create: 'd', collation: ci }, ctx);
    expect(ctx.engine.getCollection('test', 'd')?.options['collation']).toEqual(ci);
    ctx.engine.insertDocument('test', 'd', { _id: 1, x: 'ping' }, undefined);
    expect(firstBatch(await run(findCommand, { find: 'd', filter: { x: 'PING' } }, ctx))).toHaveLength(1);
    expect(
      firstBatch(
        await run(findCommand, { find: 'd', filter: { x: 'PING' }, collation: { locale: 'simple' } }, ctx),
      ),
    ).toHaveLength(0);
    expect(
      (await runError(createCommand, { create: 'e', collation: { locale: 'zz_invalid_qq' } }, ctx)).code,
    ).toBe(2);
  });
});
