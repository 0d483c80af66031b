import { Double } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { InvalidQueryError, ValidationError } from '../../../src/errors/index.js';
import { raw } from '../../../src/queryset/filter/index.js';
import { compileUpdate } from '../../../src/queryset/update/index.js';
import { QComment, QLoose, QUser } from './filter-models.js';

const u = (ops: Record<string, unknown>) => compileUpdate(QUser, ops).update;

describe('compileUpdate: operators', () => {
  it('compiles every update keyword with db paths', () => {
    expect(u({ set__name: 'Ada' })).toEqual({ $set: { name: 'Ada' } });
    expect(u({ name: 'Ada', address__city: 'P' })).toEqual({ $set: { name: 'Ada', 'addr.c': 'P' } });
    expect(u({ unset__age: true })).toEqual({ $unset: { age: 1 } });
    expect(u({ inc__age: 2 })).toEqual({ $inc: { age: 2 } });
    expect(u({ dec__age: 2 })).toEqual({ $inc: { age: -2 } });
    expect(u({ mul__score: 1.5 })).toEqual({ $mul: { score: new Double(1.5) } }); // FloatField stores doubles
    expect(u({ min__age: 3 })).toEqual({ $min: { age: 3 } });
    expect(u({ max__age: 3 })).toEqual({ $max: { age: 3 } });
    expect(u({ push__tags: 'a' })).toEqual({ $push: { tags: 'a' } });
    expect(u({ push__tags: ['a', 'b'] })).toEqual({ $push: { tags: { $each: ['a', 'b'] } } });
    expect(u({ push__tags__0: 'a' })).toEqual({ $push: { tags: { $each: ['a'], $position: 0 } } });
    expect(u({ pushAll__tags: ['a'] })).toEqual({ $push: { tags: { $each: ['a'] } } });
    expect(u({ push_all__tags: ['a'] })).toEqual({ $push: { tags: { $each: ['a'] } } });
    expect(u({ pull__tags: 'a' })).toEqual({ $pull: { tags: 'a' } });
    expect(u({ pull__tags__in: ['a'] })).toEqual({ $pull: { tags: { $in: ['a'] } } });
    expect(u({ pull__tags__nin: ['a'] })).toEqual({ $pull: { tags: { $nin: ['a'] } } });
    expect(u({ pull__scores: { gte: 5 } })).toEqual({ $pull: { scores: { $gte: 5 } } });
    expect(u({ pull__comments: { votes__lt: 1 } })).toEqual({ $pull: { comments: { votes: { $lt: 1 } } } });
    expect(u({ pullAll__tags: ['a', 'b'] })).toEqual({ $pullAll: { tags: ['a', 'b'] } });
    expect(u({ addToSet__tags: 'a' })).toEqual({ $addToSet: { tags: 'a' } });
    expect(u({ add_to_set__tags: ['a', 'b'] })).toEqual({ $addToSet: { tags: { $each: ['a', 'b'] } } });
    expect(u({ pop__tags: -1 })).toEqual({ $pop: { tags: -1 } });
    expect(u({ rename__address__city: 'town' })).toEqual({ $rename: { 'addr.c': 'town' } });
    expect(u({ rename__age: 'name' })).toEqual({ $rename: { age: 'name' } });
    expect(u({ setOnInsert__name: 'x' })).toEqual({ $setOnInsert: { name: 'x' } });
    expect(u({ currentDate__born: true })).toEqual({ $currentDate: { born: true } });
    expect(u({ currentDate__born: 'timestamp' })).toEqual({ $currentDate: { born: { $type: 'timestamp' } } });
  });

  it('casts values by the field (and the list item field)', () => {
    const out = u({
      set__born: '2020-01-02',
      push__comments: new QComment({ author: 'a', votes: 1 }),
    }) as Record<string, Record<string, unknown>>;
    expect(out['$set']!['born']).toBeInstanceOf(Date);
    expect(out['$push']).toEqual({ comments: { author: 'a', votes: 1 } });
    expect(u({ set__address: { city: 'P' } })).toEqual({ $set: { addr: { c: 'P' } } });
    expect(u({ set__name: null })).toEqual({ $set: { name: null } });
  });

  it('resolves positional S, $, $[] and $[id] with arrayFilters', () => {
    expect(u({ inc__comments__S__votes: 1, set__tags__S: 'x' })).toEqual({
      $inc: { 'comments.$.votes': 1 },
      $set: { 'tags.$': 'x' },
    });
    expect(u({ 'set__tags__$[]': 'y', set__comments__2__author: 'q' })).toEqual({
      $set: { 'tags.$[]': 'y', 'comments.2.author': 'q' },
    });
    expect(
      compileUpdate(
        QUser,
        { 'set__scores__$[g]': 100, 'inc__comments__$[c]__votes': 1 },
        {
          arrayFilters: [{ g__gte: 85 }, { c__author: 'ada', c__votes__lt: 3 }],
        },
      ),
    ).toEqual({
      update: { $set: { 'scores.$[g]': 100 }, $inc: { 'comments.$[c].votes': 1 } },
      arrayFilters: [{ g: { $gte: 85 } }, { 'c.author': 'ada', 'c.votes': { $lt: 3 } }],
    });
    expect(() =>
      compileUpdate(QUser, { 'set__scores__$[g]': 1 }, { arrayFilters: [{ g__gte: 'x' }] }),
    ).toThrow(InvalidQueryError);
    expect(() => compileUpdate(QUser, { 'set__scores__$[g]': 1 }, { arrayFilters: [{ h__gte: 1 }] })).toThrow(
      /\$\[name\]/,
    );
  });

  it('takes raw operator objects and pipelines only through raw() / __raw__', () => {
    expect(u({ set__age: 1, __raw__: { $inc: { n: 1 } } })).toEqual({ $set: { age: 1 }, $inc: { n: 1 } });
    expect(compileUpdate(QUser, raw({ $bit: { age: { and: 1 } } })).update).toEqual({
      $bit: { age: { and: 1 } },
    });
    expect(compileUpdate(QUser, raw([{ $set: { a: { $add: ['$b', 1] } } }])).update).toEqual([
      { $set: { a: { $add: ['$b', 1] } } },
    ]);
    expect(() => u({ $set: { age: 1 } })).toThrow(InvalidQueryError);
  });

  it('rejects unknown fields, wrong kinds and malformed values', () => {
    expect(() => u({ set__nope: 1 })).toThrow(/nope.*QUser/);
    expect(() => u({ inc__age: 'x' })).toThrow(InvalidQueryError);
    expect(() => u({ inc__age: '1' })).toThrow(InvalidQueryError);
    expect(() => u({ inc__name: 1 })).toThrow(/StringField/);
    expect(() => u({ set__age: 'many' })).toThrow(ValidationError);
    expect(() => u({ set__name: 'x'.repeat(51) })).toThrow(ValidationError);
    expect(() => u({ push__name: 'x' })).toThrow(/not a list/);
    expect(() => u({ pop__tags: 2 })).toThrow(InvalidQueryError);
    expect(() => u({ pushAll__tags: 'x' })).toThrow(InvalidQueryError);
    expect(() => u({ push__scores: 'x' })).toThrow(ValidationError);
    expect(() => u({ currentDate__born: 'now' })).toThrow(InvalidQueryError);
    expect(() => u({ inc__age: 1, dec__age: 1 })).toThrow(/twice/);
  });

  it('accepts undeclared fields on dynamic documents', () => {
    expect(compileUpdate(QLoose, { set__extra: { a: 1 }, inc__n: 1 }).update).toEqual({
      $set: { extra: { a: 1 } },
      $inc: { n: 1 },
    });
  });
});
