import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Document, OperationError, connect, disconnectAll, getDb } from '../../src/index.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';
import { recordCommands } from './queryset-fixtures.js';

class Post extends Document.define(
  { title: new StringField(), body: new StringField() },
  {
    collection: 'posts',
    indexes: [{ fields: ['$title', '$body'], weights: { title: 10, body: 1 }, default_language: 'english' }],
  },
) {}

class Note extends Document.define({ text: new StringField() }, { collection: 'notes' }) {}

let commands: ReturnType<typeof recordCommands>;

beforeAll(async () => {
  await connect(uriFor(freshDbName('text')), { monitorCommands: true });
  commands = recordCommands();
  await new Post({ title: 'Coffee brewing', body: 'How to brew coffee at home with a coffee press.' }).save();
  await new Post({ title: 'Tea time', body: 'Green tea, black tea and a little coffee.' }).save();
  await new Post({ title: 'Morning routine', body: 'Coffee first, then a run in the park.' }).save();
  await new Post({ title: 'Gardening', body: 'Planting tomatoes in spring.' }).save();
  await new Note({ text: 'coffee' }).save();
});
afterAll(() => disconnectAll());
beforeEach(() => commands.clear());

const titles = (docs: { title?: string | null | undefined }[]) => docs.map((d) => d.title);

describe('searchText', () => {
  it('sends $text with $search and $language and projects the score under _text_score', async () => {
    await Post.objects().searchText('coffee', { language: 'english' }).toArray();
    const [find] = commands.named('find');
    expect(find?.command['filter']).toEqual({ $text: { $search: 'coffee', $language: 'english' } });
    expect(find?.command['projection']).toEqual({ _text_score: { $meta: 'textScore' } });
  });

  it('loads the score onto instances and ranks by it with orderBy("$text_score")', async () => {
    const found = await Post.objects().searchText('coffee').orderBy('$text_score').toArray();
    // The title weighs 10: the post titled "Coffee brewing" ranks first.
    expect(titles(found)).toEqual(['Coffee brewing', 'Morning routine', 'Tea time']);
    const scores = found.map((d) => d.getTextScore());
    for (const s of scores) expect(typeof s).toBe('number');
    expect([...(scores as number[])].sort((a, b) => b - a)).toEqual(scores);
    // MongoDB's per-field score is weight × (0.5 + 0.5 × hits / tokens), stop words dropped:
    // "park" body: coffe first run park → 0.625; tea body: green tea black tea littl coffe → 0.5833.
    expect(scores[0]!).toBeGreaterThan(7.5);
    expect(scores[1]).toBeCloseTo(0.625, 6);
    expect(scores[2]).toBeCloseTo(0.5 + 0.5 / 6, 6);
    expect(found[0]).not.toHaveProperty('_text_score');
  });

  it('keeps whole documents and works with only()', async () => {
    const [best] = await Post.objects().searchText('coffee').orderBy('$text_score').only('title').toArray();
    expect(best?.title).toBe('Coffee brewing');
    expect(best?.body).toBeUndefined();
    expect(best?.getTextScore()).toBeGreaterThan(7.5);
    const [full] = await Post.objects().searchText('gardening').toArray();
    expect(full?.body).toBe('Planting tomatoes in spring.');
  });

  it('never stores the score back on save, and reports undefined outside text queries', async () => {
    const [doc] = await Post.objects().searchText('tomatoes').toArray();
    expect(doc?.getTextScore()).toBeGreaterThan(0);
    doc!.body = 'Planting tomatoes and beans in spring.';
    await doc!.save();
    const stored = await getDb()
      .collection('posts')
      .findOne({ _id: doc!.pk as never });
    expect(stored).not.toHaveProperty('_text_score');
    expect(stored?.['body']).toBe('Planting tomatoes and beans in spring.');
    const plain = await Post.objects({ title: 'Gardening' }).first();
    expect(plain?.getTextScore()).toBeUndefined();
  });

  it('supports phrases and negation', async () => {
    expect(titles(await Post.objects().searchText('"coffee press"').toArray())).toEqual(['Coffee brewing']);
    const notTea = await Post.objects().searchText('coffee -tea').orderBy('title').toArray();
    expect(titles(notTea)).toEqual(['Coffee brewing', 'Morning routine']);
    expect(await Post.objects().searchText('coffee -tea').count()).toBe(2);
  });

  it('stems English words', async () => {
    expect(titles(await Post.objects().searchText('brewed').toArray())).toEqual(['Coffee brewing']);
  });

  it('projects the score beside an exclusion projection', async () => {
    const [doc] = await Post.objects().searchText('tomatoes').exclude('body').toArray();
    expect(doc?.title).toBe('Gardening');
    expect(doc?.body).toBeUndefined();
    expect(doc?.getTextScore()).toBeGreaterThan(0);
  });

  it('loads the score through first(), iteration and inBulk', async () => {
    const first = await Post.objects().searchText('tomatoes').first();
    expect(first?.getTextScore()).toBeGreaterThan(0);
    for await (const doc of Post.objects().searchText('tomatoes'))
      expect(doc.getTextScore()).toBeGreaterThan(0);
    const id = first!.pk!;
    const bulk = await Post.objects().searchText('tomatoes').inBulk([id]);
    expect(bulk.get(id)?.getTextScore()).toBeGreaterThan(0);
  });

  it('keeps _text_score in raw results', async () => {
    const [raw] = await Post.objects().searchText('gardening').asRaw().toArray();
    expect(typeof (raw as Record<string, unknown>)['_text_score']).toBe('number');
  });

  it('fails with an OperationError naming the class when no text index exists', async () => {
    const error = await Note.objects()
      .searchText('coffee')
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationError);
    expect((error as Error).message).toMatch(/Note/);
    expect((error as Error).message).toMatch(/text index/);
    expect(((error as Error).cause as { code?: unknown }).code).toBe(27);
    await expect(Note.objects().searchText('coffee').count()).rejects.toThrow(/Note needs a text index/);
    await expect(Note.objects().searchText('coffee').exists()).rejects.toThrow(/Note needs a text index/);
  });

  it('refuses a second searchText on the same queryset', () => {
    expect(() => Post.objects().searchText('a').searchText('b')).toThrow(OperationError);
  });
});
