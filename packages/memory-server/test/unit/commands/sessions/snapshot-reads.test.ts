import { Timestamp } from 'bson';
import { describe, expect, it, vi } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import { makeEnvelope, newLsid } from '../envelope-harness.js';

vi.mock('../../../../src/commands/crud/index.js', () => ({ commands: [] }));
vi.mock('../../../../src/commands/collections/index.js', () => ({ commands: [] }));
vi.mock('../../../../src/commands/indexes/index.js', () => ({ commands: [] }));

async function run(h: ReturnType<typeof makeEnvelope>, body: Doc): Promise<Doc> {
  const outcome = await h.envelope.run(body, h.connection);
  if (outcome.kind !== 'reply') throw new Error('connection closed');
  return outcome.reply;
}

describe('snapshot reads outside transactions', () => {
  it('reports atClusterTime on the first read and reuses that snapshot when it is sent back', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    const first = await run(h, { find: 'c', $db: 't', lsid, readConcern: { level: 'snapshot' } });
    const atClusterTime = (first['cursor'] as Doc)['atClusterTime'] as Timestamp;
    expect(atClusterTime).toBeInstanceOf(Timestamp);
    expect(first['txnId']).toBe(1);

    await run(h, { insert: 'c', documents: [{}], $db: 't' }); // advances the clock
    const second = await run(h, {
      find: 'c',
      $db: 't',
      lsid,
      readConcern: { level: 'snapshot', atClusterTime },
    });
    expect(second['txnId']).toBe(1);
    expect(((second['cursor'] as Doc)['atClusterTime'] as Timestamp).equals(atClusterTime)).toBe(true);

    const plain = await run(h, { find: 'c', $db: 't', lsid });
    expect(plain['txnId']).toBeNull();
  });

  it('refuses snapshot read concern on writes and other commands', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    expect(
      await run(h, { insert: 'c', documents: [{}], $db: 't', lsid, readConcern: { level: 'snapshot' } }),
    ).toMatchObject({
      ok: 0,
      code: 72,
    });
    expect(await run(h, { ping: 1, $db: 'admin', lsid, readConcern: { level: 'snapshot' } })).toMatchObject({
      ok: 0,
      code: 72,
    });
  });

  it('releases the snapshot when the session ends', async () => {
    const h = makeEnvelope();
    const lsid = newLsid();
    await run(h, { find: 'c', $db: 't', lsid, readConcern: { level: 'snapshot' } });
    await run(h, { endSessions: [lsid], $db: 'admin' });
    expect(h.engine.log).toEqual(['begin 1', 'abort 1']);
  });
});
