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

// ── Generic lazy and cached references (issue 5) ─────────────────────────────────────────────
import { IntField } from '../../src/fields/int-field.js';
import {
  CachedReferenceField,
  type DanglingReference,
  GenericLazyReferenceField,
  type CachedRef,
} from '../../src/references/index.js';
import type { FilterQueryOf } from '../../src/queryset/types/index.js';

class Author extends Document.define({
  name: new StringField({ required: true }),
  email: new StringField(),
  age: new IntField(),
}) {}

class Story extends Document.define({
  author: new CachedReferenceField(() => Author, { fields: ['name', 'email'], required: true }),
  editor: new CachedReferenceField(() => Author, { fields: ['name'] }),
  anyOf: new GenericLazyReferenceField<Author | Story>(),
  shown: new GenericLazyReferenceField<Author, { passthrough: true }>({ passthrough: true }),
}) {}

describe('cached reference types', () => {
  it('holds a CachedRef whose .cached is a Pick of the chosen fields', () => {
    const s = new Story({ author: new Author({ name: 'a' }) });
    expectTypeOf(s.author).toEqualTypeOf<CachedRef<Author, Readonly<Pick<Author, 'name' | 'email'>>>>();
    expectTypeOf(s.author.cached.name).toEqualTypeOf<string>();
    expectTypeOf(s.author.cached.email).toEqualTypeOf<string | undefined>();
    // @ts-expect-error age is not cached
    void s.author.cached.age;
    expectTypeOf(s.editor).toEqualTypeOf<CachedRef<Author, Readonly<Pick<Author, 'name'>>> | undefined>();
    expectTypeOf(s.author.fetch()).toEqualTypeOf<Promise<Author>>();
    expectTypeOf(s.author.id).toEqualTypeOf<ObjectId>();
  });

  it('checks the cached field names against the target', () => {
    // @ts-expect-error 'nope' is not a field of Author
    new CachedReferenceField(() => Author, { fields: ['nope'] });
  });

  it('accepts a document or a Ref; required is seen', () => {
    const a = new Author({ name: 'a' });
    new Story({ author: a });
    // @ts-expect-error author is required
    new Story({});
    // @ts-expect-error a Story is not an Author
    new Story({ author: new Story({ author: a }) });
  });

  it('types queries by the cached fields and by the document', () => {
    type Q = FilterQueryOf<typeof Story>;
    const ok: Q = { author__name: 'Ada', author__email__startswith: 'a', author: new Author({ name: 'a' }) };
    void ok;
    // @ts-expect-error age is not cached, so it cannot be queried on the referrer
    const bad: Q = { author__age: 3 };
    void bad;
    // @ts-expect-error the cached name is a string
    const wrong: Q = { author__name: 3 };
    void wrong;
  });
});

describe('generic lazy reference and dangling types', () => {
  it('holds a Ref to the union; passthrough exposes the target attributes', () => {
    const s = new Story({ author: new Author({ name: 'a' }) });
    expectTypeOf(s.anyOf).toEqualTypeOf<(Ref<Author | Story> & unknown) | undefined>();
    expectTypeOf(s.shown!.name).toEqualTypeOf<string>();
    expectTypeOf(s.shown!.fetch()).toEqualTypeOf<Promise<Author>>();
  });

  it("fetch({ missing: 'marker' }) may give a DanglingReference", () => {
    const s = new Story({ author: new Author({ name: 'a' }) });
    expectTypeOf(s.author.fetch({ missing: 'marker' })).toEqualTypeOf<
      Promise<Author | DanglingReference<Author>>
    >();
    expectTypeOf(s.author.fetch({ missing: 'throw' })).toEqualTypeOf<Promise<Author>>();
    expectTypeOf(s.author.dangling).toEqualTypeOf<boolean>();
    expectTypeOf<DanglingReference<Author>['id']>().toEqualTypeOf<ObjectId>();
  });
});
