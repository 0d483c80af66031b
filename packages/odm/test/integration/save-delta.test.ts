import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ConnectionError,
  Document,
  EmbeddedDocument,
  NotUniqueError,
  OperationError,
  SaveConditionError,
  ValidationError,
  FieldDoesNotExist,
  connect,
  disconnectAll,
  getConnection,
  getDb,
} from '../../src/index.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import { IntField } from '../../src/fields/int-field.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';

class Geo extends EmbeddedDocument.define({ lat: new IntField(), label: new StringField() }) {}
class Addr extends EmbeddedDocument.define({
  city: new StringField({ required: true }),
  zip: new StringField({ regex: /^\d{5}$/ }),
  geo: new EmbeddedDocumentField(Geo),
}) {}

class Member extends Document.define(
  {
    name: new StringField({ required: true, maxLength: 20 }),
    email: new StringField({ unique: true }),
    age: new IntField({ min: 0, max: 150 }),
    nickname: new StringField({ dbField: 'nick' }),
    tags: new ListField(new StringField()),
    address: new EmbeddedDocumentField(Addr),
    addresses: new ListField(new EmbeddedDocumentField(Addr)),
    version: new IntField({ default: 1 }),
  },
  { collection: 'members' },
) {}

class Sharded extends Document.define(
  { region: new StringField({ required: true }), n: new IntField() },
  { collection: 'sharded', shardKey: ['region'] },
) {}

const dbName = freshDbName('save');
const events: CommandStartedEvent[] = [];

beforeAll(async () => {
  await connect(uriFor(dbName), { monitorCommands: true });
  getConnection().on('commandStarted', (e: CommandStartedEvent) => {
    if (['insert', 'update', 'delete', 'findAndModify'].includes(e.commandName)) events.push(e);
  });
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  await getDb().collection('members').deleteMany({});
  events.length = 0;
});

const raw = () => getDb().collection('members');

describe('insert', () => {
  it('inserts the stored form and assigns the id back', async () => {
    const m = await new Member({ name: 'Ada', age: 36, nickname: 'ada', tags: ['x'] }).save();
    expect(m.pk).toBeDefined();
    const stored = await raw().findOne({ _id: m.pk! });
    expect(stored).toEqual({
      _id: m.pk,
      name: 'Ada',
      age: 36,
      nick: 'ada',
      tags: ['x'],
      addresses: [],
      version: 1,
    });
    expect(events.map((e) => e.commandName)).toEqual(['insert']);
  });

  it('writes nothing when validation fails, and reports every problem', async () => {
    const m = new Member({ name: 'a name that is far too long', age: -3 });
    m.address = new Addr({ city: 'Paris', zip: 'nope' });
    const error = await m.save().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['address.zip', 'age', 'name']);
    expect(await raw().countDocuments()).toBe(0);
    expect(events).toHaveLength(0);
  });

  it('rejects wrong types and missing required fields', async () => {
    const wrongType = new Member({ name: 'x', age: 'old' as never });
    await expect(wrongType.save()).rejects.toThrow(/age/);
    const missing = new Member({} as never);
    await expect(missing.save()).rejects.toThrow(/name: Field is required/);
    expect(await raw().countDocuments()).toBe(0);
  });

  it('rejects unknown fields before anything is sent', async () => {
    expect(() => new Member({ name: 'x', bogus: 1 } as never)).toThrow(FieldDoesNotExist);
    expect(await raw().countDocuments()).toBe(0);
  });

  it('turns a duplicate unique value into NotUniqueError and keeps the first document', async () => {
    await Member.ensureIndexes();
    await new Member({ name: 'a', email: 'a@x.io' }).save();
    const error = await new Member({ name: 'b', email: 'a@x.io' }).save().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotUniqueError);
    expect((error as NotUniqueError).fields).toContain('email');
    expect(await raw().countDocuments()).toBe(1);
    expect((await raw().findOne({}))?.['name']).toBe('a');
  });

  it('forceInsert of a loaded document fails on the duplicate _id', async () => {
    const m = await new Member({ name: 'a' }).save();
    await expect(m.save({ forceInsert: true })).rejects.toThrow(NotUniqueError);
  });
});

describe('delta updates', () => {
  it('sends exactly the changed nested paths', async () => {
    const m = await new Member({
      name: 'Ada',
      address: new Addr({ city: 'Paris', geo: new Geo({ lat: 1, label: 'p' }) }),
      addresses: [new Addr({ city: 'A' }), new Addr({ city: 'B' })],
    }).save();
    events.length = 0;
    m.address!.geo!.lat = 2;
    m.addresses[1]!.zip = '12345';
    m.nickname = 'countess';
    m.address!.geo!.label = undefined;
    await m.save();
    expect(events).toHaveLength(1);
    const update = (events[0]!.command['updates'] as { q: unknown; u: unknown; upsert?: boolean }[])[0]!;
    expect(update.q).toEqual({ _id: m.pk });
    expect(update.u).toEqual({
      $set: { 'address.geo.lat': 2, 'addresses.1.zip': '12345', nick: 'countess' },
      $unset: { 'address.geo.label': '' },
    });
    const stored = await raw().findOne({ _id: m.pk! });
    expect(stored?.['address']).toEqual({ city: 'Paris', geo: { lat: 2 } });
    expect(stored?.['addresses']).toEqual([{ city: 'A' }, { city: 'B', zip: '12345' }]);
  });

  it('lets a replaced parent supersede its children and sends whole-list changes', async () => {
    const m = await new Member({ name: 'Ada', tags: ['a'], address: new Addr({ city: 'Paris' }) }).save();
    events.length = 0;
    m.address!.city = 'Lyon';
    m.address = new Addr({ city: 'Nice' });
    m.tags.push('b');
    await m.save();
    const update = (events[0]!.command['updates'] as { u: unknown }[])[0]!;
    expect(update.u).toEqual({ $set: { address: { city: 'Nice' }, tags: ['a', 'b'] } });
  });

  it('sends nothing when nothing changed', async () => {
    const m = await new Member({ name: 'Ada' }).save();
    events.length = 0;
    m.name = 'Ada';
    await m.save();
    expect(events).toHaveLength(0);
  });

  it('unsets removed values and empties equal to the default', async () => {
    const m = await new Member({ name: 'Ada', age: 3, tags: ['a'] }).save();
    events.length = 0;
    m.age = undefined;
    m.tags = [];
    await m.save();
    const update = (events[0]!.command['updates'] as { u: unknown }[])[0]!;
    expect(update.u).toEqual({ $unset: { age: '', tags: '' } });
    const stored = await raw().findOne({ _id: m.pk! });
    expect(stored).not.toHaveProperty('age');
    expect(stored).not.toHaveProperty('tags');
  });

  it('writes nothing when a loaded document fails validation', async () => {
    const m = await new Member({ name: 'Ada', age: 3 }).save();
    m.age = 500;
    await expect(m.save()).rejects.toThrow(ValidationError);
    expect((await raw().findOne({ _id: m.pk! }))?.['age']).toBe(3);
  });

  it('passes the write concern to the server', async () => {
    const m = await new Member({ name: 'Ada' }).save({ writeConcern: { w: 1 } });
    expect(events[0]!.command['writeConcern']).toEqual({ w: 1 });
    expect(m.pk).toBeDefined();
  });
});

describe('saveCondition', () => {
  it('updates when the condition holds and raises SaveConditionError otherwise', async () => {
    const m = await new Member({ name: 'Ada', version: 1 }).save();
    m.name = 'Ada L.';
    m.version = 2;
    await m.save({ saveCondition: { version: 1 } });
    expect((await raw().findOne({ _id: m.pk! }))?.['version']).toBe(2);

    m.name = 'Someone else';
    await expect(m.save({ saveCondition: { version: 1 } })).rejects.toThrow(SaveConditionError);
    expect((await raw().findOne({ _id: m.pk! }))?.['name']).toBe('Ada L.');
  });

  it('accepts MongoEngine-style operators in the condition', async () => {
    const m = await new Member({ name: 'Ada', version: 5 }).save();
    m.name = 'B';
    await m.save({ saveCondition: { version__lt: 10 } });
    expect((await raw().findOne({ _id: m.pk! }))?.['name']).toBe('B');
  });
});

describe('shard keys', () => {
  it('puts the shard key in the update filter and refuses to change it', async () => {
    const s = await new Sharded({ region: 'eu', n: 1 }).save();
    events.length = 0;
    s.n = 2;
    await s.save();
    const update = (events[0]!.command['updates'] as { q: unknown }[])[0]!;
    expect(update.q).toEqual({ _id: s.pk, region: 'eu' });
    expect(() => {
      s.region = 'us';
    }).toThrow(OperationError);
    expect(s.region).toBe('eu');
  });

  it('lets a new document set its shard key freely', () => {
    const s = new Sharded({ region: 'eu' });
    s.region = 'us';
    expect(s.region).toBe('us');
  });
});

describe('embedded documents', () => {
  it('saving an embedded document saves its root', async () => {
    const m = await new Member({
      name: 'Ada',
      address: new Addr({ city: 'Paris' }),
      addresses: [new Addr({ city: 'A' })],
    }).save();
    m.address!.city = 'Lyon';
    await m.address!.save();
    m.addresses[0]!.city = 'Z';
    await m.addresses[0]!.save();
    const stored = await raw().findOne({ _id: m.pk! });
    expect(stored?.['address']).toEqual({ city: 'Lyon' });
    expect(stored?.['addresses']).toEqual([{ city: 'Z' }]);
  });

  it('saving an embedded document with no parent is a clear OperationError', async () => {
    await expect(new Addr({ city: 'x' }).save()).rejects.toThrow(/not inside a document/);
    expect(await raw().countDocuments()).toBe(0);
  });
});

describe('connections', () => {
  it('an unknown alias gives a ConnectionError naming it, and nothing is written', async () => {
    class Elsewhere extends Document.define({ a: new StringField() }, { dbAlias: 'nowhere' }) {}
    const error = await new Elsewhere({ a: 'x' }).save().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(String(error)).toContain('nowhere');
    expect(events).toHaveLength(0);
  });
});
