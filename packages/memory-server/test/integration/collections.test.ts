import type { MongoClient, Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useDriverHarness } from './harness.js';

describe('collections through the driver', () => {
  let client: MongoClient;
  let db: Db;
  useDriverHarness('coll', (h) => ({ client, db } = h));

  it('creates, lists, renames and drops collections', async () => {
    await db.createCollection('a');
    await db.createCollection('log', { capped: true, size: 8192, max: 2 });
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort()).toEqual([
      'a',
      'log',
    ]);
    const [log] = await db.listCollections({ name: 'log' }).toArray();
    expect(log).toMatchObject({ name: 'log', type: 'collection', options: { capped: true, max: 2 } });
    await db.collection('a').insertOne({ x: 1 });
    await db.renameCollection('a', 'b');
    expect(await db.collection('b').countDocuments()).toBe(1);
    expect(await db.collection('b').drop()).toBe(true);
    expect(await db.collection('missing').drop()).toBe(true);
  });

  it('caps a capped collection', async () => {
    const log = await db.createCollection('log', { capped: true, size: 8192, max: 2 });
    await log.insertMany([{ i: 1 }, { i: 2 }, { i: 3 }]);
    expect((await log.find().toArray()).map((d) => d['i'])).toEqual([2, 3]);
    expect(await log.isCapped()).toBe(true);
  });

  it('reports stats and lists databases', async () => {
    await db.collection('s').insertMany([{ a: 1 }, { a: 2 }]);
    const stats = await db.stats();
    expect(stats).toMatchObject({ collections: 1, objects: 2 });
    const coll = await db.command({ collStats: 's' });
    expect(coll).toMatchObject({ count: 2, nindexes: 1, capped: false });
    const { databases } = await client.db('admin').admin().listDatabases();
    expect(databases.map((d) => d.name)).toContain(db.databaseName);
    await db.dropDatabase();
    const after = await client.db('admin').admin().listDatabases({ nameOnly: true });
    expect(after.databases.map((d) => d.name)).not.toContain(db.databaseName);
  });

  it('enforces validators unless bypassed', async () => {
    const v = await db.createCollection('v', { validator: { a: { $exists: true } } });
    await expect(v.insertOne({ b: 1 })).rejects.toMatchObject({ code: 121 });
    await v.insertOne({ b: 1 }, { bypassDocumentValidation: true });
    await v.insertOne({ _id: 2, a: 1 } as never);
    await expect(v.updateOne({ _id: 2 } as never, { $unset: { a: '' } })).rejects.toMatchObject({
      code: 121,
    });
    await db.command({ collMod: 'v', validationAction: 'warn' });
    await v.updateOne({ _id: 2 } as never, { $unset: { a: '' } });
    expect(await v.countDocuments()).toBe(2);
  });
});
