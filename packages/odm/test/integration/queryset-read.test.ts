import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DoesNotExist,
  InvalidQueryError,
  MultipleObjectsReturned,
  OperationError,
  connect,
  disconnectAll,
} from '../../src/index.js';
import { Q } from '../../src/queryset/q.js';
import { freshDbName, uriFor } from '../helpers.js';
import { Address, Person, recordCommands, seedPeople } from './queryset-fixtures.js';

let commands: ReturnType<typeof recordCommands>;

/** The driver sends `sort` as a Map; compare it as an object. */
function sortOf(command: Record<string, unknown>): unknown {
  const sort = command['sort'];
  return sort instanceof Map ? Object.fromEntries(sort) : sort;
}

beforeAll(async () => {
  await connect(uriFor(freshDbName('qsread')), { monitorCommands: true });
  commands = recordCommands();
  await seedPeople();
});
afterAll(() => disconnectAll());
beforeEach(() => commands.clear());

const names = (docs: { name: string }[]) => docs.map((d) => d.name);

describe('laziness and immutability', () => {
  it('sends nothing until a terminal runs', async () => {
    const qs = Person.objects({ age__gte: 18 }).orderBy('-age').limit(2).only('name');
    await Promise.resolve();
    expect(commands.events).toHaveLength(0);
    expect(names(await qs.toArray())).toEqual(['Ada', 'Bob']);
    expect(commands.named('find')).toHaveLength(1);
  });

  it('never changes the original queryset', async () => {
    const base = Person.objects();
    const limited = base.limit(1);
    const filtered = base.filter({ name: 'Bob' });
    expect(limited).not.toBe(base);
    expect(base.state.limit).toBeUndefined();
    expect(base.state.filters).toHaveLength(0);
    expect(Object.isFrozen(base.state)).toBe(true);
    expect(await base.count()).toBe(4);
    expect(await limited.toArray()).toHaveLength(1);
    expect(names(await filtered.toArray())).toEqual(['Bob']);
    expect(names(await base.toArray())).toEqual(['Ada', 'Bob', 'Cy', 'Dee']);
  });
});

describe('filters', () => {
  it('compiles lookups at filter() time, so bad ones fail where they are written', () => {
    expect(() => Person.objects({ nmae: 'x' } as never)).toThrow(InvalidQueryError);
    expect(() => Person.objects().filter({ name: { $ne: null } } as never)).toThrow(InvalidQueryError);
  });

  it('is not affected by later changes to the query object', async () => {
    const query: { name: string } = { name: 'Ada' };
    const qs = Person.objects(query);
    query.name = 'Bob';
    expect(names(await qs.toArray())).toEqual(['Ada']);
  });
});

describe('the find command', () => {
  it('sends filter, sort, projection, skip, limit and cursor options for a typical chain', async () => {
    const qs = Person.objects({ age__gte: 18 })
      .filter(Q.or({ name: 'Ada' }, { tags: 'db' }))
      .orderBy('-age')
      .only('name', 'age')
      .skip(0)
      .limit(5)
      .comment('report')
      .batchSize(7)
      .maxTimeMs(1000)
      .hint({ _id: 1 })
      .collation({ locale: 'simple' })
      .timeout(false);
    const found = await qs.toArray();
    expect(names(found)).toEqual(['Ada', 'Bob']);
    const [find] = commands.named('find');
    expect(find!.command).toMatchObject({
      find: 'people',
      filter: { age: { $gte: 18 }, $or: [{ name: 'Ada' }, { tags: 'db' }] },
      projection: { name: 1, age: 1 },
      limit: 5,
      comment: 'report',
      batchSize: 7,
      maxTimeMS: 1000,
      hint: { _id: 1 },
      collation: { locale: 'simple' },
      noCursorTimeout: true,
    });
    expect(sortOf(find!.command)).toEqual({ age: -1 });
    expect(find!.command['skip']).toBeUndefined();
  });

  it('applies meta ordering by default and orderBy() clears it', async () => {
    await Person.objects().toArray();
    expect(sortOf(commands.named('find')[0]!.command)).toEqual({ name: 1 });
    commands.clear();
    await Person.objects().orderBy().toArray();
    expect(sortOf(commands.named('find')[0]!.command)).toBeUndefined();
    expect(names(await Person.objects().orderBy('-name').toArray())).toEqual(['Dee', 'Cy', 'Bob', 'Ada']);
  });

  it('passes the read preference and read concern', async () => {
    await Person.objects().readPreference('primaryPreferred').readConcern({ level: 'local' }).toArray();
    const [find] = commands.named('find');
    expect(find!.command['readConcern']).toEqual({ level: 'local' });
    expect(find!.command['$readPreference']).toMatchObject({ mode: 'primaryPreferred' });
  });
});

describe('reading terminals', () => {
  it('first() keeps the subclass methods and gives undefined when nothing matches', async () => {
    const first = await Person.objects({ age__lt: 30 }).first();
    expect(first).toBeInstanceOf(Person);
    expect(first!.greet()).toBe('hi Bob');
    expect(first!.address).toBeInstanceOf(Address);
    expect(await Person.objects({ name: 'Zed' }).first()).toBeUndefined();
    expect(commands.named('find')[0]!.command['limit']).toBe(1);
  });

  it('get() returns the single match and raises the class errors otherwise', async () => {
    expect((await Person.objects().get({ name: 'Cy' })).age).toBe(17);
    expect((await Person.objects({ age: 36 }).get()).name).toBe('Ada');
    const missing = Person.objects().get({ name: 'Zed' });
    await expect(missing).rejects.toBeInstanceOf(Person.DoesNotExist);
    await expect(Person.objects().get({ name: 'Zed' })).rejects.toBeInstanceOf(DoesNotExist);
    const many = Person.objects().get({ tags: 'db' });
    await expect(many).rejects.toBeInstanceOf(Person.MultipleObjectsReturned);
    await expect(Person.objects().get({ tags: 'db' })).rejects.toBeInstanceOf(MultipleObjectsReturned);
    commands.clear();
    await Person.objects().get({ name: 'Ada' });
    const [find] = commands.named('find');
    expect(find!.command['limit']).toBe(2);
    expect(sortOf(find!.command)).toBeUndefined();
  });

  it('count() counts, with or without limit and skip', async () => {
    expect(await Person.objects().count()).toBe(4);
    expect(await Person.objects({ tags: 'db' }).count()).toBe(3);
    expect(await Person.objects({ tags: 'db' }).limit(2).count()).toBe(3);
    expect(await Person.objects({ tags: 'db' }).limit(2).count(true)).toBe(2);
    expect(await Person.objects({ tags: 'db' }).skip(2).count(true)).toBe(1);
    expect(await Person.objects().limit(0).count(true)).toBe(4);
  });

  it('exists() fetches one _id', async () => {
    expect(await Person.objects({ name: 'Ada' }).exists()).toBe(true);
    expect(await Person.objects({ name: 'Zed' }).exists()).toBe(false);
    const [find] = commands.named('find');
    expect(find!.command).toMatchObject({ projection: { _id: 1 }, limit: 1 });
  });

  it('none() matches nothing and sends nothing', async () => {
    const qs = Person.objects().none();
    expect(await qs.toArray()).toEqual([]);
    expect(await qs.count()).toBe(0);
    expect(await qs.first()).toBeUndefined();
    expect(await qs.exists()).toBe(false);
    expect(await qs.sum('age')).toBe(0);
    expect(await qs.update({ set__age: 1 })).toBe(0);
    expect(await qs.delete()).toBe(0);
    expect(commands.events).toHaveLength(0);
  });

  it('slice(start, end) maps to skip and limit', async () => {
    expect(names(await Person.objects().slice(1, 3).toArray())).toEqual(['Bob', 'Cy']);
    expect(names(await Person.objects().slice(3).toArray())).toEqual(['Dee']);
    expect(await Person.objects().slice(2, 2).toArray()).toEqual([]);
    expect(names(await Person.objects().skip(1).limit(1).toArray())).toEqual(['Bob']);
  });

  it('asRaw() yields the stored documents', async () => {
    const raw = await Person.objects({ name: 'Ada' }).asRaw().first();
    expect(raw).not.toBeInstanceOf(Person);
    expect(raw).toMatchObject({ name: 'Ada', age: 36, tags: ['db', 'js'], address: { city: 'Paris' } });
    expect(raw!['_id']).toBeDefined();
  });
});

describe('projections', () => {
  it('only() and exclude() load partial documents', async () => {
    const ada = (await Person.objects({ name: 'Ada' }).only('name').first())!;
    expect(ada.name).toBe('Ada');
    expect(ada.age).toBeUndefined();
    expect(commands.named('find')[0]!.command['projection']).toEqual({ name: 1 });
    const noTags = (await Person.objects({ name: 'Ada' }).exclude('tags', 'address').first())!;
    expect(noTags.age).toBe(36);
    expect(noTags.address).toBeUndefined();
    expect([...noTags.tags]).toEqual([]);
    const all = (await Person.objects({ name: 'Ada' }).only('name').allFields().first())!;
    expect(all.age).toBe(36);
  });

  it('fields() slices lists', async () => {
    const dee = (await Person.objects({ name: 'Dee' }).fields({ slice__tags: 2 }).first())!;
    expect([...dee.tags]).toEqual(['js', 'db']);
    const dee2 = (await Person.objects({ name: 'Dee' })
      .fields({ slice__tags: [1, 1] })
      .first())!;
    expect([...dee2.tags]).toEqual(['db']);
    expect(() => Person.objects().fields({ slice__tags: 'x' })).toThrow(InvalidQueryError);
  });

  it('fields() projects with elemMatch, and 1 / 0 as only / exclude', async () => {
    const dee = (await Person.objects({ name: 'Dee' })
      .fields({ elemMatch__tags: { eq: 'db' } })
      .first())!;
    expect([...dee.tags]).toEqual(['db']);
    expect(commands.named('find')[0]!.command['projection']).toEqual({ tags: { $elemMatch: { $eq: 'db' } } });
    const named = (await Person.objects({ name: 'Ada' }).fields({ name: 1, age: 1 }).first())!;
    expect([named.name, named.age, named.address]).toEqual(['Ada', 36, undefined]);
    const noAge = (await Person.objects({ name: 'Ada' }).fields({ age: 0 }).first())!;
    expect([noAge.name, noAge.age]).toEqual(['Ada', undefined]);
  });
});

describe('values', () => {
  it('scalar(), valuesList() and values() read fields', async () => {
    expect(await Person.objects().scalar('name')).toEqual(['Ada', 'Bob', 'Cy', 'Dee']);
    expect(await Person.objects({ age__gte: 18 }).scalar('name', 'age')).toEqual([
      ['Ada', 36],
      ['Bob', 25],
    ]);
    expect(await Person.objects({ name: 'Dee' }).valuesList('name', 'age')).toEqual([['Dee', undefined]]);
    expect(await Person.objects({ name: 'Ada' }).values('name', 'address__city')).toEqual([
      { name: 'Ada', address__city: 'Paris' },
    ]);
    expect(commands.named('find')[0]!.command['projection']).toEqual({ name: 1 });
  });

  it('distinct() converts values back through the field', async () => {
    expect(((await Person.objects().distinct('tags')) as string[]).sort()).toEqual(['db', 'go', 'js']);
    expect(((await Person.objects({ age__gte: 18 }).distinct('address__city')) as string[]).sort()).toEqual([
      'London',
      'Paris',
    ]);
    const addresses = await Person.objects({ name: 'Ada' }).distinct('address');
    expect(addresses).toHaveLength(1);
    expect(addresses[0]).toBeInstanceOf(Address);
    expect(commands.named('distinct')[0]!.command).toMatchObject({ key: 'tags', query: {} });
  });

  it('inBulk() and withId() find by primary key', async () => {
    const [ada, bob] = await Person.objects().limit(2).toArray();
    const ghost = new ObjectId();
    const byId = await Person.objects().inBulk([ada!.pk!, bob!.pk!, ghost]);
    expect(byId.size).toBe(2);
    expect(byId.get(ada!.pk!)!.name).toBe('Ada');
    expect(byId.get(bob!.pk!)!.name).toBe('Bob');
    expect((await Person.objects().withId(bob!.pk!))!.name).toBe('Bob');
    expect(await Person.objects().withId(ghost)).toBeUndefined();
    await expect(Person.objects({ name: 'Ada' }).withId(ada!.pk!)).rejects.toBeInstanceOf(InvalidQueryError);
  });
});

describe('iteration', () => {
  it('streams with getMore', async () => {
    const seen: string[] = [];
    for await (const p of Person.objects().batchSize(2)) seen.push(p.greet());
    expect(seen).toEqual(['hi Ada', 'hi Bob', 'hi Cy', 'hi Dee']);
    expect(commands.named('getMore').length).toBeGreaterThanOrEqual(1);
    expect(commands.named('killCursors')).toHaveLength(0);
  });

  it('closes the server cursor when iteration stops early', async () => {
    for await (const p of Person.objects().batchSize(2)) {
      expect(p.name).toBe('Ada');
      break;
    }
    const kills = commands.named('killCursors');
    expect(kills).toHaveLength(1);
    expect(kills[0]!.command['killCursors']).toBe('people');
  });
});

describe('aggregation', () => {
  it('sum(), average() and itemFrequencies()', async () => {
    expect(await Person.objects().sum('age')).toBe(78);
    expect(await Person.objects({ age__gte: 18 }).average('age')).toBe(30.5);
    expect(await Person.objects({ name: 'Zed' }).average('age')).toBe(0);
    const freq = await Person.objects().itemFrequencies('tags');
    expect(Object.fromEntries(freq)).toEqual({ db: 3, js: 2, go: 1 });
    const norm = await Person.objects().itemFrequencies('tags', { normalize: true });
    expect(norm.get('db')).toBeCloseTo(0.5);
    const cities = await Person.objects().itemFrequencies('address__city');
    expect(cities.get('Paris')).toBe(2);
  });

  it('aggregate() prepends the queryset stages', async () => {
    const rows = await Person.objects({ tags: 'db' })
      .orderBy('-age')
      .skip(1)
      .limit(1)
      .aggregate<{ name: string }>([{ $project: { _id: 0, name: 1 } }]);
    expect(rows).toEqual([{ name: 'Bob' }]);
    expect(commands.named('aggregate')[0]!.command['pipeline']).toEqual([
      { $match: { tags: 'db' } },
      { $sort: { age: -1 } },
      { $limit: 2 },
      { $skip: 1 },
      { $project: { _id: 0, name: 1 } },
    ]);
  });

  it('explain() returns the plan', async () => {
    const plan = await Person.objects({ name: 'Ada' }).explain();
    expect(plan).toBeTypeOf('object');
    expect(commands.named('explain')).toHaveLength(1);
  });
});

describe('searchText', () => {
  it('compiles $text (executed in the text-search issue)', () => {
    expect(Person.objects({ age__gte: 1 }).searchText('ada', { language: 'english' }).toFilter()).toEqual({
      age: { $gte: 1 },
      $text: { $search: 'ada', $language: 'english' },
    });
    expect(() => Person.objects().searchText('a').searchText('b')).toThrow(OperationError);
  });
});
