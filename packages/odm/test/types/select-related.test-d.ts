import type { ObjectId } from 'mongodb';
import { describe, expectTypeOf, it } from 'vitest';
import type { EmbeddedDocumentList } from '../../src/index.js';
import {
  Document,
  EmbeddedDocument,
  type QuerySet,
  type RefPath,
  type WithRelated,
} from '../../src/index.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import { EmbeddedDocumentListField } from '../../src/fields/embedded-document-list.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import {
  LazyReferenceField,
  ReferenceField,
  isRef,
  refId,
  selectRelated,
  type Ref,
} from '../../src/references/index.js';

class User extends Document.define({
  name: new StringField({ required: true }),
  boss: new ReferenceField<User>((): unknown => User),
}) {}

class Tag extends Document.define({ label: new StringField() }) {}

class Comment extends EmbeddedDocument.define({
  text: new StringField(),
  author: new ReferenceField(() => User),
}) {}

class Post extends Document.define({
  title: new StringField(),
  author: new ReferenceField(() => User, { required: true }),
  editor: new ReferenceField(() => User),
  tagged: new ListField(new ReferenceField(() => User)),
  labels: new ListField(new ReferenceField(() => Tag)),
  comments: new EmbeddedDocumentListField(Comment),
  pinned: new EmbeddedDocumentField(Comment),
  reviewer: new LazyReferenceField(() => User, { passthrough: true }),
}) {}

declare const posts: QuerySet<Post, Post, unknown>;

describe('selectRelated types', () => {
  it('narrows a loaded reference to its target', async () => {
    const post = (await Post.objects().selectRelated('author').first())!;
    expectTypeOf(post.author).toEqualTypeOf<User>();
    expectTypeOf(post.author.name).toEqualTypeOf<string>();
    expectTypeOf(post.editor).toEqualTypeOf<Ref<User> | undefined>();
    expectTypeOf(post.title).toEqualTypeOf<string | undefined>();
    // Methods keep their types.
    expectTypeOf(post.save).returns.toEqualTypeOf<Promise<Post>>();
  });

  it('keeps Ref<Target> without selectRelated', async () => {
    const post = (await Post.objects().first())!;
    expectTypeOf(post.author).toEqualTypeOf<Ref<User>>();
    const all = await posts.toArray();
    expectTypeOf(all[0]!.author).toEqualTypeOf<Ref<User>>();
  });

  it('narrows an optional reference and keeps it optional', async () => {
    const post = await Post.objects().selectRelated('editor').get();
    expectTypeOf(post.editor).toEqualTypeOf<User | undefined>();
  });

  it('narrows lists of references', async () => {
    const [post] = await Post.objects().selectRelated('tagged', 'labels').toArray();
    expectTypeOf(post!.tagged).toEqualTypeOf<User[]>();
    expectTypeOf(post!.labels[0]!.label).toEqualTypeOf<string | undefined>();
  });

  it('narrows through an embedded document list and an embedded document', async () => {
    const post = (await Post.objects().selectRelated('comments.author', 'pinned__author').first())!;
    expectTypeOf(post.comments).toExtend<EmbeddedDocumentList<unknown>>();
    expectTypeOf(post.comments[0]!.author).toEqualTypeOf<User | undefined>();
    expectTypeOf(post.comments[0]!.text).toEqualTypeOf<string | undefined>();
    expectTypeOf(post.pinned!.author).toEqualTypeOf<User | undefined>();
    expectTypeOf(post.author).toEqualTypeOf<Ref<User>>();
  });

  it('narrows through a loaded reference', async () => {
    const post = (await Post.objects().selectRelated('author.boss').first())!;
    expectTypeOf(post.author.boss).toEqualTypeOf<User | undefined>();
    expectTypeOf(post.author.name).toEqualTypeOf<string>();
  });

  it('narrows a lazy passthrough reference', async () => {
    const post = (await Post.objects().selectRelated('reviewer').first())!;
    expectTypeOf(post.reviewer).toEqualTypeOf<User | undefined>();
  });

  it('accumulates across calls and keeps the depth form unnarrowed', async () => {
    const post = (await Post.objects().selectRelated('author').selectRelated('tagged').first())!;
    expectTypeOf(post.author).toEqualTypeOf<User>();
    expectTypeOf(post.tagged).toEqualTypeOf<User[]>();
    const deep = (await Post.objects().selectRelated({ depth: 2 }).first())!;
    expectTypeOf(deep.author).toEqualTypeOf<Ref<User>>();
    const none = (await Post.objects().selectRelated().first())!;
    expectTypeOf(none.author).toEqualTypeOf<Ref<User>>();
    const mixed = (await Post.objects().selectRelated('author', { depth: 1 }).first())!;
    expectTypeOf(mixed.author).toEqualTypeOf<User>();
    expectTypeOf(mixed.editor).toEqualTypeOf<Ref<User> | undefined>();
  });

  it('rejects paths that hold no reference', () => {
    // @ts-expect-error not a field
    Post.objects().selectRelated('autor');
    // @ts-expect-error a string field, not a reference
    Post.objects().selectRelated('title');
    // @ts-expect-error the embedded document has no such reference
    Post.objects().selectRelated('comments.text');
    // @ts-expect-error the user has no such field
    Post.objects().selectRelated('author.nope');
    expectTypeOf<'author' | 'comments.author' | 'comments__author' | 'author.boss'>().toExtend<
      RefPath<Post>
    >();
  });

  it('types Document.selectRelated and the selectRelated function', async () => {
    const post = (await Post.objects().first())!;
    const loaded = await post.selectRelated('author', 'comments.author');
    expectTypeOf(loaded.author).toEqualTypeOf<User>();
    expectTypeOf(loaded.comments[0]!.author).toEqualTypeOf<User | undefined>();
    expectTypeOf(await post.selectRelated({ depth: 1 })).toEqualTypeOf<Post>();
    // @ts-expect-error not a reference path
    void post.selectRelated('title');

    const many = await selectRelated([post], 'tagged');
    expectTypeOf(many[0]!.tagged).toEqualTypeOf<User[]>();
    expectTypeOf<WithRelated<Post, never>>().toEqualTypeOf<Post>();
  });

  it('gives helpers for values that may be Refs or documents', async () => {
    const post = (await Post.objects().first())!;
    expectTypeOf(refId(post.author)).toEqualTypeOf<ObjectId>();
    const loaded = (await Post.objects().selectRelated('author').first())!;
    expectTypeOf(refId(loaded.author)).toEqualTypeOf<ObjectId>();
    const value: unknown = loaded.author;
    if (isRef(value)) expectTypeOf(value).toEqualTypeOf<Ref<unknown>>();
  });
});
