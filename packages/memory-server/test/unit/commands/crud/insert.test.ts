import { afterEach, describe, expect, it } from 'vitest';
import { insertCommand } from '../../../../src/commands/crud/insert.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { parseIndexSpec } from '../../../../src/storage/index-definition.js';
import { makeContext, run, runError } from './harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

describe('insert', () => {
  it('inserts and replies with n', async () => {
    ctx = makeContext();
    expect(await run(insertCommand, { insert: 'c', documents: [{ _id: 1 }, { _id: 2 }] }, ctx)).toEqual({
      n: 2,
    });
    expect(ctx.engine.readDocuments('test', 'c', undefined)).toEqual([{ _id: 1 }, { _id: 2 }]);
  });

  it('stops an ordered batch at the first error with index/code/keyPattern/keyValue', async () => {
    ctx = makeContext();
    const reply = await run(
      insertCommand,
      { insert: 'c', documents: [{ _id: 1 }, { _id: 1 }, { _id: 2 }] },
      ctx,
    );
    expect(reply['n']).toBe(1);
    expect(reply['writeErrors']).toEqual([
      {
        index: 1,
        code: 11000,
        errmsg: 'E11000 duplicate key error collection: test.c index: _id_ dup key: { _id: 1 }',
        keyPattern: { _id: 1 },
        keyValue: { _id: 1 },
      },
    ]);
  });

  it('continues an unordered batch', async () => {
    ctx = makeContext();
    ctx.engine
      .ensureCollection('test', 'c')
      .collection.createIndex(parseIndexSpec({ key: { a: 1 }, name: 'a_1', unique: true }));
    const reply = await run(
      insertCommand,
      { insert: 'c', ordered: false, documents: [{ a: 1 }, { a: 1 }, { _id: [1] }, { a: 2 }] },
      ctx,
    );
    expect(reply['n']).toBe(2);
    expect((reply['writeErrors'] as { index: number; code: number }[]).map((e) => [e.index, e.code])).toEqual(
      [
        [1, 11000],
        [2, 53],
      ],
    );
  });

  it('rejects empty batches and bad namespaces', async () => {
    ctx = makeContext();
    expect((await runError(insertCommand, { insert: 'c', documents: [] }, ctx)).code).toBe(16);
    expect((await runError(insertCommand, { insert: 'a$b', documents: [{}] }, ctx)).code).toBe(73);
  });
});
