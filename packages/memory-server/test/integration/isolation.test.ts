import { type MongoClient, MongoServerError, type Db } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { useDriverHarness } from './harness.js';

describe('transaction isolation through the driver', () => {
  let client: MongoClient;
  let db: Db;
  useDriverHarness('iso', (h) => ({ client, db } = h));
  beforeEach(async () => {
    await db.collection('c').insertMany([
      { _id: 1, v: 0 },
      { _id: 2, v: 0 },
    ] as never[]);
  });

  it('reads a snapshot and own writes inside a transaction', async () => {
    const c = db.collection('c');
    const session = client.startSession();
    try {
      session.startTransaction();
      await c.updateOne({ _id: 1 } as never, { $set: { v: 1 } }, { session });
      await c.insertOne({ _id: 99, v: 0 } as never);
      expect(await c.findOne({ _id: 1 } as never, { session })).toEqual({ _id: 1, v: 1 });
      expect(await c.findOne({ _id: 99 } as never, { session })).toBeNull();
      expect(await c.findOne({ _id: 1 } as never)).toEqual({ _id: 1, v: 0 });
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await c.findOne({ _id: 1 } as never)).toEqual({ _id: 1, v: 1 });
  });

  it('gives a concurrent transactional writer a TransientTransactionError WriteConflict', async () => {
    const c = db.collection('c');
    const first = client.startSession();
    const second = client.startSession();
    try {
      first.startTransaction();
      second.startTransaction();
      await c.updateOne({ _id: 1 } as never, { $set: { v: 1 } }, { session: first });
      const error = await c
        .updateOne({ _id: 1 } as never, { $set: { v: 2 } }, { session: second })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(112);
      expect((error as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
      await second.abortTransaction();
      await first.commitTransaction();
    } finally {
      await first.endSession();
      await second.endSession();
    }
    expect(await c.findOne({ _id: 1 } as never)).toEqual({ _id: 1, v: 1 });
  });

  it('retries with withTransaction after a conflict', async () => {
    const c = db.collection('c');
    const blocker = client.startSession();
    const session = client.startSession();
    let attempts = 0;
    try {
      blocker.startTransaction();
      await c.updateOne({ _id: 2 } as never, { $set: { v: 'blocker' } }, { session: blocker });
      await session.withTransaction(async () => {
        attempts += 1;
        if (attempts === 2) await blocker.abortTransaction();
        await c.updateOne({ _id: 2 } as never, { $inc: { n: 1 } }, { session });
      });
    } finally {
      await blocker.endSession();
      await session.endSession();
    }
    expect(attempts).toBe(2);
    expect(await c.findOne({ _id: 2 } as never)).toEqual({ _id: 2, v: 0, n: 1 });
  });

  it('checks unique indexes inside a transaction', async () => {
    const c = db.collection('c');
    await c.createIndex({ email: 1 }, { unique: true, sparse: true });
    await c.insertOne({ _id: 3, email: 'taken' } as never);
    const session = client.startSession();
    try {
      session.startTransaction();
      const error = await c
        .insertOne({ _id: 4, email: 'taken' } as never, { session })
        .catch((e: unknown) => e);
      expect((error as MongoServerError).code).toBe(11000);
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await c.countDocuments({ _id: 4 } as never)).toBe(0);
  });

  it('keeps a collection created in a transaction invisible until commit', async () => {
    const session = client.startSession();
    try {
      session.startTransaction();
      await db.collection('fresh').insertOne({ _id: 1 } as never, { session });
      const outside = await db.listCollections({ name: 'fresh' }).toArray();
      expect(outside).toEqual([]);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await db.collection('fresh').countDocuments()).toBe(1);
  });
});
