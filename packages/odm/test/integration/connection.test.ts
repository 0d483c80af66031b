import { afterAll, describe, expect, it } from 'vitest';
import {
  connect,
  disconnect,
  disconnectAll,
  getCollection,
  getConnection,
  getDb,
  listConnections,
  registerConnection,
} from '../../src/connection/connection-registry.js';
import { convertDriverError } from '../../src/errors/convert-driver-error.js';
import { NotUniqueError } from '../../src/errors/operation-error.js';
import { ConnectionError } from '../../src/errors/usage-errors.js';
import { freshDbName, mongoUri, uriFor } from '../helpers.js';

const dbName = freshDbName('conn');

afterAll(async () => {
  await disconnectAll();
});

describe('connect (through the driver)', () => {
  it('pings, returns the Db named by the URI and serves collections', async () => {
    const db = await connect(uriFor(dbName));
    expect(db.databaseName).toBe(dbName);
    expect(getDb()).toBe(db);
    await getCollection('things').insertOne({ _id: 1 as never, name: 'a' });
    expect(await getCollection('things').findOne({ _id: 1 as never })).toEqual({ _id: 1, name: 'a' });
  });

  it('returns the same Db for the same settings and refuses different ones', async () => {
    const again = await connect(uriFor(dbName));
    expect(again).toBe(getDb());
    await expect(connect(uriFor(`${dbName}_other`))).rejects.toThrow(/disconnect\('default'\) first/);
  });

  it('shares one client between aliases that differ only by database', async () => {
    const other = await connect(uriFor(`${dbName}_b`), { alias: 'b' });
    expect(other.databaseName).toBe(`${dbName}_b`);
    expect(getConnection('b')).toBe(getConnection());
    await getCollection('things', 'b').insertOne({ x: 1 });
    expect(await getCollection('things', 'b').countDocuments()).toBe(1);
    expect(await getCollection('things').countDocuments()).toBe(1);
    // Disconnecting one alias keeps the shared client open for the other.
    await disconnect('b');
    expect(await getCollection('things').countDocuments()).toBe(1);
    expect(() => getDb('b')).toThrow("No connection named 'b'. Call connect(uri, { alias: 'b' }) first.");
  });

  it('shares one attempt between concurrent connects of the same alias', async () => {
    const uri = uriFor(`${dbName}_c`);
    const [a, b] = await Promise.all([connect(uri, { alias: 'c' }), connect(uri, { alias: 'c' })]);
    expect(a).toBe(b);
    await disconnect('c');
  });

  it('connects lazily registered aliases on first use', async () => {
    registerConnection(mongoUri(), { alias: 'lazy', db: `${dbName}_lazy` });
    expect(listConnections()).toContain('lazy');
    await getCollection('x', 'lazy').insertOne({ a: 1 });
    expect(await getDb('lazy').collection('x').countDocuments()).toBe(1);
    await disconnect('lazy');
  });

  it('converts a duplicate key from the server into NotUniqueError naming the field', async () => {
    const coll = getCollection('uniq');
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ email: 'a@b.c' });
    const err = await coll.insertOne({ email: 'a@b.c' }).catch((e: unknown) => convertDriverError(e));
    expect(err).toBeInstanceOf(NotUniqueError);
    expect((err as NotUniqueError).fields).toEqual(['email']);
    expect((err as NotUniqueError).value).toEqual({ email: 'a@b.c' });
    expect(await coll.countDocuments()).toBe(1);
  });

  it('closes the client when the last alias disconnects', async () => {
    const client = getConnection();
    const coll = getCollection('things');
    await disconnect();
    expect(listConnections()).toEqual([]);
    const closed = await coll.countDocuments().catch((e: unknown) => convertDriverError(e));
    expect(closed).toBeInstanceOf(ConnectionError);
    expect((closed as Error).message).toMatch(/client is closed/);
    expect(client).toBeDefined();
    await expect(
      connect('mongodb://127.0.0.1:1/x', { serverSelectionTimeoutMS: 200 }),
    ).rejects.toBeInstanceOf(ConnectionError);
  });
});
