import { DBRef } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { Document, ValidationError, connect, disconnectAll, getDb, queryCounter } from '../../src/index.js';
import { StringField } from '../../src/fields/string-field.js';
import { GenericLazyReferenceField, LazyReferenceField, Ref } from '../../src/references/index.js';
import { freshDbName, uriFor } from '../helpers.js';

class GLArticle extends Document.define(
  { title: new StringField(), name: new StringField() },
  { collection: 'gl_articles' },
) {}
class GLPhoto extends Document.define(
  { url: new StringField(), name: new StringField() },
  { collection: 'gl_photos' },
) {}
class GLOther extends Document.define({ x: new StringField() }, { collection: 'gl_other' }) {}

class GLBookmark extends Document.define(
  {
    // With an explicit target type the options are not inferred: repeat passthrough as the second argument.
    target: new GenericLazyReferenceField<
      GLArticle | GLPhoto,
      { passthrough: true; choices: [typeof GLArticle, 'GLPhoto'] }
    >({
      choices: [GLArticle, 'GLPhoto'],
      passthrough: true,
    }),
    plain: new GenericLazyReferenceField(),
    article: new LazyReferenceField(() => GLArticle, { passthrough: true }),
  },
  { collection: 'gl_bookmarks' },
) {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('generic_lazy')));
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  const db = getDb();
  await Promise.all(
    ['gl_articles', 'gl_photos', 'gl_other', 'gl_bookmarks'].map((c) => db.collection(c).deleteMany({})),
  );
});

describe('GenericLazyReferenceField', () => {
  it('stores { _cls, _ref } for two classes and loads only on fetch', async () => {
    const article = await new GLArticle({ title: 't', name: 'an article' }).save();
    const photo = await new GLPhoto({ url: 'u', name: 'a photo' }).save();
    await new GLBookmark({ target: article, plain: photo }).save();
    await new GLBookmark({ target: photo, plain: article }).save();
    const raw = await getDb().collection('gl_bookmarks').find().toArray();
    expect(raw[0]!['target']).toEqual({ _cls: 'GLArticle', _ref: new DBRef('gl_articles', article.pk!) });
    expect(raw[1]!['target']).toEqual({ _cls: 'GLPhoto', _ref: new DBRef('gl_photos', photo.pk!) });

    const { result: marks, count } = await queryCounter(() => GLBookmark.objects().toArray());
    expect(count).toBe(1);
    const [first, second] = [marks[0]!, marks[1]!];
    expect(first.target).toBeInstanceOf(Ref);
    expect(first.target!.isLoaded).toBe(false);
    expect(first.target!.targetClass).toBe(GLArticle);
    expect(second.plain!.targetClass).toBe(GLArticle);
    expect(await first.target!.fetch()).toBeInstanceOf(GLArticle);
    expect(await second.target!.fetch()).toBeInstanceOf(GLPhoto);
    expect(await second.plain!.fetch()).toBeInstanceOf(GLArticle);
  });

  it('passes the attributes of either class through once loaded, and says to fetch before', async () => {
    const article = await new GLArticle({ title: 't', name: 'an article' }).save();
    const photo = await new GLPhoto({ url: 'u', name: 'a photo' }).save();
    await new GLBookmark({ target: article }).save();
    await new GLBookmark({ target: photo }).save();
    const marks = await GLBookmark.objects().toArray();
    const target = marks[0]!.target!;
    expectTypeOf<typeof target.name>().toEqualTypeOf<string | undefined>();
    expect(() => target.name).toThrow(/not loaded.*fetch/);
    await target.fetch();
    expect(target.name).toBe('an article');
    expect((target as unknown as { title: string }).title).toBe('t');

    // Passthrough survives selectRelated: one query per class met.
    const { result, count } = await queryCounter(() =>
      GLBookmark.objects().selectRelated('target').toArray(),
    );
    expect(count).toBe(3);
    expect(result[1]!.target!.name).toBe('a photo');
    expect((result[1]!.target as unknown as { url: string }).url).toBe('u');
    // Without passthrough the Ref does not expose target attributes.
    expect((result[0]!.plain as unknown as { name?: string } | undefined)?.name).toBeUndefined();
  });

  it('queries by document and rejects a class outside choices', async () => {
    const article = await new GLArticle({ title: 't' }).save();
    const photo = await new GLPhoto({ url: 'u' }).save();
    await new GLBookmark({ target: article }).save();
    await new GLBookmark({ target: photo }).save();
    expect(GLBookmark.objects({ target: photo }).toFilter()).toEqual({
      target: { _cls: 'GLPhoto', _ref: new DBRef('gl_photos', photo.pk!) },
    });
    expect(await GLBookmark.objects({ target: photo }).count()).toBe(1);
    expect(await GLBookmark.objects({ target__in: [article, photo] }).count()).toBe(2);

    const other = await new GLOther({ x: 'x' }).save();
    const err = await new GLBookmark({ target: other as never }).save().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]).toMatchObject({ path: 'target', code: 'choices' });
    expect((err as Error).message).toMatch(/GLArticle, GLPhoto.*not a GLOther/);
  });
});

describe('LazyReferenceField with passthrough (beside the generic one)', () => {
  it('reads through after fetch and after selectRelated, typed as the target', async () => {
    const article = await new GLArticle({ title: 'deep', name: 'n' }).save();
    await new GLBookmark({ article }).save();
    const mark = (await GLBookmark.objects().first())!;
    expectTypeOf<NonNullable<typeof mark.article>['title']>().toEqualTypeOf<string | undefined>();
    expect(() => mark.article!.title).toThrow(/not loaded/);
    await mark.article!.fetch();
    expect(mark.article!.title).toBe('deep');
    const loaded = (await GLBookmark.objects().selectRelated('article').first())!;
    expect(loaded.article!.title).toBe('deep');
    expect(await GLBookmark.objects({ article }).count()).toBe(1);
  });
});
