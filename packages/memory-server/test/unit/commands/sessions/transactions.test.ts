import { Long } from 'bson';
import { describe, expect, it, vi } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import { makeEnvelope, newLsid } from '../envelope-harness.js';

vi.mock('../../../../src/commands/crud/index.js', () => ({ commands: [] }));
vi.mock('../../../../src/commands/collections/index.js', () => ({ commands: [] }));
vi.mock('../../../../src/commands/indexes/index.js', () => ({ commands: [] }));

type Harness = ReturnType<typeof makeEnvelope>;

async function run(h: Harness, body: Doc): Promise<Doc> {
  const outcome = await h.envelope.run(body, h.connection);
  if (outcome.kind !== 'reply') throw new Error('connection closed');
  return outcome.reply;
}

function txn(lsid: Doc, n: number, extra: Doc = {}): Doc {
  return { lsid, txnNumber: Long.fromNumber(n), autocommit: false, ...extra };
}

const commit = (lsid: Doc, n: number, extra: Doc = {}): Doc => ({
  commitTransaction: 1,
  $db: 'admin',
  ...txn(lsid, n),
  ...extra,
});
const abort = (lsid: Doc, n: number): Doc => ({ abortTransaction: 1, $db: 'admin', ...txn(lsid, n) });
const insert = (lsid: Doc, n: number, extra: Doc = {}): Doc => ({
  insert: 'c',
  documents: [{}],
  $db: 't',
  ...txn(lsid, n),
  ...extra,
});

describe('transaction state machine', () => {
  it('begins on startTransaction, runs later statements in the same storage transaction, commits', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    expect(
      await run(h, insert(lsid, 1, { startTransaction: true, readConcern: { level: 'snapshot' } })),
    ).toMatchObject({ ok: 1 });
    expect(await run(h, { find: 'c', $db: 't', ...txn(lsid, 1) })).toMatchObject({ ok: 1 });
    expect(await run(h, commit(lsid, 1, { writeConcern: { w: 'majority', wtimeout: 10000 } }))).toMatchObject(
      { ok: 1 },
    );
    expect(h.engine.log).toEqual(['begin 1', 'commit 1']);
  });

  it('answers a retried commit with ok again without committing twice', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    await run(h, insert(lsid, 1, { startTransaction: true }));
    await run(h, commit(lsid, 1));
    expect(await run(h, commit(lsid, 1))).toMatchObject({ ok: 1 });
    expect(h.engine.log).toEqual(['begin 1', 'commit 1']);
  });

  it('abort after commit is TransactionCommitted (256); statements after commit too', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    await run(h, insert(lsid, 1, { startTransaction: true }));
    await run(h, commit(lsid, 1));
    expect(await run(h, abort(lsid, 1))).toMatchObject({
      ok: 0,
      code: 256,
      codeName: 'TransactionCommitted',
    });
    expect(await run(h, insert(lsid, 1))).toMatchObject({ ok: 0, code: 256 });
  });

  it('abort discards; commit or abort of an aborted transaction is NoSuchTransaction (251)', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    await run(h, insert(lsid, 1, { startTransaction: true }));
    expect(await run(h, abort(lsid, 1))).toMatchObject({ ok: 1 });
    expect(h.engine.log).toEqual(['begin 1', 'abort 1']);
    expect(await run(h, commit(lsid, 1))).toMatchObject({
      ok: 0,
      code: 251,
      errorLabels: ['TransientTransactionError'],
    });
    expect(await run(h, abort(lsid, 1))).toMatchObject({ ok: 0, code: 251 });
    expect(await run(h, insert(lsid, 1))).toMatchObject({
      ok: 0,
      code: 251,
      errorLabels: ['TransientTransactionError'],
    });
  });

  it('continuing an unknown transaction is NoSuchTransaction with TransientTransactionError', async () => {
    const h = makeEnvelope();
    const reply = await run(h, insert(newLsid(), 5));
    expect(reply).toMatchObject({
      ok: 0,
      code: 251,
      codeName: 'NoSuchTransaction',
      errorLabels: ['TransientTransactionError'],
    });
  });

  it('an older txnNumber is TransactionTooOld (225)', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    await run(h, insert(lsid, 3, { startTransaction: true }));
    expect(await run(h, insert(lsid, 2, { startTransaction: true }))).toMatchObject({
      ok: 0,
      code: 225,
      codeName: 'TransactionTooOld',
    });
  });

  it('a newer startTransaction aborts the older in-progress transaction', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    await run(h, insert(lsid, 1, { startTransaction: true }));
    await run(h, insert(lsid, 2, { startTransaction: true }));
    expect(h.engine.log).toEqual(['begin 1', 'abort 1', 'begin 2']);
  });

  it('refuses commands not allowed in transactions (263) without labels', async () => {
    const h = makeEnvelope();
    const reply = await run(h, { count: 'c', $db: 't', ...txn(newLsid(), 1), startTransaction: true });
    expect(reply).toMatchObject({ ok: 0, code: 263, codeName: 'OperationNotSupportedInTransaction' });
    expect(reply['errorLabels']).toBeUndefined();
  });

  it('refuses writeConcern on statements and readConcern after the first', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    expect(await run(h, insert(lsid, 1, { startTransaction: true, writeConcern: { w: 1 } }))).toMatchObject({
      ok: 0,
      code: 72,
    });
    await run(h, insert(lsid, 2, { startTransaction: true }));
    expect(await run(h, insert(lsid, 2, { writeConcern: { w: 1 } }))).toMatchObject({ ok: 0, code: 72 });
    const lsid2 = newLsid();
    await run(h, insert(lsid2, 1, { startTransaction: true }));
    expect(await run(h, insert(lsid2, 1, { readConcern: { level: 'snapshot' } }))).toMatchObject({
      ok: 0,
      code: 72,
    });
  });

  it('a failing statement aborts the transaction; WriteConflict is transient', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    await run(h, insert(lsid, 1, { startTransaction: true }));
    const reply = await run(h, { conflict: 1, $db: 't', ...txn(lsid, 1) });
    expect(reply).toMatchObject({ ok: 0, code: 112, errorLabels: ['TransientTransactionError'] });
    expect(h.engine.log).toEqual(['begin 1', 'abort 1']);
    expect(await run(h, commit(lsid, 1))).toMatchObject({ ok: 0, code: 251 });
  });

  it('a write error aborts the transaction without labels', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    const reply = await run(h, insert(lsid, 1, { startTransaction: true, dup: true }));
    expect(reply).toMatchObject({ ok: 1, writeErrors: [{ code: 11000 }] });
    expect(reply['errorLabels']).toBeUndefined();
    expect(h.engine.log).toEqual(['begin 1', 'abort 1']);
  });

  it('a WriteConflict at commit leaves the transaction aborted, labelled transient', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    await run(h, insert(lsid, 1, { startTransaction: true }));
    h.engine.conflictOnCommit = true;
    const reply = await run(h, commit(lsid, 1));
    expect(reply).toMatchObject({ ok: 0, code: 112, errorLabels: ['TransientTransactionError'] });
    expect(h.engine.log).toEqual(['begin 1', 'abort 1']);
  });

  it('commit and abort must go to admin and belong to a transaction', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    expect(await run(h, { commitTransaction: 1, $db: 't', ...txn(lsid, 1) })).toMatchObject({
      ok: 0,
      code: 13,
    });
    expect(await run(h, { commitTransaction: 1, $db: 'admin' })).toMatchObject({ ok: 0, code: 72 });
  });

  it('fail-point errors on commit get UnknownTransactionCommitResult / TransientTransactionError as MongoDB adds them', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    await run(h, insert(lsid, 1, { startTransaction: true }));
    await run(h, {
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['commitTransaction'], errorCode: 50 },
      $db: 'admin',
    });
    const timedOut = await run(h, commit(lsid, 1));
    expect(timedOut).toMatchObject({ ok: 0, code: 50, errorLabels: ['UnknownTransactionCommitResult'] });

    const lsid2 = newLsid();
    await run(h, insert(lsid2, 1, { startTransaction: true }));
    await run(h, {
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['commitTransaction'], errorCode: 251 },
      $db: 'admin',
    });
    expect(await run(h, commit(lsid2, 1))).toMatchObject({
      ok: 0,
      code: 251,
      errorLabels: ['TransientTransactionError'],
    });

    const lsid3 = newLsid();
    await run(h, insert(lsid3, 1, { startTransaction: true }));
    await run(h, {
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['insert'], errorCode: 10107 },
      $db: 'admin',
    });
    expect(await run(h, insert(lsid3, 1))).toMatchObject({
      ok: 0,
      code: 10107,
      errorLabels: ['TransientTransactionError'],
    });
  });
  it('a transaction past transactionLifetimeLimitSeconds is aborted: NoSuchTransaction, transient', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const h = makeEnvelope();
      const lsid = newLsid();
      await run(h, insert(lsid, 1, { startTransaction: true }));
      vi.setSystemTime(Date.now() + 61_000);
      expect(await run(h, insert(lsid, 1))).toMatchObject({
        ok: 0,
        code: 251,
        errorLabels: ['TransientTransactionError'],
      });
      expect(h.engine.log).toEqual(['begin 1', 'abort 1']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('retryable writes', () => {
  it('replays the cached reply for a retried txnNumber without re-applying', async () => {
    const h = makeEnvelope();
    const inserted: unknown[] = [];
    (globalThis as { inserted?: unknown[] }).inserted = inserted;
    const lsid = newLsid();
    const first = await run(h, {
      insert: 'c',
      documents: [{}, {}],
      $db: 't',
      lsid,
      txnNumber: Long.fromNumber(1),
    });
    const again = await run(h, {
      insert: 'c',
      documents: [{}, {}],
      $db: 't',
      lsid,
      txnNumber: Long.fromNumber(1),
    });
    expect(first['n']).toBe(2);
    expect(again['n']).toBe(2);
    expect(inserted).toHaveLength(1);
    await run(h, { insert: 'c', documents: [{}], $db: 't', lsid, txnNumber: Long.fromNumber(2) });
    expect(inserted).toHaveLength(2);
    expect(
      await run(h, { insert: 'c', documents: [{}], $db: 't', lsid, txnNumber: Long.fromNumber(1) }),
    ).toMatchObject({ ok: 0, code: 225 });
    delete (globalThis as { inserted?: unknown[] }).inserted;
  });

  it('refuses txnNumber on a non-write outside a transaction', async () => {
    const h = makeEnvelope();
    expect(await run(h, { find: 'c', $db: 't', lsid: newLsid(), txnNumber: 1 })).toMatchObject({
      ok: 0,
      code: 50768,
    });
  });

  it('refuses txnNumber without lsid', async () => {
    expect(await run(makeEnvelope(), { insert: 'c', $db: 't', txnNumber: 1 })).toMatchObject({
      ok: 0,
      code: 72,
    });
  });
});

describe('session commands', () => {
  it('endSessions aborts the transaction and kills the session cursors', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    await run(h, insert(lsid, 1, { startTransaction: true }));
    expect(await run(h, { endSessions: [lsid], $db: 'admin' })).toMatchObject({ ok: 1 });
    expect(h.engine.log).toEqual(['begin 1', 'abort 1']);
    expect(h.engine.killedCursorSessions).toHaveLength(1);
    expect(h.runtime.sessions.size).toBe(0);
  });

  it('killAllSessions ends every session; startSession creates one', async () => {
    const h = makeEnvelope();
    await run(h, insert(newLsid(), 1, { startTransaction: true }));
    await run(h, insert(newLsid(), 1, { startTransaction: true }));
    const started = await run(h, { startSession: 1, $db: 'admin' });
    expect(started['timeoutMinutes']).toBe(30);
    expect(h.runtime.sessions.size).toBe(3);
    await run(h, { killAllSessions: [], $db: 'admin' });
    expect(h.runtime.sessions.size).toBe(0);
    expect(h.engine.log.filter((l) => l.startsWith('abort'))).toHaveLength(2);
  });

  it('refreshSessions and killSessions accept lists of ids', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    expect(await run(h, { refreshSessions: [lsid], $db: 'admin' })).toMatchObject({ ok: 1 });
    expect(h.runtime.sessions.size).toBe(1);
    expect(await run(h, { killSessions: [lsid], $db: 'admin' })).toMatchObject({ ok: 1 });
    expect(h.runtime.sessions.size).toBe(0);
    expect(await run(h, { endSessions: 'x', $db: 'admin' })).toMatchObject({ ok: 0, code: 14 });
  });
});
