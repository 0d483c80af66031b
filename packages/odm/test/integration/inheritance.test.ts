import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Document,
  DoesNotExist,
  EmbeddedDocument,
  InvalidDocumentError,
  NotRegistered,
  connect,
  disconnectAll,
  getDb,
} from '../../src/index.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import { IntField } from '../../src/fields/int-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';

class Page extends Document.define(
  { title: new StringField({ required: true }) },
  { allowInheritance: true, indexes: ['title'] },
) {
  describe(): string {
    return `page ${this.title}`;
  }
}
class DatedPage extends Page.define({ year: new IntField() }) {
  static {
    this.register();
  }
  override describe(): string {
    return `dated ${this.title} ${this.year ?? ''}`;
  }
}
class NewsPage extends DatedPage.define({ source: new StringField() }) {}

class Timestamped extends Document.define({ createdBy: new StringField() }, { abstract: true }) {
  stamp(): string {
    return `by ${this.createdBy ?? '?'}`;
  }
}
class Note extends Timestamped.define({ text: new StringField() }) {}

class Plain extends Document.define({ a: new StringField() }) {}

class Shape extends EmbeddedDocument.define({ sides: new IntField() }, { allowInheritance: true }) {}
class Square extends Shape.define({ size: new IntField() }) {
  static {
    this.register();
  }
}
class Drawing extends Document.define({ shape: new EmbeddedDocumentField(Shape) }) {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('inh')));
});
afterAll(() => disconnectAll());

describe('allowInheritance', () => {
  it('stores the _cls chain and shares the root collection', async () => {
    const d = await new DatedPage({ title: 'a', year: 2020 }).save();
    const n = await new NewsPage({ title: 'b', source: 'wire' }).save();
    const coll = getDb().collection('page');
    expect(await coll.findOne({ _id: d.pk! })).toEqual({
      _id: d.pk,
      _cls: 'Page.DatedPage',
      title: 'a',
      year: 2020,
    });
    expect((await coll.findOne({ _id: n.pk! }))?.['_cls']).toBe('Page.DatedPage.NewsPage');
    expect(NewsPage._meta.collection).toBe('page');
  });

  it('loads the subclass named by _cls through the base class', async () => {
    const saved = await new DatedPage({ title: 'c', year: 1999 }).save();
    const raw = await getDb().collection('page').findOne({ _id: saved.pk! });
    const loaded = Page.fromMongo(raw!);
    expect(loaded).toBeInstanceOf(DatedPage);
    expect(loaded.describe()).toBe('dated c 1999');
  });

  it('gives every class its own DoesNotExist, inheriting the parent one', async () => {
    expect(DatedPage.DoesNotExist).not.toBe(Page.DoesNotExist);
    expect(new DatedPage.DoesNotExist('x')).toBeInstanceOf(Page.DoesNotExist);
    expect(new Page.DoesNotExist('x')).toBeInstanceOf(DoesNotExist);
    expect(new Page.MultipleObjectsReturned('x')).not.toBeInstanceOf(DoesNotExist);
    const gone = await new NewsPage({ title: 'gone' }).save();
    await getDb().collection('page').deleteOne({ _id: gone.pk! });
    await expect(gone.reload()).rejects.toBeInstanceOf(NewsPage.DoesNotExist);
  });

  it('prefixes indexes with _cls and adds no separate _cls index when one starts with it', () => {
    expect(Page.listIndexes()).toEqual([{ _id: 1 }, { _cls: 1, title: 1 }]);
  });

  it('raises NotRegistered for an unknown _cls', () => {
    expect(() => Page.fromMongo({ _cls: 'Page.Unknown', title: 'x' })).toThrow(NotRegistered);
  });

  it('refuses to subclass a class that does not allow inheritance', () => {
    class Sub extends Plain.define({ b: new StringField() }) {}
    expect(() => new Sub()).toThrow(InvalidDocumentError);
    expect(() => new Sub()).toThrow(/allowInheritance/);
  });

  it('handles inheritance of embedded documents', async () => {
    const d = await new Drawing({ shape: new Square({ sides: 4, size: 2 }) }).save();
    const raw = await getDb().collection('drawing').findOne({ _id: d.pk! });
    expect(raw?.['shape']).toEqual({ _cls: 'Shape.Square', sides: 4, size: 2 });
    const loaded = Drawing.fromMongo(raw!);
    expect(loaded.shape).toBeInstanceOf(Square);
  });
});

describe('abstract documents', () => {
  it('share fields and methods without a collection or _cls', async () => {
    const n = await new Note({ text: 'hi', createdBy: 'ada' }).save();
    expect(n.stamp()).toBe('by ada');
    expect(await getDb().collection('note').findOne({ _id: n.pk! })).toEqual({
      _id: n.pk,
      createdBy: 'ada',
      text: 'hi',
    });
  });

  it('cannot be saved', async () => {
    class AbstractThing extends Timestamped {}
    void AbstractThing;
    await expect(new (Timestamped as unknown as new () => Document)().save()).rejects.toThrow(
      InvalidDocumentError,
    );
  });
});

describe('registry', () => {
  it('warns when two classes share a name', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const make = () => class Twin extends Document.define({ a: new StringField() }) {};
    make().register();
    make().register();
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining("'Twin' was declared twice"),
      expect.anything(),
    );
    warn.mockRestore();
  });
});
