import { afterEach, describe, expect, it } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import { collModCommand } from '../../../../src/commands/collections/coll-mod.js';
import { createCommand } from '../../../../src/commands/collections/create.js';
import { dropCommand } from '../../../../src/commands/collections/drop.js';
import { listCollectionsCommand } from '../../../../src/commands/collections/list-collections.js';
import { aggregateCommand } from '../../../../src/commands/crud/aggregate.js';
import { countCommand } from '../../../../src/commands/crud/count.js';
import { deleteCommand } from '../../../../src/commands/crud/delete.js';
import { distinctCommand } from '../../../../src/commands/crud/distinct.js';
import { findAndModifyCommand } from '../../../../src/commands/crud/find-and-modify.js';
import { findCommand } from '../../../../src/commands/crud/find.js';
import { insertCommand } from '../../../../src/commands/crud/insert.js';
import { updateCommand } from '../../../../src/commands/crud/update.js';
import { createIndexesCommand } from '../../../../src/commands/indexes/create-indexes.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { firstBatch, makeContext, run, runError } from '../crud/harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

async function listed(name: string): Promise<Doc | undefined> {
  return firstBatch(await run(listCollectionsCommand, { listCollections: 1, filter: { name } }, ctx))[0];
}

describe('views', () => {
  async function seedView(): Promise<void> {
    ctx = makeContext();
    for (const id of [1, 2, 3]) ctx.engine.insertDocument('test', 'src', { _id: id, g: id % 2 }, undefined);
    await run(
      createCommand,
      { create: 'v', viewOn: 'src', pipeline: [{ $match: { _id: { $gt: 1 } } }] },
      ctx,
    );
  }

  it('reads through the pipeline: find, aggregate, count, distinct', async () => {
    await seedView();
    expect(firstBatch(await run(findCommand, { find: 'v', filter: { g: 0 } }, ctx))).toEqual([
      { _id: 2, g: 0 },
    ]);
    expect(
      firstBatch(await run(findCommand, { find: 'v', filter: {}, sort: { _id: -1 } }, ctx)).map(
        (d) => d['_id'],
      ),
    ).toEqual([3, 2]);
    const agg = await run(aggregateCommand, { aggregate: 'v', pipeline: [{ $count: 'n' }], cursor: {} }, ctx);
    expect(Number(firstBatch(agg)[0]?.['n'])).toBe(2);
    expect(await run(countCommand, { count: 'v' }, ctx)).toEqual({ n: 2 });
    expect((await run(distinctCommand, { distinct: 'v', key: 'g' }, ctx))['values']).toEqual([0, 1]);
    ctx.engine.insertDocument('test', 'src', { _id: 4, g: 0 }, undefined);
    expect(await run(countCommand, { count: 'v' }, ctx)).toEqual({ n: 3 });
  });

  it('refuses writes with 166 and lists, then drops, the view', async () => {
    await seedView();
    for (const [spec, cmd] of [
      [insertCommand, { insert: 'v', documents: [{ _id: 9 }] }],
      [updateCommand, { update: 'v', updates: [{ q: { _id: 99 }, u: { $set: { a: 1 } } }] }],
      [deleteCommand, { delete: 'v', deletes: [{ q: {}, limit: 0 }] }],
      [findAndModifyCommand, { findAndModify: 'v', query: {}, remove: true }],
      [createIndexesCommand, { createIndexes: 'v', indexes: [{ key: { a: 1 }, name: 'a_1' }] }],
    ] as const) {
      expect((await runError(spec, cmd, ctx)).code).toBe(166);
    }
    expect(await listed('v')).toEqual({
      name: 'v',
      type: 'view',
      options: { viewOn: 'src', pipeline: [{ $match: { _id: { $gt: 1 } } }] },
      info: { readOnly: true },
    });
    await run(dropCommand, { drop: 'v' }, ctx);
    expect(await listed('v')).toBeUndefined();
    expect(ctx.engine.readDocuments('test', 'src', undefined)).toHaveLength(3);
  });

  it('rejects $out in a view pipeline', async () => {
    ctx = makeContext();
    expect(
      (await runError(createCommand, { create: 'v', viewOn: 's', pipeline: [{ $out: 'x' }] }, ctx)).code,
    ).toBe(167);
  });
});

describe('validators', () => {
  it('rejects invalid inserts and updates with 121 and errInfo; bypass and levels skip it', async () => {
    ctx = makeContext();
    await run(createCommand, { create: 'c', validator: { x: { $type: 'string' } } }, ctx);
    ctx.engine.insertDocument('test', 'c', { _id: 1, x: 'a' }, undefined);
    const reply = await run(insertCommand, { insert: 'c', documents: [{ _id: 2, x: 1 }] }, ctx);
    expect((reply['writeErrors'] as Doc[])[0]).toMatchObject({
      code: 121,
      errInfo: { failingDocumentId: 2 },
    });
    expect(
      await run(
        insertCommand,
        { insert: 'c', documents: [{ _id: 2, x: 1 }], bypassDocumentValidation: true },
        ctx,
      ),
    ).toEqual({ n: 1 });
    const error = await runError(
      findAndModifyCommand,
      { findAndModify: 'c', query: { _id: 1 }, update: { $set: { x: 1 } } },
      ctx,
    );
    expect(error.code).toBe(121);
    expect(error.extra['errInfo']).toMatchObject({ failingDocumentId: 1, details: { operatorName: '$and' } });
    // moderate: an already-invalid document (_id 2) may be updated, a valid one may not become invalid.
    await run(collModCommand, { collMod: 'c', validationLevel: 'moderate' }, ctx);
    expect(
      await run(updateCommand, { update: 'c', updates: [{ q: { _id: 2 }, u: { $set: { y: 1 } } }] }, ctx),
    ).toMatchObject({ nModified: 1 });
    const strictOnValid = await run(
      updateCommand,
      { update: 'c', updates: [{ q: { _id: 1 }, u: { $set: { x: 2 } } }] },
      ctx,
    );
    expect((strictOnValid['writeErrors'] as Doc[])[0]?.['code']).toBe(121);
    await run(collModCommand, { collMod: 'c', validationLevel: 'off' }, ctx);
    expect(
      await run(updateCommand, { update: 'c', updates: [{ q: { _id: 1 }, u: { $set: { x: 2 } } }] }, ctx),
    ).toMatchObject({ nModified: 1 });
    expect((await listed('c'))?.['options']).toEqual({
      validator: { x: { $type: 'string' } },
      validationLevel: 'off',
    });
  });

  it('supports $jsonSchema validators and warn', async () => {
    ctx = makeContext();
    await run(
      createCommand,
      { create: 'j', validator: { $jsonSchema: { required: ['a'] } }, validationAction: 'warn' },
      ctx,
    );
    expect(await run(insertCommand, { insert: 'j', documents: [{ _id: 1 }] }, ctx)).toEqual({ n: 1 });
    await run(collModCommand, { collMod: 'j', validationAction: 'error' }, ctx);
    const reply = await run(insertCommand, { insert: 'j', documents: [{ _id: 2 }] }, ctx);
    expect((reply['writeErrors'] as Doc[])[0]).toMatchObject({
      code: 121,
      errInfo: { details: { operatorName: '$jsonSchema' } },
    });
  });
});

describe('collection options', () => {
  it('stores time-series collections, lists their options and allows duplicate _ids', async () => {
    ctx = makeContext();
    await run(
      createCommand,
      {
        create: 'ts',
        timeseries: { timeField: 't', metaField: 'm', granularity: 'minutes' },
        expireAfterSeconds: 60,
      },
      ctx,
    );
    expect(await listed('ts')).toMatchObject({
      type: 'timeseries',
      options: {
        expireAfterSeconds: 60,
        timeseries: { timeField: 't', metaField: 'm', granularity: 'minutes', bucketMaxSpanSeconds: 86400 },
      },
    });
    const t = new Date(0);
    expect(
      await run(
        insertCommand,
        {
          insert: 'ts',
          documents: [
            { _id: 1, t },
            { _id: 1, t },
          ],
        },
        ctx,
      ),
    ).toEqual({ n: 2 });
    expect(firstBatch(await run(findCommand, { find: 'ts', filter: { _id: 1 } }, ctx))).toHaveLength(2);
    expect(await run(deleteCommand, { delete: 'ts', deletes: [{ q: { _id: 1 }, limit: 1 }] }, ctx)).toEqual({
      n: 1,
    });
    expect(ctx.engine.readDocuments('test', 'ts', undefined)).toHaveLength(1);
    ctx.engine.renameCollection('test', 'ts', 'test', 'ts2', false);
    expect(await run(deleteCommand, { delete: 'ts2', deletes: [{ q: { _id: 1 }, limit: 0 }] }, ctx)).toEqual({
      n: 1,
    });
    expect(ctx.engine.readDocuments('test', 'ts2', undefined)).toHaveLength(0);
    expect((await runError(createCommand, { create: 'bad', timeseries: { metaField: 'm' } }, ctx)).code).toBe(
      40414,
    );
  });

  it('accepts changeStreamPreAndPostImages on create and collMod', async () => {
    ctx = makeContext();
    await run(createCommand, { create: 'p', changeStreamPreAndPostImages: { enabled: false } }, ctx);
    await run(collModCommand, { collMod: 'p', changeStreamPreAndPostImages: { enabled: true } }, ctx);
    expect((await listed('p'))?.['options']).toEqual({ changeStreamPreAndPostImages: { enabled: true } });
  });

  it('converts an index to unique through prepareUnique', async () => {
    ctx = makeContext();
    ctx.engine.insertDocument('test', 'u', { _id: 1, x: 1 }, undefined);
    ctx.engine.insertDocument('test', 'u', { _id: 2, x: 1 }, undefined);
    await run(createIndexesCommand, { createIndexes: 'u', indexes: [{ key: { x: 1 }, name: 'x_1' }] }, ctx);
    expect(
      (await runError(collModCommand, { collMod: 'u', index: { name: 'x_1', unique: true } }, ctx)).code,
    ).toBe(72);
    await run(collModCommand, { collMod: 'u', index: { keyPattern: { x: 1 }, prepareUnique: true } }, ctx);
    const dup = await run(insertCommand, { insert: 'u', documents: [{ _id: 3, x: 1 }] }, ctx);
    expect((dup['writeErrors'] as Doc[])[0]?.['code']).toBe(11000);
    const error = await runError(
      collModCommand,
      { collMod: 'u', index: { keyPattern: { x: 1 }, unique: true } },
      ctx,
    );
    expect(error.code).toBe(359);
    expect(error.extra['violations']).toEqual([{ ids: [1, 2] }]);
    ctx.engine.deleteDocument('test', 'u', { _id: 2, x: 1 }, undefined);
    expect(
      await run(collModCommand, { collMod: 'u', index: { keyPattern: { x: 1 }, unique: true } }, ctx),
    ).toEqual({ unique_new: true });
    expect(ctx.engine.getCollection('test', 'u')?.indexes.get('x_1')?.definition.unique).toBe(true);
  });
});
