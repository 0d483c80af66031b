import { Long } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerError } from '../../../src/errors.js';
import { CursorManager, takeBatch } from '../../../src/storage/cursor-manager.js';

const managers: CursorManager[] = [];
function manager(timeout?: number): CursorManager {
  const created = new CursorManager(timeout);
  managers.push(created);
  return created;
}
afterEach(() => {
  for (const created of managers.splice(0)) created.close();
});

const docs = Array.from({ length: 25 }, (_, i) => ({ _id: i }));

describe('CursorManager', () => {
  it('pages through materialised results', () => {
    const cursors = manager();
    const first = cursors.open('db.c', docs, { batchSize: 10 });
    expect(first.batch).toHaveLength(10);
    expect(first.id.isZero()).toBe(false);
    const second = cursors.getMore(first.id, 'db.c', { batchSize: 10 });
    expect(second.batch[0]).toEqual({ _id: 10 });
    const third = cursors.getMore(first.id, 'db.c', {});
    expect(third.batch).toHaveLength(5);
    expect(third.id.isZero()).toBe(true);
    expect(cursors.size).toBe(0);
  });

  it('returns id 0 when everything fits or singleBatch is set', () => {
    const cursors = manager();
    expect(cursors.open('db.c', docs).id.isZero()).toBe(true);
    expect(cursors.open('db.c', docs, { batchSize: 2, singleBatch: true }).batch).toHaveLength(2);
    expect(cursors.size).toBe(0);
  });

  it('defaults the first batch to 101 documents', () => {
    const cursors = manager();
    const many = Array.from({ length: 150 }, (_, i) => ({ _id: i }));
    expect(cursors.open('db.c', many).batch).toHaveLength(101);
  });

  it('raises 43 for unknown cursors and checks the namespace', () => {
    const cursors = manager();
    const first = cursors.open('db.c', docs, { batchSize: 1 });
    expect(() => cursors.getMore(Long.fromNumber(12345), 'db.c')).toThrow(ServerError);
    expect(() => cursors.getMore(first.id, 'db.other')).toThrow(/different namespace/);
  });

  it('kills cursors and reports found and not found ids', () => {
    const cursors = manager();
    const first = cursors.open('db.c', docs, { batchSize: 1 });
    const result = cursors.kill('db.c', [first.id, Long.fromNumber(77)]);
    expect(result.cursorsKilled).toEqual([first.id]);
    expect(result.cursorsNotFound).toEqual([Long.fromNumber(77)]);
  });

  it('kills by session and reaps idle cursors', () => {
    const cursors = manager(1000);
    cursors.open('db.c', docs, { batchSize: 1, sessionKey: 's1' });
    cursors.open('db.c', docs, { batchSize: 1, sessionKey: 's2' });
    expect(cursors.killForSession('s1')).toBe(1);
    cursors.reapIdle(Date.now() + 5000);
    expect(cursors.size).toBe(0);
  });

  it('caps a batch at 16 MiB but always returns one document', () => {
    const big = 'x'.repeat(6 * 1024 * 1024);
    const bigDocs = [{ s: big }, { s: big }, { s: big }];
    expect(takeBatch(bigDocs, 0, 10)).toHaveLength(2);
    expect(takeBatch([{ s: 'x'.repeat(17 * 1024 * 1024) }], 0, 10)).toHaveLength(1);
  });
});
