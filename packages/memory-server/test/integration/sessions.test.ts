import { MongoClient, Timestamp, type CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryServer } from '../../src/index.js';

describe('sessions, retryable writes and causal consistency through the driver', () => {
  let server: MemoryServer;
  let client: MongoClient;
  const started: CommandStartedEvent[] = [];

  beforeAll(async () => {
    server = await MemoryServer.start();
    client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000, monitorCommands: true });
    client.on('commandStarted', (e) => started.push(e));
    await client.connect();
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('retryable writes carry txnNumber and succeed', async () => {
    started.length = 0;
    await client.db('s').collection('c').insertOne({ a: 1 });
    const insert = started.find((e) => e.commandName === 'insert')!;
    expect(insert.command['txnNumber']).toBeDefined();
    expect(insert.command['lsid']).toBeDefined();
  });

  it('a causally consistent session reads after its own write', async () => {
    const session = client.startSession({ causalConsistency: true });
    try {
      started.length = 0;
      await client.db('s').collection('c').insertOne({ b: 1 }, { session });
      const writeTime = session.operationTime!;
      expect(writeTime).toBeInstanceOf(Timestamp);
      const found = await client.db('s').collection('c').findOne({ b: 1 }, { session });
      expect(found).toMatchObject({ b: 1 });
      const find = started.find((e) => e.commandName === 'find')!;
      const afterClusterTime = (find.command['readConcern'] as { afterClusterTime: Timestamp })
        .afterClusterTime;
      expect(afterClusterTime.equals(writeTime)).toBe(true);
    } finally {
      await session.endSession();
    }
  });

  it('operationTime advances with each write', async () => {
    const session = client.startSession();
    try {
      await client.db('s').collection('c').insertOne({ c: 1 }, { session });
      const first = session.operationTime!;
      await client.db('s').collection('c').insertOne({ c: 2 }, { session });
      expect(session.operationTime!.greaterThan(first)).toBe(true);
    } finally {
      await session.endSession();
    }
  });

  it('a w:0 insert (moreToCome) gets no reply but lands', async () => {
    const coll = client.db('s').collection('w0');
    const result = await coll.insertOne({ fireAndForget: true }, { writeConcern: { w: 0 } });
    expect(result.acknowledged).toBe(false);
    await expect.poll(() => coll.countDocuments({ fireAndForget: true })).toBe(1);
  });

  it('closing a client ends its sessions on the server', async () => {
    const other = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 5000 });
    const session = other.startSession();
    await other.db('s').collection('c').insertOne({ d: 1 }, { session });
    await session.endSession();
    const status = async (): Promise<number> =>
      (await client.db('admin').command({ serverStatus: 1 }))['logicalSessionRecordCache'][
        'activeSessionsCount'
      ] as number;
    const before = await status();
    await other.close();
    expect(await status()).toBeLessThan(before);
  });
});
