import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { Document, DynamicDocument, EmbeddedDocument } from '../../../src/document/index.js';
import { STATE } from '../../../src/document/state.js';
import { classInfo } from '../../../src/document/class-info.js';
import { StringField } from '../../../src/fields/string-field.js';
import { IntField } from '../../../src/fields/int-field.js';
import { ListField } from '../../../src/fields/list-field.js';
import { EmbeddedDocumentField } from '../../../src/fields/embedded-document-field.js';
import {
  FieldDoesNotExist,
  InvalidDocumentError,
  ValidationError,
  OperationError,
} from '../../../src/errors/index.js';

class UAddress extends EmbeddedDocument.define({
  city: new StringField({ required: true }),
  zip: new StringField({ regex: /^\d{5}$/, dbField: 'z' }),
}) {}

class UPerson extends Document.define(
  {
    name: new StringField({ required: true, maxLength: 10 }),
    age: new IntField({ min: 0 }),
    tags: new ListField(new StringField()),
    address: new EmbeddedDocumentField(UAddress),
    addresses: new ListField(new EmbeddedDocumentField(UAddress)),
    nick: new StringField({ dbField: 'n', default: 'none' }),
  },
  { collection: 'people' },
) {
  get label(): string {
    return `${this.name}:${this.age ?? '?'}`;
  }
}

function changed(doc: object): string[] {
  return (doc as { [STATE]: { changed: { list(): string[] } } })[STATE].changed.list();
}

describe('Document.define', () => {
  it('builds instances with defaults and keeps user methods', () => {
    const p = new UPerson({ name: 'Ada', age: 36 });
    expect(p.name).toBe('Ada');
    expect(p.nick).toBe('none');
    expect([...p.tags]).toEqual([]);
    expect(p.label).toBe('Ada:36');
    expect(p.pk).toBeUndefined();
    expect(classInfo(UPerson).collection).toBe('people');
    expect(UPerson._className).toBe('UPerson');
  });

  it('rejects unknown constructor keys', () => {
    expect(() => new UPerson({ name: 'x', nmae: 'y' } as never)).toThrow(FieldDoesNotExist);
  });

  it('rejects field names that clash with document methods', () => {
    expect(() => Document.define({ save: new StringField() })).toThrow(InvalidDocumentError);
  });

  it('refuses to use the class define returns directly', () => {
    const Bare = Document.define({ a: new StringField() });
    expect(() => new Bare()).toThrow(/extend/);
  });

  it('converts to the stored form with db names, _id first, no undefined values', () => {
    const id = new ObjectId();
    const p = new UPerson({ id, name: 'Ada', address: new UAddress({ city: 'Paris', zip: '75001' }) });
    expect(p.toMongo()).toEqual({
      _id: id,
      name: 'Ada',
      tags: [],
      address: { city: 'Paris', z: '75001' },
      addresses: [],
      n: 'none',
    });
    expect(Object.keys(p.toMongo())[0]).toBe('_id');
  });

  it('loads stored data without marking changes, defaults for missing keys', () => {
    const id = new ObjectId();
    const p = UPerson.fromMongo({ _id: id, name: 'Ada', address: { city: 'Paris', z: '75001' } });
    expect(p).toBeInstanceOf(UPerson);
    expect(p.pk).toEqual(id);
    expect(p.address?.zip).toBe('75001');
    expect(p.nick).toBe('none');
    expect(changed(p)).toEqual([]);
  });

  it('rejects unknown stored keys when strict, keeps them otherwise', () => {
    expect(() => UPerson.fromMongo({ _id: new ObjectId(), name: 'x', other: 1 })).toThrow(FieldDoesNotExist);
    class Loose extends Document.define({ a: new StringField() }, { strict: false }) {}
    const l = Loose.fromMongo({ _id: new ObjectId(), a: 'x', other: 1 });
    expect(l._getExtra('other')).toBe(1);
    expect(l.toMongo()['other']).toBe(1);
  });
});

describe('change tracking', () => {
  const load = () =>
    UPerson.fromMongo({
      _id: new ObjectId(),
      name: 'Ada',
      tags: ['a'],
      address: { city: 'Paris' },
      addresses: [{ city: 'A' }, { city: 'B' }],
    });

  it('marks db paths of assignments, not of equal scalars', () => {
    const p = load();
    p.name = 'Ada';
    expect(changed(p)).toEqual([]);
    p.nick = 'x';
    p.age = 3;
    expect(changed(p)).toEqual(['n', 'age']);
  });

  it('marks nested embedded and list paths; a parent supersedes children', () => {
    const p = load();
    p.address!.zip = '12345';
    p.addresses[1]!.city = 'C';
    p.tags.push('b');
    expect(changed(p)).toEqual(['address.z', 'addresses.1.city', 'tags']);
    p.address = new UAddress({ city: 'Lyon' });
    expect(changed(p)).toEqual(['addresses.1.city', 'tags', 'address']);
  });

  it('does not track before the constructor finished', () => {
    const p = new UPerson({ name: 'x', tags: ['a'] });
    expect(changed(p)).toEqual([]);
  });
});

describe('validate', () => {
  it('collects every issue with nested paths', () => {
    const p = new UPerson({ name: 'much too long name', age: -1 } as never);
    p.addresses.push(new UAddress({ city: 'A', zip: 'bad' }));
    p.address = new UAddress({} as never);
    let error: unknown;
    try {
      p.validate();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues.map((i) => `${i.path}:${i.code}`);
    expect(issues).toEqual(
      expect.arrayContaining(['name:max_length', 'address.city:required', 'addresses.0.zip:regex']),
    );
    expect(issues.some((i) => i.startsWith('age:'))).toBe(true);
    expect((error as ValidationError).toDict()).toMatchObject({
      addresses: { 0: { zip: expect.any(String) } },
    });
  });

  it('reports a missing required field and runs clean()', () => {
    class Range extends Document.define({ lo: new IntField({ required: true }), hi: new IntField() }) {
      override clean(): void {
        if ((this.hi ?? 0) < this.lo) throw new Error('hi below lo');
      }
    }
    const r = new Range({ lo: 5, hi: 1 });
    expect(() => r.validate()).toThrow(/hi below lo/);
    expect(() => r.validate({ clean: false })).not.toThrow();
    const missing = new Range({} as never);
    expect(() => missing.validate({ clean: false })).toThrow(/lo: Field is required/);
  });
});

describe('JSON and equality', () => {
  it('round-trips through Extended JSON', () => {
    const p = UPerson.fromMongo({ _id: new ObjectId(), name: 'Ada', age: 3, address: { city: 'Paris' } });
    const json = JSON.stringify(p);
    expect(json).toContain('"$oid"');
    const back = UPerson.fromJSON(json);
    expect(back.equals(p)).toBe(true);
    expect(back.address?.city).toBe('Paris');
    expect(new UPerson({ name: 'a' }).equals(new UPerson({ name: 'a' }))).toBe(false);
    expect(new UAddress({ city: 'x' }).equals(new UAddress({ city: 'x' }))).toBe(true);
  });
});

describe('embedded save without parent', () => {
  it('fails with a clear OperationError', async () => {
    await expect(new UAddress({ city: 'x' }).save()).rejects.toThrow(OperationError);
    await expect(new UAddress({ city: 'x' }).save()).rejects.toThrow(/not inside a document/);
  });
});

describe('dynamic documents', () => {
  it('stores undeclared attributes and tracks them', () => {
    class Dyn extends DynamicDocument.define({ title: new StringField() }) {}
    const d = new Dyn({ title: 't', color: 'red' });
    expect(d['color']).toBe('red');
    d['size'] = 3;
    expect(d.toMongo()).toEqual({ title: 't', color: 'red', size: 3 });
    const loaded = Dyn.fromMongo({ _id: new ObjectId(), title: 't', extra: [1] });
    (loaded['extra'] as number[]).push(2);
    loaded['other'] = 'x';
    delete loaded['other'];
    expect(changed(loaded)).toEqual(['extra', 'other']);
  });
});

describe('schema errors', () => {
  it('rejects two fields on one db field and two primary keys', () => {
    class Clash extends Document.define({
      a: new StringField({ dbField: 'x' }),
      b: new StringField({ dbField: 'x' }),
    }) {}
    expect(() => new Clash()).toThrow(/both use the db field 'x'/);
    class TwoKeys extends Document.define({
      a: new StringField({ primaryKey: true }),
      b: new StringField({ primaryKey: true }),
    }) {}
    expect(() => new TwoKeys({ a: 'x', b: 'y' })).toThrow(/more than one primary key/);
  });

  it('rejects a non-key field named id and dotted field names', () => {
    class IdClash extends Document.define({ id: new StringField() }) {}
    expect(() => new IdClash()).toThrow(/'id' is the automatic primary key/);
    expect(() => Document.define({ 'a.b': new StringField() })).toThrow(InvalidDocumentError);
  });

  it('uses a primaryKey field as _id and pk', () => {
    class Keyed extends Document.define({ code: new StringField({ primaryKey: true }), n: new IntField() }) {}
    const k = new Keyed({ code: 'k1', n: 1 });
    expect(k.pk).toBe('k1');
    expect(k.toMongo()).toEqual({ _id: 'k1', n: 1 });
    expect(Keyed.fromMongo({ _id: 'k2' }).code).toBe('k2');
  });

  it('gives base classes no document metadata', () => {
    expect(() => Document.fromMongo({})).toThrow(/base class/);
  });
});
