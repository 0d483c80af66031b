import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryServer } from '../../src/index.js';

describe('cursors through the driver', () => {
  let server: MemoryServer;
  let client: MongoClient;
  let db: Db;
  const commands: { name: string; cmd: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    server = await MemoryServer.start();
    client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 5000, monitorCommands: true });
    client.on('commandStarted', (event) =>
      commands.push({ name: event.commandName, cmd: event.command as Record<string, unknown> }),
    );
    db = client.db('cursors');
    await db.collection('c').insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i })) as never[]);
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('reads 250 documents in batches of 10 through getMore', async () => {
    commands.length = 0;
    const docs = await db.collection('c').find({}, { batchSize: 10 }).toArray();
    expect(docs.map((d) => d._id)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(commands.filter((c) => c.name === 'getMore')).toHaveLength(24);
  });

  it('uses the default first batch of 101 and a single getMore for the rest', async () => {
    commands.length = 0;
    expect(await db.collection('c').find({}).toArray()).toHaveLength(250);
    expect(commands.filter((c) => c.name === 'getMore')).toHaveLength(1);
  });

  it('kills the server cursor when closed early', async () => {
    commands.length = 0;
    const cursor = db.collection('c').find({}, { batchSize: 10 });
    await cursor.next();
    await cursor.next();
    expect(server.engine.cursors.size).toBeGreaterThan(0);
    await cursor.close();
    expect(commands.some((c) => c.name === 'killCursors')).toBe(true);
    expect(server.engine.cursors.size).toBe(0);
  });

  it('pages aggregate cursors and limits', async () => {
    const agg = await db
      .collection('c')
      .aggregate([{ $match: { _id: { $gte: 100 } } } as never], { batchSize: 7 })
      .toArray();
    expect(agg).toHaveLength(150);
    expect(await db.collection('c').find({}).limit(15).batchSize(4).toArray()).toHaveLength(15);
    expect(server.engine.cursors.size).toBe(0);
  });

  it('iterates with for await', async () => {
    let count = 0;
    for await (const _doc of db.collection('c').find({ _id: { $lt: 30 } } as never, { batchSize: 4 }))
      count += 1;
    expect(count).toBe(30);
  });
});
