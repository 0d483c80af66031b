import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { Document } from '../../../src/index.js';
import { StringField } from '../../../src/fields/string-field.js';
import { resolveDbPath } from '../../../src/queryset/filter/resolve-db-path.js';
import { CachedRef, CachedReferenceField, Ref } from '../../../src/references/index.js';

class UCUser extends Document.define({
  name: new StringField({ dbField: 'n' }),
  email: new StringField({ unique: true }),
  bio: new StringField(),
}) {}
class UCPost extends Document.define({
  author: new CachedReferenceField(() => UCUser, { fields: ['name', 'email'] }),
}) {}

const field = UCPost._fields['author'] as CachedReferenceField<typeof UCUser>;
const id = new ObjectId();

describe('CachedReferenceField', () => {
  it('casts a document or a loaded Ref to a CachedRef; leaves an id for validation to reject', () => {
    const ada = new UCUser({ id, name: 'Ada', email: 'a@x', bio: 'long' });
    const fromDoc = field.cast(ada) as CachedRef<UCUser>;
    expect(fromDoc).toBeInstanceOf(CachedRef);
    expect(fromDoc.cached).toEqual({ name: 'Ada', email: 'a@x' });
    expect(field.cast(Ref.of(ada))).toBeInstanceOf(CachedRef);
    expect(field.cast(id)).toBe(id);
    expect(field.validate(id, 'author')[0]).toMatchObject({ code: 'type' });
  });

  it('stores { _id, <db field>: copy } and reads it back without the target', () => {
    const ada = new UCUser({ id, name: 'Ada', bio: 'not cached' });
    expect(field.toMongo(ada)).toEqual({ _id: id, n: 'Ada' });
    const ref = field.toJs({ _id: id, n: 'Ada', email: 'a@x' }, { path: 'author' }) as CachedRef<UCUser>;
    expect(ref.isLoaded).toBe(false);
    expect(ref.id).toBe(id);
    expect(ref.cached).toEqual({ name: 'Ada', email: 'a@x' });
    expect(field.toMongo(ref)).toEqual({ _id: id, n: 'Ada', email: 'a@x' });
    // A legacy bare id loads as a CachedRef without copies.
    expect((field.toJs(id, { path: 'author' }) as CachedRef<UCUser>).cached).toEqual({});
  });

  it('resolves query paths through the copies and filters by _id', () => {
    expect(resolveDbPath(UCPost, 'author__name').dbPath).toBe('author.n');
    expect(resolveDbPath(UCPost, 'author__pk').dbPath).toBe('author._id');
    expect(() => resolveDbPath(UCPost, 'author__bio')).toThrow(/no member 'bio'/);
    const by = field.filterBy();
    expect(by.subPath).toBe('_id');
    expect(by.field.prepareQueryValue(undefined, new UCUser({ id }))).toBe(id);
    expect(by.field.prepareQueryValue('in', [id.toHexString()])).toEqual([id]);
  });

  it('writes the whole copy for an update value and drops unique flags on the copies', () => {
    expect(field.prepareQueryValue(undefined, new UCUser({ id, name: 'Ada' }))).toEqual({
      _id: id,
      n: 'Ada',
    });
    expect(field.lookupMember('email')!.unique).toBe(false);
    expect(UCUser._fields['email']!.unique).toBe(true);
  });
});
