import { MongoServerError, type Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { MemoryServer } from '../../src/index.js';
import { useDriverHarness } from './harness.js';

describe('indexes through the driver', () => {
  let server: MemoryServer;
  let db: Db;
  useDriverHarness('idx', (h) => ({ server, db } = h));

  it('creates, lists and drops indexes', async () => {
    const c = db.collection('c');
    expect(await c.createIndex({ a: 1, b: -1 }, { unique: true })).toBe('a_1_b_-1');
    expect(
      await c.createIndexes([{ key: { t: 'text' } }, { key: { at: 1 }, expireAfterSeconds: 30 }]),
    ).toEqual(['t_text', 'at_1']);
    const indexes = await c.listIndexes().toArray();
    expect(indexes.map((i) => i['name'])).toEqual(['_id_', 'a_1_b_-1', 't_text', 'at_1']);
    expect(indexes[1]).toMatchObject({ v: 2, key: { a: 1, b: -1 }, unique: true });
    expect(await c.indexExists('at_1')).toBe(true);
    await c.dropIndex('at_1');
    await c.dropIndexes();
    expect((await c.listIndexes().toArray()).map((i) => i['name'])).toEqual(['_id_']);
  });

  it('reports conflicts and missing indexes with MongoDB codes', async () => {
    const c = db.collection('c');
    await c.createIndex({ a: 1 }, { name: 'custom' });
    await expect(c.createIndex({ a: 1 }, { name: 'other' })).rejects.toMatchObject({ code: 85 });
    await expect(c.createIndex({ b: 1 }, { name: 'custom' })).rejects.toMatchObject({ code: 86 });
    await expect(c.dropIndex('missing')).rejects.toMatchObject({ code: 27 });
    await expect(c.dropIndex('_id_')).rejects.toMatchObject({ code: 72 });
    await expect(db.collection('nope').listIndexes().toArray()).rejects.toBeInstanceOf(MongoServerError);
  });

  it('fails to build a unique index over duplicates', async () => {
    const c = db.collection('d');
    await c.insertMany([{ a: 1 }, { a: 1 }]);
    await expect(c.createIndex({ a: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect(await c.indexExists('a_1')).toBe(false);
  });

  it('enforces sparse, partial and multikey unique indexes', async () => {
    const c = db.collection('m');
    await c.createIndex({ tags: 1 }, { unique: true });
    await c.insertOne({ tags: ['x', 'y'] });
    await expect(c.insertOne({ tags: ['y'] })).rejects.toMatchObject({
      code: 11000,
      keyValue: { tags: 'y' },
    });
    const p = db.collection('p');
    await p.createIndex(
      { email: 1 },
      { unique: true, partialFilterExpression: { email: { $exists: true } } },
    );
    await p.insertMany([{}, {}, { email: 'a' }]);
    await expect(p.insertOne({ email: 'a' })).rejects.toMatchObject({ code: 11000 });
  });

  it('updates TTL with collMod', async () => {
    const c = db.collection('ttl');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
    const reply = await db.command({
      collMod: 'ttl',
      index: { keyPattern: { at: 1 }, expireAfterSeconds: 5 },
    });
    expect(reply).toMatchObject({ ok: 1, expireAfterSeconds_old: 3600, expireAfterSeconds_new: 5 });
  });

  it('reaps expired documents of a TTL index', async () => {
    const c = db.collection('sessions');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    await c.insertMany([{ at: new Date(Date.now() - 120_000) }, { at: new Date() }, { at: 'not a date' }]);
    expect(server.engine.runTtlPass(Date.now())).toBe(1);
    expect(await c.countDocuments()).toBe(2);
  });

  it('returns index-scan results in key order, as mongod does', async () => {
    const c = db.collection('ordered');
    await c.createIndex({ rank: -1 });
    await c.insertMany([{ rank: 2 }, { rank: 9 }, { rank: 5 }]);
    expect((await c.find({ rank: { $gte: 0 } }).toArray()).map((d) => d['rank'])).toEqual([9, 5, 2]);
    expect((await c.find({}).toArray()).map((d) => d['rank'])).toEqual([2, 9, 5]);
  });
});
