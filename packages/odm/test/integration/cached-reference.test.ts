import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Document,
  EmbeddedDocument,
  InvalidDocumentError,
  OperationError,
  ValidationError,
  connect,
  disconnectAll,
  getDb,
  queryCounter,
  runInTransaction,
  switchDb,
} from '../../src/index.js';
import { IntField } from '../../src/fields/int-field.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { CachedRef, CachedReferenceField, Ref, syncCachedReferences } from '../../src/references/index.js';
import { freshDbName, uriFor } from '../helpers.js';

class CUser extends Document.define(
  {
    name: new StringField({ required: true, dbField: 'n' }),
    email: new StringField({ unique: true, sparse: true }),
    age: new IntField(),
  },
  { collection: 'cr_users' },
) {}

class CPost extends Document.define(
  {
    title: new StringField(),
    author: new CachedReferenceField(() => CUser, { fields: ['name', 'email'] }),
  },
  { collection: 'cr_posts' },
) {}

class CNote extends Document.define(
  { by: new CachedReferenceField(() => CUser, { fields: ['name'], autoSync: false }) },
  { collection: 'cr_notes' },
) {}

const raw = (coll: string) => getDb().collection(coll);
const archive = freshDbName('cached_archive');

beforeAll(async () => {
  await connect(uriFor(freshDbName('cached')));
  await connect(uriFor(archive), { alias: 'cr_archive' });
  // Finalise the referring classes, so their cached fields are known to the save hook.
  CPost.register();
  CNote.register();
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  await Promise.all(['cr_users', 'cr_posts', 'cr_notes'].map((c) => raw(c).deleteMany({})));
});

describe('CachedReferenceField storage', () => {
  it('stores { _id, <copied fields> } under the db field names and loads a CachedRef', async () => {
    const ada = await new CUser({ name: 'Ada', email: 'ada@x', age: 36 }).save();
    const post = await new CPost({ title: 't', author: ada }).save();
    const stored = await raw('cr_posts').findOne({ _id: post.pk });
    expect(stored!['author']).toEqual({ _id: ada.pk, n: 'Ada', email: 'ada@x' });

    const { result: loaded, count } = await queryCounter(() => CPost.objects().first());
    expect(count).toBe(1);
    const author = loaded!.author!;
    expect(author).toBeInstanceOf(CachedRef);
    expect(author).toBeInstanceOf(Ref);
    expect(author.isLoaded).toBe(false);
    expect(author.cached).toEqual({ name: 'Ada', email: 'ada@x' });
    expect(author.id.equals(ada.pk!)).toBe(true);
    expect((await author.fetch()).age).toBe(36);
  });

  it('accepts a loaded Ref, and rejects an id alone, an unsaved document and a wrong class', async () => {
    const ada = await new CUser({ name: 'Ada' }).save();
    const post = await new CPost({ author: Ref.of(ada) }).save();
    expect((await raw('cr_posts').findOne({ _id: post.pk }))!['author']).toEqual({ _id: ada.pk, n: 'Ada' });

    const byId = await new CPost({ author: ada.pk! }).save().catch((e: unknown) => e);
    expect(byId).toBeInstanceOf(ValidationError);
    expect((byId as ValidationError).issues[0]).toMatchObject({ path: 'author', code: 'type' });
    expect((byId as Error).message).toMatch(/cached fields are copied/);

    const unsaved = await new CPost({ author: new CUser({ name: 'x' }) }).save().catch((e: unknown) => e);
    expect((unsaved as ValidationError).issues[0]!.code).toBe('unsaved_reference');
    await expect(new CPost({ author: new CUser({ name: 'x' }) }).save({ validate: false })).rejects.toThrow(
      OperationError,
    );
    await expect(new CPost({ author: new CPost({}) as never }).save()).rejects.toThrow(ValidationError);
    expect(await raw('cr_posts').countDocuments()).toBe(1);
  });

  it('does not repeat the unique index of a copied field on the referrer', async () => {
    const ada = await new CUser({ name: 'Ada', email: 'same@x' }).save();
    await new CPost({ author: ada }).save();
    await new CPost({ author: ada }).save(); // a unique 'author.email' index would reject this
    const keys = (await raw('cr_posts').indexes()).map((i) => Object.keys(i['key'] as object).join(','));
    expect(keys).not.toContain('author.email');
    expect(await CPost.objects().count()).toBe(2);
  });

  it('refuses a CachedReferenceField in an embedded document', () => {
    class Inner extends EmbeddedDocument.define({
      who: new CachedReferenceField(() => CUser, { fields: ['name'] }),
    }) {}
    expect(() => Inner.register()).toThrow(InvalidDocumentError);
  });

  it('refuses a CachedReferenceField as a list item', () => {
    class Many extends Document.define({
      who: new ListField(new CachedReferenceField(() => CUser, { fields: ['name'] })),
    }) {}
    expect(() => Many.register()).toThrow(/cannot be a list or dict item/);
  });
});

describe('querying', () => {
  it('by a copied field, by the document, by ids, without a join', async () => {
    const ada = await new CUser({ name: 'Ada', email: 'a@x' }).save();
    const bob = await new CUser({ name: 'Bob', email: 'b@x' }).save();
    await new CPost({ title: '1', author: ada }).save();
    await new CPost({ title: '2', author: ada }).save();
    await new CPost({ title: '3', author: bob }).save();

    expect(CPost.objects({ author__name: 'Ada' }).toFilter()).toEqual({ 'author.n': 'Ada' });
    expect(await CPost.objects({ author__name: 'Ada' }).count()).toBe(2);
    expect(await CPost.objects({ author__email__startswith: 'b' }).count()).toBe(1);

    expect(CPost.objects({ author: ada }).toFilter()).toEqual({ 'author._id': ada.pk });
    expect(CPost.objects({ author__in: [ada.pk!] }).toFilter()).toEqual({ 'author._id': { $in: [ada.pk] } });
    expect(await CPost.objects({ author: ada }).count()).toBe(2);
    expect(await CPost.objects({ author: bob.pk! }).count()).toBe(1);
    expect(await CPost.objects({ author: bob.pk!.toHexString() }).count()).toBe(1);
    expect(await CPost.objects({ author__in: [ada, bob] }).count()).toBe(3);
    expect(await CPost.objects({ author__ne: ada }).count()).toBe(1);
    const titles = (await CPost.objects({ author__name: 'Ada' }).orderBy('title').toArray()).map(
      (p) => p.title,
    );
    expect(titles).toEqual(['1', '2']);
  });

  it('rejects an unsaved document and operator objects in a filter', () => {
    expect(() => CPost.objects({ author: new CUser({ name: 'x' }) }).toFilter()).toThrow(/saved|id/);
    expect(() => CPost.objects({ author__age: 3 } as never).toFilter()).toThrow(/has no member 'age'/);
    expect(() => CPost.objects({ author: { $ne: null } as never }).toFilter()).toThrow(/Invalid query value/);
  });
});

describe('autoSync', () => {
  it('renaming the user rewrites the cached name of every post (checked in the raw collection)', async () => {
    const ada = await new CUser({ name: 'Ada', email: 'a@x' }).save();
    const bob = await new CUser({ name: 'Bob', email: 'b@x' }).save();
    for (let i = 0; i < 3; i++) await new CPost({ title: `p${i}`, author: ada }).save();
    await new CPost({ title: 'b', author: bob }).save();
    await new CNote({ by: ada }).save();

    ada.name = 'Ada Lovelace';
    const { count, commands } = await queryCounter(() => ada.save());
    // The user's own update, then one updateMany for the posts (notes do not autoSync).
    expect(count).toBe(2);
    expect(commands[1]!.command['updates']).toEqual([
      {
        q: { 'author._id': ada.pk },
        u: { $set: { author: { _id: ada.pk, n: 'Ada Lovelace', email: 'a@x' } } },
        multi: true,
      },
    ]);
    const posts = await raw('cr_posts')
      .find({}, { sort: { title: 1 } })
      .toArray();
    expect(posts.map((p) => (p['author'] as { n: string }).n)).toEqual([
      'Bob',
      'Ada Lovelace',
      'Ada Lovelace',
      'Ada Lovelace',
    ]);
    expect((await raw('cr_notes').findOne({}))!['by']).toEqual({ _id: ada.pk, n: 'Ada' });
    expect(await CPost.objects({ author__name: 'Ada Lovelace' }).count()).toBe(3);
  });

  it('a save that changes no copied field does not touch the referrers', async () => {
    const ada = await new CUser({ name: 'Ada', age: 1 }).save();
    await new CPost({ author: ada }).save();
    ada.age = 2;
    const { count } = await queryCounter(() => ada.save());
    expect(count).toBe(1);
    const fresh = await new CUser({ name: 'New' }).save(); // an insert has no referrers yet
    expect(fresh.pk).toBeInstanceOf(ObjectId);
  });

  it('a changed copied field is synced inside a transaction, and rolled back with it', async () => {
    const ada = await new CUser({ name: 'Ada' }).save();
    await new CPost({ author: ada }).save();
    await expect(
      runInTransaction(async () => {
        ada.name = 'Renamed';
        await ada.save();
        expect(await CPost.objects({ author__name: 'Renamed' }).count()).toBe(1);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await raw('cr_posts').findOne({}))!['author']).toEqual({ _id: ada.pk, n: 'Ada' });
    const reloaded = await CUser.objects().get({ pk: ada.pk });
    reloaded.name = 'Committed';
    await runInTransaction(() => reloaded.save());
    expect((await raw('cr_posts').findOne({}))!['author']).toEqual({ _id: ada.pk, n: 'Committed' });
  });

  it('follows switchDb: the referrers of the switched database are updated', async () => {
    await switchDb(CUser, 'cr_archive', () =>
      switchDb(CPost, 'cr_archive', async () => {
        const ada = await new CUser({ name: 'Ada' }).save();
        await new CPost({ author: ada }).save();
        ada.name = 'Archived Ada';
        await ada.save();
      }),
    );
    const archived = await getDb('cr_archive').collection('cr_posts').findOne({});
    expect((archived!['author'] as { n: string }).n).toBe('Archived Ada');
    expect(await raw('cr_posts').countDocuments()).toBe(0);
  });
});

describe('syncCachedReferences', () => {
  it('rewrites every stale copy from the current targets', async () => {
    const ada = await new CUser({ name: 'Ada', email: 'a@x' }).save();
    const bob = await new CUser({ name: 'Bob' }).save();
    await new CPost({ author: ada }).save();
    await new CPost({ author: bob }).save();
    await new CNote({ by: ada }).save();
    // Queryset updates bypass the save hook: the copies go stale.
    await CUser.objects({ pk: ada.pk }).update({ set__name: 'A2', set__email: 'a2@x' });
    await CUser.objects({ pk: bob.pk }).update({ set__name: 'B2' });
    await CUser.objects({ pk: ada.pk }).update({ set__name: 'A2' });
    expect(await CPost.objects({ author__name: 'Ada' }).count()).toBe(1);

    expect(await syncCachedReferences(CPost, 'author')).toBe(2);
    const authors = (await raw('cr_posts').find().toArray()).map((p) => p['author']);
    expect(authors).toContainEqual({ _id: ada.pk, n: 'A2', email: 'a2@x' });
    expect(authors).toContainEqual({ _id: bob.pk, n: 'B2' });
    expect(await syncCachedReferences(CNote, 'by')).toBe(1);
    expect((await raw('cr_notes').findOne({}))!['by']).toEqual({ _id: ada.pk, n: 'A2' });
    await expect(syncCachedReferences(CPost, 'title' as never)).rejects.toThrow(/not a CachedReferenceField/);
  });
});
