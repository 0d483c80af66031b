import { Int32 } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import { countCommand } from '../../../../src/commands/crud/count.js';
import { distinctCommand } from '../../../../src/commands/crud/distinct.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { makeContext, run } from './harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

describe('count', () => {
  it('counts with query, skip and limit, and 0 for a missing collection', async () => {
    ctx = makeContext();
    for (let i = 0; i < 10; i++) ctx.engine.insertDocument('test', 'c', { _id: i, big: i >= 4 }, undefined);
    expect(await run(countCommand, { count: 'c' }, ctx)).toEqual({ n: 10 });
    expect(await run(countCommand, { count: 'c', query: { big: true } }, ctx)).toEqual({ n: 6 });
    expect(await run(countCommand, { count: 'c', query: { big: true }, skip: 2, limit: 3 }, ctx)).toEqual({
      n: 3,
    });
    expect(await run(countCommand, { count: 'c', skip: 8, limit: 5 }, ctx)).toEqual({ n: 2 });
    expect(await run(countCommand, { count: 'missing' }, ctx)).toEqual({ n: 0 });
  });
  it('is not allowed in transactions', () => {
    expect(countCommand.allowedInTransaction).toBe(false);
  });
});

describe('distinct', () => {
  it('unwinds arrays, deduplicates by MongoDB equality and sorts in BSON order', async () => {
    ctx = makeContext();
    ctx.engine.insertDocument('test', 'c', { _id: 1, tags: ['b', 'a'], n: 2 }, undefined);
    ctx.engine.insertDocument('test', 'c', { _id: 2, tags: 'c', n: new Int32(2) }, undefined);
    ctx.engine.insertDocument('test', 'c', { _id: 3, n: 1 }, undefined);
    expect(await run(distinctCommand, { distinct: 'c', key: 'tags' }, ctx)).toEqual({
      values: ['a', 'b', 'c'],
    });
    expect((await run(distinctCommand, { distinct: 'c', key: 'n' }, ctx))['values']).toHaveLength(2);
    expect(await run(distinctCommand, { distinct: 'c', key: 'tags', query: { n: 1 } }, ctx)).toEqual({
      values: [],
    });
  });
});
