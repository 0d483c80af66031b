import type { ObjectId } from 'mongodb';
import { DBRef } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Document, EmbeddedDocument, connect, disconnectAll, getDb, queryCounter } from '../../src/index.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import { EmbeddedDocumentListField } from '../../src/fields/embedded-document-list.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { Ref, ReferenceField, isRef, refId, selectRelated } from '../../src/references/index.js';
import { freshDbName, uriFor } from '../helpers.js';

class TUser extends Document.define(
  { name: new StringField({ required: true }), boss: new ReferenceField<TUser>((): unknown => TUser) },
  { collection: 'st_users' },
) {}

class TTag extends Document.define({ label: new StringField() }, { collection: 'st_tags' }) {}

class TComment extends EmbeddedDocument.define({
  text: new StringField(),
  author: new ReferenceField(() => TUser),
}) {}

class TPost extends Document.define(
  {
    title: new StringField(),
    author: new ReferenceField(() => TUser, { required: true }),
    editor: new ReferenceField(() => TUser, { dbref: true }),
    tagged: new ListField(new ReferenceField(() => TUser)),
    labels: new ListField(new ReferenceField(() => TTag)),
    comments: new EmbeddedDocumentListField(TComment),
    pinned: new EmbeddedDocumentField(TComment),
  },
  { collection: 'st_posts' },
) {}

const COLLECTIONS = ['st_users', 'st_posts', 'st_tags'];

beforeAll(async () => {
  await connect(uriFor(freshDbName('seltyped')));
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  const db = getDb();
  await Promise.all(COLLECTIONS.map((c) => db.collection(c).deleteMany({})));
});

async function users(n: number): Promise<TUser[]> {
  const docs = Array.from({ length: n }, (_, i) => new TUser({ name: `u${i}` }));
  return TUser.objects().insert(docs);
}

/** Inserts `n` posts straight through the driver: post i by user i % 10, tagging the next three. */
async function posts(us: TUser[], n: number): Promise<void> {
  await getDb()
    .collection('st_posts')
    .insertMany(
      Array.from({ length: n }, (_, i) => ({
        title: `p${String(i).padStart(3, '0')}`,
        author: us[i % us.length]!.id,
        tagged: [1, 2, 3].map((k) => us[(i + k) % us.length]!.id),
      })),
    );
}

/** The `find` commands a counted block sent to one collection. */
function findsOn(
  commands: readonly { name: string; command: Readonly<Record<string, unknown>> }[],
  coll: string,
) {
  return commands.filter((c) => c.name === 'find' && c.command['find'] === coll);
}

describe('selectRelated puts the target documents in the fields', () => {
  it('loads 100 posts × (author + 3 tagged users) in 1 + 1 queries, as documents', async () => {
    const us = await users(10);
    await posts(us, 100);
    const { result, count, commands } = await queryCounter(() =>
      TPost.objects().orderBy('title').selectRelated('author', 'tagged').toArray(),
    );
    expect(result).toHaveLength(100);
    expect(count).toBe(2);
    expect(findsOn(commands, 'st_users')).toHaveLength(1);
    const first = result[0]!;
    expect(first.author).toBeInstanceOf(TUser);
    expect(first.author.name).toBe('u0');
    expect(first.tagged.map((u) => u.name)).toEqual(['u1', 'u2', 'u3']);
    expect(first.tagged.every((u) => u instanceof TUser)).toBe(true);
    // Reading loaded values sends nothing.
    const reads = await queryCounter(async () => result.map((p) => p.author.name + p.tagged[2]!.name));
    expect(reads.count).toBe(0);
  });

  it('shares one object per target across documents and paths (identity map)', async () => {
    const us = await users(10);
    await posts(us, 20);
    const result = await TPost.objects().orderBy('title').selectRelated('author', 'tagged').toArray();
    expect(result[0]!.author).toBe(result[10]!.author);
    expect(result[0]!.tagged[0]).toBe(result[1]!.author);
    expect(result[0]!.author).not.toBe(us[0]); // a loaded copy, not the inserted instance
  });

  it('follows embedded documents, lists of them and loaded references', async () => {
    const boss = await new TUser({ name: 'boss' }).save();
    const [a, b] = await Promise.all([
      new TUser({ name: 'a', boss }).save(),
      new TUser({ name: 'b', boss }).save(),
    ]);
    const tag = await new TTag({ label: 'x' }).save();
    await new TPost({
      title: 't',
      author: a,
      labels: [tag],
      comments: [new TComment({ text: '1', author: b }), new TComment({ text: '2', author: a })],
      pinned: new TComment({ text: 'p', author: b }),
    }).save();
    const { result: post, count } = await queryCounter(() =>
      TPost.objects().selectRelated('comments.author', 'pinned__author', 'labels', 'author.boss').get(),
    );
    // posts; users and tags together; then the bosses
    expect(count).toBe(4);
    expect(post.comments.map((c) => c.author!.name)).toEqual(['b', 'a']);
    expect(post.pinned!.author).toBe(post.comments[0]!.author);
    expect(post.labels[0]!.label).toBe('x');
    expect(post.author.boss!.name).toBe('boss');
    expect(post.author.boss).toBeInstanceOf(TUser);
  });

  it('applies to first() and get()', async () => {
    const [a] = await users(1);
    await new TPost({ title: 'only', author: a! }).save();
    const first = await queryCounter(() => TPost.objects().selectRelated('author').first());
    expect(first.count).toBe(2);
    expect(first.result!.author.name).toBe('u0');
    const got = await TPost.objects().selectRelated('author').get({ title: 'only' });
    expect(got.author).toBeInstanceOf(TUser);
  });

  it('keeps a missing target as a dangling Ref; refId reads either form', async () => {
    const [a, b] = await users(2);
    await new TPost({ title: 't', author: a!, tagged: [a!, b!] }).save();
    await b!.delete();
    const post = (await TPost.objects().selectRelated('author', 'tagged').first())!;
    expect(isRef(post.author)).toBe(false);
    expect(isRef(post.tagged[0])).toBe(false);
    expect(isRef(post.tagged[1])).toBe(true);
    expect(refId(post.author).equals(a!.id!)).toBe(true);
    expect((refId(post.tagged[1]!) as ObjectId).equals(b!.id!)).toBe(true);
  });

  it('keeps the depth form inside Refs, and combines it with named paths', async () => {
    const boss = await new TUser({ name: 'boss' }).save();
    const a = await new TUser({ name: 'a', boss }).save();
    await new TPost({ title: 't', author: a, editor: boss }).save();
    const deep = await queryCounter(() => TPost.objects().selectRelated({ depth: 2 }).first());
    // posts, users (a and the editor), then a's boss — already in the identity map: no query
    expect(deep.count).toBe(2);
    expect(deep.result!.author).toBeInstanceOf(Ref);
    expect(deep.result!.author.value.boss!.value.name).toBe('boss');

    const mixed = await queryCounter(() => TPost.objects().selectRelated('author', { depth: 1 }).first());
    // posts; the named path's users; then the depth round (the editor)
    expect(mixed.count).toBe(3);
    expect(mixed.result!.author).toBeInstanceOf(TUser);
    expect(mixed.result!.editor).toBeInstanceOf(Ref);
    expect(mixed.result!.editor!.value.name).toBe('boss');
    // One hop: the author's own references are not loaded.
    expect(mixed.result!.author.boss!.isLoaded).toBe(false);
  });
});

describe('saving after selectRelated', () => {
  it('sends no change for the loaded references and still stores ids and DBRefs', async () => {
    const [a, b, c] = await users(3);
    await new TPost({
      title: 't',
      author: a!,
      editor: b!,
      tagged: [b!, c!],
      comments: [new TComment({ text: '1', author: c! })],
    }).save();
    const post = (await TPost.objects()
      .selectRelated('author', 'editor', 'tagged', 'comments.author')
      .first())!;
    expect(post.editor).toBeInstanceOf(TUser);

    const idle = await queryCounter(() => post.save());
    expect(idle.count).toBe(0);

    post.title = 'changed';
    const { commands } = await queryCounter(() => post.save());
    const updates = commands.filter((cmd) => cmd.name === 'update');
    expect(updates).toHaveLength(1);
    const u = (updates[0]!.command['updates'] as { u: Record<string, unknown> }[])[0]!.u;
    expect(u).toEqual({ $set: { title: 'changed' } });

    const raw = (await getDb().collection('st_posts').findOne({}))!;
    expect((raw['author'] as ObjectId).equals(a!.id!)).toBe(true);
    expect(raw['editor']).toBeInstanceOf(DBRef);
    expect(((raw['editor'] as DBRef).oid as ObjectId).equals(b!.id!)).toBe(true);
    expect((raw['tagged'] as ObjectId[]).map((id) => id.toHexString())).toEqual(
      [b!, c!].map((x) => x.id!.toHexString()),
    );
  });

  it('keeps documents in loaded attributes on assignment and list changes, and saves their ids', async () => {
    const [a, b, c] = await users(3);
    await new TPost({ title: 't', author: a!, tagged: [b!] }).save();
    const post = (await TPost.objects().selectRelated('author', 'tagged').first())!;
    post.author = c!;
    expect(post.author).toBe(c);
    post.tagged.push(a!);
    expect(post.tagged[0]).toBeInstanceOf(TUser);
    expect(post.tagged[1]).toBe(a);
    post.validate();
    const { commands } = await queryCounter(() => post.save());
    const u = (
      commands.find((cmd) => cmd.name === 'update')!.command['updates'] as {
        u: { $set: Record<string, unknown> };
      }[]
    )[0]!.u;
    expect(Object.keys(u.$set).sort()).toEqual(['author', 'tagged']);
    expect((u.$set['author'] as ObjectId).equals(c!.id!)).toBe(true);
    const back = (await TPost.objects().first())!;
    expect(back.tagged.map((r) => r.id.toHexString())).toEqual([b!, a!].map((x) => x.id!.toHexString()));
  });
});

describe('Document.selectRelated and selectRelated(docs)', () => {
  it('loads one instance in place and resolves to it', async () => {
    const [a, b] = await users(2);
    await new TPost({
      title: 't',
      author: a!,
      tagged: [a!, b!],
      comments: [new TComment({ author: b! })],
    }).save();
    const post = (await TPost.objects().first())!;
    expect(post.author).toBeInstanceOf(Ref);
    const { result: loaded, count } = await queryCounter(() =>
      post.selectRelated('author', 'tagged', 'comments.author'),
    );
    expect(count).toBe(1); // one $in for every user
    expect(loaded).toBe(post);
    expect(loaded.author.name).toBe('u0');
    expect(loaded.tagged[1]!.name).toBe('u1');
    expect(loaded.comments[0]!.author).toBe(loaded.tagged[1]);
    expect(post.author).toBeInstanceOf(TUser);
  });

  it('loads an array of documents with one query per target class', async () => {
    const us = await users(4);
    await posts(us, 12);
    const tag = await new TTag({ label: 'x' }).save();
    await TPost.objects().update({ set__labels: [tag] });
    const list = await TPost.objects().orderBy('title').toArray();
    const { result, count } = await queryCounter(() => selectRelated(list, 'author', 'labels'));
    expect(count).toBe(2);
    expect(result).toBe(list);
    expect(result[5]!.author.name).toBe('u1');
    expect(result[0]!.labels[0]).toBe(result[11]!.labels[0]);
  });
});

describe('streaming with selectRelated', () => {
  it('loads references batch by batch: 250 posts, batches of 100 → 3 user queries', async () => {
    const us = await users(10);
    await posts(us, 250);
    const { result, commands } = await queryCounter(async () => {
      const names: string[] = [];
      for await (const post of TPost.objects().orderBy('title').batchSize(100).selectRelated('author')) {
        expect(post.author).toBeInstanceOf(TUser);
        names.push(post.author.name);
      }
      return names;
    });
    expect(result).toHaveLength(250);
    expect(result.slice(0, 3)).toEqual(['u0', 'u1', 'u2']);
    expect(findsOn(commands, 'st_users')).toHaveLength(3);
    expect(commands.filter((c) => c.name === 'getMore')).toHaveLength(2);
  });

  it('shares nothing it should not and stops cleanly when the loop breaks', async () => {
    const us = await users(3);
    await posts(us, 30);
    const { count } = await queryCounter(async () => {
      for await (const post of TPost.objects().batchSize(10).selectRelated('tagged')) {
        expect(post.tagged.every((u) => u instanceof TUser)).toBe(true);
        break;
      }
    });
    expect(count).toBe(2); // the first batch and its users
  });
});
