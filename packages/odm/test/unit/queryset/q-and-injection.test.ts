import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../../src/errors/index.js';
import { compileFilter, raw } from '../../../src/queryset/filter/index.js';
import { Q } from '../../../src/queryset/q.js';
import { compileUpdate } from '../../../src/queryset/update/index.js';
import { QLoose, QUser } from './filter-models.js';

describe('Q', () => {
  it('combines with and / or / not', () => {
    expect(Q.or({ age__lt: 13 }, { tags: 'vip' }).toFilter(QUser)).toEqual({
      $or: [{ age: { $lt: 13 } }, { tags: 'vip' }],
    });
    expect(new Q({ age__gte: 18 }).and({ name: 'a' }).toFilter(QUser)).toEqual({
      age: { $gte: 18 },
      name: 'a',
    });
    expect(Q.and({ age__gte: 18 }, { age__lt: 65 }).toFilter(QUser)).toEqual({
      $and: [{ age: { $gte: 18 } }, { age: { $lt: 65 } }],
    });
    expect(Q.not({ name: 'Ada' }).toFilter(QUser)).toEqual({ $nor: [{ name: 'Ada' }] });
    expect(new Q({ a: 1 } as never).or().toFilter(QLoose)).toEqual({ a: 1 });
    expect(Q.or({ name: 'a' }, new Q()).toFilter(QUser)).toEqual({});
    expect(new Q().toFilter(QUser)).toEqual({});
  });

  it('nests, flattens $and, and accepts raw() leaves', () => {
    const q = Q.or({ name: 'a' }, { name: 'b' }).and(Q.or({ age: 1 }, { age: 2 }));
    expect(q.toFilter(QUser)).toEqual({
      $and: [{ $or: [{ name: 'a' }, { name: 'b' }] }, { $or: [{ age: 1 }, { age: 2 }] }],
    });
    expect(Q.or(raw({ $where: 'x' }), { age: 1 }).toFilter(QUser)).toEqual({
      $or: [{ $where: 'x' }, { age: 1 }],
    });
    expect(compileFilter(QUser, Q.not(Q.or({ age: 1 }, { age: 2 })))).toEqual({
      $nor: [{ $or: [{ age: 1 }, { age: 2 }] }],
    });
  });

  it('is immutable', () => {
    const q = new Q({ age: 1 });
    q.and({ name: 'x' });
    expect(q.toFilter(QUser)).toEqual({ age: 1 });
    expect(Object.isFrozen(q)).toBe(true);
  });

  it('works inside elemMatch', () => {
    expect(compileFilter(QUser, { comments__match: Q.or({ author: 'a' }, { votes__gt: 3 }) })).toEqual({
      comments: { $elemMatch: { $or: [{ author: 'a' }, { votes: { $gt: 3 } }] } },
    });
  });
});

/** User-shaped inputs (e.g. a parsed JSON body) must never become operators. */
describe('injection', () => {
  const attacks: unknown[] = [
    { $ne: null },
    { $gt: '' },
    { $where: 'sleep(1000)' },
    { $regex: '.*' },
    JSON.parse('{"__proto__": {"polluted": true}}'),
    { constructor: { prototype: { polluted: true } } },
    [{ $ne: null }],
    { nested: { $gt: '' } },
  ];

  it('rejects operator-shaped values on every field kind, through objects(), Q and elemMatch', () => {
    for (const attack of attacks) {
      for (const key of [
        'name',
        'age',
        'born',
        'owner',
        'status',
        'address',
        'address__city',
        'tags',
        'settings',
        'settings__x',
        'pk',
        'name__ne',
        'age__in',
      ]) {
        expect(() => compileFilter(QUser, { [key]: attack }), `${key} ${JSON.stringify(attack)}`).toThrow(
          InvalidQueryError,
        );
        expect(() => new Q({ [key]: attack }).toFilter(QUser)).toThrow(InvalidQueryError);
      }
      expect(() => compileFilter(QLoose, { anything: attack })).toThrow(InvalidQueryError);
      expect(() => compileFilter(QUser, { comments__match: { author: attack } })).toThrow(InvalidQueryError);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('rejects $-prefixed and prototype keys', () => {
    const keys = [
      '$where',
      '$or',
      '$expr',
      '__proto__',
      'constructor',
      'name__$ne',
      'settings____proto__',
      'settings__constructor',
    ];
    for (const key of keys) {
      const q = JSON.parse(JSON.stringify({ [key]: 'x' })) as Record<string, unknown>;
      expect(() => compileFilter(QUser, q), key).toThrow(InvalidQueryError);
      expect(() => compileFilter(QLoose, q), key).toThrow(InvalidQueryError);
      expect(() => compileUpdate(QUser, q), key).toThrow(InvalidQueryError);
    }
    expect(() =>
      compileFilter(QUser, JSON.parse('{"__proto__": {"name": "x"}}') as Record<string, unknown>),
    ).toThrow(InvalidQueryError);
  });

  it('rejects class instances carrying $ keys (they serialise by their own keys)', () => {
    class Sneaky {
      $ne = null;
    }
    expect(() => compileFilter(QLoose, { anything: new Sneaky() })).toThrow(InvalidQueryError);
    expect(() => compileFilter(QLoose, { anything: [new Sneaky()] })).toThrow(InvalidQueryError);
  });

  it('keeps strings that look like operators as literals', () => {
    expect(compileFilter(QUser, { name: '$ne' })).toEqual({ name: '$ne' });
    expect(compileFilter(QUser, { name__contains: '.*' })).toEqual({ name: /\.\*/ });
  });

  it('rejects operator objects in update values', () => {
    for (const attack of attacks) {
      for (const key of [
        'set__name',
        'name',
        'set__settings',
        'push__tags',
        'addToSet__tags',
        'pull__tags',
        'set__address',
        'inc__age',
        'max__age',
        'setOnInsert__name',
      ]) {
        expect(() => compileUpdate(QUser, { [key]: attack }), `${key}`).toThrow();
      }
      expect(() => compileUpdate(QLoose, { set__anything: attack })).toThrow(InvalidQueryError);
    }
  });

  it('does not accept Q or raw() as values', () => {
    expect(() => compileFilter(QUser, { name: raw({ $ne: 1 }) })).toThrow(InvalidQueryError);
    expect(() => compileFilter(QUser, { name: new Q({ age: 1 }) })).toThrow(InvalidQueryError);
  });
});
