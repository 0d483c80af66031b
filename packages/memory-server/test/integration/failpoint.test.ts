import { MongoClient, MongoServerError, type CommandStartedEvent } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryServer } from '../../src/index.js';

describe('failCommand fail point through the driver', () => {
  let server: MemoryServer;
  let client: MongoClient;
  const started: CommandStartedEvent[] = [];

  beforeAll(async () => {
    server = await MemoryServer.start();
    client = new MongoClient(server.uri, {
      serverSelectionTimeoutMS: 5000,
      monitorCommands: true,
      appName: 'fp-tests',
    });
    client.on('commandStarted', (e) => started.push(e));
    await client.connect();
  });
  afterEach(async () => {
    await client.db('admin').command({ configureFailPoint: 'failCommand', mode: 'off' });
    started.length = 0;
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('fails the listed command with the given code and leaves others alone', async () => {
    await client.db('admin').command({
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['ping'], errorCode: 2 },
    });
    expect(await client.db('admin').command({ hello: 1 })).toMatchObject({ ok: 1 });
    const error = await client
      .db('admin')
      .command({ ping: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 2, codeName: 'BadValue' });
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('makes the driver retry a retryable write after a RetryableWriteError', async () => {
    await client.db('admin').command({
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['insert'], errorCode: 91 },
    });
    const result = await client.db('fp').collection('c').insertOne({ a: 1 });
    expect(result.acknowledged).toBe(true);
    const inserts = started.filter((e) => e.commandName === 'insert');
    expect(inserts).toHaveLength(2);
    expect(inserts[0]!.command['txnNumber']).toEqual(inserts[1]!.command['txnNumber']);
    expect(await client.db('fp').collection('c').countDocuments({ a: 1 })).toBe(1);
  });

  it('closes the connection with closeConnection; the driver retries the read', async () => {
    await client.db('admin').command({
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['find'], closeConnection: true },
    });
    const docs = await client.db('fp').collection('c').find({}).toArray();
    expect(Array.isArray(docs)).toBe(true);
    expect(started.filter((e) => e.commandName === 'find')).toHaveLength(2);
  });

  it('applies only to the matching appName', async () => {
    await client.db('admin').command({
      configureFailPoint: 'failCommand',
      mode: 'alwaysOn',
      data: { failCommands: ['ping'], errorCode: 2, appName: 'someone-else' },
    });
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    await client.db('admin').command({
      configureFailPoint: 'failCommand',
      mode: 'alwaysOn',
      data: { failCommands: ['ping'], errorCode: 2, appName: 'fp-tests' },
    });
    await expect(client.db('admin').command({ ping: 1 })).rejects.toMatchObject({ code: 2 });
  });

  it('delays the reply with blockConnection', async () => {
    await client.db('admin').command({
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['ping'], blockConnection: true, blockTimeMS: 150 },
    });
    const t0 = Date.now();
    await client.db('admin').command({ ping: 1 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('reports a writeConcernError on a write', async () => {
    await client.db('admin').command({
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: {
        failCommands: ['insert'],
        writeConcernError: { code: 100, errmsg: 'Not enough data-bearing nodes' },
      },
    });
    const error = await client
      .db('fp')
      .collection('wce')
      .insertOne({ b: 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 100 });
  });
});
