import { afterEach, describe, expect, it } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import { deleteCommand } from '../../../../src/commands/crud/delete.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { makeContext, run } from './harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

describe('delete', () => {
  it('deletes one with limit 1 and all with limit 0', async () => {
    ctx = makeContext();
    for (let i = 0; i < 5; i++)
      ctx.engine.insertDocument('test', 'c', { _id: i, odd: i % 2 === 1 }, undefined);
    expect(
      await run(deleteCommand, { delete: 'c', deletes: [{ q: { odd: false }, limit: 1 }] }, ctx),
    ).toEqual({ n: 1 });
    expect(
      await run(deleteCommand, { delete: 'c', deletes: [{ q: { odd: false }, limit: 0 }] }, ctx),
    ).toEqual({ n: 2 });
    expect(ctx.engine.readDocuments('test', 'c', undefined).map((d) => d['_id'])).toEqual([1, 3]);
  });

  it('reports an invalid limit as a write error', async () => {
    ctx = makeContext();
    const reply = await run(deleteCommand, { delete: 'c', deletes: [{ q: {}, limit: 2 }] }, ctx);
    expect((reply['writeErrors'] as Doc[])[0]).toMatchObject({ index: 0, code: 9 });
  });
});
