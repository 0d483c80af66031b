import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Document,
  SignalError,
  ValidationError,
  connect,
  disconnectAll,
  disconnectAllSignals,
  getDb,
  hasDocumentHooks,
  signals,
} from '../../src/index.js';
import { IntField } from '../../src/fields/int-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';

class Entry extends Document.define(
  {
    title: new StringField({ required: true }),
    slug: new StringField(),
    version: new IntField({ default: 0 }),
  },
  { collection: 'entries', allowInheritance: true },
) {}
class NewsEntry extends Entry.define({ source: new StringField() }) {
  static {
    this.register();
  }
}
class Other extends Document.define({ name: new StringField() }, { collection: 'others' }) {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('signals')));
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  await getDb().collection('entries').deleteMany({});
  await getDb().collection('others').deleteMany({});
});
afterEach(() => disconnectAllSignals());

const storedEntries = () =>
  getDb()
    .collection('entries')
    .find({}, { projection: { _id: 0, _cls: 0 } })
    .toArray();

describe('save signals', () => {
  it('awaits async handlers one after another, in connection order, before the write', async () => {
    const log: string[] = [];
    signals.preSave.connect(async ({ document }) => {
      log.push(`a:start:${document.title}`);
      await sleep(15);
      log.push('a:end');
    });
    signals.preSave.connect(async () => {
      log.push('b:start');
      await sleep(1);
      log.push('b:end');
    });
    signals.postSave.connect(async ({ document }) => {
      const inDb = await getDb().collection('entries').countDocuments({ _id: document.id });
      log.push(`post:inDb=${inDb}`);
    });
    await new Entry({ title: 'one' }).save();
    expect(log).toEqual(['a:start:one', 'a:end', 'b:start', 'b:end', 'post:inDb=1']);
  });

  it('a throwing pre-save handler aborts the save with nothing written', async () => {
    const boom = new Error('no saves today');
    signals.preSave.connect(async () => {
      await sleep(1);
      throw boom;
    });
    let postCalls = 0;
    signals.postSave.connect(() => {
      postCalls++;
    });
    await expect(new Entry({ title: 'never' }).save()).rejects.toBe(boom);
    expect(await storedEntries()).toEqual([]);
    expect(postCalls).toBe(0);
  });

  it('an update aborted in preSavePostValidation leaves the stored document unchanged', async () => {
    const e = await new Entry({ title: 'v1' }).save();
    signals.preSavePostValidation.connect(({ created }) => {
      if (!created) throw new Error('frozen');
    });
    e.title = 'v2';
    await expect(e.save()).rejects.toThrow('frozen');
    expect(await storedEntries()).toEqual([{ title: 'v1', version: 0 }]);
  });

  it('postSave (and preSavePostValidation) see created correctly', async () => {
    const seen: [string, boolean][] = [];
    signals.preSavePostValidation.connect(({ created }) => {
      seen.push(['ppv', created]);
    });
    signals.postSave.connect(({ created }) => {
      seen.push(['post', created]);
    });
    const e = await new Entry({ title: 'c' }).save();
    e.title = 'd';
    await e.save();
    const loaded = (await Entry.objects().first())!;
    loaded.version = 4;
    await loaded.save();
    expect(seen).toEqual([
      ['ppv', true],
      ['post', true],
      ['ppv', false],
      ['post', false],
      ['ppv', false],
      ['post', false],
    ]);
  });

  it('a preSave handler may change the document before validation and the write', async () => {
    signals.preSave.connect(
      ({ document }) => {
        document.slug = document.title.toLowerCase().replace(/\s+/g, '-');
      },
      { sender: Entry },
    );
    await new Entry({ title: 'Hello World' }).save();
    expect(await storedEntries()).toEqual([{ title: 'Hello World', slug: 'hello-world', version: 0 }]);
  });

  it('validation still runs after preSave: an invalid document is not written', async () => {
    let post = 0;
    signals.postSave.connect(() => {
      post++;
    });
    await expect(new Entry({} as never).save()).rejects.toBeInstanceOf(ValidationError);
    expect(post).toBe(0);
  });

  it('passes signalKwargs through to every save and delete signal', async () => {
    const kw: unknown[] = [];
    signals.preSave.connect(({ signalKwargs }) => {
      kw.push(signalKwargs);
    });
    signals.postSave.connect(({ signalKwargs }) => {
      kw.push(signalKwargs);
    });
    signals.postDelete.connect(({ signalKwargs }) => {
      kw.push(signalKwargs);
    });
    const e = await new Entry({ title: 'k' }).save({ signalKwargs: { by: 'ada' } });
    await e.delete({ signalKwargs: { reason: 'spam' } });
    await new Entry({ title: 'none' }).save();
    expect(kw).toEqual([{ by: 'ada' }, { by: 'ada' }, { reason: 'spam' }, {}, {}]);
  });
});

describe('sender filtering and connect/disconnect', () => {
  it('a sender receives only its own class; includeSubclasses extends to subclasses', async () => {
    const exact: string[] = [];
    const withSubs: string[] = [];
    const all: string[] = [];
    signals.postSave.connect(({ sender }) => void exact.push(sender.name), { sender: Entry });
    signals.postSave.connect(({ sender }) => void withSubs.push(sender.name), {
      sender: Entry,
      includeSubclasses: true,
    });
    signals.postSave.connect(({ sender }) => void all.push(sender.name));
    await new Entry({ title: 'e' }).save();
    await new NewsEntry({ title: 'n', source: 'wire' }).save();
    await new Other({ name: 'o' }).save();
    expect(exact).toEqual(['Entry']);
    expect(withSubs).toEqual(['Entry', 'NewsEntry']);
    expect(all).toEqual(['Entry', 'NewsEntry', 'Other']);
  });

  it('disconnect stops a handler; with no receivers the hook seam is empty again', async () => {
    const calls: string[] = [];
    const handler = ({ document }: { document: Entry }) => void calls.push(document.title);
    expect(hasDocumentHooks('preDelete')).toBe(false);
    const off = signals.preDelete.connect(handler, { sender: Entry });
    expect(hasDocumentHooks('preDelete')).toBe(true);
    const e = await new Entry({ title: 'x' }).save();
    await e.delete();
    off();
    expect(hasDocumentHooks('preDelete')).toBe(false);
    const f = await new Entry({ title: 'y' }).save();
    await f.delete();
    expect(calls).toEqual(['x']);
    signals.preDelete.connect(handler, { sender: Entry });
    expect(signals.preDelete.disconnect(handler)).toBe(true);
    expect(signals.preDelete.hasReceivers()).toBe(false);
  });
});

describe('delete, bulk insert and init signals', () => {
  it('preDelete aborts the delete; postDelete runs after it', async () => {
    const e = await new Entry({ title: 'keep' }).save();
    const off = signals.preDelete.connect(() => {
      throw new Error('protected');
    });
    await expect(e.delete()).rejects.toThrow('protected');
    expect((await storedEntries()).length).toBe(1);
    off();
    let after = -1;
    signals.postDelete.connect(async () => {
      after = await getDb().collection('entries').countDocuments();
    });
    await e.delete();
    expect(after).toBe(0);
  });

  it('QuerySet.delete() fires per-document delete signals when receivers exist', async () => {
    await new Entry({ title: 'a' }).save();
    await new Entry({ title: 'b' }).save();
    const deleted: string[] = [];
    signals.postDelete.connect(({ document }) => void deleted.push(document.title), { sender: Entry });
    await Entry.objects().delete();
    expect(deleted.sort()).toEqual(['a', 'b']);
    expect(await storedEntries()).toEqual([]);
  });

  it('bulk insert signals see the documents, ids filled after', async () => {
    const seen: string[] = [];
    signals.preBulkInsert.connect(({ documents }) => {
      seen.push(`pre:${documents.length}:${documents.every((d) => d.id === undefined)}`);
    });
    signals.postBulkInsert.connect(({ documents, loaded }) => {
      seen.push(`post:${documents.length}:${documents.every((d) => d.id !== undefined)}:${loaded}`);
    });
    await Entry.objects().insert([new Entry({ title: 'p' }), new Entry({ title: 'q' })]);
    expect(seen).toEqual(['pre:2:true', 'post:2:true:true']);
  });

  it('preInit may change the values; postInit sees the built document, for new and loaded ones', async () => {
    const seen: string[] = [];
    signals.preInit.connect(
      ({ values, loaded }) => {
        if (!loaded && typeof values['title'] === 'string') values['title'] = values['title'].trim();
      },
      { sender: Entry },
    );
    signals.postInit.connect(({ document, loaded }) => void seen.push(`${document.title}:${loaded}`), {
      sender: Entry,
    });
    const input = { title: '  spaced  ' };
    const e = new Entry(input);
    expect(e.title).toBe('spaced');
    expect(input.title).toBe('  spaced  ');
    await e.save();
    await Entry.objects().first();
    expect(seen).toEqual(['spaced:false', 'spaced:true']);
  });

  it('an async init handler is refused (constructors are synchronous)', () => {
    signals.postInit.connect((async () => {}) as unknown as () => void);
    expect(() => new Entry({ title: 't' })).toThrow(SignalError);
  });
});
