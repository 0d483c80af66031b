import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Document,
  connect,
  disconnectAll,
  getDb,
  isNoDereference,
  noDereference,
  noSubClasses,
  queryCounter,
  setWriteConcern,
  switchCollection,
  switchDb,
} from '../../src/index.js';
import { IntField } from '../../src/fields/int-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';

class User extends Document.define(
  { name: new StringField({ required: true }), step: new IntField({ default: 0 }) },
  { collection: 'users' },
) {}

class Fruit extends Document.define(
  { name: new StringField() },
  { collection: 'fruit', allowInheritance: true },
) {}
class Apple extends Fruit.define({ sweet: new IntField() }) {
  static {
    this.register();
  }
}

const mainDb = freshDbName('swmain');
const archiveDb = freshDbName('swarch');

beforeAll(async () => {
  await connect(uriFor(mainDb));
  await connect(uriFor(archiveDb), { alias: 'archive' });
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  await getDb().collection('users').deleteMany({});
  await getDb('archive').collection('users').deleteMany({});
});

const names = async (alias: string, coll = 'users') =>
  (await getDb(alias).collection(coll).find({}).sort({ name: 1 }).toArray()).map((d) => d['name'] as string);

describe('switchDb', () => {
  it('50 interleaved tasks, half switched to archive: every write lands in its own database', async () => {
    const task = async (i: number) => {
      // Awaits between every step give the other tasks the event loop.
      await sleep(i % 7);
      const user = new User({ name: `u${String(i).padStart(2, '0')}` });
      await user.save();
      await sleep((i * 3) % 5);
      user.step = 1;
      await user.save();
      await sleep(i % 3);
      await user.reload();
      expect(user.step).toBe(1);
      await user.update({ inc__step: 1 });
      await sleep(1);
      const found = await User.objects({ name: user.name }).first();
      expect(found?.step).toBe(2);
    };
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0 ? switchDb(User, 'archive', () => task(i)) : task(i),
      ),
    );
    const even = Array.from({ length: 25 }, (_, k) => `u${String(k * 2).padStart(2, '0')}`);
    const odd = Array.from({ length: 25 }, (_, k) => `u${String(k * 2 + 1).padStart(2, '0')}`);
    expect(await names('archive')).toEqual(even);
    expect(await names('default')).toEqual(odd);
    const steps = await getDb('archive').collection('users').distinct('step');
    expect(steps).toEqual([2]);
  });

  it('nests: the inner switch wins and the outer one is back afterwards', async () => {
    await switchDb(User, 'archive', async () => {
      await new User({ name: 'outer1' }).save();
      await switchDb(User, 'default', () => new User({ name: 'inner' }).save());
      await new User({ name: 'outer2' }).save();
    });
    await new User({ name: 'plain' }).save();
    expect(await names('archive')).toEqual(['outer1', 'outer2']);
    expect(await names('default')).toEqual(['inner', 'plain']);
  });

  it('passes the class to the callback and switches querysets too', async () => {
    await new User({ name: 'in-archive' }).switchDb('archive').save();
    const count = await switchDb(User, 'archive', (U) => U.objects().count());
    expect(count).toBe(1);
    expect(await User.objects().count()).toBe(0);
  });
});

describe('per-instance switchDb / switchCollection', () => {
  it('archives a loaded document: insert a copy in archive, delete the original', async () => {
    await new User({ name: 'Ada', step: 3 }).save();
    const ada = (await User.objects({ name: 'Ada' }).first())!;
    await ada.switchDb('archive', { keepCreated: false }).save();
    await ada.switchDb('default').delete();
    expect(await names('default')).toEqual([]);
    const archived = await getDb('archive').collection('users').findOne({ name: 'Ada' });
    expect(archived?.['step']).toBe(3);
    expect(archived?.['_id']).toEqual(ada.id);
  });

  it('the instance target wins over a context switch; later saves and deletes go there', async () => {
    const u = new User({ name: 'Bob' }).switchDb('archive');
    await switchDb(User, 'default', () => u.save());
    u.step = 9;
    await u.save();
    expect(await names('archive')).toEqual(['Bob']);
    expect(await names('default')).toEqual([]);
    await u.reload();
    expect(u.step).toBe(9);
    await u.delete();
    expect(await names('archive')).toEqual([]);
  });

  it('switchCollection on an instance and as a scope', async () => {
    await new User({ name: 'old' }).switchCollection('users_2020').save();
    await switchCollection(User, 'users_2021', async () => {
      await new User({ name: 'new' }).save();
      expect(await User.objects().count()).toBe(1);
    });
    expect(await names('default', 'users_2020')).toEqual(['old']);
    expect(await names('default', 'users_2021')).toEqual(['new']);
    expect(await names('default')).toEqual([]);
  });
});

describe('other scopes', () => {
  it('queryCounter counts only the task’s own commands and lists them', async () => {
    await User.objects().count(); // prepare the collection outside the counter
    const noise = (async () => {
      for (let i = 0; i < 5; i++) {
        await sleep(1);
        await User.objects().count();
      }
    })();
    const { result, count, commands } = await queryCounter(async () => {
      await new User({ name: 'q' }).save();
      await sleep(3);
      return User.objects({ name: 'q' }).first();
    });
    await noise;
    expect(result?.name).toBe('q');
    expect(count).toBe(2);
    expect(commands.map((c) => c.name)).toEqual(['insert', 'find']);
    expect(commands[0]!.db).toBe(mainDb);
  });

  it('queryCounter nests (outer counts the inner commands) and filters', async () => {
    const outer = await queryCounter(async () => {
      await User.objects().count();
      const inner = await queryCounter(() => new User({ name: 'n' }).save());
      expect(inner.count).toBe(1);
    });
    expect(outer.count).toBe(2);
    const onlyInserts = await queryCounter(
      async () => {
        await User.objects().count();
        await new User({ name: 'm' }).save();
      },
      { filter: (c) => c.name === 'insert' },
    );
    expect(onlyInserts.count).toBe(1);
  });

  it('setWriteConcern sends the write concern with the writes of the class', async () => {
    const { commands } = await queryCounter(() =>
      setWriteConcern(User, { w: 1, journal: true }, async () => {
        const u = await new User({ name: 'wc' }).save();
        await u.delete({ writeConcern: { w: 1 } });
      }),
    );
    expect(commands[0]!.command['writeConcern']).toEqual({ w: 1, j: true });
    expect(commands[1]!.command['writeConcern']).toEqual({ w: 1 });
    const plain = await queryCounter(() => new User({ name: 'plain' }).save());
    expect(plain.commands[0]!.command['writeConcern']).toBeUndefined();
  });

  it('noSubClasses restricts queries to the class itself; noDereference sets the flag', async () => {
    await Fruit.objects().delete();
    await new Fruit({ name: 'generic' }).save();
    await new Apple({ name: 'gala', sweet: 3 }).save();
    expect(await Fruit.objects().count()).toBe(2);
    expect(await noSubClasses(Fruit, () => Fruit.objects().count())).toBe(1);
    expect(noDereference(Fruit, () => isNoDereference(Fruit))).toBe(true);
    expect(isNoDereference(Fruit)).toBe(false);
  });
});
