import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Document,
  EmbeddedDocument,
  InvalidQueryError,
  connect,
  disconnectAll,
  getDb,
  queryCounter,
} from '../../src/index.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { ReferenceField, isRef, type Ref } from '../../src/references/index.js';
import { freshDbName, uriFor } from '../helpers.js';

class SUser extends Document.define(
  { name: new StringField({ required: true }), boss: new ReferenceField<SUser>((): unknown => SUser) },
  { collection: 'sr_users' },
) {}

class STag extends Document.define({ label: new StringField() }, { collection: 'sr_tags' }) {}

class SComment extends EmbeddedDocument.define({
  text: new StringField(),
  author: new ReferenceField(() => SUser),
}) {}

class SPost extends Document.define(
  {
    title: new StringField(),
    author: new ReferenceField(() => SUser, { required: true }),
    tagged: new ListField(new ReferenceField(() => SUser)),
    labels: new ListField(new ReferenceField(() => STag)),
    comments: new ListField(new EmbeddedDocumentField(SComment)),
    pinned: new EmbeddedDocumentField(SComment),
  },
  { collection: 'sr_posts' },
) {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('selrel')));
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  const db = getDb();
  await Promise.all(['sr_users', 'sr_posts', 'sr_tags'].map((c) => db.collection(c).deleteMany({})));
});

async function users(n: number): Promise<SUser[]> {
  const out: SUser[] = [];
  for (let i = 0; i < n; i++) out.push(await new SUser({ name: `u${i}` }).save());
  return out;
}

describe('QuerySet.selectRelated', () => {
  it('loads 100 posts with author and 3 tagged users in 1 + 1 queries', async () => {
    const us = await users(10);
    const coll = getDb().collection('sr_posts');
    await coll.insertMany(
      Array.from({ length: 100 }, (_, i) => ({
        title: `p${i}`,
        author: us[i % 10]!.id,
        tagged: [us[(i + 1) % 10]!.id, us[(i + 2) % 10]!.id, us[(i + 3) % 10]!.id],
      })),
    );
    const { result: posts, count } = await queryCounter(() =>
      SPost.objects().selectRelated('author', 'tagged').toArray(),
    );
    expect(posts).toHaveLength(100);
    expect(count).toBe(2);
    const after = await queryCounter(async () => {
      const names: string[] = [];
      for (const p of posts) {
        names.push(p.author.name);
        for (const t of p.tagged) names.push(t.name);
      }
      return names;
    });
    expect(after.count).toBe(0);
    expect(after.result.slice(0, 4)).toEqual(['u0', 'u1', 'u2', 'u3']);
    // identity map: one object per target
    expect(posts[0]!.author).toBe(posts[10]!.author);
    expect(posts[0]!.tagged[0]).toBe(posts[1]!.author);
  });

  it('issues one query per target collection across paths', async () => {
    const [a, b] = await users(2);
    const tag = await new STag({ label: 'x' }).save();
    await new SPost({ title: 't', author: a!, tagged: [b!], labels: [tag] }).save();
    const { result, count } = await queryCounter(() =>
      SPost.objects().selectRelated('author', 'tagged', 'labels').first(),
    );
    expect(count).toBe(3);
    expect(result!.labels[0]!.label).toBe('x');
    expect(result!.tagged[0]!.name).toBe('u1');
  });

  it('follows references inside embedded documents and lists of them', async () => {
    const [a, b, c] = await users(3);
    await new SPost({
      title: 't',
      author: a!,
      comments: [new SComment({ text: '1', author: b! }), new SComment({ text: '2', author: c! })],
      pinned: new SComment({ text: 'p', author: a! }),
    }).save();
    const { result, count } = await queryCounter(() =>
      SPost.objects().selectRelated('author', 'comments.author', 'pinned__author').get(),
    );
    expect(count).toBe(2);
    expect(result.comments.map((cm) => cm.author!.name)).toEqual(['u1', 'u2']);
    expect(result.pinned!.author).toBe(result.author);
  });

  it('goes through a loaded reference to the next level', async () => {
    const boss = await new SUser({ name: 'boss' }).save();
    const a = await new SUser({ name: 'a', boss }).save();
    await new SPost({ author: a }).save();
    const { result, count } = await queryCounter(() => SPost.objects().selectRelated('author.boss').first());
    expect(count).toBe(3);
    expect(result!.author.boss!.name).toBe('boss');
  });

  it('leaves a missing target unloaded and rejects unknown paths', async () => {
    const [a] = await users(1);
    await new SPost({ author: a! }).save();
    await getDb().collection('sr_users').deleteMany({});
    const post = (await SPost.objects().selectRelated('author').first())!;
    // A missing target stays a Ref (its type says SUser: check with isRef).
    expect(isRef(post.author)).toBe(true);
    const ref = post.author as unknown as Ref<SUser>;
    expect(ref.isLoaded).toBe(false);
    await expect(ref.fetch()).rejects.toBeInstanceOf(SUser.DoesNotExist);
    await expect(
      SPost.objects()
        .selectRelated('nope' as never)
        .toArray(),
    ).rejects.toBeInstanceOf(InvalidQueryError);
  });

  it('loads every reference down to a depth', async () => {
    const boss = await new SUser({ name: 'boss' }).save();
    const [a, b] = [await new SUser({ name: 'a', boss }).save(), await new SUser({ name: 'b', boss }).save()];
    const tag = await new STag({ label: 'x' }).save();
    await new SPost({
      author: a,
      labels: [tag],
      comments: [new SComment({ text: '1', author: b })],
    }).save();

    const one = await queryCounter(() => SPost.objects().selectRelated().first());
    expect(one.count).toBe(3); // posts, users, tags
    expect(one.result!.comments[0]!.author!.value.name).toBe('b');
    expect(one.result!.author.value.boss!.isLoaded).toBe(false);

    const two = await queryCounter(() => SPost.objects().selectRelated({ depth: 2 }).first());
    expect(two.count).toBe(4);
    const bossA = two.result!.author.value.boss!.value;
    expect(bossA.name).toBe('boss');
    expect(two.result!.comments[0]!.author!.value.boss!.value).toBe(bossA);
  });

  it('does nothing under noDereference', async () => {
    const [a] = await users(1);
    await new SPost({ author: a! }).save();
    const { result, count } = await queryCounter(() =>
      SPost.objects().selectRelated('author').noDereference().first(),
    );
    expect(count).toBe(1);
    expect((result!.author as unknown as Ref<SUser>).isLoaded).toBe(false);
  });
});
