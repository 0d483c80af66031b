import { Double, Int32, Timestamp } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import { findAndModifyCommand } from '../../../../src/commands/crud/find-and-modify.js';
import { updateCommand } from '../../../../src/commands/crud/update.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { makeContext, run, runError } from './harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

function codeOf(reply: Doc): unknown {
  return (reply['writeErrors'] as Doc[] | undefined)?.[0]?.['code'];
}

describe('updates delegate to query/update', () => {
  it('refuses a replacement upsert whose _id differs from the filter _id (66)', async () => {
    ctx = makeContext();
    const reply = await run(
      updateCommand,
      { update: 'c', updates: [{ q: { _id: 1 }, u: { _id: 2, a: 1 }, upsert: true }] },
      ctx,
    );
    expect(codeOf(reply)).toBe(66);
    expect(ctx.engine.readDocuments('test', 'c', undefined)).toEqual([]);
    const fam = await runError(
      findAndModifyCommand,
      { findAndModify: 'c', query: { _id: 1 }, update: { _id: 2 }, upsert: true },
      ctx,
    );
    expect(fam.code).toBe(66);
  });

  it('keeps the filter _id for a replacement upsert without one, and stamps empty timestamps', async () => {
    ctx = makeContext();
    const zero = new Timestamp({ t: 0, i: 0 });
    await run(
      updateCommand,
      { update: 'c', updates: [{ q: { _id: 7, x: 1 }, u: { ts: zero }, upsert: true }] },
      ctx,
    );
    const [doc] = ctx.engine.readDocuments('test', 'c', undefined);
    expect(doc?.['_id']).toBe(7);
    expect(doc?.['x']).toBeUndefined();
    expect((doc?.['ts'] as Timestamp).isZero()).toBe(false);
    await run(updateCommand, { update: 'c', updates: [{ q: { _id: 7 }, u: { ts: zero, y: 1 } }] }, ctx);
    const [after] = ctx.engine.readDocuments('test', 'c', undefined);
    expect((after?.['ts'] as Timestamp).isZero()).toBe(false);
    expect(after?.['y']).toBe(1);
  });

  it('compares _id by exact BSON type for operator updates, by value for replacements', async () => {
    ctx = makeContext();
    ctx.engine.insertDocument('test', 'c', { _id: new Int32(1), a: 1 }, undefined);
    const setDouble = await run(
      updateCommand,
      { update: 'c', updates: [{ q: {}, u: { $set: { _id: new Double(1) } } }] },
      ctx,
    );
    expect(codeOf(setDouble)).toBe(66);
    const setSame = await run(
      updateCommand,
      { update: 'c', updates: [{ q: {}, u: { $set: { _id: new Int32(1), b: 1 } } }] },
      ctx,
    );
    expect(setSame).toMatchObject({ n: 1, nModified: 1 });
    const replaceOther = await run(updateCommand, { update: 'c', updates: [{ q: {}, u: { _id: 2 } }] }, ctx);
    expect(codeOf(replaceOther)).toBe(66);
  });
});
