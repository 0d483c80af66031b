import { Int32 } from 'bson';
import { ObjectId } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import { updateCommand } from '../../../../src/commands/crud/update.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { parseIndexSpec } from '../../../../src/storage/index-definition.js';
import { makeContext, run, runError } from './harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

function seeded(): CommandContext {
  const context = makeContext();
  context.engine.insertDocument(
    'test',
    'c',
    {
      _id: 1,
      a: 1,
      items: [
        { k: 'x', v: 1 },
        { k: 'y', v: 2 },
      ],
    },
    undefined,
  );
  context.engine.insertDocument('test', 'c', { _id: 2, a: 1 }, undefined);
  context.engine.insertDocument('test', 'c', { _id: 3, a: 2 }, undefined);
  return context;
}

const docs = (): Doc[] => ctx.engine.readDocuments('test', 'c', undefined);

describe('update', () => {
  it('updates one or many and counts nModified', async () => {
    ctx = seeded();
    expect(
      await run(updateCommand, { update: 'c', updates: [{ q: { a: 1 }, u: { $set: { b: 1 } } }] }, ctx),
    ).toEqual({ n: 1, nModified: 1 });
    expect(
      await run(
        updateCommand,
        { update: 'c', updates: [{ q: { a: 1 }, u: { $set: { b: 1 } }, multi: true }] },
        ctx,
      ),
    ).toEqual({ n: 2, nModified: 1 });
  });

  it('upserts with upserted [{ index, _id }] using the filter equalities', async () => {
    ctx = seeded();
    const reply = await run(
      updateCommand,
      {
        update: 'c',
        updates: [
          { q: { _id: 1 }, u: { $set: { z: 1 } } },
          { q: { name: 'new' }, u: { $set: { age: 3 }, $setOnInsert: { created: true } }, upsert: true },
        ],
      },
      ctx,
    );
    expect(reply['n']).toBe(2);
    expect(reply['nModified']).toBe(1);
    const upserted = reply['upserted'] as Doc[];
    expect(upserted).toHaveLength(1);
    expect(upserted[0]?.['index']).toBe(1);
    expect(upserted[0]?.['_id']).toBeInstanceOf(ObjectId);
    expect(docs().at(-1)).toMatchObject({ name: 'new', age: 3, created: true });
  });

  it('replaces documents keeping _id and refuses to change _id', async () => {
    ctx = seeded();
    await run(updateCommand, { update: 'c', updates: [{ q: { _id: 2 }, u: { fresh: true } }] }, ctx);
    expect(docs()[1]).toEqual({ _id: 2, fresh: true });
    const reply = await run(
      updateCommand,
      { update: 'c', updates: [{ q: { _id: 2 }, u: { $set: { _id: 9 } } }] },
      ctx,
    );
    expect((reply['writeErrors'] as Doc[])[0]?.['code']).toBe(66);
  });

  it('applies the positional operator and arrayFilters', async () => {
    ctx = seeded();
    await run(
      updateCommand,
      { update: 'c', updates: [{ q: { _id: 1, 'items.k': 'y' }, u: { $set: { 'items.$.v': 20 } } }] },
      ctx,
    );
    await run(
      updateCommand,
      {
        update: 'c',
        updates: [{ q: { _id: 1 }, u: { $inc: { 'items.$[e].v': 100 } }, arrayFilters: [{ 'e.k': 'x' }] }],
      },
      ctx,
    );
    expect(docs()[0]?.['items']).toEqual([
      { k: 'x', v: new Int32(101) },
      { k: 'y', v: 20 },
    ]);
  });

  it('reports E11000 as a write error and keeps going when unordered', async () => {
    ctx = seeded();
    ctx.engine
      .getCollection('test', 'c')
      ?.createIndex(parseIndexSpec({ key: { u: 1 }, name: 'u_1', unique: true, sparse: true }));
    const reply = await run(
      updateCommand,
      {
        update: 'c',
        ordered: false,
        updates: [
          { q: { _id: 1 }, u: { $set: { u: 'same' } } },
          { q: { _id: 2 }, u: { $set: { u: 'same' } } },
          { q: { _id: 3 }, u: { $set: { u: 'other' } } },
        ],
      },
      ctx,
    );
    expect(reply['n']).toBe(2);
    const [error] = reply['writeErrors'] as Doc[];
    expect(error).toMatchObject({ index: 1, code: 11000, keyPattern: { u: 1 }, keyValue: { u: 'same' } });
  });

  it('rejects multi replacement', async () => {
    ctx = seeded();
    const reply = await run(
      updateCommand,
      { update: 'c', updates: [{ q: {}, u: { x: 1 }, multi: true }] },
      ctx,
    );
    expect((reply['writeErrors'] as Doc[])[0]?.['code']).toBe(9);
  });

  it('fails the command for statement fields 7.0 does not know (sort)', async () => {
    ctx = seeded();
    const error = await runError(
      updateCommand,
      { update: 'c', updates: [{ q: {}, u: { $set: { a: 9 } }, sort: { _id: -1 } }] },
      ctx,
    );
    expect(error.code).toBe(40415);
    expect(docs().some((doc) => doc['a'] === 9)).toBe(false);
  });

  it('evaluates let variables once', async () => {
    ctx = seeded();
    await run(
      updateCommand,
      {
        update: 'c',
        let: { v: { $literal: '$x' } },
        updates: [{ q: { _id: 3 }, u: [{ $set: { y: '$$v' } }] }],
      },
      ctx,
    );
    expect(docs()[2]).toEqual({ _id: 3, a: 2, y: '$x' });
  });
});
