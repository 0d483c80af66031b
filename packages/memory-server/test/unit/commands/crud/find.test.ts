import type { Long } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import { findCommand } from '../../../../src/commands/crud/find.js';
import { getMoreCommand } from '../../../../src/commands/crud/get-more.js';
import { killCursorsCommand } from '../../../../src/commands/crud/kill-cursors.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { parseIndexSpec } from '../../../../src/storage/index-definition.js';
import { firstBatch, makeContext, run, runError } from './harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

function seed(count: number): CommandContext {
  const context = makeContext();
  for (let i = 0; i < count; i++)
    context.engine.insertDocument('test', 'c', { _id: i, n: count - i, even: i % 2 === 0 }, undefined);
  return context;
}

describe('find', () => {
  it('filters, sorts, skips, limits and projects', async () => {
    ctx = seed(10);
    const reply = await run(
      findCommand,
      { find: 'c', filter: { even: true }, sort: { n: 1 }, skip: 1, limit: 2, projection: { n: 1, _id: 0 } },
      ctx,
    );
    expect(firstBatch(reply)).toEqual([{ n: 4 }, { n: 6 }]);
    expect((reply['cursor'] as Doc)['ns']).toBe('test.c');
    expect(((reply['cursor'] as Doc)['id'] as Long).isZero()).toBe(true);
  });

  it('pages with batchSize and getMore, then kills', async () => {
    ctx = seed(25);
    const reply = await run(findCommand, { find: 'c', batchSize: 10 }, ctx);
    const id = (reply['cursor'] as Doc)['id'] as Long;
    expect(firstBatch(reply)).toHaveLength(10);
    const more = await run(getMoreCommand, { getMore: id, collection: 'c', batchSize: 10 }, ctx);
    expect(((more['cursor'] as Doc)['nextBatch'] as Doc[])[0]).toEqual({ _id: 10, n: 15, even: true });
    const killed = await run(killCursorsCommand, { killCursors: 'c', cursors: [id] }, ctx);
    expect(killed['cursorsKilled']).toEqual([id]);
    expect((await runError(getMoreCommand, { getMore: id, collection: 'c' }, ctx)).code).toBe(43);
  });

  it('treats a negative limit as a single batch', async () => {
    ctx = seed(10);
    const reply = await run(findCommand, { find: 'c', limit: -3 }, ctx);
    expect(firstBatch(reply)).toHaveLength(3);
    expect(((reply['cursor'] as Doc)['id'] as Long).isZero()).toBe(true);
  });

  it('returns nothing for a missing collection', async () => {
    ctx = makeContext();
    expect(firstBatch(await run(findCommand, { find: 'none', filter: { a: 1 } }, ctx))).toEqual([]);
  });

  it('rejects an unknown hint and accepts a known one', async () => {
    ctx = seed(3);
    ctx.engine.getCollection('test', 'c')?.createIndex(parseIndexSpec({ key: { n: 1 }, name: 'n_1' }));
    const error = await runError(findCommand, { find: 'c', hint: 'nope_1' }, ctx);
    expect(error.code).toBe(2);
    expect(error.message).toContain('hint provided does not correspond to an existing index');
    expect(
      firstBatch(await run(findCommand, { find: 'c', filter: { n: 2 }, hint: { n: 1 } }, ctx)),
    ).toHaveLength(1);
  });

  it('rejects a negative skip', async () => {
    ctx = seed(1);
    expect((await runError(findCommand, { find: 'c', skip: -1 }, ctx)).code).toBe(51024);
  });
});
