import { format } from 'node:util';
import createDebug from 'debug';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Document,
  IntField,
  StringField,
  connect,
  disconnectAll,
  enableDebugLogging,
  getConnection,
  getDb,
  isDebugLoggingEnabled,
  setDebugLogger,
} from '../../src/index.js';
import { hasDebugLogging } from '../../src/connection/debug-logging.js';
import { freshDbName, uriFor } from '../helpers.js';

const dbName = freshDbName('dbg');
const lines: string[] = [];
const originalLog = createDebug.log;

class DebugUser extends Document.define(
  { name: new StringField(), age: new IntField() },
  { collection: 'debug_users', dbAlias: 'dbg', autoCreateIndex: false },
) {}

beforeEach(() => {
  lines.length = 0;
  createDebug.log = (...args: unknown[]) => lines.push(format(...args));
});
afterEach(async () => {
  createDebug.disable();
  createDebug.log = originalLog;
  setDebugLogger(undefined);
  await disconnectAll();
});
afterAll(async () => {
  await disconnectAll();
});

describe('DEBUG=mongoengine-ts command logging', () => {
  it('logs started / succeeded lines for inserts and finds, with collection and filter', async () => {
    createDebug.enable('mongoengine-ts:*');
    expect(isDebugLoggingEnabled()).toBe(true);
    await connect(uriFor(dbName), { alias: 'dbg', appName: 'debug-on' });
    expect(hasDebugLogging(getConnection('dbg'))).toBe(true);

    await new DebugUser({ name: 'Ada', age: 36 }).save();
    await DebugUser.objects({ age__gte: 18 }).toArray();

    const started = (cmd: string) =>
      lines.filter((l) => l.includes(`mongoengine-ts:command ${dbName}.debug_users ${cmd} {`));
    expect(started('insert')[0]).toMatch(
      /\{"insert":"debug_users","documents":\[\{"name":"Ada","age":36,"_id":\{"\$oid":"[0-9a-f]{24}"\}\}\]/,
    );
    expect(started('find')[0]).toContain('{"find":"debug_users","filter":{"age":{"$gte":18}}');
    expect(lines.join('\n')).not.toContain('lsid');
    expect(lines.some((l) => /debug_users insert ok=1 n=1 in \d+\.\d ms \[#\d+\]/.test(l))).toBe(true);
    expect(lines.some((l) => /debug_users find ok=1 n=1 in \d+\.\d ms \[#\d+\]/.test(l))).toBe(true);
  });

  it('logs failed commands with the error and code', async () => {
    createDebug.enable('mongoengine-ts:command');
    await connect(uriFor(dbName), { alias: 'dbg', appName: 'debug-fail' });
    await expect(getDb('dbg').command({ noSuchCommand: 1 })).rejects.toThrow();
    expect(
      lines.some((l) => new RegExp(`${dbName} noSuchCommand failed in [\\d.]+ ms: .*\\(code 59\\)`).test(l)),
    ).toBe(true);
  });

  it('accepts the bare root namespace (DEBUG=mongoengine-ts) and enableDebugLogging()', async () => {
    createDebug.enable('mongoengine-ts');
    await connect(uriFor(dbName), { alias: 'dbg', appName: 'debug-root' });
    await DebugUser.objects({ name: 'Ada' }).count();
    expect(
      lines.some((l) =>
        l.includes(
          `mongoengine-ts ${dbName}.debug_users aggregate {"aggregate":"debug_users","pipeline":[{"$match":{"name":"Ada"}}`,
        ),
      ),
    ).toBe(true);

    createDebug.disable();
    enableDebugLogging();
    expect(createDebug.enabled('mongoengine-ts:command')).toBe(true);
  });

  it('sends lines to a logger set with setDebugLogger', async () => {
    const mine: string[] = [];
    setDebugLogger((line) => mine.push(line));
    await connect(uriFor(dbName), { alias: 'dbg', appName: 'debug-custom' });
    await DebugUser.objects({ name: 'Bob' }).first();
    expect(
      mine.some((l) =>
        l.startsWith(`${dbName}.debug_users find {"find":"debug_users","filter":{"name":"Bob"}`),
      ),
    ).toBe(true);
    expect(lines).toEqual([]);
  });

  it('attaches nothing and logs nothing when disabled', async () => {
    expect(isDebugLoggingEnabled()).toBe(false);
    await connect(uriFor(dbName), { alias: 'dbg', appName: 'debug-off' });
    const client = getConnection('dbg');
    expect(hasDebugLogging(client)).toBe(false);
    expect(client.listenerCount('commandSucceeded')).toBe(0);
    await DebugUser.objects({ age__gte: 1 }).toArray();
    expect(lines).toEqual([]);
  });
});
