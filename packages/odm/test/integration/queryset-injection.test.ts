/**
 * Injection, end to end: user-shaped inputs (a parsed JSON body) go through every entry point
 * that takes a filter or update. Each is rejected with InvalidQueryError, or is a literal
 * string; command monitoring proves no injected operator reached the server, and the
 * collection is unchanged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ObjectId, type CommandStartedEvent } from 'mongodb';
import {
  DictField,
  DynamicDocument,
  Document,
  EmbeddedDocument,
  EmbeddedDocumentField,
  IntField,
  InvalidQueryError,
  ListField,
  ObjectIdField,
  Q,
  StringField,
  connect,
  disconnectAll,
  getDb,
  raw,
} from '../../src/index.js';
import { freshDbName, uriFor } from '../helpers.js';
import { recordCommands } from './queryset-fixtures.js';

class InjAddress extends EmbeddedDocument.define({ city: new StringField() }) {}

class InjUser extends Document.define(
  {
    name: new StringField(),
    age: new IntField(),
    owner: new ObjectIdField(),
    tags: new ListField(new StringField()),
    address: new EmbeddedDocumentField(InjAddress),
    settings: new DictField(),
  },
  { collection: 'inj_users' },
) {}

class InjLoose extends DynamicDocument.define({ name: new StringField() }, { collection: 'inj_loose' }) {}

/** Parsed like a request body, so `__proto__` is a real own key. */
const json = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

/** Operator-shaped values a client could send where a string or number is expected. */
const ATTACKS: readonly unknown[] = [
  { $ne: null },
  { $gt: '' },
  { $where: 'sleep(1000)' },
  { $regex: '.*' },
  { $in: ['Ada', 'Bob'] },
  [{ $ne: null }],
  { nested: { $gt: '' } },
  json('{"__proto__": {"polluted": true}}'),
  json('{"constructor": {"prototype": {"polluted": true}}}'),
  json('{"prototype": {"polluted": true}}'),
];

/** Keys a client could send in a filter or update object. */
const BAD_KEYS: readonly string[] = [
  '{"$where": "sleep(1000)"}',
  '{"$or": [{"name": "Ada"}, {"name": {"$ne": null}}]}',
  '{"$expr": {"$eq": [1, 1]}}',
  '{"$comment": "x"}',
  '{"name__$ne": "x"}',
  '{"name.$ne": "x"}',
  '{"__proto__": {"name": "Ada"}}',
  '{"constructor": "x"}',
  '{"prototype": "x"}',
  '{"settings____proto__": "x"}',
  '{"settings__constructor": "x"}',
  '{"settings__prototype__polluted": "x"}',
  '{"settings__theme.$gt": "x"}',
  '{"address.$where": "x"}',
  '{"settings__a.__proto__": "x"}',
];

/** Operator names that only injection could put in a command in this suite. */
const INJECTED = new Set([
  '$ne',
  '$gt',
  '$where',
  '$regex',
  '$expr',
  '$comment',
  '$or',
  '__proto__',
  'constructor',
  'prototype',
  'polluted',
  'nested',
]);

const SEED = [
  {
    _id: new ObjectId(),
    name: 'Ada',
    age: 36,
    tags: ['db'],
    address: { city: 'Paris' },
    settings: { theme: 'dark' },
  },
  { _id: new ObjectId(), name: 'Bob', age: 25, tags: [], settings: {} },
  { _id: new ObjectId(), name: '$ne', age: 1, tags: ['$where'] },
  { _id: new ObjectId(), name: '.*', age: 2 },
];

let commands: ReturnType<typeof recordCommands>;
const users = () => getDb().collection('inj_users');
const snapshot = () =>
  users()
    .find({}, { sort: { _id: 1 } })
    .toArray();

/** Keys of every command sent, at any depth, that are injected operators or prototype names. */
function injectedKeys(events: readonly CommandStartedEvent[]): string[] {
  const found: string[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (depth > 50 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, depth + 1);
      return;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return;
    for (const key of Object.getOwnPropertyNames(value)) {
      if (INJECTED.has(key)) found.push(key);
      walk((value as Record<string, unknown>)[key], depth + 1);
    }
  };
  for (const e of events) walk(e.command, 0);
  return found;
}

/** Runs `fn`, turning a synchronous throw into a rejection. */
async function attempt(fn: () => unknown): Promise<unknown> {
  return fn();
}

async function expectRejected(label: string, fn: () => unknown): Promise<void> {
  const n = commands.events.length;
  let error: unknown;
  try {
    await attempt(fn);
  } catch (e) {
    error = e;
  }
  const sent = commands.events.slice(n).map((e) => `${e.commandName} ${JSON.stringify(e.command)}`);
  expect(error, `${label}: nothing thrown${sent.length ? `; sent ${sent.join(', ')}` : ''}`).toBeInstanceOf(
    InvalidQueryError,
  );
  expect(sent, label).toEqual([]);
}

beforeAll(async () => {
  await connect(uriFor(freshDbName('qsinj')), { monitorCommands: true });
  commands = recordCommands();
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  await users().deleteMany({});
  await users().insertMany(SEED.map((d) => ({ ...d })));
  await InjUser.objects().count(); // first use of the class (collection, indexes) is not under test
  commands.clear();
});

describe('operator-shaped values are rejected before anything is sent', () => {
  const keys = [
    'name',
    'age',
    'owner',
    'tags',
    'address',
    'address__city',
    'settings',
    'settings__theme',
    'pk',
    'id',
    'name__ne',
    'name__in',
    'age__gte',
    'name__icontains',
    'tags__all',
  ];

  it('through objects(), filter(), get(), Q and every terminal', async () => {
    const before = await snapshot();
    commands.clear();
    for (const attack of ATTACKS) {
      for (const key of keys) {
        const q = { [key]: attack };
        const label = `${key}: ${JSON.stringify(attack)}`;
        await expectRejected(`objects ${label}`, () => InjUser.objects(q as never).toArray());
        await expectRejected(`count ${label}`, () => InjUser.objects(q as never).count());
        await expectRejected(`first ${label}`, () => InjUser.objects(q as never).first());
        await expectRejected(`filter ${label}`, () =>
          InjUser.objects()
            .filter(q as never)
            .toArray(),
        );
        await expectRejected(`get ${label}`, () => InjUser.objects().get(q as never));
        await expectRejected(`Q ${label}`, () => InjUser.objects(new Q(q as never)).toArray());
        await expectRejected(`Q.or ${label}`, () =>
          InjUser.objects(Q.or({ name: 'Ada' }, q as never)).toArray(),
        );
        await expectRejected(`Q.not ${label}`, () => InjUser.objects(Q.not(q as never)).toArray());
        await expectRejected(`delete ${label}`, () => InjUser.objects(q as never).delete());
        await expectRejected(`update where ${label}`, () =>
          InjUser.objects(q as never).update({ set__age: 99 }),
        );
        await expectRejected(`modify where ${label}`, () =>
          InjUser.objects(q as never).modify({ set__age: 99 }),
        );
      }
      await expectRejected('elemMatch', () => InjUser.objects({ tags__match: attack } as never).toArray());
      await expectRejected('dynamic', () => InjLoose.objects({ anything: attack } as never).toArray());
      await expectRejected('dynamic path', () => InjLoose.objects({ a__b: attack } as never).toArray());
    }
    expect(commands.events.map((e) => `${e.commandName} ${JSON.stringify(e.command)}`)).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('through update(), updateOne(), upsertOne() and modify() values', async () => {
    const before = await snapshot();
    commands.clear();
    const updateKeys = [
      'name',
      'set__name',
      'set__age',
      'set__address',
      'set__address__city',
      'set__settings',
      'set__settings__theme',
      'push__tags',
      'addToSet__tags',
      'pull__tags',
      'pullAll__tags',
      'inc__age',
      'max__age',
      'setOnInsert__name',
      'set__tags__S',
      'unset__name',
      'rename__name',
      'currentDate__age',
    ];
    for (const attack of ATTACKS) {
      for (const key of updateKeys) {
        const ops = { [key]: attack };
        const label = `${key}: ${JSON.stringify(attack)}`;
        await expectRejected(`update ${label}`, () => InjUser.objects().update(ops as never));
        await expectRejected(`updateOne ${label}`, () =>
          InjUser.objects({ name: 'Ada' }).updateOne(ops as never),
        );
        await expectRejected(`upsertOne ${label}`, () =>
          InjUser.objects({ name: 'New' }).upsertOne(ops as never),
        );
        await expectRejected(`modify ${label}`, () => InjUser.objects().modify(ops as never));
      }
      await expectRejected('dynamic update', () =>
        InjLoose.objects().update({ set__anything: attack } as never),
      );
      await expectRejected('arrayFilters', () =>
        InjUser.objects().update({ 'set__tags__$[t]': 'x' }, { arrayFilters: [{ t: attack } as never] }),
      );
    }
    expect(commands.events.map((e) => `${e.commandName} ${JSON.stringify(e.command)}`)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('through withId() and inBulk()', async () => {
    const before = await snapshot();
    commands.clear();
    for (const attack of ATTACKS) {
      await expectRejected(`withId ${JSON.stringify(attack)}`, () =>
        InjUser.objects().withId(attack as never),
      );
      await expectRejected(`inBulk ${JSON.stringify(attack)}`, () =>
        InjUser.objects().inBulk([attack] as never),
      );
      await expectRejected(`inBulk mixed ${JSON.stringify(attack)}`, () =>
        InjUser.objects().inBulk([SEED[0]!._id, attack] as never),
      );
    }
    expect(commands.events.map((e) => `${e.commandName} ${JSON.stringify(e.command)}`)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('raw() and Q are not accepted as values', async () => {
    await expectRejected('raw value', () => InjUser.objects({ name: raw({ $ne: null }) } as never).toArray());
    await expectRejected('Q value', () =>
      InjUser.objects({ name: new Q({ name: 'Ada' }) } as never).toArray(),
    );
    await expectRejected('raw update value', () =>
      InjUser.objects().update({ set__name: raw({ $ne: null }) } as never),
    );
    expect(commands.events).toEqual([]);
  });
});

describe('$-prefixed and prototype keys are rejected', () => {
  it('in filters, updates and Q', async () => {
    const before = await snapshot();
    commands.clear();
    for (const text of BAD_KEYS) {
      const body = json(text);
      await expectRejected(`objects ${text}`, () => InjUser.objects(body as never).toArray());
      await expectRejected(`dynamic ${text}`, () => InjLoose.objects(body as never).toArray());
      await expectRejected(`get ${text}`, () => InjUser.objects().get(body as never));
      await expectRejected(`filter ${text}`, () =>
        InjUser.objects()
          .filter(body as never)
          .count(),
      );
      await expectRejected(`Q ${text}`, () => InjUser.objects(Q.or(body as never, { name: 'x' })).toArray());
      await expectRejected(`delete ${text}`, () => InjUser.objects(body as never).delete());
      await expectRejected(`update ${text}`, () => InjUser.objects().update(body as never));
      await expectRejected(`modify ${text}`, () => InjUser.objects().modify(body as never));
    }
    for (const text of [
      '{"$set": {"name": "x"}}',
      '{"$unset": {"name": 1}}',
      '{"$rename": {"name": "x"}}',
      '{"set__name": "x", "$inc": {"age": 1}}',
    ]) {
      await expectRejected(`update ${text}`, () => InjUser.objects().update(json(text) as never));
      await expectRejected(`upsertOne ${text}`, () =>
        InjUser.objects({ name: 'N' }).upsertOne(json(text) as never),
      );
    }
    expect(commands.events.map((e) => `${e.commandName} ${JSON.stringify(e.command)}`)).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>)['name']).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('operator-looking strings are literals', () => {
  it('match only documents holding that exact string', async () => {
    const names = async (q: Record<string, unknown>) =>
      (await InjUser.objects(q as never).toArray()).map((d) => d.name).sort();
    expect(await names({ name: '$ne' })).toEqual(['$ne']);
    expect(await names({ name: '{"$ne":null}' })).toEqual([]);
    expect(await names({ tags: '$where' })).toEqual(['$ne']);
    expect(await names({ name__contains: '.*' })).toEqual(['.*']);
    expect(await names({ name__istartswith: '$' })).toEqual(['$ne']);
    expect(await names({ name__in: ['$ne', '$gt'] })).toEqual(['$ne']);
    expect(await names({ settings__theme: '$exists' })).toEqual([]);
    expect((await InjUser.objects().get({ name: '$ne' })).age).toBe(1);
    const finds = commands.named('find');
    expect(finds[0]!.command['filter']).toEqual({ name: '$ne' });
    expect(injectedKeys(commands.events)).toEqual([]);
  });

  it('are stored as given by updates', async () => {
    expect(await InjUser.objects({ name: 'Bob' }).update({ set__name: '$where', push__tags: '$ne' })).toBe(1);
    const bob = await users().findOne({ _id: SEED[1]!._id });
    expect(bob).toMatchObject({ name: '$where', tags: ['$ne'] });
    const [cmd] = commands.named('update');
    expect(cmd!.command['updates'][0].u).toEqual({ $set: { name: '$where' }, $push: { tags: '$ne' } });
    expect(injectedKeys(commands.events)).toEqual([]);
    expect(await users().countDocuments()).toBe(SEED.length);
  });
});
