import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DictField,
  Document,
  EmbeddedDocument,
  EmbeddedDocumentField,
  OperationError,
  Ref,
  ReferenceField,
  ValidationError,
  connect,
  disconnectAll,
  getDb,
  queryCounter,
  referencedDocuments,
} from '../../src/index.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';

class CAuthor extends Document.define(
  {
    name: new StringField(),
    mentor: new ReferenceField<CAuthor>((): unknown => CAuthor),
  },
  { collection: 'cs_authors' },
) {}

class CInfo extends EmbeddedDocument.define({ editor: new ReferenceField(() => CAuthor) }) {}

class CBook extends Document.define(
  {
    title: new StringField(),
    author: new ReferenceField(() => CAuthor),
    reviewers: new ListField(new ReferenceField(() => CAuthor)),
    info: new EmbeddedDocumentField(CInfo),
    byRole: new DictField(new ReferenceField(() => CAuthor)),
  },
  { collection: 'cs_books' },
) {}

class CShelf extends Document.define(
  { name: new StringField(), book: new ReferenceField(() => CBook) },
  { collection: 'cs_shelves', cascade: true },
) {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('cascadesave')));
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  const db = getDb();
  await Promise.all(['cs_authors', 'cs_books', 'cs_shelves'].map((c) => db.collection(c).deleteMany({})));
});

async function storedName(id: unknown): Promise<unknown> {
  return (
    await getDb()
      .collection('cs_authors')
      .findOne({ _id: id as never })
  )?.['name'];
}

describe('save({ cascade: true })', () => {
  it('saves changed referenced documents, through lists and embedded documents, recursively', async () => {
    const mentor = await new CAuthor({ name: 'M' }).save();
    const ada = await new CAuthor({ name: 'Ada', mentor }).save();
    const rev = await new CAuthor({ name: 'Rev' }).save();
    const ed = await new CAuthor({ name: 'Ed' }).save();
    const book = await new CBook({
      title: 't',
      author: ada,
      reviewers: [rev],
      info: new CInfo({ editor: ed }),
    }).save();

    ada.name = 'Ada L.';
    mentor.name = 'Mentor'; // reached through ada.mentor: one more level
    rev.name = 'Reviewer';
    ed.name = 'Editor';
    book.title = 't2';
    await book.save({ cascade: true });
    expect(await storedName(ada.id)).toBe('Ada L.');
    expect(await storedName(mentor.id)).toBe('Mentor');
    expect(await storedName(rev.id)).toBe('Reviewer');
    expect(await storedName(ed.id)).toBe('Editor');
  });

  it('reaches references held in a dict', async () => {
    const ada = await new CAuthor({ name: 'Ada' }).save();
    const book = await new CBook({ title: 't', byRole: { lead: ada } }).save();
    ada.name = 'Lead';
    await book.save({ cascade: true });
    expect(await storedName(ada.id)).toBe('Lead');
  });

  it('does not save referenced documents without cascade', async () => {
    const ada = await new CAuthor({ name: 'Ada' }).save();
    const book = await new CBook({ title: 't', author: ada }).save();
    ada.name = 'changed';
    book.title = 't2';
    await book.save();
    expect(await storedName(ada.id)).toBe('Ada');
  });

  it('saves an unsaved referenced document first, so its id can be stored', async () => {
    const ada = new CAuthor({ name: 'Ada' });
    const book = await new CBook({ title: 't', author: ada }).save({ cascade: true });
    expect(ada.id).toBeDefined();
    const raw = await getDb().collection('cs_books').findOne({ _id: book.id! });
    expect(String(raw!['author'])).toBe(String(ada.id));
  });

  it('terminates on a reference cycle and saves each document once', async () => {
    const a = await new CAuthor({ name: 'a' }).save();
    const b = await new CAuthor({ name: 'b', mentor: a }).save();
    a.mentor = Ref.of(b) as never;
    await a.save();
    a.name = 'a2';
    b.name = 'b2';
    const { commands } = await queryCounter(() => a.save({ cascade: true }));
    expect(commands.map((c) => c.name)).toEqual(['update', 'update']);
    expect(await storedName(a.id)).toBe('a2');
    expect(await storedName(b.id)).toBe('b2');
    expect(referencedDocuments(a)).toEqual([b]);
  });

  it('skips unchanged targets (no command sent for them)', async () => {
    const ada = await new CAuthor({ name: 'Ada' }).save();
    const book = await new CBook({ title: 't', author: ada }).save();
    book.title = 't2';
    const { count } = await queryCounter(() => book.save({ cascade: true }));
    expect(count).toBe(1);
  });

  it('meta.cascade makes cascading the default', async () => {
    const ada = await new CAuthor({ name: 'Ada' }).save();
    const book = await new CBook({ title: 't', author: ada }).save();
    const shelf = await new CShelf({ name: 's', book }).save();
    book.title = 'via shelf';
    ada.name = 'two hops'; // the cascade goes on through the book
    shelf.name = 's2';
    await shelf.save();
    expect((await getDb().collection('cs_books').findOne({ _id: book.id! }))!['title']).toBe('via shelf');
    expect(await storedName(ada.id)).toBe('two hops');
    shelf.name = 's3';
    book.title = 'kept';
    await shelf.save({ cascade: false });
    expect((await getDb().collection('cs_books').findOne({ _id: book.id! }))!['title']).toBe('via shelf');
  });
});

describe('unsaved references without cascade', () => {
  it('is a ValidationError (and an OperationError without validation); nothing is written', async () => {
    const ghost = new CAuthor({ name: 'ghost' });
    const err = await new CBook({ title: 't', author: ghost }).save().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.code)).toContain('unsaved_reference');
    await expect(new CBook({ title: 't', author: ghost }).save({ validate: false })).rejects.toThrow(
      OperationError,
    );
    expect(await getDb().collection('cs_books').countDocuments()).toBe(0);
    expect(await getDb().collection('cs_authors').countDocuments()).toBe(0);
  });
});
