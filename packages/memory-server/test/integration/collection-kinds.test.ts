import { MongoServerError, type Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useDriverHarness } from './harness.js';

describe('collation, views and time series through the driver', () => {
  let db: Db;
  useDriverHarness('kinds', (h) => ({ db } = h));

  it('applies a collation to find, countDocuments, distinct and updates', async () => {
    const c = db.collection<{ _id: number; x: string }>('c');
    await c.insertMany([
      { _id: 1, x: 'ping' },
      { _id: 2, x: 'PING' },
      { _id: 3, x: 'pong' },
    ]);
    const collation = { locale: 'en_US', strength: 2 };
    expect(await c.find({ x: 'Ping' }, { collation }).toArray()).toHaveLength(2);
    expect(await c.countDocuments({ x: 'PING' }, { collation })).toBe(2);
    expect(await c.distinct('x', {}, { collation })).toHaveLength(2);
    expect((await c.updateMany({ x: 'ping' }, { $set: { y: 1 } }, { collation })).modifiedCount).toBe(2);
    const error = await c
      .find({}, { collation: { locale: 'not_a_locale_zz' } })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(2);
  });

  it('reads a view and refuses writes to it', async () => {
    await db.collection('src').insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as never[]);
    await db.createCollection('v', { viewOn: 'src', pipeline: [{ $match: { _id: { $gt: 1 } } }] });
    const v = db.collection('v');
    expect(await v.estimatedDocumentCount()).toBe(2);
    expect(await v.find().sort({ _id: -1 }).toArray()).toEqual([{ _id: 3 }, { _id: 2 }]);
    await expect(v.insertOne({ _id: 9 } as never)).rejects.toMatchObject({ code: 166 });
    const [info] = await db.listCollections({ name: 'v' }).toArray();
    expect(info).toMatchObject({ type: 'view', options: { viewOn: 'src' } });
    expect(await v.drop()).toBe(true);
  });

  it('creates a time-series collection that lists as such', async () => {
    await db.createCollection('ts', {
      timeseries: { timeField: 't', metaField: 'm' },
      expireAfterSeconds: 3600,
    });
    const [info] = await db.listCollections({ name: 'ts' }).toArray();
    expect(info).toMatchObject({
      type: 'timeseries',
      options: { timeseries: { timeField: 't', metaField: 'm', granularity: 'seconds' } },
    });
    await db.collection('ts').insertMany([
      { _id: 1, t: new Date() },
      { _id: 1, t: new Date() },
    ] as never[]);
    expect(await db.collection('ts').countDocuments()).toBe(2);
  });
});
