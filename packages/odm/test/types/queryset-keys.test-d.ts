import { ObjectId } from 'mongodb';
import { describe, expectTypeOf, it } from 'vitest';
import {
  DateTimeField,
  DictField,
  Document,
  DynamicDocument,
  EmbeddedDocument,
  EmbeddedDocumentField,
  IntField,
  ListField,
  PointField,
  StringField,
} from '../../src/index.js';
import type { FilterQueryOf, UpdateQueryOf } from '../../src/queryset/types/index.js';
import { Q } from '../../src/queryset/q.js';

class KGeo extends EmbeddedDocument.define({ label: new StringField() }) {}
class KAddress extends EmbeddedDocument.define({
  city: new StringField(),
  zip: new IntField(),
  geo: new EmbeddedDocumentField(KGeo),
}) {}
class KComment extends EmbeddedDocument.define({ author: new StringField(), votes: new IntField() }) {}
export class KUser extends Document.define({
  name: new StringField({ required: true }),
  age: new IntField(),
  born: new DateTimeField(),
  tags: new ListField(new StringField()),
  scores: new ListField(new IntField()),
  address: new EmbeddedDocumentField(KAddress),
  comments: new ListField(new EmbeddedDocumentField(KComment)),
  settings: new DictField(),
  location: new PointField(),
}) {}

export class KLoose extends DynamicDocument.define({ n: new IntField() }) {}

type F = FilterQueryOf<typeof KUser>;
type U = UpdateQueryOf<typeof KUser>;

/** Object literals are checked the way `objects({...})` / `update({...})` check them (excess keys included). */
const acceptF = (q: F): F => q;
const acceptU = (u: U): U => u;

describe('lookup keys', () => {
  it('accepts valid lookups', () => {
    expectTypeOf(acceptF({ age__gte: 18, name__istartswith: 'a' })).toEqualTypeOf<F>();
    expectTypeOf(acceptF({ address__city: 'Paris', address__zip__in: [1, 2] })).toEqualTypeOf<F>();
    expectTypeOf(acceptF({ address__geo__label__icontains: 'x' })).toEqualTypeOf<F>();
    expectTypeOf(acceptF({ tags: 'a', tags__size: 2, tags__all: ['a'] })).toEqualTypeOf<F>();
    expectTypeOf(acceptF({ comments__0__author: 'x', comments__author: 'y' })).toEqualTypeOf<F>();
    expectTypeOf(acceptF({ comments__match: { votes__gte: 2 } })).toEqualTypeOf<F>();
    expectTypeOf(acceptF({ scores__elemMatch: { gte: 2, lt: 5 } })).toEqualTypeOf<F>();
    expectTypeOf(acceptF({ pk: new ObjectId(), id__in: ['64b7f0c2a1b2c3d4e5f60718'] })).toEqualTypeOf<F>();
    expectTypeOf(
      acceptF({ age__not__gt: 3, age__mod: [5, 0] as const, born__lt: new Date() }),
    ).toEqualTypeOf<F>();
    expectTypeOf(acceptF({ settings__theme: 'dark' })).toEqualTypeOf<F>();
    expectTypeOf(acceptF({ location__near: [1, 2], location__maxDistance: 10 })).toEqualTypeOf<F>();
    expectTypeOf(acceptF({ name__regex: /a/ })).toEqualTypeOf<F>();
  });

  it('rejects unknown paths, operators and wrong value types', () => {
    expectTypeOf(acceptF).toBeFunction();
    // @ts-expect-error — invalid: ag__gte: 1
    acceptF({ ag__gte: 1 });
    // @ts-expect-error — invalid: age__gte: 'x'
    acceptF({ age__gte: 'x' });
    // @ts-expect-error — invalid: name__gte: 1
    acceptF({ name__gte: 1 });
    // @ts-expect-error — invalid: age__icontains: 'x'
    acceptF({ age__icontains: 'x' });
    // @ts-expect-error — invalid: address__town: 'x'
    acceptF({ address__town: 'x' });
    // @ts-expect-error — invalid: name__size: 1
    acceptF({ name__size: 1 });
    // @ts-expect-error — invalid: age__exists: 'yes'
    acceptF({ age__exists: 'yes' });
    // @ts-expect-error — invalid: comments__match: { votes__gte: 'x' }
    acceptF({ comments__match: { votes__gte: 'x' } });
    // @ts-expect-error — invalid: age__near: [1, 2]
    acceptF({ age__near: [1, 2] });
  });

  it('lets dynamic documents name undeclared keys but still checks declared ones', () => {
    const ok: FilterQueryOf<typeof KLoose> = { n__gte: 1, anything__icontains: 'x' };
    expectTypeOf(ok).toExtend<FilterQueryOf<typeof KLoose>>();
    // @ts-expect-error — invalid: a string for an int lookup on a dynamic document
    const bad: FilterQueryOf<typeof KLoose> = { n__gte: 'x' };
    void bad;
  });

  it('types Q leaves', () => {
    expectTypeOf(Q.or<F>({ age__lt: 13 }, { tags: 'vip' })).toEqualTypeOf<Q<F>>();
    // @ts-expect-error a misspelled field in a typed Q
    Q.or<F>({ ag__lt: 13 });
  });
});

describe('update keys', () => {
  it('accepts valid updates', () => {
    expectTypeOf(
      acceptU({ inc__age: 1, set__name: 'x', name: 'y', unset__born: true as const }),
    ).toEqualTypeOf<U>();
    expectTypeOf(
      acceptU({ push__tags: 'a', addToSet__tags: ['a', 'b'], pull__tags__in: ['x'] }),
    ).toEqualTypeOf<U>();
    expectTypeOf(acceptU({ set__address__city: 'P', inc__comments__S__votes: 1 })).toEqualTypeOf<U>();
    expectTypeOf(
      acceptU({ 'set__scores__$[g]': 3, 'set__tags__$[]': 'x', currentDate__born: true as const }),
    ).toEqualTypeOf<U>();
    expectTypeOf(acceptU({ pop__tags: -1 as const, pull__comments: { author: 'x' } })).toEqualTypeOf<U>();
  });

  it('rejects wrong operators, fields and values', () => {
    expectTypeOf(acceptU).toBeFunction();
    // @ts-expect-error — invalid: inc__name: 1
    acceptU({ inc__name: 1 });
    // @ts-expect-error — invalid: inc__age: 'x'
    acceptU({ inc__age: 'x' });
    // @ts-expect-error — invalid: set__nope: 1
    acceptU({ set__nope: 1 });
    // @ts-expect-error — invalid: push__name: 'x'
    acceptU({ push__name: 'x' });
    // @ts-expect-error — invalid: push__scores: 'x'
    acceptU({ push__scores: 'x' });
    // @ts-expect-error — invalid: set__age: 'x'
    acceptU({ set__age: 'x' });
    // @ts-expect-error — invalid: currentDate__name: true as const
    acceptU({ currentDate__name: true as const });
  });
});
