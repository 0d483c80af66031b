import { describe, expect, it } from 'vitest';
import { Document, EmbeddedDocument } from '../../../src/document/index.js';
import { classInfo } from '../../../src/document/class-info.js';
import { compileUpdate } from '../../../src/document/compile-update.js';
import { compileCondition } from '../../../src/document/compile-condition.js';
import { EmbeddedDocumentField } from '../../../src/fields/embedded-document-field.js';
import { IntField } from '../../../src/fields/int-field.js';
import { ListField } from '../../../src/fields/list-field.js';
import { StringField } from '../../../src/fields/string-field.js';
import { InvalidQueryError, ValidationError } from '../../../src/errors/index.js';

class CComment extends EmbeddedDocument.define({
  body: new StringField({ dbField: 'b' }),
  votes: new IntField(),
}) {}
class CPost extends Document.define({
  title: new StringField({ dbField: 't' }),
  views: new IntField(),
  tags: new ListField(new StringField()),
  comments: new ListField(new EmbeddedDocumentField(CComment)),
  top: new EmbeddedDocumentField(CComment),
}) {}

const info = () => classInfo(CPost);

describe('compileUpdate', () => {
  it('maps MongoEngine keywords to operators with db names', () => {
    expect(
      compileUpdate(info(), {
        set__title: 'x',
        inc__views: 2,
        dec__views: 1,
        push__tags: 'a',
        unset__top: 1,
        add_to_set__tags: ['b', 'c'],
        pull__tags__in: ['d'],
      }),
    ).toEqual({
      $set: { t: 'x' },
      $inc: { views: -1 },
      $push: { tags: 'a' },
      $unset: { top: '' },
      $addToSet: { tags: { $each: ['b', 'c'] } },
      $pull: { tags: { $in: ['d'] } },
    });
  });

  it('treats a key without operator as set, and resolves nested and positional paths', () => {
    expect(
      compileUpdate(info(), {
        title: 'y',
        set__top__body: 'z',
        inc__comments__S__votes: 1,
        set__comments__2__body: 'q',
      }),
    ).toEqual({
      $set: { t: 'y', 'top.b': 'z', 'comments.2.b': 'q' },
      $inc: { 'comments.$.votes': 1 },
    });
  });

  it('handles push with a position, push_all, pull_all, pop, rename, min/max/mul', () => {
    expect(
      compileUpdate(info(), {
        push__tags__0: 'first',
        push_all__comments: [new CComment({ body: 'b' })],
        pull_all__tags: ['x'],
        pop__tags: -1,
        rename__title: 'heading',
        max__views: 10,
        mul__views: 2,
      }),
    ).toEqual({
      $push: { tags: { $each: ['first'], $position: 0 }, comments: { $each: [{ b: 'b' }] } },
      $pullAll: { tags: ['x'] },
      $pop: { tags: -1 },
      $rename: { t: 'heading' },
      $max: { views: 10 },
      $mul: { views: 2 },
    });
  });

  it('merges raw operators and __raw__', () => {
    expect(compileUpdate(info(), { set__views: 1, $set: { other: 2 }, __raw__: { $inc: { n: 1 } } })).toEqual(
      {
        $set: { views: 1, other: 2 },
        $inc: { n: 1 },
      },
    );
  });

  it('rejects unknown fields, wrong types and malformed values', () => {
    expect(() => compileUpdate(info(), { set__nope: 1 })).toThrow(InvalidQueryError);
    expect(() => compileUpdate(info(), { set__views: 'many' })).toThrow(ValidationError);
    expect(() => compileUpdate(info(), { inc__views: '1' })).toThrow(InvalidQueryError);
    expect(() => compileUpdate(info(), { pop__tags: 2 })).toThrow(InvalidQueryError);
    expect(() => compileUpdate(info(), { push_all__tags: 'x' })).toThrow(InvalidQueryError);
  });
});

describe('compileCondition', () => {
  it('compiles equality and trailing comparisons with db names', () => {
    expect(
      compileCondition(CPost, info(), { title: 'x', views__gte: 3, views__lt: 9, top__body: 'b' }),
    ).toEqual({
      t: 'x',
      views: { $gte: 3, $lt: 9 },
      'top.b': 'b',
    });
  });

  it('passes $-keys through and rejects operator objects as values', () => {
    expect(compileCondition(CPost, info(), { $or: [{ a: 1 }] })).toEqual({ $or: [{ a: 1 }] });
    expect(() => compileCondition(CPost, info(), { title: { $ne: null } })).toThrow(InvalidQueryError);
  });
});
