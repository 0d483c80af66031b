import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  NotUniqueError,
  OperationError,
  ValidationError,
  connect,
  disconnectAll,
  getDb,
  installDocumentHook,
} from '../../src/index.js';
import { Document } from '../../src/index.js';
import { SequenceField } from '../../src/fields/sequence-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';
import { Address, Person, recordCommands, seedPeople } from './queryset-fixtures.js';

class Ticket extends Document.define({ num: new SequenceField(), label: new StringField() }) {}

class Account extends Document.define(
  { email: new StringField({ unique: true }) },
  { collection: 'accounts' },
) {}

let commands: ReturnType<typeof recordCommands>;

beforeAll(async () => {
  await connect(uriFor(freshDbName('qswrite')), { monitorCommands: true });
  commands = recordCommands();
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  await seedPeople();
  commands.clear();
});

const people = () => getDb().collection('people');

describe('create and insert', () => {
  it('create() validates and inserts one document', async () => {
    const eve = await Person.objects().create({ name: 'Eve', age: 30 });
    expect(eve).toBeInstanceOf(Person);
    expect(eve.pk).toBeDefined();
    expect(await people().findOne({ _id: eve.pk! })).toMatchObject({ name: 'Eve', age: 30 });
    await expect(Person.objects().create({ age: 3 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('insert() sends one insertMany and fills the primary keys', async () => {
    const docs = [
      new Person({ name: 'F', tags: ['x'] }),
      new Person({ name: 'G', address: new Address({ city: 'Rome' }) }),
    ];
    const inserted = await Person.objects().insert(docs);
    expect(inserted[0]).toBe(docs[0]);
    expect(inserted.map((d) => d.name)).toEqual(['F', 'G']);
    expect(inserted.every((d) => d.pk !== undefined)).toBe(true);
    const cmd = commands.named('insert');
    expect(cmd).toHaveLength(1);
    expect(cmd[0]!.command['documents']).toHaveLength(2);
    expect(await Person.objects({ name__in: ['F', 'G'] }).count()).toBe(2);
    // Saved documents now update, not insert.
    inserted[0]!.age = 9;
    await inserted[0]!.save();
    expect((await people().findOne({ name: 'F' }))!['age']).toBe(9);
  });

  it('insert() returns ids with loadBulk: false, a single document for a single input', async () => {
    const ids = await Person.objects().insert([new Person({ name: 'H' })], { loadBulk: false });
    expect(ids).toHaveLength(1);
    expect((await people().findOne({ _id: ids[0]! }))!['name']).toBe('H');
    const one = await Person.objects().insert(new Person({ name: 'I' }));
    expect(one.name).toBe('I');
  });

  it('insert() validates unless told not to, and rejects saved or foreign documents', async () => {
    await expect(
      Person.objects().insert([new Person({ name: 'ok' }), new Person({ age: 1 } as never)]),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await Person.objects({ name: 'ok' }).count()).toBe(0);
    await Person.objects().insert([new Person({ age: 1 } as never)], { validate: false });
    expect(await Person.objects({ age: 1 }).count()).toBe(1);
    const saved = (await Person.objects().first())!;
    await expect(Person.objects().insert([saved])).rejects.toBeInstanceOf(OperationError);
    await expect(Person.objects().insert([new Account({ email: 'a' }) as never])).rejects.toBeInstanceOf(
      OperationError,
    );
  });

  it('insert() fills sequence fields as save() does', async () => {
    const [a, b] = await Ticket.objects().insert([new Ticket({ label: 'a' }), new Ticket({ label: 'b' })]);
    expect([a!.num, b!.num]).toEqual([1, 2]);
    expect(await Ticket.objects().orderBy('num').scalar('label', 'num')).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('insert() converts duplicate keys to NotUniqueError and runs the bulk hooks', async () => {
    const seen: string[] = [];
    const offPre = installDocumentHook('preBulkInsert', (docs) => {
      seen.push(`pre:${(docs as Account[]).length}:${(docs as Account[])[0]!.pk === undefined}`);
    });
    const offPost = installDocumentHook('postBulkInsert', (docs, ctx) => {
      seen.push(
        `post:${(docs as Account[]).length}:${(docs as Account[])[0]!.pk !== undefined}:${String(ctx.created)}`,
      );
    });
    try {
      await Account.objects().delete();
      await Account.objects().insert([new Account({ email: 'a@x' }), new Account({ email: 'b@x' })]);
      expect(seen).toEqual(['pre:2:true', 'post:2:true:true']);
      await expect(Account.objects().insert([new Account({ email: 'a@x' })])).rejects.toBeInstanceOf(
        NotUniqueError,
      );
    } finally {
      offPre();
      offPost();
    }
  });
});

describe('update', () => {
  it('update() updates every match and resolves to the matched count', async () => {
    expect(await Person.objects({ tags: 'db' }).update({ inc__age: 1, push__tags: 'new' })).toBe(3);
    const [cmd] = commands.named('update');
    expect(cmd!.command['updates']).toEqual([
      { q: { tags: 'db' }, u: { $inc: { age: 1 }, $push: { tags: 'new' } }, multi: true },
    ]);
    expect((await people().findOne({ name: 'Ada' }))!['age']).toBe(37);
    expect((await people().findOne({ name: 'Cy' }))!['tags']).toEqual([]);
  });

  it('updateOne() and multi: false update one document', async () => {
    expect(await Person.objects({ tags: 'db' }).orderBy('name').updateOne({ set__age: 1 })).toBe(1);
    expect(await Person.objects({ tags: 'db' }).update({ set__age: 2 }, { multi: false })).toBe(1);
    expect(await Person.objects({ age__in: [1, 2] }).count()).toBe(1);
  });

  it('update() upserts, and refuses an empty update', async () => {
    expect(await Person.objects({ name: 'Zed' }).update({ set__age: 5 }, { upsert: true })).toBe(1);
    expect(await people().findOne({ name: 'Zed' })).toMatchObject({ name: 'Zed', age: 5 });
    await expect(Person.objects().update({})).rejects.toBeInstanceOf(OperationError);
  });

  it('passes arrayFilters and the write concern', async () => {
    await Person.objects({ name: 'Dee' }).update(
      { __raw__: { $set: { 'tags.$[t]': 'JS' } } },
      { arrayFilters: [{ t: 'js' }], writeConcern: { w: 1 } },
    );
    expect((await people().findOne({ name: 'Dee' }))!['tags']).toEqual(['JS', 'db', 'go']);
    const [cmd] = commands.named('update');
    expect(cmd!.command['updates'][0].arrayFilters).toEqual([{ t: 'js' }]);
    expect(cmd!.command['writeConcern']).toEqual({ w: 1 });
  });

  it('upsertOne() returns the resulting document', async () => {
    const zed = await Person.objects({ name: 'Zed' }).upsertOne({ set__age: 50 });
    expect(zed).toBeInstanceOf(Person);
    expect(zed.age).toBe(50);
    const again = await Person.objects({ name: 'Zed' }).upsertOne({ inc__age: 1 });
    expect(again.pk).toEqual(zed.pk);
    expect(again.age).toBe(51);
  });
});

describe('modify', () => {
  it('returns the document before, or after with new, honouring the ordering', async () => {
    const before = await Person.objects({ tags: 'db' }).orderBy('-age').modify({ inc__age: 10 });
    expect(before!.name).toBe('Ada');
    expect(before!.age).toBe(36);
    const after = await Person.objects({ age__gte: 18 })
      .orderBy('age')
      .modify({ inc__age: 10 }, { new: true });
    expect(after!.name).toBe('Bob');
    expect(after!.age).toBe(35);
    const sorted = await Person.objects({ tags: 'db' }).modify(
      { set__age: 0 },
      { new: true, sort: ['-name'] },
    );
    expect(sorted!.name).toBe('Dee');
    expect(await Person.objects({ name: 'Zed' }).modify({ set__age: 1 })).toBeNull();
  });

  it('upserts, removes, and refuses remove with new', async () => {
    const made = await Person.objects({ name: 'Zed' }).modify({ set__age: 1 }, { upsert: true, new: true });
    expect(made!.age).toBe(1);
    const removed = await Person.objects({ name: 'Zed' }).modify({}, { remove: true });
    expect(removed!.name).toBe('Zed');
    expect(await Person.objects({ name: 'Zed' }).count()).toBe(0);
    await expect(Person.objects().modify({}, { remove: true, new: true })).rejects.toBeInstanceOf(
      OperationError,
    );
  });
});

describe('delete', () => {
  it('deletes every match with deleteMany and resolves to the count', async () => {
    expect(await Person.objects({ age__lt: 30 }).delete()).toBe(2);
    expect(commands.named('delete')[0]!.command['deletes']).toEqual([{ q: { age: { $lt: 30 } }, limit: 0 }]);
    expect(await Person.objects().count()).toBe(2);
  });

  it('deletes one by one with a limit', async () => {
    expect(await Person.objects().orderBy('name').limit(2).delete()).toBe(2);
    expect(await Person.objects().scalar('name')).toEqual(['Cy', 'Dee']);
  });

  it('deletes one by one, running delete hooks, when hooks are installed', async () => {
    const deleted: string[] = [];
    const off = installDocumentHook('applyDeleteRules', (doc) => {
      deleted.push((doc as Person).name);
    });
    try {
      expect(await Person.objects({ tags: 'js' }).delete()).toBe(2);
      expect(deleted.sort()).toEqual(['Ada', 'Dee']);
    } finally {
      off();
    }
  });
});
