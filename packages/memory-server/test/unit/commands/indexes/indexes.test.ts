import { afterEach, describe, expect, it } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { createIndexesCommand } from '../../../../src/commands/indexes/create-indexes.js';
import { dropIndexesCommand } from '../../../../src/commands/indexes/drop-indexes.js';
import { listIndexesCommand } from '../../../../src/commands/indexes/list-indexes.js';
import { firstBatch, makeContext, run, runError } from '../crud/harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

describe('createIndexes', () => {
  it('creates indexes, creating the collection, and notes existing ones', async () => {
    ctx = makeContext();
    expect(
      await run(
        createIndexesCommand,
        { createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'a_1', unique: true }] },
        ctx,
      ),
    ).toEqual({ numIndexesBefore: 1, numIndexesAfter: 2, createdCollectionAutomatically: true });
    expect(
      await run(
        createIndexesCommand,
        { createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'a_1', unique: true }] },
        ctx,
      ),
    ).toEqual({
      numIndexesBefore: 2,
      numIndexesAfter: 2,
      createdCollectionAutomatically: false,
      note: 'all indexes already exist',
    });
  });

  it('fails with 11000 over duplicates and 85/86 on conflicts, creating nothing', async () => {
    ctx = makeContext();
    ctx.engine.insertDocument('test', 'c', { _id: 1, a: 1 }, undefined);
    ctx.engine.insertDocument('test', 'c', { _id: 2, a: 1 }, undefined);
    expect(
      (
        await runError(
          createIndexesCommand,
          {
            createIndexes: 'c',
            indexes: [
              { key: { b: 1 }, name: 'b_1' },
              { key: { a: 1 }, name: 'a_1', unique: true },
            ],
          },
          ctx,
        )
      ).code,
    ).toBe(11000);
    expect(ctx.engine.getCollection('test', 'c')?.indexes.size).toBe(1);
    await run(createIndexesCommand, { createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'a_1' }] }, ctx);
    expect(
      (
        await runError(
          createIndexesCommand,
          { createIndexes: 'c', indexes: [{ key: { b: 1 }, name: 'a_1' }] },
          ctx,
        )
      ).code,
    ).toBe(86);
    expect(
      (
        await runError(
          createIndexesCommand,
          { createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'other' }] },
          ctx,
        )
      ).code,
    ).toBe(85);
  });

  it('accepts text, 2dsphere and hashed as metadata', async () => {
    ctx = makeContext();
    await run(
      createIndexesCommand,
      {
        createIndexes: 'c',
        indexes: [
          { key: { body: 'text' }, name: 'body_text' },
          { key: { loc: '2dsphere' }, name: 'loc_2dsphere' },
          { key: { h: 'hashed' }, name: 'h_hashed' },
        ],
      },
      ctx,
    );
    expect(ctx.engine.getCollection('test', 'c')?.indexes.size).toBe(4);
  });
});

describe('listIndexes / dropIndexes', () => {
  it('lists specs and fails with 26 on a missing collection', async () => {
    ctx = makeContext();
    await run(
      createIndexesCommand,
      { createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'a_1', sparse: true }] },
      ctx,
    );
    const reply = await run(listIndexesCommand, { listIndexes: 'c' }, ctx);
    expect(firstBatch(reply)).toEqual([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { a: 1 }, name: 'a_1', sparse: true },
    ]);
    expect((reply['cursor'] as Doc)['ns']).toBe('test.$cmd.listIndexes.c');
    expect((await runError(listIndexesCommand, { listIndexes: 'missing' }, ctx)).code).toBe(26);
  });

  it('drops by name, key, array and *, with 27 and 72', async () => {
    ctx = makeContext();
    await run(
      createIndexesCommand,
      {
        createIndexes: 'c',
        indexes: [1, 2, 3, 4].map((n) => ({ key: { [`f${String(n)}`]: 1 }, name: `f${String(n)}_1` })),
      },
      ctx,
    );
    expect(await run(dropIndexesCommand, { dropIndexes: 'c', index: 'f1_1' }, ctx)).toEqual({
      nIndexesWas: 5,
    });
    expect(await run(dropIndexesCommand, { dropIndexes: 'c', index: { f2: 1 } }, ctx)).toEqual({
      nIndexesWas: 4,
    });
    expect((await runError(dropIndexesCommand, { dropIndexes: 'c', index: 'nope' }, ctx)).code).toBe(27);
    expect((await runError(dropIndexesCommand, { dropIndexes: 'c', index: '_id_' }, ctx)).code).toBe(72);
    expect(await run(dropIndexesCommand, { dropIndexes: 'c', index: ['f3_1'] }, ctx)).toEqual({
      nIndexesWas: 3,
    });
    expect(await run(dropIndexesCommand, { dropIndexes: 'c', index: '*' }, ctx)).toMatchObject({
      nIndexesWas: 2,
    });
    expect(ctx.engine.getCollection('test', 'c')?.indexes.size).toBe(1);
  });
});
