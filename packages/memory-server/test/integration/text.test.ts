import { MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useDriverHarness } from './harness.js';

type Row = { _id: number } & Document;
type TextOperand = {
  $search: string;
  $language?: string;
  $caseSensitive?: boolean;
  $diacriticSensitive?: boolean;
};

const CORPUS = [
  { _id: 1, title: 'Coffee shop', body: 'The best coffee in town, coffee all day' },
  { _id: 2, title: 'Tea house', body: 'Green tea and black tea, no coffee' },
  { _id: 3, title: 'Bakery', body: 'Cakes and cookies baked daily' },
  { _id: 4, title: 'Café Crème', body: 'French coffee with cream' },
  { _id: 5, title: 'Coffee', body: 'Iced coffee and cold brew' },
];

async function seed(db: Db, name: string, options: Document = {}): Promise<Collection<Row>> {
  const c = db.collection<Row>(name);
  await c.insertMany(CORPUS.map((doc) => ({ ...doc })) as never);
  await c.createIndex({ title: 'text', body: 'text' }, options);
  return c;
}

async function codeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MongoServerError) return error.code as number;
    throw error;
  }
  return undefined;
}

describe('$text through the driver', () => {
  let db: Db;
  useDriverHarness('text', (h) => ({ db } = h));

  it('lists the text index as MongoDB stores it', async () => {
    const c = await seed(db, 'listing', { weights: { title: 10 } });
    const index = (await c.listIndexes().toArray()).find((i) => i['name'] === 'title_text_body_text');
    expect(index).toEqual({
      v: 2,
      key: { _fts: 'text', _ftsx: 1 },
      name: 'title_text_body_text',
      weights: { body: 1, title: 10 },
      default_language: 'english',
      language_override: 'language',
      textIndexVersion: 3,
    });
  });

  it('ranks a small corpus by score (terms are ORed, stemmed, case and diacritic folded)', async () => {
    const c = await seed(db, 'rank');
    const docs = await c
      .find({ $text: { $search: 'coffee' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(docs.map((d) => d['_id'])).toEqual([1, 5, 4, 2]);
    // _id 1: title 'Coffee shop' (2 terms: 0.75) + body 'best coffee town coffee day' once stop
    // words go (repeat counts 1 + 1/2, coefficient 0.5 + 0.5 × 2/5: 1.5 × 0.7 = 1.05).
    expect(docs[0]?.['score']).toBeCloseTo(1.8, 10);
    // _id 5: title 'Coffee' (the only term: 1.0) + body 'Iced coffee and cold brew' (4 terms: 0.625).
    expect(docs[1]?.['score']).toBeCloseTo(1.625, 10);
    // _id 4: 'French coffee with cream' (3 terms); _id 2: 'green tea black tea coffee' (5 terms).
    expect(docs[2]?.['score']).toBeCloseTo(0.5 + 0.5 / 3, 10);
    expect(docs[3]?.['score']).toBeCloseTo(0.6, 10);
  });

  it('matches exact phrases (AND) and excludes negated terms and phrases', async () => {
    const c = await seed(db, 'phrases');
    const ids = async (search: string): Promise<unknown[]> =>
      (
        await c
          .find({ $text: { $search: search } })
          .sort({ _id: 1 })
          .toArray()
      ).map((d) => d['_id']);
    expect(await ids('"iced coffee"')).toEqual([5]);
    expect(await ids('coffee -tea')).toEqual([1, 4, 5]);
    expect(await ids('coffee -"cold brew"')).toEqual([1, 2, 4]);
    expect(await ids('cookie tea')).toEqual([2, 3]);
    expect(await ids('the and')).toEqual([]);
    expect(await ids('baking')).toEqual([3]);
  });

  it('honours $caseSensitive and $diacriticSensitive', async () => {
    const c = await seed(db, 'sensitivity');
    const ids = async (text: TextOperand): Promise<unknown[]> =>
      (await c.find({ $text: text }).sort({ _id: 1 }).toArray()).map((d) => d['_id']);
    expect(await ids({ $search: 'cafe' })).toEqual([4]);
    expect(await ids({ $search: 'cafe', $diacriticSensitive: true })).toEqual([]);
    expect(await ids({ $search: 'café', $diacriticSensitive: true })).toEqual([4]);
    expect(await ids({ $search: 'Coffee', $caseSensitive: true })).toEqual([1, 5]);
    expect(await ids({ $search: 'coffee', $caseSensitive: true })).toEqual([1, 2, 4, 5]);
  });

  it("keeps stop words and whole words with language 'none'", async () => {
    const c = db.collection<Row>('none');
    await c.insertMany([
      { _id: 1, t: 'the running man' },
      { _id: 2, t: 'run fast' },
    ]);
    await c.createIndex({ t: 'text' }, { default_language: 'none' });
    const ids = async (text: TextOperand): Promise<unknown[]> =>
      (await c.find({ $text: text }).sort({ _id: 1 }).toArray()).map((d) => d['_id']);
    expect(await ids({ $search: 'the' })).toEqual([1]);
    expect(await ids({ $search: 'run' })).toEqual([2]);
    expect(await ids({ $search: 'running', $language: 'english' })).toEqual([2]);
  });

  it('follows the per-document language override', async () => {
    const c = db.collection<Row>('override');
    await c.insertMany([
      { _id: 1, t: 'running', language: 'none' },
      { _id: 2, t: 'running' },
    ]);
    await c.createIndex({ t: 'text' });
    const docs = await c.find({ $text: { $search: 'run' } }).toArray();
    expect(docs.map((d) => d['_id'])).toEqual([2]);
  });

  it('lets weights change the ranking', async () => {
    const plain = await seed(db, 'unweighted');
    const weighted = await seed(db, 'weighted', { weights: { title: 10 } });
    const order = async (c: Collection<Row>): Promise<unknown[]> =>
      (
        await c
          .find({ $text: { $search: 'coffee' } })
          .sort({ score: { $meta: 'textScore' } })
          .toArray()
      ).map((d) => d['_id']);
    expect(await order(plain)).toEqual([1, 5, 4, 2]);
    // Title weight 10: _id 5 scores 10 + 0.625, _id 1 scores 7.5 + 1.05.
    expect(await order(weighted)).toEqual([5, 1, 4, 2]);
  });

  it('supports the wildcard text index and a compound prefix', async () => {
    const all = db.collection<Row>('wild');
    await all.insertMany([
      { _id: 1, a: { b: 'deep coffee' } },
      { _id: 2, c: ['tea', 'coffee beans'] },
      { _id: 3, d: 'water' },
    ]);
    await all.createIndex({ '$**': 'text' });
    expect(
      (
        await all
          .find({ $text: { $search: 'coffee' } })
          .sort({ _id: 1 })
          .toArray()
      ).map((d) => d['_id']),
    ).toEqual([1, 2]);

    const shops = db.collection<Row>('prefixed');
    await shops.insertMany([
      { _id: 1, city: 'Oslo', t: 'coffee' },
      { _id: 2, city: 'Rome', t: 'coffee' },
    ]);
    await shops.createIndex({ city: 1, t: 'text' });
    expect(
      (await shops.find({ city: 'Rome', $text: { $search: 'coffee' } }).toArray()).map((d) => d['_id']),
    ).toEqual([2]);
    expect(await codeOf(shops.find({ $text: { $search: 'coffee' } }).toArray())).toBe(291);
  });

  it('works as the first $match of a pipeline with $meta in $addFields and $sort', async () => {
    const c = await seed(db, 'pipeline');
    const docs = await c
      .aggregate([
        { $match: { $text: { $search: 'coffee' } } },
        { $addFields: { score: { $meta: 'textScore' } } },
        { $sort: { score: { $meta: 'textScore' } } },
        { $project: { _id: 1, score: 1 } },
      ])
      .toArray();
    expect(docs.map((d) => d['_id'])).toEqual([1, 5, 4, 2]);
    expect(docs[0]?.['score']).toBeCloseTo(1.8, 10);
    expect(
      await codeOf(
        c.aggregate([{ $match: { _id: 1 } }, { $match: { $text: { $search: 'coffee' } } }]).toArray(),
      ),
    ).toBe(17313);
  });

  it('filters counts, updates and deletes', async () => {
    const c = await seed(db, 'writes');
    expect(await c.countDocuments({ $text: { $search: 'tea' } })).toBe(1);
    expect(
      (await c.updateMany({ $text: { $search: 'coffee -tea' } }, { $set: { hot: true } })).modifiedCount,
    ).toBe(3);
    expect((await c.find({ hot: true }).sort({ _id: 1 }).toArray()).map((d) => d['_id'])).toEqual([1, 4, 5]);
    expect((await c.deleteMany({ $text: { $search: 'cookies' } })).deletedCount).toBe(1);
    expect(await c.countDocuments()).toBe(4);
  });

  it('projects the score in a pipeline $project and explains a $text find', async () => {
    const c = await seed(db, 'project');
    const docs = await c
      .aggregate([
        { $match: { $text: { $search: 'cake' } } },
        { $project: { _id: 0, title: 1, s: { $meta: 'textScore' } } },
      ])
      .toArray();
    // 'Cakes and cookies baked daily': cake, cooki, bake, daili → 0.5 + 0.5 × 1/4.
    expect(docs).toEqual([{ title: 'Bakery', s: 0.625 }]);
    const plan = await c.find({ $text: { $search: 'cake' } }).explain();
    expect(plan['queryPlanner']).toBeDefined();
  });

  it('raises MongoDB errors for misuse', async () => {
    const c = await seed(db, 'errors');
    const bare = db.collection<Row>('bare');
    await bare.insertOne({ _id: 1, t: 'coffee' });
    const text = { $search: 'coffee' };
    expect(await codeOf(bare.find({ $text: text }).toArray())).toBe(27);
    expect(await codeOf(c.find({ $and: [{ $text: text }, { $text: text }] }).toArray())).toBe(2);
    expect(await codeOf(c.find({ $nor: [{ $text: text }] }).toArray())).toBe(2);
    expect(await codeOf(c.find({ tags: { $elemMatch: { $text: text } } }).toArray())).toBe(2);
    expect(await codeOf(c.find({ $or: [{ $text: text }, { title: 'x' }] }).toArray())).toBe(291);
    expect(
      await codeOf(
        c
          .find({})
          .sort({ s: { $meta: 'textScore' } })
          .toArray(),
      ),
    ).toBe(40218);
    expect(await codeOf(c.createIndex({ other: 'text' }))).toBe(85);
    expect(await codeOf(c.find({ $text: { $search: 1 } } as never).toArray())).toBe(14);
    // An indexed $or branch is allowed beside $text.
    expect(
      (
        await c
          .find({ $or: [{ $text: text }, { _id: 3 }] })
          .sort({ _id: 1 })
          .toArray()
      ).map((d) => d['_id']),
    ).toEqual([1, 2, 3, 4, 5]);
  });
});
