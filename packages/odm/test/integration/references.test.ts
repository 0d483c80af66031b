import { DBRef, ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Document,
  InvalidQueryError,
  OperationError,
  ValidationError,
  connect,
  disconnectAll,
  getDb,
  queryCounter,
} from '../../src/index.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { Ref, ReferenceField } from '../../src/references/index.js';
import { freshDbName, uriFor } from '../helpers.js';

class RUser extends Document.define(
  {
    name: new StringField({ required: true }),
    favorite: new ReferenceField<RPost>((): unknown => RPost),
  },
  { collection: 'ref_users' },
) {}

class RPost extends Document.define(
  {
    title: new StringField(),
    author: new ReferenceField<RUser, { required: true }>((): unknown => RUser, { required: true }),
    tagged: new ListField(new ReferenceField<RUser>((): unknown => RUser)),
  },
  { collection: 'ref_posts' },
) {}

class RNote extends Document.define(
  { by: new ReferenceField(() => RUser, { dbref: true }), text: new StringField() },
  { collection: 'ref_notes' },
) {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('refs')));
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  const db = getDb();
  await Promise.all(['ref_users', 'ref_posts', 'ref_notes'].map((c) => db.collection(c).deleteMany({})));
});

describe('ReferenceField', () => {
  it('stores the id and loads a Ref that fetches the target', async () => {
    const ada = await new RUser({ name: 'Ada' }).save();
    const post = await new RPost({ title: 't', author: ada }).save();
    const raw = await getDb().collection('ref_posts').findOne({ _id: post.id! });
    expect(raw!['author']).toBeInstanceOf(ObjectId);
    expect((raw!['author'] as ObjectId).equals(ada.id!)).toBe(true);

    const loaded = (await RPost.objects().first())!;
    expect(loaded.author).toBeInstanceOf(Ref);
    expect(loaded.author.id.equals(ada.id!)).toBe(true);
    expect(loaded.author.pk.equals(ada.id!)).toBe(true);
    expect(loaded.author.isLoaded).toBe(false);
    expect(() => loaded.author.value).toThrow(/not loaded/);

    const first = await queryCounter(() => loaded.author.fetch());
    expect(first.count).toBe(1);
    expect(first.result).toBeInstanceOf(RUser);
    expect(first.result.name).toBe('Ada');
    const again = await queryCounter(() => loaded.author.fetch());
    expect(again.count).toBe(0);
    expect(again.result).toBe(first.result);

    await RUser.objects({ id: ada.id }).update({ set__name: 'Ada L.' });
    const forced = await queryCounter(() => loaded.author.fetch({ force: true }));
    expect(forced.count).toBe(1);
    expect(forced.result.name).toBe('Ada L.');
  });

  it('accepts a document, a Ref, an id or a hex string on assignment', async () => {
    const ada = await new RUser({ name: 'Ada' }).save();
    const post = new RPost({ author: ada.id! });
    expect(post.author.id.equals(ada.id!)).toBe(true);
    post.author = ada.id!.toHexString() as never;
    expect(post.author).toBeInstanceOf(Ref);
    expect(post.author.id.equals(ada.id!)).toBe(true);
    post.author = Ref.of(ada);
    expect(post.author.value).toBe(ada);
    await post.save();
    const back = (await RPost.objects({ id: post.id }).first())!;
    expect(back.author.id.equals(ada.id!)).toBe(true);
  });

  it('stores references in lists', async () => {
    const [a, b] = await Promise.all([new RUser({ name: 'A' }).save(), new RUser({ name: 'B' }).save()]);
    await new RPost({ author: a, tagged: [a, b] }).save();
    const raw = await getDb().collection('ref_posts').findOne({});
    expect(raw!['tagged']).toEqual([a.id, b.id]);
    const post = (await RPost.objects().first())!;
    expect(post.tagged.map((r) => r.id.toHexString())).toEqual([a.id!.toHexString(), b.id!.toHexString()]);
    expect((await post.tagged[1]!.fetch()).name).toBe('B');
  });

  it('stores a DBRef with dbref: true and reads it back', async () => {
    const ada = await new RUser({ name: 'Ada' }).save();
    await new RNote({ by: ada, text: 'x' }).save();
    const raw = await getDb().collection('ref_notes').findOne({});
    expect(raw!['by']).toBeInstanceOf(DBRef);
    expect((raw!['by'] as DBRef).collection).toBe('ref_users');
    expect(((raw!['by'] as DBRef).oid as ObjectId).equals(ada.id!)).toBe(true);
    const note = (await RNote.objects().first())!;
    expect((await note.by!.fetch()).name).toBe('Ada');
    expect(await RNote.objects({ by: ada }).count()).toBe(1);
    expect(await RNote.objects({ by: ada.id }).count()).toBe(1);
  });

  it('rejects saving a reference to an unsaved document, naming the field', async () => {
    const ghost = new RUser({ name: 'Ghost' });
    const post = new RPost({ author: ghost });
    const err = await post.save().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => [i.path, i.code])).toEqual([
      ['author', 'unsaved_reference'],
    ]);
    expect(String((err as Error).message)).toMatch(/unsaved RUser/);
    const skip = await post.save({ validate: false }).catch((e: unknown) => e);
    expect(skip).toBeInstanceOf(OperationError);
    expect(String((skip as Error).message)).toMatch(/RPost\.author/);
    // Once the target is saved the same Ref resolves its id.
    await ghost.save();
    await post.save();
    expect(await RPost.objects({ author: ghost }).count()).toBe(1);
  });

  it('rejects a document of the wrong class', () => {
    const ada = new RUser({ name: 'Ada' });
    const post = new RPost({ author: ada });
    post.author = new RNote({}) as never;
    expect(() => post.validate()).toThrow(ValidationError);
  });

  it('raises the target DoesNotExist for a missing target', async () => {
    const post = await new RPost({ author: new ObjectId() }).save();
    const loaded = (await RPost.objects({ id: post.id }).first())!;
    const err = await loaded.author.fetch().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RUser.DoesNotExist);
  });

  it('queries by document, id and list of documents', async () => {
    const a = await new RUser({ name: 'A' }).save();
    const b = await new RUser({ name: 'B' }).save();
    const c = await new RUser({ name: 'C' }).save();
    await new RPost({ title: 'pa', author: a }).save();
    await new RPost({ title: 'pb', author: b }).save();
    await new RPost({ title: 'pc', author: c, tagged: [a] }).save();
    expect((await RPost.objects({ author: a }).toArray()).map((p) => p.title)).toEqual(['pa']);
    expect(await RPost.objects({ author: b.id }).count()).toBe(1);
    expect(await RPost.objects({ author: b.id!.toHexString() }).count()).toBe(1);
    expect(await RPost.objects({ author__in: [a, c] }).count()).toBe(2);
    expect(await RPost.objects({ author__ne: a }).count()).toBe(2);
    expect(await RPost.objects({ tagged: a }).count()).toBe(1);
    const loaded = (await RPost.objects({ title: 'pa' }).first())!;
    expect(await RPost.objects({ author: loaded.author }).count()).toBe(1);
  });

  it('rejects wrong query shapes', () => {
    expect(() => RPost.objects({ author: { $ne: null } as never }).toFilter()).toThrow(InvalidQueryError);
    expect(() => RPost.objects({ author: 'nope' as never }).toFilter()).toThrow(InvalidQueryError);
    expect(() => RPost.objects({ author: new RUser({ name: 'x' }) }).toFilter()).toThrow(/no id yet/);
    expect(() => RPost.objects({ author__in: 'x' as never }).toFilter()).toThrow(InvalidQueryError);
  });
});
