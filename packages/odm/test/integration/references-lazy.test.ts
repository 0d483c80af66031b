import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { Document, connect, disconnectAll, getDb, queryCounter } from '../../src/index.js';
import { StringField } from '../../src/fields/string-field.js';
import { LazyReferenceField, Ref } from '../../src/references/index.js';
import { freshDbName, uriFor } from '../helpers.js';

class LUser extends Document.define(
  { name: new StringField({ required: true }) },
  { collection: 'lz_users' },
) {}

class LPost extends Document.define(
  {
    author: new LazyReferenceField(() => LUser, { passthrough: true }),
    editor: new LazyReferenceField(() => LUser),
  },
  { collection: 'lz_posts' },
) {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('lazy')));
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  const db = getDb();
  await Promise.all(['lz_users', 'lz_posts'].map((c) => db.collection(c).deleteMany({})));
});

describe('LazyReferenceField', () => {
  it('stores the id and loads on fetch only', async () => {
    const ada = await new LUser({ name: 'Ada' }).save();
    await new LPost({ author: ada, editor: ada }).save();
    const raw = await getDb().collection('lz_posts').findOne({});
    expect(raw!['author']).toBeInstanceOf(ObjectId);
    const { result: post, count } = await queryCounter(() => LPost.objects().first());
    expect(count).toBe(1);
    expect(post!.editor).toBeInstanceOf(Ref);
    expect(post!.editor!.isLoaded).toBe(false);
    expect((await post!.editor!.fetch()).name).toBe('Ada');
  });

  it('passes attributes through once loaded', async () => {
    const ada = await new LUser({ name: 'Ada' }).save();
    await new LPost({ author: ada }).save();
    const post = (await LPost.objects().first())!;
    expectTypeOf<NonNullable<typeof post.author>['name']>().toEqualTypeOf<string>();
    expect(post.author).toBeInstanceOf(Ref);
    expect(post.author!.id.equals(ada.id!)).toBe(true);
    expect(() => post.author!.name).toThrow(/not loaded/);
    await post.author!.fetch();
    expect(post.author!.name).toBe('Ada');
    const related = (await LPost.objects().selectRelated('author').first())!;
    expect(related.author!.name).toBe('Ada');
    expect(await LPost.objects({ author: ada }).count()).toBe(1);
  });
});
