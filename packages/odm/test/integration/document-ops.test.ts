import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Document,
  DoesNotExist,
  DynamicDocument,
  InvalidDocumentError,
  InvalidQueryError,
  OperationError,
  ValidationError,
  connect,
  disconnectAll,
  getDb,
} from '../../src/index.js';
import { runWithContext } from '../../src/context/index.js';
import { IntField } from '../../src/fields/int-field.js';
import { SequenceField } from '../../src/fields/sequence-field.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import { DynamicEmbeddedDocument, installDocumentHook } from '../../src/document/index.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';

class Author extends Document.define(
  {
    name: new StringField({ required: true }),
    age: new IntField({ min: 0 }),
    tags: new ListField(new StringField()),
    bio: new StringField(),
    version: new IntField({ default: 0 }),
  },
  { collection: 'authors' },
) {
  get shout(): string {
    return this.name.toUpperCase();
  }
}

class Invoice extends Document.define(
  { number: new SequenceField(), note: new StringField() },
  { collection: 'invoices' },
) {}

class Product extends Document.define(
  {
    sku: new StringField({ primaryKey: true }),
    price: new IntField(),
    size: new StringField({
      choices: [
        ['S', 'Small'],
        ['L', 'Large'],
      ] as const,
    }),
  },
  { collection: 'products' },
) {}

class Extras extends DynamicEmbeddedDocument.define({ kind: new StringField() }) {}
class Holder extends Document.define(
  { extras: new EmbeddedDocumentField(Extras) },
  { collection: 'holders' },
) {}

class Loose extends Document.define({ a: new StringField() }, { collection: 'loose', strict: false }) {}
class Free extends DynamicDocument.define({ title: new StringField() }, { collection: 'free' }) {}

const raw = () => getDb().collection('authors');

class Remote extends Document.define({ v: new StringField() }, { collection: 'remote', dbAlias: 'other' }) {}
const otherDb = freshDbName('ops_other');

beforeAll(async () => {
  await connect(uriFor(freshDbName('ops')));
  await connect(uriFor(otherDb), { alias: 'other' });
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  await raw().deleteMany({});
});

describe('delete', () => {
  it('removes the stored document', async () => {
    const a = await new Author({ name: 'Ada' }).save();
    const b = await new Author({ name: 'Bob' }).save();
    await a.delete();
    expect(await raw().countDocuments()).toBe(1);
    expect((await raw().findOne({}))?.['_id']).toEqual(b.pk);
  });

  it('refuses to delete an unsaved document', async () => {
    await expect(new Author({ name: 'x' }).delete()).rejects.toThrow(OperationError);
  });
});

describe('reload', () => {
  it('refreshes fields, drops local changes, and removes fields deleted in the database', async () => {
    const a = await new Author({ name: 'Ada', age: 3, bio: 'hi' }).save();
    await raw().updateOne({ _id: a.pk! }, { $set: { age: 4 }, $unset: { bio: '' } });
    a.name = 'local change';
    await a.reload();
    expect(a.name).toBe('Ada');
    expect(a.age).toBe(4);
    expect(a.bio).toBeUndefined();
    a.age = 10;
    await a.save();
    expect((await raw().findOne({ _id: a.pk! }))?.['age']).toBe(10);
  });

  it('reloads only the named fields', async () => {
    const a = await new Author({ name: 'Ada', age: 3 }).save();
    await raw().updateOne({ _id: a.pk! }, { $set: { age: 4, name: 'Other' } });
    await a.reload('age');
    expect(a.age).toBe(4);
    expect(a.name).toBe('Ada');
  });

  it('raises the class DoesNotExist when the document is gone', async () => {
    const a = await new Author({ name: 'Ada' }).save();
    await raw().deleteMany({});
    const error = await a.reload().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Author.DoesNotExist);
    expect(error).toBeInstanceOf(DoesNotExist);
    expect((error as Error).name).toBe('Author.DoesNotExist');
    await expect(new Author({ name: 'never saved' }).reload()).rejects.toThrow(Author.DoesNotExist);
  });
});

describe('update', () => {
  it('applies MongoEngine-style operators without refreshing the instance', async () => {
    const a = await new Author({ name: 'Ada', age: 3, tags: ['a'], bio: 'x' }).save();
    const n = await a.update({ inc__age: 2, push__tags: 'b', set__name: 'Ada L.', unset__bio: true });
    expect(n).toBe(1);
    expect(a.age).toBe(3);
    const stored = await raw().findOne({ _id: a.pk! });
    expect(stored).toMatchObject({ name: 'Ada L.', age: 5, tags: ['a', 'b'] });
    expect(stored).not.toHaveProperty('bio');
  });

  it('accepts raw operators', async () => {
    const a = await new Author({ name: 'Ada', age: 3 }).save();
    await a.update({ __raw__: { $inc: { age: 1 }, $set: { bio: 'raw' } } });
    expect(await raw().findOne({ _id: a.pk! })).toMatchObject({ age: 4, bio: 'raw' });
  });

  it('accepts the keys QuerySet.update() accepts: camelCase operators and $[name] with arrayFilters', async () => {
    const a = await new Author({ name: 'Ada', age: 3, tags: ['x', 'yy', 'zzz'] }).save();
    await a.update({ addToSet__tags: 'x', setOnInsert__bio: 'ignored' });
    expect((await raw().findOne({ _id: a.pk! }))?.['tags']).toEqual(['x', 'yy', 'zzz']);
    await a.update({ 'set__tags__$[t]': 'long' }, { arrayFilters: [{ t__in: ['yy', 'zzz'] }] });
    expect((await raw().findOne({ _id: a.pk! }))?.['tags']).toEqual(['x', 'long', 'long']);
    expect(await a.modify({}, { pullAll__tags: ['long'] })).toBe(true);
    expect(a.tags).toEqual(['x']);
    // Bare $-operators are refused (raw operators only under __raw__), as in querysets.
    await expect(a.update({ $set: { name: 'Eve' } })).rejects.toThrow(InvalidQueryError);
    expect((await raw().findOne({ _id: a.pk! }))?.['name']).toBe('Ada');
  });

  it('rejects unknown fields and wrong value types without writing', async () => {
    const a = await new Author({ name: 'Ada', age: 3 }).save();
    await expect(a.update({ set__nope: 1 })).rejects.toThrow(InvalidQueryError);
    await expect(a.update({ set__age: 'old' })).rejects.toThrow(ValidationError);
    await expect(a.update({ inc__age: 'x' })).rejects.toThrow(InvalidQueryError);
    expect((await raw().findOne({ _id: a.pk! }))?.['age']).toBe(3);
  });

  it('refuses to update an unsaved document', async () => {
    await expect(new Author({ name: 'x' }).update({ set__age: 1 })).rejects.toThrow(OperationError);
  });
});

describe('modify', () => {
  it('updates atomically when the query matches and refreshes the instance', async () => {
    const a = await new Author({ name: 'Ada', version: 1 }).save();
    a.bio = 'unsaved local change';
    expect(await a.modify({ version: 1 }, { set__name: 'Ada L.', inc__version: 1 })).toBe(true);
    expect(a.name).toBe('Ada L.');
    expect(a.version).toBe(2);
    expect(a.bio).toBeUndefined();
  });

  it('returns false and changes nothing when the query does not match', async () => {
    const a = await new Author({ name: 'Ada', version: 1 }).save();
    expect(await a.modify({ version: 7 }, { set__name: 'X' })).toBe(false);
    expect(a.name).toBe('Ada');
    expect((await raw().findOne({ _id: a.pk! }))?.['name']).toBe('Ada');
  });

  it('needs a primary key and refuses another one in the query', async () => {
    await expect(new Author({ name: 'x' }).modify({}, { set__name: 'y' })).rejects.toThrow(
      InvalidDocumentError,
    );
    const a = await new Author({ name: 'Ada' }).save();
    await expect(a.modify({ pk: new ObjectId() }, { set__name: 'y' })).rejects.toThrow(InvalidQueryError);
  });
});

describe('loading', () => {
  it('fromMongo builds the user class with its methods, equal by pk', async () => {
    const a = await new Author({ name: 'Ada' }).save();
    const stored = await raw().findOne({ _id: a.pk! });
    const loaded = Author.fromMongo(stored!);
    expect(loaded).toBeInstanceOf(Author);
    expect(loaded.shout).toBe('ADA');
    expect(loaded.equals(a)).toBe(true);
    expect(loaded.equals(await new Author({ name: 'Ada' }).save())).toBe(false);
  });

  it('fromJSON gives a loaded document that saves as an update', async () => {
    const a = await new Author({ name: 'Ada', age: 1 }).save();
    const copy = Author.fromJSON(JSON.stringify(a));
    copy.age = 2;
    await copy.save();
    expect(await raw().countDocuments()).toBe(1);
    expect((await raw().findOne({ _id: a.pk! }))?.['age']).toBe(2);
  });

  it('strict: false keeps unknown stored keys through a save', async () => {
    const coll = getDb().collection('loose');
    const { insertedId } = await coll.insertOne({ a: 'x', legacy: 42 });
    const l = Loose.fromMongo((await coll.findOne({ _id: insertedId }))!);
    expect(l._getExtra('legacy')).toBe(42);
    l.a = 'y';
    await l.save();
    expect(await coll.findOne({ _id: insertedId })).toEqual({ _id: insertedId, a: 'y', legacy: 42 });
  });
});

describe('dynamic documents', () => {
  it('stores, updates and unsets undeclared attributes', async () => {
    const f = new Free({ title: 't', color: 'red' });
    f['size'] = 3;
    await f.save();
    const coll = getDb().collection('free');
    expect(await coll.findOne({ _id: f.pk! })).toEqual({ _id: f.pk, title: 't', color: 'red', size: 3 });
    const loaded = Free.fromMongo((await coll.findOne({ _id: f.pk! }))!);
    loaded['color'] = 'blue';
    delete loaded['size'];
    await loaded.save();
    expect(await coll.findOne({ _id: f.pk! })).toEqual({ _id: f.pk, title: 't', color: 'blue' });
  });
});

describe('context switches', () => {
  it('_getCollection honours a switched collection for the class', async () => {
    const coll = await runWithContext({ collectionByClass: new Map([[Author, 'authors_archive']]) }, () =>
      Author._getCollection(),
    );
    expect(coll.collectionName).toBe('authors_archive');
    expect((await Author._getCollection()).collectionName).toBe('authors');
  });
});

describe('auto-generated fields', () => {
  it('fills a SequenceField on save, once', async () => {
    const a = await new Invoice({ note: 'a' }).save();
    const b = await new Invoice({ note: 'b' }).save();
    expect([a.number, b.number]).toEqual([1, 2]);
    a.note = 'changed';
    await a.save();
    expect(a.number).toBe(1);
    expect((await getDb().collection('invoices').findOne({ _id: b.pk! }))?.['number']).toBe(2);
  });
});

describe('custom primary key', () => {
  it('stores the key as _id and updates by it', async () => {
    const p = await new Product({ sku: 'A-1', price: 3, size: 'S' }).save();
    expect(p.pk).toBe('A-1');
    expect(p.displayChoice('size')).toBe('Small');
    const coll = getDb().collection('products');
    expect(await coll.findOne({ _id: 'A-1' as never })).toEqual({ _id: 'A-1', price: 3, size: 'S' });
    p.price = 4;
    await p.save();
    expect((await coll.findOne({ _id: 'A-1' as never }))?.['price']).toBe(4);
    await expect(new Product({ sku: 'A-1' }).save()).rejects.toThrow(/duplicate/i);
    await expect(new Product({ sku: 'B', size: 'XL' }).save()).rejects.toThrow(ValidationError);
    expect(await coll.countDocuments()).toBe(1);
  });
});

describe('dynamic embedded documents', () => {
  it('tracks undeclared attributes through the parent', async () => {
    const h = await new Holder({ extras: new Extras({ kind: 'k', color: 'red' }) }).save();
    h.extras!['color'] = 'blue';
    await h.save();
    const coll = getDb().collection('holders');
    expect((await coll.findOne({ _id: h.pk! }))?.['extras']).toEqual({ kind: 'k', color: 'blue' });
  });
});

describe('lifecycle seams', () => {
  it('runs save and delete hooks with created, cascade and signalKwargs', async () => {
    const seen: string[] = [];
    const offs = (
      ['preSave', 'preSavePostValidation', 'postSave', 'cascadeSave', 'preDelete', 'postDelete'] as const
    ).map((name) =>
      installDocumentHook(name, (doc, ctx) => {
        seen.push(
          `${name}:${String(ctx.created)}:${String(ctx.signalKwargs?.['by'])}:${doc instanceof Author}`,
        );
      }),
    );
    try {
      const a = await new Author({ name: 'Hook' }).save({ signalKwargs: { by: 'test' }, cascade: true });
      a.age = 1;
      await a.save();
      await a.delete({ signalKwargs: { by: 'del' } });
    } finally {
      for (const off of offs) off();
    }
    expect(seen).toEqual([
      'preSave:undefined:test:true',
      'preSavePostValidation:true:test:true',
      'cascadeSave:true:test:true',
      'postSave:true:test:true',
      'preSave:undefined:undefined:true',
      'preSavePostValidation:false:undefined:true',
      'postSave:false:undefined:true',
      'preDelete:undefined:del:true',
      'postDelete:undefined:del:true',
    ]);
  });
});

describe('aliases', () => {
  it('meta.dbAlias picks the connection, and a context switch overrides it for one task', async () => {
    const r = await new Remote({ v: 'x' }).save();
    expect(await getDb('other').collection('remote').countDocuments({ _id: r.pk! })).toBe(1);
    expect(await getDb().collection('remote').countDocuments()).toBe(0);
    await runWithContext({ dbAliasByClass: new Map([[Remote, 'default']]) }, () =>
      new Remote({ v: 'y' }).save(),
    );
    expect(await getDb().collection('remote').countDocuments()).toBe(1);
    expect(await getDb('other').collection('remote').countDocuments()).toBe(1);
  });
});
