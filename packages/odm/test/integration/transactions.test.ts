import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Document,
  TransactionAliasError,
  TransactionsNotSupportedError,
  connect,
  disconnectAll,
  getDb,
  queryCounter,
  runInTransaction,
  signals,
  switchDb,
} from '../../src/index.js';
import { IntField } from '../../src/fields/int-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, mongoUri, uriFor } from '../helpers.js';

class Account extends Document.define(
  { name: new StringField({ required: true }), balance: new IntField({ default: 0 }) },
  { collection: 'accounts' },
) {}
class Transfer extends Document.define(
  { from: new StringField(), to: new StringField(), amount: new IntField() },
  { collection: 'transfers' },
) {}
class Counter extends Document.define(
  { key: new StringField({ required: true }), value: new IntField({ default: 0 }) },
  { collection: 'counters' },
) {}

class Boom extends Error {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('txn')));
  await connect(uriFor(freshDbName('txnother')), { alias: 'other' });
  // Create the collections (and their indexes) before any transaction touches them.
  for (const cls of [Account, Transfer, Counter]) await cls._getCollection();
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  for (const name of ['accounts', 'transfers', 'counters']) await getDb().collection(name).deleteMany({});
});

async function stored(coll: string): Promise<Record<string, unknown>[]> {
  return getDb()
    .collection(coll)
    .find({}, { projection: { _id: 0 } })
    .sort({ name: 1 })
    .toArray();
}

describe('runInTransaction', () => {
  it('commits writes across two document classes and resolves to fn’s value', async () => {
    const out = await runInTransaction(async () => {
      const a = await new Account({ name: 'a', balance: 90 }).save();
      const t = await new Transfer({ from: 'a', to: 'b', amount: 10 }).save();
      await a.update({ inc__balance: -5 });
      await a.reload();
      return { balance: a.balance, transfer: t.id };
    });
    expect(out.balance).toBe(85);
    expect(await stored('accounts')).toEqual([{ name: 'a', balance: 85 }]);
    expect((await stored('transfers')).length).toBe(1);
  });

  it('every command inside carries the session and the transaction', async () => {
    const { commands } = await queryCounter(() =>
      runInTransaction(async () => {
        await new Account({ name: 'x' }).save();
        await Account.objects().count();
      }),
    );
    const ops = commands.filter((c) => c.name !== 'commitTransaction');
    expect(ops.map((c) => c.name)).toEqual(['insert', 'aggregate']);
    for (const c of ops) {
      expect(c.command['lsid']).toBeDefined();
      expect(c.command['autocommit']).toBe(false);
    }
    expect(commands.at(-1)!.name).toBe('commitTransaction');
  });

  it('rolls back a delete and a save on a thrown error, re-throwing it unchanged', async () => {
    const keep = await new Account({ name: 'keep', balance: 1 }).save();
    const boom = new Boom('stop');
    await expect(
      runInTransaction(async () => {
        await keep.delete();
        await new Account({ name: 'new' }).save();
        await new Transfer({ from: 'keep', amount: 1 }).save();
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await stored('accounts')).toEqual([{ name: 'keep', balance: 1 }]);
    expect(await stored('transfers')).toEqual([]);
  });

  it('rolls back a per-document delete fired through a signal (a cascade stand-in)', async () => {
    const owner = await new Account({ name: 'owner' }).save();
    await new Transfer({ from: 'owner', amount: 3 }).save();
    // Cascading via a preDelete receiver: the transfers of the account go with it.
    const off = signals.preDelete.connect(
      async ({ document }) => {
        await Transfer.objects({ from: document.name }).delete();
      },
      { sender: Account },
    );
    try {
      await expect(
        runInTransaction(async () => {
          await owner.delete();
          expect(await Transfer.objects().count()).toBe(0);
          throw new Boom('after cascade');
        }),
      ).rejects.toBeInstanceOf(Boom);
    } finally {
      off();
    }
    expect((await stored('accounts')).map((a) => a['name'])).toEqual(['owner']);
    expect((await stored('transfers')).length).toBe(1);
  });

  it('reads inside see their own writes; reads outside do not until commit', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let insideCount = -1;
    const txn = runInTransaction(async () => {
      await new Account({ name: 'pending', balance: 7 }).save();
      insideCount = await Account.objects().count();
      const again = await Account.objects({ name: 'pending' }).first();
      expect(again?.balance).toBe(7);
      await gate;
    });
    while (insideCount === -1) await sleep(2);
    expect(insideCount).toBe(1);
    expect(await Account.objects().count()).toBe(0);
    expect(await stored('accounts')).toEqual([]);
    release();
    await txn;
    expect(await Account.objects().count()).toBe(1);
  });

  it('retries a conflicting concurrent transaction to success with no lost update', async () => {
    await new Counter({ key: 'hits', value: 0 }).save();
    let attempts = 0;
    const increment = (pause: number) =>
      runInTransaction(async () => {
        attempts++;
        const c = (await Counter.objects({ key: 'hits' }).first())!;
        await sleep(pause); // both read the same value before either writes
        c.value = c.value + 1;
        await c.save();
        await sleep(pause);
      });
    await Promise.all([increment(20), increment(25)]);
    const final = await Counter.objects({ key: 'hits' }).first();
    expect(final?.value).toBe(2);
    expect(attempts).toBeGreaterThan(2);
  });

  it('nested calls join the outer transaction (an inner throw rolls back everything)', async () => {
    await expect(
      runInTransaction(async () => {
        await new Account({ name: 'outer' }).save();
        await runInTransaction(async () => {
          await new Account({ name: 'inner' }).save();
        });
        expect(await Account.objects().count()).toBe(2);
        throw new Boom('late');
      }),
    ).rejects.toBeInstanceOf(Boom);
    expect(await stored('accounts')).toEqual([]);
  });

  it('an operation on another alias inside fn is an error, not a silent escape', async () => {
    await expect(
      runInTransaction(async () => {
        await new Account({ name: 'here' }).save();
        await new Account({ name: 'there' }).switchDb('other').save();
      }),
    ).rejects.toBeInstanceOf(TransactionAliasError);
    expect(await stored('accounts')).toEqual([]);
    expect(await getDb('other').collection('accounts').countDocuments()).toBe(0);
    await expect(
      runInTransaction(() => runInTransaction(async () => 1, { alias: 'other' })),
    ).rejects.toBeInstanceOf(TransactionAliasError);
  });

  it('queryset reads and writes on another alias inside fn are errors too', async () => {
    await getDb('other').collection('accounts').insertOne({ name: 'kept' });
    await expect(runInTransaction(() => Account.objects().using('other').toArray())).rejects.toBeInstanceOf(
      TransactionAliasError,
    );
    await expect(
      runInTransaction(() => Account.objects({ name: 'kept' }).using('other').delete()),
    ).rejects.toBeInstanceOf(TransactionAliasError);
    await expect(
      runInTransaction(() => switchDb(Account, 'other', () => Account.objects().count())),
    ).rejects.toBeInstanceOf(TransactionAliasError);
    expect(await getDb('other').collection('accounts').countDocuments({ name: 'kept' })).toBe(1);
    await getDb('other').collection('accounts').deleteMany({});
  });

  it('queryset writes inside fn join the transaction without a write concern', async () => {
    await expect(
      runInTransaction(async () => {
        await Account.objects().insert([new Account({ name: 'bulk' })]);
        await Account.objects({ name: 'bulk' }).update({ set__name: 'bulk2' });
        throw new Boom('undo');
      }),
    ).rejects.toBeInstanceOf(Boom);
    expect(await stored('accounts')).toEqual([]);
  });

  it('concurrent transactions and plain tasks do not share the session', async () => {
    let plainSawSession = false;
    await Promise.all([
      runInTransaction(async () => {
        await new Account({ name: 't1' }).save();
        await sleep(10);
      }),
      (async () => {
        await sleep(2);
        const { commands } = await queryCounter(() => new Account({ name: 'plain' }).save());
        plainSawSession = commands.some((c) => c.command['autocommit'] === false);
      })(),
    ]);
    expect(plainSawSession).toBe(false);
    expect((await stored('accounts')).map((a) => a['name'])).toEqual(['plain', 't1']);
  });

  it('fails clearly on a server that cannot run transactions', async () => {
    // A separate client (other appName), whose hello is made to answer like a standalone mongod.
    const db = await connect(uriFor(freshDbName('solo')), { alias: 'solo', appName: 'standalone-probe' });
    const original = db.command.bind(db);
    db.command = (async (cmd: Record<string, unknown>, opts?: unknown) =>
      'hello' in cmd
        ? { isWritablePrimary: true, ok: 1 }
        : original(cmd, opts as never)) as typeof db.command;
    await expect(runInTransaction(async () => 1, { alias: 'solo' })).rejects.toThrow(
      TransactionsNotSupportedError,
    );
    await expect(runInTransaction(async () => 1, { alias: 'solo' })).rejects.toThrow(/standalone/);
    expect(mongoUri()).toBeTruthy();
  });
});
