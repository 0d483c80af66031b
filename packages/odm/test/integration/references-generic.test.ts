import { DBRef } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Document, ValidationError, connect, disconnectAll, getDb, queryCounter } from '../../src/index.js';
import { StringField } from '../../src/fields/string-field.js';
import { GenericReferenceField, Ref } from '../../src/references/index.js';
import { freshDbName, uriFor } from '../helpers.js';

class GPost extends Document.define({ title: new StringField() }, { collection: 'gr_posts' }) {}
class GPhoto extends Document.define({ url: new StringField() }, { collection: 'gr_photos' }) {}
class GOther extends Document.define({ x: new StringField() }, { collection: 'gr_other' }) {}

class GLike extends Document.define(
  { target: new GenericReferenceField<GPost | GPhoto>({ choices: [GPost, 'GPhoto'], required: true }) },
  { collection: 'gr_likes' },
) {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('generic')));
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  const db = getDb();
  await Promise.all(
    ['gr_posts', 'gr_photos', 'gr_other', 'gr_likes'].map((c) => db.collection(c).deleteMany({})),
  );
});

describe('GenericReferenceField', () => {
  it('stores { _cls, _ref } and loads references to two classes', async () => {
    const post = await new GPost({ title: 't' }).save();
    const photo = await new GPhoto({ url: 'u' }).save();
    await new GLike({ target: post }).save();
    await new GLike({ target: photo }).save();
    const raw = await getDb().collection('gr_likes').find().toArray();
    expect(raw[0]!['target']).toEqual({ _cls: 'GPost', _ref: new DBRef('gr_posts', post.id!) });
    expect((raw[1]!['target'] as { _ref: DBRef })._ref.collection).toBe('gr_photos');

    const likes = await GLike.objects().toArray();
    expect(likes[0]!.target).toBeInstanceOf(Ref);
    expect(await likes[0]!.target!.fetch()).toBeInstanceOf(GPost);
    expect(await likes[1]!.target!.fetch()).toBeInstanceOf(GPhoto);

    const { result, count } = await queryCounter(() => GLike.objects().selectRelated('target').toArray());
    expect(count).toBe(3);
    expect(result[1]!.target).toBeInstanceOf(GPhoto);

    expect(await GLike.objects({ target: photo }).count()).toBe(1);
  });

  it('rejects a class outside choices and an unsaved target', async () => {
    const other = await new GOther({ x: 'x' }).save();
    const err = await new GLike({ target: other as never }).save().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]!.code).toBe('choices');
    expect((err as Error).message).toMatch(/GPost, GPhoto/);
    const unsaved = await new GLike({ target: new GPost({}) }).save().catch((e: unknown) => e);
    expect((unsaved as ValidationError).issues[0]!.code).toBe('unsaved_reference');
  });
});
