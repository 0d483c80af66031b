import { Int32 } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import { findAndModifyCommand } from '../../../../src/commands/crud/find-and-modify.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { parseIndexSpec } from '../../../../src/storage/index-definition.js';
import { makeContext, run, runError } from './harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

function seeded(): CommandContext {
  const context = makeContext();
  for (const [id, n] of [
    [1, 5],
    [2, 3],
    [3, 9],
  ] as const)
    context.engine.insertDocument('test', 'c', { _id: id, n }, undefined);
  return context;
}

describe('findAndModify', () => {
  it('updates the first document by sort and returns the old or new version', async () => {
    ctx = seeded();
    expect(
      await run(
        findAndModifyCommand,
        { findAndModify: 'c', query: {}, sort: { n: 1 }, update: { $inc: { n: 1 } } },
        ctx,
      ),
    ).toEqual({ lastErrorObject: { n: 1, updatedExisting: true }, value: { _id: 2, n: 3 } });
    expect(
      await run(
        findAndModifyCommand,
        { findAndModify: 'c', query: { _id: 2 }, update: { $inc: { n: 1 } }, new: true, fields: { _id: 0 } },
        ctx,
      ),
    ).toEqual({ lastErrorObject: { n: 1, updatedExisting: true }, value: { n: new Int32(5) } });
  });

  it('removes', async () => {
    ctx = seeded();
    expect(
      await run(findAndModifyCommand, { findAndModify: 'c', query: { n: 9 }, remove: true }, ctx),
    ).toEqual({ lastErrorObject: { n: 1 }, value: { _id: 3, n: 9 } });
    expect(
      await run(findAndModifyCommand, { findAndModify: 'c', query: { n: 9 }, remove: true }, ctx),
    ).toEqual({ lastErrorObject: { n: 0 }, value: null });
  });

  it('upserts and reports upserted', async () => {
    ctx = seeded();
    expect(
      await run(
        findAndModifyCommand,
        { findAndModify: 'c', query: { _id: 7 }, update: { $set: { n: 1 } }, upsert: true, new: true },
        ctx,
      ),
    ).toEqual({ lastErrorObject: { n: 1, updatedExisting: false, upserted: 7 }, value: { _id: 7, n: 1 } });
    expect(
      await run(
        findAndModifyCommand,
        { findAndModify: 'c', query: { _id: 8 }, update: { $set: { n: 1 } } },
        ctx,
      ),
    ).toEqual({ lastErrorObject: { n: 0, updatedExisting: false }, value: null });
  });

  it('supports pipeline updates', async () => {
    ctx = seeded();
    const reply = await run(
      findAndModifyCommand,
      {
        findAndModify: 'c',
        query: { _id: 1 },
        update: [{ $set: { twice: { $multiply: ['$n', 2] } } }],
        new: true,
      },
      ctx,
    );
    expect(reply['value']).toEqual({ _id: 1, n: 5, twice: new Int32(10) });
  });

  it('fails the command on E11000 and on conflicting options', async () => {
    ctx = seeded();
    ctx.engine
      .getCollection('test', 'c')
      ?.createIndex(parseIndexSpec({ key: { n: 1 }, name: 'n_1', unique: true }));
    const error = await runError(
      findAndModifyCommand,
      { findAndModify: 'c', query: { _id: 1 }, update: { $set: { n: 3 } } },
      ctx,
    );
    expect(error.code).toBe(11000);
    expect(error.extra).toEqual({ keyPattern: { n: 1 }, keyValue: { n: 3 } });
    expect(
      (
        await runError(
          findAndModifyCommand,
          { findAndModify: 'c', query: {}, remove: true, update: { $set: { a: 1 } } },
          ctx,
        )
      ).code,
    ).toBe(9);
    expect((await runError(findAndModifyCommand, { findAndModify: 'c', query: {} }, ctx)).code).toBe(9);
  });
});
