/** The snippets of docs/getting-started.md, run as written (with assertions added). */
import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Document,
  EmbeddedDocument,
  EmbeddedDocumentField,
  FieldDoesNotExist,
  IntField,
  ListField,
  NotUniqueError,
  SaveConditionError,
  StringField,
  ValidationError,
  connect,
  disconnectAll,
  getConnection,
} from '../../src/index.js';
import { freshDbName, uriFor } from '../helpers.js';

class Address extends EmbeddedDocument.define({
  city: new StringField({ required: true }),
  zip: new StringField({ regex: /^\d{5}$/ }),
}) {}

class User extends Document.define(
  {
    name: new StringField({ required: true, maxLength: 50 }),
    email: new StringField({ unique: true }),
    age: new IntField({ min: 0 }),
    address: new EmbeddedDocumentField(Address),
    tags: new ListField(new StringField()),
  },
  { collection: 'users', indexes: ['-age', { fields: ['name', 'age'] }], ordering: ['name'] },
) {
  get isAdult(): boolean {
    return (this.age ?? 0) >= 18;
  }
}

class Booking extends Document.define({
  start: new IntField({ required: true }),
  end: new IntField({ required: true }),
}) {
  override clean(): void {
    if (this.end < this.start) throw new Error('end is before start');
  }
}

const updates: CommandStartedEvent[] = [];

beforeAll(async () => {
  await connect(uriFor(freshDbName('guide')), { monitorCommands: true });
  getConnection().on('commandStarted', (e: CommandStartedEvent) => {
    if (e.commandName === 'update') updates.push(e);
  });
});
afterAll(() => disconnectAll());

describe('getting started', () => {
  it('save, load, update, delete', async () => {
    const ada = await new User({ name: 'Ada', age: 36, address: { city: 'London' } }).save();
    expect(ada.pk).toBeDefined();
    ada.age = 37;
    ada.address!.city = 'Paris';
    ada.tags.push('math');
    await ada.save();
    expect((updates.at(-1)!.command['updates'] as { u: unknown }[])[0]!.u).toEqual({
      $set: { age: 37, 'address.city': 'Paris', tags: ['math'] },
    });
    const count = updates.length;
    await ada.save();
    expect(updates).toHaveLength(count);

    ada.name = 'Ada Lovelace';
    await ada.save({ saveCondition: { age: 37 } });
    ada.name = 'Someone';
    await expect(ada.save({ saveCondition: { age: 1 } })).rejects.toThrow(SaveConditionError);
    await ada.reload();
    expect(ada.name).toBe('Ada Lovelace');

    const raw = await (await User._getCollection()).findOne({ name: 'Ada Lovelace' });
    const loaded = User.fromMongo(raw!);
    expect(loaded.isAdult).toBe(true);
    expect(loaded.equals(ada)).toBe(true);
    expect(await loaded.update({ inc__age: 1, push__tags: 'poet' })).toBe(1);
    expect(loaded.age).toBe(37);
    await loaded.reload();
    expect(loaded.tags).toEqual(['math', 'poet']);
    expect(await loaded.modify({ age: 38 }, { set__name: 'A. Lovelace' })).toBe(true);
    expect(loaded.name).toBe('A. Lovelace');
    expect(JSON.stringify(loaded)).toContain('"$oid"');
    await loaded.delete();
    await expect(loaded.reload()).rejects.toBeInstanceOf(User.DoesNotExist);
  });

  it('validation errors', async () => {
    const bad = new User({ name: 'x'.repeat(60), age: -1 });
    bad.address = new Address({ city: 'Paris', zip: 'nope' });
    const error = await bad.save().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.issues.map((i) => [i.path, i.code])).toEqual([
      ['name', 'max_length'],
      ['age', 'min_value'],
      ['address.zip', 'regex'],
    ]);
    expect(Object.keys(v.toDict())).toEqual(['name', 'age', 'address']);
    await expect(new Booking({ start: 2, end: 1 }).save()).rejects.toThrow(/end is before start/);
    expect(() => new User({ nmae: 'Ada' } as never)).toThrow(FieldDoesNotExist);
    await new User({ name: 'a', email: 'a@b.c' }).save();
    await expect(new User({ name: 'b', email: 'a@b.c' }).save()).rejects.toThrow(NotUniqueError);
  });
});
