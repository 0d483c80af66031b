import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { MemoryServer } from '../../src/index.js';

/** What an integration suite talks to: one server, one driver client, a fresh database per test. */
export interface DriverHarness {
  server: MemoryServer;
  client: MongoClient;
  db: Db;
}

/**
 * Registers the hooks every driver-level suite needs: a memory server and a connected client for
 * the whole suite, and a new database (`<prefix><n>`) before each test. `bind` receives the
 * current objects whenever they change, so a suite can keep plain local variables.
 *
 * @example
 * ```ts
 * let db: Db;
 * useDriverHarness('crud', (h) => ({ db } = h));
 * ```
 */
export function useDriverHarness(dbPrefix: string, bind: (harness: DriverHarness) => void): void {
  let server: MemoryServer;
  let client: MongoClient;
  let dbIndex = 0;
  beforeAll(async () => {
    server = await MemoryServer.start();
    client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 5000 });
  });
  beforeEach(() => {
    bind({ server, client, db: client.db(`${dbPrefix}${String(++dbIndex)}`) });
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });
}
