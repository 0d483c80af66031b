/**
 * Every update key executed through `update` / `updateOne` / `upsertOne` / `modify`, asserting
 * the stored document afterwards with the raw driver, and that values are cast and validated by
 * their field with nothing written when one is wrong.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ObjectId, Timestamp, type Document as MongoDocument } from 'mongodb';
import {
  DateTimeField,
  Document,
  EmbeddedDocument,
  EmbeddedDocumentField,
  FloatField,
  IntField,
  InvalidQueryError,
  ListField,
  StringField,
  ValidationError,
  connect,
  disconnectAll,
  getDb,
  raw,
} from '../../src/index.js';
import { freshDbName, uriFor } from '../helpers.js';
import { recordCommands } from './queryset-fixtures.js';

class UpAddress extends EmbeddedDocument.define({ city: new StringField({ dbField: 'c' }) }) {}
class UpComment extends EmbeddedDocument.define({ author: new StringField(), votes: new IntField() }) {}

class UpUser extends Document.define(
  {
    name: new StringField({ required: true }),
    nick: new StringField({ dbField: 'n' }),
    age: new IntField({ min: 0 }),
    score: new FloatField(),
    born: new DateTimeField(),
    address: new EmbeddedDocumentField(UpAddress, { dbField: 'addr' }),
    tags: new ListField(new StringField()),
    scores: new ListField(new IntField()),
    comments: new ListField(new EmbeddedDocumentField(UpComment)),
  },
  { collection: 'up_users' },
) {}

const ids = { ada: new ObjectId(), bob: new ObjectId() };
const users = () => getDb().collection('up_users');
const stored = async (id: ObjectId): Promise<MongoDocument> => (await users().findOne({ _id: id }))!;
const snapshot = () =>
  users()
    .find({}, { sort: { _id: 1 } })
    .toArray();
const ada = () => UpUser.objects({ pk: ids.ada });
let commands: ReturnType<typeof recordCommands>;

beforeAll(async () => {
  await connect(uriFor(freshDbName('qsupd')), { monitorCommands: true });
  commands = recordCommands();
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  await users().deleteMany({});
  await users().insertMany([
    {
      _id: ids.ada,
      name: 'Ada',
      n: 'ada',
      age: 36,
      score: 1.5,
      addr: { c: 'Paris' },
      tags: ['db', 'js'],
      scores: [1, 5, 9],
      comments: [
        { author: 'bob', votes: 3 },
        { author: 'spam', votes: 0 },
        { author: 'cy', votes: 1 },
      ],
    },
    { _id: ids.bob, name: 'Bob', age: 25, tags: ['db'], scores: [2, 4], comments: [] },
  ]);
  commands.clear();
});

describe('field operators', () => {
  it('set__, bare field: v, embedded paths and db names', async () => {
    expect(await ada().update({ set__age: 40, nick: 'countess', set__address__city: 'Rome' })).toBe(1);
    const doc = await stored(ids.ada);
    expect(doc).toMatchObject({ age: 40, n: 'countess', addr: { c: 'Rome' } });
    expect(doc).not.toHaveProperty('nick');
    await ada().update({ address: new UpAddress({ city: 'Oslo' }) });
    expect((await stored(ids.ada))['addr']).toEqual({ c: 'Oslo' });
    await ada().update({ set__born: '2020-01-02' });
    expect((await stored(ids.ada))['born']).toEqual(new Date('2020-01-02T00:00:00Z'));
  });

  it('unset__ and rename__', async () => {
    await ada().update({ unset__age: true, rename__nick: 'alias' });
    const doc = await stored(ids.ada);
    expect(doc).not.toHaveProperty('age');
    expect(doc).not.toHaveProperty('n');
    expect(doc['alias']).toBe('ada');
  });

  it('inc__ dec__ mul__ min__ max__', async () => {
    await UpUser.objects().update({ inc__age: 2 });
    expect((await stored(ids.ada))['age']).toBe(38);
    expect((await stored(ids.bob))['age']).toBe(27);
    await ada().update({ dec__age: 8 });
    expect((await stored(ids.ada))['age']).toBe(30);
    await ada().update({ mul__score: 2 });
    expect((await stored(ids.ada))['score']).toBe(3);
    await UpUser.objects().update({ min__age: 28 });
    expect([(await stored(ids.ada))['age'], (await stored(ids.bob))['age']]).toEqual([28, 27]);
    await UpUser.objects().update({ max__age: 28 });
    expect([(await stored(ids.ada))['age'], (await stored(ids.bob))['age']]).toEqual([28, 28]);
  });

  it('currentDate__ as a date and as a timestamp', async () => {
    const before = Date.now();
    await ada().update({ currentDate__born: true });
    const born = (await stored(ids.ada))['born'] as Date;
    expect(born).toBeInstanceOf(Date);
    expect(born.getTime()).toBeGreaterThanOrEqual(before - 1000);
    await ada().update(raw({ $currentDate: { stamp: { $type: 'timestamp' } } }));
    await ada().update({ currentDate__born: 'timestamp' });
    expect((await stored(ids.ada))['born']).toBeInstanceOf(Timestamp);
  });

  it('setOnInsert__ only applies when upsertOne inserts', async () => {
    const eve = await UpUser.objects({ name: 'Eve' }).upsertOne({ set__age: 5, setOnInsert__nick: 'new' });
    expect(eve.name).toBe('Eve');
    expect(await users().findOne({ name: 'Eve' })).toMatchObject({ name: 'Eve', age: 5, n: 'new' });
    await UpUser.objects({ name: 'Ada' }).upsertOne({ set__age: 1, setOnInsert__nick: 'ignored' });
    expect(await stored(ids.ada)).toMatchObject({ age: 1, n: 'ada' });
    expect(await users().countDocuments()).toBe(3);
  });
});

describe('list operators', () => {
  it('push__ one, many, at a position; pushAll__', async () => {
    await ada().update({ push__tags: 'go' });
    expect((await stored(ids.ada))['tags']).toEqual(['db', 'js', 'go']);
    await ada().update({ push__tags: ['a', 'b'] });
    expect((await stored(ids.ada))['tags']).toEqual(['db', 'js', 'go', 'a', 'b']);
    await ada().update({ push__tags__0: 'first' });
    expect((await stored(ids.ada))['tags']).toEqual(['first', 'db', 'js', 'go', 'a', 'b']);
    await UpUser.objects({ name: 'Bob' }).update({ pushAll__tags: ['x', 'y'] });
    expect((await stored(ids.bob))['tags']).toEqual(['db', 'x', 'y']);
    await UpUser.objects({ name: 'Bob' }).update({
      push__comments: new UpComment({ author: 'z', votes: 1 }),
    });
    expect((await stored(ids.bob))['comments']).toEqual([{ author: 'z', votes: 1 }]);
  });

  it('pull__ a value, with an operator, a sub-query; pullAll__', async () => {
    await ada().update({ pull__tags: 'js' });
    expect((await stored(ids.ada))['tags']).toEqual(['db']);
    await ada().update({ pull__scores: { lt: 5 } });
    expect((await stored(ids.ada))['scores']).toEqual([5, 9]);
    await ada().update({ pull__scores__in: [9, 100] });
    expect((await stored(ids.ada))['scores']).toEqual([5]);
    await ada().update({ pull__comments: { author: 'spam' } });
    expect((await stored(ids.ada))['comments']).toEqual([
      { author: 'bob', votes: 3 },
      { author: 'cy', votes: 1 },
    ]);
    await ada().update({ pull__comments: { votes__gte: 2 } });
    expect((await stored(ids.ada))['comments']).toEqual([{ author: 'cy', votes: 1 }]);
    await UpUser.objects({ name: 'Bob' }).update({ pullAll__scores: [2, 4, 7] });
    expect((await stored(ids.bob))['scores']).toEqual([]);
  });

  it('addToSet__ one and many (no duplicates); pop__ both ends', async () => {
    await ada().update({ addToSet__tags: 'db' });
    expect((await stored(ids.ada))['tags']).toEqual(['db', 'js']);
    await ada().update({ addToSet__tags: ['js', 'go', 'go'] });
    expect((await stored(ids.ada))['tags']).toEqual(['db', 'js', 'go']);
    await ada().update({ pop__scores: 1 });
    expect((await stored(ids.ada))['scores']).toEqual([1, 5]);
    await ada().update({ pop__scores: -1 });
    expect((await stored(ids.ada))['scores']).toEqual([5]);
  });
});

describe('positional paths', () => {
  it('S is the positional $ of the matched item', async () => {
    await UpUser.objects({ comments__author: 'cy' }).update({ inc__comments__S__votes: 10 });
    expect((await stored(ids.ada))['comments']).toEqual([
      { author: 'bob', votes: 3 },
      { author: 'spam', votes: 0 },
      { author: 'cy', votes: 11 },
    ]);
    await UpUser.objects({ tags: 'js' }).update({ set__tags__S: 'JS' });
    expect((await stored(ids.ada))['tags']).toEqual(['db', 'JS']);
  });

  it('$[] updates every item', async () => {
    await ada().update({ 'inc__scores__$[]': 1, 'set__comments__$[]__votes': 0 });
    const doc = await stored(ids.ada);
    expect(doc['scores']).toEqual([2, 6, 10]);
    expect((doc['comments'] as { votes: number }[]).map((c) => c.votes)).toEqual([0, 0, 0]);
  });

  it('$[id] updates the items arrayFilters select (lookups compiled by the item field)', async () => {
    await ada().update({ 'set__scores__$[g]': 100 }, { arrayFilters: [{ g__gte: 5 }] });
    expect((await stored(ids.ada))['scores']).toEqual([1, 100, 100]);
    await ada().update(
      { 'inc__comments__$[c]__votes': 5 },
      { arrayFilters: [{ c__author__in: ['bob', 'cy'] }] },
    );
    expect((await stored(ids.ada))['comments']).toEqual([
      { author: 'bob', votes: 8 },
      { author: 'spam', votes: 0 },
      { author: 'cy', votes: 6 },
    ]);
    const [cmd] = commands.named('update').slice(-1);
    expect(cmd!.command['updates'][0].arrayFilters).toEqual([{ 'c.author': { $in: ['bob', 'cy'] } }]);
    const mod = await ada().modify({ 'set__scores__$[g]': 7 }, { arrayFilters: [{ g__lt: 50 }], new: true });
    expect(mod!.scores).toEqual([7, 100, 100]);
    await ada().update(raw({ $set: { 'tags.$[t]': 'JS' } }), { arrayFilters: [raw({ t: 'js' })] });
    expect((await stored(ids.ada))['tags']).toEqual(['db', 'JS']);
  });
});

describe('terminals and raw updates', () => {
  it('update() updates all matches, updateOne() the first, upsert: true inserts', async () => {
    expect(await UpUser.objects({ tags: 'db' }).update({ inc__age: 1 })).toBe(2);
    expect([(await stored(ids.ada))['age'], (await stored(ids.bob))['age']]).toEqual([37, 26]);
    expect(await UpUser.objects({ tags: 'db' }).updateOne({ inc__age: 1 })).toBe(1);
    expect((await stored(ids.ada))['age']! + (await stored(ids.bob))['age']!).toBe(64);
    expect(await UpUser.objects({ name: 'Zed' }).update({ set__age: 9 })).toBe(0);
    expect(await UpUser.objects({ name: 'Zed' }).update({ set__age: 9 }, { upsert: true })).toBe(1);
    expect(await users().findOne({ name: 'Zed' })).toMatchObject({ name: 'Zed', age: 9 });
  });

  it('modify() returns the document before or after, honours sort, and removes', async () => {
    const before = await UpUser.objects().modify({ inc__age: 1 }, { sort: ['-age'] });
    expect(before).toMatchObject({ name: 'Ada', age: 36 });
    expect((await stored(ids.ada))['age']).toBe(37);
    const after = await UpUser.objects().modify({ inc__age: 1 }, { sort: ['age'], new: true });
    expect(after).toMatchObject({ name: 'Bob', age: 26 });
    expect(await UpUser.objects({ name: 'Nobody' }).modify({ inc__age: 1 })).toBeNull();
    const removed = await UpUser.objects({ name: 'Bob' }).modify({}, { remove: true });
    expect(removed!.name).toBe('Bob');
    expect(await users().countDocuments()).toBe(1);
  });

  it('raw() update documents and aggregation pipelines', async () => {
    await ada().update(raw({ $set: { extra: 1 }, $inc: { age: 1 } }));
    expect(await stored(ids.ada)).toMatchObject({ extra: 1, age: 37 });
    await UpUser.objects().update(raw([{ $set: { total: { $add: ['$age', { $size: '$tags' }] } } }]));
    expect((await stored(ids.ada))['total']).toBe(39);
    expect((await stored(ids.bob))['total']).toBe(26);
    await ada().update({ __raw__: { $unset: { extra: '' } }, set__nick: 'x' });
    expect(await stored(ids.ada)).not.toHaveProperty('extra');
    expect((await stored(ids.ada))['n']).toBe('x');
  });
});

describe('validation', () => {
  it('rejects values of the wrong kind before anything is sent', async () => {
    const start = await snapshot();
    const bad: [Record<string, unknown>, new (...args: never[]) => Error][] = [
      [{ inc__age: 'x' }, InvalidQueryError],
      [{ dec__age: '1' }, InvalidQueryError],
      [{ mul__age: true }, InvalidQueryError],
      [{ set__age: 'old' }, ValidationError],
      [{ age: 'old' }, ValidationError],
      [{ set__age: -1 }, ValidationError],
      [{ max__age: 'x' }, InvalidQueryError],
      [{ push__scores: 'x' }, ValidationError],
      [{ addToSet__scores: ['x', 2] }, ValidationError],
      [{ set__address__city: 5 }, ValidationError],
      [{ set__born: 'not a date' }, ValidationError],
      [{ inc__tags: 1 }, InvalidQueryError],
      [{ set__nmae: 'x' }, InvalidQueryError],
    ];
    for (const [ops, error] of bad) {
      const opts = {};
      await expect(ada().update(ops as never, opts), JSON.stringify(ops)).rejects.toBeInstanceOf(error);
      await expect(ada().modify(ops as never, opts), JSON.stringify(ops)).rejects.toBeInstanceOf(error);
      await expect(UpUser.objects({ name: 'New' }).upsertOne(ops as never, opts)).rejects.toBeInstanceOf(
        error,
      );
    }
    // $[g] needs a condition on g, of the item's type, and no condition on an unused identifier.
    for (const arrayFilters of [undefined, [], [{ h__gte: 1 }], [{ g__gte: 'x' }], [{ g: { $ne: null } }]]) {
      const opts = arrayFilters ? { arrayFilters } : {};
      await expect(ada().update({ 'set__scores__$[g]': 1 }, opts)).rejects.toBeInstanceOf(InvalidQueryError);
      await expect(ada().modify({ 'set__scores__$[g]': 1 }, opts)).rejects.toBeInstanceOf(InvalidQueryError);
    }
    expect(commands.events.filter((e) => ['update', 'findAndModify'].includes(e.commandName))).toEqual([]);
    expect(await snapshot()).toEqual(start);
  });
});
