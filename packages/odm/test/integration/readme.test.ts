import { afterAll, describe, expect, it } from 'vitest';
import {
  connect,
  disconnectAll,
  Document,
  IntField,
  ListField,
  Q,
  queryCounter,
  StringField,
} from '../../src/index.js';
import { freshDbName, uriFor } from '../helpers.js';

// The snippet of README.md, run as written (only the URI differs), so the front page stays true.
class User extends Document.define(
  {
    name: new StringField({ required: true, maxLength: 50 }),
    age: new IntField({ min: 0 }),
    tags: new ListField(new StringField()),
  },
  { collection: 'users', ordering: ['name'] },
) {}

afterAll(() => disconnectAll());

describe('README example', () => {
  it('runs as the README shows it', async () => {
    await connect(uriFor(freshDbName('readme')));
    const ada = await new User({ name: 'Ada', age: 36 }).save();
    ada.age = 37;
    const { commands } = await queryCounter(() => ada.save());
    const update = commands.find((c) => c.name === 'update');
    expect((update?.command as { updates: { u: unknown }[] } | undefined)?.updates[0]?.u).toEqual({
      $set: { age: 37 },
    });
    await new User({ name: 'Bob', age: 12, tags: [] }).save();
    const adults = await User.objects({ age__gte: 18, name__istartswith: 'a' }).orderBy('-age').toArray();
    expect(adults.map((u) => u.name)).toEqual(['Ada']);
    await User.objects(Q.or({ age__lt: 13 }, { tags: 'vip' })).update({
      inc__age: 1,
      push__tags: 'birthday',
    });
    const bob = await User.objects({ name: 'Bob' }).get();
    expect([bob.age, [...bob.tags]]).toEqual([13, ['birthday']]);
  });
});
