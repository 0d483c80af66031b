import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../../src/errors/index.js';
import { compileOrdering, compileProjection } from '../../../src/queryset/projection/index.js';
import { QUser } from './filter-models.js';

describe('compileOrdering', () => {
  it('maps keys to directions and db paths', () => {
    expect(compileOrdering(QUser, ['-age', 'name', '+score', 'address__city'])).toEqual({
      age: -1,
      name: 1,
      score: 1,
      'addr.c': 1,
    });
    expect(compileOrdering(QUser, ['$text_score'])).toEqual({ _text_score: { $meta: 'textScore' } });
    expect(compileOrdering(QUser, ['-pk'])).toEqual({ _id: -1 });
    expect(() => compileOrdering(QUser, ['-nope'])).toThrow(InvalidQueryError);
  });
});

describe('compileProjection', () => {
  it('compiles only / exclude / slices / elemMatch', () => {
    expect(compileProjection(QUser, {})).toBeUndefined();
    expect(compileProjection(QUser, { only: ['name', 'address__city'] })).toEqual({ name: 1, 'addr.c': 1 });
    expect(compileProjection(QUser, { exclude: ['tags', 'comments'] })).toEqual({ tags: 0, comments: 0 });
    expect(compileProjection(QUser, { only: ['name', 'age'], exclude: ['age', 'pk'] })).toEqual({
      name: 1,
      _id: 0,
    });
    expect(compileProjection(QUser, { slices: { comments: 5, tags: [2, 3] } })).toEqual({
      comments: { $slice: 5 },
      tags: { $slice: [2, 3] },
    });
    expect(compileProjection(QUser, { only: ['name'], elemMatch: { comments: { votes__gte: 2 } } })).toEqual({
      name: 1,
      comments: { $elemMatch: { votes: { $gte: 2 } } },
    });
  });

  it('rejects unknown fields, bad slices and operator injection in elemMatch', () => {
    expect(() => compileProjection(QUser, { only: ['nope'] })).toThrow(InvalidQueryError);
    expect(() => compileProjection(QUser, { slices: { tags: 'x' as never } })).toThrow(InvalidQueryError);
    expect(() => compileProjection(QUser, { elemMatch: { comments: { $where: 'x' } } })).toThrow(
      InvalidQueryError,
    );
  });
});
