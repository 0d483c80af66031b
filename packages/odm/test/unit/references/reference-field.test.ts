import { DBRef, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { Document, InvalidQueryError, OperationError } from '../../../src/index.js';
import { StringField } from '../../../src/fields/string-field.js';
import { Ref, ReferenceField } from '../../../src/references/index.js';

class UUser extends Document.define({ name: new StringField() }, { collection: 'u_users' }) {}
class UKeyed extends Document.define({ code: new StringField({ primaryKey: true }) }) {}
class UPost extends Document.define({
  author: new ReferenceField(() => UUser),
  keyed: new ReferenceField(() => UKeyed),
  viaDbRef: new ReferenceField(() => UUser, { dbref: true }),
}) {}

const fields = UPost._fields;
const id = new ObjectId();

describe('ReferenceField', () => {
  it('casts documents, ids and hex strings to Refs', () => {
    const u = new UUser({ name: 'a', id });
    const fromDoc = fields['author']!.cast(u) as Ref<UUser>;
    expect(fromDoc).toBeInstanceOf(Ref);
    expect(fromDoc.value).toBe(u);
    expect((fields['author']!.cast(id) as Ref<UUser>).id).toBe(id);
    expect((fields['author']!.cast(id.toHexString()) as Ref<UUser>).id.equals(id)).toBe(true);
    expect((fields['keyed']!.cast('k1') as Ref<UKeyed>).id).toBe('k1');
    expect(fields['author']!.cast({ x: 1 })).toEqual({ x: 1 });
  });

  it('converts to the stored id or a DBRef', () => {
    expect(fields['author']!.toMongo(new UUser({ id }))).toBe(id);
    const ref = fields['viaDbRef']!.toMongo(id) as DBRef;
    expect(ref).toBeInstanceOf(DBRef);
    expect(ref.collection).toBe('u_users');
    expect(() => fields['author']!.toMongo(new UUser({}))).toThrow(OperationError);
    expect(() => fields['author']!.toMongo(new UUser({}))).toThrow(/UPost\.author/);
  });

  it('reads stored ids and DBRefs as Refs', () => {
    const ctx = undefined as never;
    expect((fields['author']!.toJs(id, ctx) as Ref<UUser>).id).toBe(id);
    expect((fields['viaDbRef']!.toJs(new DBRef('u_users', id), ctx) as Ref<UUser>).id).toBe(id);
  });

  it('validates the class and the saved state', () => {
    expect(fields['author']!.validate(new Ref(() => UUser, id), 'author')).toEqual([]);
    expect(fields['author']!.validate(new UKeyed({ code: 'x' }), 'author')[0]?.code).toBe('type');
    expect(fields['author']!.validate(Ref.of(new UUser({})), 'author')[0]?.code).toBe('unsaved_reference');
  });

  it('prepares query values and rejects wrong shapes', () => {
    expect(fields['author']!.prepareQueryValue(undefined, new UUser({ id }))).toBe(id);
    expect(fields['author']!.prepareQueryValue('in', [id, id.toHexString()])).toEqual([id, id]);
    expect(fields['viaDbRef']!.prepareQueryValue(undefined, id)).toBeInstanceOf(DBRef);
    expect(() => fields['author']!.prepareQueryValue(undefined, { $gt: 1 })).toThrow(InvalidQueryError);
    expect(() => fields['author']!.prepareQueryValue(undefined, 'nope')).toThrow(InvalidQueryError);
    expect(() => fields['author']!.prepareQueryValue(undefined, new UUser({}))).toThrow(/no id yet/);
    expect(() => fields['author']!.prepareQueryValue('in', id)).toThrow(InvalidQueryError);
  });
});
