import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Document,
  EmbeddedDocument,
  OperationError,
  connect,
  disconnectAll,
  getDb,
} from '../../src/index.js';
import { IntField } from '../../src/fields/int-field.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';

class Article extends Document.define(
  {
    title: new StringField({ dbField: 't' }),
    slug: new StringField({ unique: true }),
    author: new StringField({ uniqueWith: 'title' }),
    rank: new IntField(),
    body: new StringField(),
  },
  {
    collection: 'articles',
    autoCreateIndex: false,
    indexes: [
      '-rank',
      ['title', '-rank'],
      '$body',
      { fields: ['author'], sparse: true, name: 'author_sparse' },
      { fields: ['rank'], expireAfterSeconds: 3600, partialFilterExpression: { rank: { $gt: 1 } } },
    ],
  },
) {}

class Auto extends Document.define({ code: new StringField({ unique: true }) }, { collection: 'autos' }) {}

class Badge extends EmbeddedDocument.define({ code: new StringField({ unique: true, sparse: true }) }) {}
class Wearer extends Document.define(
  { badge: new EmbeddedDocumentField(Badge), badges: new ListField(new EmbeddedDocumentField(Badge)) },
  { collection: 'wearers', autoCreateIndex: false },
) {}

class Capped extends Document.define(
  { msg: new StringField() },
  { collection: 'capped_logs', maxDocuments: 5, maxSize: 1000 },
) {}

type IndexInfo = {
  name: string;
  key: Record<string, unknown>;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
};

beforeAll(async () => {
  await connect(uriFor(freshDbName('idx')));
});
afterAll(() => disconnectAll());

async function serverIndexes(name: string): Promise<IndexInfo[]> {
  return (await getDb().collection(name).listIndexes().toArray()) as IndexInfo[];
}

describe('declared indexes', () => {
  it('lists expected keys with db names, implicit unique and uniqueWith indexes', () => {
    expect(Article.listIndexes()).toEqual([
      { _id: 1 },
      { rank: -1 },
      { t: 1, rank: -1 },
      { body: 'text' },
      { author: 1 },
      { rank: 1 },
      { slug: 1 },
      { author: 1, t: 1 },
    ]);
  });

  it('compareIndexes reports everything missing before ensureIndexes, nothing after', async () => {
    const before = await Article.compareIndexes();
    expect(before.missing).toHaveLength(7);
    expect(before.missing).not.toContainEqual({ _id: 1 });
    expect(before.extra).toEqual([]);
    await Article.ensureIndexes();
    expect(await Article.compareIndexes()).toEqual({ missing: [], extra: [] });
    const indexes = await serverIndexes('articles');
    const byName = new Map(indexes.map((i) => [i.name, i]));
    expect(byName.get('author_sparse')).toMatchObject({ key: { author: 1 }, sparse: true });
    expect(indexes.find((i) => i.key['rank'] === 1)).toMatchObject({ expireAfterSeconds: 3600 });
    expect(indexes.find((i) => i.key['slug'] === 1)).toMatchObject({ unique: true });
    expect(indexes.find((i) => i.key['author'] === 1 && i.key['t'] === 1)).toMatchObject({ unique: true });
  });

  it('reports an undeclared index as extra', async () => {
    await getDb().collection('articles').createIndex({ other: 1 });
    const cmp = await Article.compareIndexes();
    expect(cmp.extra).toEqual([{ other: 1 }]);
  });

  it('createIndex takes MongoEngine spec forms', async () => {
    const name = await Article.createIndex('#slug');
    expect(name).toBe('slug_hashed');
    expect((await serverIndexes('articles')).some((i) => i.key['slug'] === 'hashed')).toBe(true);
  });

  it('autoCreateIndex creates the indexes on first use, and unique indexes then hold', async () => {
    await new Auto({ code: 'a' }).save();
    expect((await serverIndexes('autos')).some((i) => i.key['code'] === 1 && i.unique)).toBe(true);
    await expect(new Auto({ code: 'a' }).save()).rejects.toThrow(/duplicate/i);
    expect(await getDb().collection('autos').countDocuments()).toBe(1);
  });

  it('dropCollection removes the collection and the next use prepares it again', async () => {
    await Auto.dropCollection();
    const names = (await getDb().listCollections().toArray()).map((c) => c.name);
    expect(names).not.toContain('autos');
    await Auto.dropCollection(); // missing collection: no error
    await new Auto({ code: 'b' }).save();
    expect((await serverIndexes('autos')).some((i) => i.key['code'] === 1)).toBe(true);
  });
});

describe('unique fields inside embedded documents', () => {
  it('get unique indexes namespaced by the holding field', async () => {
    expect(Wearer.listIndexes()).toEqual([{ _id: 1 }, { 'badge.code': 1 }, { 'badges.code': 1 }]);
    await Wearer.ensureIndexes();
    const indexes = await serverIndexes('wearers');
    expect(indexes.find((i) => i.key['badge.code'] === 1)).toMatchObject({ unique: true, sparse: true });
  });
});

describe('autoCreateIndexOnSave', () => {
  it('re-creates a dropped index on the next save', async () => {
    class OnSave extends Document.define(
      { k: new StringField({ unique: true }) },
      { collection: 'on_save', autoCreateIndexOnSave: true },
    ) {}
    await new OnSave({ k: 'a' }).save();
    await getDb().collection('on_save').dropIndex('k_1');
    expect((await serverIndexes('on_save')).some((i) => i.key['k'] === 1)).toBe(false);
    await new OnSave({ k: 'b' }).save();
    expect((await serverIndexes('on_save')).some((i) => i.key['k'] === 1)).toBe(true);
  });
});

describe('capped collections', () => {
  it('creates the collection capped with the size rounded to 256', async () => {
    await new Capped({ msg: 'x' }).save();
    const info = (await getDb().listCollections({ name: 'capped_logs' }).toArray())[0] as {
      options?: Record<string, unknown>;
    };
    expect(info.options).toMatchObject({ capped: true, size: 1024, max: 5 });
  });

  it('refuses an existing collection with other options', async () => {
    await getDb().createCollection('capped_other');
    class CappedOther extends Document.define(
      { msg: new StringField() },
      { collection: 'capped_other', maxDocuments: 3 },
    ) {}
    await expect(new CappedOther({ msg: 'x' }).save()).rejects.toThrow(OperationError);
    expect(await getDb().collection('capped_other').countDocuments()).toBe(0);
  });
});
