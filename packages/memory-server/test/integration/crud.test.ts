import { Decimal128, Int32, Long, MongoBulkWriteError, MongoServerError, ObjectId, type Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useDriverHarness } from './harness.js';

describe('CRUD through the driver', () => {
  let db: Db;
  useDriverHarness('crud', (h) => ({ db } = h));

  it('inserts and finds with filter, sort, skip, limit and projection', async () => {
    const users = db.collection('users');
    const result = await users.insertMany([
      { name: 'ann', age: 31 },
      { name: 'bob', age: 25 },
      { name: 'cy', age: 40 },
    ]);
    expect(result.insertedCount).toBe(3);
    expect(Object.values(result.insertedIds).every((id) => id instanceof ObjectId)).toBe(true);
    const found = await users
      .find({ age: { $gte: 26 } }, { projection: { _id: 0, name: 1 } })
      .sort({ age: -1 })
      .limit(5)
      .toArray();
    expect(found).toEqual([{ name: 'cy' }, { name: 'ann' }]);
    expect(await users.findOne({ name: 'bob' }, { projection: { age: 1, _id: 0 } })).toEqual({ age: 25 });
    expect((await users.find().skip(1).limit(1).toArray()).map((u) => u['name'])).toEqual(['bob']);
  });

  it('keeps BSON number types through a round trip', async () => {
    const c = db.collection('types');
    await c.insertOne({
      _id: 1,
      i: new Int32(1),
      l: Long.fromNumber(2),
      d: Decimal128.fromString('1.5'),
      f: 1.5,
    } as never);
    const doc = await c.findOne({ _id: 1 } as never, { promoteValues: false });
    expect(doc?.['i']).toBeInstanceOf(Int32);
    expect(doc?.['l']).toBeInstanceOf(Long);
    expect(doc?.['d']).toBeInstanceOf(Decimal128);
  });

  it('surfaces E11000 as MongoServerError with keyPattern and keyValue', async () => {
    const c = db.collection('dups');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ email: 'a@b.c' });
    const error = await c.insertOne({ email: 'a@b.c' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(11000);
    expect((error as MongoServerError)['keyValue']).toEqual({ email: 'a@b.c' });
    expect((error as MongoServerError)['keyPattern']).toEqual({ email: 1 });
    expect((error as MongoServerError).message).toContain('index: email_1 dup key: { email: "a@b.c" }');
    const bulk = await c
      .insertMany([{ email: 'x' }, { email: 'x' }], { ordered: false })
      .catch((e: unknown) => e);
    expect(bulk).toBeInstanceOf(MongoBulkWriteError);
    expect((bulk as MongoBulkWriteError).result.insertedCount).toBe(1);
  });

  it('updates, upserts, replaces and deletes', async () => {
    const c = db.collection('u');
    await c.insertMany([
      { _id: 1, n: 1, tags: ['a'] },
      { _id: 2, n: 2 },
    ] as never[]);
    const one = await c.updateOne({ _id: 1 } as never, { $inc: { n: 1 }, $push: { tags: 'b' } } as never);
    expect([one.matchedCount, one.modifiedCount]).toEqual([1, 1]);
    const many = await c.updateMany({}, { $set: { flag: true } });
    expect([many.matchedCount, many.modifiedCount]).toEqual([2, 2]);
    const noop = await c.updateOne({ _id: 1 } as never, { $set: { flag: true } });
    expect(noop.modifiedCount).toBe(0);
    const upsert = await c.updateOne({ _id: 9 } as never, { $setOnInsert: { made: true } }, { upsert: true });
    expect(upsert.upsertedId).toBe(9);
    expect(await c.findOne({ _id: 9 } as never)).toEqual({ _id: 9, made: true });
    await c.replaceOne({ _id: 2 } as never, { replaced: true });
    expect(await c.findOne({ _id: 2 } as never)).toEqual({ _id: 2, replaced: true });
    expect((await c.deleteOne({ _id: 2 } as never)).deletedCount).toBe(1);
    expect((await c.deleteMany({})).deletedCount).toBe(2);
  });

  it('runs findOneAndUpdate / Replace / Delete', async () => {
    const c = db.collection('fam');
    await c.insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 2 },
    ] as never[]);
    const after = await c.findOneAndUpdate(
      { _id: 1 } as never,
      { $inc: { n: 10 } },
      { returnDocument: 'after' },
    );
    expect(after).toEqual({ _id: 1, n: 11 });
    const before = await c.findOneAndReplace({ _id: 2 } as never, { m: 1 });
    expect(before).toEqual({ _id: 2, n: 2 });
    const removed = await c.findOneAndDelete({}, { sort: { _id: -1 } });
    expect(removed).toEqual({ _id: 2, m: 1 });
    const upserted = await c.findOneAndUpdate(
      { _id: 3 } as never,
      { $set: { n: 3 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(upserted.lastErrorObject?.['upserted']).toBe(3);
  });

  it('counts, estimates and lists distinct values', async () => {
    const c = db.collection('count');
    await c.insertMany(Array.from({ length: 12 }, (_, i) => ({ i, tag: [`t${String(i % 3)}`, 'all'] })));
    expect(await c.estimatedDocumentCount()).toBe(12);
    expect(await c.countDocuments({ i: { $lt: 5 } })).toBe(5);
    expect(await c.countDocuments({}, { skip: 10, limit: 5 })).toBe(2);
    expect(await c.distinct('tag')).toEqual(['all', 't0', 't1', 't2']);
  });

  it('aggregates with $group, $lookup and $out', async () => {
    await db.collection('orders').insertMany([
      { sku: 'a', qty: 2 },
      { sku: 'b', qty: 1 },
      { sku: 'a', qty: 3 },
    ]);
    await db.collection('items').insertOne({ _id: 'a', name: 'Apple' } as never);
    const grouped = await db
      .collection('orders')
      .aggregate([
        { $group: { _id: '$sku', total: { $sum: '$qty' } } },
        { $sort: { _id: 1 } },
        { $lookup: { from: 'items', localField: '_id', foreignField: '_id', as: 'item' } },
      ])
      .toArray();
    expect(grouped).toEqual([
      { _id: 'a', total: 5, item: [{ _id: 'a', name: 'Apple' }] },
      { _id: 'b', total: 1, item: [] },
    ]);
    await db
      .collection('orders')
      .aggregate([{ $match: { sku: 'b' } }, { $out: 'only_b' }])
      .toArray();
    expect(await db.collection('only_b').countDocuments()).toBe(1);
  });

  it('explains a find with IXSCAN when an index applies', async () => {
    const c = db.collection('ex');
    await c.createIndex({ email: 1 });
    await c.insertMany([{ email: 'a' }, { email: 'b' }]);
    const plan = await c.find({ email: 'a' }).explain('executionStats');
    expect(JSON.stringify(plan['queryPlanner'])).toContain('"indexName":"email_1"');
    expect(plan['executionStats']?.nReturned).toBe(1);
    const scan = await c.find({ other: 1 }).explain();
    expect(JSON.stringify(scan['queryPlanner'])).toContain('COLLSCAN');
  });
});
