import { Long, ObjectId, Timestamp } from 'bson';
import { describe, expect, it, vi } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import { makeEnvelope } from '../envelope-harness.js';

vi.mock('../../../../src/commands/crud/index.js', () => ({ commands: [] }));
vi.mock('../../../../src/commands/collections/index.js', () => ({ commands: [] }));
vi.mock('../../../../src/commands/indexes/index.js', () => ({ commands: [] }));

async function run(body: Doc, h = makeEnvelope()): Promise<Doc> {
  const outcome = await h.envelope.run(body, h.connection);
  if (outcome.kind !== 'reply') throw new Error('connection closed');
  return outcome.reply;
}

describe('hello', () => {
  it('describes the primary of a one-member replica set, without topologyVersion', async () => {
    const reply = await run({ hello: 1, helloOk: true, $db: 'admin' });
    expect(reply).toMatchObject({
      ok: 1,
      helloOk: true,
      isWritablePrimary: true,
      maxBsonObjectSize: 16777216,
      maxMessageSizeBytes: 48000000,
      maxWriteBatchSize: 100000,
      logicalSessionTimeoutMinutes: 30,
      connectionId: 1,
      minWireVersion: 0,
      maxWireVersion: 21,
      readOnly: false,
      setName: 'rs0',
      setVersion: 1,
      hosts: ['127.0.0.1:27999'],
      me: '127.0.0.1:27999',
      primary: '127.0.0.1:27999',
      secondary: false,
    });
    expect(reply['localTime']).toBeInstanceOf(Date);
    expect(reply['electionId']).toBeInstanceOf(ObjectId);
    expect(((reply['lastWrite'] as Doc)['opTime'] as Doc)['ts']).toBeInstanceOf(Timestamp);
    expect('topologyVersion' in reply).toBe(false);
    expect('ismaster' in reply).toBe(false);
  });

  it('answers the legacy spelling with ismaster', async () => {
    const reply = await run({ ismaster: 1, $db: 'admin' });
    expect(reply['ismaster']).toBe(true);
    expect('isWritablePrimary' in reply).toBe(false);
  });

  it('records the appName of the first hello only', async () => {
    const h = makeEnvelope();
    await run(
      { hello: 1, client: { application: { name: 'first' }, driver: { name: 'nodejs' } }, $db: 'admin' },
      h,
    );
    await run({ hello: 1, client: { application: { name: 'second' } }, $db: 'admin' }, h);
    expect(h.connection.appName).toBe('first');
    expect(h.connection.clientMetadata).toMatchObject({ driver: { name: 'nodejs' } });
  });
});

describe('server information commands', () => {
  it('buildInfo reports 7.0.12', async () => {
    const reply = await run({ buildinfo: 1, $db: 'admin' });
    expect(reply).toMatchObject({
      ok: 1,
      version: '7.0.12',
      versionArray: [7, 0, 12, 0],
      maxBsonObjectSize: 16777216,
    });
  });

  it('getParameter reports featureCompatibilityVersion and *', async () => {
    expect(await run({ getParameter: 1, featureCompatibilityVersion: 1, $db: 'admin' })).toMatchObject({
      ok: 1,
      featureCompatibilityVersion: { version: '7.0' },
    });
    const all = await run({ getParameter: '*', $db: 'admin' });
    expect(all['transactionLifetimeLimitSeconds']).toBe(60);
    expect(await run({ getParameter: 1, noSuchParameter: 1, $db: 'admin' })).toMatchObject({
      ok: 0,
      code: 72,
    });
  });

  it('serverStatus is live', async () => {
    const h = makeEnvelope();
    h.runtime.stats.currentConnections = 2;
    const reply = await run({ serverStatus: 1, $db: 'admin' }, h);
    expect(reply['process']).toBe('mongod');
    expect((reply['connections'] as Doc)['current']).toBe(2);
    expect(typeof reply['uptime']).toBe('number');
    expect(Long.isLong((reply['opcounters'] as Doc)['command'])).toBe(true);
    expect(((reply['opcounters'] as Doc)['command'] as Long).toNumber()).toBe(1);
  });

  it('hostInfo, whatsmyuri, connectionStatus, getCmdLineOpts, getLog', async () => {
    expect(((await run({ hostInfo: 1, $db: 'admin' }))['system'] as Doc)['numCores']).toBeGreaterThan(0);
    expect((await run({ whatsmyuri: 1, $db: 'admin' }))['you']).toBe('127.0.0.1:50000');
    expect((await run({ connectionStatus: 1, $db: 'admin' }))['authInfo']).toEqual({
      authenticatedUsers: [],
      authenticatedUserRoles: [],
    });
    expect(((await run({ getCmdLineOpts: 1, $db: 'admin' }))['parsed'] as Doc)['replication']).toEqual({
      replSet: 'rs0',
    });
    expect((await run({ getLog: '*', $db: 'admin' }))['names']).toEqual(['global', 'startupWarnings']);
    expect(await run({ getLog: 'startupWarnings', $db: 'admin' })).toMatchObject({
      ok: 1,
      totalLinesWritten: 0,
      log: [],
    });
    expect(await run({ getLog: 'nope', $db: 'admin' })).toMatchObject({ ok: 0 });
  });
});

describe('replica-set tooling commands', () => {
  it('replSetGetStatus shows one PRIMARY member', async () => {
    const reply = await run({ replSetGetStatus: 1, $db: 'admin' });
    expect(reply).toMatchObject({ ok: 1, set: 'rs0', myState: 1 });
    expect(reply['members']).toMatchObject([{ name: '127.0.0.1:27999', stateStr: 'PRIMARY', self: true }]);
  });

  it('getDefaultRWConcern reports the implicit majority default', async () => {
    expect(await run({ getDefaultRWConcern: 1, $db: 'admin' })).toMatchObject({
      ok: 1,
      defaultWriteConcern: { w: 'majority' },
      defaultReadConcern: { level: 'local' },
    });
  });
});
