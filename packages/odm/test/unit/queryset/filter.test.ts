import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../../src/errors/index.js';
import { compileFilter, raw, resolveDbPath } from '../../../src/queryset/filter/index.js';
import { QAddress, QComment, QLoose, QUser } from './filter-models.js';

const f = (q: Record<string, unknown>) => compileFilter(QUser, q);

describe('compileFilter: comparison operators', () => {
  it('compiles equality and each comparison to its MongoDB operator', () => {
    expect(f({ name: 'Ada' })).toEqual({ name: 'Ada' });
    expect(f({ age__ne: 3 })).toEqual({ age: { $ne: 3 } });
    expect(f({ age__lt: 3 })).toEqual({ age: { $lt: 3 } });
    expect(f({ age__lte: 3 })).toEqual({ age: { $lte: 3 } });
    expect(f({ age__gt: 3 })).toEqual({ age: { $gt: 3 } });
    expect(f({ age__gte: 3 })).toEqual({ age: { $gte: 3 } });
    expect(f({ age__in: [1, 2] })).toEqual({ age: { $in: [1, 2] } });
    expect(f({ age__nin: [1, 2] })).toEqual({ age: { $nin: [1, 2] } });
    expect(f({ age__mod: [5, 0] })).toEqual({ age: { $mod: [5, 0] } });
    expect(f({ tags__all: ['a', 'b'] })).toEqual({ tags: { $all: ['a', 'b'] } });
    expect(f({ tags__size: 2 })).toEqual({ tags: { $size: 2 } });
    expect(f({ age__exists: false })).toEqual({ age: { $exists: false } });
    expect(f({ age__type: 'int' })).toEqual({ age: { $type: 'int' } });
  });

  it('merges several conditions on one field and sends conflicts to $and', () => {
    expect(f({ age__gte: 18, age__lte: 65 })).toEqual({ age: { $gte: 18, $lte: 65 } });
    expect(f({ name: 'a', name__exact: 'b' })).toEqual({ name: 'a', $and: [{ name: /^b$/ }] });
    expect(f({ name__startswith: 'a', name__ne: 'abc' })).toEqual({ name: { $regex: /^a/, $ne: 'abc' } });
  });

  it('negates with not__', () => {
    expect(f({ age__not__gt: 5 })).toEqual({ age: { $not: { $gt: 5 } } });
    expect(f({ age__not__mod: [5, 0] })).toEqual({ age: { $not: { $mod: [5, 0] } } });
    expect(f({ name__not__istartswith: 'a' })).toEqual({ name: { $not: /^a/i } });
    expect(f({ age__not: 5 })).toEqual({ age: { $ne: 5 } });
  });
});

describe('compileFilter: string operators', () => {
  it('compiles each string lookup to an escaped regex', () => {
    const cases: [string, RegExp][] = [
      ['exact', /^a\.b$/],
      ['iexact', /^a\.b$/i],
      ['contains', /a\.b/],
      ['icontains', /a\.b/i],
      ['startswith', /^a\.b/],
      ['istartswith', /^a\.b/i],
      ['endswith', /a\.b$/],
      ['iendswith', /a\.b$/i],
      ['wholeword', /\ba\.b\b/],
      ['iwholeword', /\ba\.b\b/i],
    ];
    for (const [op, re] of cases) expect(f({ [`name__${op}`]: 'a.b' })).toEqual({ name: re });
    expect(f({ name__regex: '^a.b' })).toEqual({ name: /^a.b/ });
    expect(f({ name__iregex: '^a' })).toEqual({ name: /^a/i });
  });

  it('applies string lookups to list items and dict values', () => {
    expect(f({ tags__icontains: 'x' })).toEqual({ tags: /x/i });
    expect(f({ settings__theme__startswith: 'da' })).toEqual({ 'settings.theme': /^da/ });
  });
});

describe('compileFilter: paths and casting', () => {
  it('resolves embedded paths, db fields, list indexes and pk', () => {
    const id = new ObjectId();
    expect(f({ address__city: 'Paris' })).toEqual({ 'addr.c': 'Paris' });
    expect(f({ comments__0__author: 'x' })).toEqual({ 'comments.0.author': 'x' });
    expect(f({ comments__votes__gte: 2 })).toEqual({ 'comments.votes': { $gte: 2 } });
    expect(f({ pk: id.toHexString() })).toEqual({ _id: id });
    expect(f({ id__in: [id] })).toEqual({ _id: { $in: [id] } });
    expect(resolveDbPath(QUser, 'address__city')).toMatchObject({ dbPath: 'addr.c' });
    expect(resolveDbPath(QUser, 'comments__0__author').dbPath).toBe('comments.0.author');
    expect(resolveDbPath(QUser, 'pk').dbPath).toBe('_id');
  });

  it('casts values by their field', () => {
    const born = f({ born__gte: '2020-01-02' }) as { born: { $gte: unknown } };
    expect(born.born.$gte).toBeInstanceOf(Date);
    const owner = new ObjectId();
    expect(f({ owner: owner.toHexString() })).toEqual({ owner });
    expect(f({ status: 'live' })).toEqual({ status: 'live' });
    expect(f({ address: new QAddress({ city: 'P' }) })).toEqual({ addr: { c: 'P' } });
    expect(f({ address: { city: 'P' } })).toEqual({ addr: { c: 'P' } });
    expect(f({ tags: 'a' })).toEqual({ tags: 'a' });
    expect(f({ scores__gt: [1, 2] })).toEqual({ scores: { $gt: [1, 2] } });
  });

  it('rejects wrong values naming the field', () => {
    expect(() => f({ age__gte: 'x' })).toThrow(/QUser\.age/);
    expect(() => f({ status: 'gone' })).toThrow(InvalidQueryError);
    expect(() => f({ age__in: 3 })).toThrow(InvalidQueryError);
    expect(() => f({ tags__size: -1 })).toThrow(InvalidQueryError);
    expect(() => f({ age__exists: 'yes' })).toThrow(InvalidQueryError);
  });

  it('rejects unknown fields and sub-paths of scalars, naming field and class', () => {
    expect(() => f({ nmae: 'x' })).toThrow(/'nmae'.*QUser/);
    expect(() => f({ address__town: 'x' })).toThrow(/town/);
    expect(() => f({ name__first: 'x' })).toThrow(/QUser\.name.*StringField/);
    expect(() => f({ comments__S__author: 'x' })).toThrow(/updates only/);
    expect(() => f({ type__: 1 })).toThrow(/'type'/);
  });

  it('lets dynamic documents query undeclared fields, still without operators in values', () => {
    expect(compileFilter(QLoose, { extra__gte: 3, other__icontains: 'A' })).toEqual({
      extra: { $gte: 3 },
      other: /A/i,
    });
    expect(() => compileFilter(QLoose, { extra: { $ne: null } })).toThrow(InvalidQueryError);
  });
});

describe('compileFilter: elemMatch', () => {
  it('compiles a sub-query against the embedded class', () => {
    expect(f({ comments__match: { author: 'ada', votes__gte: 2 } })).toEqual({
      comments: { $elemMatch: { author: 'ada', votes: { $gte: 2 } } },
    });
    expect(f({ comments__elemMatch: { votes__not__lt: 1 } })).toEqual({
      comments: { $elemMatch: { votes: { $not: { $lt: 1 } } } },
    });
    expect(() => f({ comments__match: { nope: 1 } })).toThrow(/nope.*QComment/);
    void QComment;
  });

  it('uses operator names (no $) for scalar lists', () => {
    expect(f({ scores__elemMatch: { gte: 2, lt: 5 } })).toEqual({
      scores: { $elemMatch: { $gte: 2, $lt: 5 } },
    });
    expect(() => f({ scores__elemMatch: { $gte: 2 } })).toThrow(InvalidQueryError);
    expect(() => f({ scores__elemMatch: { gte: 'x' } })).toThrow(InvalidQueryError);
  });
});

describe('compileFilter: geo operators', () => {
  const poly = [
    [
      [0, 0],
      [0, 1],
      [1, 1],
      [0, 0],
    ],
  ];
  it('compiles GeoJSON lookups', () => {
    expect(f({ location__geoWithin: poly })).toEqual({
      location: { $geoWithin: { $geometry: { type: 'Polygon', coordinates: poly } } },
    });
    expect(
      f({
        location__geoWithinBox: [
          [0, 0],
          [1, 1],
        ],
      }),
    ).toEqual({
      location: {
        $geoWithin: {
          $box: [
            [0, 0],
            [1, 1],
          ],
        },
      },
    });
    expect(
      f({
        location__geoWithinPolygon: [
          [0, 0],
          [0, 1],
          [1, 1],
        ],
      }),
    ).toEqual({
      location: {
        $geoWithin: {
          $polygon: [
            [0, 0],
            [0, 1],
            [1, 1],
          ],
        },
      },
    });
    expect(f({ location__geoWithinCenter: [[0, 0], 2] })).toEqual({
      location: { $geoWithin: { $center: [[0, 0], 2] } },
    });
    expect(f({ location__geoWithinSphere: [[0, 0], 0.1] })).toEqual({
      location: { $geoWithin: { $centerSphere: [[0, 0], 0.1] } },
    });
    expect(f({ area__geoIntersects: [1, 2] })).toEqual({
      area: { $geoIntersects: { $geometry: { type: 'Point', coordinates: [1, 2] } } },
    });
    expect(
      f({
        area__geoIntersects: [
          [1, 2],
          [3, 4],
        ],
      }),
    ).toEqual({
      area: {
        $geoIntersects: {
          $geometry: {
            type: 'LineString',
            coordinates: [
              [1, 2],
              [3, 4],
            ],
          },
        },
      },
    });
    expect(f({ location__near: [2, 48], location__maxDistance: 100, location__minDistance: 5 })).toEqual({
      location: {
        $near: { $geometry: { type: 'Point', coordinates: [2, 48] }, $maxDistance: 100, $minDistance: 5 },
      },
    });
    expect(f({ location__max_distance: 10, location__nearSphere: [2, 48] })).toEqual({
      location: { $nearSphere: { $geometry: { type: 'Point', coordinates: [2, 48] }, $maxDistance: 10 } },
    });
  });

  it('compiles legacy 2d lookups with bare coordinates', () => {
    expect(f({ legacy__near: [1, 2], legacy__maxDistance: 3 })).toEqual({
      legacy: { $near: [1, 2], $maxDistance: 3 },
    });
    expect(f({ legacy__nearSphere: [1, 2] })).toEqual({ legacy: { $nearSphere: [1, 2] } });
    expect(f({ legacy__withinDistance: [[1, 2], 3] })).toEqual({
      legacy: { $geoWithin: { $center: [[1, 2], 3] } },
    });
    expect(f({ legacy__within_spherical_distance: [[1, 2], 0.1] })).toEqual({
      legacy: { $geoWithin: { $centerSphere: [[1, 2], 0.1] } },
    });
    expect(
      f({
        legacy__withinBox: [
          [0, 0],
          [1, 1],
        ],
      }),
    ).toEqual({
      legacy: {
        $geoWithin: {
          $box: [
            [0, 0],
            [1, 1],
          ],
        },
      },
    });
  });

  it('rejects operator objects and bad distances', () => {
    expect(() => f({ location__near: { $where: '1' } })).toThrow(InvalidQueryError);
    expect(() => f({ location__maxDistance: -1 })).toThrow(InvalidQueryError);
  });
});

describe('compileFilter: raw', () => {
  it('passes raw() and __raw__ through, merged with lookups', () => {
    expect(compileFilter(QUser, raw({ $where: 'this.a > 1' }))).toEqual({ $where: 'this.a > 1' });
    expect(f({ age: 3, __raw__: { $expr: { $gt: ['$a', '$b'] } } })).toEqual({
      age: 3,
      $expr: { $gt: ['$a', '$b'] },
    });
    expect(f({ age: 3, __raw__: { age: 4 } })).toEqual({ age: 3, $and: [{ age: 4 }] });
    expect(compileFilter(QUser, undefined)).toEqual({});
  });
});
