import { describe, expect, it } from 'vitest';
import { Long, ObjectId } from 'mongodb';
import { MAX_LOGGED_COMMAND_LENGTH, formatCommand } from '../../../src/connection/debug-logging.js';

describe('formatCommand', () => {
  it('drops session plumbing and keeps the command as compact relaxed EJSON', () => {
    const id = new ObjectId('64b7f0c2a1b2c3d4e5f60718');
    const text = formatCommand({
      find: 'users',
      filter: { _id: id, n: Long.fromNumber(5) },
      lsid: { id: 'x' },
      $clusterTime: { clusterTime: 1 },
      $db: 'blog',
      txnNumber: Long.fromNumber(1),
    });
    expect(text).toBe('{"find":"users","filter":{"_id":{"$oid":"64b7f0c2a1b2c3d4e5f60718"},"n":5}}');
  });

  it('cuts long commands and says how long they were', () => {
    const documents = Array.from({ length: 200 }, (_, i) => ({ name: `user ${i}` }));
    const text = formatCommand({ insert: 'users', documents });
    expect(text.length).toBeLessThan(MAX_LOGGED_COMMAND_LENGTH + 30);
    expect(text).toMatch(/^\{"insert":"users","documents":\[\{"name":"user 0"\}.*… \(\d+ chars\)$/);
  });
});
