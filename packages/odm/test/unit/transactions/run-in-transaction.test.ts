import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getContextSession } from '../../../src/context/store.js';

/** A fake session recording calls; commit outcomes are scripted per test. */
const state = {
  log: [] as string[],
  commitErrors: [] as unknown[],
  hello: { setName: 'rs0' } as Record<string, unknown>,
  inTxn: false,
};

function labelled(message: string, labels: string[], code?: number): Error {
  return Object.assign(new Error(message), { errorLabels: labels, code });
}

const session = {
  startTransaction: () => {
    state.log.push('start');
    state.inTxn = true;
  },
  inTransaction: () => state.inTxn,
  commitTransaction: async () => {
    state.log.push('commit');
    const e = state.commitErrors.shift();
    if (e) throw e;
    state.inTxn = false;
  },
  abortTransaction: async () => {
    state.log.push('abort');
    state.inTxn = false;
  },
  endSession: async () => void state.log.push('end'),
};

vi.mock('../../../src/connection/index.js', () => ({
  DEFAULT_CONNECTION_NAME: 'default',
  getConnection: () => ({ startSession: () => session }),
  getDb: () => ({ command: async () => state.hello }),
}));

const { runInTransaction } = await import('../../../src/transactions/run-in-transaction.js');

beforeEach(() => {
  state.log = [];
  state.commitErrors = [];
  state.inTxn = false;
});

describe('runInTransaction retry rules (scripted session)', () => {
  it('retries the commit on UnknownTransactionCommitResult without re-running fn', async () => {
    state.commitErrors = [labelled('net', ['UnknownTransactionCommitResult'])];
    let runs = 0;
    const out = await runInTransaction(() => {
      runs++;
      expect(getContextSession()).toBe(session);
      return 'ok';
    });
    expect(out).toBe('ok');
    expect(runs).toBe(1);
    expect(state.log).toEqual(['start', 'commit', 'commit', 'end']);
  });

  it('does not retry an unknown commit result that is MaxTimeMSExpired', async () => {
    state.commitErrors = [labelled('slow', ['UnknownTransactionCommitResult'], 50)];
    await expect(runInTransaction(() => 1)).rejects.toThrow('slow');
    expect(state.log).toEqual(['start', 'commit', 'end']);
  });

  it('re-runs fn when the commit fails with TransientTransactionError', async () => {
    state.commitErrors = [labelled('conflict', ['TransientTransactionError'])];
    let runs = 0;
    await runInTransaction(() => void runs++);
    expect(runs).toBe(2);
    expect(state.log).toEqual(['start', 'commit', 'start', 'commit', 'end']);
  });

  it('re-runs fn when fn fails with a transient error wrapped as cause; other errors pass unchanged', async () => {
    let runs = 0;
    await runInTransaction(() => {
      runs++;
      if (runs === 1) throw new Error('converted', { cause: labelled('wc', ['TransientTransactionError']) });
    });
    expect(runs).toBe(2);
    expect(state.log).toEqual(['start', 'abort', 'start', 'commit', 'end']);
    state.log = [];
    const mine = { not: 'an Error' };
    await expect(runInTransaction(() => Promise.reject(mine))).rejects.toBe(mine);
    expect(state.log).toEqual(['start', 'abort', 'end']);
  });

  it('gives up retrying after retryTimeoutMs', async () => {
    let runs = 0;
    await expect(
      runInTransaction(
        async () => {
          runs++;
          await new Promise((r) => setTimeout(r, 5));
          throw labelled('always', ['TransientTransactionError']);
        },
        { retryTimeoutMs: 12 },
      ),
    ).rejects.toThrow('always');
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(runs).toBeLessThan(6);
  });
});
