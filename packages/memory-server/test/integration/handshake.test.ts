import { MongoClient, MongoServerError, type CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryServer } from '../../src/index.js';

describe('handshake through the official driver', () => {
  let server: MemoryServer;
  beforeAll(async () => {
    server = await MemoryServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each([
    ['a replica set (no directConnection)', '', 'ReplicaSetWithPrimary'],
    ['directConnection=true', '?directConnection=true', 'Single'],
  ])('connects as %s and runs ping', async (_label, query, topologyType) => {
    const client = new MongoClient(server.uri + query, { serverSelectionTimeoutMS: 5000 });
    try {
      await client.connect();
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      const description = (client as unknown as { topology: { description: { type: string } } }).topology
        .description;
      expect(description.type).toBe(topologyType);
      const hello = await client.db('admin').command({ hello: 1 });
      expect(hello).toMatchObject({
        isWritablePrimary: true,
        setName: 'rs0',
        maxWireVersion: 21,
        hosts: [`127.0.0.1:${server.port}`],
      });
      expect(hello['topologyVersion']).toBeUndefined();
    } finally {
      await client.close();
    }
  });

  it('surfaces an unknown command as MongoServerError code 59', async () => {
    const client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 5000 });
    try {
      const error = await client
        .db('x')
        .command({ frobnicate: 1 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoServerError);
      expect(error).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
    } finally {
      await client.close();
    }
  });

  it('attaches sessions and gossips $clusterTime', async () => {
    const started: CommandStartedEvent[] = [];
    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000, monitorCommands: true });
    client.on('commandStarted', (e) => started.push(e));
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      await client.db('admin').command({ ping: 1 });
      const pings = started.filter((e) => e.commandName === 'ping');
      expect(pings[0]!.command['lsid']).toBeDefined();
      expect(pings[1]!.command['$clusterTime']).toBeDefined();
    } finally {
      await client.close();
    }
  });

  it('reports server information the way tools read it', async () => {
    const client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 5000 });
    try {
      const admin = client.db('admin').admin();
      expect((await admin.buildInfo())['version']).toBe('7.0.12');
      expect((await admin.serverStatus())['connections']['current']).toBeGreaterThanOrEqual(1);
      expect(await admin.command({ getParameter: 1, featureCompatibilityVersion: 1 })).toMatchObject({
        featureCompatibilityVersion: { version: '7.0' },
      });
    } finally {
      await client.close();
    }
  });
});
