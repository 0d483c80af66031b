import { afterEach, describe, expect, it } from 'vitest';
import {
  connect,
  disconnect,
  disconnectAll,
  getCollection,
  getConnection,
  getDb,
  listConnections,
  onDisconnect,
  registerConnection,
} from '../../../src/connection/connection-registry.js';
import { ConnectionError } from '../../../src/errors/usage-errors.js';

// No server is contacted here: registration is lazy and MongoClient connects on first operation.
afterEach(async () => {
  await disconnectAll();
});

describe('connection registry (no I/O)', () => {
  it('names the alias and the fix for unknown aliases', () => {
    expect(() => getDb('reports')).toThrow(ConnectionError);
    expect(() => getDb('reports')).toThrow(
      "No connection named 'reports'. Call connect(uri, { alias: 'reports' }) first.",
    );
    expect(() => getConnection()).toThrow("No connection named 'default'. Call connect(uri) first.");
    expect(() => getCollection('x', 'nope')).toThrow(/nope/);
  });

  it('takes the db from the option, then the URI path, then "test"', () => {
    registerConnection('mongodb://127.0.0.1:1/fromuri', { alias: 'a' });
    registerConnection('mongodb://127.0.0.1:1/fromuri', { alias: 'b', db: 'fromoption' });
    registerConnection('mongodb://127.0.0.1:1', { alias: 'c' });
    registerConnection({ host: '127.0.0.1', port: 1, db: 'spec' }, { alias: 'd' });
    expect(getDb('a').databaseName).toBe('fromuri');
    expect(getDb('b').databaseName).toBe('fromoption');
    expect(getDb('c').databaseName).toBe('test');
    expect(getDb('d').databaseName).toBe('spec');
  });

  it('shares one client between aliases that differ only by database', () => {
    registerConnection('mongodb://127.0.0.1:1/one', { alias: 'one' });
    registerConnection('mongodb://127.0.0.1:1/two', { alias: 'two' });
    registerConnection('mongodb://127.0.0.1:1/three', { alias: 'three', appName: 'other' });
    expect(getConnection('one')).toBe(getConnection('two'));
    expect(getConnection('one')).not.toBe(getConnection('three'));
  });

  it('is idempotent for the same settings and refuses different ones', () => {
    registerConnection('mongodb://127.0.0.1:1/x', { alias: 'r' });
    expect(() => registerConnection('mongodb://127.0.0.1:1/x', { alias: 'r' })).not.toThrow();
    expect(() => registerConnection('mongodb://127.0.0.1:1/y', { alias: 'r' })).toThrow(
      /disconnect\('r'\) first/,
    );
  });

  it('caches collections until disconnect, and tells listeners', async () => {
    registerConnection('mongodb://127.0.0.1:1/x', { alias: 'c' });
    const seen: string[] = [];
    const off = onDisconnect((a) => seen.push(a));
    expect(getCollection('users', 'c')).toBe(getCollection('users', 'c'));
    await disconnect('c');
    expect(seen).toEqual(['c']);
    off();
    expect(() => getCollection('users', 'c')).toThrow(/No connection named 'c'/);
    expect(listConnections()).toEqual([]);
    await expect(disconnect('never-registered')).resolves.toBeUndefined();
  });

  it('rejects strings that are not MongoDB URIs', () => {
    expect(() => registerConnection('http://example.com/db')).toThrow(ConnectionError);
  });

  it('fails fast with the alias and a credential-free URI when no server answers', async () => {
    const err = await connect('mongodb://ada:secret@127.0.0.1:1/x', {
      alias: 'dead',
      serverSelectionTimeoutMS: 300,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toContain("'dead'");
    expect((err as Error).message).toContain('mongodb://***@127.0.0.1:1/x');
    expect((err as Error).message).not.toContain('secret');
    expect(listConnections()).not.toContain('dead');
  });
});
