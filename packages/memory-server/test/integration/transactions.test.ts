import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryServer } from '../../src/index.js';

describe('transactions through the driver', () => {
  let server: MemoryServer;
  let client: MongoClient;
  let dbIndex = 0;
  let dbName = 'txn0';

  beforeAll(async () => {
    server = await MemoryServer.start();
    client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 5000 });
  });
  beforeEach(async () => {
    dbName = `txn${++dbIndex}`;
    await client.db(dbName).createCollection('c');
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('commits with withTransaction; writes are invisible outside until commit', async () => {
    const coll = client.db(dbName).collection('c');
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        await coll.insertOne({ _id: 1 } as never, { session });
        await coll.insertOne({ _id: 2 } as never, { session });
        expect(await coll.countDocuments({}, { session })).toBe(2);
        expect(await coll.find({}).toArray()).toEqual([]);
      });
    } finally {
      await session.endSession();
    }
    expect((await coll.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2]);
  });

  it('abortTransaction discards the writes', async () => {
    const coll = client.db(dbName).collection('c');
    await coll.insertOne({ _id: 'keep' } as never);
    const session = client.startSession();
    try {
      session.startTransaction();
      await coll.insertOne({ _id: 'gone' } as never, { session });
      await coll.deleteOne({ _id: 'keep' } as never, { session });
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect((await coll.find({}).toArray()).map((d) => d._id)).toEqual(['keep']);
  });

  it('a transaction killed on the server continues with NoSuchTransaction + TransientTransactionError', async () => {
    const coll = client.db(dbName).collection('c');
    const session = client.startSession();
    try {
      session.startTransaction();
      await coll.insertOne({ a: 1 }, { session });
      await client.db('admin').command({ killAllSessions: [] });
      const error = await coll.insertOne({ a: 2 }, { session }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(251);
      expect((error as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await coll.countDocuments({})).toBe(0);
  });

  it('refuses count inside a transaction with OperationNotSupportedInTransaction', async () => {
    const session = client.startSession();
    try {
      session.startTransaction();
      const error = await client
        .db(dbName)
        .command({ count: 'c' }, { session })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 263, codeName: 'OperationNotSupportedInTransaction' });
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
  });

  it('concurrent writers to one document: the second gets WriteConflict labelled transient', async () => {
    const coll = client.db(dbName).collection('c');
    await coll.insertOne({ _id: 'x', n: 0 } as never);
    const a = client.startSession();
    const b = client.startSession();
    try {
      a.startTransaction();
      b.startTransaction();
      await coll.updateOne({ _id: 'x' } as never, { $inc: { n: 1 } }, { session: a });
      const error = await coll
        .updateOne({ _id: 'x' } as never, { $inc: { n: 10 } }, { session: b })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 112 });
      expect((error as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
      await a.commitTransaction();
      await b.abortTransaction();
    } finally {
      await a.endSession();
      await b.endSession();
    }
    expect(await coll.findOne({ _id: 'x' } as never)).toMatchObject({ n: 1 });
  });

  it('withTransaction retries a transient failure and succeeds', async () => {
    const coll = client.db(dbName).collection('c');
    await client.db('admin').command({
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['insert'], errorCode: 112 },
    });
    const session = client.startSession();
    let attempts = 0;
    try {
      await session.withTransaction(async () => {
        attempts += 1;
        await coll.insertOne({ retried: true }, { session });
      });
    } finally {
      await session.endSession();
    }
    expect(attempts).toBe(2);
    expect(await coll.countDocuments({ retried: true })).toBe(1);
  });

  it('a duplicate key inside a transaction aborts it', async () => {
    const coll = client.db(dbName).collection('c');
    await coll.insertOne({ _id: 1 } as never);
    const session = client.startSession();
    try {
      session.startTransaction();
      const dup = await coll.insertOne({ _id: 1 } as never, { session }).catch((e: unknown) => e);
      expect(dup).toMatchObject({ code: 11000 });
      expect((dup as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(false);
      const next = await coll.insertOne({ _id: 2 } as never, { session }).catch((e: unknown) => e);
      expect(next).toMatchObject({ code: 251 });
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
  });
});
