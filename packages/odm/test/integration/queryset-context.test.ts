import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, disconnectAll, getConnection, getDb, runWithContext } from '../../src/index.js';
import { raw } from '../../src/queryset/filter/index.js';
import { freshDbName, uriFor } from '../helpers.js';
import { DatedPage, Page, Person, recordCommands, seedPeople } from './queryset-fixtures.js';

let commands: ReturnType<typeof recordCommands>;
const otherDb = freshDbName('qsother');

beforeAll(async () => {
  await connect(uriFor(freshDbName('qsctx')), { monitorCommands: true });
  await connect(uriFor(otherDb), { alias: 'other' });
  commands = recordCommands();
  await seedPeople();
  await Page.objects().delete();
  await Page.objects().insert([new Page({ title: 'home', views: 10 })]);
  await DatedPage.objects().insert([new DatedPage({ title: 'news', year: 2024, views: 5 })]);
});
afterAll(() => disconnectAll());
beforeEach(() => commands.clear());

describe('inheritance', () => {
  it('queries the class and its subclasses, and loads each as its own class', async () => {
    const pages = await Page.objects().orderBy('title').toArray();
    expect(pages.map((p) => p.constructor)).toEqual([Page, DatedPage]);
    expect((pages[1] as DatedPage).label()).toBe('news (2024)');
    expect(commands.named('find')[0]!.command['filter']).toEqual({
      _cls: { $in: ['Page', 'Page.DatedPage'] },
    });
  });

  it('a subclass queryset matches its own _cls only', async () => {
    const dated = await DatedPage.objects().toArray();
    expect(dated.map((d) => d.label())).toEqual(['news (2024)']);
    expect(commands.named('find')[0]!.command['filter']).toEqual({ _cls: 'Page.DatedPage' });
  });

  it('noSubClasses() and the context flag restrict to the class itself', async () => {
    expect((await Page.objects().noSubClasses().toArray()).map((p) => p.title)).toEqual(['home']);
    expect(commands.named('find')[0]!.command['filter']).toEqual({ _cls: 'Page' });
    const inScope = await runWithContext({ noSubClasses: [Page] }, () => Page.objects().count());
    expect(inScope).toBe(1);
    expect(await Page.objects().count()).toBe(2);
  });

  it('inclusion projections keep _cls so subclasses still load', async () => {
    const pages = await Page.objects().only('title').orderBy('title').toArray();
    expect(pages[1]).toBeInstanceOf(DatedPage);
    expect(commands.named('find')[0]!.command['projection']).toEqual({ title: 1, _cls: 1 });
  });

  it('aggregations and writes carry the _cls condition', async () => {
    expect(await DatedPage.objects().sum('views')).toBe(5);
    expect(await Page.objects().sum('views')).toBe(15);
    expect(await DatedPage.objects().update({ inc__views: 1 })).toBe(1);
    expect(commands.named('update')[0]!.command['updates'][0].q).toEqual({ _cls: 'Page.DatedPage' });
  });

  it('an upsert through a subclass stores its _cls', async () => {
    await DatedPage.objects({ title: 'fresh' }).update({ set__year: 2025 }, { upsert: true });
    const stored = await getDb().collection('pages').findOne({ title: 'fresh' });
    expect(stored).toMatchObject({ _cls: 'Page.DatedPage', year: 2025 });
    expect(await Page.objects({ title: 'fresh' }).first()).toBeInstanceOf(DatedPage);
    await Page.objects({ title: 'fresh' }).delete();
  });
});

describe('connections and sessions', () => {
  it('using(alias) runs the query on another connection', async () => {
    await getConnection('other').db(otherDb).collection('people').insertOne({ name: 'Remote', tags: [] });
    expect((await Person.objects().using('other').toArray()).map((p) => p.name)).toEqual(['Remote']);
    expect(await Person.objects().using('other').count()).toBe(1);
    expect(await Person.objects().count()).toBe(4);
    // One-by-one deletes (limit) stay on the alias too.
    expect(await Person.objects().using('other').limit(1).delete()).toBe(1);
    expect(await Person.objects().using('other').count()).toBe(0);
    expect(await Person.objects().count()).toBe(4);
  });

  it('passes the session of the surrounding context to every command', async () => {
    const session = getConnection().startSession();
    try {
      await runWithContext({ session }, async () => {
        await Person.objects({ name: 'Ada' }).toArray();
        await Person.objects({ name: 'Ada' }).count();
        await Person.objects({ name: 'Ada' }).update({ set__age: 36 });
        await Person.objects({ name: 'Ada' }).aggregate([]);
      });
    } finally {
      await session.endSession();
    }
    const ids = commands.events
      .filter((e) => ['find', 'aggregate', 'update'].includes(e.commandName))
      .map((e) => (e.command['lsid'] as { id: { toString(f: string): string } }).id.toString('hex'));
    expect(ids).toHaveLength(4);
    const expected = (session.id!.id as unknown as { toString(f: string): string }).toString('hex');
    expect(new Set(ids)).toEqual(new Set([expected]));
  });
});

describe('raw filters', () => {
  it('where(js) goes through raw()', () => {
    expect(Person.objects(raw({ $where: 'this.age > 1' })).toFilter()).toEqual({ $where: 'this.age > 1' });
    expect(Page.objects(raw({ views: { $gt: 1 } })).toFilter()).toEqual({
      views: { $gt: 1 },
      _cls: { $in: ['Page', 'Page.DatedPage'] },
    });
  });
});

describe('flags', () => {
  it('noDereference() is recorded on the state', () => {
    const qs = Person.objects().noDereference();
    expect(qs.state.noDereference).toBe(true);
    expect(Person.objects().state.noDereference).toBe(false);
  });
});
