import { Binary, UUID } from 'bson';
import { describe, expect, it, vi } from 'vitest';
import { SessionTable, sessionKeyOf } from '../../../../src/commands/sessions/session-table.js';
import type { Engine } from '../../../../src/storage/engine.js';
import { FakeEngine } from '../envelope-harness.js';

vi.mock('../../../../src/commands/crud/index.js', () => ({ commands: [] }));
vi.mock('../../../../src/commands/collections/index.js', () => ({ commands: [] }));
vi.mock('../../../../src/commands/indexes/index.js', () => ({ commands: [] }));

describe('SessionTable', () => {
  it('keys sessions by the hex of lsid.id', () => {
    const id = new UUID('0b9d6a52-36b2-4e6e-9c58-2f3b1a6b7f10');
    expect(sessionKeyOf({ id })).toBe('0b9d6a5236b24e6e9c582f3b1a6b7f10');
    expect(sessionKeyOf({ id: new Binary(Buffer.from('0b9d6a5236b24e6e9c582f3b1a6b7f10', 'hex'), 4) })).toBe(
      '0b9d6a5236b24e6e9c582f3b1a6b7f10',
    );
    expect(() => sessionKeyOf({ id: 'x' })).toThrow(/UUID/);
  });

  it('counts started, committed and aborted transactions', () => {
    const engine = new FakeEngine();
    const counters = { totalStarted: 0, totalCommitted: 0, totalAborted: 0 };
    const table = new SessionTable(engine as unknown as Engine, counters);
    const a = table.touch('a');
    table.begin(a, 1);
    expect(table.activeTransactions).toBe(1);
    table.commit(a);
    table.begin(a, 2);
    table.abortIfActive(a);
    table.abortIfActive(a); // idempotent
    expect(counters).toEqual({ totalStarted: 2, totalCommitted: 1, totalAborted: 1 });
    expect(a.state).toBe('aborted');
  });

  it('expires sessions idle past the logical session timeout, aborting their transactions', () => {
    let now = 1_000_000;
    const engine = new FakeEngine();
    const table = new SessionTable(engine as unknown as Engine, undefined, () => now);
    table.begin(table.touch('old'), 1);
    now += 31 * 60_000;
    table.touch('new');
    expect(table.peek('old')).toBeUndefined();
    expect(table.peek('new')).toBeDefined();
    expect(engine.log).toEqual(['begin 1', 'abort 1']);
    expect(engine.killedCursorSessions).toEqual(['old']);
  });
});

describe('localSessionDocuments', () => {
  it('lists live sessions as $listLocalSessions does', async () => {
    const { makeEnvelope, newLsid } = await import('../envelope-harness.js');
    const { localSessionDocuments } =
      await import('../../../../src/commands/sessions/list-local-sessions.js');
    const h = makeEnvelope();
    const lsid = newLsid();
    await h.envelope.run({ refreshSessions: [lsid], $db: 'admin' }, h.connection);
    const ctx = { runtime: h.runtime, connection: h.connection } as never;
    const docs = localSessionDocuments(ctx);
    expect(docs).toHaveLength(1);
    const id = docs[0]!['_id'] as { id: Binary; uid: Binary };
    expect(id.id.toString('hex')).toBe((lsid['id'] as Binary).toString('hex'));
    expect(id.uid.length()).toBe(32);
    expect(docs[0]!['lastUse']).toBeInstanceOf(Date);
  });
});

describe('transaction lifetime limit', () => {
  it('aborts a transaction older than transactionLifetimeLimitSeconds', () => {
    let now = 0;
    const engine = new FakeEngine();
    const table = new SessionTable(engine as unknown as Engine, undefined, () => now);
    const record = table.touch('s');
    table.begin(record, 1);
    now = 59_000;
    expect(table.expireIfTooOld(record)).toBe(false);
    now = 61_000;
    expect(table.expireIfTooOld(record)).toBe(true);
    expect(record.state).toBe('aborted');
    expect(engine.log).toEqual(['begin 1', 'abort 1']);
  });
});
