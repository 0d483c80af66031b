import type { ObjectId } from 'mongodb';
import { describe, expectTypeOf, it } from 'vitest';
import { Document } from '../../src/document/index.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { ReferenceField, type Ref } from '../../src/references/index.js';

class User extends Document.define({
  name: new StringField({ required: true }),
  // Classes in a reference cycle: name the instance type and type the thunk `(): unknown`, so
  // TypeScript need not resolve one class while it is defining the other.
  favoritePost: new ReferenceField<Post>((): unknown => Post),
}) {}

class Post extends Document.define({
  title: new StringField(),
  author: new ReferenceField<User, { required: true }>((): unknown => User, { required: true }),
  parent: new ReferenceField<Post, { required: false }>((): unknown => Post),
  editor: new ReferenceField<User>((): unknown => User),
  tagged: new ListField(new ReferenceField<User>((): unknown => User)),
}) {}

// Outside a cycle the target is inferred from the thunk.
class Comment extends Document.define({
  by: new ReferenceField(() => User, { required: true }),
  on: new ReferenceField(() => Post),
}) {}

describe('reference field types', () => {
  it('types a loaded reference as Ref<Target>', () => {
    const p = new Post({ author: new User({ name: 'a' }) });
    expectTypeOf(p.author).toEqualTypeOf<Ref<User>>();
    expectTypeOf(p.editor).toEqualTypeOf<Ref<User> | undefined>();
    expectTypeOf(p.tagged).toEqualTypeOf<Ref<User>[]>();
    expectTypeOf(p.author.id).toEqualTypeOf<ObjectId>();
    expectTypeOf(p.author.fetch()).toEqualTypeOf<Promise<User>>();
  });

  it('types mutual references without any', () => {
    const u = new User({ name: 'a' });
    expectTypeOf(u.favoritePost).toEqualTypeOf<Ref<Post> | undefined>();
    expectTypeOf(u.favoritePost!.value.title).toEqualTypeOf<string | undefined>();
  });

  it('types a self reference', () => {
    const p = new Post({ author: new User({ name: 'a' }) });
    expectTypeOf(p.parent).toEqualTypeOf<Ref<Post> | undefined>();
    expectTypeOf(p.parent!.value.author).toEqualTypeOf<Ref<User>>();
  });

  it('infers the target outside a cycle', () => {
    const c = new Comment({ by: new User({ name: 'a' }) });
    expectTypeOf(c.by).toEqualTypeOf<Ref<User>>();
    expectTypeOf(c.on).toEqualTypeOf<Ref<Post> | undefined>();
  });

  it('accepts a document, a Ref or an id on construction', () => {
    const u = new User({ name: 'a' });
    new Post({ author: u });
    new Post({ author: u.id! });
    // @ts-expect-error a Post is not a User
    new Post({ author: new Post({ author: u }) });
    // @ts-expect-error author is required
    new Post({});
  });
});
