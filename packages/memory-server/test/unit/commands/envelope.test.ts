import type { Binary } from 'bson';
import { Long, Timestamp } from 'bson';
import { describe, expect, it, vi } from 'vitest';
import type { Doc } from '../../../src/bson.js';
import { makeEnvelope, newLsid } from './envelope-harness.js';

// The other command groups are exercised by their own tests; keep this one independent of storage.
vi.mock('../../../src/commands/crud/index.js', () => ({ commands: [] }));
vi.mock('../../../src/commands/collections/index.js', () => ({ commands: [] }));
vi.mock('../../../src/commands/indexes/index.js', () => ({ commands: [] }));

async function run(h: ReturnType<typeof makeEnvelope>, body: Doc): Promise<Doc> {
  const outcome = await h.envelope.run(body, h.connection);
  if (outcome.kind !== 'reply') throw new Error('connection closed');
  return outcome.reply;
}

describe('CommandEnvelope', () => {
  it('adds ok, $clusterTime and operationTime to a success', async () => {
    const h = makeEnvelope();
    const reply = await run(h, { ping: 1, $db: 'admin' });
    expect(reply['ok']).toBe(1);
    const clusterTime = reply['$clusterTime'] as Doc;
    expect(clusterTime['clusterTime']).toBeInstanceOf(Timestamp);
    const signature = clusterTime['signature'] as Doc;
    expect((signature['hash'] as Binary).length()).toBe(20);
    expect(Long.isLong(signature['keyId'])).toBe(true);
    expect(reply['operationTime']).toBeInstanceOf(Timestamp);
  });

  it('answers an unknown command with CommandNotFound (59)', async () => {
    const reply = await run(makeEnvelope(), { frobnicate: 1, $db: 'x' });
    expect(reply).toMatchObject({
      ok: 0,
      code: 59,
      codeName: 'CommandNotFound',
      errmsg: "no such command: 'frobnicate'",
    });
    expect(reply['$clusterTime']).toBeDefined();
  });

  it('matches exactly, then case-insensitively', async () => {
    const h = makeEnvelope();
    expect((await run(h, { isMaster: 1, $db: 'admin' }))['ismaster']).toBe(true);
    expect((await run(h, { ISMASTER: 1, $db: 'admin' }))['ismaster']).toBe(true);
    expect((await run(h, { hello: 1, $db: 'admin' }))['isWritablePrimary']).toBe(true);
    expect((await run(h, { findandmodify: 'c', $db: 't' }))['ok']).toBe(1);
  });

  it('requires $db', async () => {
    expect(await run(makeEnvelope(), { ping: 1 })).toMatchObject({ ok: 0, code: 40571 });
  });

  it('strips the generic fields before the handler sees the command', async () => {
    const reply = await run(makeEnvelope(), {
      echo: 1,
      keep: true,
      $db: 'x',
      lsid: newLsid(),
      $readPreference: { mode: 'primary' },
      $clusterTime: { clusterTime: new Timestamp({ t: 1, i: 1 }) },
      apiVersion: '1',
      apiStrict: false,
      comment: 'hi',
      maxTimeMS: 100,
      readConcern: { level: 'local' },
    });
    expect(reply['received']).toEqual({ echo: 1, keep: true });
  });

  it('turns an unexpected exception into InternalError (1)', async () => {
    expect(await run(makeEnvelope(), { boom: 1, $db: 'x' })).toMatchObject({
      ok: 0,
      code: 1,
      codeName: 'InternalError',
      errmsg: 'kaboom',
    });
  });

  it('rejects admin-only commands on other databases', async () => {
    expect(await run(makeEnvelope(), { getParameter: '*', $db: 'test' })).toMatchObject({
      ok: 0,
      code: 13,
      codeName: 'Unauthorized',
    });
  });

  it('checks generic field types', async () => {
    const h = makeEnvelope();
    expect(await run(h, { ping: 1, $db: 'x', apiVersion: '2' })).toMatchObject({ ok: 0, code: 322 });
    expect(await run(h, { ping: 1, $db: 'x', maxTimeMS: -1 })).toMatchObject({ ok: 0, code: 2 });
    expect(await run(h, { ping: 1, $db: 'x', readConcern: { level: 'bogus' } })).toMatchObject({
      ok: 0,
      code: 9,
    });
    expect(await run(h, { ping: 1, $db: 'x', lsid: 'nope' })).toMatchObject({ ok: 0, code: 14 });
  });

  it('advances operationTime on writes only', async () => {
    const h = makeEnvelope();
    const t0 = (await run(h, { ping: 1, $db: 'x' }))['operationTime'] as Timestamp;
    const t1 = (await run(h, { insert: 'c', documents: [{}], $db: 't' }))['operationTime'] as Timestamp;
    const t2 = (await run(h, { find: 'c', $db: 't' }))['operationTime'] as Timestamp;
    expect(t1.greaterThan(t0)).toBe(true);
    expect(t2.equals(t1)).toBe(true);
  });

  it('reports an unsatisfiable w:2 as a writeConcernError on a write', async () => {
    const reply = await run(makeEnvelope(), {
      insert: 'c',
      documents: [{}],
      $db: 't',
      writeConcern: { w: 2 },
    });
    expect(reply['ok']).toBe(1);
    expect(reply['writeConcernError']).toMatchObject({ code: 100, codeName: 'UnsatisfiableWriteConcern' });
  });

  it('counts operations for serverStatus', async () => {
    const h = makeEnvelope();
    await run(h, { insert: 'c', documents: [{}, {}, {}], $db: 't' });
    await run(h, { find: 'c', $db: 't' });
    const status = await run(h, { serverStatus: 1, $db: 'admin' });
    const opcounters = status['opcounters'] as Record<string, Long>;
    expect(opcounters['insert']!.toNumber()).toBe(3);
    expect(opcounters['query']!.toNumber()).toBe(1);
  });
});

describe('fail points through the envelope', () => {
  it('fails listed commands { times: n } with server-computed labels, then stops', async () => {
    const h = makeEnvelope();
    const set = await run(h, {
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['insert'], errorCode: 91 },
      $db: 'admin',
    });
    expect(set['ok']).toBe(1);
    expect(await run(h, { ping: 1, $db: 'x' })).toMatchObject({ ok: 1 });
    const lsid = newLsid();
    const failed = await run(h, {
      insert: 'c',
      documents: [{}],
      $db: 't',
      lsid,
      txnNumber: Long.fromNumber(1),
    });
    expect(failed).toMatchObject({
      ok: 0,
      code: 91,
      codeName: 'ShutdownInProgress',
      errorLabels: ['RetryableWriteError'],
    });
    const retried = await run(h, {
      insert: 'c',
      documents: [{}],
      $db: 't',
      lsid,
      txnNumber: Long.fromNumber(1),
    });
    expect(retried).toMatchObject({ ok: 1, n: 1 });
  });

  it('uses the fail point errorLabels verbatim, even when empty', async () => {
    const h = makeEnvelope();
    await run(h, {
      configureFailPoint: 'failCommand',
      mode: 'alwaysOn',
      data: { failCommands: ['insert'], errorCode: 11600, errorLabels: [] },
      $db: 'admin',
    });
    const reply = await run(h, { insert: 'c', $db: 't', lsid: newLsid(), txnNumber: 1 });
    expect(reply).toMatchObject({ ok: 0, code: 11600 });
    expect(reply['errorLabels']).toBeUndefined();
    await run(h, { configureFailPoint: 'failCommand', mode: 'off', $db: 'admin' });
    expect(await run(h, { insert: 'c', $db: 't' })).toMatchObject({ ok: 1 });
  });

  it('closes the connection when asked', async () => {
    const h = makeEnvelope();
    await run(h, {
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['ping'], closeConnection: true },
      $db: 'admin',
    });
    expect(await h.envelope.run({ ping: 1, $db: 'x' }, h.connection)).toEqual({ kind: 'close' });
    expect((await h.envelope.run({ ping: 1, $db: 'x' }, h.connection)).kind).toBe('reply');
  });

  it('skips the first n matches with { skip: n }', async () => {
    const h = makeEnvelope();
    await run(h, {
      configureFailPoint: 'failCommand',
      mode: { skip: 2 },
      data: { failCommands: ['find'], errorCode: 2 },
      $db: 'admin',
    });
    expect((await run(h, { find: 'c', $db: 't' }))['ok']).toBe(1);
    expect((await run(h, { find: 'c', $db: 't' }))['ok']).toBe(1);
    expect((await run(h, { find: 'c', $db: 't' }))['code']).toBe(2);
    expect((await run(h, { find: 'c', $db: 't' }))['code']).toBe(2);
  });

  it('matches the connection appName', async () => {
    const h = makeEnvelope();
    await run(h, { hello: 1, client: { application: { name: 'app-a' } }, $db: 'admin' });
    expect(h.connection.appName).toBe('app-a');
    await run(h, {
      configureFailPoint: 'failCommand',
      mode: 'alwaysOn',
      data: { failCommands: ['find'], errorCode: 2, appName: 'app-b' },
      $db: 'admin',
    });
    expect((await run(h, { find: 'c', $db: 't' }))['ok']).toBe(1);
    await run(h, {
      configureFailPoint: 'failCommand',
      mode: 'alwaysOn',
      data: { failCommands: ['find'], errorCode: 2, appName: 'app-a' },
      $db: 'admin',
    });
    expect((await run(h, { find: 'c', $db: 't' }))['ok']).toBe(0);
  });

  it('appends a writeConcernError after running the command', async () => {
    const h = makeEnvelope();
    await run(h, {
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: {
        failCommands: ['insert'],
        writeConcernError: { code: 91, errmsg: 'Replication is being shut down' },
      },
      $db: 'admin',
    });
    const reply = await run(h, { insert: 'c', documents: [{}], $db: 't', lsid: newLsid(), txnNumber: 1 });
    expect(reply).toMatchObject({
      ok: 1,
      n: 1,
      writeConcernError: { code: 91 },
      errorLabels: ['RetryableWriteError'],
    });
  });

  it('blocks the command for blockTimeMS', async () => {
    const h = makeEnvelope();
    await run(h, {
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['ping'], blockConnection: true, blockTimeMS: 120 },
      $db: 'admin',
    });
    const started = Date.now();
    expect((await run(h, { ping: 1, $db: 'x' }))['ok']).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('rejects unknown fail points and bad modes', async () => {
    const h = makeEnvelope();
    expect(await run(h, { configureFailPoint: 'nope', mode: 'alwaysOn', $db: 'admin' })).toMatchObject({
      ok: 0,
      code: 2,
    });
    expect(
      await run(h, {
        configureFailPoint: 'failCommand',
        mode: 'sometimes',
        data: { failCommands: [] },
        $db: 'admin',
      }),
    ).toMatchObject({ ok: 0, code: 2 });
  });
});
