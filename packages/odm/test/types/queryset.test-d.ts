import type { ObjectId } from 'mongodb';
import { describe, expectTypeOf, it } from 'vitest';
import {
  Document,
  EmbeddedDocument,
  type FieldsOf,
  type QuerySet,
  type RawDocument,
} from '../../src/index.js';
import { Q } from '../../src/queryset/q.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import { IntField } from '../../src/fields/int-field.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';

class Address extends EmbeddedDocument.define({ city: new StringField({ required: true }) }) {}

class User extends Document.define(
  {
    name: new StringField({ required: true }),
    age: new IntField(),
    tags: new ListField(new StringField()),
    address: new EmbeddedDocumentField(Address),
  },
  { allowInheritance: true },
) {
  get isAdult(): boolean {
    return (this.age ?? 0) >= 18;
  }
  greet(): string {
    return this.name;
  }
}

class Admin extends User.define({ level: new IntField({ required: true }) }) {
  promote(): number {
    return this.level + 1;
  }
}

class Keyed extends Document.define({ code: new StringField({ primaryKey: true }) }) {}

type UserSet<TResult = User> = QuerySet<User, TResult, FieldsOf<typeof User>>;

describe('QuerySet types', () => {
  it('objects() is a QuerySet of the subclass, keeping its methods', async () => {
    const qs = User.objects({ age__gte: 18 });
    expectTypeOf(qs).toEqualTypeOf<UserSet>();
    expectTypeOf(Admin.objects()).toEqualTypeOf<QuerySet<Admin, Admin, FieldsOf<typeof Admin>>>();
    expectTypeOf(qs.first()).toEqualTypeOf<Promise<User | undefined>>();
    expectTypeOf(qs.get()).toEqualTypeOf<Promise<User>>();
    expectTypeOf(qs.toArray()).toEqualTypeOf<Promise<User[]>>();
    const admin = await Admin.objects().orderBy('-level').limit(1).first();
    expectTypeOf(admin!.promote()).toEqualTypeOf<number>();
    expectTypeOf(admin!.isAdult).toEqualTypeOf<boolean>();
    for await (const u of User.objects()) expectTypeOf(u).toEqualTypeOf<User>();
  });

  it('chained calls keep the type; asRaw() yields plain documents', () => {
    const qs = User.objects().filter({ name: 'Ada' }).skip(1).only('name').exclude('tags').noSubClasses();
    expectTypeOf(qs).toEqualTypeOf<UserSet>();
    expectTypeOf(qs.asRaw()).toEqualTypeOf<UserSet<RawDocument>>();
    expectTypeOf(qs.asRaw().first()).toEqualTypeOf<Promise<RawDocument | undefined>>();
    expectTypeOf(qs.asRaw().limit(2).toArray()).toEqualTypeOf<Promise<RawDocument[]>>();
  });

  it('scalar, valuesList and values are typed from the fields', () => {
    const qs = User.objects();
    expectTypeOf(qs.scalar('name', 'age')).toEqualTypeOf<Promise<[string, number | undefined][]>>();
    expectTypeOf(qs.scalar('name')).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(qs.valuesList('name')).toEqualTypeOf<Promise<[string][]>>();
    expectTypeOf(qs.values('name', 'tags')).toEqualTypeOf<Promise<{ name: string; tags: string[] }[]>>();
    expectTypeOf(qs.valuesList('address__city')).toEqualTypeOf<Promise<[unknown][]>>();
  });

  it('checks lookup and update keys against the field map', () => {
    void User.objects({ age__gte: 18, name__istartswith: 'a', address__city: 'Paris', tags__size: 2 });
    void User.objects()
      .filter(Q.or({ age__lt: 13 }, { tags: 'vip' }))
      .get({ name: 'Ada' });
    void User.objects().update({ inc__age: 1, push__tags: 'x', set__name: 'Ada' });
    void Admin.objects({ level__gt: 1, name: 'x' });
    // @ts-expect-error a typo in the path
    void User.objects({ ag__gte: 1 });
    // @ts-expect-error a string for an int lookup
    void User.objects().filter({ age__gte: 'x' });
    // @ts-expect-error inc on a string field
    void User.objects().update({ inc__name: 1 });
    // @ts-expect-error level is Admin's, not User's
    void User.objects().modify({ set__level: 2 });
  });

  it('an untyped QuerySet<T> accepts any lookup object', () => {
    const loose = User.objects() as QuerySet<User>;
    expectTypeOf(loose.filter({ anything__goes: 1 })).toEqualTypeOf<QuerySet<User>>();
    const assignable: QuerySet<User> = User.objects();
    void assignable;
  });

  it('rejects unknown field names and methods', () => {
    // @ts-expect-error a typo
    void User.objects().only('nmae');
    void User.objects().orderBy('-age', '+name', 'address__city', 'name');
    // @ts-expect-error not a field
    void User.objects().orderBy('-agee');
    // @ts-expect-error methods are not fields
    void User.objects().scalar('greet');
    // @ts-expect-error not a field of User
    void User.objects().values('level');
  });

  it('primary keys type inBulk, withId and insert', () => {
    expectTypeOf(User.objects().inBulk<ObjectId>)
      .parameter(0)
      .toEqualTypeOf<readonly ObjectId[]>();
    expectTypeOf(Keyed.objects().withId('x')).toEqualTypeOf<Promise<Keyed | undefined>>();
    expectTypeOf(User.objects().insert([new User({ name: 'a' })], { loadBulk: false })).toEqualTypeOf<
      Promise<ObjectId[]>
    >();
    expectTypeOf(User.objects().insert([new User({ name: 'a' })])).toEqualTypeOf<Promise<User[]>>();
    expectTypeOf(User.objects().insert(new User({ name: 'a' }))).toEqualTypeOf<Promise<User>>();
    expectTypeOf(User.objects().create({ name: 'Ada' })).toEqualTypeOf<Promise<User>>();
  });

  it('write terminals', () => {
    const qs = User.objects();
    expectTypeOf(qs.update({ inc__age: 1 })).toEqualTypeOf<Promise<number>>();
    expectTypeOf(qs.modify({ inc__age: 1 }, { new: true })).toEqualTypeOf<Promise<User | null>>();
    expectTypeOf(qs.upsertOne({ set__age: 1 })).toEqualTypeOf<Promise<User>>();
    expectTypeOf(qs.delete()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(qs.count()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(qs.itemFrequencies('tags')).toEqualTypeOf<Promise<Map<unknown, number>>>();
  });
});
